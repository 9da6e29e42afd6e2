//! `niemyet check`: every content and legal rule, nothing written but an optional report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use niemyet::site::{self, BuildOptions};

use super::print_grouped;

/// The arguments of `niemyet check`.
#[derive(clap::Args)]
pub struct Args {
    /// Kiểm tra cả các bài nháp
    #[arg(long)]
    drafts: bool,
    /// Coi cảnh báo cũng là lỗi (mã thoát 1 khi có cảnh báo)
    #[arg(long)]
    strict: bool,
    /// Cách in kết quả: text (cho người đọc) hoặc json (cho chương trình khác)
    #[arg(long, value_name = "DẠNG", default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Ghi thêm báo cáo HTML cho ban biên tập vào TỆP
    #[arg(long, value_name = "TỆP")]
    report: Option<PathBuf>,
}

/// Checks the site in `root`; exits 1 on an error (or a warning with `--strict`).
pub fn run(root: &Path, args: Args) -> ExitCode {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    let (findings, counts) = match site::check(&opts) {
        Ok(r) => (r.warnings, Some((r.pages, r.sections, r.files))),
        Err(d) => (d, None),
    };
    let sorted = findings.sorted();
    if args.format == "json" {
        let (pages, sections) = counts.map_or((0, 0), |(p, s, _)| (p, s));
        let json = niemyet::check::report::json(&sorted, pages, sections);
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    } else {
        print_grouped(&findings);
    }
    if let Some(path) = args.report {
        let title = std::fs::read_to_string(root.join("config.toml"))
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .and_then(|t| t.get("title").and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_else(|| root.display().to_string());
        let date =
            niemyet::disclosure::calendar::vietnamese(niemyet::disclosure::calendar::today());
        let html = niemyet::check::report::html(&sorted, &title, &date);
        if let Err(e) = std::fs::write(&path, html) {
            eprintln!("lỗi: không ghi được báo cáo {}: {e}", path.display());
            return ExitCode::from(1);
        }
        eprintln!("Đã ghi báo cáo: {}", path.display());
    }
    let (errors, warnings) = (findings.error_count(), findings.warning_count());
    let what = match counts {
        Some((pages, sections, files)) => {
            format!("{pages} trang, {sections} mục, {files} tệp đầu ra")
        }
        None => "dừng vì có lỗi".to_string(),
    };
    eprintln!("Kiểm tra xong ({what}): {errors} lỗi, {warnings} cảnh báo.");
    if errors > 0 || (args.strict && warnings > 0) {
        if errors == 0 {
            eprintln!("Có cảnh báo và đang chạy với --strict: coi như chưa đạt.");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
