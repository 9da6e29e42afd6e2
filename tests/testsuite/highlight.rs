//! Code highlighting: classes with `syntax.css`, inline colours, Zola's older keys.

use crate::common::{build_err, build_ok, find, min_site, read, write, MIN_CONFIG};

const PAGE: &str = "+++\ntitle = \"Mã\"\n+++\n\
                    ```rust,linenos\nfn main() { if true { return; } }\n```\n\n\
                    ```\nkhông có ngôn ngữ <b>\n```\n";

fn page_template(dir: &std::path::Path) {
    write(
        dir,
        "templates/page.html",
        "{{ page.content | safe }}|{{ config.markdown.highlight_code }}",
    );
}

#[test]
fn classed_highlighting_writes_syntax_css() {
    let dir = min_site(&[("content/ma.md", PAGE)]);
    page_template(dir.path());
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}[markdown.highlighting]\nstyle = \"class\"\n"),
    );
    build_ok(dir.path());
    let html = read(dir.path(), "ma/index.html");
    assert!(
        html.contains("<pre data-lang=\"rust\" class=\"language-rust z-code\"><code class=\"language-rust\" data-lang=\"rust\">"),
        "{html}"
    );
    assert!(html.contains("z-keyword z-control"), "{html}");
    assert!(!html.contains("style="), "{html}");
    assert!(html.contains("<pre class=\"z-code\"><code>không có ngôn ngữ &lt;b&gt;\n</code></pre>"));
    assert!(html.ends_with("|true"), "{html}");
    let css = read(dir.path(), "syntax.css");
    assert!(css.contains(".z-code"), "{css}");
    assert!(css.contains(".z-keyword"), "{css}");
}

#[test]
fn inline_highlighting_and_no_stylesheet() {
    let dir = min_site(&[("content/ma.md", PAGE)]);
    page_template(dir.path());
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}[markdown]\nhighlight_code = true\nhighlight_theme = \"inspired-github\"\n"),
    );
    build_ok(dir.path());
    let html = read(dir.path(), "ma/index.html");
    assert!(html.contains("<span style=\"color:#"), "{html}");
    assert!(!html.contains("z-keyword"), "{html}");
    assert!(!dir.path().join("public/syntax.css").exists());
}

#[test]
fn off_by_default_and_site_stylesheet_wins() {
    let dir = min_site(&[
        ("content/ma.md", PAGE),
        ("static/syntax.css", "/* của tôi */"),
    ]);
    page_template(dir.path());
    build_ok(dir.path());
    let html = read(dir.path(), "ma/index.html");
    assert!(
        html.contains("<pre><code class=\"language-rust,linenos\">"),
        "{html}"
    );
    assert!(html.ends_with("|false"), "{html}");

    // Zola's old `highlight_theme = "css"` means classes; a site's own syntax.css is kept.
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}[markdown]\nhighlight_code = true\nhighlight_theme = \"css\"\n"),
    );
    build_ok(dir.path());
    assert!(read(dir.path(), "ma/index.html").contains("z-code"));
    assert_eq!(read(dir.path(), "syntax.css"), "/* của tôi */");
}

#[test]
fn unknown_theme_is_an_error() {
    let dir = min_site(&[]);
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}[markdown.highlighting]\ntheme = \"dracula\"\n"),
    );
    let d = build_err(dir.path());
    let e = find(&d, "dracula");
    assert!(e.is_error());
    assert_eq!(e.line, Some(4));
    assert!(e.hint.as_deref().unwrap().contains("base16-ocean.dark"));
}

#[test]
fn unknown_language_is_a_warning_at_the_fence() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nVí dụ:\n\n```khongco\nx\n```\n",
    )]);
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}[markdown.highlighting]\ntheme = \"base16-ocean.dark\"\n"),
    );
    let r = build_ok(dir.path());
    let w: Vec<_> = r.warnings.iter().collect();
    assert_eq!(w.len(), 1, "{}", r.warnings);
    assert!(w[0].message.contains("\"khongco\""));
    assert_eq!(w[0].line, Some(6));
}

#[test]
fn fence_annotations_not_applied_are_warned_about_at_the_fence() {
    let dir = min_site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n```rust\nfn a() {}\n```\n\n```rust,linenos,hl_lines=1\nfn b() {}\n```\n",
    )]);
    write(
        dir.path(),
        "config.toml",
        &format!("{MIN_CONFIG}[markdown.highlighting]\nstyle = \"class\"\n"),
    );
    page_template(dir.path());
    let r = build_ok(dir.path());
    let w = find(&r.warnings, "chú thích");
    assert!(w.message.contains("`linenos`, `hl_lines=1`"), "{w}");
    assert_eq!(w.line, Some(8));
    assert_eq!(r.warnings.iter().count(), 1, "{}", r.warnings);
    // The code itself is still shown, highlighted.
    let html = read(dir.path(), "a/index.html");
    assert_eq!(html.matches("<pre data-lang=\"rust\"").count(), 2, "{html}");
}
