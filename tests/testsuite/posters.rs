//! Printable posters: which posters a site gets, their sheets, the codes on them (decoded),
//! the contact and date on every sheet, the online poster's guides, and posters following the
//! site's data. What a printer makes of them (PDF pages, overflow, zbarimg) is tested in the
//! browser (`tests/browser/posters.mjs`).

use std::path::Path;

use crate::common::*;
use crate::support_qr::{data_qr, decode_all_in_html};

/// The sheets of a poster page, each as its HTML.
fn sheets(html: &str) -> Vec<&str> {
    html.split("<section class=\"sheet\"").skip(1).collect()
}

/// Every `Tờ i/n` in a page, in order.
fn sheet_numbers(html: &str) -> Vec<String> {
    html.match_indices("· Tờ ")
        .map(|(i, _)| {
            let rest = &html[i + "· Tờ ".len()..];
            rest[..rest.find('<').unwrap()].to_string()
        })
        .collect()
}

/// The fixture with a guide to submitting online, and `[posters]` naming it.
fn fixture_with_guide(guide: &str) -> tempfile::TempDir {
    let dir = fixture("procedures");
    write(
        dir.path(),
        "content/huong-dan/_index.md",
        "+++\ntitle = \"Hướng dẫn\"\n+++\n",
    );
    write(dir.path(), "content/huong-dan/nop.md", guide);
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("{config}\n[posters]\nonline_guide = \"huong-dan/nop.md\"\n"),
    )
    .unwrap();
    dir
}

const GUIDE: &str = "+++\ntitle = \"Nộp hồ sơ trực tuyến\"\n+++\n\
## Bạn cần chuẩn bị\n\nTài khoản VNeID.\n\n\
## Bước 1: Vào Cổng Dịch vụ công quốc gia\n\nMở trang.\n\n\
## Bước 2: Đăng nhập bằng VNeID\n\nĐăng nhập.\n\n\
### Bước 3 - Nộp hồ sơ\n\nBấm nộp.\n";

#[test]
fn a_site_with_procedures_gets_every_poster() {
    let dir = fixture_with_guide(GUIDE);
    build_ok(dir.path());
    let index = read(dir.path(), "ban-in/index.html");
    for path in [
        "/ban-in/bang-niem-yet/",
        "/ban-in/nop-truc-tuyen/",
        "/ban-in/linh-vuc/ho-tich/a4/",
        "/ban-in/linh-vuc/ho-tich/a3/",
        "/ban-in/linh-vuc/chung-thuc/a4/",
        "/ban-in/thu-tuc/1.001193/",
        "/ban-in/thu-tuc/1.000656/",
        "/ban-in/thu-tuc/2.000815/",
    ] {
        assert!(
            index.contains(&format!("href=\"https://xa.example.vn{path}#in\"")),
            "{path} not listed"
        );
        let html = read(dir.path(), &format!("{}index.html", &path[1..]));
        // One printed page per sheet, each at its paper's named page, with the contact and
        // the date it was printed from.
        let paper = if path.ends_with("/a3/") || path.contains("bang-niem-yet") {
            "a3"
        } else {
            "a4"
        };
        assert!(
            html.contains(&format!("<html lang=\"vi\" class=\"{paper}\">")),
            "{path}"
        );
        let n = sheets(&html).len();
        assert!(n >= 1, "{path}");
        let numbers = sheet_numbers(&html);
        assert_eq!(
            numbers,
            (1..=n).map(|i| format!("{i}/{n}")).collect::<Vec<_>>(),
            "{path}"
        );
        for sheet in sheets(&html) {
            assert!(
                sheet.contains(
                    "Phản ánh, kiến nghị gửi:</strong> Bộ phận Một cửa, Ủy ban nhân dân Xã Thử"
                ),
                "{path}"
            );
            assert!(
                sheet.contains("Điện thoại:</strong> 0200 3 000 001"),
                "{path}"
            );
            assert!(
                sheet.contains("Thư điện tử:</strong> phananh@xa.example.vn"),
                "{path}"
            );
            assert!(sheet.contains("In từ xa.example.vn ngày "), "{path}");
        }
        // Every code decodes to the address the poster says it encodes.
        let codes = decode_all_in_html(&html);
        assert!(!codes.is_empty(), "{path}");
        assert_eq!(codes, data_qr(&html), "{path}");
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    }
    // Procedures' codes are their short addresses, as on their pages.
    let khai_sinh = read(dir.path(), "ban-in/thu-tuc/1.001193/index.html");
    assert_eq!(
        decode_all_in_html(&khai_sinh),
        ["https://xa.example.vn/tt/1.001193/"]
    );
    let field = read(dir.path(), "ban-in/linh-vuc/ho-tich/a4/index.html");
    let mut codes = decode_all_in_html(&field);
    codes.sort();
    assert_eq!(
        codes,
        [
            "https://xa.example.vn/tt/1.000656/",
            "https://xa.example.vn/tt/1.001193/"
        ]
    );
    let board = read(dir.path(), "ban-in/bang-niem-yet/index.html");
    assert_eq!(
        decode_all_in_html(&board),
        [
            "https://xa.example.vn/thu-tuc/",
            "https://xa.example.vn/thu-tuc/chung-thuc/",
            "https://xa.example.vn/thu-tuc/ho-tich/",
        ]
    );
    assert!(board.contains("Toàn bộ danh mục: 3 thủ tục"));
    // The stylesheet states each paper's page, and the print button's script is there.
    let css = read(dir.path(), "ban-in/poster.css");
    assert!(css.contains("@page a3 { size: 297mm 420mm; margin: 10mm; }"));
    assert!(read(dir.path(), "ban-in/print.js").contains("window.print()"));
    // Posters are for printing, not for search engines: not in the sitemap.
    assert!(!read(dir.path(), "sitemap.xml").contains("ban-in"));
}

#[test]
fn a_procedure_poster_has_what_to_bring_and_the_steps_in_short() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let html = read(dir.path(), "ban-in/thu-tuc/1.001193/index.html");
    assert!(html.contains("<h1 class=\"sheet-title\">"));
    for fact in [
        "Ai được làm:",
        "Thời hạn giải quyết:</strong> Trong ngày",
        "Phí, lệ phí:",
        "Nơi nộp hồ sơ:",
        "Nộp trực tuyến:",
        "Đường dây nóng:</strong> 0200 3 000 000",
        "Xem đầy đủ tại:</strong> https:&#x2F;&#x2F;xa.example.vn&#x2F;tt&#x2F;1.001193&#x2F;",
    ] {
        assert!(html.contains(fact), "{fact}");
    }
    assert!(html.contains("<h2>Giấy tờ cần mang</h2>"));
    assert!(html.contains("<h2>Các bước</h2>"));
    assert!(html.contains("<span class=\"box\" aria-hidden=\"true\"></span>"));
    assert!(html.contains("class=\"qr-large\""));
}

#[test]
fn a_long_field_is_split_into_sheets_without_losing_a_procedure() {
    let mut files: Vec<(String, String)> = vec![(
        "content/thu-tuc/ho-tich/_index.md".into(),
        "+++\ntitle = \"Hộ tịch\"\n+++\n".into(),
    )];
    for i in 0..30 {
        let code = format!("1.{:06}", 100 + i);
        // Names of every length, up to four lines on A4.
        let name = format!(
            "Thủ tục số {i:02} {}",
            "đăng ký việc hộ tịch có yếu tố nước ngoài ".repeat(1 + i % 6)
        );
        files.push((
            format!("content/thu-tuc/ho-tich/{code}.md"),
            format!(
                "+++\ntitle = \"{}\"\n\n[procedure]\ncode = \"{code}\"\nfield = \"Hộ tịch\"\n\
                 audience = [\"Công dân Việt Nam\"]\nagency = \"Ủy ban nhân dân xã\"\n\
                 steps = [\"Nộp hồ sơ.\"]\n\n[[procedure.channels]]\nway = \"truc-tiep\"\n\
                 time = \"3 ngày làm việc\"\nfee = \"Miễn phí\"\n\n[[procedure.documents]]\n\
                 group = \"nop\"\nname = \"Tờ khai\"\noriginals = 1\n+++\n",
                name.trim()
            ),
        ));
    }
    let mut all: Vec<(&str, &str)> = vec![
        ("config.toml", "base_url = \"https://xa.example.vn\"\ntitle = \"Xã Thử\"\ntheme = \"niemyet\"\n[commune]\nname = \"Xã Thử\"\nhotline = \"0200 3 000 000\"\n"),
        ("content/_index.md", "+++\ntitle = \"Xã Thử\"\n+++\n"),
        ("content/thu-tuc/_index.md", "+++\ntitle = \"Thủ tục hành chính\"\ntemplate = \"procedures.html\"\n+++\n"),
    ];
    all.extend(files.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    let dir = site(&all);
    build_ok(dir.path());
    let mut counts = Vec::new();
    for paper in ["a4", "a3"] {
        let html = read(
            dir.path(),
            &format!("ban-in/linh-vuc/ho-tich/{paper}/index.html"),
        );
        let per_sheet: Vec<usize> = sheets(&html)
            .iter()
            .map(|s| s.matches("<li class=\"item\">").count())
            .collect();
        assert!(per_sheet.len() > 1, "{paper}: {per_sheet:?}");
        assert!(per_sheet.iter().all(|n| *n > 0), "{paper}: {per_sheet:?}");
        assert_eq!(
            per_sheet.iter().sum::<usize>(),
            30,
            "{paper}: {per_sheet:?}"
        );
        // In catalogue order (by title), sheet after sheet.
        let name = "<p class=\"item-name\">Thủ tục số ";
        let order: Vec<usize> = html
            .match_indices(name)
            .map(|(i, _)| html[i + name.len()..][..2].parse().unwrap())
            .collect();
        assert_eq!(order, (0..30).collect::<Vec<_>>(), "{paper}");
        let codes = decode_all_in_html(&html);
        assert_eq!(codes.len(), 30);
        assert_eq!(codes, data_qr(&html));
        counts.push(per_sheet.len());
    }
    assert!(counts[1] < counts[0], "A3 holds more per sheet: {counts:?}");
    let index = read(dir.path(), "ban-in/index.html");
    assert!(
        index.contains(&format!("In {} tờ A4", counts[0])),
        "{index}"
    );
}

#[test]
fn withdrawn_procedures_get_no_poster() {
    let dir = fixture("procedures");
    let file = dir.path().join("content/thu-tuc/ho-tich/1.000656.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("[procedure]\n", "[procedure]\nstatus = \"bai-bo\"\n"),
    )
    .unwrap();
    build_ok(dir.path());
    assert!(!dir.path().join("public/ban-in/thu-tuc/1.000656").exists());
    let field = read(dir.path(), "ban-in/linh-vuc/ho-tich/a4/index.html");
    assert_eq!(
        decode_all_in_html(&field),
        ["https://xa.example.vn/tt/1.001193/"]
    );
    assert!(
        read(dir.path(), "ban-in/bang-niem-yet/index.html").contains("Toàn bộ danh mục: 2 thủ tục")
    );
}

#[test]
fn posters_follow_the_data() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let before = read(dir.path(), "ban-in/thu-tuc/1.001193/index.html");
    let file = dir.path().join("content/thu-tuc/ho-tich/1.001193.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("time = \"Trong ngày\""));
    std::fs::write(
        &file,
        text.replace("time = \"Trong ngày\"", "time = \"2 Ngày làm việc\""),
    )
    .unwrap();
    build_ok(dir.path());
    let after = read(dir.path(), "ban-in/thu-tuc/1.001193/index.html");
    assert_ne!(before, after);
    assert!(after.contains("Thời hạn giải quyết:</strong> 2 ngày làm việc"));
    assert!(read(dir.path(), "ban-in/linh-vuc/ho-tich/a4/index.html").contains("2 ngày làm việc"));
}

#[test]
fn the_online_poster_takes_its_steps_from_the_guide() {
    let dir = fixture_with_guide(GUIDE);
    build_ok(dir.path());
    let html = read(dir.path(), "ban-in/nop-truc-tuyen/index.html");
    let steps: Vec<&str> = html
        .split("<span class=\"number\" aria-hidden=\"true\">")
        .skip(1)
        .map(|s| {
            s[s.find("</span>").unwrap() + 7..]
                .split('<')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        steps,
        [
            "Vào Cổng Dịch vụ công quốc gia",
            "Đăng nhập bằng VNeID",
            "Nộp hồ sơ"
        ]
    );
    assert_eq!(
        decode_all_in_html(&html),
        [
            "https://dichvucong.gov.vn",
            "https://xa.example.vn/huong-dan/nop/"
        ]
    );
}

#[test]
fn a_guide_that_is_missing_or_has_no_steps_is_an_error_in_the_config() {
    let dir = fixture_with_guide("+++\ntitle = \"Hướng dẫn\"\n+++\n## Chuẩn bị\n\nGiấy tờ.\n");
    let d = build_err(dir.path());
    let e = find(&d, "không có đề mục nào bắt đầu bằng \"Bước\"");
    assert!(e.message.contains("`posters.online_guide`"), "{e}");
    assert_eq!(e.file.as_deref(), Some(Path::new("config.toml")));
    assert!(e.line.is_some(), "{e}");
    let dir = fixture_with_guide(GUIDE);
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        config.replace("huong-dan/nop.md", "huong-dan/khong-co.md"),
    )
    .unwrap();
    let d = build_err(dir.path());
    let e = find(&d, "không có bài \"huong-dan/khong-co.md\"");
    assert!(e.hint.is_some());
}

#[test]
fn a_posters_path_must_be_a_plain_path() {
    let dir = fixture("procedures");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("{config}\n[posters]\npath = \"../ngoai\"\n"),
    )
    .unwrap();
    let d = build_err(dir.path());
    let e = find(&d, "\"../ngoai\" không dùng được làm đường dẫn");
    assert!(e.message.contains("`posters.path`"), "{e}");
    // Another path moves every poster and the links to them.
    std::fs::write(
        dir.path().join("config.toml"),
        format!("{config}\n[posters]\npath = \"niem-yet/in\"\n"),
    )
    .unwrap();
    build_ok(dir.path());
    assert!(read(dir.path(), "niem-yet/in/index.html").contains("Bản in niêm yết"));
    assert!(read(dir.path(), "thu-tuc/index.html").contains("https://xa.example.vn/niem-yet/in/"));
}
