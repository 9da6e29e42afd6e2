//! The national catalogue as it really is: a commune chooses its fields and codes from a list
//! that covers every commune, newer exports add, change and abolish procedures, and the site
//! publishes what changed as a page and an Atom feed.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use niemyet::import::command::{import, ImportOptions};
use niemyet::import::merge::Plan;
use niemyet::import::select::Selection;

use crate::common::*;
use crate::import::{content_snapshot, edited_sample, empty_site, open_data_without, sample_xlsx};

/// The Hộ tịch procedures of the sample export.
const HO_TICH: [&str; 18] = [
    "1.000080", "1.000094", "1.000110", "1.000419", "1.000593", "1.000656", "1.000689", "1.000893",
    "1.000894", "1.001022", "1.001193", "1.001669", "1.001695", "1.001766", "1.004837", "1.004873",
    "2.000635", "2.000986",
];

fn day(d: u32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn run(root: &Path, file: &Path, opts: ImportOptions) -> Plan {
    import(root, file, &opts).unwrap_or_else(|e| panic!("import failed: {e:?}"))
}

/// The export with every row of `code` removed from every sheet, as a newer export that no
/// longer lists the procedure.
fn without(xml: String, code: &str) -> String {
    let needle = format!("<t>{code}</t>");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<row ") {
        let end = start + rest[start..].find("</row>").expect("rows close") + "</row>".len();
        out.push_str(&rest[..start]);
        if !rest[start..end].contains(&needle) {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `xml` with `from` replaced by `to` in the rows of `code` only.
fn in_rows_of(xml: &str, code: &str, from: &str, to: &str) -> String {
    let needle = format!("<t>{code}</t>");
    xml.split_inclusive("</row>")
        .map(|row| {
            if row.contains(&needle) {
                row.replace(from, to)
            } else {
                row.to_string()
            }
        })
        .collect()
}

#[test]
fn fields_and_codes_choose_exactly_which_files_are_written() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    let before: BTreeSet<String> = content_snapshot(dir.path()).into_keys().collect();
    let plan = run(
        dir.path(),
        &xlsx,
        ImportOptions {
            selection: Selection {
                fields: vec!["HỘ TỊCH".into()],
                codes: vec!["2.000815".into(), "1.012812".into(), "1.009999".into()],
            },
            today: Some(day(1, 11)),
            ..ImportOptions::default()
        },
    );
    let written: BTreeSet<String> = content_snapshot(dir.path())
        .into_keys()
        .filter(|f| !before.contains(f))
        .collect();
    let mut expected: BTreeSet<String> = [
        "thu-tuc/_index.md",
        "thu-tuc/dich-vu-cong-toan-trinh.md",
        "thu-tuc/ho-tich/_index.md",
        "thu-tuc/chung-thuc/_index.md",
        "thu-tuc/chung-thuc/2.000815.md",
        "thu-tuc/dat-dai/_index.md",
        "thu-tuc/dat-dai/1.012812.md",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    expected.extend(HO_TICH.iter().map(|c| format!("thu-tuc/ho-tich/{c}.md")));
    assert_eq!(written, expected);
    let selected = plan.report.selected.as_ref().unwrap();
    assert_eq!(selected.fields, [("Hộ tịch".to_string(), 18)]);
    assert_eq!((selected.kept, selected.not_selected), (20, 13));
    assert_eq!(selected.unknown_codes, [("1.009999".to_string(), None)]);
    let shown = plan.report.to_string();
    assert!(
        shown.contains("Chỉ nhập: lĩnh vực «Hộ tịch» (18 thủ tục); 3 mã trong danh sách"),
        "{shown}"
    );
    assert!(shown.contains("    ? 1.009999\n"), "{shown}");
    build_ok(dir.path());

    // A later import of one other field adds it and leaves the rest alone, reporting nothing
    // of them as missing.
    let plan = run(
        dir.path(),
        &xlsx,
        ImportOptions {
            selection: Selection {
                fields: vec!["dang-ky-quan-ly-cu-tru".into()],
                ..Selection::default()
            },
            ..ImportOptions::default()
        },
    );
    let added: Vec<&str> = plan.report.added.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(added, ["1.004194", "1.004222"]);
    assert!(plan.report.missing.is_empty() && plan.report.abolished.is_empty());
    assert_eq!(plan.report.out_of_scope, 20);
}

#[test]
fn the_command_line_reads_codes_from_a_file_and_refuses_an_unknown_field() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    let list = dir.path().join("ma-tthc.txt");
    std::fs::write(
        &list,
        "\u{feff}# Quyết định công bố của tỉnh\r\n1.001193\r\n1.000656, 2.000815\r\n",
    )
    .unwrap();
    let niemyet = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_niemyet"))
            .arg("--root")
            .arg(dir.path())
            .arg("import")
            .arg(&xlsx)
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1764547200") // 2025-12-01 in Vietnam
            .output()
            .unwrap()
    };
    let before = content_snapshot(dir.path());
    let out = niemyet(&["--field", "Hộ tệch", "--codes", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--field: không có lĩnh vực «Hộ tệch» trong tệp nhập"),
        "{stderr}"
    );
    assert!(stderr.contains("có phải ý bạn là «Hộ tịch»?"), "{stderr}");
    assert_eq!(content_snapshot(dir.path()), before, "nothing written");

    let out = niemyet(&["--codes", list.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Chỉ nhập: 3 mã trong danh sách"),
        "{stdout}"
    );
    assert!(stdout.contains("Thêm mới: 3"), "{stdout}");
    let procedures: Vec<String> = content_snapshot(dir.path())
        .into_keys()
        .filter(|f| f.matches('/').count() == 2 && !f.ends_with("_index.md"))
        .collect();
    assert_eq!(
        procedures,
        [
            "thu-tuc/chung-thuc/2.000815.md",
            "thu-tuc/ho-tich/1.000656.md",
            "thu-tuc/ho-tich/1.001193.md"
        ]
    );
    let history = std::fs::read_to_string(dir.path().join("data/lich-su-thu-tuc.toml")).unwrap();
    assert_eq!(
        history.matches("date = 2025-12-01\n").count(),
        3,
        "{history}"
    );

    let out = niemyet(&["--codes", "1.001193,1.00193"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("«1.00193» không phải mã thủ tục"));
}

#[test]
fn a_newer_export_adds_changes_and_abolishes_and_the_site_says_so() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    // The older export lacks a procedure the newer one adds.
    let older = dir.path().join("tthc-2026-11.xlsx");
    std::fs::write(
        &older,
        edited_sample(&xlsx, |_, xml| without(xml, "1.004194")),
    )
    .unwrap();
    run(
        dir.path(),
        &older,
        ImportOptions {
            today: Some(day(1, 11)),
            ..ImportOptions::default()
        },
    );
    let khai_tu = dir.path().join("content/thu-tuc/ho-tich/1.000656.md");
    let khai_tu_text = std::fs::read_to_string(&khai_tu).unwrap();
    let history_path = dir.path().join("data/lich-su-thu-tuc.toml");
    let first_history = std::fs::read_to_string(&history_path).unwrap();
    assert_eq!(first_history.matches("[[update]]").count(), 32);

    // The newer export: 1.004194 added, 1.000656 abolished, 1.001193 renamed with a new time.
    let newer = dir.path().join("tthc-2026-12.xlsx");
    let edit = |name: &str, xml: String| {
        let xml = without(xml, "1.000656");
        match name {
            "xl/worksheets/sheet1.xml" => xml.replacen(
                "<t>Thủ tục đăng ký khai sinh</t>",
                "<t>Thủ tục đăng ký khai sinh cho trẻ em</t>",
                1,
            ),
            "xl/worksheets/sheet2.xml" => {
                in_rows_of(&xml, "1.001193", "<t>1</t>", "<t>1 Ngày làm việc</t>")
            }
            _ => xml,
        }
    };
    std::fs::write(&newer, edited_sample(&xlsx, edit)).unwrap();
    let opts = |withdraw_missing, dry_run| ImportOptions {
        withdraw_missing,
        dry_run,
        today: Some(day(1, 12)),
        ..ImportOptions::default()
    };
    let dry = run(dir.path(), &newer, opts(false, true));
    let shown = dry.report.to_string();
    assert!(
        shown.contains("Thêm mới: 1\n    + 1.004194 Đăng ký tạm trú"),
        "{shown}"
    );
    assert!(shown.contains("Cập nhật: 1\n    ~ 1.001193 Thủ tục đăng ký khai sinh cho trẻ em"));
    assert!(
        shown.contains("tên thủ tục (title); cách thức thực hiện"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "Bãi bỏ (không còn trong danh mục quốc gia): 1\n    − 1.000656 Thủ tục đăng ký \
             khai tử (content/thu-tuc/ho-tich/1.000656.md): chưa đánh dấu"
        ),
        "{shown}"
    );
    assert!(shown.contains("--withdraw-missing"), "{shown}");
    assert!(dry.report.missing.is_empty(), "{shown}");

    let plan = run(dir.path(), &newer, opts(true, false));
    let shown = plan.report.to_string();
    assert!(
        shown.contains("1.000656.md): đã đánh dấu bãi bỏ"),
        "{shown}"
    );
    assert!(
        shown.contains("Lịch sử cập nhật: đã ghi thêm 3 mục"),
        "{shown}"
    );
    // Marked, never deleted nor moved: its address stays.
    let text = std::fs::read_to_string(&khai_tu).unwrap();
    assert!(text.contains("status = \"bai-bo\""), "{text}");
    assert_eq!(
        text.replace("status = \"bai-bo\"", "status = \"dang-ap-dung\"")
            .split("[procedure.import]")
            .next(),
        khai_tu_text.split("[procedure.import]").next(),
        "only its status changed"
    );
    let history = std::fs::read_to_string(&history_path).unwrap();
    assert!(
        history.starts_with(&first_history),
        "the history is only appended to"
    );
    let appended = &history[first_history.len()..];
    assert_eq!(
        appended.matches("date = 2026-12-01").count(),
        3,
        "{appended}"
    );
    assert!(appended.contains(
        "code = \"1.001193\"\nname = \"Thủ tục đăng ký khai sinh cho trẻ em\"\nkind = \"cap-nhat\"\n\
         fields = [\"tên thủ tục\", \"cách thức thực hiện (thời hạn, phí, lệ phí)\"]"
    ));

    // The editor names the procedure that replaces the abolished one; importing the same
    // export again changes nothing and reports nothing abolished a second time.
    std::fs::write(
        &khai_tu,
        text.replace(
            "status = \"bai-bo\"",
            "status = \"bai-bo\"\nreplaced_by = \"1.000419\"",
        ),
    )
    .unwrap();
    let again = run(dir.path(), &newer, opts(true, false));
    assert!(again.report.abolished.is_empty(), "{}", again.report);
    assert!(again.report.changed.is_empty(), "{}", again.report);
    assert_eq!(std::fs::read_to_string(&history_path).unwrap(), history);
    assert!(std::fs::read_to_string(&khai_tu)
        .unwrap()
        .contains("replaced_by = \"1.000419\""));

    build_ok(dir.path());
    // The abolished procedure keeps its address, says so first, and sends citizens on.
    let page = read(dir.path(), "thu-tuc/ho-tich/1-000656/index.html");
    let notice = page.find("Thủ tục này đã bãi bỏ").expect("the notice");
    assert!(
        notice < page.find("<h1>").unwrap(),
        "the notice comes first"
    );
    assert!(
        page.contains(
            "Thay bằng: <a href=\"https://xa.example.vn/thu-tuc/ho-tich/1-000419/\">Thủ tục đăng \
             ký khai tử lưu động</a> (mã 1.000419)"
        ),
        "{page}"
    );
    let catalogue = read(dir.path(), "thu-tuc/index.html");
    assert!(
        catalogue.contains(
            "<a href=\"https://xa.example.vn/thu-tuc/moi-cap-nhat/\">thủ tục mới cập nhật</a>"
        ),
        "{catalogue}"
    );
    assert!(catalogue.contains("(lần gần nhất ngày 01/12/2026)"));

    // The page: newest day first, each change linking its procedure.
    let updates = read(dir.path(), "thu-tuc/moi-cap-nhat/index.html");
    let december = updates.find("Ngày 01/12/2026").expect("the newer day");
    let november = updates.find("Ngày 01/11/2026").expect("the older day");
    assert!(december < november);
    let newest = &updates[december..november];
    for needle in [
        "Thêm mới <span class=\"count\">(1 thủ tục)</span>",
        "<a href=\"https://xa.example.vn/thu-tuc/dang-ky-quan-ly-cu-tru/1-004194/\">Đăng ký tạm trú</a>",
        "Cập nhật <span class=\"count\">(1 thủ tục)</span>",
        "Thay đổi: tên thủ tục; cách thức thực hiện (thời hạn, phí, lệ phí)",
        "Bãi bỏ <span class=\"count\">(1 thủ tục)</span>",
        "<a href=\"https://xa.example.vn/thu-tuc/ho-tich/1-000656/\">Thủ tục đăng ký khai tử</a>",
    ] {
        assert!(newest.contains(needle), "{needle}\n{newest}");
    }
    assert!(updates[november..].contains("Thêm mới <span class=\"count\">(32 thủ tục)</span>"));
    assert!(read(dir.path(), "sitemap.xml").contains("/thu-tuc/moi-cap-nhat/</loc>"));

    // The feed: every entry, newest first (the last written first within a day), dated,
    // linking each procedure's page.
    let xml = read(dir.path(), "thu-tuc/moi-cap-nhat/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(atom_text(feed, "updated"), "2026-12-01T00:00:00+07:00");
    let entries: Vec<roxmltree::Node<'_, '_>> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), 35);
    let ids: BTreeSet<String> = entries.iter().map(|e| atom_text(*e, "id")).collect();
    assert_eq!(ids.len(), 35, "every entry has its own id");
    let newest: Vec<(String, String, String)> = entries[..3]
        .iter()
        .map(|e| {
            (
                atom_text(*e, "updated"),
                atom_text(*e, "title"),
                child(*e, "link").attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    let base = "https://xa.example.vn/thu-tuc";
    assert_eq!(
        newest,
        [
            (
                "2026-12-01T00:00:00+07:00".to_string(),
                "Bãi bỏ: Thủ tục đăng ký khai tử".to_string(),
                format!("{base}/ho-tich/1-000656/")
            ),
            (
                "2026-12-01T00:00:00+07:00".to_string(),
                "Thêm mới: Đăng ký tạm trú".to_string(),
                format!("{base}/dang-ky-quan-ly-cu-tru/1-004194/")
            ),
            (
                "2026-12-01T00:00:00+07:00".to_string(),
                "Cập nhật: Thủ tục đăng ký khai sinh cho trẻ em".to_string(),
                format!("{base}/ho-tich/1-001193/")
            ),
        ]
    );
    assert!(atom_text(entries[2], "summary").contains("Cập nhật: tên thủ tục;"));
    assert!(entries[3..]
        .iter()
        .all(|e| atom_text(*e, "updated") == "2026-11-01T00:00:00+07:00"));

    // Built twice, the page and the feed are the same bytes.
    build_ok(dir.path());
    assert_eq!(read(dir.path(), "thu-tuc/moi-cap-nhat/atom.xml"), xml);
    assert_eq!(read(dir.path(), "thu-tuc/moi-cap-nhat/index.html"), updates);
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The Atom child `name` of `n`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("no <{name}>"))
}

/// The text of the Atom child `name` of `n`.
fn atom_text(n: roxmltree::Node<'_, '_>, name: &str) -> String {
    child(n, name).text().unwrap_or("").to_string()
}

#[test]
fn a_selection_abolishes_only_what_it_covers() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    run(dir.path(), &xlsx, ImportOptions::default());
    // A newer export of two fields, without a Hộ tịch procedure.
    let newer = dir.path().join("moi.xlsx");
    std::fs::write(
        &newer,
        edited_sample(&xlsx, |_, xml| without(xml, "1.000656")),
    )
    .unwrap();
    let chosen = |fields: &[&str]| ImportOptions {
        selection: Selection {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            ..Selection::default()
        },
        dry_run: true,
        ..ImportOptions::default()
    };
    let other_field = run(dir.path(), &newer, chosen(&["Chứng thực"]));
    assert!(
        other_field.report.abolished.is_empty(),
        "{}",
        other_field.report
    );
    assert_eq!(other_field.report.out_of_scope, 28);
    let covering = run(dir.path(), &newer, chosen(&["ho tich"]));
    let abolished: Vec<&str> = covering
        .report
        .abolished
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(abolished, ["1.000656"]);
    // A flat list or another site's open data is no national list: what it lacks is only
    // missing, as before.
    build_ok(dir.path());
    let fewer = dir.path().join("it-hon.json");
    open_data_without(
        &dir.path().join("public/procedures.json"),
        "1.000656",
        &fewer,
    );
    let plan = run(dir.path(), &fewer, ImportOptions::default());
    assert!(plan.report.abolished.is_empty());
    assert_eq!(plan.report.missing.len(), 1);
    assert!(!plan.report.to_string().contains("Bãi bỏ"));
}

#[test]
fn replaced_by_is_checked_against_the_site() {
    let dir = fixture("procedures");
    let file = dir.path().join("content/thu-tuc/ho-tich/1.000656.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "code = \"1.000656\"\n",
            "code = \"1.000656\"\nstatus = \"bai-bo\"\nreplaced_by = \"1.009999\"\n",
        ),
    )
    .unwrap();
    let report = build_ok(dir.path());
    let w = find(
        &report.warnings,
        "không có thủ tục mã \"1.009999\" trên trang",
    );
    assert_eq!(
        w.file.as_deref(),
        Some(Path::new("content/thu-tuc/ho-tich/1.000656.md"))
    );
    assert_eq!(w.line, Some(7));
    let page = read(dir.path(), "thu-tuc/ho-tich/1-000656/index.html");
    assert!(page.contains("Thủ tục này đã bãi bỏ"));
    assert!(
        !page.contains("Thay bằng"),
        "no link to a page the site lacks"
    );

    std::fs::write(
        &file,
        text.replace(
            "code = \"1.000656\"\n",
            "code = \"1.000656\"\nreplaced_by = \"1.0656\"\n",
        ),
    )
    .unwrap();
    let errors = build_err(dir.path());
    let e = find(&errors, "mã thủ tục thay thế \"1.0656\" không đúng dạng");
    assert_eq!(e.line, Some(6));
}

#[test]
fn a_broken_history_is_located_and_stops_the_import() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let mut data: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "procedures.json")).unwrap();
    for p in data["procedures"].as_array_mut().unwrap() {
        if p["code"] == "1.001193" {
            p["name"] = "Đăng ký khai sinh cho trẻ em".into();
        }
    }
    let newer = dir.path().join("moi.json");
    std::fs::write(&newer, data.to_string()).unwrap();
    write(
        dir.path(),
        "data/lich-su-thu-tuc.toml",
        "[[update]]\ndate = 2026-12-01\ncode = \"1.001193\"\nname = \"Đăng ký khai sinh\"\n\
         kind = \"them-moi\"\n\n[[update]]\ndate = \"2026-13-01\"\ncode = \"1.000656\"\n\
         kind = \"bai-bo\"\n",
    );
    let errors = build_err(dir.path());
    let e = find(&errors, "`update.date` (mục thứ 2)");
    assert_eq!(
        e.file.as_deref(),
        Some(Path::new("data/lich-su-thu-tuc.toml"))
    );
    assert_eq!(e.line, Some(8));
    // The importer would append to it, so it refuses, and changes nothing.
    let before = content_snapshot(dir.path());
    let errors = import(dir.path(), &newer, &ImportOptions::default()).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.line == Some(8) && e.message.contains("date")),
        "{errors:?}"
    );
    assert_eq!(content_snapshot(dir.path()), before);
}
