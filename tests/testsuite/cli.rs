//! The command line as an editor uses it: exit codes, Vietnamese help, init, check.

use std::process::Command;

use crate::common::*;

/// The binary, building for the same fixed day as the other tests (1 December 2026).
fn niemyet() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_niemyet"));
    c.env("SOURCE_DATE_EPOCH", "1796083200");
    c
}

/// Runs `niemyet COMMAND --root SITE`.
fn run(command: &str, site: &std::path::Path) -> std::process::Output {
    niemyet()
        .args([command, "--root"])
        .arg(site)
        .output()
        .unwrap()
}

#[test]
fn help_is_in_vietnamese() {
    let out = niemyet().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Cách dùng"), "{text}");
    assert!(text.contains("Tạo trang web"), "{text}");
    let out = niemyet().args(["build", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Tạo cả các bài nháp"), "{text}");
}

#[test]
fn exit_codes_0_1_2() {
    let dir = fixture("sections");
    let ok = run("build", dir.path());
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(dir.path().join("public/index.html").exists());

    write(
        dir.path(),
        "content/tin-tuc/tin-01.md",
        "+++\ntitle = 1\n+++\n",
    );
    let bad = run("build", dir.path());
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("lỗi: content/tin-tuc/tin-01.md:2:1: trường `title`"),
        "{err}"
    );
    assert!(err.contains("Có 1 lỗi"), "{err}");

    let usage = niemyet().args(["build", "--khong-co"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let err = String::from_utf8_lossy(&usage.stderr);
    assert!(
        err.contains("lỗi cách dùng: không có tùy chọn `--khong-co`."),
        "{err}"
    );
    assert!(
        !err.contains("error:"),
        "no English from the argument parser: {err}"
    );
    let typo = niemyet().arg("buidl").output().unwrap();
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("Có phải ý bạn là `build`?"));
    assert_eq!(niemyet().output().unwrap().status.code(), Some(2));
}

#[test]
fn base_url_output_dir_and_drafts_flags() {
    let dir = fixture("pages");
    let out = dir.path().join("ra");
    let r = niemyet()
        .args([
            "build",
            "--drafts",
            "--base-url",
            "http://127.0.0.1:1111",
            "--root",
        ])
        .arg(dir.path())
        .arg("--output-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let page =
        std::fs::read_to_string(out.join("thong-bao/thong-bao-dac-biet/index.html")).unwrap();
    assert!(
        page.contains("permalink=http://127.0.0.1:1111/thong-bao/"),
        "{page}"
    );
    assert!(out.join("thong-bao/nhap/index.html").exists());
}

#[test]
fn check_writes_nothing_and_reports() {
    let dir = fixture("sections");
    let r = run("check", dir.path());
    assert_eq!(r.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&r.stderr).contains("Kiểm tra xong"));
    assert!(!dir.path().join("public").exists());
    write(dir.path(), "templates/page.html", "{% if %}");
    let r = run("check", dir.path());
    assert_eq!(r.status.code(), Some(1));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn init_makes_a_site_that_builds_with_the_builtin_theme() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("xa-moi");
    let r = niemyet().arg("init").arg(&site).output().unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(
        !site.join("themes").exists(),
        "the theme comes from the binary"
    );
    let r = run("build", &site);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Xã Mới"), "{home}");
    assert!(site
        .join("public/tin-tuc/ra-mat-cong-thong-tin/index.html")
        .exists());
    // With search: the page, its script from the built-in theme, and the index.
    for f in ["tim-kiem/index.html", "search.js", "pagefind/pagefind.js"] {
        assert!(site.join("public").join(f).is_file(), "{f} missing");
    }
    // init never overwrites.
    let r = niemyet().arg("init").arg(&site).output().unwrap();
    assert_eq!(r.status.code(), Some(1));
}

#[test]
fn check_groups_findings_and_exits_by_severity() {
    let dir = fixture("disclosure");
    let out = niemyet()
        .args(["--root"])
        .arg(dir.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("Kiểm tra xong (20 trang, 6 mục"), "{err}");
    assert!(err.contains("0 lỗi, 0 cảnh báo."), "{err}");

    // One warning: passes, but not with --strict.
    let page = dir.path().join("content/gioi-thieu/lanh-dao.md");
    std::fs::remove_file(&page).unwrap();
    let plain = niemyet()
        .arg("--root")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(0));
    let text = String::from_utf8_lossy(&plain.stderr);
    assert!(text.contains("== Cảnh báo (1) =="), "{text}");
    assert!(
        text.contains("(Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c)"),
        "{text}"
    );
    assert!(text.contains("0 lỗi, 1 cảnh báo."), "{text}");
    let strict = niemyet()
        .arg("--root")
        .arg(dir.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));

    // An error and a warning: errors first, exit 1; as JSON for machines; as HTML for people.
    let plan = dir.path().join("content/cong-khai/lay-y-kien.md");
    let text = std::fs::read_to_string(&plan).unwrap() + "\n[x](/khong-co/)\n";
    std::fs::write(&plan, text).unwrap();
    let report = dir.path().join("bao-cao.html");
    let out = niemyet()
        .arg("--root")
        .arg(dir.path())
        .args(["check", "--format", "json", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 1);
    let findings = json["findings"].as_array().unwrap();
    let broken = findings.iter().find(|f| f["severity"] == "error").unwrap();
    assert_eq!(broken["file"], "content/cong-khai/lay-y-kien.md");
    assert_eq!(broken["line"], 14);
    assert_eq!(broken["article"], "Nghị định 224/2026/NĐ-CP, Điều 12");
    // As a reader sees it: Tera's escaping writes "/" as "&#x2F;".
    let html = std::fs::read_to_string(&report)
        .unwrap()
        .replace("&#x2F;", "/");
    assert!(
        html.contains("<p class=\"summary\">1 lỗi, 1 cảnh báo.</p>"),
        "{html}"
    );
    assert!(html.find("Lỗi: phải sửa").unwrap() < html.find("Cảnh báo: nên sửa").unwrap());
    assert!(html.contains("content/cong-khai/lay-y-kien.md:14"));
    assert!(html.contains("Căn cứ: Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c"));
}

#[test]
fn the_demo_site_passes_every_rule() {
    // The demo's dates are those of late 2026: checked as of 1 December 2026, so that its
    // review dates and postings do not age out of the rules as the years pass.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = niemyet()
        .arg("--root")
        .arg(root)
        .args(["check", "--strict"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("0 lỗi, 0 cảnh báo."), "{err}");
}
