//! The command line as an editor uses it: exit codes, Vietnamese help, init, check.

use std::process::Command;

use crate::common::*;

fn niemyet() -> Command {
    Command::new(env!("CARGO_BIN_EXE_niemyet"))
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
    // init never overwrites.
    let r = niemyet().arg("init").arg(&site).output().unwrap();
    assert_eq!(r.status.code(), Some(1));
}
