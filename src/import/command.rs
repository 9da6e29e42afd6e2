//! `niemyet import FILE`: read, plan, report, and write unless it is a dry run.

use std::path::Path;

use chrono::NaiveDate;

use super::merge::{self, Plan, PlanOptions};
use super::select::Selection;
use super::source::read_source;
use crate::diagnostics::Diagnostic;

/// Largest import file accepted; national exports of a whole province are a few MB.
const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// What the editor asked for.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Show the report, write nothing.
    pub dry_run: bool,
    /// Mark procedures missing from the file as withdrawn.
    pub withdraw_missing: bool,
    /// Import only these fields and codes (`--field`, `--codes`); empty for everything.
    pub selection: Selection,
    /// The day the history records for this import; today in Vietnam (or the day of
    /// `SOURCE_DATE_EPOCH`) when not given, as for a build.
    pub today: Option<NaiveDate>,
}

/// Imports `file` into the site at `root`. Returns the plan (with its report) once written, or
/// every error; on error nothing has been written.
pub fn import(root: &Path, file: &Path, opts: &ImportOptions) -> Result<Plan, Vec<Diagnostic>> {
    if !root.join("config.toml").is_file() {
        return Err(vec![Diagnostic::error(format!(
            "không thấy config.toml trong {}",
            root.display()
        ))
        .with_hint(
            "chạy lệnh trong thư mục của trang, hoặc dùng --root <thư mục trang>",
        )]);
    }
    let unreadable = |e: std::io::Error| {
        vec![Diagnostic::error(format!("không đọc được tệp nhập: {e}"))
            .in_file(file)
            .with_hint("kiểm tra tên và đường dẫn của tệp")]
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_BYTES {
        return Err(vec![Diagnostic::error(format!(
            "tệp nhập quá lớn ({} MB, tối đa {} MB)",
            size / 1024 / 1024,
            MAX_BYTES / 1024 / 1024
        ))
        .in_file(file)
        .with_hint("tách thành nhiều tệp nhỏ hơn, mỗi tệp vài lĩnh vực")]);
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let (kind, source) = read_source(file, &bytes)?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let plan_opts = PlanOptions {
        source_name: &name,
        kind,
        selection: &opts.selection,
        withdraw_missing: opts.withdraw_missing,
        today: opts
            .today
            .unwrap_or_else(crate::disclosure::calendar::today),
    };
    let mut plan = merge::plan(root, source, &plan_opts)?;
    plan.report.dry_run = opts.dry_run;
    if !opts.dry_run {
        merge::apply(&plan).map_err(|d| vec![d])?;
    }
    Ok(plan)
}
