//! Themes: `themes/NAME/` on disk, or the default theme built into the binary.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::diagnostics::Diagnostic;
use crate::input::files::{folder_files, Folder, FolderFile, Source};

/// The default theme's folder name; used from the binary when `themes/niemyet` is absent.
pub const DEFAULT_THEME: &str = "niemyet";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The default theme's files, relative to its folder (e.g. "templates/base.html").
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
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
            .map(crate::input::toml_doc::toml_to_json)
            .unwrap_or(Json::Object(Default::default())))
    }
}
