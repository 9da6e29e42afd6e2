//! Snapshot tests for long outputs: reviewed once, then any change shows as a diff.
//! Update with `INSTA_UPDATE=always cargo test` (or `cargo insta review`) after checking the diff.

use crate::common::*;

#[test]
fn markdown_page_html() {
    let dir = fixture("pages");
    build_ok(dir.path());
    insta::assert_snapshot!(read(dir.path(), "thong-bao/lich-tiep-dan/index.html"));
}

#[test]
fn sections_sitemap() {
    let dir = fixture("sections");
    build_ok(dir.path());
    insta::assert_snapshot!(read(dir.path(), "sitemap.xml"));
}

#[test]
fn site_feed() {
    let dir = fixture("templates");
    build_ok(dir.path());
    insta::assert_snapshot!(read(dir.path(), "atom.xml"));
}
