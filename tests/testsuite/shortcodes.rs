//! Shortcodes: HTML and markdown, inline and with a body, Zola's argument types, escapes, errors.

use crate::common::*;

#[test]
fn html_and_markdown_shortcodes() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let p = read(dir.path(), "thu-tuc/huong-dan/index.html");
    assert!(
        p.contains("<p>Gọi <a href=\"tel:0200111222\">Bộ phận Một cửa</a><span data-trang=\"Hướng dẫn\"></span> để hỏi.</p>"),
        "inline HTML shortcode with the page in context: {p}"
    );
    assert!(
        p.contains("<aside class=\"canh-bao canh-bao-cao\" data-nth=\"1\"><p>Mang theo <strong>bản chính</strong> giấy tờ.</p>\n</aside>"),
        "a block shortcode replaces its paragraph and its body goes through markdown: {p}"
    );
    assert!(p.contains("data-nth=\"2\""), "nth counts calls: {p}");
    assert!(
        p.contains(
            "<ol>\n<li>Chuẩn bị hồ sơ</li>\n<li>Nộp hồ sơ</li>\n<li>Nhận kết quả</li>\n</ol>"
        ),
        "a markdown shortcode is rendered as markdown: {p}"
    );
    assert!(
        p.contains("Cách viết shortcode: {{ lien_he(ten=\"...\", so=\"...\") }}"),
        "escaped call: {p}"
    );
}

#[test]
fn unknown_shortcode_names_file_line_and_known_ones() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "content/thu-tuc/loi.md",
        "+++\ntitle = \"Lỗi\"\n+++\nDòng một.\n\n{{ ban_do(x=1) }}\n",
    );
    let d = build_err(dir.path());
    let e = find(&d, "không có shortcode `ban_do`");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/thu-tuc/loi.md"))
    );
    assert_eq!((e.line, e.column), (Some(6), Some(1)));
    assert!(
        e.hint.as_ref().unwrap().contains("buoc, canh_bao, lien_he"),
        "{e}"
    );
}

#[test]
fn bad_argument_is_located() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "content/thu-tuc/loi.md",
        "+++\ntitle = \"Lỗi\"\n+++\n{{ lien_he(ten=Bộ phận, so=\"1\") }}\n",
    );
    let d = build_err(dir.path());
    let e = find(&d, "shortcode viết sai");
    assert_eq!((e.line, e.column), (Some(4), Some(16)), "{e}");
    assert!(e.message.contains("ngoặc kép"), "{e}");
}

#[test]
fn missing_argument_points_at_the_shortcode_template() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "content/thu-tuc/loi.md",
        "+++\ntitle = \"Lỗi\"\n+++\n{{ lien_he(ten=\"A\") }}\n",
    );
    let d = build_err(dir.path());
    let e = find(&d, "`so`");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("templates/shortcodes/lien_he.html"))
    );
    assert!(e.message.contains("shortcode lien_he"), "{e}");
}
