//! Bad input: each error names the file, line and field, in Vietnamese, and all come in one run.

use crate::common::*;

#[test]
fn invalid_utf8_is_named() {
    let dir = min_site(&[]);
    std::fs::write(
        dir.path().join("content/a.md"),
        b"+++\ntitle = \"Ti\xea\xe1u\"\n+++\n",
    )
    .unwrap();
    let d = build_err(dir.path());
    let e = find(&d, "UTF-8");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/a.md"))
    );
    assert!(e.hint.as_ref().unwrap().contains("UTF-8"));
}

#[test]
fn unterminated_and_missing_front_matter() {
    let dir = min_site(&[
        ("content/a.md", "+++\ntitle = \"A\"\nNội dung\n"),
        ("content/b.md", "# Không có phần đầu\n"),
    ]);
    let d = build_err(dir.path());
    let e = find(&d, "không có dòng +++ đóng");
    assert_eq!(
        (e.file.as_deref(), e.line),
        (Some(std::path::Path::new("content/a.md")), Some(1))
    );
    let e = find(&d, "không có phần đầu");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/b.md"))
    );
}

#[test]
fn wrong_type_points_at_the_field() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\nweight = \"một\"\n+++\n",
    )]);
    let d = build_err(dir.path());
    let e = find(&d, "trường `weight`");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.column, Some(1));
    assert!(
        e.message
            .contains("phải là số nguyên, nhưng đang là chuỗi văn bản"),
        "{e}"
    );
}

#[test]
fn impossible_dates_quoted_or_not() {
    let dir = min_site(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\ndate = \"2026-13-45\"\n+++\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\n\ndate = 2026-13-45\n+++\n",
        ),
        (
            "content/c.md",
            "+++\ntitle = \"C\"\nupdated = \"2026-02-30\"\n+++\n",
        ),
    ]);
    let d = build_err(dir.path());
    let a = d
        .iter()
        .find(|x| x.file.as_deref() == Some(std::path::Path::new("content/a.md")))
        .unwrap();
    assert_eq!(a.line, Some(3));
    assert!(a.message.contains("không có tháng 13"), "{a}");
    let b = d
        .iter()
        .find(|x| x.file.as_deref() == Some(std::path::Path::new("content/b.md")))
        .unwrap();
    assert_eq!(b.line, Some(4));
    assert!(b.message.contains("tháng phải từ 01 đến 12"), "{b}");
    let c = find(&d, "2026-02-30");
    assert!(c.message.contains("chỉ có 28 ngày"), "{c}");
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\ndescripton = \"x\"\n+++\n",
    )]);
    let d = build_err(dir.path());
    let e = find(&d, "khóa lạ");
    assert_eq!(e.line, Some(3));
    assert!(e.hint.as_ref().unwrap().contains("`description`"), "{e}");
}

#[test]
fn missing_template_is_named() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\ntemplate = \"khong-co.html\"\n+++\n",
    )]);
    let d = build_err(dir.path());
    let e = find(&d, "không có mẫu \"khong-co.html\"");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/a.md"))
    );
}

#[test]
fn template_reading_a_missing_variable() {
    let dir = min_site(&[
        (
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n<p>{{ page.extra.tac_gia }}</p>\n",
        ),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\n"),
    ]);
    let d = build_err(dir.path());
    let e = find(&d, "page.extra.tac_gia");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("templates/page.html"))
    );
    assert_eq!(e.line, Some(2));
    assert!(
        e.message.contains("cùng lỗi này ở 1 nội dung khác"),
        "reported once for both pages: {e}"
    );
    assert_eq!(d.error_count(), 1);
}

#[test]
fn template_syntax_error_has_line_and_column() {
    let dir = min_site(&[(
        "templates/section.html",
        "<h1>\n{% if section.title %}\n{{ section.title }\n{% endif %}\n",
    )]);
    let d = build_err(dir.path());
    let e = find(&d, "cú pháp Tera");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("templates/section.html"))
    );
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.column.is_some());
}

#[test]
fn config_errors_and_warnings() {
    let dir = min_site(&[]);
    write(
        dir.path(),
        "config.toml",
        "base_url = \"https://xa.example.vn\"\ntitel = \"x\"\nhard_link_static = true\n[markdown]\nrender_emoji = true\n",
    );
    let d = build_err(dir.path());
    let e = find(&d, "titel");
    assert_eq!((e.line, e.is_error()), (Some(2), true));
    let w = find(&d, "hard_link_static");
    assert!(!w.is_error());
    let w = find(&d, "markdown.render_emoji");
    assert_eq!((w.line, w.is_error()), (Some(5), false));
}

#[test]
fn paths_that_escape_the_output_are_refused() {
    let dir = min_site(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\npath = \"../../thoat\"\n+++\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\naliases = [\"/ok/\", \"../../../etc/passwd\"]\n+++\n",
        ),
    ]);
    let d = build_err(dir.path());
    let a = find(&d, "trường `path`");
    assert_eq!(a.line, Some(3));
    let b = find(&d, "trường `aliases`");
    assert_eq!(b.line, Some(3));
    assert!(!dir.path().join("public").exists());
    assert!(!dir.path().parent().unwrap().join("thoat").exists());
}

#[test]
fn two_pages_on_one_url_is_an_error() {
    let dir = min_site(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\npath = \"trung\"\n+++\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\nslug = \"trung\"\n+++\n",
        ),
    ]);
    let d = build_err(dir.path());
    let e = find(&d, "trung/index.html");
    assert!(
        e.message.contains("content/a.md") && e.message.contains("content/b.md"),
        "{e}"
    );
}

#[test]
fn every_error_of_the_run_is_reported() {
    let dir = min_site(&[
        ("content/a.md", "+++\ntitle = 1\n+++\n"),
        ("content/b.md", "+++\ndate = \"hôm qua\"\n+++\n"),
        ("content/c/_index.md", "+++\nsort_by = \"ngay\"\n+++\n"),
        (
            "content/d.md",
            "+++\ntitle = \"D\"\ntemplate = \"x.html\"\n+++\n",
        ),
    ]);
    write(
        dir.path(),
        "config.toml",
        "base_url = \"https://xa.example.vn\"\nfoo = 1\n",
    );
    let d = build_err(dir.path());
    assert_eq!(d.error_count(), 5, "{d}");
    for file in [
        "content/a.md",
        "content/b.md",
        "content/c/_index.md",
        "content/d.md",
        "config.toml",
    ] {
        assert!(
            d.iter()
                .any(|x| x.file.as_deref() == Some(std::path::Path::new(file))),
            "no error for {file}:\n{d}"
        );
    }
}

#[test]
fn taxonomy_not_in_config() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\nlinh_vuc = [\"Đất đai\"]\n+++\n",
    )]);
    let d = build_err(dir.path());
    let e = find(&d, "linh_vuc");
    assert_eq!(e.line, Some(4));
}
