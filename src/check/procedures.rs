//! Procedures kept up to date: each in force reviewed within `[check] review_months`
//! (Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3: information is updated as soon as it changes).

use chrono::Months;

use super::{position, Context};
use crate::diagnostics::Diagnostic;
use crate::procedure::record::Status;

/// The article this rule enforces.
pub const ARTICLE: &str = "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3";

/// A warning for each procedure in force never reviewed, or reviewed too long ago.
pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    let months = cx.config.check.review_months;
    let due = cx
        .today
        .checked_sub_months(Months::new(months))
        .unwrap_or(cx.today);
    let mut out = Vec::new();
    for p in &cx.lib.pages {
        let Some(r) = p.meta.procedure.as_deref() else {
            continue;
        };
        if r.status != Status::InForce {
            continue;
        }
        let reviewed = r
            .last_reviewed
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let at = position(&p.positions, "procedure.last_reviewed");
        match reviewed {
            None => out.push(
                Diagnostic::warning(format!("thủ tục {} chưa ghi ngày rà soát", r.code))
                    .in_file(&p.file.display)
                    .at(at)
                    .citing(ARTICLE)
                    .with_hint(
                        "đối chiếu thủ tục với Cơ sở dữ liệu quốc gia, rồi ghi last_reviewed = \
                         ngày rà soát (ví dụ 2026-11-02) trong [procedure]",
                    ),
            ),
            Some(day) if day < due => out.push(
                Diagnostic::warning(format!(
                    "thủ tục {} rà soát lần cuối ngày {}, đã quá {months} tháng",
                    r.code,
                    crate::disclosure::calendar::vietnamese(day)
                ))
                .in_file(&p.file.display)
                .at(at)
                .citing(ARTICLE)
                .with_hint(
                    "rà soát lại thủ tục (nhập lại tệp xuất từ Cơ sở dữ liệu quốc gia, đối chiếu \
                     thực tế) rồi cập nhật last_reviewed",
                ),
            ),
            Some(_) => {}
        }
    }
    out
}
