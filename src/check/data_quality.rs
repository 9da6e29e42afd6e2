//! The data quality of the procedure catalogue: every gap the national data leaves in a
//! procedure (a required part missing or "Không có thông tin", a time limit with no unit, an
//! unknown fee, a form with no file), one warning each at the procedure's file and line, and a
//! summary with a count per kind. Gaps never stop a build (the page says "Chưa có thông tin"
//! and where to ask); `niemyet check --strict` fails on them for editors who want none left.

use std::collections::BTreeMap;

use super::{position, Context};
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::procedure::gaps::{Gap, ARTICLE};
use crate::procedure::keys;

/// The topic of the summary; every finding's topic starts with it.
pub const TOPIC: &str = "chất lượng dữ liệu";

/// What a form with no file is called in the summary.
const FORM_PART: &str = "mẫu đơn, tờ khai chưa có tệp";
/// The topic of forms with no file.
const FORM_TOPIC: &str = "chất lượng dữ liệu: mẫu đơn, tờ khai chưa có tệp";

/// The topics of the findings, in the order an editor works through them (Điều 8's order,
/// forms last).
pub fn topics() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Gap::ALL.iter().map(|g| g.topic()).collect();
    out.push(FORM_TOPIC);
    out
}

/// One warning per gap of every procedure, then the summary.
pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut counts: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    let mut procedures = 0;
    for p in &cx.lib.pages {
        let Some(r) = p.meta.procedure.as_deref() else {
            continue;
        };
        let gaps = r.gaps();
        let forms = forms_without_file(p);
        if gaps.is_empty() && forms.is_empty() {
            continue;
        }
        procedures += 1;
        for gap in gaps {
            let rank = Gap::ALL.iter().position(|g| *g == gap).unwrap_or(0);
            *counts.entry((rank, gap.part())).or_default() += 1;
            let what = if gap.required() {
                format!(
                    "thủ tục {}: chưa có thông tin về {} (phần bắt buộc), trang web ghi «Chưa có \
                     thông tin» và hướng dẫn người dân hỏi Bộ phận Một cửa",
                    r.code,
                    gap.part()
                )
            } else if gap == Gap::TimeUnit {
                format!(
                    "thủ tục {}: thời hạn giải quyết chỉ có con số, không rõ là ngày hay ngày làm \
                     việc; trang web ghi nguyên văn kèm «chưa rõ đơn vị»",
                    r.code
                )
            } else {
                format!(
                    "thủ tục {}: {} ghi «Không có thông tin», người dân không biết có mất tiền \
                     không",
                    r.code,
                    gap.part()
                )
            };
            let mut d = Diagnostic::warning(what)
                .in_file(&p.file.display)
                .at(position(&p.positions, gap.key().front))
                .with_hint(gap.hint())
                .on_topic(gap.topic());
            if gap.required() {
                d = d.citing(ARTICLE);
            }
            out.push(d);
        }
        for form in forms {
            *counts.entry((Gap::ALL.len(), FORM_PART)).or_default() += 1;
            out.push(
                Diagnostic::warning(format!(
                    "thủ tục {}: không thấy tệp mẫu «{form}» cạnh trang; trang web dẫn tới bản mẫu \
                     trên Cổng Dịch vụ công quốc gia",
                    r.code
                ))
                .in_file(&p.file.display)
                .at(position(&p.positions, keys::DOCUMENTS.front))
                .with_hint(
                    "đặt trang vào thư mục riêng (thư mục <mã>/index.md) và chép tệp mẫu vào đó, \
                     hoặc ghi form = \"https://...\" là địa chỉ tải mẫu",
                )
                .on_topic(FORM_TOPIC),
            );
        }
    }
    if procedures > 0 {
        let kinds: Vec<String> = counts
            .iter()
            .map(|((_, part), n)| format!("{part}: {n}"))
            .collect();
        out.push(
            Diagnostic::warning(format!(
                "dữ liệu thủ tục còn chỗ trống ở {procedures} thủ tục ({})",
                kinds.join("; ")
            ))
            .with_hint(
                "xem từng mục ở trên (hoặc báo cáo niemyet check --report, phần «Chất lượng dữ \
                 liệu»); niemyet check --strict coi các chỗ trống này là chưa đạt",
            )
            .on_topic(TOPIC),
        );
    }
    out
}

/// The forms a procedure names as local files that are not beside its page.
pub fn forms_without_file(p: &Page) -> Vec<&str> {
    let Some(r) = &p.meta.procedure else {
        return Vec::new();
    };
    let mut forms: Vec<&str> = r
        .documents
        .iter()
        .filter_map(|d| d.form.as_deref())
        .filter(|f| !f.contains("://") && !p.assets.iter().any(|a| a.relative == *f))
        .collect();
    // One form can serve several documents: it is missing once.
    forms.sort_unstable();
    forms.dedup();
    forms
}
