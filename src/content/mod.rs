//! What editors wrote: content files, their front matter, and the pages and sections they make.

mod attachments;
pub mod collect;
pub mod library;
mod order;
pub mod page;
pub mod paths;
pub mod render_markdown;
pub mod section;
pub mod taxonomies;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
pub use crate::input::files::Asset;
use crate::input::front_matter::{self, Format, SplitError};
use crate::input::table_reader::Fields;
use crate::input::toml_doc::TomlDoc;
pub use library::Library;
pub use page::Page;
pub use section::Section;

/// Where a content file is and how it is named.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Absolute (or root-joined) path on disk.
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators: what `get_page` and `@/` links use.
    pub relative: String,
    /// Path relative to the site root, for messages.
    pub display: PathBuf,
    /// Folders between `content/` and the file (for `x/index.md`, the folders above `x`).
    pub components: Vec<String>,
    /// The file stem, or the folder name for `x/index.md`.
    pub name: String,
    /// The content-relative folder that holds the file.
    pub dir: String,
}

impl FileInfo {
    /// Describes `path` (under `content_dir`) with messages relative to `root`.
    pub fn new(root: &Path, content_dir: &Path, path: &Path) -> Self {
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let relative = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let mut dirs: Vec<String> = relative.split('/').map(str::to_string).collect();
        let file_name = dirs.pop().unwrap_or_default();
        let dir = dirs.join("/");
        let stem = file_name
            .strip_suffix(".md")
            .unwrap_or(&file_name)
            .to_string();
        let (components, name) = if stem == "index" && !dirs.is_empty() {
            let name = dirs.pop().unwrap_or_default();
            (dirs, name)
        } else {
            (dirs, stem)
        };
        FileInfo {
            path: path.to_path_buf(),
            display: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            relative,
            components,
            name,
            dir,
        }
    }

    /// True for `_index.md`, which describes a section.
    pub fn is_section(&self) -> bool {
        self.relative == "_index.md" || self.relative.ends_with("/_index.md")
    }
}

/// The parts of a content file once read and split: text, front matter fields, body.
pub struct Parsed<'t> {
    /// The TOML of the front matter, with positions.
    pub doc: TomlDoc<'t>,
    /// Its parsed table.
    pub table: toml::Table,
    /// The markdown body.
    pub body: &'t str,
    /// The line where the body starts.
    pub body_line: usize,
}

/// Reads a content file as UTF-8 text.
pub fn read_text(file: &FileInfo) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(&file.path).map_err(|e| {
        Diagnostic::error(format!("không đọc được tệp: {e}"))
            .in_file(&file.display)
            .with_hint("kiểm tra quyền đọc tệp")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        crate::input::text::invalid_utf8(&file.display, e.as_bytes(), e.utf8_error())
    })?;
    Ok(crate::input::text::to_nfc(text))
}

/// Splits and parses a content file's front matter.
pub fn parse_text<'t>(file: &FileInfo, text: &'t str) -> Result<Parsed<'t>, Vec<Diagnostic>> {
    let split = front_matter::split(text).map_err(|e| {
        let d = match e {
            SplitError::Missing => {
                Diagnostic::error("tệp không có phần đầu (front matter) +++ hay ---").with_hint(
                    "dòng đầu tiên của tệp phải là +++, rồi các trường như title = \"...\", \
                     rồi một dòng +++ nữa, sau đó mới đến nội dung",
                )
            }
            SplitError::Unterminated(format) => {
                let fence = match format {
                    Format::Toml => "+++",
                    Format::Yaml => "---",
                };
                Diagnostic::error(format!(
                    "phần đầu mở bằng {fence} ở dòng 1 nhưng không có dòng {fence} đóng lại"
                ))
                .with_hint(format!(
                    "thêm một dòng chỉ có {fence} sau trường cuối cùng của phần đầu"
                ))
            }
        };
        vec![d.in_file(&file.display).at_line(1)]
    })?;
    let (doc, table) = match split.format {
        Format::Toml => TomlDoc::parse(split.front, &file.display, split.front_line)?,
        Format::Yaml => TomlDoc::from_yaml(split.front, &file.display, split.front_line)?,
    };
    Ok(Parsed {
        doc,
        table,
        body: split.body,
        body_line: split.body_line,
    })
}

/// A non-markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct AssetFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path relative to the site root, for messages.
    pub display: PathBuf,
    /// Path relative to `content/`, with `/`.
    pub relative: String,
}

/// Everything found under `content/`: parsed pages and sections, and every problem met.
pub struct Loaded {
    /// Pages, in path order.
    pub pages: Vec<Page>,
    /// Sections, in path order.
    pub sections: Vec<Section>,
    /// Files that are not markdown (images, PDFs…), to be placed beside their page.
    pub assets: Vec<AssetFile>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

fn ignore_set(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        // Bad patterns are reported by the config reader.
        if let Ok(g) = Glob::new(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// A content file as parsed.
#[derive(Clone)]
enum Item {
    Page(Box<Page>),
    Section(Box<Section>),
}

/// When a file was last changed, as far as its metadata tells.
type Stamp = (Option<std::time::SystemTime>, u64);

/// Content files as parsed by an earlier build, for a rebuild in memory: a file whose
/// modification time and size are unchanged, and that the caller did not name as changed, is
/// not read again.
#[derive(Default)]
pub struct ParseCache {
    files: std::sync::Mutex<std::collections::HashMap<PathBuf, Parse>>,
    /// The files found by the last walk of `content/`, while no file was added or removed.
    listing: std::sync::Mutex<Option<Listing>>,
    /// Files the watcher named since the last load.
    dirty: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// Builds counted, to tell which files were parsed since a given one.
    generation: std::sync::atomic::AtomicU64,
}

#[derive(Clone)]
struct Parse {
    stamp: Stamp,
    item: Option<Item>,
    diagnostics: Vec<Diagnostic>,
    generation: u64,
}

impl ParseCache {
    /// Notes that the watcher saw `path` change: it is parsed again whatever its metadata
    /// says, and `content/` is walked again unless it is a markdown file listed already.
    pub fn changed(&self, path: &Path) {
        let listed = self.files.lock().is_ok_and(|f| f.contains_key(path));
        if !(listed && path.is_file()) {
            self.forget_listing();
        }
        if let Ok(mut d) = self.dirty.lock() {
            d.insert(path.to_path_buf());
        }
    }

    /// Walks `content/` again at the next load, checking every file's metadata.
    pub fn forget_listing(&self) {
        if let Ok(mut l) = self.listing.lock() {
            *l = None;
        }
    }

    fn listing(&self) -> Option<Listing> {
        self.listing.lock().ok()?.clone()
    }

    fn keep_listing(&self, listing: &Listing) {
        if let Ok(mut l) = self.listing.lock() {
            *l = Some(listing.clone());
        }
    }

    /// The number of the build about to start; the next `load` parses under it.
    pub fn next_generation(&self) -> u64 {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1
    }

    fn current(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Content-relative paths of the files parsed again after build `generation`.
    pub fn parsed_after(&self, generation: u64) -> std::collections::HashSet<String> {
        let Ok(files) = self.files.lock() else {
            return Default::default();
        };
        files
            .values()
            .filter(|p| p.generation > generation)
            .filter_map(|p| match &p.item {
                Some(Item::Page(page)) => Some(page.file.relative.clone()),
                Some(Item::Section(s)) => Some(s.file.relative.clone()),
                None => None,
            })
            .collect()
    }
}

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map_or((None, 0), |m| (m.modified().ok(), m.len()))
}

fn parse_file(file: FileInfo) -> (Option<Item>, Vec<Diagnostic>) {
    if file.is_section() {
        let (s, d) = Section::parse(file);
        (s.map(|s| Item::Section(Box::new(s))), d)
    } else {
        let (p, d) = Page::parse(file);
        (p.map(|p| Item::Page(Box::new(p))), d)
    }
}

/// The files under `content/`: markdown to parse, and the rest (assets), in path order.
#[derive(Clone, Default)]
struct Listing {
    files: Vec<FileInfo>,
    assets: Vec<AssetFile>,
    diagnostics: Vec<Diagnostic>,
}

fn list(root: &Path, ignored_content: &[String]) -> Listing {
    let content_dir = root.join("content");
    let ignore = ignore_set(ignored_content);
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let mut assets = Vec::new();
    if content_dir.is_dir() {
        let walker = walkdir::WalkDir::new(&content_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let p = e.path();
                    let rel = p.strip_prefix(&content_dir).unwrap_or(p);
                    let is_md = p.extension().is_some_and(|x| x == "md");
                    if ignore.is_match(rel) {
                        continue;
                    }
                    if is_md {
                        files.push(FileInfo::new(root, &content_dir, p));
                    } else if !crate::input::ignored::is_junk(&e.file_name().to_string_lossy()) {
                        assets.push(AssetFile {
                            path: p.to_path_buf(),
                            display: p.strip_prefix(root).unwrap_or(p).to_path_buf(),
                            relative: rel
                                .components()
                                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                                .collect::<Vec<_>>()
                                .join("/"),
                        });
                    }
                }
                Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                    let p = e.path();
                    let rel = p.strip_prefix(&content_dir).unwrap_or(p);
                    if !ignore.is_match(rel) {
                        diagnostics.push(crate::input::files::link_skipped(
                            p.strip_prefix(root).unwrap_or(p),
                        ));
                    }
                }
                Ok(_) => {}
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("không đọc được thư mục nội dung: {e}"))
                        .in_file(e.path().unwrap_or(&content_dir))
                        .with_hint("kiểm tra quyền đọc thư mục"),
                ),
            }
        }
    } else {
        diagnostics.push(
            Diagnostic::warning("không có thư mục content/; trang chỉ có trang chủ trống")
                .in_file("content")
                .with_hint("tạo thư mục content/ và tệp content/_index.md"),
        );
    }

    Listing {
        files,
        assets,
        diagnostics,
    }
}

/// Finds and parses every `.md` file under `root/content`, in parallel; with `cache`, only
/// those changed since it last saw them.
pub fn load(root: &Path, ignored_content: &[String], cache: Option<&ParseCache>) -> Loaded {
    let (listing, trusted) = match cache.and_then(ParseCache::listing) {
        Some(l) => (l, true),
        None => {
            let l = list(root, ignored_content);
            if let Some(c) = cache {
                c.keep_listing(&l);
            }
            (l, false)
        }
    };
    let Listing {
        files,
        assets,
        mut diagnostics,
    } = listing;
    let results: Vec<(Option<Item>, Vec<Diagnostic>)> = match cache {
        None => files.into_par_iter().map(parse_file).collect(),
        Some(cache) => {
            let generation = cache.current();
            let dirty = cache
                .dirty
                .lock()
                .map(|mut d| std::mem::take(&mut *d))
                .unwrap_or_default();
            let mut known = cache
                .files
                .lock()
                .map(|mut f| std::mem::take(&mut *f))
                .unwrap_or_default();
            let parses: Vec<(PathBuf, Parse)> = files
                .into_iter()
                .map(|file| (file.path.clone(), known.remove(&file.path), file))
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|(path, old, file)| {
                    // Listed by the watcher's account, the files it did not name are unchanged;
                    // after a walk, their metadata tells.
                    let now = if trusted && !dirty.contains(&path) {
                        old.as_ref().map_or_else(|| stamp(&path), |o| o.stamp)
                    } else {
                        stamp(&path)
                    };
                    let parse = match old {
                        Some(old)
                            if old.stamp == now && now.0.is_some() && !dirty.contains(&path) =>
                        {
                            old
                        }
                        _ => {
                            let (item, diagnostics) = parse_file(file);
                            Parse {
                                stamp: now,
                                item,
                                diagnostics,
                                generation,
                            }
                        }
                    };
                    (path, parse)
                })
                .collect();
            let results = parses
                .par_iter()
                .map(|(_, p)| (p.item.clone(), p.diagnostics.clone()))
                .collect();
            if let Ok(mut f) = cache.files.lock() {
                *f = parses.into_iter().collect();
            }
            results
        }
    };
    let mut pages = Vec::new();
    let mut sections = Vec::new();
    for (item, d) in results {
        diagnostics.extend(d);
        match item {
            Some(Item::Page(p)) => pages.push(*p),
            Some(Item::Section(s)) => sections.push(*s),
            None => {}
        }
    }
    Loaded {
        pages,
        sections,
        assets,
        diagnostics,
    }
}

/// Reads the front matter fields both pages and sections have.
pub(crate) fn common_fields(f: &mut Fields<'_, '_>) -> (Option<String>, Option<String>, bool) {
    (
        f.string("title"),
        f.string("description"),
        f.boolean("draft").unwrap_or(false),
    )
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    fn titles(loaded: &Loaded) -> Vec<String> {
        loaded
            .pages
            .iter()
            .map(|p| p.meta.title.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn only_the_files_named_are_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, title: &str| {
            let p = dir.path().join("content").join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, format!("+++\ntitle = \"{title}\"\n+++\nBài.\n")).unwrap();
            p
        };
        let a = write("a.md", "A");
        write("b.md", "B");
        let cache = ParseCache::default();
        let first = cache.next_generation();
        let loaded = load(dir.path(), &[], Some(&cache));
        assert_eq!(titles(&loaded), ["A", "B"]);
        assert_eq!(cache.parsed_after(0).len(), 2);

        // Named by the watcher: parsed again, and reported as such.
        write("a.md", "A2");
        cache.changed(&a);
        cache.next_generation();
        let loaded = load(dir.path(), &[], Some(&cache));
        assert_eq!(titles(&loaded), ["A2", "B"]);
        let again: Vec<String> = cache.parsed_after(first).into_iter().collect();
        assert_eq!(again, ["a.md"]);

        // A new file is not in the listing: content/ is walked again.
        let c = write("c.md", "C");
        cache.changed(&c);
        cache.next_generation();
        assert_eq!(
            titles(&load(dir.path(), &[], Some(&cache))),
            ["A2", "B", "C"]
        );

        // After a walk, a file changed behind the watcher's back is found by its metadata.
        cache.forget_listing();
        std::fs::write(
            dir.path().join("content/b.md"),
            "+++\ntitle = \"B, sửa dài hơn\"\n+++\nBài.\n",
        )
        .unwrap();
        cache.next_generation();
        assert_eq!(
            titles(&load(dir.path(), &[], Some(&cache))),
            ["A2", "B, sửa dài hơn", "C"]
        );
    }
}
