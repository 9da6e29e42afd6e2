//! Internal links `@/path.md#anchor`: resolved to URLs, checked for target and anchor.

use crate::common::*;

#[test]
fn internal_links_resolve_to_urls() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let p = read(dir.path(), "thu-tuc/huong-dan/index.html");
    assert!(
        p.contains("<a href=\"https://xa.example.vn/thu-tuc/cap-so-do/\">cấp sổ đỏ</a>"),
        "{p}"
    );
    assert!(
        p.contains("<a href=\"https://xa.example.vn/thu-tuc/\">mục thủ tục</a>"),
        "{p}"
    );
    assert!(
        p.contains("<a href=\"https://xa.example.vn/thu-tuc/khai-sinh/#le-phi\">phần lệ phí</a>"),
        "{p}"
    );
}

#[test]
fn broken_link_names_file_and_line() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "content/thu-tuc/loi.md",
        "+++\ntitle = \"Lỗi\"\n+++\nMột.\n\nXem [đây](@/thu-tuc/khong-co.md).\n",
    );
    let d = build_err(dir.path());
    let e = find(&d, "@/thu-tuc/khong-co.md");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/thu-tuc/loi.md"))
    );
    assert_eq!((e.line, e.column), (Some(6), Some(11)), "{e}");
    assert!(e.message.contains("không có tệp đó"), "{e}");
}

#[test]
fn missing_anchor_lists_the_ones_that_exist() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "content/thu-tuc/loi.md",
        "+++\ntitle = \"Lỗi\"\n+++\n[x](@/thu-tuc/khai-sinh.md#phi)\n",
    );
    let d = build_err(dir.path());
    let e = find(&d, "không có mục #phi");
    assert_eq!(e.line, Some(4));
    assert!(e.hint.as_ref().unwrap().contains("#le-phi"), "{e}");
}
