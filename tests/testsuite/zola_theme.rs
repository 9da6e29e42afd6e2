//! A small theme written purely in Zola's conventions (base template, macros, shortcodes,
//! taxonomy templates, Sass, old highlight keys, YAML front matter) builds without changes.

use crate::common::*;

#[test]
fn zola_convention_theme_builds_unchanged() {
    let dir = fixture("zola-theme");
    let report = build_ok(dir.path());
    assert!(report.warnings.is_empty(), "{}", report.warnings);

    let index = read(dir.path(), "index.html");
    assert_eq!(
        index.matches("<article class=\"post\">").count(),
        2,
        "root paginated by 2: {index}"
    );
    assert!(index.contains("Bài ba") && index.contains("Bài hai") && !index.contains("Bài một"));
    assert!(
        index.contains("<a class=\"next\" href=\"https://blog.example.org/page/2/\">"),
        "{index}"
    );
    assert!(
        index.contains("<a class=\"logo\" href=\"https://blog.example.org\">Even</a>"),
        "theme extra kept"
    );
    assert!(
        index.contains("<a href=\"https://blog.example.org/posts/\">Bài viết</a><a href=\"https://blog.example.org/tags/\">Thẻ</a>"),
        "site extra overrides the theme's menu: {index}"
    );
    assert!(
        index.contains("site.css?h="),
        "compiled Sass is cachebusted"
    );
    assert_eq!(
        read(dir.path(), "site.css"),
        "body{color:#333}body a{color:#1a1a1a}"
    );
    assert!(
        !dir.path().join("public/vars.css").exists()
            && !dir.path().join("public/_vars.css").exists()
    );

    let one = read(dir.path(), "posts/mot/index.html");
    assert!(
        one.contains("<span style=\"color:"),
        "old highlight_theme keys give inline colours: {one}"
    );
    assert!(
        one.contains("youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        "theme shortcode: {one}"
    );
    assert!(
        one.contains("<a href=\"https://blog.example.org/tags/doi-song/\">#Đời sống</a>"),
        "{one}"
    );
    assert!(
        one.contains("class=\"previous\" href=\"https://blog.example.org/posts/hai/\""),
        "higher = newer: {one}"
    );

    let two = read(dir.path(), "posts/hai/index.html");
    assert!(
        two.contains("href=\"https://blog.example.org/posts/mot/#phan-a\""),
        "YAML page, @/ link: {two}"
    );

    let posts = read(dir.path(), "posts/index.html");
    assert!(
        posts.contains("<h2>2026</h2>"),
        "group_by on page.year: {posts}"
    );

    let tags = read(dir.path(), "tags/index.html");
    assert!(
        tags.contains("Tin <small>(3)</small>") && tags.contains("Đời sống <small>(1)</small>"),
        "{tags}"
    );
    assert!(read(dir.path(), "tags/tin/page/2/index.html").contains("Bài một"));
    assert!(read(dir.path(), "tags/tin/atom.xml").contains("<entry"));
}
