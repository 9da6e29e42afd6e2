//! Staged, atomic, deterministic writes of the built site.
//!
//! [`Output`] claims each path once and sends the file where the build wants it: into a
//! staging folder that replaces the output only when the whole build succeeded (`staged.rs`),
//! into memory for the preview server (`kept.rs`), or nowhere (`niemyet check`); on the way
//! the [`Inspector`] learns what the checks need of each HTML page (`inspect.rs`).

mod inspect;
mod kept;
mod staged;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use memchr::memmem;

pub(crate) use self::inspect::unescape;
use self::inspect::LinkCounts;
pub use self::inspect::{FileFacts, Inspection, Inspector, NeedleScope};
pub use self::kept::Kept;
use self::kept::KeptFile;
use self::staged::Staging;
use crate::diagnostics::Diagnostic;
use crate::input::files::Source;

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

/// Where rendered files go, as they are rendered: each path is claimed once (two producers
/// of one path is an error naming both) and, when building, written into a staging folder
/// that replaces the output only when the whole build succeeded. Rendered files are not held
/// in memory, and writing overlaps rendering.
pub struct Output {
    claimed: Mutex<HashMap<String, PathBuf>>,
    staging: Option<Staging>,
    written: AtomicUsize,
    bytes_written: AtomicU64,
    inspector: Option<Inspector>,
    /// The files put, when they are kept in memory rather than written (`niemyet serve`).
    memory: Option<Mutex<HashMap<String, Arc<Vec<u8>>>>>,
    /// The HTML pages put, each with whether it is marked for the search index, when one is
    /// built.
    searchable: Option<Mutex<HashMap<String, bool>>>,
    /// Files kept from a previous build in memory, waiting for the inspector and the search
    /// list to take what was learnt of them.
    kept: HashMap<String, KeptFile>,
    kept_counts: LinkCounts,
    /// A search index built while the rest of the site rendered.
    early_index: Mutex<Option<EarlyIndex>>,
}

/// A search index: the pages it took and its files (output path, bytes).
pub type IndexFiles = (usize, Vec<(String, Vec<u8>)>);

/// A search index built before every file was put, for the pages it names: valid only while
/// those are still the pages to index.
pub struct EarlyIndex {
    /// The output paths of the pages indexed, sorted.
    pub paths: Vec<String>,
    /// The pages indexed and the bundle's files (path, bytes), or why indexing failed.
    pub result: Result<IndexFiles, Diagnostic>,
}

/// The attribute that marks the part of a page the search index takes (Pagefind's).
pub const SEARCH_BODY_MARK: &[u8] = b"data-pagefind-body";

impl Output {
    /// Claims paths and writes nothing (`niemyet check`).
    pub fn dry() -> Self {
        Output {
            claimed: Mutex::default(),
            staging: None,
            written: AtomicUsize::new(0),
            bytes_written: AtomicU64::new(0),
            inspector: None,
            memory: None,
            searchable: None,
            kept: HashMap::new(),
            kept_counts: HashMap::new(),
            early_index: Mutex::default(),
        }
    }

    /// Notes, as files are put, the HTML pages for the search index.
    pub fn with_search(mut self) -> Self {
        let kept = self
            .kept
            .iter()
            .filter_map(|(p, f)| Some((p.clone(), f.marked?)))
            .collect();
        self.searchable = Some(Mutex::new(kept));
        self
    }

    /// The output paths of the pages for the search index, sorted: those marked
    /// `data-pagefind-body`, or every page when none is (Pagefind's rule: a theme that marks
    /// nothing gets its pages indexed whole); and whether they are the marked ones.
    pub fn searchable(&self) -> (Vec<String>, bool) {
        let Some(pages) = self.searchable.as_ref().and_then(|m| m.lock().ok()) else {
            return (Vec::new(), false);
        };
        let any_marked = pages.values().any(|marked| *marked);
        let mut paths: Vec<String> = pages
            .iter()
            .filter(|(_, marked)| **marked || !any_marked)
            .map(|(path, _)| path.clone())
            .collect();
        paths.sort_unstable();
        (paths, any_marked)
    }

    /// Keeps a search index built while other files were still being put.
    pub fn keep_early_index(&self, index: EarlyIndex) {
        if let Ok(mut slot) = self.early_index.lock() {
            *slot = Some(index);
        }
    }

    /// The search index kept by [`Output::keep_early_index`], once.
    pub fn take_early_index(&self) -> Option<EarlyIndex> {
        self.early_index.lock().ok()?.take()
    }

    /// Reads back a file already put, from memory or the staging folder (none when writing
    /// nothing).
    pub fn read_staged(&self, path: &str) -> Option<std::io::Result<Vec<u8>>> {
        if let Some(mem) = &self.memory {
            let files = mem.lock().ok()?;
            return Some(files.get(path).map(|b| b.to_vec()).ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, path.to_string())
            }));
        }
        let staging = self.staging.as_ref()?;
        Some(staging.read(path))
    }

    /// Gathers, as files are put, what `inspector` looks for in HTML.
    pub fn with_inspector(mut self, inspector: Inspector) -> Self {
        let facts = self
            .kept
            .iter()
            .filter_map(|(path, f)| Some((path, f.facts.as_ref()?)));
        inspector.resume(facts, std::mem::take(&mut self.kept_counts));
        self.inspector = Some(inspector);
        self
    }

    /// What the inspector gathered, once everything is put.
    pub fn inspection(&self) -> Option<Inspection> {
        let claimed = self.claimed.lock().ok()?;
        Some(self.inspector.as_ref()?.inspection(&claimed))
    }

    /// Whether a file was put at output path `path`.
    pub fn has(&self, path: &str) -> bool {
        self.claimed.lock().is_ok_and(|c| c.contains_key(path))
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
        if let Content::Bytes(b) = &file.content {
            if path.ends_with(".html") {
                if let Some(ins) = &self.inspector {
                    ins.inspect(path, b);
                }
                if let Some(found) = &self.searchable {
                    let marked = memmem::find(b, SEARCH_BODY_MARK).is_some();
                    if let Ok(mut v) = found.lock() {
                        v.insert(path.to_string(), marked);
                    }
                }
            }
        }
        if let Some(mem) = &self.memory {
            let bytes = match file.content {
                Content::Bytes(b) => b,
                Content::Source(src) => src
                    .read()
                    .map_err(|e| io_error("không đọc được", &file.producer, e))?,
            };
            if let Ok(mut files) = mem.lock() {
                files.insert(path.to_string(), Arc::new(bytes));
            }
            return Ok(());
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
        if staging.write(path, &bytes)? {
            self.written.fetch_add(1, Ordering::Relaxed);
            self.bytes_written
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        }
        Ok(())
    }
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

    pub(super) fn file(text: &str, producer: &str) -> OutputFile {
        OutputFile {
            content: Content::Bytes(text.as_bytes().to_vec()),
            producer: PathBuf::from(producer),
        }
    }

    #[test]
    fn url_paths_map_to_files() {
        assert_eq!(file_for_url_path("/"), "index.html");
        assert_eq!(file_for_url_path("/a/b/"), "a/b/index.html");
        assert_eq!(file_for_url_path("/a.html"), "a.html");
        assert_eq!(file_for_url_path("/a"), "a/index.html");
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
