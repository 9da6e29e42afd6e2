//! Themes, template overrides, Zola's template functions, feeds and the built-in theme.

use crate::common::*;

#[test]
fn theme_templates_static_and_extra_with_site_overrides() {
    let dir = fixture("templates");
    // An editor's swap file beside a template must not be read as one, nor published.
    std::fs::write(
        dir.path().join("templates/.page.html.swp"),
        b"\x00\xff binary",
    )
    .unwrap();
    write(dir.path(), "static/logo.txt~", "backup");
    build_ok(dir.path());
    let page = read(dir.path(), "tin/mot/index.html");
    assert!(
        page.contains("<title>SITE-Một &lt;b&gt;đậm&lt;&#x2F;b&gt;</title>"),
        "{page}"
    );
    assert!(
        page.contains("data-mau=\"xanh\""),
        "theme extra fills the gaps: {page}"
    );
    assert!(
        page.contains("data-khau-hieu=\"của trang\""),
        "site extra wins: {page}"
    );
    let section = read(dir.path(), "tin/index.html");
    assert!(
        section.contains("THEME-SECTION Tin"),
        "theme template used: {section}"
    );
    assert_eq!(read(dir.path(), "logo.txt"), "logo of site\n");
    assert_eq!(
        read(dir.path(), ".well-known/security.txt"),
        "Contact: mailto:x@xa.example.vn\n"
    );
    assert!(
        !dir.path().join("public/.DS_Store").exists(),
        "OS junk is not published"
    );
    assert!(
        !dir.path().join("public/logo.txt~").exists(),
        "nor editor backups"
    );
    assert_eq!(read(dir.path(), "css/theme.css"), "body{color:#111}\n");
}

#[test]
fn get_url_cachebusts_with_the_file_hash() {
    let dir = fixture("templates");
    build_ok(dir.path());
    let page = read(dir.path(), "tin/mot/index.html");
    let start = page
        .find("css&#x2F;theme.css?h=")
        .or_else(|| page.find("css/theme.css?h="))
        .expect(&page);
    let hash: String = page[start..]
        .split("?h=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(hash.len(), 20);
    // Changing the file changes the hash.
    write(
        dir.path(),
        "themes/xanh/static/css/theme.css",
        "body{color:#000}\n",
    );
    build_ok(dir.path());
    let again = read(dir.path(), "tin/mot/index.html");
    assert!(!again.contains(&hash));
}

#[test]
fn zola_functions_in_templates() {
    let dir = fixture("templates");
    build_ok(dir.path());
    let home = read(dir.path(), "index.html");
    for expected in [
        "PAGE=Một &lt;b&gt;đậm&lt;&#x2F;b&gt;|https://xa.example.vn/tin/mot/",
        "SECTION=Tin|3",
        "META=0",
        "LINK=https://xa.example.vn/tin/mot/#phan-2",
        "STATIC=https://xa.example.vn/logo.txt",
        "TOML=Hồ sơ trực tuyến=80",
        "JSON=2:Thôn Tây",
        "CSV=Chỉ tiêu/Năm 2026;Dịch vụ công/80%",
        "OPTIONAL=none",
        "NOW=true",
        "ESCAPED=Mô tả &amp; thử",
    ] {
        assert!(home.contains(expected), "missing {expected:?} in:\n{home}");
    }
}

#[test]
fn custom_404_and_feeds() {
    let dir = fixture("templates");
    build_ok(dir.path());
    assert_eq!(read(dir.path(), "404.html").trim(), "CUSTOM-404 /404.html");
    let atom = read(dir.path(), "atom.xml");
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">"));
    assert_eq!(atom.matches("<entry").count(), 2, "feed_limit = 2: {atom}");
    assert!(
        atom.find("tin/ba/").unwrap() < atom.find("tin/hai/").unwrap(),
        "newest first"
    );
    assert!(
        atom.contains("<updated>2026-03-01T00:00:00+00:00</updated>"),
        "{atom}"
    );
    let rss = read(dir.path(), "rss.xml");
    assert!(
        rss.contains("<link>https://xa.example.vn/tin/ba/</link>"),
        "{rss}"
    );
}

#[test]
fn builtin_theme_works_without_a_themes_folder() {
    let dir = site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\ntitle = \"Xã\"\ntheme = \"niemyet\"\n\
             [commune]\nname = \"Xã Thử Nghiệm\"\nhotline = \"0200 111 222\"\n",
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Trang chủ\"\n+++\nXin chào.\n",
        ),
        (
            "content/tin-tuc/_index.md",
            "+++\ntitle = \"Tin tức\"\nsort_by = \"date\"\n+++\n",
        ),
        (
            "content/gioi-thieu/_index.md",
            "+++\ntitle = \"Giới thiệu\"\n+++\n",
        ),
        (
            "content/tin-tuc/a.md",
            "+++\ntitle = \"Tin A\"\ndate = 2026-01-02\n+++\n## Một\n\n## Hai\n",
        ),
    ]);
    build_ok(dir.path());
    let home = read(dir.path(), "index.html");
    assert!(home.contains("<html lang=\"vi\">"), "{home}");
    assert!(home.contains("Xã Thử Nghiệm"));
    assert!(
        dir.path().join("public/style.css").exists(),
        "the theme's static files come along"
    );
    let page = read(dir.path(), "tin-tuc/a/index.html");
    assert!(page.contains("Tin A"));
}

#[test]
fn repository_demo_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = niemyet::build(&niemyet::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(dir.path().join("public")),
        base_url: None,
        drafts: false,
        today: Some(crate::common::today()),
    })
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(report.pages >= 4, "{report:?}");
    // The demo's procedures are the national database's own data, imported as they are: some
    // time limits are a bare number or "Không có thông tin", and two forms are file names the
    // export does not include.
    // Those warnings are what an editor sees after importing; anything else is a defect.
    let unexpected: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| {
            !(w.message
                .contains("chỉ có con số, không rõ là ngày hay ngày làm việc")
                || w.message
                    .contains("là chỗ trống của Cơ sở dữ liệu quốc gia")
                || w.message.contains("không thấy tệp mẫu"))
        })
        .map(|w| w.to_string())
        .collect();
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("lang=\"vi\""));
}

/// Lists carry only the page fields templates read from listed pages; every way a theme can
/// read a listed page's field must still find it.
#[test]
fn listed_pages_keep_every_field_templates_read() {
    let page = |title: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2026-01-0{}\n+++\nNội dung {title}.\n\n## Mục một\n",
            title.len() % 9 + 1
        )
    };
    let (a, b) = (page("Bài A"), page("Bài BB"));
    let dir = min_site(&[
        ("content/tin/_index.md", "+++\ntitle = \"Tin\"\nsort_by = \"date\"\npaginate_by = 5\ngenerate_feeds = true\n+++\n"),
        ("content/tin/a.md", &a),
        ("content/tin/b.md", &b),
        (
            "templates/macros.html",
            "{% macro item(page) %}[{{ page.title }}|{{ page.content | striptags | trim }}]{% endmacro item %}",
        ),
        (
            "templates/section.html",
            "{% import \"macros.html\" as m %}{{ section.title }}\
             {% for p in paginator.pages %}{{ m::item(page=p) }}{% endfor %}\
             {% set s = get_section(path=\"tin/_index.md\") %}\
             {% for page in s.pages %}{% include \"toc.html\" %}{% endfor %}",
        ),
        ("templates/toc.html", "<{{ page.toc | length }} {{ page.word_count }}>"),
        (
            "templates/page.html",
            "{{ page.title }}|{{ page.content | safe }}|{{ page.lower.reading_time | default(value='-') }}",
        ),
    ]);
    build_ok(dir.path());
    let list = read(dir.path(), "tin/index.html");
    assert!(
        list.contains("[Bài BB|Nội dung Bài BB.\nMục một]"),
        "{list}"
    );
    assert!(list.contains("<1 6><1 6>"), "{list}");
    let page = read(dir.path(), "tin/a/index.html");
    assert!(page.ends_with("|1") || page.ends_with("|-"), "{page}");
    // The section feed loops over whole pages, whatever lists hold.
    let feed = read(dir.path(), "tin/atom.xml");
    assert!(feed.contains("Nội dung Bài A."), "{feed}");
}

/// Every page of the built-in theme carries its metadata, and text from config or content
/// cannot break out of the JSON-LD script element.
#[test]
fn builtin_theme_metadata_and_json_ld() {
    let dir = site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\ntitle = \"Cổng xã\"\n\
             description = \"Thông tin của xã.\"\ntheme = \"niemyet\"\n\
             [commune]\nname = \"Xã </script><b>Thử</b>\"\nhotline = \"0200 111 222\"\n\
             address = \"Thôn A & B\"\nprovince = \"Tỉnh C\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\n"),
        (
            "content/tin/_index.md",
            "+++\ntitle = \"Tin\"\ndescription = \"Tin của xã\"\n+++\n",
        ),
        (
            "content/tin/a.md",
            "+++\ntitle = \"Tin \\\"A\\\" <mới>\"\ndescription = \"Mô tả A\"\ndate = 2026-01-02\n+++\nNội dung.\n",
        ),
    ]);
    build_ok(dir.path());
    let page = read(dir.path(), "tin/a/index.html");
    assert!(
        page.contains("<meta property=\"og:type\" content=\"article\">"),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:title\" content=\"Tin &quot;A&quot; &lt;mới&gt;\">"),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:description\" content=\"Mô tả A\">"));
    let start = page.find("<script type=\"application/ld+json\">").unwrap();
    let end = start + page[start..].find("</script>").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&page[start + 35..end]).expect("JSON-LD parses");
    assert_eq!(json["@type"], "GovernmentOrganization");
    assert_eq!(json["alternateName"], "Xã </script><b>Thử</b>");
    assert_eq!(json["address"]["streetAddress"], "Thôn A & B");
    assert_eq!(json["url"], "https://xa.example.vn/");
    let list = read(dir.path(), "tin/index.html");
    assert!(list.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(
        list.contains("<meta name=\"description\" content=\"Tin của xã\">"),
        "{list}"
    );
    // Without a description of its own, a page falls back on the site's.
    let home = read(dir.path(), "index.html");
    assert!(home.contains("<meta property=\"og:description\" content=\"Thông tin của xã.\">"));
}
