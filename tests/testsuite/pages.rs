//! Pages: slugs, paths, aliases, drafts, dates, front matter fields, markdown output.

use crate::common::*;

#[test]
fn date_prefix_slug_and_front_matter_fields() {
    let dir = fixture("pages");
    build_ok(dir.path());
    let p = read(dir.path(), "thong-bao/lich-tiep-dan/index.html");
    assert!(
        p.contains("slug=lich-tiep-dan path=/thong-bao/lich-tiep-dan/"),
        "{p}"
    );
    assert!(p.contains("permalink=https://xa.example.vn/thong-bao/lich-tiep-dan/"));
    assert!(
        p.contains("date=2026-04-01 ymd=2026/4/1"),
        "date from the file name: {p}"
    );
    assert!(p.contains("updated=2026-04-03T09:30:00"), "{p}");
    assert!(p.contains("authors=Văn phòng UBND+Bộ phận Một cửa"));
    assert!(p.contains("extra=quan-trong"));
    assert!(p.contains("components=thong-bao/lich-tiep-dan"));
    assert!(p.contains("relative=thong-bao/2026-04-01-lich-tiep-dan.md"));
}

#[test]
fn toc_summary_anchors_and_links() {
    let dir = fixture("pages");
    build_ok(dir.path());
    let p = read(dir.path(), "thong-bao/lich-tiep-dan/index.html");
    assert!(
        p.contains("TOC thoi-gian@2[buoi-sang@3;buoi-chieu@3;]dia-diem@2[]"),
        "{p}"
    );
    assert!(p.contains("SUMMARY <p>Đoạn mở đầu"), "{p}");
    assert!(
        !p.contains("SUMMARY <p>Đoạn mở đầu về “lịch” tiếp dân – tháng Tư…</p>\n<h2"),
        "summary stops at the marker"
    );
    // smart punctuation
    assert!(p.contains("“lịch” tiếp dân – tháng Tư…"), "{p}");
    // anchors on the right, from the template
    assert!(
        p.contains("<h2 id=\"thoi-gian\">Thời gian<a class=\"zola-anchor\" href=\"#thoi-gian\""),
        "{p}"
    );
    // external links get the configured attributes, internal ones do not
    assert!(
        p.contains(
            "<a href=\"https://dichvucong.gov.vn\" rel=\"noopener noreferrer\" target=\"_blank\">"
        ),
        "{p}"
    );
    assert!(
        p.contains("<a href=\"https://xa.example.vn/thong-bao/\">"),
        "{p}"
    );
}

#[test]
fn slug_and_path_overrides() {
    let dir = fixture("pages");
    build_ok(dir.path());
    let p = read(dir.path(), "thong-bao/thong-bao-dac-biet/index.html");
    assert!(
        p.contains("slug=thong-bao-dac-biet"),
        "a Vietnamese slug is made ASCII: {p}"
    );
    let p = read(dir.path(), "lien-he/index.html");
    assert_eq!(
        p.trim(),
        "RIENG Đường dẫn riêng",
        "template override and custom path"
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let dir = fixture("pages");
    build_ok(dir.path());
    for alias in ["cu/lien-he/index.html", "trang-cu.html"] {
        let a = read(dir.path(), alias);
        assert!(
            a.contains("url=https://xa.example.vn/lien-he/"),
            "{alias}: {a}"
        );
    }
}

#[test]
fn asset_folder_page_and_rfc3339_date() {
    let dir = fixture("pages");
    build_ok(dir.path());
    let p = read(dir.path(), "thong-bao/hop-dan/index.html");
    assert!(
        p.contains("date=2026-05-02T08:00:00+07:00 ymd=2026/5/2"),
        "{p}"
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let dir = fixture("pages");
    build_ok(dir.path());
    let out = dir.path().join("public");
    assert!(!out.join("thong-bao/nhap/index.html").exists());
    assert!(
        !out.join("nhap/trong-muc-nhap/index.html").exists(),
        "pages of a draft section are drafts"
    );
    let section = read(dir.path(), "thong-bao/index.html");
    assert!(!section.contains("nhap"), "{section}");
    build_with(dir.path(), true).unwrap();
    assert!(out.join("thong-bao/nhap/index.html").exists());
    assert!(out.join("nhap/trong-muc-nhap/index.html").exists());
}

#[test]
fn content_is_escaped_in_templates() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"<script>alert(1)</script>\"\n+++\n",
    )]);
    build_ok(dir.path());
    let p = read(dir.path(), "a/index.html");
    assert!(p.contains("&lt;script&gt;"), "{p}");
    assert!(!p.contains("<script>"));
}

#[test]
fn path_traversal_in_slug_stays_inside() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\nslug = \"../../../ngoai\"\n+++\n",
    )]);
    build_ok(dir.path());
    assert!(
        dir.path().join("public/ngoai/index.html").exists(),
        "the slug is cleaned, not followed"
    );
    assert!(!dir.path().join("ngoai").exists());
}

#[test]
fn decomposed_vietnamese_is_published_as_nfc() {
    // "Hộ tịch" typed decomposed (NFD), as some keyboards and systems produce it.
    let nfd = "Ho\u{323}\u{302} ti\u{323}ch";
    let dir = min_site(&[("content/a.md", &format!("+++\ntitle = \"{nfd}\"\n+++\n"))]);
    build_ok(dir.path());
    let p = read(dir.path(), "a/index.html");
    assert!(p.contains("PAGE Hộ tịch"), "{p:?}");
}

#[test]
fn files_that_are_not_published_are_named() {
    // A folder with neither _index.md nor index.md owns no files.
    let dir = min_site(&[
        ("content/le/ke-hoach.pdf", "%PDF"),
        ("content/le/nhap.docx", "x"),
    ]);
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}ignored_content = [\"*.docx\"]\n"),
    );
    let r = build_ok(dir.path());
    let w: Vec<_> = r.warnings.iter().collect();
    assert_eq!(w.len(), 1, "{}", r.warnings);
    assert_eq!(
        w[0].file.as_deref(),
        Some(std::path::Path::new("content/le/ke-hoach.pdf"))
    );
    assert!(!dir.path().join("public/le/ke-hoach.pdf").exists());
}

#[test]
fn colocated_assets_travel_with_their_page() {
    let dir = min_site(&[
        ("content/tin/_index.md", "+++\ntitle = \"Tin\"\n+++\n"),
        ("content/tin/lich.pdf", "%PDF section"),
        (
            "content/tin/hop-dan/index.md",
            "+++\ntitle = \"Họp dân\"\npath = \"hop-dan-2026\"\n+++\n",
        ),
        ("content/tin/hop-dan/anh.jpg", "jpg"),
        ("content/tin/hop-dan/phu-luc/bang.csv", "a,b"),
        (
            "content/tin/nhap/index.md",
            "+++\ntitle = \"Nháp\"\ndraft = true\n+++\n",
        ),
        ("content/tin/nhap/bi-mat.pdf", "x"),
    ]);
    write(
        dir.path(),
        "templates/page.html",
        "{{ page.assets | join(sep=\",\") | safe }}|{{ page.colocated_path | safe }}",
    );
    write(
        dir.path(),
        "templates/section.html",
        "{{ section.assets | join(sep=\",\") | safe }}",
    );
    let r = build_ok(dir.path());
    assert!(
        r.warnings.is_empty(),
        "a draft's files are not strays: {}",
        r.warnings
    );
    let out = dir.path().join("public");
    assert_eq!(
        std::fs::read_to_string(out.join("hop-dan-2026/anh.jpg")).unwrap(),
        "jpg"
    );
    assert!(out.join("hop-dan-2026/phu-luc/bang.csv").exists());
    assert_eq!(
        read(dir.path(), "hop-dan-2026/index.html"),
        "hop-dan-2026/anh.jpg,hop-dan-2026/phu-luc/bang.csv|tin/hop-dan/"
    );
    assert_eq!(read(dir.path(), "tin/index.html"), "tin/lich.pdf");
    assert!(out.join("tin/lich.pdf").exists());
    assert!(
        !out.join("tin/nhap/bi-mat.pdf").exists(),
        "drafts' files stay unpublished"
    );
}

#[test]
fn yaml_front_matter_reads_like_toml() {
    let dir = min_site(&[(
        "content/a.md",
        "---\ntitle: \"Lịch tiếp dân\"\ndate: 2026-03-15\nauthors:\n  - Văn phòng\nextra:\n  muc: cao\ndraft: false\n---\nNội dung.\n",
    )]);
    write(
        dir.path(),
        "templates/page.html",
        "{{ page.title }}|{{ page.date }}|{{ page.authors | join(sep=\",\") }}|{{ page.extra.muc }}|{{ page.content | safe }}",
    );
    build_ok(dir.path());
    assert_eq!(
        read(dir.path(), "a/index.html"),
        "Lịch tiếp dân|2026-03-15|Văn phòng|cao|<p>Nội dung.</p>\n"
    );
}

#[test]
fn yaml_errors_are_located() {
    let dir = min_site(&[
        ("content/a.md", "---\ntitle: A\nweight: nhiều\n---\n"),
        ("content/b.md", "---\ntitle: [chưa đóng\n---\n"),
        ("content/c.md", "---\ntitle: C\ntitel: x\n---\n"),
    ]);
    let d = build_err(dir.path());
    let a = find(&d, "trường `weight`");
    assert_eq!(a.line, Some(3), "{a}");
    let b = find(&d, "cú pháp YAML sai");
    assert_eq!(
        b.file.as_deref(),
        Some(std::path::Path::new("content/b.md"))
    );
    assert!(b.line.is_some_and(|l| l >= 2), "{b}");
    let c = find(&d, "khóa lạ");
    assert_eq!(c.line, Some(3));
}
