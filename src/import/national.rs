//! The national TTHC database's Excel export: the main sheet `TTHC2-CAPXA` (one row per
//! procedure) and its child sheets keyed by "Mã TTHC" (channels, steps, documents, results,
//! legal basis).
//!
//! Mapping decisions worth knowing:
//! - Columns are found by their header (any row among the first 20, cleaned and compared
//!   without case), never by position.
//! - "Trạng thái": "Đang áp dụng" / "Còn hiệu lực" is in force, anything containing "bãi bỏ"
//!   or "hết hiệu lực" is withdrawn; any other value skips the row (never guess). Without the
//!   column at all, every procedure is in force and a warning says so.
//! - "Link truy cập" becomes `portal_url` only if it is an http(s) address (else a warning).
//! - The export has no online level nor online address: `online`, `online_url` stay empty, as
//!   does `last_reviewed` (the commune's own review, not the database's).
//! - Steps: one per row of "Trình tự thực hiện". When "Trường hợp" is filled, the first step
//!   of each run of rows with the same case starts with a line "Trường hợp: …" (or the case
//!   itself when it already begins with "Trường hợp"), so the case is said once, not on
//!   every step.
//! - TPHS's "Cơ quan ban hành" has no place in a document record and is not imported.
//! - Merged cells below the header: one-column regions are filled with their first value
//!   (codes merged over a procedure's rows are a common artefact); any other merge there is
//!   an error naming the sheet and range.

use std::collections::HashMap;
use std::path::Path;

use super::cells::{
    apply_merges, check_code, data_rows, find_header, header_key, missing_columns, no_header, spec,
    split_list, split_list_outside_parens, status, ColSpec, Fields, Header, MergePolicy, Place,
    Sheet,
};
use super::source::{Carry, Source};
use super::workbook::Workbook;
use crate::diagnostics::Diagnostic;
use crate::procedure::keys::{self, Key};
use crate::procedure::record::{
    is_valid_code, Channel, DocGroup, Document, LegalDoc, Outcome, Record, Status, Way,
};

/// The main sheet's name, lower case.
pub(crate) const MAIN_SHEET: &str = "tthc2-capxa";

const CODE: ColSpec = spec("Mã TTHC", &["mã tthc", "mã thủ tục"]);
const NAME: ColSpec = spec("Tên TTHC", &["tên tthc", "tên thủ tục"]);
const PORTAL: ColSpec = spec("Link truy cập", &["link truy cập"]);
const DECISION: ColSpec = spec("Số quyết định", &["số quyết định"]);
const DECISION_DATE: ColSpec = spec("Ngày quyết định", &["ngày quyết định"]);
const ISSUER: ColSpec = spec("Cơ quan ban hành", &["cơ quan ban hành"]);
const FIELD: ColSpec = spec("Lĩnh vực", &["lĩnh vực"]);
const LEVELS: ColSpec = spec("Cấp thực hiện", &["cấp thực hiện"]);
const AUDIENCE: ColSpec = spec("Đối tượng thực hiện", &["đối tượng thực hiện"]);
const KIND: ColSpec = spec("Loại TTHC", &["loại tthc", "loại thủ tục"]);
const KEYWORDS: ColSpec = spec("Từ khóa", &["từ khóa", "từ khoá"]);
const SUBMIT_AT: ColSpec = spec("Địa chỉ tiếp nhận", &["địa chỉ tiếp nhận"]);
const AGENCY: ColSpec = spec("Cơ quan thực hiện", &["cơ quan thực hiện"]);
const COMPETENT: ColSpec = spec("Cơ quan có thẩm quyền", &["cơ quan có thẩm quyền"]);
const COORDINATING: ColSpec = spec("Cơ quan phối hợp", &["cơ quan phối hợp"]);
const DELEGATED: ColSpec = spec(
    "Cơ quan được ủy quyền",
    &["cơ quan được ủy quyền", "cơ quan được uỷ quyền"],
);
const DESCRIPTION: ColSpec = spec("Mô tả", &["mô tả"]);
const STATUS: ColSpec = spec("Trạng thái", &["trạng thái"]);

const WAY: ColSpec = spec("Hình thức nộp", &["hình thức nộp"]);
const TIME: ColSpec = spec(
    "Thời gian giải quyết",
    &["thời gian giải quyết", "thời hạn giải quyết"],
);
const FEE: ColSpec = spec("Phí, lệ phí", &["phí, lệ phí", "phí/lệ phí", "phí lệ phí"]);
const CASE: ColSpec = spec("Trường hợp", &["trường hợp"]);
const DETAIL: ColSpec = spec("Mô tả chi tiết", &["mô tả chi tiết"]);
const DOC_CODE: ColSpec = spec("Mã TPHS", &["mã tphs"]);
const DOC_NAME: ColSpec = spec("Tên giấy tờ", &["tên giấy tờ"]);
const DOC_GROUP: ColSpec = spec("Loại giấy tờ", &["loại giấy tờ"]);
const ORIGINALS: ColSpec = spec("Bản chính", &["bản chính"]);
const COPIES: ColSpec = spec("Bản sao", &["bản sao"]);
const FORM: ColSpec = spec("Biểu mẫu điện tử", &["biểu mẫu điện tử"]);
const RESULT_CODE: ColSpec = spec("Mã kết quả", &["mã kết quả"]);
const RESULT_NAME: ColSpec = spec("Tên kết quả", &["tên kết quả"]);
const NUMBER: ColSpec = spec("Số ký hiệu", &["số ký hiệu", "số kí hiệu"]);
const TITLE: ColSpec = spec("Trích yếu", &["trích yếu"]);
const ISSUED: ColSpec = spec("Ngày ban hành", &["ngày ban hành"]);
const EFFECTIVE: ColSpec = spec("Ngày hiệu lực", &["ngày hiệu lực"]);
const URL: ColSpec = spec("Địa chỉ truy cập", &["địa chỉ truy cập"]);

const MAIN_COLUMNS: &[&ColSpec] = &[
    &CODE,
    &NAME,
    &PORTAL,
    &DECISION,
    &DECISION_DATE,
    &ISSUER,
    &FIELD,
    &LEVELS,
    &AUDIENCE,
    &KIND,
    &KEYWORDS,
    &SUBMIT_AT,
    &AGENCY,
    &COMPETENT,
    &COORDINATING,
    &DELEGATED,
    &DESCRIPTION,
    &STATUS,
];
const MAIN_REQUIRED: &[&ColSpec] = &[&CODE, &NAME, &FIELD];

/// The record field each main-sheet column fills: a column the sheet has is carried by the
/// import (see [`Source::carries`]), one it lacks leaves existing files as they are.
const MAIN_FIELDS: [(&ColSpec, Key); 18] = [
    (&CODE, keys::CODE),
    (&NAME, keys::NAME),
    (&PORTAL, keys::PORTAL_URL),
    (&DECISION, keys::DECISION),
    (&DECISION_DATE, keys::DECISION_DATE),
    (&ISSUER, keys::DECISION_ISSUER),
    (&FIELD, keys::FIELD),
    (&LEVELS, keys::LEVELS),
    (&AUDIENCE, keys::AUDIENCE),
    (&KIND, keys::KIND),
    (&KEYWORDS, keys::KEYWORDS),
    (&SUBMIT_AT, keys::SUBMIT_AT),
    (&AGENCY, keys::AGENCY),
    (&COMPETENT, keys::COMPETENT_AGENCY),
    (&COORDINATING, keys::COORDINATING_AGENCY),
    (&DELEGATED, keys::DELEGATED_AGENCY),
    (&DESCRIPTION, keys::DESCRIPTION),
    (&STATUS, keys::STATUS),
];

/// Which part of a record a child sheet fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Channels,
    Steps,
    Documents,
    Results,
    Legal,
}

/// A child sheet: accepted names (lower case), columns, and what a missing sheet means.
struct Child {
    part: Part,
    /// The record key it fills.
    field: Key,
    /// The name the export uses, for messages.
    sheet: &'static str,
    /// Accepted names, lower case.
    names: &'static [&'static str],
    columns: &'static [&'static ColSpec],
    required: &'static [&'static ColSpec],
    lacking: &'static str,
}

const CHILDREN: [Child; 5] = [
    Child {
        part: Part::Channels,
        field: keys::CHANNELS,
        sheet: "Cách thức thực hiện",
        names: &["cách thức thực hiện"],
        columns: &[&CODE, &WAY, &TIME, &FEE, &DESCRIPTION],
        required: &[&CODE, &WAY, &TIME, &FEE],
        lacking: "cách thức thực hiện (thời hạn, phí, lệ phí)",
    },
    Child {
        part: Part::Steps,
        field: keys::STEPS,
        sheet: "Trình tự thực hiện",
        names: &["trình tự thực hiện"],
        columns: &[&CODE, &CASE, &DETAIL],
        required: &[&CODE, &DETAIL],
        lacking: "trình tự thực hiện",
    },
    Child {
        part: Part::Documents,
        field: keys::DOCUMENTS,
        sheet: "TPHS",
        names: &["tphs", "thành phần hồ sơ"],
        columns: &[
            &CODE, &DOC_CODE, &DOC_NAME, &DOC_GROUP, &ORIGINALS, &COPIES, &FORM,
        ],
        required: &[&CODE, &DOC_NAME, &DOC_GROUP, &ORIGINALS, &COPIES],
        lacking: "thành phần hồ sơ",
    },
    Child {
        part: Part::Results,
        field: keys::RESULTS,
        sheet: "KQTH",
        names: &["kqth", "kết quả thực hiện"],
        columns: &[&CODE, &RESULT_CODE, &RESULT_NAME, &ISSUER, &DESCRIPTION],
        required: &[&CODE, &RESULT_NAME],
        lacking: "kết quả thực hiện",
    },
    Child {
        part: Part::Legal,
        field: keys::LEGAL_BASIS,
        sheet: "CCPL",
        names: &["ccpl", "căn cứ pháp lý"],
        columns: &[&CODE, &NUMBER, &TITLE, &ISSUER, &ISSUED, &EFFECTIVE, &URL],
        required: &[&CODE, &NUMBER],
        lacking: "căn cứ pháp lý",
    },
];

/// The child sheets `wb` has, as named there: a workbook with some of them and no main sheet
/// is a national export whose main sheet was renamed or deleted.
pub(crate) fn child_sheets(wb: &Workbook<'_>) -> Vec<String> {
    CHILDREN
        .iter()
        .filter_map(|c| wb.find_sheet(c.names))
        .collect()
}

/// Procedure codes of the main sheet: the record's index, or `None` when its row was skipped.
type Index = HashMap<String, Option<usize>>;

/// Reads the workbook whose main sheet is `main` (its name as written).
pub(crate) fn read(
    path: &Path,
    wb: &mut Workbook<'_>,
    main: &str,
) -> Result<Source, Vec<Diagnostic>> {
    let mut out = Source::default();
    let mut errors = Vec::new();
    let sheet = wb.load(main).map_err(|e| vec![e])?;
    let index = read_main(path, sheet, &mut out, &mut errors)?;
    let mut missing = Vec::new();
    for child in &CHILDREN {
        let Some(name) = wb.find_sheet(child.names) else {
            missing.push(child);
            continue;
        };
        match wb.load(&name) {
            Ok(sheet) => {
                read_child(path, main, child, sheet, &index, &mut out, &mut errors);
                out.carry(&[child.field], Carry::Replace);
            }
            Err(e) => errors.push(e),
        }
    }
    for record in &mut out.records {
        complete_units(&mut record.channels);
    }
    if !missing.is_empty() {
        // Without the sheet every procedure would lose that part: refuse rather than empty it.
        let names: Vec<String> = missing.iter().map(|c| format!("«{}»", c.sheet)).collect();
        let parts: Vec<&str> = missing.iter().map(|c| c.lacking).collect();
        errors.push(
            Diagnostic::error(format!(
                "tệp xuất từ Cơ sở dữ liệu quốc gia thiếu trang {} ({}); các trang có: {}",
                names.join(", "),
                parts.join("; "),
                super::cells::quoted_list(&wb.sheet_names())
            ))
            .in_file(path)
            .with_hint(
                "Xuất lại tệp đầy đủ từ Cơ sở dữ liệu quốc gia về TTHC; nếu đã đổi tên trang \
                 thì đặt lại đúng tên như trên. Không có tệp nào bị thay đổi.",
            ),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Finds the header of `sheet` and applies its merged cells; returns the header and the
/// number of its last row. A missing required column is an error naming the sheet and listing
/// the columns found.
fn prepare(
    place: &Place<'_>,
    sheet: &mut Sheet,
    columns: &[&ColSpec],
    required: &[&ColSpec],
) -> Result<(Header, usize), Diagnostic> {
    let header = match find_header(sheet, columns, required) {
        Ok(h) => h,
        Err(Some(best)) => return Err(missing_columns(place, &best, &best.missing(required))),
        Err(None) => return Err(no_header(place, required)),
    };
    let end = apply_merges(sheet, header.number, MergePolicy::FillVertical, place)?;
    Ok((header, end))
}

/// Reads the main sheet into `out.records`; returns the codes seen.
fn read_main(
    path: &Path,
    mut sheet: Sheet,
    out: &mut Source,
    errors: &mut Vec<Diagnostic>,
) -> Result<Index, Vec<Diagnostic>> {
    let name = sheet.name.clone().unwrap_or_default();
    let place = Place {
        path,
        sheet: Some(&name),
    };
    let (header, header_end) =
        prepare(&place, &mut sheet, MAIN_COLUMNS, MAIN_REQUIRED).map_err(|e| vec![e])?;
    for (spec, field) in MAIN_FIELDS {
        if header.col(spec).is_some() {
            out.carry(&[field], Carry::Replace);
        }
    }
    if header.col(&STATUS).is_none() {
        out.warnings.push(place.warning(
            format!(
                "{}: không có cột «Trạng thái»: thủ tục mới được coi là đang áp dụng, thủ tục \
                 đã có giữ nguyên trạng thái",
                place.table()
            ),
            "Xuất lại tệp có cột «Trạng thái» nếu danh sách có thủ tục đã bãi bỏ.",
        ));
    }
    let mut index = Index::new();
    let mut rows_of: HashMap<String, usize> = HashMap::new();
    for row in data_rows(&sheet, header_end) {
        if row.is_blank() {
            continue;
        }
        let mut f = Fields::new(&place, &header, row, errors);
        let code = f.code(&CODE);
        let n = row.number;
        match main_record(&mut f, code.as_deref()) {
            Err(reason) => {
                if let Some(c) = code.as_ref().filter(|c| is_valid_code(c)) {
                    index.entry(c.clone()).or_insert(None);
                }
                out.skipped.push(place.skip(n, code.as_deref(), reason));
            }
            Ok(record) => {
                if let Some(first) = rows_of.get(&record.code) {
                    let reason = format!("mã {} trùng với dòng {first}", record.code);
                    out.skipped.push(place.skip(n, Some(&record.code), reason));
                    continue;
                }
                rows_of.insert(record.code.clone(), n);
                index.insert(record.code.clone(), Some(out.records.len()));
                out.records.push(record);
            }
        }
    }
    Ok(index)
}

/// One row of the main sheet as a record, or why it is skipped.
fn main_record(f: &mut Fields<'_, '_>, code: Option<&str>) -> Result<Record, String> {
    let name = f.line(&NAME);
    let code = check_code(code, name.is_some())?;
    let name = name.ok_or("không có tên thủ tục (cột «Tên TTHC» trống)")?;
    let field = f
        .line(&FIELD)
        .ok_or("không có lĩnh vực (cột «Lĩnh vực» trống)")?;
    let status = match f.line(&STATUS) {
        Some(s) => status(&s).ok_or_else(|| {
            format!("trạng thái «{s}» không rõ (cần «Đang áp dụng» hoặc «Đã bãi bỏ»)")
        })?,
        // Without the column every procedure is in force (warned once for the sheet).
        None if !f.has(&STATUS) => Status::InForce,
        None => return Err("không có trạng thái (cột «Trạng thái» trống)".to_string()),
    };
    // Checked and percent-encoded with every other address in `source::check_urls`.
    let portal_url = f.line(&PORTAL);
    Ok(Record {
        code,
        name,
        field,
        status,
        portal_url,
        description: f.line(&DESCRIPTION),
        decision: f.line(&DECISION),
        decision_date: f.line(&DECISION_DATE),
        decision_issuer: f.line(&ISSUER),
        levels: f.line(&LEVELS).map(|s| split_list(&s)).unwrap_or_default(),
        kind: f.line(&KIND),
        audience: f
            .line(&AUDIENCE)
            .map(|s| split_list_outside_parens(&s))
            .unwrap_or_default(),
        agency: f.line(&AGENCY),
        competent_agency: f.line(&COMPETENT),
        coordinating_agency: f.line(&COORDINATING),
        delegated_agency: f.line(&DELEGATED),
        submit_at: f.line(&SUBMIT_AT),
        keywords: f
            .line(&KEYWORDS)
            .map(|s| split_list(&s))
            .unwrap_or_default(),
        ..Record::default()
    })
}

/// Reads one child sheet into the records of the main sheet.
fn read_child(
    path: &Path,
    main: &str,
    child: &Child,
    mut sheet: Sheet,
    index: &Index,
    out: &mut Source,
    errors: &mut Vec<Diagnostic>,
) {
    let name = sheet.name.clone().unwrap_or_default();
    let place = Place {
        path,
        sheet: Some(&name),
    };
    let (header, header_end) = match prepare(&place, &mut sheet, child.columns, child.required) {
        Ok(h) => h,
        Err(e) => return errors.push(e),
    };
    // The case of the last step read, per record, to say each case once.
    let mut cases: HashMap<usize, Option<String>> = HashMap::new();
    let mut repeated: HashMap<(Option<String>, String), (usize, Vec<usize>)> = HashMap::new();
    for row in data_rows(&sheet, header_end) {
        if row.is_blank() {
            continue;
        }
        let mut f = Fields::new(&place, &header, row, errors);
        let code = f.code(&CODE);
        let target = check_code(code.as_deref(), true).and_then(|c| match index.get(&c) {
            Some(Some(i)) => Ok(*i),
            Some(None) => Err(format!("thủ tục {c} đã bị bỏ qua ở trang «{main}»")),
            None => Err(format!("mã {c} không có trong trang «{main}»")),
        });
        let done = target.and_then(|i| {
            let record = &mut out.records[i];
            match child.part {
                Part::Channels => channel(&mut f).map(|c| record.channels.push(c)),
                Part::Steps => {
                    step(&mut f, cases.entry(i).or_default()).map(|s| record.steps.push(s))
                }
                Part::Documents => document(&mut f).map(|d| record.documents.push(d)),
                Part::Results => outcome(&mut f).map(|o| record.results.push(o)),
                Part::Legal => legal(&mut f).map(|l| record.legal_basis.push(l)),
            }
        });
        if let Err(reason) = done {
            // One line per code and reason: a procedure missing from the main sheet has a
            // child row per step or document, and the report should name it once.
            let key = (code.clone(), reason.clone());
            match repeated.get_mut(&key) {
                Some((_, rows)) => rows.push(row.number),
                None => {
                    repeated.insert(key, (out.skipped.len(), vec![row.number]));
                    out.skipped
                        .push(place.skip(row.number, code.as_deref(), reason));
                }
            }
        }
    }
    for (index, rows) in repeated.into_values() {
        if rows.len() > 1 {
            let shown: Vec<String> = rows.iter().take(5).map(usize::to_string).collect();
            let more = if rows.len() > 5 {
                format!(" … ({} dòng)", rows.len())
            } else {
                String::new()
            };
            out.skipped[index].location =
                format!("{}, dòng {}{more}", place.table(), shown.join(", "));
        }
    }
}

/// A row of "Cách thức thực hiện"; time and fee are kept as written.
fn channel(f: &mut Fields<'_, '_>) -> Result<Channel, String> {
    let label = f
        .line(&WAY)
        .ok_or("không có hình thức nộp (cột «Hình thức nộp» trống)")?;
    let way = Way::from_label(&label).ok_or_else(|| {
        format!(
            "hình thức nộp «{label}» không rõ (cần «Trực tiếp», «Trực tuyến» hoặc «Dịch vụ bưu chính»)"
        )
    })?;
    Ok(Channel {
        way,
        time: f.line(&TIME).unwrap_or_default(),
        fee: f.line(&FEE).unwrap_or_default(),
        notes: f.lines(&DESCRIPTION),
    })
}

/// Bare numbers of days ("1") read with the unit the same row's description or the
/// procedure's other rows state, as the national data means them.
fn complete_units(channels: &mut [Channel]) {
    let siblings: Vec<String> = channels.iter().map(|c| c.time.clone()).collect();
    let siblings: Vec<&str> = siblings.iter().map(String::as_str).collect();
    for c in channels.iter_mut() {
        let row: Vec<&str> = c.notes.as_deref().into_iter().collect();
        if let Some(t) = crate::procedure::time_limit::with_stated_unit(&c.time, &row, &siblings) {
            c.time = t;
        }
    }
}

/// A row of "Trình tự thực hiện"; `last_case` is the case of the previous step of the same
/// procedure.
fn step(f: &mut Fields<'_, '_>, last_case: &mut Option<String>) -> Result<String, String> {
    let case = f.line(&CASE);
    let detail = f.lines(&DETAIL);
    let Some(case) = case else {
        *last_case = None;
        return detail.ok_or_else(|| "không có nội dung (cột «Mô tả chi tiết» trống)".to_string());
    };
    if last_case.as_ref() == Some(&case) {
        return detail.ok_or_else(|| "không có nội dung (cột «Mô tả chi tiết» trống)".to_string());
    }
    let heading = if header_key(&case).starts_with("trường hợp") {
        format!("{}:", case.trim_end_matches(':'))
    } else {
        format!("Trường hợp: {case}")
    };
    *last_case = Some(case);
    Ok(match detail {
        Some(d) => format!("{heading}\n{d}"),
        None => heading,
    })
}

/// A row of "TPHS".
fn document(f: &mut Fields<'_, '_>) -> Result<Document, String> {
    let name = f
        .line(&DOC_NAME)
        .ok_or("không có tên giấy tờ (cột «Tên giấy tờ» trống)")?;
    let label = f
        .line(&DOC_GROUP)
        .ok_or("không có loại giấy tờ (cột «Loại giấy tờ» trống)")?;
    let group = DocGroup::from_label(&label).ok_or_else(|| {
        format!(
            "loại giấy tờ «{label}» không rõ (cần «Giấy tờ phải nộp», «Giấy tờ phải xuất trình» \
             hoặc «Lưu ý»)"
        )
    })?;
    let mut count = |spec: &ColSpec| {
        f.count(spec)
            .map_err(|t| format!("cột «{}» có «{t}», không phải số nguyên", spec.label))
    };
    let originals = count(&ORIGINALS)?;
    let copies = count(&COPIES)?;
    Ok(Document {
        group,
        name,
        code: f.line(&DOC_CODE),
        originals,
        copies,
        form: f.line(&FORM),
    })
}

/// A row of "KQTH".
fn outcome(f: &mut Fields<'_, '_>) -> Result<Outcome, String> {
    Ok(Outcome {
        name: f
            .line(&RESULT_NAME)
            .ok_or("không có tên kết quả (cột «Tên kết quả» trống)")?,
        code: f.line(&RESULT_CODE),
        issuer: f.line(&ISSUER),
        notes: f.lines(&DESCRIPTION),
    })
}

/// A row of "CCPL"; dates stored as dates become YYYY-MM-DD, text dates are kept.
fn legal(f: &mut Fields<'_, '_>) -> Result<LegalDoc, String> {
    Ok(LegalDoc {
        number: f
            .line(&NUMBER)
            .ok_or("không có số ký hiệu văn bản (cột «Số ký hiệu» trống)")?,
        title: f.line(&TITLE),
        issuer: f.line(&ISSUER),
        issued: f.line(&ISSUED),
        effective: f.line(&EFFECTIVE),
        url: f.line(&URL),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};

    use super::{header_key, CHILDREN, MAIN_COLUMNS, MAIN_SHEET};
    use crate::import::cells::testing::xlsx;
    use crate::import::{read_source, Source, SourceKind};
    use crate::procedure::record::{DocGroup, Status, Way};

    const MAIN_HEADER: [&str; 19] = [
        "STT",
        "Mã TTHC",
        "Tên TTHC",
        "Link truy cập",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan ban hành",
        "Lĩnh vực",
        "Cấp thực hiện",
        "Đối tượng thực hiện",
        "Loại TTHC",
        "Từ khóa",
        "Địa chỉ tiếp nhận",
        "Cơ quan thực hiện",
        "Cơ quan có thẩm quyền",
        "Cơ quan phối hợp",
        "Cơ quan được ủy quyền",
        "Mô tả",
        "Trạng thái",
    ];

    /// A main-sheet row: code, name, field, status (other columns empty).
    fn main_row<'a>(code: &'a str, name: &'a str, field: &'a str, status: &'a str) -> Vec<&'a str> {
        let mut row = vec![""; 19];
        row[1] = code;
        row[2] = name;
        row[7] = field;
        row[18] = status;
        row
    }

    /// The main sheet: two title rows, the header, then `rows`.
    fn main_sheet(rows: Vec<Vec<&str>>) -> (&str, Vec<Vec<&str>>) {
        let mut all = vec![
            vec!["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"],
            vec!["(Dữ liệu xuất từ CSDL)"],
        ];
        all.push(MAIN_HEADER.to_vec());
        all.extend(rows);
        ("TTHC2-CAPXA", all)
    }

    /// `sheets` plus, for each child sheet they lack, that sheet with its header only.
    fn complete<'a>(sheets: &[(&'a str, Vec<Vec<&'a str>>)]) -> Vec<u8> {
        const CHILD_HEADERS: [(&str, &[&str]); 5] = [
            (
                "Cách thức thực hiện",
                &[
                    "STT",
                    "Mã TTHC",
                    "Tên TTHC",
                    "Hình thức nộp",
                    "Thời gian giải quyết",
                    "Phí, lệ phí",
                    "Mô tả",
                ],
            ),
            (
                "Trình tự thực hiện",
                &["STT", "Mã TTHC", "Tên TTHC", "Trường hợp", "Mô tả chi tiết"],
            ),
            (
                "TPHS",
                &[
                    "STT",
                    "Mã TTHC",
                    "Tên TTHC",
                    "Mã TPHS",
                    "Tên giấy tờ",
                    "Loại giấy tờ",
                    "Bản chính",
                    "Bản sao",
                ],
            ),
            (
                "KQTH",
                &["STT", "Mã TTHC", "Tên TTHC", "Mã kết quả", "Tên kết quả"],
            ),
            (
                "CCPL",
                &["STT", "Mã TTHC", "Tên TTHC", "Số ký hiệu", "Trích yếu"],
            ),
        ];
        let mut all = sheets.to_vec();
        for (name, header) in CHILD_HEADERS {
            if !all.iter().any(|(n, _)| *n == name) {
                all.push((name, vec![header.to_vec()]));
            }
        }
        xlsx(&all)
    }

    fn read(bytes: &[u8]) -> Result<Source, Vec<crate::diagnostics::Diagnostic>> {
        read_source(Path::new("nhap/tthc.xlsx"), bytes).map(|(kind, s)| {
            assert_eq!(kind, SourceKind::National);
            s
        })
    }

    fn errors_text(e: &[crate::diagnostics::Diagnostic]) -> String {
        e.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn expected_names_are_written_as_compared() {
        let child_columns = CHILDREN.iter().flat_map(|c| c.columns.iter());
        for spec in MAIN_COLUMNS.iter().chain(child_columns) {
            for a in spec.aliases {
                assert_eq!(header_key(a), *a, "{}", spec.label);
            }
            assert!(
                spec.aliases.contains(&header_key(spec.label).as_str()),
                "{}",
                spec.label
            );
        }
        for name in CHILDREN
            .iter()
            .flat_map(|c| c.names.iter())
            .chain([&MAIN_SHEET])
        {
            assert_eq!(header_key(name), *name);
        }
    }

    #[test]
    fn reads_the_shared_fixture() {
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/tthc-mau.xlsx");
        let Ok(bytes) = std::fs::read(&fixture) else {
            println!("bỏ qua: không có {}", fixture.display());
            return;
        };
        let src = read(&bytes).unwrap();
        assert_eq!(src.records.len(), 33);
        assert!(src.skipped.is_empty(), "{:?}", src.skipped);
        assert!(src.warnings.is_empty(), "{:?}", src.warnings);
        let total = |f: fn(&crate::procedure::record::Record) -> usize| -> usize {
            src.records.iter().map(f).sum()
        };
        // Data rows of the child sheets, counted with openpyxl.
        assert_eq!(total(|r| r.channels.len()), 86);
        assert_eq!(total(|r| r.documents.len()), 534);
        assert_eq!(total(|r| r.steps.len()), 295);
        assert_eq!(total(|r| r.results.len()), 48);
        assert_eq!(total(|r| r.legal_basis.len()), 629);

        let khai_sinh = src.records.iter().find(|r| r.code == "1.001193").unwrap();
        assert_eq!(khai_sinh.name, "Thủ tục đăng ký khai sinh");
        assert_eq!(khai_sinh.field, "Hộ tịch");
        assert_eq!(khai_sinh.status, Status::InForce);
        assert_eq!(khai_sinh.decision.as_deref(), Some("163/QĐ-BTP"));
        assert_eq!(
            khai_sinh.portal_url.as_deref(),
            Some(
                "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
            )
        );
        assert_eq!(
            khai_sinh.audience,
            ["Công dân Việt Nam", "Người Việt Nam định cư ở nước ngoài"]
        );
        assert_eq!(khai_sinh.channels.len(), 3);
        assert_eq!(khai_sinh.documents.len(), 33);
        assert_eq!(khai_sinh.steps.len(), 17);
        assert_eq!(khai_sinh.results.len(), 1);
        assert_eq!(khai_sinh.legal_basis.len(), 26);
        assert_eq!(khai_sinh.results[0].code.as_deref(), Some("KQ.G15.000031T"));
        assert_eq!(khai_sinh.results[0].name, "Giấy khai sinh");
        assert!(
            khai_sinh.steps[1].contains('\n'),
            "line breaks of a step are kept"
        );
        assert_eq!(khai_sinh.online, None);
        assert_eq!(khai_sinh.online_url, None);
        assert_eq!(khai_sinh.last_reviewed, None);

        let chung_thuc = src.records.iter().find(|r| r.code == "2.000815").unwrap();
        assert_eq!(chung_thuc.channels.len(), 2);
        assert!(chung_thuc
            .channels
            .iter()
            .any(|c| c.fee == "2,000 Việt Nam Đồng(/trang)"));
        assert_eq!(
            chung_thuc.audience[..2],
            [
                "Công dân Việt Nam",
                "Tổ chức (không bao gồm doanh nghiệp, HTX)"
            ]
        );
        assert_eq!(chung_thuc.levels, ["Cấp xã", "Cơ quan khác"]);
        // U+00A0 in the export's agency names becomes a plain space.
        assert!(src
            .records
            .iter()
            .filter_map(|r| r.agency.as_deref())
            .all(|a| !a.contains('\u{a0}') && !a.contains("  ")));
    }

    #[test]
    fn maps_every_sheet() {
        let mut row = main_row(
            "1.001193",
            "Thủ tục đăng ký khai sinh",
            "Hộ tịch",
            "Đang áp dụng",
        );
        row[3] = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d";
        row[8] = "Cấp xã, Cơ quan khác";
        row[9] = "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX)";
        row[11] = "khai sinh, trẻ em";
        row[13] = "Ủy ban\u{a0}nhân dân  cấp xã";
        let withdrawn = main_row("2.000815", "Chứng thực bản sao", "Chứng thực", "Đã bãi bỏ");
        let bytes = xlsx(&[
            main_sheet(vec![row, withdrawn]),
            (
                "Cách thức thực hiện",
                vec![
                    vec![
                        "STT",
                        "Mã TTHC",
                        "Tên TTHC",
                        "Hình thức nộp",
                        "Thời gian giải quyết",
                        "Phí, lệ phí",
                        "Mô tả",
                    ],
                    vec![
                        "1",
                        "1.001193",
                        "",
                        "Trực tiếp",
                        " 3 Ngày làm việc ",
                        "Miễn phí",
                        "Dòng 1 \n  dòng 2",
                    ],
                    vec![
                        "2",
                        "2.000815",
                        "",
                        "Dịch vụ bưu chính",
                        "",
                        "2,000 Việt Nam Đồng(/trang)",
                        "",
                    ],
                ],
            ),
            (
                "Trình tự thực hiện",
                vec![
                    vec!["STT", "Mã TTHC", "Tên TTHC", "Trường hợp", "Mô tả chi tiết"],
                    vec!["1", "1.001193", "", "", "Bước chung"],
                    vec!["2", "1.001193", "", "Trẻ bị bỏ rơi", "Lập biên bản"],
                    vec!["3", "1.001193", "", "Trẻ bị bỏ rơi", "Niêm yết"],
                    vec!["4", "1.001193", "", "Trường hợp 2", "Khác"],
                ],
            ),
            (
                "TPHS",
                vec![
                    vec![
                        "STT",
                        "Mã TTHC",
                        "Tên TTHC",
                        "Mã TPHS",
                        "Tên giấy tờ",
                        "Loại giấy tờ",
                        "Cơ quan ban hành",
                        "Bản chính",
                        "Bản sao",
                        "Biểu mẫu điện tử",
                    ],
                    vec![
                        "1",
                        "1.001193",
                        "",
                        "1.001193-01",
                        "Tờ khai",
                        "Giấy tờ phải nộp",
                        "",
                        "1",
                        "0",
                        "to-khai.docx",
                    ],
                    vec![
                        "2",
                        "1.001193",
                        "",
                        "",
                        "Căn cước",
                        "Giấy tờ phải xuất trình",
                        "",
                        "",
                        "2",
                        "",
                    ],
                ],
            ),
            (
                "KQTH",
                vec![
                    vec![
                        "STT",
                        "Mã TTHC",
                        "Tên TTHC",
                        "Mã kết quả",
                        "Tên kết quả",
                        "Cơ quan ban hành",
                        "Mô tả",
                    ],
                    vec![
                        "1",
                        "1.001193",
                        "",
                        "KQ.G15.000031T",
                        "Giấy khai sinh",
                        "UBND xã",
                        "",
                    ],
                ],
            ),
            (
                "CCPL",
                vec![
                    vec![
                        "STT",
                        "Mã TTHC",
                        "Tên TTHC",
                        "Số ký hiệu",
                        "Trích yếu",
                        "Cơ quan ban hành",
                        "Ngày ban hành",
                        "Ngày hiệu lực",
                        "Địa chỉ truy cập",
                    ],
                    vec![
                        "1",
                        "1.001193",
                        "",
                        "60/2014/QH13",
                        "Luật Hộ tịch",
                        "Quốc hội",
                        "20/11/2014",
                        "",
                        "",
                    ],
                ],
            ),
        ]);
        let src = read(&bytes).unwrap();
        assert!(src.skipped.is_empty(), "{:?}", src.skipped);
        let [ks, ct] = &src.records[..] else {
            panic!("{:?}", src.records)
        };
        assert_eq!(ks.levels, ["Cấp xã", "Cơ quan khác"]);
        assert_eq!(
            ks.audience,
            [
                "Công dân Việt Nam",
                "Tổ chức (không bao gồm doanh nghiệp, HTX)"
            ]
        );
        assert_eq!(ks.keywords, ["khai sinh", "trẻ em"]);
        assert_eq!(ks.agency.as_deref(), Some("Ủy ban nhân dân cấp xã"));
        assert_eq!(ks.channels[0].way, Way::InPerson);
        assert_eq!(ks.channels[0].time, "3 Ngày làm việc");
        assert_eq!(ks.channels[0].notes.as_deref(), Some("Dòng 1\ndòng 2"));
        assert_eq!(
            ks.steps,
            [
                "Bước chung",
                "Trường hợp: Trẻ bị bỏ rơi\nLập biên bản",
                "Niêm yết",
                "Trường hợp 2:\nKhác",
            ]
        );
        assert_eq!(ks.documents[0].group, DocGroup::Submit);
        assert_eq!(ks.documents[0].form.as_deref(), Some("to-khai.docx"));
        assert_eq!((ks.documents[1].originals, ks.documents[1].copies), (0, 2));
        assert_eq!(ks.documents[1].group, DocGroup::Show);
        assert_eq!(ks.results[0].issuer.as_deref(), Some("UBND xã"));
        assert_eq!(ks.legal_basis[0].number, "60/2014/QH13");
        assert_eq!(ks.legal_basis[0].issued.as_deref(), Some("20/11/2014"));
        assert_eq!(ct.status, Status::Withdrawn);
        assert_eq!(ct.channels[0].way, Way::Postal);
        assert_eq!(ct.channels[0].time, "");
    }

    #[test]
    fn missing_child_sheets_are_errors() {
        let bytes = xlsx(&[
            main_sheet(vec![main_row(
                "1.001193",
                "Khai sinh",
                "Hộ tịch",
                "Đang áp dụng",
            )]),
            ("KQTH", vec![vec!["STT", "Mã TTHC", "Tên kết quả"]]),
        ]);
        let e = read(&bytes).unwrap_err();
        let text = errors_text(&e);
        assert!(
            text.contains(
                "thiếu trang «Cách thức thực hiện», «Trình tự thực hiện», «TPHS», «CCPL»"
            ),
            "{text}"
        );
        assert!(
            text.contains("các trang có: «TTHC2-CAPXA», «KQTH»"),
            "{text}"
        );
        assert!(e[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("Không có tệp nào bị thay đổi"));
    }

    #[test]
    fn a_renamed_main_sheet_is_not_read_as_a_list() {
        let mut sheets = vec![main_sheet(vec![main_row(
            "1.001193",
            "Khai sinh",
            "Hộ tịch",
            "Đang áp dụng",
        )])];
        sheets[0].0 = "Sheet1";
        let e = read_source(Path::new("x.xlsx"), &complete(&sheets)).unwrap_err();
        let text = errors_text(&e);
        assert!(
            text.contains("không có trang chính «TTHC2-CAPXA»; các trang có: «Sheet1»"),
            "{text}"
        );
    }

    #[test]
    fn the_columns_and_sheets_present_are_carried() {
        let mut header: Vec<&str> = MAIN_HEADER.to_vec();
        header.retain(|h| *h != "Trạng thái" && *h != "Mô tả");
        let mut row = vec![""; header.len()];
        row[1] = "1.001193";
        row[2] = "Khai sinh";
        row[7] = "Hộ tịch";
        let src = read(&complete(&[("TTHC2-CAPXA", vec![header, row])])).unwrap();
        let keys: Vec<&str> = src.carries.keys().map(String::as_str).collect();
        assert!(keys.contains(&"procedure.steps") && keys.contains(&"procedure.channels"));
        assert!(keys.contains(&"title") && keys.contains(&"procedure.portal_url"));
        assert!(!keys.contains(&"procedure.status") && !keys.contains(&"description"));
        assert!(!keys.contains(&"procedure.online") && !keys.contains(&"procedure.last_reviewed"));
    }

    #[test]
    fn missing_columns_are_named() {
        let mut header: Vec<&str> = MAIN_HEADER.to_vec();
        header.retain(|h| *h != "Lĩnh vực");
        let bytes = xlsx(&[("TTHC2-CAPXA", vec![vec!["Tiêu đề"], vec![], header])]);
        let e = read(&bytes).unwrap_err();
        let text = errors_text(&e);
        assert!(
            text.contains("trang «TTHC2-CAPXA», dòng tiêu đề 3: thiếu cột «Lĩnh vực»"),
            "{text}"
        );
        assert!(text.contains("các cột có: «STT», «Mã TTHC»"), "{text}");
        assert!(e[0].hint.is_some());

        // A child sheet that is there must have its required columns.
        let bytes = xlsx(&[
            main_sheet(vec![main_row(
                "1.001193",
                "Khai sinh",
                "Hộ tịch",
                "Đang áp dụng",
            )]),
            (
                "TPHS",
                vec![vec![
                    "STT",
                    "Mã TTHC",
                    "Tên giấy tờ",
                    "Loại giấy tờ",
                    "Bản chính",
                ]],
            ),
        ]);
        let text = errors_text(&read(&bytes).unwrap_err());
        assert!(
            text.contains("trang «TPHS», dòng tiêu đề 1: thiếu cột «Bản sao»"),
            "{text}"
        );
    }

    #[test]
    fn bad_rows_are_skipped_with_a_reason() {
        let bytes = complete(&[
            main_sheet(vec![
                main_row("1.001193", "Khai sinh", "Hộ tịch", "Đang áp dụng"),
                vec![],
                vec![
                    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "  ",
                ],
                main_row("", "Không mã", "Hộ tịch", "Đang áp dụng"),
                main_row("1.0011", "Mã sai", "Hộ tịch", "Đang áp dụng"),
                main_row("1.001 193", "Trùng", "Hộ tịch", "Đang áp dụng"),
                main_row("1.000001", "Trạng thái lạ", "Hộ tịch", "Tạm dừng"),
                main_row("1.000002", "Không lĩnh vực", "", "Đang áp dụng"),
            ]),
            (
                "KQTH",
                vec![
                    vec!["STT", "Mã TTHC", "Tên TTHC", "Mã kết quả", "Tên kết quả"],
                    vec!["1", "9.999999", "", "", "Kết quả lạ"],
                    vec!["2", "1.000001", "", "", "Của dòng bị bỏ"],
                ],
            ),
        ]);
        let src = read(&bytes).unwrap();
        assert_eq!(src.records.len(), 1);
        let reasons: Vec<String> = src
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.location, s.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                "trang «TTHC2-CAPXA», dòng 7: không có mã thủ tục (cột «Mã TTHC» trống)",
                "trang «TTHC2-CAPXA», dòng 8: mã thủ tục «1.0011» không đúng dạng (ví dụ đúng: \
                 1.001193 hoặc 2.000815.000.00.00.H61)",
                "trang «TTHC2-CAPXA», dòng 9: mã 1.001193 trùng với dòng 4",
                "trang «TTHC2-CAPXA», dòng 10: trạng thái «Tạm dừng» không rõ (cần «Đang áp dụng» \
                 hoặc «Đã bãi bỏ»)",
                "trang «TTHC2-CAPXA», dòng 11: không có lĩnh vực (cột «Lĩnh vực» trống)",
                "trang «KQTH», dòng 2: mã 9.999999 không có trong trang «TTHC2-CAPXA»",
                "trang «KQTH», dòng 3: thủ tục 1.000001 đã bị bỏ qua ở trang «TTHC2-CAPXA»",
            ]
        );
        assert_eq!(src.skipped[2].code.as_deref(), Some("1.001193"));
    }

    /// A workbook written cell by cell, for number, date and merge cases.
    fn custom(
        f: impl FnOnce(&mut rust_xlsxwriter::Worksheet, &mut rust_xlsxwriter::Worksheet),
    ) -> Vec<u8> {
        let mut w = Writer::new();
        let mut main = rust_xlsxwriter::Worksheet::new();
        main.set_name("TTHC2-CAPXA").unwrap();
        for (c, h) in MAIN_HEADER.iter().enumerate() {
            main.write_string(2, c as u16, *h).unwrap();
        }
        let mut tphs = rust_xlsxwriter::Worksheet::new();
        tphs.set_name("TPHS").unwrap();
        for (c, h) in [
            "STT",
            "Mã TTHC",
            "Tên TTHC",
            "Mã TPHS",
            "Tên giấy tờ",
            "Loại giấy tờ",
            "Cơ quan ban hành",
            "Bản chính",
            "Bản sao",
            "Biểu mẫu điện tử",
        ]
        .iter()
        .enumerate()
        {
            tphs.write_string(0, c as u16, *h).unwrap();
        }
        f(&mut main, &mut tphs);
        w.push_worksheet(main);
        w.push_worksheet(tphs);
        for name in ["Cách thức thực hiện", "Trình tự thực hiện", "KQTH", "CCPL"] {
            let child = w.add_worksheet().set_name(name).unwrap();
            for (c, h) in [
                "STT",
                "Mã TTHC",
                "Hình thức nộp",
                "Thời gian giải quyết",
                "Phí, lệ phí",
            ]
            .iter()
            .chain(&["Mô tả chi tiết", "Tên kết quả", "Số ký hiệu"])
            .enumerate()
            {
                child.write_string(0, c as u16, *h).unwrap();
            }
        }
        w.save_to_buffer().unwrap()
    }

    #[test]
    fn numbers_dates_and_vertical_merges() {
        let bytes = custom(|main, tphs| {
            // A code typed as a number loses its trailing zero; it gets it back.
            main.write_number(3, 1, 1.00119).unwrap();
            main.write_string(3, 2, "Khai sinh").unwrap();
            main.write_string(3, 7, "Hộ tịch").unwrap();
            let date = ExcelDateTime::from_ymd(2023, 1, 9).unwrap();
            main.write_datetime_with_format(
                3,
                5,
                &date,
                &Format::new().set_num_format("dd/mm/yyyy"),
            )
            .unwrap();
            main.write_string(3, 18, "Đang áp dụng").unwrap();
            // The code merged over three document rows.
            tphs.merge_range(1, 1, 3, 1, "1.001190", &Format::new())
                .unwrap();
            for (r, name) in [(1, "A"), (2, "B"), (3, "C")] {
                tphs.write_string(r, 4, name).unwrap();
                tphs.write_string(r, 5, "Giấy tờ phải nộp").unwrap();
                tphs.write_number(r, 7, 1.0).unwrap();
            }
        });
        let src = read(&bytes).unwrap();
        let r = &src.records[0];
        assert_eq!(r.code, "1.001190");
        assert_eq!(r.decision_date.as_deref(), Some("2023-01-09"));
        let names: Vec<&str> = r.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert!(r.documents.iter().all(|d| d.originals == 1));
    }

    #[test]
    fn merges_across_columns_are_errors() {
        let bytes = custom(|main, _| {
            main.write_string(3, 1, "1.001193").unwrap();
            main.write_string(3, 7, "Hộ tịch").unwrap();
            main.merge_range(3, 2, 3, 4, "Khai sinh", &Format::new())
                .unwrap();
        });
        let text = errors_text(&read(&bytes).unwrap_err());
        assert!(
            text.contains("trang «TTHC2-CAPXA»: vùng ô gộp C4:E4"),
            "{text}"
        );
    }

    #[test]
    fn an_oversized_cell_is_an_error() {
        // Excel allows 32,767 characters in a cell: 32,000 three-byte letters are 94 KiB.
        let long = "ữ".repeat(32_000);
        let mut row = main_row("1.001193", "Khai sinh", "Hộ tịch", "Đang áp dụng");
        row[17] = &long;
        let bytes = complete(&[main_sheet(vec![row])]);
        let e = read(&bytes).unwrap_err();
        let text = errors_text(&e);
        assert!(
            text.contains(
                "trang «TTHC2-CAPXA», dòng 4, cột «Mô tả»: ô quá dài (94 KiB, tối đa 64 KiB)"
            ),
            "{text}"
        );
    }
}
