//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use niemyet::diagnostics::Diagnostics;
use niemyet::site::{BuildOptions, BuildReport};
use tempfile::TempDir;

/// The folder holding the fixture sites.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of fixture `name`.
pub fn fixture(name: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures_dir().join(name), dir.path());
    dir
}

/// A temporary site made of the given files.
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

/// Writes one file, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The day every test builds for, the same as the CLI tests' `SOURCE_DATE_EPOCH`: the legal
/// rules judge the fixtures' dates against it, so they must not follow the clock.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date")
}

/// Builds the site in `root` into `root/public`.
pub fn build(root: &Path) -> Result<BuildReport, Diagnostics> {
    build_with(root, false)
}

/// Builds with or without drafts.
pub fn build_with(root: &Path, drafts: bool) -> Result<BuildReport, Diagnostics> {
    niemyet::build(&BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(root.join("public")),
        base_url: None,
        drafts,
        today: Some(today()),
    })
}

/// Builds and panics with the diagnostics on failure.
pub fn build_ok(root: &Path) -> BuildReport {
    match build(root) {
        Ok(r) => r,
        Err(d) => panic!("build failed:\n{d}"),
    }
}

/// Builds, expecting failure; returns the diagnostics.
pub fn build_err(root: &Path) -> Diagnostics {
    match build(root) {
        Ok(_) => panic!("build should have failed"),
        Err(d) => d,
    }
}

/// Reads an output file of a site built into `root/public`.
pub fn read(root: &Path, rel: &str) -> String {
    let p = root.join("public").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The one diagnostic whose message contains `needle`, or a panic listing them all.
pub fn find<'a>(d: &'a Diagnostics, needle: &str) -> &'a niemyet::diagnostics::Diagnostic {
    d.iter()
        .find(|x| x.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic containing {needle:?} in:\n{d}"))
}

/// A minimal config and templates, to which a test adds content.
pub const MIN_CONFIG: &str = "base_url = \"https://xa.example.vn\"\ntitle = \"Xã Thử\"\n";
/// Templates that print just enough to assert on.
pub const MIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "templates/index.html",
        "INDEX {{ section.title | default(value='') }}",
    ),
    ("templates/section.html", "SECTION {{ section.title }}"),
    ("templates/page.html", "PAGE {{ page.title }}"),
];

/// A minimal site plus extra files.
pub fn min_site(extra: &[(&str, &str)]) -> TempDir {
    let mut files: Vec<(&str, &str)> = vec![
        ("config.toml", MIN_CONFIG),
        ("content/_index.md", "+++\n+++\n"),
    ];
    files.extend_from_slice(MIN_TEMPLATES);
    files.extend_from_slice(extra);
    site(&files)
}
