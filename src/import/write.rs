//! Carrying out a plan on disk: moves first, then each file written whole.

use std::path::PathBuf;

use super::plan::Plan;
use crate::diagnostics::Diagnostic;

/// A file to write: its path and its whole new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// Where, on disk.
    pub path: PathBuf,
    /// The complete new content.
    pub text: String,
}

/// A procedure file or bundle moved to the folder of its new field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Where it is, on disk.
    pub from: PathBuf,
    /// Where it goes.
    pub to: PathBuf,
}

/// Writes the planned files. Each file is written beside itself and renamed into place, so an
/// interrupted import never leaves a half-written procedure file.
pub fn apply(plan: &Plan) -> Result<(), Diagnostic> {
    for m in &plan.moves {
        let fail = |e: std::io::Error| {
            Diagnostic::error(format!("không chuyển được sang {}: {e}", m.to.display()))
                .in_file(&m.from)
                .with_hint("kiểm tra quyền ghi vào thư mục content/ rồi nhập lại")
        };
        if let Some(dir) = m.to.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        std::fs::rename(&m.from, &m.to).map_err(fail)?;
    }
    for w in &plan.writes {
        let fail = |e: std::io::Error| {
            Diagnostic::error(format!("không ghi được tệp: {e}"))
                .in_file(&w.path)
                .with_hint("kiểm tra quyền ghi vào thư mục content/ rồi nhập lại")
        };
        if let Some(dir) = w.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut tmp = w.path.clone().into_os_string();
        tmp.push(".niemyet-tmp");
        std::fs::write(&tmp, &w.text).map_err(fail)?;
        std::fs::rename(&tmp, &w.path).map_err(fail)?;
    }
    Ok(())
}
