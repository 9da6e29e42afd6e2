//! Embeds the default theme (`themes/niemyet`) in the binary, so that `niemyet init` and sites
//! without a `themes/` folder work from the installed binary alone.

use std::fmt::Write as _;
use std::path::Path;

// Same rule as the site's own folders: no VCS folders, OS junk or editor swap files.
include!("src/input/ignored.rs");

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme_dir = Path::new(&manifest).join("themes").join("niemyet");
    println!("cargo:rerun-if-changed={}", theme_dir.display());
    println!("cargo:rerun-if-changed=src/input/ignored.rs");

    let mut files: Vec<(String, String)> = Vec::new();
    if theme_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&theme_dir).sort_by_file_name() {
            let entry = entry.expect("readable theme folder");
            println!("cargo:rerun-if-changed={}", entry.path().display());
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&theme_dir)
                .expect("walkdir stays under its root");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if rel.iter().any(|c| is_junk(c)) {
                continue;
            }
            let abs = entry.path().canonicalize().expect("theme file path");
            files.push((rel.join("/"), abs.display().to_string()));
        }
    }
    files.sort();
    let mut out = String::from(
        "/// The default theme's files: path inside the theme folder, and bytes.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),").expect("write to String");
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(dest, out).expect("write generated theme table");
}
