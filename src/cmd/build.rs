//! `niemyet build`: the site into its output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use niemyet::site::{self, BuildOptions};

use super::print_diagnostics;

/// The arguments of `niemyet build`.
#[derive(clap::Args)]
pub struct Args {
    /// Thư mục đầu ra (mặc định: output_dir trong config.toml, tức public/)
    #[arg(short, long, value_name = "THƯ_MỤC")]
    output_dir: Option<PathBuf>,
    /// Thay base_url trong config.toml, ví dụ https://hoaphong.gov.vn
    #[arg(short = 'u', long, value_name = "ĐỊA_CHỈ")]
    base_url: Option<String>,
    /// Tạo cả các bài nháp (draft = true)
    #[arg(long)]
    drafts: bool,
    /// In thời gian của từng bước dựng trang
    #[arg(long)]
    timings: bool,
}

/// Builds the site in `root`; on failure nothing in the output changes.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let started = std::time::Instant::now();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    match site::build(&opts) {
        Ok(r) => {
            print_diagnostics(&r.warnings);
            if args.timings {
                for (phase, d) in &r.timings.phases {
                    eprintln!("  {:>8.1} ms  {phase}", d.as_secs_f64() * 1000.0);
                }
            }
            eprintln!(
                "Đã tạo {} trang, {} mục vào {} trong {} ms: {} tệp, ghi mới {} tệp, giữ nguyên {} tệp.",
                r.pages,
                r.sections,
                r.output_dir.display(),
                started.elapsed().as_millis(),
                r.write.files,
                r.write.written,
                r.write.unchanged
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&d);
            eprintln!(
                "\nCó {} lỗi và {} cảnh báo. Không có tệp nào bị thay đổi; sửa các lỗi trên rồi chạy lại.",
                d.error_count(),
                d.warning_count()
            );
            ExitCode::from(1)
        }
    }
}
