//! The real national catalogue as a commune gets it: the 200 commune-level procedures of
//! `../shared/fixtures/tthc-200.xlsx`, gaps of the national database included, imported into
//! a site that then builds, says what it does not know, and lists every gap for the editor.

use std::path::{Path, PathBuf};
use std::process::Command;

use niemyet::import::command::{import, ImportOptions};

use crate::common::*;

fn catalogue() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/tthc-200.xlsx");
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/fixtures/tthc-200.xlsx is not there");
        None
    }
}

/// The page of the procedure with `code`, wherever the importer filed it.
fn page_of(root: &Path, code: &str) -> String {
    let slug = code.replace('.', "-");
    let found = walk(&root.join("public/thu-tuc"))
        .into_iter()
        .find(|p| p.ends_with(format!("{slug}/index.html")))
        .unwrap_or_else(|| panic!("no page for {code}"));
    std::fs::read_to_string(found).unwrap()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_whole_real_catalogue_imports_builds_and_lists_its_gaps() {
    let Some(xlsx) = catalogue() else { return };
    let dir = crate::import::empty_site();
    let plan = import(dir.path(), &xlsx, &ImportOptions::default()).unwrap();
    assert_eq!(plan.report.added.len(), 200, "{}", plan.report);
    let report = build_ok(dir.path());
    assert_eq!(
        report.pages, 201,
        "each procedure's page and the online procedures' page"
    );

    // Every gap is a located warning, counted per kind in one summary.
    let summary = find(&report.warnings, "dữ liệu thủ tục còn chỗ trống ở");
    for kind in [
        "ở 136 thủ tục",
        "thời hạn giải quyết: 18",
        "đơn vị của thời hạn giải quyết: 50",
        "thành phần hồ sơ: 16",
        "cơ quan giải quyết: 58",
        "phí, lệ phí: 20",
        "mẫu đơn, tờ khai chưa có tệp: 27",
    ] {
        assert!(summary.message.contains(kind), "{kind}: {summary}");
    }
    let w = find(
        &report.warnings,
        "thủ tục 1.001613: chưa có thông tin về thành phần hồ sơ",
    );
    assert!(w.file.as_ref().unwrap().ends_with("1.001613.md"), "{w}");
    assert!(w.line.is_some(), "{w}");

    // The page says what the national data does not, and where to ask.
    let page = page_of(dir.path(), "1.001613");
    let notice = page.split("class=\"notice\"").nth(1).expect("a notice");
    assert!(
        notice.contains("Chưa có thông tin về thành phần hồ sơ"),
        "{notice}"
    );
    assert!(notice.contains("href=\"tel:02003000000\""), "{notice}");
    assert!(
        notice.contains("href=\"https://dichvucong.gov.vn/"),
        "{notice}"
    );
    let documents = page.split("id=\"giay-to\"").nth(1).unwrap();
    assert!(documents.contains("Chưa có thông tin về thành phần hồ sơ: hỏi Bộ phận Một cửa"));
    // Its poster says it on paper too.
    let poster = read(dir.path(), "ban-in/thu-tuc/1.001613/index.html");
    assert!(poster.contains("Chưa có thông tin về"), "poster");
    assert!(
        poster.contains("thành phần hồ sơ: hỏi Bộ phận Một cửa"),
        "poster"
    );

    // "Không" is no fee; a bare number keeps its number and says its unit is unclear.
    let pages: Vec<String> = walk(&dir.path().join("public/thu-tuc"))
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(pages
        .iter()
        .any(|p| p.contains("(chưa rõ ngày hay ngày làm việc)")));
    // A form named without its file links to the national portal's copy.
    assert!(pages
        .iter()
        .any(|p| p.contains(">Mẫu trên Cổng Dịch vụ công quốc gia<span class=\"vh\">")));
    for p in &pages {
        assert!(
            !p.contains(">Không có thông tin<"),
            "the database's blank shown raw"
        );
    }
}

#[test]
fn check_strict_fails_on_gaps_and_the_report_lists_them_by_kind() {
    let Some(xlsx) = catalogue() else { return };
    let dir = crate::import::empty_site();
    import(dir.path(), &xlsx, &ImportOptions::default()).unwrap();
    let report_file = dir.path().join("bao-cao.html");
    let run = |strict: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_niemyet"));
        c.env("SOURCE_DATE_EPOCH", "1796083200")
            .args(["check", "--root"])
            .arg(dir.path())
            .arg("--report")
            .arg(&report_file);
        if strict {
            c.arg("--strict");
        }
        c.output().unwrap()
    };
    let plain = run(false);
    assert_eq!(plain.status.code(), Some(0), "gaps are not errors");
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on them");
    let html = std::fs::read_to_string(&report_file).unwrap();
    let section = html
        .split("<section class=\"data-quality\">")
        .nth(1)
        .expect("a data quality section");
    assert!(
        section.contains("<h2>Chất lượng dữ liệu thủ tục ("),
        "{section}"
    );
    for kind in [
        "<h3>Thời hạn giải quyết (18)</h3>",
        "<h3>Thời hạn không rõ đơn vị (50)</h3>",
        "<h3>Thành phần hồ sơ (16)</h3>",
        "<h3>Cơ quan giải quyết (58)</h3>",
        "<h3>Phí, lệ phí (20)</h3>",
        "<h3>Mẫu đơn, tờ khai chưa có tệp (27)</h3>",
    ] {
        assert!(
            section.contains(kind),
            "{kind} in {}",
            &section[..2000.min(section.len())]
        );
    }
}
