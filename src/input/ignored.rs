// Names a site never reads or publishes. Also included by build.rs (a build script cannot
// use the crate), so that the embedded theme and the site's own folders skip the same files.

/// Names never published: version-control folders and files operating systems leave behind.
const JUNK: &[&str] = &[
    ".git",
    ".svn",
    ".hg",
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
];

/// True for files a site never publishes: VCS folders, OS junk, editors' swap and backup files.
pub fn is_junk(name: &str) -> bool {
    JUNK.contains(&name) || name.ends_with(".swp") || name.ends_with('~') || name.starts_with(".#")
}
