//! Taxonomies: term lists, term pages with pagination, feeds, template functions.

use crate::common::*;

#[test]
fn term_list_with_vietnamese_slugs_and_merged_spellings() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let list = read(dir.path(), "linh-vuc/index.html");
    // "Đất đai" and "đất đai" slugify alike and are one term; Vietnamese order (Đ after H here
    // is wrong in Unicode order but right once marks are folded: dat < ho).
    assert_eq!(
        list.trim(),
        "LIST linh-vuc Đất đai=dat-dai(3/3) Hộ tịch=ho-tich(1/1)"
    );
    let tags = read(dir.path(), "tags/index.html");
    assert!(
        tags.contains("sổ đỏ=so-do(1/1)") && tags.contains("trực tuyến=truc-tuyen(2/2)"),
        "{tags}"
    );
    assert!(
        !dir.path().join("public/an").exists(),
        "render = false writes nothing"
    );
}

#[test]
fn paginated_term_pages_share_pages_and_skip_term_pages() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let p1 = read(dir.path(), "linh-vuc/dat-dai/index.html");
    assert!(
        p1.contains("LV-SINGLE Đất đai path=/linh-vuc/dat-dai/ count=3 term_pages=0"),
        "{p1}"
    );
    assert!(
        p1.contains("PAGER 1/2 ITEMS tach-thua,chuyen-nhuong,"),
        "newest first: {p1}"
    );
    let p2 = read(dir.path(), "linh-vuc/dat-dai/trang/2/index.html");
    assert!(p2.contains("PAGER 2/2 ITEMS cap-so-do,"), "{p2}");
    let redirect = read(dir.path(), "linh-vuc/dat-dai/trang/1/index.html");
    assert!(redirect.contains("url=https://xa.example.vn/linh-vuc/dat-dai/"));
    let generic = read(dir.path(), "tags/truc-tuyen/index.html");
    assert_eq!(
        generic.trim(),
        "GENERIC-SINGLE tags trực tuyến khai-sinh,cap-so-do,"
    );
}

#[test]
fn term_feeds_and_sitemap() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let feed = read(dir.path(), "linh-vuc/ho-tich/atom.xml");
    assert!(
        feed.contains("https://xa.example.vn/thu-tuc/khai-sinh/"),
        "{feed}"
    );
    assert!(
        !dir.path().join("public/tags/truc-tuyen/atom.xml").exists(),
        "feed = false"
    );
    let sitemap = read(dir.path(), "sitemap.xml");
    for url in [
        "/linh-vuc/",
        "/linh-vuc/dat-dai/",
        "/linh-vuc/dat-dai/trang/2/",
        "/tags/so-do/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://xa.example.vn{url}</loc>")),
            "{url}"
        );
    }
}

#[test]
fn taxonomy_functions() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let home = read(dir.path(), "index.html");
    for expected in [
        "TAXONOMY=linh-vuc|2|https://xa.example.vn/linh-vuc/",
        "TERM_URL=https://xa.example.vn/linh-vuc/dat-dai/",
        "TERM=Hộ tịch|1|khai-sinh,",
        "NONE=null",
    ] {
        assert!(home.contains(expected), "missing {expected:?} in {home}");
    }
    let page = read(dir.path(), "thu-tuc/cap-so-do/index.html");
    assert!(
        page.contains("TAX=linh-vuc:Đất đai;tags:sổ đỏ+trực tuyến;"),
        "{page}"
    );
}

#[test]
fn missing_taxonomy_templates_are_errors() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\nlinh-vuc = [\"Đất đai\"]\n+++\n",
    )]);
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}taxonomies = [{{ name = \"linh-vuc\" }}]\n"),
    );
    let d = build_err(dir.path());
    find(&d, "linh-vuc/list.html");
    find(&d, "linh-vuc/single.html");
}

#[test]
fn unknown_term_in_a_function_is_an_error() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "templates/section.html",
        "{{ get_taxonomy_url(kind=\"linh-vuc\", name=\"Y tế\") }}",
    );
    let d = build_err(dir.path());
    let e = find(&d, "Y tế");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("templates/section.html"))
    );
}

#[test]
fn builtin_theme_renders_taxonomies() {
    let dir = site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\ntitle = \"Xã\"\ntheme = \"niemyet\"\n\
             taxonomies = [{ name = \"linh-vuc\", paginate_by = 1 }]\n[commune]\nname = \"Xã Thử\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\n"),
        ("content/a.md", "+++\ntitle = \"A\"\ndate = 2026-01-01\n[taxonomies]\nlinh-vuc = [\"Đất đai\"]\n+++\n"),
        ("content/b.md", "+++\ntitle = \"B\"\ndate = 2026-01-02\n[taxonomies]\nlinh-vuc = [\"Đất đai\"]\n+++\n"),
    ]);
    build_ok(dir.path());
    let list = read(dir.path(), "linh-vuc/index.html");
    assert!(
        list.contains("Đất đai</a> <span class=\"count\">(2)</span>"),
        "{list}"
    );
    let term = read(dir.path(), "linh-vuc/dat-dai/index.html");
    assert!(term.contains("Trang 1/2"), "{term}");
}
