//! The search index (Pagefind) and the search page: which pages are indexed and which parts,
//! the đ-words folded into metadata, the A–Z list, and the index following the build's rules
//! (deterministic, atomic, rewriting nothing unchanged). What a citizen finds with it is
//! tested in the browser (`tests/browser/search.mjs`).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::Value as Json;

use crate::common::*;

/// The procedures fixture with the search on, a news page, and a withdrawn procedure.
fn site_with_search() -> tempfile::TempDir {
    let dir = fixture("procedures");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("build_search_index = true\n{config}"),
    )
    .unwrap();
    write(
        dir.path(),
        "content/tin-tuc/_index.md",
        "+++\ntitle = \"Tin tức\"\nsort_by = \"date\"\n+++\nTin của xã.\n",
    );
    write(
        dir.path(),
        "content/tin-tuc/dat-dai.md",
        "+++\ntitle = \"Đo đạc đất đai thôn Đông\"\ndate = 2026-11-02\n+++\n\
         Đoàn đo đạc về thôn từ ngày 10/11. Bà con chuẩn bị giấy tờ về đất.\n",
    );
    let withdrawn = std::fs::read_to_string(dir.path().join("content/thu-tuc/ho-tich/1.000656.md"))
        .unwrap()
        .replace(
            "code = \"1.000656\"",
            "code = \"1.000999\"\nstatus = \"bai-bo\"",
        )
        .replace("Thủ tục đăng ký khai tử", "Thủ tục đăng ký khai tử cũ");
    write(
        dir.path(),
        "content/thu-tuc/ho-tich/1.000999.md",
        &withdrawn,
    );
    dir
}

/// Every fragment of the index (one per indexed page), by URL.
fn fragments(public: &Path) -> BTreeMap<String, Json> {
    let dir = public.join("pagefind/fragment");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut text)
                .unwrap();
            // Pagefind prefixes its compressed files with a signature.
            let json = text.strip_prefix(b"pagefind_dcd").unwrap_or(&text);
            let f: Json = serde_json::from_slice(json).unwrap();
            (f["url"].as_str().unwrap().to_string(), f)
        })
        .collect()
}

#[test]
fn indexes_the_marked_parts_of_content_pages_only() {
    let dir = site_with_search();
    build_ok(dir.path());
    let public = dir.path().join("public");
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.unknown.pagefind",
    ] {
        assert!(public.join(f).is_file(), "{f} missing");
    }
    let frags = fragments(&public);
    let urls: Vec<&str> = frags.keys().map(String::as_str).collect();
    assert_eq!(
        urls,
        [
            "/thu-tuc/",
            "/thu-tuc/chung-thuc/",
            "/thu-tuc/chung-thuc/2-000815/",
            "/thu-tuc/dich-vu-cong-toan-trinh/",
            "/thu-tuc/ho-tich/",
            "/thu-tuc/ho-tich/1-000656/",
            "/thu-tuc/ho-tich/1-001193/",
            "/tin-tuc/",
            "/tin-tuc/dat-dai/",
        ],
        "the home page, QR pages, posters, the search page and the withdrawn procedure are left out"
    );
    let entry: Json =
        serde_json::from_str(&read(dir.path(), "pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["vi"]["page_count"], 9, "{entry}");

    // A procedure: its name, code and result, not its documents, steps, boilerplate or the
    // site's navigation and footer.
    let birth = &frags["/thu-tuc/ho-tich/1-001193/"];
    let content = birth["content"].as_str().unwrap();
    assert_eq!(birth["meta"]["title"], "Thủ tục đăng ký khai sinh");
    assert_eq!(birth["meta"]["code"], "1.001193");
    assert!(
        content.contains("1.001193") && content.contains("Kết quả"),
        "{content}"
    );
    for absent in [
        "Giấy tờ cần chuẩn bị",
        "Các bước thực hiện",
        "Căn cứ pháp lý",
        "Đường dây nóng",
        "Bỏ qua, đến nội dung chính",
        "Tiếp nhận phản ánh",
    ] {
        assert!(!content.contains(absent), "{absent:?} indexed: {content}");
    }
    // A section: its heading and introduction, not its list of pages.
    let news = frags["/tin-tuc/"]["content"].as_str().unwrap();
    assert!(news.contains("Tin của xã"), "{news}");
    assert!(!news.contains("Đo đạc"), "{news}");
}

#[test]
fn words_with_d_are_added_folded_for_the_index_only() {
    let dir = site_with_search();
    build_ok(dir.path());
    let frags = fragments(&dir.path().join("public"));
    let news = &frags["/tin-tuc/dat-dai/"]["meta"];
    assert_eq!(news["plain_title"], "Do dac dat dai thon Dong", "{news}");
    assert_eq!(news["plain_words"], "dac dai dat do doan dong", "{news}");
    let birth = &frags["/thu-tuc/ho-tich/1-001193/"]["meta"];
    assert_eq!(birth["plain_title"], "Thu tuc dang ky khai sinh", "{birth}");
    // A title without đ needs nothing: Pagefind folds its other marks itself.
    let copy = &frags["/thu-tuc/chung-thuc/2-000815/"]["meta"];
    assert!(copy.get("plain_title").is_none(), "{copy}");
    // The page citizens get is as the theme wrote it.
    let html = read(dir.path(), "tin-tuc/dat-dai/index.html");
    assert!(!html.contains("plain_title"), "{html}");
}

#[test]
fn the_search_page_lists_procedures_from_a_to_z() {
    let dir = site_with_search();
    build_ok(dir.path());
    let html = read(dir.path(), "tim-kiem/index.html");
    assert!(
        html.contains("<script type=\"module\" src=\"https://xa.example.vn/search.js?h="),
        "{html}"
    );
    assert!(
        html.contains("data-bundle=\"https://xa.example.vn/pagefind/\""),
        "{html}"
    );
    let az = &html[html.find("class=\"az\"").expect("an A–Z list")..];
    let az = &az[..az.find("</section>").unwrap()];
    let lists: String = az.split("<ul class=\"az-list\">").skip(1).collect();
    let letters: Vec<&str> = az
        .match_indices("<h3 id=\"")
        .map(|(i, _)| {
            let rest = &az[i..];
            let start = rest.find('>').unwrap() + 1;
            &rest[start..rest.find("</h3>").unwrap()]
        })
        .collect();
    assert_eq!(letters, ["C", "T"], "{az}");
    let names: Vec<&str> = lists
        .match_indices("<li><a href=")
        .map(|(i, _)| {
            let rest = &lists[i..];
            let start = rest.find("\">").unwrap() + 2;
            &rest[start..rest.find("</a>").unwrap()]
        })
        .collect();
    assert_eq!(
        names,
        [
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
            "Thủ tục đăng ký khai sinh",
            "Thủ tục đăng ký khai tử",
        ],
        "in force only, in Vietnamese order"
    );
    assert!(
        az.contains("href=\"#chu-c\"") && az.contains("id=\"chu-c\""),
        "{az}"
    );
    // Every page's header has a search box that works without JavaScript: a form to it.
    let home = read(dir.path(), "index.html");
    assert!(
        home.contains("<form class=\"site-search\" role=\"search\" action=\"https://xa.example.vn/tim-kiem/\" method=\"get\">"),
        "{home}"
    );
    assert!(
        !html.contains("class=\"site-search\""),
        "no second box on the search page"
    );
}

#[test]
fn without_build_search_index_there_is_no_index_page_or_box() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let public = dir.path().join("public");
    assert!(!public.join("pagefind").exists());
    assert!(!public.join("tim-kiem").exists());
    assert!(!read(dir.path(), "index.html").contains("site-search"));
}

#[test]
fn the_index_is_the_same_every_build_and_rebuilds_write_nothing() {
    let a = site_with_search();
    let b = site_with_search();
    build_ok(a.path());
    build_ok(b.path());
    let (sa, sb) = (
        snapshot(&a.path().join("public")),
        snapshot(&b.path().join("public")),
    );
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(sb[k] == *v, "{k} differs between two builds");
    }
    let again = build_ok(a.path());
    assert_eq!(again.write.written, 0, "{:?}", again.write);

    // One page edited: its page, and the few index files holding its words, are written.
    write(
        a.path(),
        "content/tin-tuc/dat-dai.md",
        "+++\ntitle = \"Đo đạc đất đai thôn Đông\"\ndate = 2026-11-02\n+++\nĐoàn đo đạc về thôn từ ngày 12/11.\n",
    );
    let edited = build_ok(a.path());
    assert!(
        edited.write.written <= 8,
        "{} files written after one edit: {:?}",
        edited.write.written,
        edited.write
    );
    let frags = fragments(&a.path().join("public"));
    assert!(frags["/tin-tuc/dat-dai/"]["content"]
        .as_str()
        .unwrap()
        .contains("12/11"));
}

#[test]
fn results_link_under_the_base_path() {
    let dir = site_with_search();
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        config.replace("https://xa.example.vn", "https://example.vn/xa-thu"),
    )
    .unwrap();
    build_ok(dir.path());
    let frags = fragments(&dir.path().join("public"));
    assert!(
        frags.contains_key("/xa-thu/thu-tuc/ho-tich/1-001193/"),
        "{:?}",
        frags.keys()
    );
}

#[test]
fn a_theme_that_marks_nothing_gets_every_page_indexed() {
    // As Pagefind does: without any data-pagefind-body, whole pages are indexed.
    let dir = min_site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\nbuild_search_index = true\n",
        ),
        (
            "templates/page.html",
            "<html lang=\"vi\"><body><h1>{{ page.title }}</h1>{{ page.content | safe }}</body></html>",
        ),
        (
            "content/dat-dai.md",
            "+++\ntitle = \"Đất đai\"\n+++\nĐo đạc lại đất.\n",
        ),
    ]);
    build_ok(dir.path());
    let frags = fragments(&dir.path().join("public"));
    assert!(frags.contains_key("/dat-dai/"), "{:?}", frags.keys());
    assert_eq!(frags["/dat-dai/"]["meta"]["plain_title"], "Dat dai");
    // No search page without a search.html template.
    assert!(!dir.path().join("public/tim-kiem").exists());
}

#[test]
fn pages_marked_by_a_template_rendered_late_are_indexed_too() {
    // Pagefind starts on the content pages while posters and the 404 page render; a site
    // whose 404 template marks its body for search gets that page indexed all the same.
    let dir = site_with_search();
    write(
        dir.path(),
        "templates/404.html",
        "<html lang=\"vi\"><body><main data-pagefind-body><h1>Không tìm thấy trang</h1>\
         </main></body></html>",
    );
    build_ok(dir.path());
    let frags = fragments(&dir.path().join("public"));
    assert!(frags.contains_key("/404.html"), "{:?}", frags.keys());
    assert!(frags.contains_key("/thu-tuc/ho-tich/1-001193/"));
    let entry: Json =
        serde_json::from_str(&read(dir.path(), "pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(
        entry["languages"]["vi"]["page_count"].as_u64(),
        Some(frags.len() as u64)
    );
}

#[test]
fn check_builds_no_index() {
    let dir = site_with_search();
    let report = niemyet::check(&niemyet::BuildOptions {
        root: dir.path().to_path_buf(),
        today: Some(today()),
        ..Default::default()
    })
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(report.files > 0);
    assert!(!dir.path().join("public").exists());
}
