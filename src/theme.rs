//! Themes: `themes/NAME/` on disk, or the default theme built into the binary.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::diagnostics::Diagnostic;

/// The default theme's folder name; used from the binary when `themes/niemyet` is absent.
pub const DEFAULT_THEME: &str = "niemyet";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The default theme's files, relative to its folder (e.g. "templates/base.html").
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    Disk(PathBuf),
    /// A file built into the binary.
    Embedded(&'static [u8]),
    /// A file made by the build (compiled Sass, the highlighting stylesheet).
    Bytes(std::sync::Arc<[u8]>),
}

impl Source {
    /// Reads the bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Disk(p) => std::fs::read(p),
            Source::Embedded(b) => Ok(b.to_vec()),
            Source::Bytes(b) => Ok(b.to_vec()),
        }
    }
}

/// A file of a theme or site folder: its path inside the folder, its display path, its bytes.
#[derive(Debug, Clone)]
pub struct FolderFile {
    /// Path relative to the folder, with `/`.
    pub relative: String,
    /// Path shown in messages.
    pub display: PathBuf,
    /// Where to read it.
    pub source: Source,
}

/// The theme a site uses.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Folder name.
    pub name: String,
    /// Its folder, or `None` when built in.
    pub dir: Option<PathBuf>,
}

impl Theme {
    /// Finds the theme named in config, on disk or built in.
    pub fn locate(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            Ok(Theme {
                name: name.to_string(),
                dir: Some(dir),
            })
        } else if name == DEFAULT_THEME {
            Ok(Theme {
                name: name.to_string(),
                dir: None,
            })
        } else {
            Err(Diagnostic::error(format!(
                "không tìm thấy giao diện \"{name}\" (thư mục themes/{name})"
            ))
            .in_file("config.toml")
            .with_hint(format!(
                "chép giao diện vào themes/{name}, hoặc dùng giao diện mặc định: theme = \"{DEFAULT_THEME}\""
            )))
        }
    }

    /// Files under the theme's `sub` folder ("templates" or "static").
    pub fn files(&self, root: &Path, sub: &str) -> Folder {
        match &self.dir {
            Some(dir) => folder_files(root, &dir.join(sub), sub == "templates"),
            None => {
                let prefix = format!("{sub}/");
                let files = embedded_files()
                    .iter()
                    .filter_map(|(path, bytes)| {
                        path.strip_prefix(&prefix).map(|rel| FolderFile {
                            relative: rel.to_string(),
                            display: PathBuf::from(format!("(giao diện có sẵn)/{path}")),
                            source: Source::Embedded(bytes),
                        })
                    })
                    .collect();
                Folder {
                    files,
                    links: Vec::new(),
                }
            }
        }
    }

    /// The `[extra]` table of the theme's `theme.toml`, if any.
    pub fn extra(&self) -> Result<Json, Diagnostic> {
        let (text, display) = match &self.dir {
            Some(dir) => match std::fs::read_to_string(dir.join("theme.toml")) {
                Ok(t) => (t, format!("themes/{}/theme.toml", self.name)),
                Err(_) => return Ok(Json::Object(Default::default())),
            },
            None => match embedded_files().iter().find(|(p, _)| *p == "theme.toml") {
                Some((_, b)) => (
                    String::from_utf8_lossy(b).into_owned(),
                    "(giao diện có sẵn)/theme.toml".to_string(),
                ),
                None => return Ok(Json::Object(Default::default())),
            },
        };
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let pos = e
                .span()
                .map(|s| crate::diagnostics::line_col(&text, s.start));
            Diagnostic::error(format!("theme.toml sai cú pháp: {}", e.message()))
                .in_file(&display)
                .at(pos)
        })?;
        Ok(table
            .get("extra")
            .cloned()
            .map(crate::fields::toml_to_json)
            .unwrap_or(Json::Object(Default::default())))
    }
}

include!("junk.rs");

/// The files of a folder, and the links in it that were not followed.
#[derive(Default)]
pub struct Folder {
    /// Every regular file, sorted by path.
    pub files: Vec<FolderFile>,
    /// Symbolic links met, as shown to the editor (relative to the site root): a build
    /// reads no file through a link, so that nothing outside the site is published.
    pub links: Vec<PathBuf>,
}

/// Every file under `dir`, sorted, with paths relative to it. Dot-files are kept (sites need
/// `.well-known/`) unless `skip_hidden`; junk (see [`is_junk`]) never is; links are listed
/// apart, not followed.
pub fn folder_files(root: &Path, dir: &Path, skip_hidden: bool) -> Folder {
    let mut folder = Folder::default();
    if !dir.is_dir() {
        return folder;
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(is_junk(&name) || (skip_hidden && name.starts_with('.')))
        })
        .filter_map(Result::ok);
    for e in walker {
        let display = e
            .path()
            .strip_prefix(root)
            .unwrap_or(e.path())
            .to_path_buf();
        if e.path_is_symlink() && e.depth() > 0 {
            folder.links.push(display);
        } else if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            folder.files.push(FolderFile {
                relative: rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
                display,
                source: Source::Disk(e.path().to_path_buf()),
            });
        }
    }
    folder
}

/// The warning for a symbolic link a build does not follow.
pub fn link_skipped(display: &Path) -> Diagnostic {
    Diagnostic::warning(format!(
        "bỏ qua liên kết tượng trưng (symlink) {}: niemyet không đọc tệp qua liên kết, để không đăng nhầm tệp nằm ngoài thư mục trang",
        display.display()
    ))
    .in_file(display)
    .with_hint("chép tệp hoặc thư mục thật vào chỗ của liên kết nếu muốn đăng nó")
}
