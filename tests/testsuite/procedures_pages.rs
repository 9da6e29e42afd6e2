//! The built-in theme's procedure pages (thủ tục hành chính), built from
//! `tests/fixtures/procedures`: the start page of a procedure, its QR code and print page, the
//! catalogue, a field, the list of online procedures and the home page's popular procedures.

use std::path::Path;

use crate::common::*;
use crate::support_qr::decode_all_in_html;

const KHAI_SINH: &str = "thu-tuc/ho-tich/1-001193/index.html";
const KHAI_TU: &str = "thu-tuc/ho-tich/1-000656/index.html";
const CHUNG_THUC: &str = "thu-tuc/chung-thuc/2-000815/index.html";
const KHAI_SINH_URL: &str = "https://xa.example.vn/thu-tuc/ho-tich/1-001193/";
const KHAI_SINH_ONLINE: &str =
    "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7";

/// Text as a reader sees it: Tera writes `/` as `&#x2F;` in text, among others.
fn text(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The built fixture: one build shared by the tests that only read it would be faster, but a
/// build of this site takes a few milliseconds.
fn built() -> tempfile::TempDir {
    let dir = fixture("procedures");
    build_ok(dir.path());
    dir
}

/// The `href` of the first `<a>` whose attributes contain `marker`.
fn href_of(html: &str, marker: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in:\n{html}"));
    let open = html[..at].rfind("<a ").expect("an <a> before the marker");
    let tag = &html[open..open + html[open..].find('>').unwrap()];
    let href = tag
        .split("href=\"")
        .nth(1)
        .expect("an href")
        .split('"')
        .next()
        .unwrap();
    text(href)
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let json = rest.split("</script>").next().unwrap();
            serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}):\n{json}"))
        })
        .collect()
}

fn service(html: &str) -> serde_json::Value {
    json_ld(html)
        .into_iter()
        .find(|v| v["@type"] == "GovernmentService")
        .unwrap_or_else(|| panic!("no GovernmentService JSON-LD in:\n{html}"))
}

/// The part of `html` between two markers.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let end = html[start..].find(to).map_or(html.len(), |e| start + e);
    &html[start..end]
}

fn html_files(root: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn procedure_page_is_a_start_page() {
    let dir = built();
    let html = read(dir.path(), KHAI_SINH);
    let t = text(&html);
    assert!(
        html.contains("<h1>Thủ tục đăng ký khai sinh</h1>"),
        "{html}"
    );
    assert!(
        t.contains("Mã thủ tục: <strong data-pagefind-meta=\"code\">1.001193</strong>"),
        "{t}"
    );
    // The summary box: time, fee, where, and the button to the online service itself.
    let summary = between(&t, "class=\"proc-summary\"", "</div>\n  <section");
    assert!(
        summary.contains("<dt>Thời hạn giải quyết:</dt> <dd>Trong ngày</dd>"),
        "{summary}"
    );
    assert!(
        summary.contains("<dt>Phí, lệ phí:</dt> <dd>Miễn phí</dd>"),
        "{summary}"
    );
    assert!(summary.contains("Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân Xã Thử"));
    assert!(summary.contains("toàn trình"), "{summary}");
    assert_eq!(
        href_of(&html, "class=\"button button-start\""),
        KHAI_SINH_ONLINE
    );
    // The description and audience come before the summary box.
    let lead = html.find("Đăng ký khai sinh cho trẻ em").unwrap();
    assert!(lead < html.find("proc-summary").unwrap());
    assert!(html.contains("Ai được làm:</strong> Công dân Việt Nam."));
    // Breadcrumbs: home, catalogue, field, this page.
    let crumbs = between(&t, "class=\"breadcrumbs\"", "</nav>");
    for (i, label) in [
        "Trang chủ",
        "Thủ tục hành chính",
        "Hộ tịch",
        "Thủ tục đăng ký khai sinh",
    ]
    .iter()
    .enumerate()
    {
        let at = crumbs
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {crumbs}"));
        if i > 0 {
            assert!(
                at > crumbs
                    .find(["Trang chủ", "Thủ tục hành chính", "Hộ tịch"][i - 1])
                    .unwrap()
            );
        }
    }
}

#[test]
fn documents_are_a_checklist_and_notes_a_list() {
    let dir = built();
    let html = read(dir.path(), KHAI_SINH);
    // Documents to submit and to show: a real checkbox with its label each.
    for id in ["gt-nop-1", "gt-nop-2", "gt-xuat-trinh-1"] {
        assert!(
            html.contains(&format!("<input type=\"checkbox\" id=\"{id}\">")),
            "{id}"
        );
        assert!(html.contains(&format!("<label for=\"{id}\">")), "{id}");
    }
    assert_eq!(html.matches("type=\"checkbox\"").count(), 3);
    assert!(html.contains("Giấy chứng sinh <span class=\"count\">(1 bản chính)</span>"));
    // A form at an address: "Tải mẫu"; the note group is a plain list.
    assert_eq!(
        href_of(&html, ">Tải mẫu<"),
        "https://example.vn/to-khai-khai-sinh.docx"
    );
    let notes = between(&html, "<h3>Lưu ý</h3>", "</ul>");
    assert!(
        notes.contains("có thể nộp bản sao có chứng thực"),
        "{notes}"
    );
    assert!(!notes.contains("checkbox"));
    // No "0 bản sao" when copies = 0.
    let khai_tu = read(dir.path(), KHAI_TU);
    assert!(khai_tu.contains("Tờ khai đăng ký khai tử <span class=\"count\">(1 bản chính)</span>"));
    assert!(!khai_tu.contains("0 bản"));
}

#[test]
fn steps_channels_and_the_rest() {
    let dir = built();
    let t = text(&read(dir.path(), KHAI_SINH));
    let steps = between(&t, "<h2 id=\"cac-buoc\">", "</section>");
    assert_eq!(steps.matches("<li").count(), 3, "{steps}");
    assert!(steps.contains("<ol class=\"steps\">"));
    let channels = between(&t, "<table class=\"channels\">", "</table>");
    assert!(
        channels.contains("<th scope=\"row\">Trực tiếp</th><td>Trong ngày</td><td>Miễn phí</td>")
    );
    assert!(channels.contains("Nếu nhận hồ sơ sau 15 giờ"));
    assert!(t.contains("<li>Giấy khai sinh</li>"));
    assert!(t.contains("<h2 id=\"can-cu\">Căn cứ pháp lý</h2>"));
    assert!(between(&t, "<h2 id=\"can-cu\">", "</section>").contains("<details"));
    assert!(t.contains("60/2014/QH13: Luật Hộ tịch"));
    let notes = between(
        &t,
        "<h2 id=\"ghi-chu-xa\">Ghi chú của xã</h2>",
        "</section>",
    );
    assert!(notes.contains("Xã Thử nhận hồ sơ cả sáng thứ Bảy."));
    let feedback = between(&t, "<h2 id=\"phan-anh\">", "</section>");
    assert!(feedback.contains("Bộ phận Một cửa, Ủy ban nhân dân Xã Thử"));
    assert!(feedback.contains("<a href=\"tel:02003000001\">0200 3 000 001</a>"));
    assert!(feedback.contains("<a href=\"mailto:phananh@xa.example.vn\">"));
    assert!(t.contains("Rà soát lần cuối: <time datetime=\"2026-10-01\">01/10/2026</time>"));
    // In force: no withdrawal banner.
    assert!(!t.contains("đã bãi bỏ"));
}

#[test]
fn fees_and_local_forms() {
    let dir = built();
    let html = read(dir.path(), CHUNG_THUC);
    let t = text(&html);
    assert!(t.contains("<dd>2.000 đồng/trang; 10 USD/bản</dd>"), "{t}");
    // Not online: no button, a sentence saying to come in person instead.
    assert!(!html.contains("button-start"));
    assert!(t.contains("chưa nộp được qua mạng"));
    let form = href_of(&html, ">Tải mẫu<");
    assert_eq!(
        form,
        "https://xa.example.vn/thu-tuc/chung-thuc/2-000815/mau-yeu-cau.txt"
    );
    assert_eq!(
        read(dir.path(), "thu-tuc/chung-thuc/2-000815/mau-yeu-cau.txt").trim(),
        "Mẫu yêu cầu chứng thực"
    );
    let s = service(&html);
    let offers = s["offers"].as_array().unwrap();
    assert_eq!(offers.len(), 2, "{s:#}");
    assert_eq!(offers[0]["price"], 2000);
    assert_eq!(offers[0]["priceCurrency"], "VND");
    assert_eq!(offers[1]["price"], 10);
    assert_eq!(offers[1]["priceCurrency"], "USD");
}

#[test]
fn online_button_falls_back_to_the_portal_page() {
    let dir = built();
    let html = read(dir.path(), KHAI_TU);
    assert_eq!(
        href_of(&html, "class=\"button button-start\""),
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fac-7489-b53b-9c6c958f2da4"
    );
    let s = service(&html);
    let channels = s["availableChannel"].as_array().unwrap();
    assert_eq!(channels[0]["processingTime"], "P3D");
    assert_eq!(
        channels[0]["description"],
        "Thời hạn giải quyết: 3 ngày làm việc"
    );
}

#[test]
fn json_ld_government_service() {
    let dir = built();
    let html = read(dir.path(), KHAI_SINH);
    let all = json_ld(&html);
    assert!(all.iter().any(|v| v["@type"] == "GovernmentOrganization"));
    let s = service(&html);
    assert_eq!(s["@context"], "https://schema.org");
    assert_eq!(s["identifier"], "1.001193");
    assert_eq!(s["name"], "Thủ tục đăng ký khai sinh");
    assert_eq!(s["serviceType"], "Hộ tịch");
    assert_eq!(s["url"], KHAI_SINH_URL);
    assert_eq!(s["provider"]["@type"], "GovernmentOrganization");
    assert_eq!(s["provider"]["name"], "Ủy ban nhân dân Xã Thử");
    assert_eq!(s["audience"]["audienceType"], "Công dân Việt Nam");
    let channels = s["availableChannel"].as_array().unwrap();
    assert_eq!(channels.len(), 2);
    assert_eq!(channels[0]["name"], "Trực tiếp");
    assert_eq!(channels[1]["name"], "Trực tuyến");
    assert_eq!(channels[1]["serviceUrl"], KHAI_SINH_ONLINE);
    // "Trong ngày" is not a quantity: no duration is made up for it.
    assert!(channels[0].get("processingTime").is_none());
    // Both channels are free: one offer.
    assert_eq!(s["offers"].as_array().unwrap().len(), 1);
    assert_eq!(s["offers"][0]["price"], 0);
}

#[test]
fn qr_code_on_the_page_and_its_print_page() {
    let dir = built();
    let html = read(dir.path(), KHAI_SINH);
    assert!(html.contains("class=\"qr\""));
    assert_eq!(
        decode_all_in_html(&html),
        ["https://xa.example.vn/tt/1.001193/"]
    );
    assert!(html.contains("aria-label=\"Mã QR của thủ tục Thủ tục đăng ký khai sinh\""));
    let print = href_of(&html, ">In mã QR<");
    assert_eq!(print, format!("{KHAI_SINH_URL}qr/"));
    // The short address redirects to the page.
    let alias = read(dir.path(), "tt/1.001193/index.html");
    assert!(alias.contains(&format!("url={KHAI_SINH_URL}")), "{alias}");
    // The print page: the code, the name and code under it, the address to type, noindex.
    let qr = read(dir.path(), "thu-tuc/ho-tich/1-001193/qr/index.html");
    let t = text(&qr);
    assert_eq!(
        decode_all_in_html(&qr),
        ["https://xa.example.vn/tt/1.001193/"]
    );
    assert!(qr.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(qr.contains("<body class=\"qr-print\">"));
    assert!(t.contains("<h1>Thủ tục đăng ký khai sinh</h1>"));
    assert!(t.contains("Mã thủ tục: 1.001193"));
    assert!(t.contains("Ủy ban nhân dân Xã Thử"));
    assert!(t.contains("https://xa.example.vn/tt/1.001193/</span>"));
    assert_eq!(href_of(&qr, ">Quay lại trang thủ tục<"), KHAI_SINH_URL);
    // Not a page to find by search: left out of the sitemap.
    assert!(!read(dir.path(), "sitemap.xml").contains("/qr/"));
}

#[test]
fn catalogue_counts_fields_and_links_the_online_page() {
    let dir = built();
    let t = text(&read(dir.path(), "thu-tuc/index.html"));
    assert!(
        t.contains("Có <strong>3</strong> thủ tục đang áp dụng, chia theo 2 lĩnh vực."),
        "{t}"
    );
    let jump = between(&t, "<nav class=\"jump\"", "</nav>");
    assert!(
        jump.contains("<a href=\"#lv-ho-tich\">Hộ tịch (2)</a>"),
        "{jump}"
    );
    assert!(
        jump.contains("<a href=\"#lv-chung-thuc\">Chứng thực (1)</a>"),
        "{jump}"
    );
    let ho_tich = between(&t, "<h2 id=\"lv-ho-tich\">", "</section>");
    assert!(ho_tich.contains("(2 thủ tục)"));
    assert_eq!(ho_tich.matches("class=\"proc-item\"").count(), 2);
    assert!(ho_tich.contains("Mã 1.001193 <span class=\"badge\">Trực tuyến toàn trình</span>"));
    assert!(ho_tich.contains("<dt>Thời hạn:</dt> <dd>3 ngày làm việc</dd>"));
    let chung_thuc = between(&t, "<h2 id=\"lv-chung-thuc\">", "</section>");
    assert!(chung_thuc.contains("(1 thủ tục)"));
    assert!(chung_thuc.contains("<dd>2.000 đồng/trang; 10 USD/bản</dd>"));
    // The online page is a page of the section, not a procedure: linked, not counted.
    assert!(t.contains("1 thủ tục làm được hoàn toàn qua mạng"));
    assert_eq!(
        href_of(&t, ">xem danh sách nộp trực tuyến<"),
        "https://xa.example.vn/thu-tuc/dich-vu-cong-toan-trinh/"
    );

    let field = text(&read(dir.path(), "thu-tuc/ho-tich/index.html"));
    assert!(field.contains("Lĩnh vực này có <strong>2</strong> thủ tục."));
    assert!(between(&field, "class=\"breadcrumbs\"", "</nav>").contains("Thủ tục hành chính"));
    assert_eq!(field.matches("class=\"proc-item\"").count(), 2);
}

#[test]
fn online_page_lists_fully_and_partly_online_procedures() {
    let dir = built();
    let html = read(dir.path(), "thu-tuc/dich-vu-cong-toan-trinh/index.html");
    let full = between(&html, "id=\"muc-toan-trinh\"", "</section>");
    assert!(
        full.contains("<h3>Hộ tịch <span class=\"count\">(1)</span></h3>"),
        "{full}"
    );
    assert!(full.contains("Mã 1.001193"));
    assert!(!full.contains("1.000656") && !full.contains("2.000815"));
    assert_eq!(href_of(full, ">Nộp trực tuyến<"), KHAI_SINH_ONLINE);
    let partial = between(&html, "id=\"muc-mot-phan\"", "</section>");
    assert!(partial.contains("Chưa có thủ tục nào."));
}

#[test]
fn home_page_lists_popular_procedures() {
    let dir = built();
    let t = text(&read(dir.path(), "index.html"));
    let popular = between(&t, "<h3>Thủ tục người dân hay làm</h3>", "</ul>");
    assert!(popular.contains(&format!(
        "<a href=\"{KHAI_SINH_URL}\"><span class=\"tap-title\">Thủ tục đăng ký khai sinh</span>"
    )));
    assert!(popular.contains("Thời hạn: Trong ngày"));
    assert!(popular.contains("Chứng thực bản sao từ bản chính giấy tờ, văn bản"));
    // 9.999999 has no page: skipped.
    assert_eq!(popular.matches("<li>").count(), 2);
    assert_eq!(
        href_of(&t, ">Xem tất cả thủ tục<"),
        "https://xa.example.vn/thu-tuc/"
    );
}

#[test]
fn no_template_syntax_left_in_any_page() {
    let dir = built();
    let files = html_files(dir.path());
    assert!(files.len() >= 12, "{}", files.len());
    for (path, html) in files {
        for leftover in ["{{", "{%", "%}", "{#"] {
            assert!(!html.contains(leftover), "{path} contains {leftover:?}");
        }
    }
}

/// A withdrawn procedure.
const WITHDRAWN: &str = r#"+++
title = "Thủ tục cũ"

[procedure]
code = "1.009998"
field = "Hộ tịch"
audience = ["Công dân Việt Nam"]
agency = "Ủy ban nhân dân xã"
online = "toan-trinh"
online_url = "https://dvc.example.vn/cu"
status = "bai-bo"
steps = ["Nộp hồ sơ."]

[[procedure.channels]]
way = "truc-tiep"
time = "Trong ngày"
fee = "Miễn phí"

[[procedure.documents]]
group = "nop"
name = "Tờ khai"
originals = 1
+++
"#;

/// A procedure whose texts try to inject markup: everything stays text on every page.
const HOSTILE: &str = r#"+++
title = "Thủ tục <script>alert(1)</script> khai sinh"
description = "Mô tả <img src=x onerror=alert(2)>"

[procedure]
code = "1.009999"
field = "Hộ tịch <b>"
audience = ["Công dân </script><script>alert(3)</script>"]
agency = "Ủy ban nhân dân xã"
submit_at = "<i>Một cửa</i>"
online = "mot-phan"
online_url = "https://dvc.example.vn/a?b=1&c=2"
steps = ["Nộp <script>alert(4)</script>"]
requirements = "Có <u>điều kiện</u>"

[[procedure.channels]]
way = "truc-tuyen"
time = "5 ngày làm việc"
fee = "50.000 đồng/lần"
notes = "Ghi chú <script>alert(5)</script>"

[[procedure.channels]]
way = "buu-chinh"
time = "2 giờ"
fee = "Không quy định"

[[procedure.documents]]
group = "nop"
name = "Tờ khai <script>alert(6)</script>"
copies = 2
form = "mau <x>.docx"

[[procedure.documents]]
group = "luu-y"
name = "Lưu ý một"

[[procedure.documents]]
group = "luu-y"
name = "Lưu ý hai"

[[procedure.documents]]
group = "luu-y"
name = "Lưu ý ba"

[[procedure.documents]]
group = "luu-y"
name = "Lưu ý bốn"

[[procedure.legal_basis]]
number = "1/2020/<b>"
url = "https://vbpl.example.vn/1"
+++
"#;

#[test]
fn procedure_texts_are_escaped_on_every_page() {
    let dir = site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\ntitle = \"Xã Thử\"\ntheme = \"niemyet\"\n\n\
             [commune]\nname = \"Xã <b>Thử</b>\"\n",
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Xã Thử\"\n[extra]\npopular_procedures = [\"1.009999\", \"1.009998\"]\n+++\n",
        ),
        (
            "content/thu-tuc/_index.md",
            "+++\ntitle = \"Thủ tục\"\ntemplate = \"procedures.html\"\n\
             [extra]\nonline_page = \"thu-tuc/truc-tuyen.md\"\n+++\n",
        ),
        (
            "content/thu-tuc/truc-tuyen.md",
            "+++\ntitle = \"Trực tuyến\"\ntemplate = \"procedures-online.html\"\n+++\n",
        ),
        (
            "content/thu-tuc/ho-tich/_index.md",
            "+++\ntitle = \"Hộ tịch\"\ntemplate = \"procedure-field.html\"\n+++\n",
        ),
        ("content/thu-tuc/ho-tich/1.009999.md", HOSTILE),
        ("content/thu-tuc/ho-tich/1.009998.md", WITHDRAWN),
    ]);
    build_ok(dir.path());
    let files = html_files(dir.path());
    let mut seen = 0;
    for (path, html) in &files {
        for bad in ["<script>alert", "<img src=x", "<b>", "<i>Một", "<u>", "<x>"] {
            assert!(!html.contains(bad), "{path} contains {bad:?}:\n{html}");
        }
        if html.contains("Thủ tục &lt;script&gt;alert(1)&lt;&#x2F;script&gt; khai sinh") {
            seen += 1;
        }
        // JSON-LD still parses, with the title as text.
        json_ld(html);
    }
    // The procedure, its QR page, the catalogue, the field, the online page and the home page;
    // its poster, its field's A4 and A3 posters and the list of posters.
    assert_eq!(
        seen,
        10,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );

    let page = read(dir.path(), "thu-tuc/ho-tich/1-009999/index.html");
    let s = service(&page);
    assert_eq!(s["name"], "Thủ tục <script>alert(1)</script> khai sinh");
    assert_eq!(s["availableChannel"][0]["processingTime"], "P5D");
    assert_eq!(s["availableChannel"][1]["processingTime"], "PT2H");
    assert_eq!(s["offers"][0]["price"], 50000);
    // Copies without originals; a missing local form links to the national portal's copy,
    // its name escaped.
    assert!(page.contains("<span class=\"count\">(2 bản sao)</span>"));
    assert!(
        page.contains(
            "Mẫu trên Cổng Dịch vụ công quốc gia<span class=\"vh\">: mau &lt;x&gt;.docx</span></a>"
        ),
        "{page}"
    );
    // Four notes fold away.
    assert!(text(&page).contains("<summary>Xem 4 điều cần lưu ý</summary>"));
    // Partly online: listed under "một phần" with its link, the & of the address kept as one.
    let online = read(dir.path(), "thu-tuc/truc-tuyen/index.html");
    let partial = between(&online, "id=\"muc-mot-phan\"", "</section>");
    assert_eq!(
        href_of(partial, ">Nộp trực tuyến<"),
        "https://dvc.example.vn/a?b=1&c=2"
    );
    assert!(
        between(&online, "id=\"muc-toan-trinh\"", "</section>").contains("Chưa có thủ tục nào.")
    );
    // Withdrawn: a banner and no button on its page, a badge in lists, left out of the
    // online list and of the home page's popular procedures.
    let old = read(dir.path(), "thu-tuc/ho-tich/1-009998/index.html");
    assert!(old.contains("<strong>Thủ tục này đã bãi bỏ</strong>"));
    assert!(!old.contains("button-start"));
    let field = read(dir.path(), "thu-tuc/ho-tich/index.html");
    assert!(field.contains("Mã 1.009998 <span class=\"badge badge-off\">Đã bãi bỏ</span>"));
    assert!(!online.contains("Thủ tục cũ"));
    let home = read(dir.path(), "index.html");
    let popular = between(&home, "<h3>Thủ tục người dân hay làm</h3>", "</ul>");
    assert_eq!(popular.matches("<li>").count(), 1, "{popular}");
    assert!(!popular.contains("Thủ tục cũ"));
}

#[test]
fn sites_without_procedures_build_with_the_theme() {
    let dir = site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\ntitle = \"Xã Thử\"\ntheme = \"niemyet\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Xã Thử\"\n+++\n"),
        (
            "content/tin-tuc/_index.md",
            "+++\ntitle = \"Tin tức\"\n+++\n",
        ),
    ]);
    build_ok(dir.path());
    let home = read(dir.path(), "index.html");
    assert!(!home.contains("Thủ tục người dân hay làm"));
    assert!(!home.contains("Xem tất cả thủ tục"));
}
