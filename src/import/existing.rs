//! The procedure files already on the site, found by their code before an import changes
//! anything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::input::front_matter::{self, Format};
use crate::procedure::keys;
use crate::procedure::record::Status;

/// A procedure file already on the site.
pub(super) struct Existing {
    /// Where it is, on disk.
    pub(super) path: PathBuf,
    /// Where it is, relative to the site root, for messages.
    pub(super) display: PathBuf,
    /// Its whole text.
    pub(super) text: String,
    /// Its `field`, to move the file when an import files the procedure under another one.
    pub(super) field: Option<String>,
    /// Its title, for the report and the history.
    pub(super) name: String,
    /// Whether it is already marked abolished.
    pub(super) withdrawn: bool,
}

/// Every procedure file under `content/`, by code.
pub(super) fn scan(
    root: &Path,
    content: &Path,
) -> Result<HashMap<String, Existing>, Vec<Diagnostic>> {
    let mut found: HashMap<String, Existing> = HashMap::new();
    let mut errors = Vec::new();
    if !content.is_dir() {
        return Ok(found);
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    paths.sort();
    // Read and parsed in parallel; codes are then taken in path order, so which of two files
    // with one code is "the first" does not depend on scheduling.
    let read: Vec<Option<Result<(String, Existing), Diagnostic>>> = paths
        .into_par_iter()
        .map(|path| read_existing(root, path))
        .collect();
    for item in read.into_iter().flatten() {
        let (code, file) = match item {
            Ok(x) => x,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        if let Some(first) = found.get(&code) {
            errors.push(
                Diagnostic::error(format!(
                    "mã thủ tục \"{code}\" trùng với tệp {}",
                    first.display.display()
                ))
                .in_file(&file.display)
                .with_hint("mỗi thủ tục chỉ có một tệp; xóa hoặc sửa một trong hai rồi nhập lại"),
            );
            continue;
        }
        found.insert(code, file);
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// The procedure file at `path` with its code, `None` when it is not a procedure file, or the
/// error that its front matter cannot be read.
fn read_existing(root: &Path, path: PathBuf) -> Option<Result<(String, Existing), Diagnostic>> {
    let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let text = std::fs::read_to_string(&path).ok()?;
    let split = front_matter::split(&text).ok()?;
    if !split.front.contains(keys::TABLE) {
        return None;
    }
    let parsed = match split.format {
        Format::Toml => toml::from_str(split.front).map_err(|e| e.message().to_string()),
        // Found so that an import never creates a second file for its code; merging into it
        // is refused with an explanation (see `front_range`).
        Format::Yaml => crate::input::toml_doc::TomlDoc::from_yaml(split.front, &display, 2)
            .map(|(_, t)| t)
            .map_err(|e| e.first().map(|d| d.message.clone()).unwrap_or_default()),
    };
    let table: toml::Table = match parsed {
        Ok(t) => t,
        Err(e) => {
            // The build reports the same error with its line; stop before changing anything.
            return Some(Err(Diagnostic::error(format!(
                "phần đầu của tệp có lỗi cú pháp, không nhập vào tệp này được: {e}"
            ))
            .in_file(&display)
            .with_hint(
                "chạy niemyet check để xem lỗi ở dòng nào, sửa rồi nhập lại",
            )));
        }
    };
    let procedure = table.get(keys::TABLE)?;
    let code = procedure.get(keys::CODE.name)?.as_str()?.to_string();
    let field = procedure
        .get(keys::FIELD.name)
        .and_then(toml::Value::as_str)
        .map(str::to_string);
    let withdrawn = procedure
        .get(keys::STATUS.name)
        .and_then(toml::Value::as_str)
        .is_some_and(|s| s == Status::Withdrawn.name());
    let name = table
        .get(keys::NAME.front)
        .and_then(toml::Value::as_str)
        .unwrap_or(&code)
        .to_string();
    Some(Ok((
        code,
        Existing {
            path,
            display,
            text,
            field,
            name,
            withdrawn,
        },
    )))
}
