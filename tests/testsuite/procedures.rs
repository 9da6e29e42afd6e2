//! Procedure records: validation of `[procedure]` front matter (file, line, Vietnamese message),
//! short QR addresses, and the open data files.

use crate::common::*;

const PROC_TEMPLATES: &[(&str, &str)] = &[
    (
        "templates/procedure.html",
        "PROC {{ page.procedure.code }} {{ page.procedure.time_summary }} | {{ page.procedure.fee_summary }}",
    ),
    (
        "templates/procedure-qr.html",
        "QR {{ qr(url=page.procedure.qr_url, label=page.title) | safe }}",
    ),
];

/// A procedure file with every part Nghị định 63/2010 Điều 8 requires; `extra` goes in
/// `[procedure]` and `rows` after it.
fn procedure(code: &str, extra: &str, rows: &str) -> String {
    format!(
        "+++\ntitle = \"Thủ tục thử {code}\"\n\n[procedure]\ncode = \"{code}\"\nfield = \"Hộ tịch\"\n\
         audience = [\"Công dân Việt Nam\"]\nagency = \"Ủy ban nhân dân xã\"\nsteps = [\"Nộp hồ sơ.\"]\n\
         {extra}\n[[procedure.channels]]\nway = \"truc-tiep\"\ntime = \"3 Ngày làm việc\"\nfee = \"Miễn phí\"\n\n\
         [[procedure.documents]]\ngroup = \"nop\"\nname = \"Tờ khai\"\noriginals = 1\n{rows}+++\n"
    )
}

fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let mut all: Vec<(&str, &str)> = PROC_TEMPLATES.to_vec();
    all.extend_from_slice(files);
    min_site(&all)
}

#[test]
fn a_complete_procedure_builds_with_its_short_address() {
    let text = procedure("1.001193", "last_reviewed = 2026-11-02", "");
    let dir = site_with(&[("content/thu-tuc/1.001193.md", &text)]);
    let report = build_ok(dir.path());
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    let page = read(dir.path(), "thu-tuc/1-001193/index.html");
    assert_eq!(page, "PROC 1.001193 3 ngày làm việc | Miễn phí");
    let alias = read(dir.path(), "tt/1.001193/index.html");
    assert!(alias.contains("https://xa.example.vn/thu-tuc/1-001193/"));
    let qr = read(dir.path(), "thu-tuc/1-001193/qr/index.html");
    assert_eq!(
        crate::support_qr::decode_all_in_html(&qr),
        vec!["https://xa.example.vn/tt/1.001193/".to_string()]
    );
}

#[test]
fn a_missing_name_is_an_error_and_other_missing_parts_are_gaps_at_their_table() {
    let text = "+++\n\n[procedure]\ncode = \"1.001193\"\nfield = \"Hộ tịch\"\n+++\n";
    let dir = site_with(&[("content/a.md", text)]);
    let d = build_err(dir.path());
    // Without a name it is no procedure a citizen can find: the one error.
    let e = find(&d, "tên thủ tục");
    assert!(e.message.contains("Nghị định 63/2010/NĐ-CP, Điều 8"), "{e}");
    assert_eq!(e.line, Some(4), "at the procedure's code: {e}");
    assert_eq!(d.error_count(), 1, "{d}");
    // With a name, every other missing part is a gap: a located warning citing the article,
    // and the site builds.
    let text = text.replace("+++\n\n", "+++\ntitle = \"Thủ tục thử\"\n\n");
    write(dir.path(), "content/a.md", &text);
    let report = build_ok(dir.path());
    for part in [
        "trình tự thực hiện",
        "cách thức thực hiện",
        "thành phần hồ sơ",
        "đối tượng thực hiện",
        "cơ quan giải quyết",
    ] {
        let w = find(&report.warnings, &format!("chưa có thông tin về {part}"));
        assert_eq!(w.article, Some(niemyet::procedure::gaps::ARTICLE), "{w}");
        assert_eq!(
            w.file.as_deref(),
            Some(std::path::Path::new("content/a.md"))
        );
        assert_eq!(
            w.line,
            Some(4),
            "a missing key is reported at its table: {w}"
        );
        assert!(w.hint.as_deref().unwrap_or("").len() > 10, "{w}");
    }
    let summary = find(
        &report.warnings,
        "dữ liệu thủ tục còn chỗ trống ở 1 thủ tục",
    );
    assert!(summary.message.contains("thành phần hồ sơ: 1"), "{summary}");
}

#[test]
fn a_document_without_a_group_is_an_error_not_dropped() {
    let text = procedure(
        "1.001193",
        "",
        "\n[[procedure.documents]]\nname = \"Giấy tờ mồ côi\"\n",
    );
    let dir = site_with(&[("content/a.md", &text)]);
    let d = build_err(dir.path());
    let e = find(&d, "thiếu nhóm giấy tờ");
    assert!(
        e.message
            .contains("`procedure.documents.group` (mục thứ 2)"),
        "{e}"
    );
    assert_eq!(e.line, Some(21));
    assert!(e.hint.as_deref().unwrap().contains("xuat-trinh"));
}

#[test]
fn addresses_with_quotes_or_brackets_are_refused() {
    for (key, url) in [
        (
            "online_url",
            "https://dichvucong.gov.vn/p?x=\\\"><script>alert(1)</script>",
        ),
        ("portal_url", "https://dichvucong.gov.vn/a b"),
    ] {
        let text = procedure("1.001193", &format!("{key} = \"{url}\"\n"), "");
        let dir = site_with(&[("content/a.md", &text)]);
        let d = build_err(dir.path());
        let e = find(&d, "không phải địa chỉ web http(s) hợp lệ");
        assert!(e.message.contains(&format!("`procedure.{key}`")), "{e}");
        assert_eq!(e.line, Some(10));
    }
}

#[test]
fn conditional_times_and_fees_are_kept_as_written_with_a_warning() {
    let text = procedure("1.001193", "", "")
        .replace(
            "time = \"3 Ngày làm việc\"",
            "time = \"Trong ngày làm việc tiếp theo\"",
        )
        .replace(
            "fee = \"Miễn phí\"",
            "fee = \"Miễn phí đối với hộ nghèo, 10.000 đồng đối với trường hợp khác\"",
        );
    let dir = site_with(&[("content/a.md", &text)]);
    let report = build_ok(dir.path());
    find(&report.warnings, "không phải một thời hạn đơn giản");
    find(&report.warnings, "không phải một mức phí đơn giản");
    assert_eq!(
        read(dir.path(), "a/index.html"),
        "PROC 1.001193 Trong ngày làm việc tiếp theo | Miễn phí đối với hộ nghèo, 10.000 đồng \
         đối với trường hợp khác"
    );
    // "Không có thông tin" is the database's blank, not "Không quy định": a gap, said plainly.
    let text = procedure("1.001193", "", "").replace(
        "time = \"3 Ngày làm việc\"",
        "time = \"Không có thông tin\"",
    );
    let dir = site_with(&[("content/a.md", &text)]);
    let report = build_ok(dir.path());
    find(
        &report.warnings,
        "thủ tục 1.001193: chưa có thông tin về thời hạn giải quyết",
    );
    assert_eq!(
        read(dir.path(), "a/index.html"),
        "PROC 1.001193 Chưa có thông tin | Miễn phí"
    );
}

#[test]
fn not_regulated_satisfies_a_required_part() {
    let text = procedure("1.001193", "", "")
        .replace("steps = [\"Nộp hồ sơ.\"]", "steps = [\"Không quy định\"]");
    let dir = site_with(&[("content/a.md", &text)]);
    build_ok(dir.path());
}

#[test]
fn bad_code_urls_and_online_level_are_located() {
    let text = procedure(
        "1.0011",
        "online = \"toan-trinh\"\nportal_url = \"javascript:alert(1)\"\n",
        "\n[[procedure.legal_basis]]\nnumber = \"60/2014/QH13\"\nurl = \"ftp://x.vn/luat\"\n",
    );
    let dir = site_with(&[("content/a.md", &text)]);
    let d = build_err(dir.path());
    let e = find(&d, "mã thủ tục \"1.0011\" không đúng dạng");
    assert_eq!(e.line, Some(5));
    let e = find(&d, "\"javascript:alert(1)\" không phải địa chỉ web");
    assert_eq!(e.line, Some(11));
    let e = find(&d, "ftp://x.vn/luat");
    assert!(
        e.message
            .contains("`procedure.legal_basis.url` (mục thứ 1)"),
        "{e}"
    );
    assert_eq!(e.line, Some(25));
    let e = find(&d, "không có đường dẫn để nộp");
    assert_eq!(e.line, Some(10));
    assert!(e.hint.as_deref().unwrap().contains("online_url"));
}

#[test]
fn duplicate_codes_name_both_files() {
    let a = procedure("1.001193", "", "");
    let dir = site_with(&[("content/a.md", &a), ("content/b/c.md", &a)]);
    let d = build_err(dir.path());
    let e = find(&d, "trùng với tệp content/a.md");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/b/c.md"))
    );
    assert_eq!(e.line, Some(5));
}

#[test]
fn unreadable_time_and_fee_are_warnings_and_kept_as_written() {
    let text = procedure("1.001193", "", "")
        .replace("time = \"3 Ngày làm việc\"", "time = \"5\"")
        .replace("fee = \"Miễn phí\"", "fee = \"theo quy định\"");
    let dir = site_with(&[("content/a.md", &text)]);
    let report = build_ok(dir.path());
    let w = find(
        &report.warnings,
        "thời hạn giải quyết chỉ có con số, không rõ là ngày hay ngày làm việc",
    );
    assert_eq!(w.line, Some(11), "at [[procedure.channels]]: {w}");
    let w = find(&report.warnings, "phí, lệ phí \"theo quy định\"");
    assert_eq!(w.line, Some(14));
    assert_eq!(
        read(dir.path(), "a/index.html"),
        "PROC 1.001193 5 (chưa rõ ngày hay ngày làm việc) | theo quy định"
    );
}

#[test]
fn a_missing_form_file_is_a_warning() {
    let text = procedure("1.001193", "", "form = \"to-khai.docx\"\n");
    let dir = site_with(&[("content/a/index.md", &text)]);
    let report = build_ok(dir.path());
    let w = find(&report.warnings, "không thấy tệp mẫu «to-khai.docx»");
    assert!(w.message.contains("Cổng Dịch vụ công quốc gia"), "{w}");
}

#[test]
fn unknown_procedure_keys_are_rejected() {
    let text = procedure("1.001193", "thoi_han = \"5 ngày\"\n", "");
    let dir = site_with(&[("content/a.md", &text)]);
    let d = build_err(dir.path());
    let e = find(&d, "`procedure.thoi_han`");
    assert!(e.message.contains("khóa lạ"));
    assert_eq!(e.line, Some(10));
}

#[test]
fn open_data_lists_every_procedure() {
    let a = procedure("1.001193", "", "");
    let b = procedure("2.000815", "", "")
        .replace("Hộ tịch", "Chứng thực")
        .replace(
            "fee = \"Miễn phí\"",
            "fee = \"2,000 Việt Nam Đồng(/trang)\"",
        );
    let dir = site_with(&[("content/a.md", &a), ("content/b.md", &b)]);
    build_ok(dir.path());
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "procedures.json")).unwrap();
    assert_eq!(json["format"], "niemyet-procedures");
    assert_eq!(json["count"], 2);
    // Catalogue order: field, then code.
    let first = &json["procedures"][0];
    assert_eq!(first["code"], "2.000815");
    assert_eq!(first["url"], "https://xa.example.vn/b/");
    assert_eq!(first["qr_url"], "https://xa.example.vn/tt/2.000815/");
    assert_eq!(first["channels"][0]["fee"], "2,000 Việt Nam Đồng(/trang)");
    assert_eq!(first["channels"][0]["fee_value"]["amount"], 2000);
    assert_eq!(first["channels"][0]["fee_value"]["currency"], "VND");
    assert_eq!(first["channels"][0]["time_value"]["unit"], "working_days");

    let csv = read(dir.path(), "procedures.csv");
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the byte-order mark"
    );
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = rows.headers().unwrap().clone();
    assert_eq!(&headers[1], "Mã TTHC");
    assert_eq!(&headers[8], "Phí, lệ phí");
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][1], "2.000815");
    assert_eq!(&records[0][8], "2.000 đồng/trang");
    assert_eq!(&records[1][4], "3 ngày làm việc");
}

#[test]
fn no_procedures_no_open_data() {
    let dir = min_site(&[]);
    build_ok(dir.path());
    assert!(!dir.path().join("public/procedures.json").exists());
}
