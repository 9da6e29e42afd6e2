//! `compile_sass = true`: the `.scss`/`.sass` files of the theme's and the site's `sass/`
//! folders become CSS at the same relative path, as in Zola. Partials (`_name.scss`) are only
//! imported, never written. Compiled with grass (pure Rust), in parallel.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codemap::SpanLoc;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::input::files::folder_files;
use crate::theme::Theme;

/// One stylesheet made from a Sass file.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Output path, e.g. "css/site.css" for `sass/css/site.scss`.
    pub path: String,
    /// The CSS.
    pub css: Vec<u8>,
    /// The Sass file, for messages.
    pub producer: PathBuf,
}

/// One file to compile.
struct Input {
    /// The file on disk.
    file: PathBuf,
    /// The file as shown in messages.
    display: PathBuf,
    /// Its `sass/` folder, a load path for `@use`/`@import`.
    sass_root: PathBuf,
}

/// The entry points: the theme's first, the site's replacing those at the same output path.
fn inputs(root: &Path, theme: Option<&Theme>) -> BTreeMap<String, Input> {
    let mut dirs = Vec::new();
    if let Some(dir) = theme.and_then(|t| t.dir.as_ref()) {
        dirs.push(dir.join("sass"));
    }
    dirs.push(root.join("sass"));
    let mut out = BTreeMap::new();
    for sass_root in dirs {
        for f in folder_files(root, &sass_root, true).files {
            let (stem, name) = match f.relative.rsplit_once('/') {
                Some((dir, name)) => (format!("{dir}/"), name),
                None => (String::new(), f.relative.as_str()),
            };
            let Some(base) = name
                .strip_suffix(".scss")
                .or_else(|| name.strip_suffix(".sass"))
            else {
                continue;
            };
            if base.starts_with('_') || base.is_empty() {
                continue;
            }
            let crate::input::files::Source::Disk(file) = f.source else {
                continue;
            };
            out.insert(
                format!("{stem}{base}.css"),
                Input {
                    file,
                    display: f.display,
                    sass_root: sass_root.clone(),
                },
            );
        }
    }
    out
}

/// Compiles every Sass entry point of the site and its theme. All errors are collected; Sass
/// `@warn` and `@debug` messages become warnings.
pub fn compile_all(root: &Path, theme: Option<&Theme>) -> (Vec<Compiled>, Vec<Diagnostic>) {
    let roots = Roots::new(root);
    let results: Vec<(Option<Compiled>, Vec<Diagnostic>)> = inputs(root, theme)
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(path, input)| compile_one(&roots, path, input))
        .collect();
    let mut compiled = Vec::new();
    let mut diags = Vec::new();
    for (c, mut d) in results {
        compiled.extend(c);
        diags.append(&mut d);
    }
    (compiled, diags)
}

fn compile_one(roots: &Roots, path: String, input: Input) -> (Option<Compiled>, Vec<Diagnostic>) {
    let logger = Collect {
        roots,
        diags: RefCell::new(Vec::new()),
    };
    let options = grass::Options::default()
        .style(grass::OutputStyle::Compressed)
        .load_path(&input.sass_root)
        .logger(&logger);
    let result = grass::from_path(&input.file, &options);
    let mut diags = logger.diags.into_inner();
    match result {
        Ok(css) => (
            Some(Compiled {
                path,
                css: css.into_bytes(),
                producer: input.display,
            }),
            diags,
        ),
        Err(e) => {
            diags.push(sass_error(*e, roots, &input.display));
            (None, diags)
        }
    }
}

/// Turns grass's error into a located Vietnamese diagnostic; the error may be in an imported
/// partial rather than in the entry point.
fn sass_error(e: grass::Error, roots: &Roots, entry: &Path) -> Diagnostic {
    match e.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let file = roots.shown(loc.file.name());
            let during = if file == entry {
                String::new()
            } else {
                format!(" (khi dịch {})", entry.display())
            };
            let (what, hint) = match translate(&message) {
                Some((vi, hint)) => (format!("{vi} ({message})"), hint),
                None => (message, SYNTAX_HINT),
            };
            Diagnostic::error(format!("tệp Sass lỗi{during}: {what}"))
                .in_file(file)
                .at(Some((loc.begin.line + 1, loc.begin.column + 1)))
                .with_hint(hint)
        }
        grass::ErrorKind::IoError(io) => {
            Diagnostic::error(format!("không đọc được tệp Sass: {io}"))
                .in_file(entry)
                .with_hint("kiểm tra tệp còn đó và đọc được")
        }
        grass::ErrorKind::FromUtf8Error(_) => {
            Diagnostic::error("tệp Sass không phải văn bản UTF-8")
                .in_file(entry)
                .with_hint("lưu lại tệp với bảng mã UTF-8")
        }
        _ => Diagnostic::error("tệp Sass lỗi")
            .in_file(entry)
            .with_hint(SYNTAX_HINT),
    }
}

const SYNTAX_HINT: &str = "xem dòng này và dòng ngay trên: mỗi khai báo kết thúc bằng dấu chấm \
                           phẩy (color: red;), mỗi dấu { có dấu } đóng";

/// The Vietnamese gist of grass's commonest messages, and how to fix them.
fn translate(message: &str) -> Option<(&'static str, &'static str)> {
    const UNDEFINED: &str = "khai báo trước khi dùng, ví dụ: $mau: #c00; — nếu nó ở tệp khác thì \
                             @use tệp đó và viết ten-tep.$mau";
    let m = message.to_ascii_lowercase();
    let table: &[(&str, &str, &str)] = &[
        ("undefined variable", "biến chưa được khai báo", UNDEFINED),
        ("undefined mixin", "mixin chưa được khai báo", UNDEFINED),
        ("undefined function", "hàm chưa được khai báo", UNDEFINED),
        (
            "can't find stylesheet",
            "không tìm thấy tệp được @use/@import",
            "tệp phải nằm cạnh tệp này hoặc trong sass/; tệp phụ đặt tên _ten.scss và được \
             gọi bằng @use \"ten\"",
        ),
        ("expected \"}\"", "thiếu dấu } đóng khối", SYNTAX_HINT),
        ("expected \";\"", "thiếu dấu chấm phẩy", SYNTAX_HINT),
        ("expected", "viết sai cú pháp", SYNTAX_HINT),
    ];
    table
        .iter()
        .find(|(k, _, _)| m.contains(k))
        .map(|(_, vi, hint)| (*vi, *hint))
}

/// The site root as given and as the file system resolves it: grass may name imported files
/// either way.
#[derive(Debug)]
struct Roots(PathBuf, Option<PathBuf>);

impl Roots {
    fn new(root: &Path) -> Self {
        Roots(root.to_path_buf(), std::fs::canonicalize(root).ok())
    }

    /// A grass file name, relative to the site root when it is inside it.
    fn shown(&self, name: &str) -> PathBuf {
        let p = Path::new(name);
        let rel = p
            .strip_prefix(&self.0)
            .ok()
            .or_else(|| self.1.as_ref().and_then(|r| p.strip_prefix(r).ok()));
        rel.unwrap_or(p).to_path_buf()
    }
}

/// Turns Sass `@warn` and `@debug` into warnings instead of printing them.
#[derive(Debug)]
struct Collect<'r> {
    roots: &'r Roots,
    diags: RefCell<Vec<Diagnostic>>,
}

impl Collect<'_> {
    fn push(&self, rule: &str, location: SpanLoc, message: &str) {
        let d = Diagnostic::warning(format!("Sass {rule}: {message}"))
            .in_file(self.roots.shown(location.file.name()))
            .at(Some((location.begin.line + 1, location.begin.column + 1)));
        self.diags.borrow_mut().push(d);
    }
}

impl grass::Logger for Collect<'_> {
    fn debug(&self, location: SpanLoc, message: &str) {
        self.push("@debug", location, message);
    }

    fn warn(&self, location: SpanLoc, message: &str) {
        self.push("@warn", location, message);
    }
}
