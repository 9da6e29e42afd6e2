//! Sections: sorting, pagination, transparency, rendering switches, redirects, nesting.

use crate::common::*;

#[test]
fn sort_by_date_puts_newest_first_and_undated_last() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let first = read(dir.path(), "tin-tuc/index.html");
    assert!(first.contains("PAGER 1/3 total=6"), "{first}");
    assert!(first.contains("ITEMS tin-05,tin-04,"), "{first}");
    assert!(
        first.contains("section_pages=0"),
        "a paginated section gets no section.pages: {first}"
    );
    let last = read(dir.path(), "tin-tuc/trang/3/index.html");
    assert!(last.contains("ITEMS tin-01,khong-ngay,"), "{last}");
}

#[test]
fn pagination_links_and_custom_path() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let second = read(dir.path(), "tin-tuc/trang/2/index.html");
    assert!(second.contains("PAGER 2/3"));
    assert!(
        second.contains("prev=https://xa.example.vn/tin-tuc/ "),
        "{second}"
    );
    assert!(
        second.contains("next=https://xa.example.vn/tin-tuc/trang/3/"),
        "{second}"
    );
    assert!(second.contains(
        "first=https://xa.example.vn/tin-tuc/ last=https://xa.example.vn/tin-tuc/trang/3/"
    ));
    assert!(second.contains("base=https://xa.example.vn/tin-tuc/trang/"));
    let page1 = read(dir.path(), "tin-tuc/trang/1/index.html");
    assert!(
        page1.contains("url=https://xa.example.vn/tin-tuc/"),
        "pager 1 redirects: {page1}"
    );
}

#[test]
fn lower_and_higher_follow_zola() {
    let dir = fixture("sections");
    build_ok(dir.path());
    // Date order: lower is the older page, higher the newer one.
    let p = read(dir.path(), "tin-tuc/tin-03/index.html");
    assert!(p.contains("lower=tin-02 higher=tin-04"), "{p}");
    // Weight order: lower is the lighter page.
    let p = read(dir.path(), "gioi-thieu/to-chuc/index.html");
    assert!(p.contains("lower=dia-ly higher=-"), "{p}");
}

#[test]
fn transparent_section_pages_join_the_parent() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let parent = read(dir.path(), "gioi-thieu/index.html");
    assert!(parent.contains("ITEMS dia-ly,to-chuc,di-tich,"), "{parent}");
    assert!(
        parent.contains("SUBSECTIONS gioi-thieu/lich-su/_index.md"),
        "{parent}"
    );
    let child = read(dir.path(), "gioi-thieu/lich-su/index.html");
    assert!(child.contains("transparent=true"));
    assert!(
        child.contains("ancestors=_index.md,gioi-thieu/_index.md"),
        "{child}"
    );
}

#[test]
fn title_sort_reversed_pagination_and_page_template() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let year = read(dir.path(), "van-ban/2026/index.html");
    assert!(
        year.contains("ITEMS ke-hoach,bao-cao,"),
        "reversed title order: {year}"
    );
    // The nearest ancestor's page_template applies to pages of subsections.
    let doc = read(dir.path(), "van-ban/2026/ke-hoach/index.html");
    assert_eq!(doc.trim(), "VANBAN Kế hoạch chuyển đổi số");
}

#[test]
fn render_false_and_redirect_to() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let out = dir.path().join("public");
    assert!(
        !out.join("an/index.html").exists(),
        "render = false writes no section page"
    );
    assert!(
        out.join("an/trang/index.html").exists(),
        "but its pages are still built"
    );
    let redirect = read(dir.path(), "cu/index.html");
    assert!(
        redirect.contains("url=https://xa.example.vn/tin-tuc/"),
        "{redirect}"
    );
}

#[test]
fn subsections_are_sorted_by_weight() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let home = read(dir.path(), "index.html");
    // Weight 0 (unset) first, ties by path.
    assert!(
        home.contains("SUBSECTIONS an/_index.md,cu/_index.md,tin-tuc/_index.md,gioi-thieu/_index.md,van-ban/_index.md"),
        "{home}"
    );
    assert!(
        home.contains("path=/ url=https://xa.example.vn/ lang=vi"),
        "{home}"
    );
}

#[test]
fn sitemap_lists_pages_sections_and_pagers() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let sitemap = read(dir.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://xa.example.vn/tin-tuc/trang/2/</loc>"));
    assert!(sitemap.contains("<loc>https://xa.example.vn/tin-tuc/tin-01/</loc>\n        <lastmod>2026-03-01</lastmod>"), "{sitemap}");
    assert!(
        !sitemap.contains("/an/</loc>"),
        "unrendered sections are left out"
    );
    assert!(!sitemap.contains("/cu/</loc>"), "redirects are left out");
    let robots = read(dir.path(), "robots.txt");
    assert!(robots.contains("Sitemap: https://xa.example.vn/sitemap.xml"));
}
