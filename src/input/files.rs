//! Files read from the site's folders: where their bytes come from, and the listing of a
//! folder (sorted, ignored names and links left out).

use std::path::{Path, PathBuf};

use super::ignored::is_junk;
use crate::diagnostics::Diagnostic;

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

/// A file published beside a page or section (Zola's colocated asset).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path on disk.
    pub source: PathBuf,
    /// Path relative to the site root, for messages.
    pub display: PathBuf,
    /// Path relative to the page's folder.
    pub relative: String,
}
