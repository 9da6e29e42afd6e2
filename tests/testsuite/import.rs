//! `niemyet import` end to end: the national database's Excel export into a site, the site
//! built and checked (pages, counts per field, parsed fees and times, open data, every QR code
//! decoded), editors' edits surviving re-imports, dry runs, withdrawals and malformed files.

use std::path::{Path, PathBuf};

use niemyet::import::command::{import, ImportOptions};

use crate::common::*;

/// The sample export beside the project (`../shared`); tests that need it say so and skip
/// without it, since the project must build and test on its own.
pub(crate) fn sample_xlsx() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/tthc-mau.xlsx");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/fixtures/tthc-mau.xlsx is not there");
        None
    }
}

/// A site with the default theme and nothing but a home page.
pub(crate) fn empty_site() -> tempfile::TempDir {
    site(&[
        (
            "config.toml",
            "base_url = \"https://xa.example.vn\"\ntitle = \"Xã Thử\"\ntheme = \"niemyet\"\n\n\
             [commune]\nname = \"Xã Thử\"\nhotline = \"0200 3 000 000\"\n\
             feedback_address = \"Bộ phận Một cửa\"\nfeedback_hotline = \"0200 3 000 001\"\n\
             feedback_email = \"phananh@xa.example.vn\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Xã Thử\"\n+++\n"),
    ])
}

fn run(
    root: &Path,
    file: &Path,
    dry_run: bool,
    withdraw_missing: bool,
) -> niemyet::import::merge::Plan {
    let opts = ImportOptions {
        dry_run,
        withdraw_missing,
        ..ImportOptions::default()
    };
    match import(root, file, &opts) {
        Ok(plan) => plan,
        Err(e) => panic!("import failed: {e:?}"),
    }
}

pub(crate) fn content_snapshot(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(&root.join("content"))
}

fn every_html(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

#[test]
fn the_national_export_builds_a_complete_catalogue() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    let plan = run(dir.path(), &xlsx, false, false);
    assert_eq!(plan.report.added.len(), 33);
    assert!(plan.report.skipped.is_empty(), "{}", plan.report);
    build_ok(dir.path());

    // Open data: every procedure, with parsed times and fees beside the text.
    let text = read(dir.path(), "procedures.json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Written a procedure at a time, it still reads as one pretty-printed document.
    assert_eq!(text, serde_json::to_string_pretty(&json).unwrap() + "\n");
    let list = json["procedures"].as_array().unwrap();
    assert_eq!(list.len(), 33);
    let by_code = |code: &str| list.iter().find(|p| p["code"] == code).unwrap();
    let copy = by_code("2.000815");
    assert_eq!(copy["channels"][0]["fee"], "2,000 Việt Nam Đồng(/trang)");
    assert_eq!(copy["channels"][0]["fee_value"]["amount"], 2000);
    assert_eq!(copy["channels"][0]["fee_value"]["per"], "trang");
    assert_eq!(copy["channels"][1]["fee_value"]["currency"], "USD");
    let birth = by_code("1.001193");
    // "1" has no unit: kept as text, never guessed.
    assert_eq!(birth["channels"][0]["time"], "1");
    assert_eq!(birth["channels"][0]["time_value"], serde_json::Value::Null);
    let residence = by_code("1.004222");
    let times: Vec<&serde_json::Value> = residence["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["time_value"])
        .collect();
    assert!(
        times.iter().any(|t| t["unit"] == "working_days"),
        "{times:?}"
    );

    // Counts per field on the catalogue.
    let catalogue = read(dir.path(), "thu-tuc/index.html");
    for (field, n) in [
        ("Hộ tịch", 17),
        ("Chứng thực", 5),
        ("Đất đai", 3),
        ("Đăng ký, quản lý cư trú", 2),
    ] {
        let field_page = read(
            dir.path(),
            &format!("thu-tuc/{}/index.html", slug::slugify(field)),
        );
        assert!(field_page.contains(field), "{field}");
        let links = field_page
            .matches("href=\"https://xa.example.vn/thu-tuc/")
            .count();
        assert!(links >= n, "{field}: {links} links, want {n}");
        assert!(catalogue.contains(field), "{field}");
    }
    assert!(catalogue.contains("33"), "total count");

    // Every QR code on every page decodes to its procedure's short address.
    let qr_urls: std::collections::HashSet<String> = list
        .iter()
        .map(|p| p["qr_url"].as_str().unwrap().to_string())
        .collect();
    let mut decoded = 0;
    let mut on_posters = 0;
    for file in every_html(&dir.path().join("public")) {
        let html = std::fs::read_to_string(&file).unwrap();
        let codes = crate::support_qr::decode_all_in_html(&html);
        if file.to_string_lossy().contains("/ban-in/") {
            // Posters: the codes are the addresses each one says, in order; a procedure's is
            // its short address, a field's the field's page.
            assert_eq!(
                codes,
                crate::support_qr::data_qr(&html),
                "{}",
                file.display()
            );
            for url in &codes {
                assert!(
                    qr_urls.contains(url) || url.starts_with("https://xa.example.vn/thu-tuc/"),
                    "{}: {url}",
                    file.display()
                );
            }
            on_posters += codes.len();
            continue;
        }
        for url in codes {
            assert!(qr_urls.contains(&url), "{}: {url}", file.display());
            decoded += 1;
        }
    }
    assert!(
        decoded >= 66,
        "one code on each procedure page and each qr/ page: {decoded}"
    );
    // Each procedure on its own poster and on its field's A4 and A3 posters, each field and
    // the catalogue on the board.
    assert_eq!(on_posters, 33 * 3 + 8 + 1, "codes on posters");
    for p in list {
        let url = p["url"].as_str().unwrap();
        let rel = url.trim_start_matches("https://xa.example.vn/");
        let qr_page = read(dir.path(), &format!("{rel}qr/index.html"));
        assert_eq!(
            crate::support_qr::decode_all_in_html(&qr_page),
            vec![p["qr_url"].as_str().unwrap().to_string()]
        );
    }
}

#[test]
fn reimporting_keeps_the_editors_edits() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    run(dir.path(), &xlsx, false, false);
    let file = dir.path().join("content/thu-tuc/ho-tich/1.001193.md");
    let original = std::fs::read_to_string(&file).unwrap();
    // The editor fills in what the national database left empty and adds the commune's notes.
    let edited = original
        .replace(
            "agency = \"Không có thông tin\"",
            "agency = \"Ủy ban nhân dân Xã Thử\" # sửa theo thực tế",
        )
        .replace(
            "title = \"Thủ tục đăng ký khai sinh\"",
            "title = \"Đăng ký khai sinh\"",
        )
        + "Xã nhận hồ sơ cả sáng thứ Bảy.\n";
    assert_ne!(edited, original);
    std::fs::write(&file, &edited).unwrap();

    let plan = run(dir.path(), &xlsx, false, false);
    assert!(plan.report.added.is_empty());
    assert!(plan.report.changed.is_empty(), "{}", plan.report);
    assert!(plan.report.conflicts.is_empty(), "{}", plan.report);
    assert_eq!(plan.report.unchanged, 33);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);

    // The province's open data changes the name too: the editor's name stays, and it is a
    // conflict; the time limit the editor never touched follows the new data.
    build_ok(dir.path());
    let mut json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "procedures.json")).unwrap();
    for p in json["procedures"].as_array_mut().unwrap() {
        if p["code"] == "1.001193" {
            p["name"] = "Đăng ký khai sinh cho trẻ em".into();
            p["channels"][0]["time"] = "1 Ngày làm việc".into();
        }
    }
    let newer = dir.path().join("tinh.json");
    std::fs::write(&newer, serde_json::to_string(&json).unwrap()).unwrap();
    let plan = run(dir.path(), &newer, false, false);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title = \"Đăng ký khai sinh\"\n"), "{text}");
    assert!(text.contains("agency = \"Ủy ban nhân dân Xã Thử\" # sửa theo thực tế"));
    assert!(text.contains("time = \"1 Ngày làm việc\""));
    assert!(text.ends_with("Xã nhận hồ sơ cả sáng thứ Bảy.\n"));
    assert_eq!(plan.report.conflicts.len(), 1, "{}", plan.report);
    assert_eq!(plan.report.conflicts[0].key, "title");
    assert_eq!(plan.report.changed.len(), 1);
    assert_eq!(
        plan.report.changed[0].fields,
        vec!["procedure.channels".to_string()]
    );
    let shown = plan.report.to_string();
    assert!(shown.contains("Giữ nguyên chỗ bạn đã sửa"), "{shown}");
    assert!(shown.contains("«Đăng ký khai sinh»"), "{shown}");
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let json = dir.path().join("public/procedures.json");
    let other = empty_site();
    let before = content_snapshot(other.path());
    let plan = run(other.path(), &json, true, false);
    assert_eq!(plan.report.added.len(), 3);
    assert!(!plan.writes.is_empty());
    assert_eq!(content_snapshot(other.path()), before);
}

#[test]
fn open_data_round_trips_into_another_site() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let source: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "procedures.json")).unwrap();
    let other = empty_site();
    run(
        other.path(),
        &dir.path().join("public/procedures.json"),
        false,
        false,
    );
    build_ok(other.path());
    let copy: serde_json::Value =
        serde_json::from_str(&read(other.path(), "procedures.json")).unwrap();
    let strip = |v: &serde_json::Value| {
        let mut list = v["procedures"].as_array().unwrap().clone();
        for p in &mut list {
            let m = p.as_object_mut().unwrap();
            m.remove("url");
            m.remove("qr_url");
            // A form file travels as its name; the neighbour has to copy the file itself.
            m.remove("documents");
        }
        list
    };
    assert_eq!(strip(&copy), strip(&source));
}

/// Writes to `to` the open data at `json` without the procedure `code`: a newer list that no
/// longer has it.
pub(crate) fn open_data_without(json: &Path, code: &str, to: &Path) {
    let mut data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    data["procedures"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["code"] != code);
    std::fs::write(to, serde_json::to_string(&data).unwrap()).unwrap();
}

#[test]
fn missing_procedures_are_withdrawn_only_when_asked() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let other = empty_site();
    let full = dir.path().join("public/procedures.json");
    run(other.path(), &full, false, false);
    let fewer = other.path().join("it-hon.json");
    open_data_without(&full, "1.000656", &fewer);
    let file = other.path().join("content/thu-tuc/ho-tich/1.000656.md");

    let plan = run(other.path(), &fewer, false, false);
    assert_eq!(plan.report.missing.len(), 1);
    assert!(!plan.report.missing[0].withdrawn);
    assert!(plan.report.to_string().contains("--withdraw-missing"));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("status = \"dang-ap-dung\""));

    let plan = run(other.path(), &fewer, false, true);
    assert!(plan.report.missing[0].withdrawn);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("status = \"bai-bo\""), "{text}");
    build_ok(other.path());
}

#[test]
fn malformed_files_are_explained_and_change_nothing() {
    let dir = empty_site();
    let before = content_snapshot(dir.path());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("hong.xlsx", b"PK\x03\x04 not really a zip".to_vec(), "hỏng"),
        (
            "cu.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            ".xlsx",
        ),
        (
            "thieu-cot.csv",
            "STT,Tên thủ tục,Phí\n1,Đăng ký khai sinh,Miễn phí\n"
                .as_bytes()
                .to_vec(),
            "Mã",
        ),
        (
            "sai.json",
            b"{\"format\": \"khac\", \"procedures\": []}".to_vec(),
            "format",
        ),
    ];
    for (name, bytes, needle) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let errors = import(dir.path(), &path, &ImportOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{name} must fail"));
        let text: String = errors.iter().map(|e| format!("{e}\n")).collect();
        assert!(text.contains(needle), "{name}: {text}");
        assert!(errors.iter().all(|e| e.hint.is_some()), "{name}: {text}");
        assert_eq!(content_snapshot(dir.path()), before, "{name}");
    }
}

#[test]
fn the_command_line_reports_in_vietnamese() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let other = empty_site();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_niemyet"))
        .args(["--root"])
        .arg(other.path())
        .args(["import", "--dry-run"])
        .arg(dir.path().join("public/procedures.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Thêm mới: 3"), "{stdout}");
    assert!(stdout.contains("chưa ghi tệp nào"), "{stdout}");
    let bad = other.path().join("x.xlsx");
    std::fs::write(&bad, b"PK\x03\x04").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_niemyet"))
        .arg("--root")
        .arg(other.path())
        .arg("import")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không có tệp nào bị thay đổi"));
}

/// The sample export with `edit` applied to the XML of each of its parts (the sheet names in
/// `xl/workbook.xml`, the cells in `xl/worksheets/sheetN.xml`), as an editor's spreadsheet
/// program or a broken export would leave it.
pub(crate) fn edited_sample(xlsx: &Path, edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let bytes = std::fs::read(xlsx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if name.ends_with(".xml") {
            data = edit(&name, String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn broken_exports_are_refused_and_change_nothing() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    run(dir.path(), &xlsx, false, false);
    let before = content_snapshot(dir.path());
    let rename = |from: &'static str, to: &'static str| {
        move |name: &str, xml: String| {
            if name == "xl/workbook.xml" {
                xml.replace(&format!("name=\"{from}\""), &format!("name=\"{to}\""))
            } else {
                xml
            }
        }
    };
    let long = "ữ".repeat(35_000);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "main sheet renamed",
            edited_sample(&xlsx, rename("TTHC2-CAPXA", "Sheet1")),
            "không có trang chính «TTHC2-CAPXA»",
        ),
        (
            "child sheet renamed",
            edited_sample(&xlsx, rename("TPHS", "TPHS (cũ)")),
            "thiếu trang «TPHS» (thành phần hồ sơ)",
        ),
        (
            "a column renamed",
            edited_sample(&xlsx, |name, xml| {
                if name == "xl/worksheets/sheet1.xml" {
                    xml.replace("<t>Lĩnh vực</t>", "<t>Lĩnh vực (cũ)</t>")
                } else {
                    xml
                }
            }),
            "thiếu cột «Lĩnh vực»",
        ),
        (
            "cells merged across columns",
            edited_sample(&xlsx, |name, xml| {
                if name == "xl/worksheets/sheet4.xml" {
                    xml.replace(
                        "</sheetData>",
                        "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"C5:E6\"/></mergeCells>",
                    )
                } else {
                    xml
                }
            }),
            "vùng ô gộp C5:E6",
        ),
        (
            "a 100 KB cell",
            edited_sample(&xlsx, |name, xml| {
                if name == "xl/worksheets/sheet1.xml" {
                    xml.replacen(
                        "<t>Thủ tục đăng ký khai sinh</t>",
                        &format!("<t>{long}</t>"),
                        1,
                    )
                } else {
                    xml
                }
            }),
            "cột «Tên TTHC»: ô quá dài (103 KiB, tối đa 64 KiB)",
        ),
    ];
    for (what, bytes, needle) in cases {
        let path = dir.path().join("hong.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let errors = import(dir.path(), &path, &ImportOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{what}: must fail"));
        let text: String = errors.iter().map(|e| format!("{e}\n")).collect();
        assert!(text.contains(needle), "{what}: {text}");
        assert!(errors.iter().all(|e| e.hint.is_some()), "{what}: {text}");
        assert_eq!(content_snapshot(dir.path()), before, "{what}");
    }
}

#[test]
fn imported_addresses_cannot_break_out_of_the_page() {
    let Some(xlsx) = sample_xlsx() else { return };
    let bytes = edited_sample(&xlsx, |name, xml| {
        if name == "xl/worksheets/sheet1.xml" {
            xml.replacen(
                "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-",
                "https://dichvucong.gov.vn/p?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;y=",
                1,
            )
        } else {
            xml
        }
    });
    let dir = empty_site();
    let file = dir.path().join("tthc.xlsx");
    std::fs::write(&file, bytes).unwrap();
    run(dir.path(), &file, false, false);
    build_ok(dir.path());
    let json = read(dir.path(), "procedures.json");
    assert!(
        json.contains("https://dichvucong.gov.vn/p?x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&y="),
        "the address is percent-encoded as a browser would"
    );
    for file in every_html(&dir.path().join("public")) {
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(!html.contains("<script>alert"), "{}", file.display());
        assert!(!html.contains("\"><script"), "{}", file.display());
    }
}

#[test]
fn a_flat_list_over_the_national_export_keeps_every_part() {
    let Some(xlsx) = sample_xlsx() else { return };
    let dir = empty_site();
    let first = run(dir.path(), &xlsx, false, false);
    build_ok(dir.path());
    let before = content_snapshot(dir.path());
    // niemyet's own CSV has the provinces' flat-list columns: no steps, no documents, one
    // time limit and fee per procedure.
    let csv = dir.path().join("danh-muc.csv");
    std::fs::copy(dir.path().join("public/procedures.csv"), &csv).unwrap();
    let plan = run(dir.path(), &csv, false, false);
    assert!(plan.report.added.is_empty(), "{}", plan.report);
    // The national data's own gaps stay what they were: the list removed nothing.
    let gaps = |p: &niemyet::import::merge::Plan| {
        p.report
            .incomplete
            .iter()
            .map(|i| (i.code.clone(), i.parts.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(gaps(&plan), gaps(&first), "{}", plan.report);
    for c in &plan.report.changed {
        for f in &c.fields {
            assert!(
                ![
                    "procedure.steps",
                    "procedure.documents",
                    "procedure.channels"
                ]
                .contains(&f.as_str()),
                "{}: {f}",
                c.code
            );
        }
    }
    // Whatever the list restated, the parts it does not have are all still there.
    for (path, old) in before {
        let new = std::fs::read_to_string(dir.path().join("content").join(&path)).unwrap();
        let old = String::from_utf8(old).unwrap();
        for marker in [
            "[[procedure.documents]]",
            "[[procedure.channels]]",
            "steps = [",
        ] {
            assert_eq!(
                old.matches(marker).count(),
                new.matches(marker).count(),
                "{path}: {marker}"
            );
        }
    }
    build_ok(dir.path());
}

#[test]
fn a_flat_list_into_an_empty_site_reports_what_is_missing() {
    let dir = empty_site();
    let csv = dir.path().join("tinh.csv");
    std::fs::write(
        &csv,
        "STT,Mã TTHC,Tên thủ tục,Thời hạn giải quyết,Cơ quan thực hiện\n\
         I,Lĩnh vực Hộ tịch,,,\n\
         1,1.001193,Đăng ký khai sinh,Trong ngày,UBND xã\n\
         ,,,,\n\
         2,1.000656,Đăng ký khai tử,3 ngày làm việc,UBND xã\n",
    )
    .unwrap();
    let plan = run(dir.path(), &csv, false, false);
    assert_eq!(plan.report.added.len(), 2);
    assert_eq!(plan.report.incomplete.len(), 2);
    assert_eq!(
        plan.report.incomplete[0].parts,
        [
            "trình tự thực hiện",
            "thành phần hồ sơ",
            "đối tượng thực hiện"
        ]
    );
    let shown = plan.report.to_string();
    assert!(
        shown.contains("Còn thiếu phần bắt buộc theo Nghị định 63/2010/NĐ-CP, Điều 8"),
        "{shown}"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("content/thu-tuc/ho-tich/1.001193.md"))
            .unwrap()
            .contains("field = \"Hộ tịch\"")
    );
}

#[test]
fn a_new_field_moves_the_file_to_its_folder() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let other = empty_site();
    let json_path = dir.path().join("public/procedures.json");
    run(other.path(), &json_path, false, false);
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    for p in json["procedures"].as_array_mut().unwrap() {
        if p["code"] == "1.000656" {
            p["field"] = "Chứng thực".into();
        }
    }
    let newer = other.path().join("moi.json");
    std::fs::write(&newer, serde_json::to_string(&json).unwrap()).unwrap();
    let dry = run(other.path(), &newer, true, false);
    assert!(dry
        .report
        .to_string()
        .contains("sẽ chuyển sang content/thu-tuc/chung-thuc/1.000656.md"));
    let plan = run(other.path(), &newer, false, false);
    assert!(plan
        .report
        .to_string()
        .contains("đã chuyển sang content/thu-tuc/chung-thuc/1.000656.md"));
    assert!(!other
        .path()
        .join("content/thu-tuc/ho-tich/1.000656.md")
        .exists());
    let moved =
        std::fs::read_to_string(other.path().join("content/thu-tuc/chung-thuc/1.000656.md"))
            .unwrap();
    assert!(moved.contains("field = \"Chứng thực\""));
    build_ok(other.path());
    let field = read(other.path(), "thu-tuc/chung-thuc/index.html");
    assert!(field.contains("1.000656"));
    assert!(!read(other.path(), "thu-tuc/ho-tich/index.html").contains("1.000656"));
}

#[test]
fn a_yaml_procedure_file_is_found_not_duplicated() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let other = empty_site();
    write(
        other.path(),
        "content/thu-tuc/khai-sinh.md",
        "---\ntitle: Đăng ký khai sinh\nprocedure:\n  code: \"1.001193\"\n  field: Hộ tịch\n---\n",
    );
    let before = content_snapshot(other.path());
    let errors = import(
        other.path(),
        &dir.path().join("public/procedures.json"),
        &ImportOptions::default(),
    )
    .expect_err("a YAML file cannot be merged");
    let e = errors
        .iter()
        .find(|e| e.message.contains("YAML"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(
        e.file.as_deref(),
        Some(Path::new("content/thu-tuc/khai-sinh.md"))
    );
    assert_eq!(content_snapshot(other.path()), before);
}

#[test]
fn withdrawn_procedures_are_marked_not_counted() {
    let dir = fixture("procedures");
    build_ok(dir.path());
    let other = empty_site();
    let full = dir.path().join("public/procedures.json");
    run(other.path(), &full, false, false);
    let fewer = other.path().join("it-hon.json");
    open_data_without(&full, "1.000656", &fewer);
    let dry = run(other.path(), &fewer, true, true);
    assert!(
        dry.report
            .to_string()
            .contains("1.000656 (content/thu-tuc/ho-tich/1.000656.md): sẽ đánh dấu bãi bỏ"),
        "{}",
        dry.report
    );
    run(other.path(), &fewer, false, true);
    build_ok(other.path());
    let catalogue = read(other.path(), "thu-tuc/index.html");
    assert!(
        catalogue.contains("Có <strong>2</strong> thủ tục đang áp dụng, chia theo 2 lĩnh vực (1 thủ tục đã bãi bỏ vẫn ghi dưới đây để tra cứu)."),
        "{catalogue}"
    );
    assert!(catalogue.contains("Đã bãi bỏ"));
    let page = read(other.path(), "thu-tuc/ho-tich/1-000656/index.html");
    assert!(page.contains("Thủ tục này đã bãi bỏ"));
    assert!(!page.contains(">Nộp hồ sơ trực tuyến<"));
}

#[test]
fn formula_cells_are_inert_in_open_data_and_come_back_as_written() {
    let dir = fixture("procedures");
    let file = dir.path().join("content/thu-tuc/ho-tich/1.001193.md");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Thủ tục đăng ký khai sinh", "-2+3+cmd|' /C calc'!A0")
        .replace("agency = \"Ủy ban nhân dân xã\"", "agency = \"- 1+1\"");
    std::fs::write(&file, text).unwrap();
    build_ok(dir.path());
    let csv = read(dir.path(), "procedures.csv");
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| &r[1] == "1.001193")
        .unwrap();
    assert_eq!(
        &row[2], "'-2+3+cmd|' /C calc'!A0",
        "a spreadsheet shows it as text"
    );
    assert_eq!(&row[7], "'- 1+1");
    assert!(rows
        .records()
        .map(Result::unwrap)
        .all(|r| !r[0].starts_with('-')));
    // Imported into another site, the cells are what the editor wrote.
    let other = empty_site();
    run(
        other.path(),
        &dir.path().join("public/procedures.csv"),
        false,
        false,
    );
    let imported =
        std::fs::read_to_string(other.path().join("content/thu-tuc/ho-tich/1.001193.md")).unwrap();
    assert!(
        imported.contains("title = \"-2+3+cmd|' /C calc'!A0\""),
        "{imported}"
    );
    assert!(imported.contains("agency = \"- 1+1\""), "{imported}");
}
