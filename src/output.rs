//! Staged, atomic, deterministic writes of the built site.
//!
//! Everything is written into a staging folder beside the output and swapped in only when all
//! of it succeeded, so a failed build leaves the previous output exactly as it was. Files whose
//! bytes did not change are hard-linked from the previous output instead of written again, so a
//! rebuild after a small edit writes few files.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use memchr::memmem;
use rayon::prelude::*;

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
struct Staging {
    /// The real folder replaced: the output folder, or the folder it links to.
    out_dir: PathBuf,
    dir: PathBuf,
    /// The regular files of the previous output, reached without following a link: only
    /// these may be kept (hard-linked) rather than written again, so that a link someone put
    /// in the output never brings an outside file into the site.
    previous: HashSet<String>,
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
}

/// What a build in memory leaves for the next one (`niemyet serve`): every file, with what
/// the checks and the search index learnt of it when it was put, so that the next build can
/// keep the files it does not render again.
#[derive(Debug, Default, Clone)]
pub struct Kept {
    files: HashMap<String, KeptFile>,
    counts: LinkCounts,
}

#[derive(Debug, Clone)]
struct KeptFile {
    bytes: Arc<Vec<u8>>,
    producer: PathBuf,
    facts: Option<Arc<FileFacts>>,
    marked: Option<bool>,
}

impl Kept {
    /// Every file by output path.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<Vec<u8>>)> {
        self.files.iter().map(|(p, f)| (p, &f.bytes))
    }

    /// The file at output path `path`.
    pub fn get(&self, path: &str) -> Option<&Arc<Vec<u8>>> {
        self.files.get(path).map(|f| &f.bytes)
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Moves the files `take` says yes to into a `Kept` of their own.
    pub fn split_off(&mut self, mut take: impl FnMut(&str) -> bool) -> Kept {
        let paths: Vec<String> = self.files.keys().filter(|p| take(p)).cloned().collect();
        let mut taken = Kept::default();
        for path in paths {
            if let Some(file) = self.files.remove(&path) {
                if let Some(facts) = &file.facts {
                    uncount_links(&mut self.counts, facts);
                    count_links(&mut taken.counts, facts);
                }
                taken.files.insert(path, file);
            }
        }
        taken
    }

    /// Drops the files `drop` says yes to: they will be rendered again.
    pub fn release(&mut self, mut drop: impl FnMut(&str) -> bool) {
        let counts = &mut self.counts;
        self.files.retain(|path, file| {
            let gone = drop(path);
            if let (true, Some(facts)) = (gone, &file.facts) {
                uncount_links(counts, facts);
            }
            !gone
        });
    }
}

/// The attribute that marks the part of a page the search index takes (Pagefind's).
pub const SEARCH_BODY_MARK: &[u8] = b"data-pagefind-body";

/// What the checks need to know of the rendered HTML, gathered as each page is put: the
/// internal addresses it links to, and which of some texts (the feedback contact, say) it
/// shows. Pages are not kept: only these facts are.
pub struct Inspector {
    base_url: String,
    /// The files the needles are looked for in.
    scope: NeedleScope,
    /// Find the attributes whose values are addresses.
    links: [memmem::Finder<'static>; 2],
    /// Find each needle.
    finders: Vec<memmem::Finder<'static>>,
    /// What each HTML file showed, by output path: kept per file so that a rebuild in memory
    /// can replace the facts of the files it renders again and keep the others'.
    state: Mutex<InspectorState>,
}

#[derive(Debug, Default)]
struct InspectorState {
    facts: HashMap<String, Arc<FileFacts>>,
    /// How many files link to each target, kept up to date as files come and go, so that a
    /// rebuild does not count every link of the site again.
    counts: LinkCounts,
}

/// Files linking to each internal target.
type LinkCounts = HashMap<String, usize>;

fn count_links(counts: &mut LinkCounts, facts: &FileFacts) {
    for t in &facts.targets {
        // Most targets (the menu, the stylesheet) are linked from every page: look them up
        // before copying their name.
        match counts.get_mut(t) {
            Some(n) => *n += 1,
            None => {
                counts.insert(t.clone(), 1);
            }
        }
    }
}

fn uncount_links(counts: &mut LinkCounts, facts: &FileFacts) {
    for t in &facts.targets {
        if let Some(n) = counts.get_mut(t) {
            *n -= 1;
            if *n == 0 {
                counts.remove(t);
            }
        }
    }
}

/// Whether the output answers a link to `target`: the file itself, or a folder's index page.
fn answers(claimed: &HashMap<String, PathBuf>, target: &str) -> bool {
    claimed.contains_key(target)
        || claimed.contains_key(&format!("{target}/index.html"))
        || target
            .strip_suffix("/index.html")
            .is_some_and(|t| claimed.contains_key(t))
}

/// What one HTML file showed the [`Inspector`].
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Internal targets it links to, sorted, once each.
    targets: Vec<String>,
    /// Which needles it contains, when it is in scope.
    found: Option<Vec<bool>>,
}

/// The HTML files an [`Inspector`] looks for its needles in: some paths, and everything under
/// some folders.
#[derive(Debug, Default)]
pub struct NeedleScope {
    /// Output paths ("thu-tuc/a/index.html").
    pub paths: std::collections::HashSet<String>,
    /// Folder prefixes ("ban-in/").
    pub prefixes: Vec<String>,
}

impl NeedleScope {
    fn covers(&self, path: &str) -> bool {
        self.paths.contains(path) || self.prefixes.iter().any(|p| path.starts_with(p.as_str()))
    }
}

/// The facts an [`Inspector`] gathered.
#[derive(Debug, Default)]
pub struct Inspection {
    /// Each internal target (an output path such as "tin-tuc/a/index.html", or as linked when
    /// it names no file) that no output file answers, with the pages linking to it: how many,
    /// and the first few in path order.
    pub broken: HashMap<String, (usize, Vec<String>)>,
    /// For each HTML file in scope, which needles it contains, in the order given.
    pub found: HashMap<String, Vec<bool>>,
}

impl Inspector {
    /// Gathers links within `base_url`, and where each of `needles` (as HTML shows them)
    /// appears in the files of `scope`.
    pub fn new(base_url: &str, needles: Vec<String>, scope: NeedleScope) -> Self {
        Inspector {
            base_url: base_url.trim_end_matches('/').to_string(),
            scope,
            links: [
                memmem::Finder::new(b"href=\"").into_owned(),
                memmem::Finder::new(b"src=\"").into_owned(),
            ],
            finders: needles
                .iter()
                .map(|n| memmem::Finder::new(n.as_bytes()).into_owned())
                .collect(),
            state: Mutex::default(),
        }
    }

    fn inspect(&self, path: &str, html: &[u8]) {
        // Searching every page of a big site for the needles costs a tenth of its build.
        let found = self.scope.covers(path).then(|| {
            self.finders
                .iter()
                .map(|f| f.find(html).is_some())
                .collect()
        });
        let mut targets: Vec<String> = Vec::new();
        let starts = self.links.iter().flat_map(|f| {
            let n = f.needle().len();
            f.find_iter(html).map(move |at| at + n)
        });
        for start in starts {
            let rest = &html[start..];
            let Some(end) = rest.iter().position(|&b| b == b'"') else {
                continue;
            };
            // Pages are UTF-8; an address that is not is no address of this site.
            let Ok(value) = std::str::from_utf8(&rest[..end]) else {
                continue;
            };
            if let Some(t) = internal_target(&self.base_url, path, &unescape(value)) {
                targets.push(t);
            }
        }
        targets.sort();
        targets.dedup();
        let facts = FileFacts { targets, found };
        if let Ok(mut state) = self.state.lock() {
            count_links(&mut state.counts, &facts);
            state.facts.insert(path.to_string(), Arc::new(facts));
        }
    }

    /// The facts gathered: the targets no file in `claimed` answers, each with the first
    /// pages linking to it in path order (not in the order threads rendered them).
    fn inspection(&self, claimed: &HashMap<String, PathBuf>) -> Inspection {
        let Ok(state) = self.state.lock() else {
            return Inspection::default();
        };
        let mut inspection = Inspection::default();
        for (path, facts) in &state.facts {
            if let Some(found) = &facts.found {
                inspection.found.insert(path.clone(), found.clone());
            }
        }
        let broken: Vec<(&String, usize)> = state
            .counts
            .iter()
            .filter(|(t, _)| !answers(claimed, t))
            .map(|(t, n)| (t, *n))
            .collect();
        if broken.is_empty() {
            return inspection;
        }
        let mut paths: Vec<&String> = state.facts.keys().collect();
        paths.sort_unstable();
        for (target, count) in broken {
            let from: Vec<String> = paths
                .iter()
                .filter(|p| state.facts[**p].targets.binary_search(target).is_ok())
                .take(5)
                .map(|p| (*p).clone())
                .collect();
            inspection.broken.insert(target.clone(), (count, from));
        }
        inspection
    }
}

/// Text or an attribute as the browser reads it: the entities templates write undone.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The output path an address on this site points at, from the page at output path `from`:
/// `None` for other sites, e-mail, phone, data and script addresses, and links within a page.
fn internal_target(base_url: &str, from: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') || href.starts_with("//") {
        return None;
    }
    let path = if let Some(rest) = href.strip_prefix(base_url) {
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return None;
        }
        rest.to_string()
    } else if href.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    }) {
        // Another site, mailto:, tel:, data:, javascript:.
        return None;
    } else if href.starts_with('/') {
        href.to_string()
    } else {
        // Relative to the page's folder.
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        format!("/{dir}/{href}")
    };
    let path = path.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<String> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let joined = parts.join("/");
    Some(if path.ends_with('/') || joined.is_empty() {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined
    })
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), std::borrow::Cow::into_owned)
}

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
        }
    }

    /// Keeps every file put in memory, for `take_files` (the preview server).
    pub fn in_memory() -> Self {
        let mut out = Output::dry();
        out.memory = Some(Mutex::default());
        out
    }

    /// Keeps every file put in memory, starting from the files of a previous build
    /// (`niemyet serve`); their paths are claimed as if put again.
    pub fn in_memory_keeping(kept: Kept) -> Self {
        let mut out = Output::dry();
        out.claimed = Mutex::new(
            kept.files
                .iter()
                .map(|(p, f)| (p.clone(), f.producer.clone()))
                .collect(),
        );
        out.memory = Some(Mutex::new(
            kept.files
                .iter()
                .map(|(p, f)| (p.clone(), f.bytes.clone()))
                .collect(),
        ));
        out.kept = kept.files;
        out.kept_counts = kept.counts;
        out
    }

    /// Puts files kept from a previous build back as they were, once the checks have run.
    pub fn restore(&mut self, kept: Kept) {
        let (Ok(claimed), Some(Ok(memory))) = (
            self.claimed.get_mut(),
            self.memory.as_mut().map(|m| m.get_mut()),
        ) else {
            return;
        };
        for (path, file) in kept.files {
            if claimed.contains_key(&path) {
                continue;
            }
            claimed.insert(path.clone(), file.producer.clone());
            memory.insert(path.clone(), file.bytes.clone());
            self.kept.insert(path, file);
        }
    }

    /// The files kept in memory, with what was learnt of them, for the next build.
    pub fn into_kept(mut self) -> Kept {
        let producers = std::mem::take(self.claimed.get_mut().unwrap_or_else(|e| e.into_inner()));
        let memory = self
            .memory
            .take()
            .and_then(|m| m.into_inner().ok())
            .unwrap_or_default();
        // Without an inspector or a search list, what was learnt of the kept files stays.
        let (mut facts, counts) = match self.inspector.take() {
            Some(i) => {
                let state = i.state.into_inner().unwrap_or_default();
                (Some(state.facts), state.counts)
            }
            None => (None, std::mem::take(&mut self.kept_counts)),
        };
        let mut marked = self.searchable.take().and_then(|m| m.into_inner().ok());
        let mut kept = std::mem::take(&mut self.kept);
        let files = memory
            .into_iter()
            .map(|(path, bytes)| {
                let earlier = kept.remove(&path);
                let file = KeptFile {
                    producer: producers.get(&path).cloned().unwrap_or_default(),
                    facts: match &mut facts {
                        Some(f) => f.remove(&path),
                        None => earlier.as_ref().and_then(|e| e.facts.clone()),
                    },
                    marked: match &mut marked {
                        Some(m) => m.remove(&path),
                        None => earlier.and_then(|e| e.marked),
                    },
                    bytes,
                };
                (path, file)
            })
            .collect();
        Kept { files, counts }
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
        Some(std::fs::read(staging.dir.join(path)))
    }

    /// Gathers, as files are put, what `inspector` looks for in HTML.
    pub fn with_inspector(mut self, inspector: Inspector) -> Self {
        if let Ok(mut state) = inspector.state.lock() {
            for (path, f) in &self.kept {
                if let Some(facts) = &f.facts {
                    state.facts.insert(path.clone(), facts.clone());
                }
            }
            state.counts = std::mem::take(&mut self.kept_counts);
        }
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
        let target = staging.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("không tạo được thư mục", parent, e))?;
        }
        if staging.previous.contains(path) {
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

#[cfg(test)]
mod inspect_tests {
    use super::*;

    #[test]
    fn links_and_needles_are_gathered_where_asked() {
        let scope = NeedleScope {
            paths: ["a/index.html".to_string()].into(),
            prefixes: vec!["ban-in/".into()],
        };
        let needles = vec![
            "0200 1".to_string(),
            "0200 1".to_string(),
            "Thôn &#x2F;".into(),
        ];
        let ins = Inspector::new("https://xa.vn", needles, scope);
        let page = "<a href=\"https://xa.vn/b/\">b</a><img src=\"/h.png\"> 0200 1 <a href=\"#x\">";
        ins.inspect("a/index.html", page.as_bytes());
        ins.inspect(
            "ban-in/x/index.html",
            b"Th\xc3\xb4n &#x2F; <a href=\"/b/\">",
        );
        ins.inspect("c/index.html", page.as_bytes());
        let claimed: HashMap<String, PathBuf> = [("h.png".to_string(), PathBuf::new())].into();
        let got = ins.inspection(&claimed);
        // Equal needles are both found; files out of scope are not searched.
        assert_eq!(got.found["a/index.html"], [true, true, false]);
        assert_eq!(got.found["ban-in/x/index.html"], [false, false, true]);
        assert!(!got.found.contains_key("c/index.html"));
        // Links are gathered everywhere, counted once per page; only those no file answers
        // are reported, with the pages linking in path order.
        assert_eq!(
            got.broken["b/index.html"],
            (
                3,
                vec![
                    "a/index.html".to_string(),
                    "ban-in/x/index.html".into(),
                    "c/index.html".into()
                ]
            )
        );
        assert_eq!(got.broken.len(), 1);
        let claimed: HashMap<String, PathBuf> = [("b".to_string(), PathBuf::new())].into();
        let got = ins.inspection(&claimed);
        assert!(got.broken.contains_key("h.png"));
        assert!(
            !got.broken.contains_key("b/index.html"),
            "b/index.html is answered by the file b"
        );
    }

    #[test]
    fn internal_targets() {
        let base = "https://xa.vn";
        let t = |from: &str, href: &str| internal_target(base, from, href);
        assert_eq!(
            t("a/index.html", "https://xa.vn/tin-tuc/"),
            Some("tin-tuc/index.html".into())
        );
        assert_eq!(
            t("a/index.html", "https://xa.vn"),
            Some("index.html".into())
        );
        assert_eq!(
            t("a/index.html", "/style.css?h=1"),
            Some("style.css".into())
        );
        assert_eq!(
            t("a/b/index.html", "ke-hoach.pdf"),
            Some("a/b/ke-hoach.pdf".into())
        );
        assert_eq!(
            t("a/b/index.html", "../c/#x"),
            Some("a/c/index.html".into())
        );
        assert_eq!(t("x.html", "t%E1%BB%87p.pdf"), Some("tệp.pdf".into()));
        for other in [
            "https://other.vn/",
            "https://xa.vn.evil/",
            "mailto:a@b.vn",
            "tel:0200",
            "#top",
            "data:,",
            "//cdn.x/y",
        ] {
            assert_eq!(t("a/index.html", other), None, "{other}");
        }
        assert_eq!(
            unescape("https:&#x2F;&#x2F;xa.vn&#x2F;a?b=1&amp;c=2"),
            "https://xa.vn/a?b=1&c=2"
        );
    }
}
