//! A page's `[document]` table: the number, kind, dates, signer and files of a plan, decision,
//! report or notice, every problem located and explained.

use crate::dates::DateValue;
use crate::document::{self, Document, Kind, Status, TableRef};
use crate::input::table_reader::Fields;

/// Reads `[document]` if the page has one; `page_date` stands in for `issued`.
pub fn read(f: &mut Fields<'_, '_>, page_date: Option<&DateValue>) -> Option<Box<Document>> {
    let mut t = f.table_fields("document")?;
    let number = t.string("number");
    match &number {
        None => t.error(
            "number",
            "thiếu số ký hiệu văn bản".into(),
            "ghi number = \"125/KH-UBND\" (số, dấu /, ký hiệu như trên văn bản)",
        ),
        Some(n) if !document::is_valid_number(n) => t.error(
            "number",
            format!("số ký hiệu \"{n}\" không đúng dạng"),
            "viết như trên văn bản: số, dấu /, rồi ký hiệu viết hoa, ví dụ \"125/KH-UBND\" hoặc \
             \"12/2026/NQ-HĐND\"",
        ),
        Some(_) => {}
    }
    let has_kind = t.has("kind");
    let kind = t
        .one_of("kind", &Kind::NAMES)
        .and_then(|k| Kind::from_name(&k));
    if !has_kind {
        t.error(
            "kind",
            "thiếu thể loại văn bản".into(),
            &format!("ghi kind = một trong: {}", Kind::NAMES.join(", ")),
        );
    }
    let issued = t.date("issued").or_else(|| page_date.cloned());
    if issued.is_none() && !t.has("issued") {
        t.error(
            "issued",
            "thiếu ngày ban hành".into(),
            "ghi issued = 2026-03-15 (ngày ký văn bản)",
        );
    }
    let status = t
        .one_of("status", &Status::NAMES)
        .and_then(|s| Status::from_name(&s))
        .unwrap_or_default();
    let replaced_by = t.string("replaced_by");
    if status == Status::Replaced && replaced_by.is_none() {
        t.warn(
            "status",
            "văn bản đã được thay thế nhưng chưa ghi văn bản thay thế".into(),
            "ghi replaced_by = \"số ký hiệu của văn bản mới\"",
        );
    }
    let mut tables = Vec::new();
    for mut row in t.table_list("tables").unwrap_or_default() {
        let file = row.string("file");
        let caption = row.string("caption");
        if file.is_none() {
            row.error(
                "file",
                "thiếu tên tệp CSV của bảng".into(),
                "ghi file = \"phu-luc-1.csv\"",
            );
        }
        if caption.is_none() {
            row.error(
                "caption",
                "thiếu tên bảng".into(),
                "ghi caption = \"Phụ lục 1: Danh sách …\": người dùng trình đọc màn hình nghe tên này",
            );
        }
        t.absorb(row, &[]);
        if let (Some(file), Some(caption)) = (file, caption) {
            tables.push(TableRef { file, caption });
        }
    }
    let doc = Document {
        number: number.clone().unwrap_or_default(),
        kind: kind.unwrap_or(Kind::Other),
        issued: issued
            .clone()
            .unwrap_or_else(|| crate::dates::parse("1970-01-01").expect("a valid date")),
        issuer: t.string("issuer"),
        signer: t.string("signer"),
        summary: t.string("summary"),
        field: t.string("field"),
        status,
        replaced_by,
        attachments: t.string_list("attachments").unwrap_or_default(),
        tables,
        targets: t.string("targets"),
    };
    if let Some(targets) = &doc.targets {
        if !(targets.ends_with(".csv") || targets.ends_with(".toml")) {
            t.error(
                "targets",
                format!("tệp chỉ tiêu \"{targets}\" phải là .csv hoặc .toml"),
                "ghi targets = \"chi-tieu.csv\" (tệp đặt cạnh trang)",
            );
        }
    }
    f.absorb(t, &[]);
    let ok = number.is_some() && kind.is_some() && issued.is_some();
    ok.then(|| Box::new(doc))
}
