//! Flat procedure lists as provincial announcing decisions publish them, in CSV (UTF-8, `,` or
//! `;` or tab separated) or in an xlsx workbook without the national export's sheets.
//!
//! Mapping decisions worth knowing:
//! - The header row is the first of the first 20 rows that has a code column ("Mã TTHC",
//!   "Mã", "Mã số") and a name column ("Tên", "Tên thủ tục", "Tên TTHC"). In a workbook every
//!   sheet with such a header is read, in order.
//! - Group headings set `field` for the rows below them: a row without a code whose STT is a
//!   roman numeral or a capital letter, or whose only text is a title such as "Lĩnh vực Hộ
//!   tịch" / "I. LĨNH VỰC HỘ TỊCH" (in a column before the name column, or starting with such
//!   a marker or with "Lĩnh vực"). The marker and "Lĩnh vực" are removed and an all-caps
//!   title is written in sentence case. A heading that starts with "Danh mục", "Thủ tục",
//!   "TTHC" or "Phần" groups procedures otherwise (new, amended…) and clears the field. A
//!   "Lĩnh vực" column, when filled, wins over headings; a row with neither is skipped.
//! - "Thời hạn" and "Phí" make one in-person channel, kept as written.
//! - "Dịch vụ công trực tuyến": "Toàn trình" / "Một phần" set `online` and an address built
//!   from the code (the portal's by-code page), with a warning that asks for the procedure's
//!   own address; "Không" (or "Không trực tuyến") is offline; empty leaves it unknown; any
//!   other value leaves it unknown with a warning.
//! - "Căn cứ pháp lý" is split at line breaks and ";"; in each entry the first document
//!   number (`123/2015/NĐ-CP`, `15/2023/QH15`, `163/QĐ-BTP`) is the number and the rest the
//!   title; without one, the whole entry is the number.
//! - "Ghi chú" becomes `description` (the record has no notes field; a list's notes usually
//!   say what the procedure is about or how it changed).
//! - "Đối tượng thực hiện" and "Trạng thái", which niemyet's own `procedures.csv` has, are read
//!   like the national export's. Review dates are not: they are the publishing commune's.
//! - Merged cells: one-column regions below the header are filled with their first value;
//!   one-row regions across columns (headings) keep their value in the first cell; other
//!   merges are an error naming the range.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::cells::{
    apply_merges, check_code, clean_line, data_rows, find_header, header_key, missing_columns,
    no_header, quoted_list, spec, split_list_outside_parens, status, too_many_cells, Cell, ColSpec,
    Fields, Header, MergePolicy, Place, Row, Sheet, HEADER_SEARCH_ROWS, MAX_CELLS,
};
use super::source::{Carry, Source};
use super::workbook::Workbook;
use crate::diagnostics::Diagnostic;
use crate::procedure::keys;
use crate::procedure::record::{
    is_valid_code, Channel, LegalDoc, OnlineLevel, Record, Status, Way,
};

const STT: ColSpec = spec("STT", &["stt", "tt", "số tt", "số thứ tự"]);
const CODE: ColSpec = spec(
    "Mã TTHC",
    &[
        "mã tthc",
        "mã",
        "mã số",
        "mã thủ tục",
        "mã số tthc",
        "mã số thủ tục",
    ],
);
const NAME: ColSpec = spec(
    "Tên thủ tục",
    &["tên", "tên thủ tục", "tên tthc", "tên thủ tục hành chính"],
);
const TIME: ColSpec = spec("Thời hạn giải quyết", &["thời hạn giải quyết", "thời hạn"]);
const PLACE: ColSpec = spec("Địa điểm thực hiện", &["địa điểm thực hiện", "địa điểm"]);
const ONLINE: ColSpec = spec(
    "Dịch vụ công trực tuyến",
    &["dịch vụ công trực tuyến", "dvctt"],
);
const AGENCY: ColSpec = spec("Cơ quan thực hiện", &["cơ quan thực hiện", "cơ quan"]);
const FEE: ColSpec = spec(
    "Phí, lệ phí",
    &["phí, lệ phí", "phí", "phí/lệ phí", "phí lệ phí"],
);
const LEGAL: ColSpec = spec("Căn cứ pháp lý", &["căn cứ pháp lý"]);
const NOTES: ColSpec = spec("Ghi chú", &["ghi chú"]);
const FIELD: ColSpec = spec("Lĩnh vực", &["lĩnh vực"]);
const AUDIENCE: ColSpec = spec("Đối tượng thực hiện", &["đối tượng thực hiện"]);
const STATUS: ColSpec = spec("Trạng thái", &["trạng thái"]);

const COLUMNS: &[&ColSpec] = &[
    &STT, &CODE, &NAME, &TIME, &PLACE, &ONLINE, &AGENCY, &FEE, &LEGAL, &NOTES, &FIELD, &AUDIENCE,
    &STATUS,
];
const MUST: &[&ColSpec] = &[&CODE, &NAME];

/// The portal's older page for a procedure, by code (see the reference on portal addresses).
const BY_CODE_URL: &str =
    "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=";

/// Reads a CSV flat list.
pub(crate) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Source, Vec<Diagnostic>> {
    let text = decode(path, bytes).map_err(|e| vec![e])?;
    let place = Place { path, sheet: None };
    // The separator is the one under which the header row has the most expected columns.
    let mut delimiter = (b',', 0);
    for d in [b',', b';', b'\t'] {
        let head = parse_csv(&place, text, d, Some(HEADER_SEARCH_ROWS)).map_err(|e| vec![e])?;
        let matched = match find_header(&head, COLUMNS, MUST) {
            Ok(_) => usize::MAX,
            Err(best) => best.map_or(0, |h| h.matched()),
        };
        if matched > delimiter.1 {
            delimiter = (d, matched);
        }
    }
    let sheet = parse_csv(&place, text, delimiter.0, None).map_err(|e| vec![e])?;
    let header = match find_header(&sheet, COLUMNS, MUST) {
        Ok(h) => h,
        Err(Some(best)) => return Err(vec![missing_columns(&place, &best, &best.missing(MUST))]),
        Err(None) => return Err(vec![no_header(&place, MUST)]),
    };
    let mut out = Source {
        carries: carries(&header),
        ..Source::default()
    };
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    // A CSV file has no merged cells: the header is one row.
    read_table(
        &place,
        &sheet,
        &header,
        header.number,
        &mut seen,
        &mut out,
        &mut errors,
    );
    finish(out, errors)
}

/// Reads every sheet of `wb` that has a flat-list header.
pub(crate) fn read_workbook(path: &Path, wb: &mut Workbook<'_>) -> Result<Source, Vec<Diagnostic>> {
    let names = wb.sheet_names();
    let mut out = Source::default();
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    let mut unread: Vec<(String, Option<Header>)> = Vec::new();
    let mut tables = 0;
    for name in &names {
        let mut sheet = match wb.load(name) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let place = Place {
            path,
            sheet: Some(name),
        };
        let header = match find_header(&sheet, COLUMNS, MUST) {
            Ok(h) => h,
            Err(best) => {
                if !sheet.rows.is_empty() {
                    unread.push((name.clone(), best));
                }
                continue;
            }
        };
        tables += 1;
        // Several tables: a key is carried only if every one of them has its column.
        let these = carries(&header);
        if tables == 1 {
            out.carries = these;
        } else {
            out.carries.retain(|k, _| these.contains_key(k));
        }
        match apply_merges(
            &mut sheet,
            header.number,
            MergePolicy::FillVerticalKeepHeadings,
            &place,
        ) {
            Ok(end) => read_table(
                &place,
                &sheet,
                &header,
                end,
                &mut seen,
                &mut out,
                &mut errors,
            ),
            Err(e) => errors.push(e),
        }
    }
    if tables == 0 && errors.is_empty() {
        return Err(vec![no_list(path, &names, &unread)]);
    }
    for (name, _) in unread {
        out.warnings.push(
            Diagnostic::warning(format!(
                "trang «{name}» không có bảng danh sách thủ tục (dòng tiêu đề có cột «Mã TTHC» \
                 và «Tên thủ tục»), bỏ qua"
            ))
            .in_file(path)
            .with_hint("Nếu trang này có thủ tục, hãy đặt đúng tên tiêu đề các cột."),
        );
    }
    finish(out, errors)
}

/// What a table with `header` carries (see [`Source::carries`]). The list's one time limit and
/// fee, and its legal basis in one cell, only summarise what the national database has per
/// channel and per document, so they fill those parts only where a file has none.
fn carries(header: &Header) -> BTreeMap<String, Carry> {
    let mut out = Source::default();
    out.carry(&[keys::CODE, keys::NAME], Carry::Replace);
    // Headings name fields loosely ("Cư trú" for "Đăng ký, quản lý cư trú"): they file new
    // procedures, and never move one the national database has already filed.
    out.carry(&[keys::FIELD], Carry::FillEmpty);
    for (spec, fields, how) in [
        (&PLACE, &[keys::SUBMIT_AT][..], Carry::Replace),
        (&AGENCY, &[keys::AGENCY], Carry::Replace),
        (&AUDIENCE, &[keys::AUDIENCE], Carry::Replace),
        (&STATUS, &[keys::STATUS], Carry::Replace),
        (&ONLINE, &[keys::ONLINE], Carry::Replace),
        (&ONLINE, &[keys::ONLINE_URL], Carry::FillEmpty),
        (&TIME, &[keys::CHANNELS], Carry::FillEmpty),
        (&FEE, &[keys::CHANNELS], Carry::FillEmpty),
        (&LEGAL, &[keys::LEGAL_BASIS], Carry::FillEmpty),
        (&NOTES, &[keys::DESCRIPTION], Carry::FillEmpty),
    ] {
        if header.col(spec).is_some() {
            out.carry(fields, how);
        }
    }
    out.carries
}

/// The error for a workbook with no sheet to read: a sheet whose header is almost right gets
/// the missing columns named; otherwise the sheets found and what was expected are listed.
fn no_list(path: &Path, names: &[String], unread: &[(String, Option<Header>)]) -> Diagnostic {
    for (name, best) in unread {
        let Some(best) = best else { continue };
        let missing = best.missing(MUST);
        // One of code/name plus another expected column: a list with a misnamed column.
        if missing.len() == 1 && best.missing(COLUMNS).len() + 2 <= COLUMNS.len() {
            let place = Place {
                path,
                sheet: Some(name),
            };
            return missing_columns(&place, best, &missing);
        }
    }
    Diagnostic::error(format!(
        "không tìm thấy trang «TTHC2-CAPXA» (tệp xuất từ Cơ sở dữ liệu quốc gia về TTHC) hay \
         bảng danh sách thủ tục (dòng tiêu đề có cột «Mã TTHC» và «Tên thủ tục» trong \
         {HEADER_SEARCH_ROWS} dòng đầu); các trang có: {}",
        if names.is_empty() {
            "(không có)".to_string()
        } else {
            quoted_list(names)
        }
    ))
    .in_file(path)
    .with_hint(
        "Chọn đúng tệp: tệp Excel xuất từ Cơ sở dữ liệu quốc gia về TTHC (có trang \
         «TTHC2-CAPXA»), hoặc danh mục thủ tục có dòng tiêu đề gồm các cột «Mã TTHC» và \
         «Tên thủ tục».",
    )
}

fn finish(out: Source, errors: Vec<Diagnostic>) -> Result<Source, Vec<Diagnostic>> {
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The CSV text: UTF-8, without its byte-order mark.
fn decode<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Diagnostic::error(format!("tệp CSV không phải mã UTF-8 (lỗi ở dòng {line})"))
            .in_file(path)
            .at_line(line)
            .with_hint(
                "Trong Excel chọn Tệp → Lưu thành → «CSV UTF-8 (Comma delimited) (*.csv)», \
                 hoặc nhập thẳng tệp .xlsx.",
            )
    })
}

/// Parses CSV `text` with `delimiter` into a table, at most `limit` non-empty rows.
fn parse_csv(
    place: &Place<'_>,
    text: &str,
    delimiter: u8,
    limit: Option<usize>,
) -> Result<Sheet, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    let mut count = 0usize;
    for record in reader.records() {
        if limit.is_some_and(|l| sheet.rows.len() >= l) {
            break;
        }
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            place
                .error(
                    format!("dòng {line}: không đọc được tệp CSV ({e})"),
                    "Mở tệp bằng Excel rồi lưu lại dạng «CSV UTF-8».",
                )
                .at_line(line)
        })?;
        let number = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<(usize, Cell)> = record
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(i, v)| (i, Cell::text(without_inert_mark(v))))
            .collect();
        count += cells.len();
        if count > MAX_CELLS {
            return Err(too_many_cells(place));
        }
        if !cells.is_empty() {
            sheet.rows.push(Row { number, cells });
        }
    }
    Ok(sheet)
}

/// A cell as written before `procedures.csv` marked it as text (see
/// `render::open_data::inert`).
fn without_inert_mark(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '@', '-', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// What a row without a code says about the rows below it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Heading {
    /// A lĩnh vực heading.
    Field(String),
    /// A heading of another kind of group: the field is unknown until the next heading.
    Section,
}

/// Reads the data rows (after row `header_end`) of one table into `out`; `seen` holds the
/// codes read so far (from every table of the file) and where.
fn read_table(
    place: &Place<'_>,
    sheet: &Sheet,
    header: &Header,
    header_end: usize,
    seen: &mut HashMap<String, String>,
    out: &mut Source,
    errors: &mut Vec<Diagnostic>,
) {
    let mut group: Option<String> = None;
    for row in data_rows(sheet, header_end) {
        if row.is_blank() || is_numbering(row) {
            continue;
        }
        if let Some(h) = heading(row, header) {
            group = match h {
                Heading::Field(f) => Some(f),
                Heading::Section => None,
            };
            continue;
        }
        let mut f = Fields::new(place, header, row, errors);
        let code = f.code(&CODE);
        match record(&mut f, code.as_deref(), group.as_deref(), &mut out.warnings) {
            Err(reason) => out
                .skipped
                .push(place.skip(row.number, code.as_deref(), reason)),
            Ok(r) => {
                if let Some(first) = seen.get(&r.code) {
                    let reason = format!("mã {} trùng với {first}", r.code);
                    out.skipped
                        .push(place.skip(row.number, Some(&r.code), reason));
                    continue;
                }
                seen.insert(r.code.clone(), place.row(row.number));
                out.records.push(r);
            }
        }
    }
}

/// A row that only numbers the columns ("1", "2", … or "(1)", "(2)", …), as tables in
/// decisions often have under the header.
fn is_numbering(row: &Row) -> bool {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(?\d{1,3}\)?$").expect("valid regex"));
    row.texts().iter().all(|(_, t)| NUMBER.is_match(t))
}

/// A group marker in the STT column: a roman numeral or a capital letter.
fn is_group_marker(s: &str) -> bool {
    let s = s.trim_end_matches(['.', ')']);
    let roman = !s.is_empty() && s.len() <= 6 && s.chars().all(|c| "IVXLCDM".contains(c));
    let letter = s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase());
    roman || letter
}

/// Whether `row` (which has no code) is a group heading, and of which kind.
fn heading(row: &Row, header: &Header) -> Option<Heading> {
    let col_text = |spec: &ColSpec| {
        header
            .col(spec)
            .and_then(|c| row.get(c))
            .map(|c| clean_line(&c.as_text()))
            .filter(|t| !t.is_empty())
    };
    // A heading merged across the row from the code column ("I | LĨNH VỰC HỘ TỊCH") has its
    // text in the code cell; a real code never starts a heading.
    let code = col_text(&CODE).map(|c| c.split_whitespace().collect::<String>());
    if code.is_some_and(|c| is_valid_code(&c))
        || row.cells.iter().any(|(_, c)| matches!(c, Cell::TooLong(_)))
    {
        return None;
    }
    let texts = row.texts();
    let stt = col_text(&STT);
    let title = if stt.as_deref().is_some_and(is_group_marker) {
        let stt_col = header.col(&STT);
        let rest = texts
            .iter()
            .find(|(c, _)| Some(*c) != stt_col)
            .map(|(_, t)| t.clone());
        col_text(&NAME).or(rest).unwrap_or_default()
    } else if let [(col, text)] = texts.as_slice() {
        let before_name = header.col(&NAME).is_some_and(|n| *col < n);
        let key = header_key(text);
        if !(before_name || MARKER.is_match(text) || key.starts_with("lĩnh vực")) {
            return None;
        }
        text.clone()
    } else {
        return None;
    };
    Some(field_from_heading(&title))
}

/// A heading's leading marker: "I.", "A)", "2 -".
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[IVXLCDM]+|[A-Z]|\d{1,3})\s*[.):\-–]\s*").expect("valid regex")
});

/// The field a heading names: "I. LĨNH VỰC HỘ TỊCH" → "Hộ tịch".
fn field_from_heading(title: &str) -> Heading {
    let t = MARKER.replace(title, "");
    let key = t.to_lowercase();
    let rest: String = if key.starts_with("lĩnh vực") {
        t.chars().skip("lĩnh vực".chars().count()).collect()
    } else if ["danh mục", "thủ tục", "tthc", "phần"]
        .iter()
        .any(|p| key.starts_with(p))
    {
        return Heading::Section;
    } else {
        t.into_owned()
    };
    let rest = clean_line(rest.trim_start_matches([' ', ':', '-', '–']));
    if rest.is_empty() {
        return Heading::Section;
    }
    Heading::Field(sentence_case(&rest))
}

/// First letter upper case; an all-caps title is lower-cased first.
fn sentence_case(s: &str) -> String {
    let all_caps = s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase);
    let s = if all_caps {
        s.to_lowercase()
    } else {
        s.to_string()
    };
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One data row as a record, or why it is skipped.
fn record(
    f: &mut Fields<'_, '_>,
    code: Option<&str>,
    group: Option<&str>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Record, String> {
    let name = f.line(&NAME);
    let code = check_code(code, name.is_some())?;
    let name = name.ok_or("không có tên thủ tục (cột «Tên thủ tục» trống)")?;
    let field = f.line(&FIELD).or_else(|| group.map(str::to_string)).ok_or(
        "không biết thuộc lĩnh vực nào (không có dòng tiêu đề lĩnh vực phía trên, cũng không có \
         cột «Lĩnh vực»)",
    )?;
    let status = match f.line(&STATUS) {
        Some(s) => status(&s).ok_or_else(|| {
            format!("trạng thái «{s}» không rõ (cần «Đang áp dụng» hoặc «Đã bãi bỏ»)")
        })?,
        None => Status::InForce,
    };
    let time = f.line(&TIME).unwrap_or_default();
    let fee = f.line(&FEE).unwrap_or_default();
    let channels = if time.is_empty() && fee.is_empty() {
        Vec::new()
    } else {
        vec![Channel {
            way: Way::InPerson,
            time,
            fee,
            notes: None,
        }]
    };
    let online = f.line(&ONLINE).and_then(|text| {
        let level = online_level(&text);
        if level.is_none() {
            warnings.push(f.warning(
                &ONLINE,
                format!("«{text}» không rõ là dịch vụ công trực tuyến toàn trình hay một phần, bỏ trống"),
                "Ghi «Toàn trình», «Một phần» hoặc «Không».",
            ));
        }
        level
    });
    let online_url = matches!(online, Some(OnlineLevel::Full | OnlineLevel::Partial)).then(|| {
        let url = format!("{BY_CODE_URL}{code}");
        warnings.push(f.warning(
            &ONLINE,
            format!("thủ tục {code}: địa chỉ dịch vụ công trực tuyến được dựng từ mã thủ tục ({url})"),
            "Thay bằng đường dẫn riêng của thủ tục trên Cổng Dịch vụ công (khóa online_url) khi biết.",
        ));
        url
    });
    Ok(Record {
        code,
        name,
        field,
        status,
        channels,
        online,
        online_url,
        submit_at: f.line(&PLACE),
        agency: f.line(&AGENCY),
        legal_basis: f.lines(&LEGAL).map(|t| legal_basis(&t)).unwrap_or_default(),
        description: f.line(&NOTES),
        audience: f
            .line(&AUDIENCE)
            .map(|s| split_list_outside_parens(&s))
            .unwrap_or_default(),
        ..Record::default()
    })
}

/// Reads "Dịch vụ công trực tuyến"; `None` for a value that is not recognised.
fn online_level(text: &str) -> Option<OnlineLevel> {
    let t = text.to_lowercase();
    let full = t.contains("toàn trình");
    let partial = t.contains("một phần");
    match (full, partial) {
        (true, false) => Some(OnlineLevel::Full),
        (false, true) => Some(OnlineLevel::Partial),
        _ if matches!(t.as_str(), "không" | "không trực tuyến" | "không có") => {
            Some(OnlineLevel::None)
        }
        _ => None,
    }
}

/// A document number: `123/2015/NĐ-CP`, `15/2023/QH15`, `163/QĐ-BTP`.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,5}(?:/\d{4})?/\p{Lu}[\p{L}\d]*(?:[-–][\p{L}\d]+)*").expect("valid regex")
});

/// "Căn cứ pháp lý" of a flat list: one entry per line or ";"-separated part.
fn legal_basis(text: &str) -> Vec<LegalDoc> {
    text.split(['\n', ';'])
        .map(|e| {
            clean_line(e)
                .trim_start_matches(['-', '+', '•', '*', ' '])
                .to_string()
        })
        .filter(|e| !e.is_empty())
        .map(|e| legal_entry(&e))
        .collect()
}

/// One entry: its first document number, and the rest as the title.
fn legal_entry(entry: &str) -> LegalDoc {
    let Some(m) = DOC_NUMBER.find(entry) else {
        return LegalDoc {
            number: entry.to_string(),
            title: None,
            issuer: None,
            issued: None,
            effective: None,
            url: None,
        };
    };
    let before = entry[..m.start()].trim_end();
    // "Nghị định số 123/2015/NĐ-CP ngày …": without the number, "số" is left dangling.
    let before = strip_last_word(before, "số");
    let title = clean_line(&format!("{before} {}", &entry[m.end()..]));
    let title = title
        .trim_matches([',', ';', ':', '-', '–', ' '])
        .to_string();
    LegalDoc {
        number: m.as_str().to_string(),
        title: (!title.is_empty()).then_some(title),
        issuer: None,
        issued: None,
        effective: None,
        url: None,
    }
}

/// `text` without its last word when that word is `word` (compared in lower case).
fn strip_last_word<'t>(text: &'t str, word: &str) -> &'t str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    if text[start..].to_lowercase() == word {
        text[..start].trim_end()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rust_xlsxwriter::{Format, Workbook as Writer};

    use super::*;
    use crate::import::cells::testing::xlsx;
    use crate::import::{read_source, SourceKind};

    fn read(name: &str, bytes: &[u8]) -> Result<Source, Vec<Diagnostic>> {
        read_source(Path::new(name), bytes).map(|(kind, s)| {
            assert_eq!(kind, SourceKind::FlatList);
            s
        })
    }

    fn errors_text(e: &[Diagnostic]) -> String {
        e.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    const CSV: &str = "\u{feff}UBND TỈNH HẢI PHÒNG,,,\n\
DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ,,,\n\
STT,Mã TTHC,Tên thủ tục,Thời hạn giải quyết,Địa điểm thực hiện,Dịch vụ công trực tuyến,Cơ quan thực hiện,\"Phí, lệ phí\",Căn cứ pháp lý,Ghi chú\n\
(1),(2),(3),(4),(5),(6),(7),(8),(9),(10)\n\
1,1.000001,Thủ tục trước nhóm,,,,,,,\n\
I,,Lĩnh vực Hộ tịch,,,,,,,\n\
1,1.001193,Thủ tục đăng ký  khai sinh,Ngay trong ngày,UBND cấp xã,Toàn trình,UBND cấp xã,Miễn phí,\"Luật Hộ tịch số 60/2014/QH13;\n- Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ\",Sửa đổi\n\
2,1.001022,Đăng ký khai tử,,,Một phần,,,,\n\
3,,Thủ tục không mã,,,,,,,\n\
,,,,,,,,,\n\
II. LĨNH VỰC CHỨNG THỰC,,,,,,,,,\n\
1,2.000815,Chứng thực bản sao,02 ngày,,Không,,2.000 đồng/trang,Luật không số,\n\
2,2.000815,Chứng thực trùng,,,,,,,\n\
3,2.000884,Chứng thực chữ ký,,,mức độ 3,,,,\n";

    #[test]
    fn reads_a_grouped_csv_list() {
        let src = read("danh-muc.csv", CSV.as_bytes()).unwrap();
        let codes: Vec<&str> = src.records.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["1.001193", "1.001022", "2.000815", "2.000884"]);
        let ks = &src.records[0];
        assert_eq!(ks.name, "Thủ tục đăng ký khai sinh");
        assert_eq!(ks.field, "Hộ tịch");
        assert_eq!(ks.online, Some(OnlineLevel::Full));
        assert_eq!(
            ks.online_url.as_deref(),
            Some("https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193")
        );
        assert_eq!(
            ks.channels,
            [Channel {
                way: Way::InPerson,
                time: "Ngay trong ngày".into(),
                fee: "Miễn phí".into(),
                notes: None
            }]
        );
        assert_eq!(ks.submit_at.as_deref(), Some("UBND cấp xã"));
        assert_eq!(ks.agency.as_deref(), Some("UBND cấp xã"));
        assert_eq!(ks.description.as_deref(), Some("Sửa đổi"));
        let legal: Vec<(&str, Option<&str>)> = ks
            .legal_basis
            .iter()
            .map(|l| (l.number.as_str(), l.title.as_deref()))
            .collect();
        assert_eq!(
            legal,
            [
                ("60/2014/QH13", Some("Luật Hộ tịch")),
                (
                    "123/2015/NĐ-CP",
                    Some("Nghị định ngày 15/11/2015 của Chính phủ")
                ),
            ]
        );
        let kt = &src.records[1];
        assert_eq!(kt.online, Some(OnlineLevel::Partial));
        assert!(kt.channels.is_empty());
        let ct = &src.records[2];
        assert_eq!(ct.field, "Chứng thực");
        assert_eq!(ct.online, Some(OnlineLevel::None));
        assert_eq!(ct.online_url, None);
        assert_eq!(ct.channels[0].fee, "2.000 đồng/trang");
        assert_eq!(ct.legal_basis[0].number, "Luật không số");
        assert_eq!(src.records[3].online, None);

        let reasons: Vec<String> = src
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.location, s.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                "dòng 5: không biết thuộc lĩnh vực nào (không có dòng tiêu đề lĩnh vực phía trên, \
                 cũng không có cột «Lĩnh vực»)",
                "dòng 10: không có mã thủ tục (cột «Mã TTHC» trống)",
                "dòng 14: mã 2.000815 trùng với dòng 13",
            ]
        );
        let warnings: Vec<&str> = src.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with(
            "dòng 7, cột «Dịch vụ công trực tuyến»: thủ tục 1.001193: địa chỉ dịch vụ công trực \
             tuyến được dựng từ mã thủ tục"
        ));
        assert!(warnings[2].contains("«mức độ 3» không rõ"), "{warnings:?}");
        assert!(src
            .warnings
            .iter()
            .all(|w| w.hint.is_some() && w.file.is_some()));
    }

    #[test]
    fn semicolon_csv_with_a_field_column() {
        let text = "STT;Mã số;Tên;Lĩnh vực;Phí\n1;1.001193;Khai sinh;Hộ tịch;Miễn phí, không thu\n";
        let src = read("x.csv", text.as_bytes()).unwrap();
        assert_eq!(src.records[0].field, "Hộ tịch");
        assert_eq!(src.records[0].channels[0].fee, "Miễn phí, không thu");
        assert_eq!(src.records[0].channels[0].time, "");
    }

    #[test]
    fn a_heading_in_the_code_column() {
        // "I | LĨNH VỰC HỘ TỊCH" merged from the code column, as decisions usually lay it out.
        let text = "STT,Mã TTHC,Tên thủ tục,Thời hạn giải quyết\n\
                    I,Lĩnh vực Hộ tịch,,\n\
                    1,1.001193,Đăng ký khai sinh,Trong ngày\n\
                    ,II. LĨNH VỰC CHỨNG THỰC,,\n\
                    1,2.000815,Chứng thực bản sao,2 ngày\n";
        let src = read("x.csv", text.as_bytes()).unwrap();
        let fields: Vec<&str> = src.records.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(fields, ["Hộ tịch", "Chứng thực"], "{:?}", src.skipped);
        assert!(src.skipped.is_empty());

        let mut w = Writer::new();
        let ws = w.add_worksheet().set_name("DM").unwrap();
        for (c, h) in ["STT", "Mã TTHC", "Tên TTHC", "Phí"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "I").unwrap();
        ws.merge_range(1, 1, 1, 3, "LĨNH VỰC ĐẤT ĐAI", &Format::new())
            .unwrap();
        ws.write_string(2, 1, "1.000001").unwrap();
        ws.write_string(2, 2, "Hòa giải tranh chấp đất đai")
            .unwrap();
        let src = read("x.xlsx", &w.save_to_buffer().unwrap()).unwrap();
        assert_eq!(src.records.len(), 1, "{:?}", src.skipped);
        assert_eq!(src.records[0].field, "Đất đai");
    }

    #[test]
    fn a_list_carries_only_its_columns_and_summaries_fill_only() {
        let text = "STT,Mã TTHC,Tên thủ tục,Thời hạn giải quyết,Cơ quan thực hiện\n\
                    1,1.001193,Khai sinh,Trong ngày,UBND xã\n";
        let src = read("x.csv", text.as_bytes()).unwrap();
        let carried = |k: &str| src.carries.get(k).copied();
        assert_eq!(carried("title"), Some(Carry::Replace));
        assert_eq!(carried("procedure.agency"), Some(Carry::Replace));
        assert_eq!(carried("procedure.channels"), Some(Carry::FillEmpty));
        assert_eq!(carried("procedure.field"), Some(Carry::FillEmpty));
        for absent in [
            "procedure.steps",
            "procedure.documents",
            "procedure.submit_at",
            "description",
        ] {
            assert_eq!(carried(absent), None, "{absent}");
        }
    }

    #[test]
    fn cells_marked_as_text_read_as_written() {
        let text = "Mã TTHC,Tên thủ tục,Lĩnh vực\n1.001193,'=Khai sinh,'Hộ tịch\n";
        let src = read("x.csv", text.as_bytes()).unwrap();
        assert_eq!(src.records[0].name, "=Khai sinh");
        assert_eq!(src.records[0].field, "'Hộ tịch");
    }

    #[test]
    fn csv_that_is_not_utf8() {
        let e = read("x.csv", b"STT,Ma\n1,2\n3,\xe0 4\n").unwrap_err();
        assert_eq!(e[0].line, Some(3));
        assert!(
            e[0].message.contains("không phải mã UTF-8 (lỗi ở dòng 3)"),
            "{}",
            e[0]
        );
        assert!(e[0].hint.as_deref().unwrap().contains("CSV UTF-8"));
    }

    #[test]
    fn csv_without_a_header() {
        let e = read("x.csv", "Họ tên,Tuổi\nAn,3\n".as_bytes()).unwrap_err();
        assert!(
            e[0].message.contains("không tìm thấy dòng tiêu đề"),
            "{}",
            e[0]
        );
        let e = read("x.csv", "STT,Mã TTHC,Tên gọi\n".as_bytes()).unwrap_err();
        assert!(e[0].message.contains("thiếu cột «Tên thủ tục»"), "{}", e[0]);
    }

    #[test]
    fn xlsx_list_with_merged_headings_and_cells() {
        let mut w = Writer::new();
        let ws = w.add_worksheet().set_name("Danh mục").unwrap();
        ws.write_string(0, 0, "DANH MỤC").unwrap();
        for (c, h) in ["STT", "Mã TTHC", "Tên TTHC", "Thời hạn", "Cơ quan"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        ws.merge_range(2, 0, 2, 4, "A. LĨNH VỰC ĐẤT ĐAI", &Format::new())
            .unwrap();
        ws.write_string(3, 1, "1.000001").unwrap();
        ws.write_string(3, 2, "Hòa giải tranh chấp đất đai")
            .unwrap();
        ws.write_string(4, 1, "1.000002").unwrap();
        ws.write_string(4, 2, "Xác nhận").unwrap();
        // One agency for both rows.
        ws.merge_range(3, 4, 4, 4, "UBND xã", &Format::new())
            .unwrap();
        w.add_worksheet()
            .set_name("Ghi chú")
            .unwrap()
            .write_string(0, 0, "Ghi chú")
            .unwrap();
        let bytes = w.save_to_buffer().unwrap();

        let src = read("x.xlsx", &bytes).unwrap();
        assert_eq!(src.records.len(), 2);
        assert!(src.records.iter().all(|r| r.field == "Đất đai"));
        assert!(src
            .records
            .iter()
            .all(|r| r.agency.as_deref() == Some("UBND xã")));
        assert_eq!(src.warnings.len(), 1);
        assert!(src.warnings[0]
            .message
            .starts_with("trang «Ghi chú» không có bảng"));
    }

    #[test]
    fn xlsx_list_with_a_two_row_header() {
        let mut w = Writer::new();
        let ws = w.add_worksheet().set_name("DM").unwrap();
        let merged = Format::new();
        ws.merge_range(0, 0, 1, 0, "STT", &merged).unwrap();
        ws.merge_range(0, 1, 1, 1, "Mã TTHC", &merged).unwrap();
        ws.merge_range(0, 2, 1, 2, "Tên thủ tục", &merged).unwrap();
        ws.merge_range(0, 3, 1, 3, "Lĩnh vực", &merged).unwrap();
        ws.merge_range(0, 4, 0, 5, "Dịch vụ công trực tuyến", &merged)
            .unwrap();
        ws.write_string(1, 4, "Toàn trình").unwrap();
        ws.write_string(1, 5, "Một phần").unwrap();
        for (c, v) in ["1", "1.001193", "Khai sinh", "Hộ tịch", "x"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, c as u16, *v).unwrap();
        }
        let bytes = w.save_to_buffer().unwrap();
        let src = read("x.xlsx", &bytes).unwrap();
        assert_eq!(src.records.len(), 1);
        assert!(src.skipped.is_empty(), "{:?}", src.skipped);

        // A merge from the header deep into the data is refused.
        let mut w = Writer::new();
        let ws = w.add_worksheet();
        ws.write_string(0, 1, "Mã TTHC").unwrap();
        ws.write_string(0, 2, "Tên").unwrap();
        ws.merge_range(0, 0, 5, 0, "STT", &merged).unwrap();
        let bytes = w.save_to_buffer().unwrap();
        let text = errors_text(&read("x.xlsx", &bytes).unwrap_err());
        assert!(
            text.contains("vùng ô gộp A1:A6 vắt từ dòng tiêu đề xuống vùng dữ liệu"),
            "{text}"
        );
    }

    #[test]
    fn xlsx_with_the_wrong_sheets() {
        let bytes = xlsx(&[
            ("Sheet1", vec![vec!["Họ tên", "Tuổi"], vec!["An", "3"]]),
            ("Sheet2", vec![]),
        ]);
        let e = read("x.xlsx", &bytes).unwrap_err();
        let text = errors_text(&e);
        assert!(
            text.contains("không tìm thấy trang «TTHC2-CAPXA»"),
            "{text}"
        );
        assert!(text.contains("các trang có: «Sheet1», «Sheet2»"), "{text}");
        assert!(e[0].hint.is_some());

        let bytes = xlsx(&[(
            "DM",
            vec![vec!["STT", "Mã TTHC", "Tên gọi", "Thời hạn", "Phí"]],
        )]);
        let text = errors_text(&read("x.xlsx", &bytes).unwrap_err());
        assert!(
            text.contains("trang «DM», dòng tiêu đề 1: thiếu cột «Tên thủ tục»"),
            "{text}"
        );
    }

    #[test]
    fn expected_names_are_written_as_compared() {
        for spec in COLUMNS {
            for a in spec.aliases {
                assert_eq!(header_key(a), *a, "{}", spec.label);
            }
            assert!(
                spec.aliases.contains(&header_key(spec.label).as_str()),
                "{}",
                spec.label
            );
        }
    }

    #[test]
    fn headings_name_fields() {
        let field = |t: &str| field_from_heading(t);
        let f = |s: &str| Heading::Field(s.to_string());
        assert_eq!(field("Lĩnh vực Hộ tịch"), f("Hộ tịch"));
        assert_eq!(field("I. LĨNH VỰC HỘ TỊCH"), f("Hộ tịch"));
        assert_eq!(field("A. Lĩnh vực: đất đai"), f("Đất đai"));
        assert_eq!(field("XII - Hòa giải ở cơ sở"), f("Hòa giải ở cơ sở"));
        assert_eq!(
            field("LĨNH VỰC THÀNH LẬP VÀ HOẠT ĐỘNG CỦA HỢP TÁC XÃ"),
            f("Thành lập và hoạt động của hợp tác xã")
        );
        assert_eq!(
            field("B. DANH MỤC THỦ TỤC HÀNH CHÍNH SỬA ĐỔI"),
            Heading::Section
        );
        assert_eq!(field("Lĩnh vực"), Heading::Section);
        assert!(is_group_marker("IV") && is_group_marker("B.") && !is_group_marker("12"));
    }

    #[test]
    fn legal_entries() {
        let e = legal_entry("Quyết định 163/QĐ-BTP ngày 1/2/2024");
        assert_eq!(
            (e.number.as_str(), e.title.as_deref()),
            ("163/QĐ-BTP", Some("Quyết định ngày 1/2/2024"))
        );
        let e = legal_entry("Luật số 15/2023/QH15,");
        assert_eq!(
            (e.number.as_str(), e.title.as_deref()),
            ("15/2023/QH15", Some("Luật"))
        );
        let e = legal_entry("ngày 15/11/2015");
        assert_eq!((e.number.as_str(), e.title), ("ngày 15/11/2015", None));
        assert_eq!(legal_basis("a\n\n;b").len(), 2);
    }

    #[test]
    fn online_levels() {
        assert_eq!(online_level("DVCTT toàn trình"), Some(OnlineLevel::Full));
        assert_eq!(online_level("Một phần"), Some(OnlineLevel::Partial));
        assert_eq!(online_level("Không trực tuyến"), Some(OnlineLevel::None));
        assert_eq!(online_level("x"), None);
    }
}
