//! `niemyet::import::read_source` on arbitrary bytes: the raw bytes (read as xlsx, JSON or CSV
//! by their first bytes), and, for input starting with `X`, a well-formed workbook built from
//! the rest of the input so that the national and flat-list readers see arbitrary cells.
//!
//! Workbook input (UTF-8 after the `X`): sheets are separated by form feeds (`\x0c`); a
//! sheet's first line is its name; then rows are lines and cells are tab-separated. A cell
//! `#<number>` is written as a number, `@<number>` as a date (Excel serial), and a line
//! `!r1 c1 r2 c2` merges that range (0-based).
//!
//! Besides "never panics", it checks:
//! - every diagnostic names the file it was given and has a non-empty message;
//! - an `Err` holds at least one error; an `Ok` holds only warnings in `warnings`;
//! - every record read has a valid code, a name and a field, and codes are unique;
//! - every web address in a record is a valid http(s) address (nothing a page could be broken
//!   out of);
//! - the procedure file written for each record splits into front matter and an empty body,
//!   and the front matter is valid TOML (no value can close the `+++` fence).
#![no_main]

use std::collections::HashSet;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use niemyet::diagnostics::Diagnostic;
use niemyet::import::read_source;
use niemyet::content::front_matter::split;
use niemyet::import::merge::new_file;
use niemyet::procedure::record::{is_valid_code, is_web_url};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A workbook from the text format above; `None` when the writer refuses it.
fn workbook(text: &str) -> Option<Vec<u8>> {
    let mut w = Workbook::new();
    for sheet in text.split('\x0c').take(8) {
        let mut lines = sheet.split('\n');
        let ws = w.add_worksheet();
        let _ = ws.set_name(lines.next().unwrap_or_default());
        let mut merges: Vec<[u32; 4]> = Vec::new();
        for (r, line) in lines.take(200).enumerate() {
            if let Some(merge) = line.strip_prefix('!') {
                let n: Vec<u32> = merge.split(' ').filter_map(|x| x.parse().ok()).collect();
                if let [r1, c1, r2, c2] = n[..] {
                    let m = [r1 % 300, c1 % 40, r2 % 300, c2 % 40];
                    // rust_xlsxwriter 0.102 panics on a merge overlapping one it refused
                    // before: overlapping merges are never tried.
                    let overlaps =
                        |o: &[u32; 4]| m[0] <= o[2] && o[0] <= m[2] && m[1] <= o[3] && o[1] <= m[3];
                    if !merges.iter().any(overlaps) {
                        let (c1, c2) = (m[1] as u16, m[3] as u16);
                        if ws
                            .merge_range(m[0], c1, m[2], c2, "", &Format::new())
                            .is_ok()
                        {
                            merges.push(m);
                        }
                    }
                }
                continue;
            }
            for (c, cell) in line.split('\t').take(40).enumerate() {
                let (r, c) = (r as u32, c as u16);
                let number = |s: &str| s.parse::<f64>().ok().filter(|n| n.is_finite());
                let _ = if let Some(n) = cell.strip_prefix('#').and_then(number) {
                    ws.write_number(r, c, n).map(|_| ())
                } else if let Some(n) = cell.strip_prefix('@').and_then(number) {
                    ExcelDateTime::from_serial_datetime(n).and_then(|d| {
                        let f = Format::new().set_num_format("dd/mm/yyyy");
                        ws.write_datetime_with_format(r, c, d, &f).map(|_| ())
                    })
                } else if !cell.is_empty() {
                    ws.write_string(r, c, cell).map(|_| ())
                } else {
                    Ok(())
                };
            }
        }
    }
    w.save_to_buffer().ok()
}

fn check(path: &Path, bytes: &[u8]) {
    let check_diags = |diags: &[Diagnostic]| {
        for d in diags {
            assert_eq!(
                d.file.as_deref(),
                Some(path),
                "diagnostic names another file: {d:?}"
            );
            assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        }
    };
    match read_source(path, bytes) {
        Err(diags) => {
            check_diags(&diags);
            assert!(
                diags.iter().any(Diagnostic::is_error),
                "Err without an error: {diags:?}"
            );
        }
        Ok((_, source)) => {
            check_diags(&source.warnings);
            assert!(
                source.warnings.iter().all(|d| !d.is_error()),
                "{:?}",
                source.warnings
            );
            let mut codes = HashSet::new();
            for r in &source.records {
                assert!(is_valid_code(&r.code), "invalid code read: {r:?}");
                assert!(!r.name.is_empty() && !r.field.is_empty(), "{r:?}");
                assert!(codes.insert(r.code.clone()), "duplicate code: {}", r.code);
                let urls = [&r.portal_url, &r.online_url]
                    .into_iter()
                    .flatten()
                    .chain(r.legal_basis.iter().filter_map(|l| l.url.as_ref()))
                    .chain(
                        r.documents
                            .iter()
                            .filter_map(|d| d.form.as_ref())
                            .filter(|f| f.contains("://")),
                    );
                for u in urls {
                    assert!(is_web_url(u), "invalid address read: {u:?}");
                }
                let text = new_file(r, "nhap");
                let split = split(&text).expect("a new file has front matter");
                assert!(split.body.is_empty(), "the front matter ended early: {text}");
                assert!(
                    split.front.parse::<toml::Table>().is_ok(),
                    "invalid TOML written: {text}"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("nhap/danh-muc");
    check(path, data);
    if let Some(rest) = data.strip_prefix(b"X") {
        if let Some(bytes) = std::str::from_utf8(rest).ok().and_then(workbook) {
            check(path, &bytes);
        }
    }
});
