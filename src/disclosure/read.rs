//! A page's or section's `[disclosure]` table: which of the 14 kinds of information it is
//! (Luật 10/2022/QH15, Điều 11) and when and where it was made public.

use crate::dates::DateValue;
use crate::disclosure::{self, Disclosure, Place};
use crate::input::table_reader::Fields;

/// Reads `[disclosure]` if there is one; `page_date` stands in for `published`.
pub fn read(f: &mut Fields<'_, '_>, page_date: Option<&DateValue>) -> Option<Disclosure> {
    let mut t = f.table_fields("disclosure")?;
    let has_category = t.has("category");
    let number = t.integer("category");
    let category = number.and_then(disclosure::category);
    match (has_category, number, category) {
        (false, _, _) => t.error(
            "category",
            "thiếu loại thông tin công khai".into(),
            "ghi category = số thứ tự của loại thông tin tại Điều 11 Luật 10/2022/QH15, từ 1 \
             đến 14, ví dụ category = 2 (dự toán, quyết toán ngân sách)",
        ),
        (true, Some(n), None) => t.error(
            "category",
            format!("{n} không phải một loại thông tin tại Điều 11 Luật 10/2022/QH15"),
            "ghi một số từ 1 đến 14, theo khoản 1 đến khoản 14 của Điều 11",
        ),
        _ => {}
    }
    let decided = t.date("decided");
    let published = t.date("published").or_else(|| page_date.cloned());
    let posted_from = t.date("posted_from");
    let posted_until = t.date("posted_until");
    let permanent = t.boolean("permanent").unwrap_or(false);
    let places: Vec<Place> = t
        .string_list("places")
        .unwrap_or_default()
        .iter()
        .map(|p| Place::parse(p))
        .collect();
    let loudspeaker = t.date_list("loudspeaker").unwrap_or_default();
    let superseded = t.boolean("superseded").unwrap_or(false);
    if let (Some(from), Some(until)) = (&posted_from, &posted_until) {
        if until.date() < from.date() {
            t.error(
                "posted_until",
                format!(
                    "ngày kết thúc niêm yết {} trước ngày bắt đầu {}",
                    until.text, from.text
                ),
                "kiểm tra lại posted_from (ngày bắt đầu) và posted_until (ngày kết thúc)",
            );
        }
    }
    if permanent && posted_until.is_some() {
        t.error(
            "posted_until",
            "niêm yết thường xuyên (permanent = true) thì không có ngày kết thúc".into(),
            "xóa posted_until, hoặc bỏ permanent = true nếu việc niêm yết đã kết thúc",
        );
    }
    if posted_until.is_some() && posted_from.is_none() {
        t.error(
            "posted_from",
            "có ngày kết thúc niêm yết mà không có ngày bắt đầu".into(),
            "ghi posted_from = ngày bắt đầu niêm yết, ví dụ posted_from = 2026-03-05",
        );
    }
    f.absorb(t, &[]);
    Some(Disclosure {
        category: category?,
        decided,
        published,
        posted_from,
        posted_until,
        permanent,
        places,
        loudspeaker,
        superseded,
    })
}
