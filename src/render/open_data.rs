//! Open data: the whole procedure catalogue as `procedures.json` and `procedures.csv`.
//!
//! The JSON is the full record (what `niemyet import` reads back, so a commune can start from a
//! neighbour's catalogue). The CSV uses the column names of the provinces' flat lists, so it
//! opens in a spreadsheet and imports as a flat list too.

use rayon::prelude::*;
use serde_json::json;

use super::{text_file, RenderData};
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::procedure::record::Record;
use crate::procedure::view;

/// Identifies niemyet's catalogue format in `procedures.json`.
pub const FORMAT: &str = "niemyet-procedures";
/// Version of that format.
pub const VERSION: u64 = 1;

/// Column headers of `procedures.csv`, in order.
pub const CSV_COLUMNS: [&str; 16] = [
    "STT",
    "Mã TTHC",
    "Tên thủ tục",
    "Lĩnh vực",
    "Thời hạn giải quyết",
    "Địa điểm thực hiện",
    "Dịch vụ công trực tuyến",
    "Cơ quan thực hiện",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Ghi chú",
    "Đối tượng thực hiện",
    "Trạng thái",
    "Ngày rà soát",
    "Địa chỉ trang",
    "Địa chỉ mã QR",
];

/// Procedure pages in catalogue order: by field, then code.
fn procedures<'a>(rd: &'a RenderData<'_>) -> Vec<(&'a Page, &'a Record)> {
    let mut list: Vec<(&Page, &Record)> = rd
        .lib
        .pages
        .iter()
        .filter_map(|p| p.meta.procedure.as_deref().map(|r| (p, r)))
        .collect();
    list.sort_by(|a, b| (&a.1.field, &a.1.code).cmp(&(&b.1.field, &b.1.code)));
    list
}

/// Both files, or nothing when the site has no procedures.
pub fn render(rd: &RenderData<'_>) -> Result<Vec<(String, OutputFile)>, Diagnostic> {
    let list = procedures(rd);
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let producer = "procedures (content/**/[procedure])";
    // The catalogue is the largest file of a site (16 KB per procedure): each procedure is
    // written in parallel, indented as its place in the document wants, and the pieces joined.
    let head = json!({
        "count": list.len(),
        "format": FORMAT,
        "procedures": [],
        "site": {"title": rd.config.title, "base_url": rd.config.base_url},
        "version": VERSION,
    });
    let head = serde_json::to_string_pretty(&head).unwrap_or_default();
    let pieces: Vec<String> = list
        .par_iter()
        .map(|(p, r)| {
            let v = view::open_data(r, &p.permalink, p.qr_url.as_deref());
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            // A JSON string never holds a raw line break, so every one is between values.
            format!("    {}", text.replace('\n', "\n    "))
        })
        .collect();
    let json_text = match head.split_once("\"procedures\": []") {
        Some((before, after)) => {
            let mut t = String::with_capacity(pieces.iter().map(|p| p.len() + 2).sum::<usize>());
            t.push_str(before);
            t.push_str("\"procedures\": [\n");
            t.push_str(&pieces.join(",\n"));
            t.push_str("\n  ]");
            t.push_str(after);
            t.push('\n');
            t
        }
        None => String::new(),
    };
    Ok(vec![
        text_file("procedures.json".into(), json_text, producer),
        text_file("procedures.csv".into(), csv(&list), producer),
    ])
}

/// A cell a spreadsheet cannot take for a formula: one starting with `=`, `+`, `@`, a tab or a
/// carriage return, or with `-` unless the whole cell is a number, gets a leading `'`, which
/// spreadsheets show as text and `niemyet import` removes again (OWASP's advice on CSV
/// injection). Spreadsheets read `- 2+3+cmd|…` as a formula too, so a dash followed by
/// anything but a plain number is marked.
pub fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'@' | b'\t' | b'\r') => true,
        Some(b'-') => !is_plain_number(&cell[1..]),
        _ => false,
    };
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Digits with at most one decimal point or comma between digits: what a negative number
/// looks like after its `-`.
fn is_plain_number(s: &str) -> bool {
    let mut parts = s.splitn(2, ['.', ',']);
    let whole = parts.next().unwrap_or_default();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && parts.next().is_none_or(digits)
}

fn csv(list: &[(&Page, &Record)]) -> String {
    // A byte-order mark: spreadsheet programs otherwise read UTF-8 Vietnamese as mojibake.
    let mut w = ::csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(CSV_COLUMNS);
    for (i, (p, r)) in list.iter().enumerate() {
        let summary = |label: fn(&str) -> String,
                       pick: fn(&crate::procedure::record::Channel) -> &str| {
            let mut seen: Vec<String> = Vec::new();
            for c in &r.channels {
                let l = label(pick(c));
                if !l.is_empty() && !seen.contains(&l) {
                    seen.push(l);
                }
            }
            seen.join("; ")
        };
        let legal: Vec<String> = r
            .legal_basis
            .iter()
            .map(|l| match &l.title {
                Some(t) => format!("{} {t}", l.number),
                None => l.number.clone(),
            })
            .collect();
        let row = [
            (i + 1).to_string(),
            r.code.clone(),
            r.name.clone(),
            r.field.clone(),
            summary(view::time_label, |c| &c.time),
            r.submit_at.clone().unwrap_or_default(),
            r.online.map(|o| o.label().to_string()).unwrap_or_default(),
            r.agency.clone().unwrap_or_default(),
            summary(view::fee_label, |c| &c.fee),
            legal.join("\n"),
            r.description.clone().unwrap_or_default(),
            r.audience.join(", "),
            r.status.label().to_string(),
            r.last_reviewed.clone().unwrap_or_default(),
            p.permalink.clone(),
            p.qr_url.clone().unwrap_or_default(),
        ];
        let _ = w.write_record(row.iter().map(|c| inert(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_made_text() {
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-A1", "'-A1"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("- 2+3", "'- 2+3"),
            ("- Bước 1", "'- Bước 1"),
            ("-", "'-"),
            ("-5", "-5"),
            ("-1.5", "-1.5"),
            ("-1,5", "-1,5"),
            ("-1.", "'-1."),
            ("-1e5", "'-1e5"),
            ("\tx", "'\tx"),
            ("Miễn phí", "Miễn phí"),
            ("", ""),
        ] {
            assert_eq!(inert(cell), want, "{cell}");
        }
    }
}
