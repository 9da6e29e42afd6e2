//! The shape ARCHITECTURE.md describes, checked on the sources so that it stays: the top-level
//! modules form layers, a module imports only modules of lower layers (or earlier ones of its
//! own layer), no source file grows past 600 code lines, and `main.rs` only dispatches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first; within a layer a module may use the ones listed before it.
/// Keep in step with the module map in ARCHITECTURE.md.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["diagnostics", "dates", "vietnamese"]),
    ("files", &["input", "output"]),
    ("text tools", &["highlight", "shortcodes"]),
    (
        "models",
        &["disclosure", "procedure", "document", "config", "theme"],
    ),
    ("markup", &["markdown", "qr"]),
    ("site content", &["content"]),
    ("templates", &["templates"]),
    ("render", &["render"]),
    ("checks", &["check"]),
    ("pipeline", &["site", "incremental"]),
    ("commands", &["init", "import", "serve"]),
];

/// Most code lines (not blank, not comments, tests excluded) a source file may have.
const MAX_CODE_LINES: usize = 600;
/// Most code lines of `main.rs`, which only parses arguments and dispatches to `cmd/`.
const MAX_MAIN_LINES: usize = 120;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rank(module: &str) -> Option<(usize, usize)> {
    LAYERS
        .iter()
        .enumerate()
        .find_map(|(layer, (_, mods))| mods.iter().position(|m| *m == module).map(|at| (layer, at)))
}

/// Every `.rs` file under `src/`, with its top-level module and its code before the tests.
fn sources() -> Vec<(PathBuf, String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src()).unwrap();
                let first = rel.components().next().unwrap().as_os_str();
                let top = first.to_string_lossy().trim_end_matches(".rs").to_string();
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap().to_string();
                out.push((rel.to_path_buf(), top, code));
            }
        }
    }
    out.sort();
    out
}

fn code_lines(code: &str) -> usize {
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

/// The top-level modules a file's code names as `crate::module`.
fn imports(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn every_top_level_module_has_a_layer() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(
                rank(name).is_some(),
                "src/{name} has no layer: add it to LAYERS here and to ARCHITECTURE.md"
            );
        }
    }
    let architecture =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    for (_, mods) in LAYERS {
        for m in *mods {
            assert!(
                architecture.contains(&format!("`{m}`")),
                "ARCHITECTURE.md does not map `{m}`"
            );
        }
    }
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, top, code) in sources() {
        // The binary's own modules (main.rs, cmd/) sit above the library.
        let Some(own) = rank(&top) else { continue };
        for name in imports(&code) {
            if name == top {
                continue;
            }
            let allowed = rank(&name).is_some_and(|other| other < own);
            if !allowed {
                wrong
                    .entry(file.display().to_string())
                    .or_default()
                    .push(format!("crate::{name}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers (see ARCHITECTURE.md):\n{}",
        wrong
            .iter()
            .map(|(f, v)| format!("  src/{f}: {}", v.join(", ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_source_file_is_too_long() {
    let too_long: Vec<String> = sources()
        .into_iter()
        .map(|(file, _, code)| (file, code_lines(&code)))
        .filter(|(file, n)| {
            let max = if file == Path::new("main.rs") {
                MAX_MAIN_LINES
            } else {
                MAX_CODE_LINES
            };
            *n > max
        })
        .map(|(file, n)| format!("src/{}: {n} code lines", file.display()))
        .collect();
    assert!(
        too_long.is_empty(),
        "split these by job:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_checks_catch_what_they_are_for() {
    assert_eq!(
        imports("use crate::render::x; crate::content::Page; crate::render"),
        ["render", "content"]
    );
    assert!(rank("content") > rank("config"));
    assert!(rank("input") < rank("procedure"));
    assert_eq!(code_lines("// a\n\nfn x() {}\n  // b\n}\n"), 2);
}
