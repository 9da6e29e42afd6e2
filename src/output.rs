//! Staged, atomic, deterministic writes of the built site.
//!
//! Everything is written into a staging folder beside the output and swapped in only when all
//! of it succeeded, so a failed build leaves the previous output exactly as it was. Files whose
//! bytes did not change are hard-linked from the previous output instead of written again, so a
//! rebuild after a small edit writes few files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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

/// The whole built site: output-relative paths (with `/`) to files, in a fixed order.
#[derive(Debug, Default)]
pub struct OutputTree {
    /// The files.
    pub files: BTreeMap<String, OutputFile>,
}

impl OutputTree {
    /// Adds a file; two producers writing the same path is an error naming both.
    pub fn add(&mut self, path: String, file: OutputFile) -> Result<(), Diagnostic> {
        if let Some(existing) = self.files.get(&path) {
            return Err(Diagnostic::error(format!(
                "hai nội dung cùng ghi ra tệp {path}: {} và {}",
                existing.producer.display(),
                file.producer.display()
            ))
            .in_file(&file.producer)
            .with_hint("đổi `slug`, `path` hoặc `aliases` của một trong hai trang cho khác nhau"));
        }
        self.files.insert(path, file);
        Ok(())
    }
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

/// Writes `tree` to `out_dir` atomically; on error the previous output is untouched.
pub fn write_atomically(tree: &OutputTree, out_dir: &Path) -> Result<WriteReport, Diagnostic> {
    let staging = sibling(out_dir, "staging");
    let old = sibling(out_dir, "old");
    if let Some(parent) = out_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error("không tạo được thư mục", parent, e))?;
    }
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(|e| io_error("không xóa được thư mục tạm cũ", leftover, e))?;
        }
    }
    let result = stage(tree, out_dir, &staging);
    let report = match result {
        Ok(r) => r,
        Err(d) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(d);
        }
    };
    if out_dir.exists() {
        std::fs::rename(out_dir, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io_error("không thay được thư mục đầu ra", out_dir, e)
        })?;
        if let Err(e) = std::fs::rename(&staging, out_dir) {
            let _ = std::fs::rename(&old, out_dir);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io_error("không thay được thư mục đầu ra", out_dir, e));
        }
        // The new output is in place; failing to delete the old copy loses nothing.
        remove_tree(&old);
    } else {
        std::fs::rename(&staging, out_dir).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io_error("không tạo được thư mục đầu ra", out_dir, e)
        })?;
    }
    Ok(report)
}

/// Deletes a folder tree, its top-level entries in parallel (deletion is metadata-bound).
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn stage(tree: &OutputTree, previous: &Path, staging: &Path) -> Result<WriteReport, Diagnostic> {
    std::fs::create_dir_all(staging).map_err(|e| io_error("không tạo được thư mục", staging, e))?;
    let dirs: BTreeSet<&str> = tree
        .files
        .keys()
        .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
        .collect();
    // Directory creation is metadata-bound: done in parallel (create_dir_all tolerates races).
    dirs.par_iter()
        .map(|d| {
            let dir = staging.join(d);
            std::fs::create_dir_all(&dir).map_err(|e| io_error("không tạo được thư mục", &dir, e))
        })
        .collect::<Result<Vec<()>, Diagnostic>>()?;
    let written = AtomicUsize::new(0);
    let bytes_written = AtomicU64::new(0);
    tree.files
        .par_iter()
        .map(|(rel, file)| {
            let target = staging.join(rel);
            let prev = previous.join(rel);
            let bytes = match &file.content {
                Content::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
                Content::Source(src) => std::borrow::Cow::Owned(
                    src.read()
                        .map_err(|e| io_error("không đọc được", &file.producer, e))?,
                ),
            };
            if same_bytes(&prev, &bytes) && std::fs::hard_link(&prev, &target).is_ok() {
                return Ok(());
            }
            std::fs::write(&target, &bytes).map_err(|e| io_error("không ghi được", &target, e))?;
            written.fetch_add(1, Ordering::Relaxed);
            bytes_written.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            Ok(())
        })
        .collect::<Result<Vec<()>, Diagnostic>>()?;
    let written = written.into_inner();
    Ok(WriteReport {
        files: tree.files.len(),
        written,
        unchanged: tree.files.len() - written,
        bytes_written: bytes_written.into_inner(),
    })
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

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        let mut t = OutputTree::default();
        for (p, c) in files {
            t.add(
                p.to_string(),
                OutputFile {
                    content: Content::Bytes(c.as_bytes().to_vec()),
                    producer: PathBuf::from("x"),
                },
            )
            .unwrap();
        }
        t
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
        let r =
            write_atomically(&tree(&[("index.html", "a"), ("x/index.html", "b")]), &out).unwrap();
        assert_eq!((r.files, r.written), (2, 2));
        let r =
            write_atomically(&tree(&[("index.html", "a"), ("x/index.html", "c")]), &out).unwrap();
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
    fn collisions_name_both_producers() {
        let mut t = tree(&[("a/index.html", "1")]);
        let err = t
            .add(
                "a/index.html".into(),
                OutputFile {
                    content: Content::Bytes(vec![]),
                    producer: PathBuf::from("content/b.md"),
                },
            )
            .unwrap_err();
        assert!(err.message.contains("x và content/b.md"));
    }
}
