//! What an import file holds, whatever its format: procedure records and the rows skipped.

use std::collections::BTreeMap;
use std::path::Path;

use super::workbook::Workbook;
use super::{flat, national, open_data};
use crate::diagnostics::Diagnostic;
use crate::procedure::keys::Key;
use crate::procedure::record::{web_url_from_text, Record};

/// The format an import file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// The national TTHC database's Excel export (sheet `TTHC2-CAPXA` and its child sheets).
    National,
    /// A flat list as provincial decisions publish it (CSV or XLSX).
    FlatList,
    /// The `procedures.json` that niemyet publishes.
    OpenData,
}

/// A row of the import file that was not turned into a record, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is, e.g. "trang «TTHC2-CAPXA», dòng 7" (a CSV file: "dòng 7"; JSON: "thủ tục thứ 3").
    pub location: String,
    /// The procedure code on that row, if one could be read.
    pub code: Option<String>,
    /// Why it was skipped, in Vietnamese.
    pub reason: String,
}

/// How an imported value meets the value already in a procedure file (when the editor has not
/// changed it; an editor's change always stays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// The import file is a source for this key: its value replaces the last imported one.
    Replace,
    /// The import file only summarises this key (a flat list's one time limit against the
    /// national database's rows per channel): it fills the key when the file has none.
    FillEmpty,
}

/// Everything read from one import file.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Records, in file order, one per procedure code.
    pub records: Vec<Record>,
    /// The keys (named as in files: "title", "description", "procedure.steps") the file has
    /// a column or sheet for, and how each is merged. A key the file does not carry is left as
    /// it is in existing files: a flat list has no steps, and importing one must not empty them.
    pub carries: BTreeMap<String, Carry>,
    /// Rows that were not imported.
    pub skipped: Vec<Skipped>,
    /// Problems worth telling the editor that did not stop a record from being read.
    pub warnings: Vec<Diagnostic>,
}

/// Largest import file accepted.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// Reads an import file, choosing the reader by its content; a malformed file is an error that
/// names the file (and sheet, row, column where there is one) and says how to fix it.
///
/// Content, not the file name, decides: a zip file (`PK`) is read as xlsx, a file that starts
/// with `{` (after a byte-order mark and spaces) as `procedures.json`, anything else as CSV.
/// An xlsx workbook with a sheet `TTHC2-CAPXA` is the national export; any other workbook is
/// read as a flat list. The reader never panics, whatever the bytes.
pub fn read_source(path: &Path, bytes: &[u8]) -> Result<(SourceKind, Source), Vec<Diagnostic>> {
    read_any(path, bytes).map(|(kind, mut source)| {
        check_urls(path, &mut source);
        (kind, source)
    })
}

/// Every web address of every record made valid (see [`web_url_from_text`]), or dropped with
/// a warning: an address that is not http(s) must not reach a page, and a file the importer
/// writes must build.
fn check_urls(path: &Path, source: &mut Source) {
    let mut warn = |code: &str, what: &str, url: &str| {
        source.warnings.push(
            Diagnostic::warning(format!(
                "thủ tục {code}: {what} «{url}» không phải địa chỉ web http(s), bỏ qua"
            ))
            .in_file(path)
            .with_hint("Sửa địa chỉ trong tệp nguồn (bắt đầu bằng https://) rồi nhập lại."),
        );
    };
    let mut fix = |code: &str, what: &str, slot: &mut Option<String>| {
        if let Some(url) = slot.take() {
            match web_url_from_text(&url) {
                Some(ok) => *slot = Some(ok),
                None => warn(code, what, &url),
            }
        }
    };
    for r in &mut source.records {
        fix(
            &r.code,
            "đường dẫn trên Cổng Dịch vụ công",
            &mut r.portal_url,
        );
        fix(
            &r.code,
            "đường dẫn dịch vụ công trực tuyến",
            &mut r.online_url,
        );
        for l in &mut r.legal_basis {
            fix(&r.code, "địa chỉ văn bản căn cứ pháp lý", &mut l.url);
        }
        for d in &mut r.documents {
            // A form is a file name or an address; only addresses are checked here.
            if d.form.as_deref().is_some_and(|f| f.contains("://")) {
                fix(&r.code, "địa chỉ mẫu đơn", &mut d.form);
            }
        }
    }
}

impl Source {
    /// Marks the record keys `keys` as carried.
    pub(crate) fn carry(&mut self, keys: &[Key], how: Carry) {
        for k in keys {
            self.carries.insert(k.front.to_string(), how);
        }
    }
}

fn read_any(path: &Path, bytes: &[u8]) -> Result<(SourceKind, Source), Vec<Diagnostic>> {
    let error =
        |msg: String, hint: &str| vec![Diagnostic::error(msg).in_file(path).with_hint(hint)];
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(error(
            format!(
                "tệp quá lớn ({} MiB, tối đa {} MiB)",
                bytes.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            "Xóa các trang, hình ảnh và dữ liệu không liên quan, hoặc tách danh mục thành nhiều tệp.",
        ));
    }
    let text_start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text_start.iter().find(|b| !b.is_ascii_whitespace());
    if bytes.starts_with(b"PK") {
        read_xlsx(path, bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(error(
            "tệp là Excel 97–2003 (.xls) hoặc tệp Excel có mật khẩu: không đọc được".into(),
            "Mở tệp bằng Excel, bỏ mật khẩu nếu có, rồi chọn Lưu thành → «Excel Workbook (*.xlsx)» \
             và nhập tệp .xlsx đó.",
        ))
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        Err(error(
            "tệp văn bản mã UTF-16 (Unicode Text của Excel): không đọc được".into(),
            "Trong Excel chọn Lưu thành → «CSV UTF-8 (Comma delimited) (*.csv)», hoặc nhập thẳng \
             tệp .xlsx.",
        ))
    } else if first.is_none() {
        Err(error(
            "tệp trống".into(),
            "Chọn đúng tệp danh mục thủ tục cần nhập.",
        ))
    } else if matches!(first, Some(b'{' | b'[')) {
        open_data::read(path, bytes).map(|s| (SourceKind::OpenData, s))
    } else {
        flat::read_csv(path, bytes).map(|s| (SourceKind::FlatList, s))
    }
}

/// Reads an xlsx workbook: the national export when it has its main sheet, else a flat list.
fn read_xlsx(path: &Path, bytes: &[u8]) -> Result<(SourceKind, Source), Vec<Diagnostic>> {
    let mut wb = Workbook::open(path, bytes).map_err(|e| vec![e])?;
    if let Some(main) = wb.find_sheet(&[national::MAIN_SHEET]) {
        return national::read(path, &mut wb, &main).map(|s| (SourceKind::National, s));
    }
    let children = national::child_sheets(&wb);
    if !children.is_empty() {
        // Read as a flat list, its child sheets would look like lists of procedures and the
        // import would rewrite every file from a fraction of the export.
        return Err(vec![Diagnostic::error(format!(
            "tệp có trang {} của tệp xuất từ Cơ sở dữ liệu quốc gia về TTHC nhưng không có \
             trang chính «TTHC2-CAPXA»; các trang có: {}",
            super::cells::quoted_list(&children),
            super::cells::quoted_list(&wb.sheet_names())
        ))
        .in_file(path)
        .with_hint(
            "Đặt lại tên trang danh sách thủ tục là «TTHC2-CAPXA» (như khi xuất từ Cơ sở dữ liệu \
             quốc gia), hoặc xuất lại tệp. Không có tệp nào bị thay đổi.",
        )]);
    }
    flat::read_workbook(path, &mut wb).map(|s| (SourceKind::FlatList, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells::testing::xlsx;

    fn message(bytes: &[u8]) -> String {
        let e = read_source(Path::new("nhap.xlsx"), bytes).unwrap_err();
        assert!(e
            .iter()
            .all(|d| d.is_error() && d.file.as_deref() == Some(Path::new("nhap.xlsx"))));
        assert!(e.iter().all(|d| d.hint.is_some()), "{e:?}");
        e[0].message.clone()
    }

    #[test]
    fn old_excel_and_utf16_are_refused() {
        assert!(
            message(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).contains("(.xls)")
        );
        assert!(message(&[0xFF, 0xFE, b'S', 0]).contains("UTF-16"));
        assert_eq!(message(b"\xEF\xBB\xBF \n "), "tệp trống");
    }

    #[test]
    fn files_over_the_limit_are_refused() {
        let big = vec![b' '; MAX_INPUT_BYTES + 1];
        assert!(message(&big).starts_with("tệp quá lớn (50 MiB"));
    }

    #[test]
    fn a_truncated_workbook_is_reported_not_panicked() {
        let bytes = xlsx(&[("TTHC2-CAPXA", vec![vec!["Mã TTHC"]])]);
        for cut in [2, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                message(&bytes[..cut]).starts_with("tệp Excel bị hỏng"),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_cell_reference_that_overflows_the_library_is_an_error() {
        // Found by the fuzzer: calamine 0.38 overflows on this cell reference (a panic in
        // builds with overflow checks, such as this test's); the import reports a broken file.
        let bytes =
            include_bytes!("../../fuzz/seeds/import_source/07_overflowing_cell_reference.xlsx");
        assert!(read_source(Path::new("x.xlsx"), bytes).is_err());
    }

    #[test]
    fn garbage_never_panics() {
        // A fixed pseudo-random stream, run through every reader (prefixes pick the reader).
        let mut x: u32 = 2_463_534_242;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let valid = xlsx(&[("TTHC2-CAPXA", vec![vec!["Mã TTHC", "Tên TTHC", "Lĩnh vực"]])]);
        for round in 0..300 {
            let len = (next() % 600) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            match round % 4 {
                0 => bytes.insert(0, b'{'),
                1 => {
                    bytes.splice(0..0, *b"PK\x03\x04");
                }
                2 => {
                    // Flip a few bytes of a valid workbook.
                    bytes = valid.clone();
                    for _ in 0..3 {
                        let i = next() as usize % bytes.len();
                        bytes[i] = next() as u8;
                    }
                }
                _ => {}
            };
            let _ = read_source(Path::new("x"), &bytes);
        }
    }
}
