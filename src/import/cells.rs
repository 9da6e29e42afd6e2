//! What the import readers share: tables of cells (from a spreadsheet or a CSV file), text
//! cleaning, finding columns by their header, merged cells, and saying in Vietnamese where a
//! cell is.

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::source::Skipped;
use crate::diagnostics::Diagnostic;
use crate::procedure::record::{is_valid_code, Record, Status};

/// Longest text accepted in one cell: anything longer is a whole document pasted by mistake.
pub(crate) const MAX_CELL_BYTES: usize = 64 * 1024;

/// Most cells kept from one sheet (merged-cell filling included), so that a small crafted file
/// cannot make the reader use gigabytes of memory.
pub(crate) const MAX_CELLS: usize = 2_000_000;

/// How many rows (not counting empty ones) are searched for the header row.
pub(crate) const HEADER_SEARCH_ROWS: usize = 20;

/// One non-empty cell as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Text, as written.
    Text(String),
    /// A number stored as a number.
    Number(f64),
    /// A date stored as a date, already written YYYY-MM-DD.
    Date(String),
    /// Text longer than [`MAX_CELL_BYTES`]: only its length in bytes is kept.
    TooLong(usize),
}

impl Cell {
    /// A text cell, or [`Cell::TooLong`] when the text is over the limit.
    pub(crate) fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.len() > MAX_CELL_BYTES {
            Cell::TooLong(s.len())
        } else {
            Cell::Text(s)
        }
    }

    /// The value as text, before cleaning; empty for [`Cell::TooLong`].
    pub(crate) fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) | Cell::Date(s) => Cow::Borrowed(s),
            Cell::Number(n) => Cow::Owned(number_text(*n)),
            Cell::TooLong(_) => Cow::Borrowed(""),
        }
    }
}

/// A number as a person would type it: integers without ".0".
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a table: its 1-based number (sheet row or CSV line) and its non-empty cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Row {
    /// Row number in the sheet, or line number in the CSV file (1-based).
    pub number: usize,
    /// (0-based column, value), sorted by column.
    pub cells: Vec<(usize, Cell)>,
}

impl Row {
    /// The cell in column `col`, if it is not empty.
    pub(crate) fn get(&self, col: usize) -> Option<&Cell> {
        let i = self.cells.binary_search_by_key(&col, |(c, _)| *c).ok()?;
        Some(&self.cells[i].1)
    }

    /// Sets the cell in column `col`, keeping the cells sorted.
    pub(crate) fn set(&mut self, col: usize, cell: Cell) {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => self.cells[i].1 = cell,
            Err(i) => self.cells.insert(i, (col, cell)),
        }
    }

    /// True when every cell is empty once cleaned (spaces only, say).
    pub(crate) fn is_blank(&self) -> bool {
        self.cells
            .iter()
            .all(|(_, c)| !matches!(c, Cell::TooLong(_)) && clean_line(&c.as_text()).is_empty())
    }

    /// The cleaned non-empty texts of the row, with their columns.
    pub(crate) fn texts(&self) -> Vec<(usize, String)> {
        self.cells
            .iter()
            .map(|(col, c)| (*col, clean_line(&c.as_text())))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    }
}

/// A merged region: rows 1-based, columns 0-based, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    /// First row (1-based).
    pub first_row: usize,
    /// Last row (1-based).
    pub last_row: usize,
    /// First column (0-based).
    pub first_col: usize,
    /// Last column (0-based).
    pub last_col: usize,
}

impl Merge {
    /// The region as Excel writes it, e.g. "B5:B7".
    pub(crate) fn a1(&self) -> String {
        format!(
            "{}{}:{}{}",
            column_letters(self.first_col),
            self.first_row,
            column_letters(self.last_col),
            self.last_row
        )
    }
}

/// Excel's name of a 0-based column: 0 → "A", 27 → "AB".
pub(crate) fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A table read from one sheet of a workbook or from a CSV file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Sheet {
    /// The sheet's name; `None` for a CSV file.
    pub name: Option<String>,
    /// Rows with at least one cell, sorted by number.
    pub rows: Vec<Row>,
    /// Merged regions, as the workbook lists them.
    pub merges: Vec<Merge>,
}

/// Where the rows being read are: the file and, for a workbook, the sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    /// The import file.
    pub path: &'a Path,
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// "trang «TPHS»", or "tệp" for a CSV file.
    pub(crate) fn table(&self) -> String {
        match self.sheet {
            Some(s) => format!("trang «{s}»"),
            None => "tệp".to_string(),
        }
    }

    /// "trang «TPHS», dòng 12", or "dòng 12" for a CSV file.
    pub(crate) fn row(&self, number: usize) -> String {
        match self.sheet {
            Some(s) => format!("trang «{s}», dòng {number}"),
            None => format!("dòng {number}"),
        }
    }

    /// "trang «TPHS», dòng 12, cột «Bản chính»".
    pub(crate) fn cell(&self, number: usize, column: &str) -> String {
        format!("{}, cột «{column}»", self.row(number))
    }

    /// An error about this file.
    pub(crate) fn error(&self, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.path)
            .with_hint(hint)
    }

    /// A warning about this file.
    pub(crate) fn warning(
        &self,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::warning(message)
            .in_file(self.path)
            .with_hint(hint)
    }

    /// A row left out, and why.
    pub(crate) fn skip(
        &self,
        number: usize,
        code: Option<&str>,
        reason: impl Into<String>,
    ) -> Skipped {
        Skipped {
            location: self.row(number),
            code: code.map(str::to_string),
            reason: reason.into(),
        }
    }
}

/// Characters that are invisible and only get in the way (zero-width spaces, BOMs, controls).
fn is_invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace()) || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// One-line text: NFC, invisible characters removed, every run of whitespace (U+00A0 and line
/// breaks included) made one space, trimmed.
pub(crate) fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    // Most cells are NFC already; composing them again is most of the time spent reading.
    let nfc: Box<dyn Iterator<Item = char>> = match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Box::new(s.chars()),
        _ => Box::new(s.nfc()),
    };
    for c in nfc {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !is_invisible(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Text whose line breaks matter (steps, notes): each line cleaned like [`clean_line`], blank
/// lines at both ends dropped and runs of blank lines kept as one.
pub(crate) fn clean_lines(s: &str) -> String {
    let text = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n').map(clean_line) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `None` for an empty string.
pub(crate) fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// A header as compared with the expected names: cleaned and lower case.
pub(crate) fn header_key(s: &str) -> String {
    clean_line(s).to_lowercase()
}

/// A comma-separated list ("Cấp xã, Cơ quan khác"), cleaned, empty items dropped.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(clean_line)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A comma-separated list where commas inside parentheses do not separate:
/// "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX)" has two items.
pub(crate) fn split_list_outside_parens(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&s[start..]);
    items
        .into_iter()
        .map(clean_line)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A procedure code as written in a cell: codes typed into a spreadsheet are sometimes stored
/// as numbers (1.001193), which need their six decimals back; spaces inside are typing slips.
pub(crate) fn code_text(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) if (0.0..10.0).contains(n) => format!("{n:.6}"),
        other => clean_line(&other.as_text())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    }
}

/// An expected column: the name used in messages and every accepted header, as
/// [`header_key`] writes them (lower case).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColSpec {
    /// The name shown in messages.
    pub label: &'static str,
    /// Accepted headers, lower case.
    pub aliases: &'static [&'static str],
}

/// An expected column named `label`, accepted under any of `aliases` (lower case).
pub(crate) const fn spec(label: &'static str, aliases: &'static [&'static str]) -> ColSpec {
    ColSpec { label, aliases }
}

/// The header row found in a table, and which column each expected name is in.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Its row number.
    pub number: usize,
    /// (label of the expected column, 0-based column).
    cols: Vec<(&'static str, usize)>,
    /// The non-empty headers of that row, as written, for messages.
    pub found: Vec<String>,
}

impl Header {
    /// The column of `spec`, if the header has it.
    pub(crate) fn col(&self, spec: &ColSpec) -> Option<usize> {
        self.cols
            .iter()
            .find(|(l, _)| *l == spec.label)
            .map(|(_, c)| *c)
    }

    /// How many expected columns the header has.
    pub(crate) fn matched(&self) -> usize {
        self.cols.len()
    }

    /// Labels of the columns in `required` that the header lacks.
    pub(crate) fn missing(&self, required: &[&ColSpec]) -> Vec<&'static str> {
        required
            .iter()
            .filter(|s| self.col(s).is_none())
            .map(|s| s.label)
            .collect()
    }

    fn matching(row: &Row, specs: &[&ColSpec]) -> Self {
        let mut cols = Vec::new();
        let mut found = Vec::new();
        for (col, text) in row.texts() {
            let key = text.to_lowercase();
            found.push(text);
            let spec = specs.iter().find(|s| s.aliases.contains(&key.as_str()));
            if let Some(spec) = spec {
                if !cols.iter().any(|(l, _)| *l == spec.label) {
                    cols.push((spec.label, col));
                }
            }
        }
        Header {
            number: row.number,
            cols,
            found,
        }
    }
}

/// The first of the first rows that has every column of `must`; failing that, the row that
/// has the most expected columns (to say which are missing), if any has one.
pub(crate) fn find_header(
    sheet: &Sheet,
    specs: &[&ColSpec],
    must: &[&ColSpec],
) -> Result<Header, Option<Header>> {
    let mut best: Option<Header> = None;
    for row in sheet.rows.iter().take(HEADER_SEARCH_ROWS) {
        let h = Header::matching(row, specs);
        if h.missing(must).is_empty() {
            return Ok(h);
        }
        if h.cols.len() > best.as_ref().map_or(0, |b| b.cols.len()) {
            best = Some(h);
        }
    }
    Err(best)
}

/// `«a», «b»`.
pub(crate) fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("«{}»", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The error for a header row that lacks required columns.
pub(crate) fn missing_columns(place: &Place<'_>, header: &Header, missing: &[&str]) -> Diagnostic {
    place.error(
        format!(
            "{}, dòng tiêu đề {}: thiếu cột {}; các cột có: {}",
            place.table(),
            header.number,
            quoted_list(missing),
            quoted_list(&header.found)
        ),
        "Thêm cột còn thiếu với đúng tên tiêu đề (hoặc sửa lại tên cột), hoặc xuất lại tệp \
         từ Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
    )
}

/// The error for a table where no header row was found among the first rows.
pub(crate) fn no_header(place: &Place<'_>, expected: &[&ColSpec]) -> Diagnostic {
    let labels: Vec<&str> = expected.iter().map(|s| s.label).collect();
    place.error(
        format!(
            "{}: không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu; cần các cột {}",
            place.table(),
            quoted_list(&labels)
        ),
        "Kiểm tra rằng bảng có một dòng tiêu đề với đúng tên các cột trên.",
    )
}

/// How merged regions in the data rows are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MergePolicy {
    /// Only one-column (vertical) merges are allowed, and filled.
    FillVertical,
    /// One-column merges are filled; one-row merges across columns (a group heading written
    /// across the table) are left with their value in the first cell.
    FillVerticalKeepHeadings,
}

/// Most rows a header may span below its first row (two-row headers, such as "Dịch vụ công
/// trực tuyến" over "Toàn trình" | "Một phần", are common in provincial lists).
const MAX_HEADER_EXTRA_ROWS: usize = 2;

/// Applies the merged regions of a table whose header row is `header_number`, and returns the
/// number of the header's last row (data rows come after it).
///
/// A region that starts in the header row and goes down a row or two makes the header that
/// tall. Below the header, a one-column region's first value applies to every row of the
/// region (codes or fields merged over a group of rows are a common export artefact). A
/// region over several columns and rows, or one that crosses from the header deep into the
/// data, is an error naming the region: no one can tell which cells its value belongs to.
pub(crate) fn apply_merges(
    sheet: &mut Sheet,
    header_number: usize,
    policy: MergePolicy,
    place: &Place<'_>,
) -> Result<usize, Diagnostic> {
    let merges = std::mem::take(&mut sheet.merges);
    let header_end = merges
        .iter()
        .filter(|m| m.first_row <= header_number && m.last_row > header_number)
        .map(|m| m.last_row)
        .filter(|last| *last <= header_number + MAX_HEADER_EXTRA_ROWS)
        .fold(header_number, usize::max);
    let mut filled = sheet.rows.iter().map(|r| r.cells.len()).sum::<usize>();
    for m in merges {
        if m.last_row <= header_end {
            continue;
        }
        let bad = if m.first_row <= header_end {
            Some("vắt từ dòng tiêu đề xuống vùng dữ liệu")
        } else if m.first_col == m.last_col {
            None
        } else if m.first_row == m.last_row && policy == MergePolicy::FillVerticalKeepHeadings {
            continue;
        } else {
            Some("trải trên nhiều cột trong vùng dữ liệu, không biết giá trị thuộc cột nào")
        };
        if let Some(why) = bad {
            return Err(place.error(
                format!("{}: vùng ô gộp {} {why}", place.table(), m.a1()),
                "Bỏ gộp ô (Unmerge) và điền giá trị vào từng ô, rồi nhập lại.",
            ));
        }
        fill_down(sheet, m, &mut filled);
        if filled > MAX_CELLS {
            return Err(too_many_cells(place));
        }
    }
    Ok(header_end)
}

/// The data rows of `sheet`: those after row `header_end`.
pub(crate) fn data_rows(sheet: &Sheet, header_end: usize) -> &[Row] {
    &sheet.rows[sheet.rows.partition_point(|r| r.number <= header_end)..]
}

/// Copies a one-column region's first value into the region's other (non-empty) rows.
fn fill_down(sheet: &mut Sheet, m: Merge, filled: &mut usize) {
    let first = sheet.rows.partition_point(|r| r.number < m.first_row);
    let Some(value) = sheet
        .rows
        .get(first)
        .filter(|r| r.number == m.first_row)
        .and_then(|r| r.get(m.first_col))
        .cloned()
    else {
        return;
    };
    for row in sheet.rows[first + 1..]
        .iter_mut()
        .take_while(|r| r.number <= m.last_row)
    {
        row.set(m.first_col, value.clone());
        *filled += 1;
    }
}

/// The error for a sheet with more cells than the reader accepts.
pub(crate) fn too_many_cells(place: &Place<'_>) -> Diagnostic {
    place.error(
        format!("{}: quá nhiều ô (hơn {MAX_CELLS})", place.table()),
        "Xóa các trang, dòng, cột không liên quan rồi nhập lại.",
    )
}

/// Reads the cells of one row by expected column, collecting errors about them (a cell over
/// the size limit) instead of returning them one by one.
pub(crate) struct Fields<'a, 'e> {
    place: &'a Place<'a>,
    header: &'a Header,
    row: &'a Row,
    errors: &'e mut Vec<Diagnostic>,
}

impl<'a, 'e> Fields<'a, 'e> {
    /// Reads `row` of the table at `place` whose header is `header`.
    pub(crate) fn new(
        place: &'a Place<'a>,
        header: &'a Header,
        row: &'a Row,
        errors: &'e mut Vec<Diagnostic>,
    ) -> Self {
        Fields {
            place,
            header,
            row,
            errors,
        }
    }

    /// True when the table has the column `spec`.
    pub(crate) fn has(&self, spec: &ColSpec) -> bool {
        self.header.col(spec).is_some()
    }

    /// A warning about the cell under `spec` in this row.
    pub(crate) fn warning(
        &self,
        spec: &ColSpec,
        message: impl std::fmt::Display,
        hint: &str,
    ) -> Diagnostic {
        self.place
            .warning(format!("{}: {message}", self.location(spec)), hint)
    }

    /// "trang «TPHS», dòng 12, cột «Bản chính»" for this row.
    pub(crate) fn location(&self, spec: &ColSpec) -> String {
        self.place.cell(self.row.number, spec.label)
    }

    /// The non-empty cell under `spec`; a cell over the size limit is reported and read as
    /// empty.
    pub(crate) fn cell(&mut self, spec: &ColSpec) -> Option<&'a Cell> {
        let cell = self.row.get(self.header.col(spec)?)?;
        if let Cell::TooLong(len) = cell {
            let msg = format!(
                "{}: ô quá dài ({} KiB, tối đa {} KiB)",
                self.location(spec),
                len.div_ceil(1024),
                MAX_CELL_BYTES / 1024
            );
            self.errors.push(self.place.error(
                msg,
                "Rút gọn nội dung ô: có lẽ cả một văn bản đã bị dán nhầm vào đó.",
            ));
            return None;
        }
        Some(cell)
    }

    /// One-line text under `spec`, cleaned; `None` when empty.
    pub(crate) fn line(&mut self, spec: &ColSpec) -> Option<String> {
        non_empty(clean_line(&self.cell(spec)?.as_text()))
    }

    /// Text under `spec` whose line breaks are kept; `None` when empty.
    pub(crate) fn lines(&mut self, spec: &ColSpec) -> Option<String> {
        non_empty(clean_lines(&self.cell(spec)?.as_text()))
    }

    /// A procedure code under `spec`; `None` when empty.
    pub(crate) fn code(&mut self, spec: &ColSpec) -> Option<String> {
        non_empty(code_text(self.cell(spec)?))
    }

    /// A count ("Bản chính"): empty is 0; anything but a whole number is `Err(text)`.
    pub(crate) fn count(&mut self, spec: &ColSpec) -> Result<u32, String> {
        match self.cell(spec) {
            None => Ok(0),
            Some(Cell::Number(n))
                if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n) =>
            {
                Ok(*n as u32)
            }
            Some(c) => {
                let text = clean_line(&c.as_text());
                if text.is_empty() {
                    return Ok(0);
                }
                text.parse::<u32>().map_err(|_| text)
            }
        }
    }
}

/// Why a row's code cannot be used: missing or not of the national form.
pub(crate) fn check_code(code: Option<&str>, name_present: bool) -> Result<String, String> {
    match code {
        None if name_present => Err("không có mã thủ tục (cột «Mã TTHC» trống)".to_string()),
        None => Err("không có mã thủ tục và tên thủ tục".to_string()),
        Some(c) if !is_valid_code(c) => Err(format!(
            "mã thủ tục «{c}» không đúng dạng (ví dụ đúng: 1.001193 hoặc 2.000815.000.00.00.H61)"
        )),
        Some(c) => Ok(c.to_string()),
    }
}

/// Reads "Trạng thái"; `None` for a value that is not recognised.
pub(crate) fn status(text: &str) -> Option<Status> {
    let t = text.to_lowercase();
    if t == "đang áp dụng" || t == "còn hiệu lực" {
        Some(Status::InForce)
    } else if t.contains("bãi bỏ") || t.contains("hết hiệu lực") {
        Some(Status::Withdrawn)
    } else {
        None
    }
}

/// Cleans every text of a record read from JSON like the spreadsheet readers do, so a record
/// means the same whatever file it came from.
pub(crate) fn clean_record(r: &mut Record) {
    let line = |s: &mut String| *s = clean_line(s);
    let opt_line =
        |s: &mut Option<String>| *s = s.take().map(|v| clean_line(&v)).and_then(non_empty);
    let opt_lines =
        |s: &mut Option<String>| *s = s.take().map(|v| clean_lines(&v)).and_then(non_empty);
    let list = |v: &mut Vec<String>, f: fn(&str) -> String| {
        *v = v.iter().map(|s| f(s)).filter(|s| !s.is_empty()).collect();
    };
    line(&mut r.code);
    line(&mut r.name);
    line(&mut r.field);
    for s in [
        &mut r.description,
        &mut r.decision,
        &mut r.decision_date,
        &mut r.decision_issuer,
        &mut r.kind,
        &mut r.agency,
        &mut r.competent_agency,
        &mut r.coordinating_agency,
        &mut r.delegated_agency,
        &mut r.submit_at,
        &mut r.online_url,
        &mut r.portal_url,
        &mut r.replaced_by,
        &mut r.last_reviewed,
    ] {
        opt_line(s);
    }
    opt_lines(&mut r.requirements);
    list(&mut r.levels, clean_line);
    list(&mut r.audience, clean_line);
    list(&mut r.related, clean_line);
    list(&mut r.keywords, clean_line);
    list(&mut r.steps, clean_lines);
    for c in &mut r.channels {
        line(&mut c.time);
        line(&mut c.fee);
        opt_lines(&mut c.notes);
    }
    for d in &mut r.documents {
        line(&mut d.name);
        opt_line(&mut d.code);
        opt_line(&mut d.form);
    }
    for o in &mut r.results {
        line(&mut o.name);
        opt_line(&mut o.code);
        opt_line(&mut o.issuer);
        opt_lines(&mut o.notes);
    }
    for l in &mut r.legal_basis {
        line(&mut l.number);
        for s in [
            &mut l.title,
            &mut l.issuer,
            &mut l.issued,
            &mut l.effective,
            &mut l.url,
        ] {
            opt_line(s);
        }
    }
}

/// Builds small xlsx files for the readers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use rust_xlsxwriter::Workbook;

    /// A workbook with `sheets` (name, rows); every non-empty cell is written as text.
    pub(crate) fn xlsx(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
        let mut w = Workbook::new();
        for (name, rows) in sheets {
            let ws = w.add_worksheet().set_name(*name).expect("sheet name");
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    if !text.is_empty() {
                        ws.write_string(r as u32, c as u16, *text).expect("cell");
                    }
                }
            }
        }
        w.save_to_buffer().expect("xlsx")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_one_line_text() {
        // "ệ" written as e + two combining marks becomes one character.
        let decomposed = "Ho\u{323}\u{302} ti\u{323}ch";
        assert_eq!(clean_line(decomposed), "H\u{1ed9} t\u{1ecb}ch");
        assert_eq!(
            clean_line("  Cấp\u{a0}xã \n\t và  \u{200B}tỉnh  "),
            "Cấp xã và tỉnh"
        );
        assert_eq!(clean_line("\u{a0}\u{a0}"), "");
    }

    #[test]
    fn cleans_multi_line_text() {
        assert_eq!(
            clean_lines("\r\n  - Bước 1:\u{a0} nộp  \r\n\r\n\r\n+ Bước 2  \n\n"),
            "- Bước 1: nộp\n\n+ Bước 2"
        );
    }

    #[test]
    fn splits_lists() {
        assert_eq!(
            split_list("Cấp xã, Cơ quan khác,"),
            ["Cấp xã", "Cơ quan khác"]
        );
        assert_eq!(
            split_list_outside_parens(
                "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX)"
            ),
            [
                "Công dân Việt Nam",
                "Tổ chức (không bao gồm doanh nghiệp, HTX)"
            ]
        );
        assert_eq!(split_list_outside_parens("a ) b, c"), ["a ) b", "c"]);
    }

    #[test]
    fn codes_from_cells() {
        assert_eq!(code_text(&Cell::Number(1.00119)), "1.001190");
        assert_eq!(
            code_text(&Cell::Text(" 1.001 193\u{a0}".into())),
            "1.001193"
        );
    }

    #[test]
    fn column_names() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(
            Cell::text("x".repeat(MAX_CELL_BYTES + 1)),
            Cell::TooLong(MAX_CELL_BYTES + 1)
        );
    }

    #[test]
    fn fills_vertical_merges() {
        let row = |n: usize, cells: &[(usize, &str)]| Row {
            number: n,
            cells: cells
                .iter()
                .map(|(c, t)| (*c, Cell::Text(t.to_string())))
                .collect(),
        };
        let mut sheet = Sheet {
            name: Some("S".into()),
            rows: vec![
                row(1, &[(0, "Mã")]),
                row(2, &[(0, "1.001193"), (1, "a")]),
                row(3, &[(1, "b")]),
            ],
            merges: vec![Merge {
                first_row: 2,
                last_row: 4,
                first_col: 0,
                last_col: 0,
            }],
        };
        let place = Place {
            path: Path::new("x.xlsx"),
            sheet: Some("S"),
        };
        assert_eq!(
            apply_merges(&mut sheet, 1, MergePolicy::FillVertical, &place),
            Ok(1)
        );
        assert_eq!(sheet.rows[2].get(0), Some(&Cell::Text("1.001193".into())));
        // Row 4 is empty: filling must not invent it.
        assert_eq!(sheet.rows.len(), 3);
    }
}
