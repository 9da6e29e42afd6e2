//! Staged, atomic, deterministic writes of the built site.
//!
//! Everything is written into a staging folder beside the output and swapped in only when all
//! of it succeeded, so a failed build leaves the previous output exactly as it was. Files whose
//! bytes did not change are hard-linked from the previous output instead of written again, so a
//! rebuild after a small edit writes few files.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::theme::Source;

/// The bytes of one output file.
#[derive(Debug, Clone)]
pub enum Content {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Copied from a static file.
    Source(Source),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Content.
    pub content: Content,
    /// What produced it (for collision messages).
    pub producer: PathBuf,
}

/// What a write did, in figures.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    /// Files in the output.
    pub files: usize,
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files kept from the previous output (hard-linked, not rewritten).
    pub unchanged: usize,
    /// Bytes written.
    pub bytes_written: u64,
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what} {}: {e}", path.display()))
        .with_hint("kiểm tra quyền ghi và dung lượng đĩa; bản cũ của thư mục đầu ra vẫn còn nguyên")
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
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
struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    /// Whether there is a previous output to keep unchanged files from.
    has_previous: bool,
}

/// Where rendered files go, as they are rendered: each path is claimed once (two producers
/// of one path is an error naming both) and, when building, written into a staging folder
/// that replaces the output only when the whole build succeeded. Rendered files are not held
/// in memory, and writing overlaps rendering.
pub struct Output {
    claimed: Mutex<HashMap<String, PathBuf>>,
    staging: Option<Staging>,
    written: AtomicUsize,
    bytes_written: AtomicU64,
}

impl Output {
    /// Claims paths and writes nothing (`niemyet check`).
    pub fn dry() -> Self {
        Output {
            claimed: Mutex::default(),
            staging: None,
            written: AtomicUsize::new(0),
            bytes_written: AtomicU64::new(0),
        }
    }

    /// Starts a build that will replace `out_dir`: an empty staging folder beside it.
    pub fn staged(out_dir: &Path) -> Result<Self, Diagnostic> {
        let dir = sibling(out_dir, "staging");
        if let Some(parent) = out_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("không tạo được thư mục", parent, e))?;
        }
        for leftover in [&dir, &sibling(out_dir, "old")] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)
                    .map_err(|e| io_error("không xóa được thư mục tạm cũ", leftover, e))?;
            }
        }
        std::fs::create_dir_all(&dir).map_err(|e| io_error("không tạo được thư mục", &dir, e))?;
        let mut out = Output::dry();
        out.staging = Some(Staging {
            out_dir: out_dir.to_path_buf(),
            dir,
            has_previous: out_dir.is_dir(),
        });
        Ok(out)
    }

    /// The producer that claimed `path`, if any.
    pub fn claimed_by(&self, path: &str) -> Option<PathBuf> {
        self.claimed.lock().ok()?.get(path).cloned()
    }

    /// Files claimed so far.
    pub fn files(&self) -> usize {
        self.claimed.lock().map_or(0, |c| c.len())
    }

    /// Claims `path` for `file` and writes it.
    pub fn put(&self, path: &str, file: OutputFile) -> Result<(), Diagnostic> {
        {
            let mut claimed = self.claimed.lock().map_err(|_| {
                Diagnostic::error("lỗi nội bộ: một luồng dựng trang bị dừng giữa chừng")
            })?;
            if let Some(existing) = claimed.get(path) {
                // Sorted, so the message does not depend on which thread came first.
                let mut both = [
                    existing.display().to_string(),
                    file.producer.display().to_string(),
                ];
                both.sort();
                return Err(Diagnostic::error(format!(
                    "hai nội dung cùng ghi ra tệp {path}: {} và {}",
                    both[0], both[1]
                ))
                .in_file(&file.producer)
                .with_hint(
                    "đổi `slug`, `path` hoặc `aliases` của một trong hai trang cho khác nhau",
                ));
            }
            claimed.insert(path.to_string(), file.producer.clone());
        }
        let Some(staging) = &self.staging else {
            return Ok(());
        };
        let bytes = match &file.content {
            Content::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Content::Source(src) => std::borrow::Cow::Owned(
                src.read()
                    .map_err(|e| io_error("không đọc được", &file.producer, e))?,
            ),
        };
        let target = staging.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("không tạo được thư mục", parent, e))?;
        }
        if staging.has_previous {
            let prev = staging.out_dir.join(path);
            if same_bytes(&prev, &bytes) && std::fs::hard_link(&prev, &target).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&target, &bytes).map_err(|e| io_error("không ghi được", &target, e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        self.bytes_written
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
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
            let _ = std::fs::remove_dir_all(&dir);
            io_error(what, &out_dir, e)
        };
        if out_dir.exists() {
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
            let _ = std::fs::remove_dir_all(&s.dir);
        }
    }
}

/// Deletes a folder tree, the entries of every folder in parallel: deletion is bound by
/// metadata work in the kernel, and one folder (tags/) can hold most of a site.
fn remove_tree(dir: &Path) {
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

/// Maps a URL path ("/a/b/", "/a.html", "/") to an output file ("a/b/index.html", ...).
pub fn file_for_url_path(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() {
        "index.html".to_string()
    } else if p.ends_with('/') {
        format!("{p}index.html")
    } else if p.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        p.to_string()
    } else {
        format!("{p}/index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str, producer: &str) -> OutputFile {
        OutputFile {
            content: Content::Bytes(text.as_bytes().to_vec()),
            producer: PathBuf::from(producer),
        }
    }

    fn build(out: &Path, files: &[(&str, &str)]) -> WriteReport {
        let o = Output::staged(out).unwrap();
        for (p, c) in files {
            o.put(p, file(c, "x")).unwrap();
        }
        o.commit().unwrap()
    }

    #[test]
    fn url_paths_map_to_files() {
        assert_eq!(file_for_url_path("/"), "index.html");
        assert_eq!(file_for_url_path("/a/b/"), "a/b/index.html");
        assert_eq!(file_for_url_path("/a.html"), "a.html");
        assert_eq!(file_for_url_path("/a"), "a/index.html");
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

    #[test]
    fn collisions_name_both_producers() {
        let o = Output::dry();
        o.put("a/index.html", file("1", "content/x.md")).unwrap();
        let err = o
            .put("a/index.html", file("2", "content/b.md"))
            .unwrap_err();
        assert!(
            err.message.contains("content/b.md và content/x.md"),
            "{}",
            err.message
        );
    }
}
