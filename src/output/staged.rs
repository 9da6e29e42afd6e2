//! The staged, atomic writer: a build writes into a staging folder beside the output, which
//! replaces the output only once the whole build succeeded, so a failed build leaves the
//! previous output exactly as it was. Files whose bytes did not change are hard-linked from the
//! previous output instead of written again, so a rebuild after a small edit writes few files.
//!
//! Links in and at the output are never followed when deleting or keeping files: what a link
//! points to is not the site's.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{io_error, Output, WriteReport};
use crate::diagnostics::Diagnostic;

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            let mut buf = Vec::with_capacity(bytes.len());
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut buf))
                .is_ok()
                && buf == bytes
        }
        _ => false,
    }
}

fn sibling(out_dir: &Path, tag: &str) -> PathBuf {
    let name = out_dir.file_name().map_or_else(
        || "public".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    out_dir.with_file_name(format!(".{name}.niemyet-{tag}"))
}

/// The staging folder a build writes into, beside the output it replaces.
pub(super) struct Staging {
    /// The real folder replaced: the output folder, or the folder it links to.
    out_dir: PathBuf,
    dir: PathBuf,
    /// The regular files of the previous output, reached without following a link: only
    /// these may be kept (hard-linked) rather than written again, so that a link someone put
    /// in the output never brings an outside file into the site.
    previous: HashSet<String>,
}

impl Staging {
    /// Writes `bytes` at output path `path`, or hard-links the previous output's file when it
    /// holds the same bytes; whether it wrote, for the report.
    pub(super) fn write(&self, path: &str, bytes: &[u8]) -> Result<bool, Diagnostic> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("không tạo được thư mục", parent, e))?;
        }
        if self.previous.contains(path) {
            let prev = self.out_dir.join(path);
            if same_bytes(&prev, bytes) && std::fs::hard_link(&prev, &target).is_ok() {
                return Ok(false);
            }
        }
        std::fs::write(&target, bytes).map_err(|e| io_error("không ghi được", &target, e))?;
        Ok(true)
    }

    /// Reads back a file written (or linked) at output path `path`.
    pub(super) fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.dir.join(path))
    }
}

impl Output {
    /// Starts a build that will replace `out_dir`: an empty staging folder beside it. When
    /// `out_dir` is a link to a folder (`public -> /var/www/html`), the folder it points to
    /// is replaced and the link kept; anything else that is not a folder is refused.
    pub fn staged(out_dir: &Path) -> Result<Self, Diagnostic> {
        let out_dir = real_output_dir(out_dir)?;
        let dir = sibling(&out_dir, "staging");
        if let Some(parent) = out_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("không tạo được thư mục", parent, e))?;
        }
        for leftover in [&dir, &sibling(&out_dir, "old")] {
            // `symlink_metadata`, not `exists`: a dangling link left there is removed too.
            if leftover.symlink_metadata().is_ok() {
                remove_tree(leftover);
                if leftover.symlink_metadata().is_ok() {
                    return Err(io_error(
                        "không xóa được thư mục tạm cũ",
                        leftover,
                        std::io::Error::from(std::io::ErrorKind::PermissionDenied),
                    ));
                }
            }
        }
        std::fs::create_dir_all(&dir).map_err(|e| io_error("không tạo được thư mục", &dir, e))?;
        let mut out = Output::dry();
        out.staging = Some(Staging {
            previous: regular_files(&out_dir),
            out_dir,
            dir,
        });
        Ok(out)
    }

    /// Puts the staged build in place of the output; the previous output is deleted only
    /// once the new one is in place.
    pub fn commit(mut self) -> Result<WriteReport, Diagnostic> {
        let files = self.files();
        let written = *self.written.get_mut();
        let report = WriteReport {
            files,
            written,
            unchanged: files - written,
            bytes_written: *self.bytes_written.get_mut(),
        };
        let Some(Staging { out_dir, dir, .. }) = self.staging.take() else {
            return Ok(report);
        };
        let discard = |e: std::io::Error, what: &str| {
            remove_tree(&dir);
            io_error(what, &out_dir, e)
        };
        if out_dir.symlink_metadata().is_ok() {
            let old = sibling(&out_dir, "old");
            std::fs::rename(&out_dir, &old)
                .map_err(|e| discard(e, "không thay được thư mục đầu ra"))?;
            if let Err(e) = std::fs::rename(&dir, &out_dir) {
                let _ = std::fs::rename(&old, &out_dir);
                return Err(discard(e, "không thay được thư mục đầu ra"));
            }
            // The new output is in place; failing to delete the old copy loses nothing.
            remove_tree(&old);
        } else {
            std::fs::rename(&dir, &out_dir)
                .map_err(|e| discard(e, "không tạo được thư mục đầu ra"))?;
        }
        Ok(report)
    }
}

impl Drop for Output {
    /// A build that is not committed (an error, a panic) leaves only the previous output.
    fn drop(&mut self) {
        if let Some(s) = &self.staging {
            remove_tree(&s.dir);
        }
    }
}

/// The folder a build replaces for output folder `out_dir`: itself, or the folder it links
/// to. Refuses a path that is a file or a link to anything but a folder, whose replacement
/// would turn a source file into the site.
fn real_output_dir(out_dir: &Path) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "không thể dùng {} làm thư mục đầu ra: {why}",
            out_dir.display()
        ))
        .with_hint("chọn một thư mục riêng cho trang web, ví dụ --output-dir public"))
    };
    let Ok(meta) = out_dir.symlink_metadata() else {
        return Ok(out_dir.to_path_buf());
    };
    if meta.is_dir() {
        return Ok(out_dir.to_path_buf());
    }
    if !meta.file_type().is_symlink() {
        return refuse("đó là một tệp, không phải thư mục".into());
    }
    match out_dir.canonicalize() {
        Ok(target) if target.is_dir() => Ok(target),
        Ok(target) => refuse(format!(
            "đó là liên kết tới {}, không phải thư mục",
            target.display()
        )),
        Err(_) => refuse(format!(
            "đó là liên kết tới {}, nơi không có thư mục nào; tạo thư mục đó trước",
            std::fs::read_link(out_dir).unwrap_or_default().display()
        )),
    }
}

/// The regular files below `dir` as output paths, not following links.
fn regular_files(dir: &Path) -> HashSet<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Option<Vec<&str>> =
                rel.components().map(|c| c.as_os_str().to_str()).collect();
            Some(parts?.join("/"))
        })
        .collect()
}

/// Deletes a folder tree, the entries of every folder in parallel: deletion is bound by
/// metadata work in the kernel, and one folder (tags/) can hold most of a site. Links are
/// removed, never followed, the top one included: what a link points to is not the site's.
fn remove_tree(dir: &Path) {
    match dir.symlink_metadata() {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            let _ = std::fs::remove_file(dir);
            return;
        }
        Err(_) => return,
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        entries.par_iter().for_each(|(p, is_dir)| {
            if *is_dir {
                remove_tree(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::file;

    fn build(out: &Path, files: &[(&str, &str)]) -> WriteReport {
        let o = Output::staged(out).unwrap();
        for (p, c) in files {
            o.put(p, file(c, "x")).unwrap();
        }
        o.commit().unwrap()
    }

    #[test]
    fn rewrite_only_changed_files_and_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let r = build(&out, &[("index.html", "a"), ("x/index.html", "b")]);
        assert_eq!((r.files, r.written), (2, 2));
        let r = build(&out, &[("index.html", "a"), ("x/index.html", "c")]);
        assert_eq!((r.written, r.unchanged), (1, 1));
        assert_eq!(
            std::fs::read_to_string(out.join("x/index.html")).unwrap(),
            "c"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"], "no staging or old folder is left behind");
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "a")]);
        let o = Output::staged(&out).unwrap();
        o.put("index.html", file("b", "x")).unwrap();
        drop(o);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
