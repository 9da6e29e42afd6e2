//! `compile_sass = true`: sass/ (site and theme) compiled to CSS with grass.

use crate::common::{build_err, build_ok, find, min_site, read, write, MIN_CONFIG};

const STYLE: &str =
    "@use \"partial\";\n$mau: #c00;\n.tin {\n  color: $mau;\n  a { color: partial.$nen; }\n}\n";
const PARTIAL: &str = "$nen: #123456;\n.chung { margin: 0; }\n";

fn sass_site() -> tempfile::TempDir {
    let dir = min_site(&[
        ("sass/style.scss", STYLE),
        ("sass/_partial.scss", PARTIAL),
        ("sass/trang/in.sass", ".in\n  display: none\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
        (
            "templates/page.html",
            "{{ get_url(path='style.css', cachebust=true) | safe }}",
        ),
    ]);
    write(
        dir.path(),
        "config.toml",
        &format!("compile_sass = true\n{MIN_CONFIG}"),
    );
    dir
}

#[test]
fn sass_compiles_with_variables_nesting_and_use() {
    let dir = sass_site();
    build_ok(dir.path());
    let css = read(dir.path(), "style.css");
    assert!(css.contains(".chung{margin:0}"), "{css}");
    assert!(css.contains(".tin{color:#c00}"), "{css}");
    assert!(css.contains(".tin a{color:#123456}"), "{css}");
    assert!(!css.contains('$'), "{css}");
    assert_eq!(read(dir.path(), "trang/in.css").trim(), ".in{display:none}");
    assert!(!dir.path().join("public/_partial.css").exists());
    assert!(!dir.path().join("public/partial.css").exists());
}

#[test]
fn compiled_css_can_be_cachebusted() {
    let dir = sass_site();
    build_ok(dir.path());
    let url = read(dir.path(), "a/index.html");
    let first = url
        .strip_prefix("https://xa.example.vn/style.css?h=")
        .unwrap_or_else(|| panic!("{url}"))
        .to_string();
    assert_eq!(first.len(), 20, "{url}");
    write(dir.path(), "sass/_partial.scss", "$nen: #654321;\n");
    build_ok(dir.path());
    let url = read(dir.path(), "a/index.html");
    assert!(
        !url.ends_with(&first),
        "the hash follows the compiled CSS: {url}"
    );
}

#[test]
fn theme_sass_is_compiled_and_site_overrides_it() {
    let dir = sass_site();
    write(
        dir.path(),
        "config.toml",
        &format!("compile_sass = true\ntheme = \"rieng\"\n{MIN_CONFIG}"),
    );
    write(
        dir.path(),
        "themes/rieng/sass/style.scss",
        ".giao-dien { a: b }\n",
    );
    write(
        dir.path(),
        "themes/rieng/sass/chu.scss",
        "$c: 1px;\n.chu { top: $c }\n",
    );
    build_ok(dir.path());
    assert!(read(dir.path(), "style.css").contains(".tin{color:#c00}"));
    assert_eq!(read(dir.path(), "chu.css").trim(), ".chu{top:1px}");
}

#[test]
fn sass_is_left_alone_without_compile_sass() {
    let dir = sass_site();
    write(dir.path(), "config.toml", MIN_CONFIG);
    write(dir.path(), "templates/page.html", "PAGE");
    build_ok(dir.path());
    assert!(!dir.path().join("public/style.css").exists());
}

#[test]
fn broken_sass_names_the_file_and_line() {
    let dir = sass_site();
    write(
        dir.path(),
        "sass/style.scss",
        "$mau: #c00;\n.tin {\n  color: $mau\n  .con { color: $khong-co; }\n}\n",
    );
    write(dir.path(), "sass/hong.scss", "@use \"loi\";\n");
    write(
        dir.path(),
        "sass/_loi.scss",
        "a {\n  b: $chua-khai-bao;\n}\n",
    );
    let d = build_err(dir.path());
    let e = d
        .iter()
        .find(|x| x.file.as_deref() == Some(std::path::Path::new("sass/style.scss")))
        .unwrap_or_else(|| panic!("{d}"));
    assert!(e.is_error());
    assert!(e.message.starts_with("tệp Sass lỗi"), "{e}");
    assert!(matches!(e.line, Some(3..=4)), "{e}");
    assert!(e.column.is_some() && e.hint.is_some(), "{e}");

    // An error in a partial points at the partial and names the file being compiled.
    let e = find(&d, "biến chưa được khai báo");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("sass/_loi.scss"))
    );
    assert_eq!((e.line, e.column), (Some(2), Some(6)), "{e}");
    assert!(e.message.contains("khi dịch sass/hong.scss"), "{e}");
}

#[test]
fn sass_warn_becomes_a_warning() {
    let dir = sass_site();
    write(
        dir.path(),
        "sass/canh-bao.scss",
        "@warn \"cũ rồi\";\na { b: c }\n",
    );
    let report = build_ok(dir.path());
    let w = find(&report.warnings, "cũ rồi");
    assert!(!w.is_error());
    assert!(w.message.starts_with("Sass @warn"), "{w}");
    assert_eq!(
        w.file.as_deref(),
        Some(std::path::Path::new("sass/canh-bao.scss"))
    );
    assert_eq!(w.line, Some(1));
    assert_eq!(read(dir.path(), "canh-bao.css").trim(), "a{b:c}");
}
