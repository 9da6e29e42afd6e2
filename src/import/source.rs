//! What an import file holds, whatever its format: procedure records and the rows skipped.

use std::path::Path;

use super::workbook::Workbook;
use super::{flat, national, open_data};
use crate::diagnostics::Diagnostic;
use crate::procedure::record::Record;

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

/// Everything read from one import file.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Records, in file order, one per procedure code.
    pub records: Vec<Record>,
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
    match wb.find_sheet(&[national::MAIN_SHEET]) {
        Some(main) => national::read(path, &mut wb, &main).map(|s| (SourceKind::National, s)),
        None => flat::read_workbook(path, &mut wb).map(|s| (SourceKind::FlatList, s)),
    }
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
