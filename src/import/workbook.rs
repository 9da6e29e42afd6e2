//! Opening an xlsx import file with calamine and reading its sheets into [`Sheet`]s, within
//! limits so that a small crafted file cannot exhaust memory.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx, XlsxError};

use super::cells::{header_key, too_many_cells, Cell, Merge, Place, Row, Sheet, MAX_CELLS};
use crate::diagnostics::Diagnostic;

/// Most bytes the workbook's parts may unpack to (as the zip file declares them; the zip
/// reader refuses a part that unpacks to more than it declared). The national export unpacks
/// to about 21 KB per procedure (4.3 MB for the 200 commune-level procedures of the fixture,
/// about 13 MB for the ~600 of a commune's whole catalogue); 160 MiB holds the whole national
/// database at every level (~6,000 procedures) and a generated 5,000-procedure benchmark
/// workbook (83 MiB), while bounding what calamine holds (it reads a whole cell, however long,
/// before [`MAX_CELL_BYTES`](super::cells::MAX_CELL_BYTES) is applied) to about half a gigabyte.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 160 * 1024 * 1024;

/// An open xlsx workbook.
pub(crate) struct Workbook<'a> {
    xlsx: Xlsx<Cursor<&'a [u8]>>,
    path: &'a Path,
}

/// The error for a workbook that cannot be read; `detail` is the library's (English) reason.
pub(crate) fn broken(path: &Path, detail: impl Display) -> Diagnostic {
    Diagnostic::error(format!(
        "tệp Excel bị hỏng hoặc không phải tệp .xlsx, không đọc được (chi tiết: {detail})"
    ))
    .in_file(path)
    .with_hint(
        "Mở tệp bằng Excel hoặc LibreOffice để kiểm tra; nếu tệp tải về bị thiếu, hãy xuất lại \
         (hoặc tải lại) từ nguồn, lưu dạng .xlsx rồi nhập lại.",
    )
}

/// Runs calamine on untrusted bytes: a panic inside it becomes a "broken file" error.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(broken(path, "lỗi nội bộ của thư viện đọc Excel")))
}

/// Total unpacked size the zip file declares for its parts.
fn declared_size(bytes: &[u8]) -> zip::result::ZipResult<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        total = total.saturating_add(archive.by_index_raw(i)?.size());
    }
    Ok(total)
}

impl<'a> Workbook<'a> {
    /// Opens the workbook in `bytes` (read from `path`).
    pub(crate) fn open(path: &'a Path, bytes: &'a [u8]) -> Result<Self, Diagnostic> {
        let size = declared_size(bytes).map_err(|e| broken(path, e))?;
        if size > MAX_UNPACKED_BYTES {
            return Err(Diagnostic::error(format!(
                "tệp Excel quá lớn khi giải nén ({} MiB, tối đa {} MiB)",
                size / (1024 * 1024),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ))
            .in_file(path)
            .with_hint("Xóa các trang, hình ảnh và dữ liệu không liên quan rồi lưu lại tệp."));
        }
        let xlsx = guarded(path, || {
            Xlsx::new(Cursor::new(bytes)).map_err(|e: XlsxError| broken(path, e))
        })?;
        Ok(Workbook { xlsx, path })
    }

    /// The sheets' names, in workbook order.
    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    /// The name of the first sheet whose name is one of `names` (lower case, compared after
    /// cleaning).
    pub(crate) fn find_sheet(&self, names: &[&str]) -> Option<String> {
        self.sheet_names()
            .into_iter()
            .find(|n| names.contains(&header_key(n).as_str()))
    }

    /// Reads sheet `name`: its non-empty cells and its merged regions.
    pub(crate) fn load(&mut self, name: &str) -> Result<Sheet, Diagnostic> {
        let path = self.path;
        guarded(path, || self.load_unguarded(name))
    }

    fn load_unguarded(&mut self, name: &str) -> Result<Sheet, Diagnostic> {
        let path = self.path;
        let place = Place {
            path,
            sheet: Some(name),
        };
        let mut rows: BTreeMap<u32, Vec<(usize, Cell)>> = BTreeMap::new();
        let mut count = 0usize;
        match self.xlsx.worksheet_cells_reader(name) {
            Ok(mut reader) => {
                while let Some(cell) = reader.next_cell().map_err(|e| broken(path, e))? {
                    let Some(value) = convert(cell.get_value()) else {
                        continue;
                    };
                    count += 1;
                    if count > MAX_CELLS {
                        return Err(too_many_cells(&place));
                    }
                    let (r, c) = cell.get_position();
                    rows.entry(r).or_default().push((c as usize, value));
                }
            }
            // A chart sheet: no cells.
            Err(XlsxError::NotAWorksheet(_)) => {}
            Err(e) => return Err(broken(path, e)),
        }
        let merges = self
            .xlsx
            .merge_cells_by_sheet_name(name)
            .map_err(|e| broken(path, e))?;
        if merges.len() > MAX_CELLS {
            return Err(too_many_cells(&place));
        }
        Ok(Sheet {
            name: Some(name.to_string()),
            rows: rows.into_iter().map(|(r, cells)| row(r, cells)).collect(),
            merges: merges
                .iter()
                .map(|d| Merge {
                    first_row: d.start.0 as usize + 1,
                    last_row: d.end.0.max(d.start.0) as usize + 1,
                    first_col: d.start.1 as usize,
                    last_col: d.end.1.max(d.start.1) as usize,
                })
                .collect(),
        })
    }
}

/// A row from calamine's 0-based row and its cells in reading order (a later duplicate of a
/// cell wins, as when the XML is read top to bottom).
fn row(r: u32, mut cells: Vec<(usize, Cell)>) -> Row {
    cells.reverse();
    cells.sort_by_key(|(c, _)| *c);
    cells.dedup_by_key(|(c, _)| *c);
    Row {
        number: r as usize + 1,
        cells,
    }
}

/// A calamine value as a [`Cell`]; `None` for empty and error (`#N/A`) cells.
fn convert(value: &DataRef<'_>) -> Option<Cell> {
    Some(match value {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::text(s.as_str()),
        DataRef::SharedString(s) => Cell::text(*s),
        DataRef::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, min, s, _) = dt.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
            } else {
                Cell::Date(format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}"))
            }
        }
        DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::text(s.as_str()),
        DataRef::Error(_) | DataRef::Empty => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};

    #[test]
    fn reads_cells_dates_and_merges() {
        let mut w = Writer::new();
        let ws = w.add_worksheet().set_name("Trang").unwrap();
        ws.write_string(0, 0, "Mã TTHC").unwrap();
        ws.write_number(1, 0, 1.001193).unwrap();
        let date = ExcelDateTime::from_ymd(2024, 3, 5).unwrap();
        ws.write_datetime_with_format(1, 1, &date, &Format::new().set_num_format("dd/mm/yyyy"))
            .unwrap();
        ws.merge_range(2, 2, 4, 2, "gộp", &Format::new()).unwrap();
        let bytes = w.save_to_buffer().unwrap();

        let path = Path::new("t.xlsx");
        let mut wb = Workbook::open(path, &bytes).unwrap();
        assert_eq!(wb.sheet_names(), ["Trang"]);
        assert_eq!(wb.find_sheet(&["trang"]).as_deref(), Some("Trang"));
        let sheet = wb.load("Trang").unwrap();
        assert_eq!(sheet.rows[0].get(0), Some(&Cell::Text("Mã TTHC".into())));
        assert_eq!(sheet.rows[1].get(0), Some(&Cell::Number(1.001193)));
        assert_eq!(sheet.rows[1].get(1), Some(&Cell::Date("2024-03-05".into())));
        assert_eq!(
            sheet.merges,
            [Merge {
                first_row: 3,
                last_row: 5,
                first_col: 2,
                last_col: 2
            }]
        );
    }

    #[test]
    fn a_workbook_declaring_too_much_unpacked_data_is_refused_before_reading() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let zeros = vec![b'0'; 1024 * 1024];
        for _ in 0..=MAX_UNPACKED_BYTES / (1024 * 1024) {
            zip.write_all(&zeros).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
        let e = Workbook::open(Path::new("bom.xlsx"), &bytes).err().unwrap();
        let max = MAX_UNPACKED_BYTES / (1024 * 1024);
        let want = format!("quá lớn khi giải nén ({} MiB, tối đa {max} MiB)", max + 1);
        assert!(e.message.contains(&want), "{e}");
        assert!(e.file.is_some());
    }

    #[test]
    fn truncated_zip_is_an_error() {
        let mut w = Writer::new();
        w.add_worksheet().write_string(0, 0, "x").unwrap();
        let bytes = w.save_to_buffer().unwrap();
        for cut in [10, bytes.len() / 2, bytes.len() - 10] {
            let e = Workbook::open(Path::new("t.xlsx"), &bytes[..cut])
                .err()
                .unwrap();
            assert!(e.message.starts_with("tệp Excel bị hỏng"), "{e}");
            assert!(e.hint.is_some());
        }
    }
}
