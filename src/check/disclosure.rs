//! Public disclosure under Luật Thực hiện dân chủ ở cơ sở (Luật 10/2022/QH15): what is on the
//! site (Điều 13 khoản 1), how soon (Điều 12 khoản 3), where and how long it is posted
//! (Điều 13 khoản 2), the loudspeakers (Điều 13 khoản 3) and the quarterly list.

use super::{position, Context};
use crate::content::collect::{self, Item};
use crate::content::library::Entry;
use crate::diagnostics::Diagnostic;
use crate::disclosure::calendar::{days_inclusive, longest_run, vietnamese, working_days_between};
use crate::disclosure::{Place, CATEGORIES};

/// Điều 13 khoản 1: everything on the website.
pub const D13_K1: &str = "Luật 10/2022/QH15, Điều 13 khoản 1";
/// Điều 12 khoản 3: within 5 working days.
pub const D12_K3: &str = "Luật 10/2022/QH15, Điều 12 khoản 3";
/// Điều 13 khoản 2: posting, and the quarterly list.
pub const D13_K2: &str = "Luật 10/2022/QH15, Điều 13 khoản 2";
/// Điều 13 khoản 3: the loudspeakers.
pub const D13_K3: &str = "Luật 10/2022/QH15, Điều 13 khoản 3";

/// Every disclosure rule.
pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    let items = collect::disclosures(cx.lib);
    let mut out = Vec::new();
    if cx.config.is_commune {
        out.extend(completeness(cx, &items));
    }
    for it in &items {
        out.extend(deadline(cx, it));
        out.extend(posting(cx, it));
        out.extend(loudspeaker(it, cx));
    }
    out.extend(quarterly_list(cx, &items));
    out
}

/// Where an item's `key` is written, else where its `[disclosure]` table is.
fn at(cx: &Context<'_>, it: &Item<'_>, key: &str) -> Option<(usize, usize)> {
    position(positions(cx, it), &format!("disclosure.{key}"))
}

fn positions<'a>(cx: &'a Context<'_>, it: &Item<'_>) -> &'a crate::input::toml_doc::KeyPositions {
    match it.entry {
        Entry::Page(i) => &cx.lib.pages[i].positions,
        Entry::Section(i) => &cx.lib.sections[i].positions,
    }
}

/// Điều 13 khoản 1: where the commune has a website, every kind of information of Điều 11 is
/// on it.
fn completeness(cx: &Context<'_>, items: &[Item<'_>]) -> Vec<Diagnostic> {
    let hub = crate::render::disclosure_hub(cx.config, cx.lib).map(|i| &cx.lib.sections[i]);
    CATEGORIES
        .iter()
        .filter(|c| {
            !items
                .iter()
                .any(|i| i.disclosure.category == **c && i.disclosure.is_current())
        })
        .map(|c| {
            let d = Diagnostic::warning(format!(
                "trang web chưa có thông tin nào đang công khai thuộc mục {}: {}",
                c.number,
                c.title.to_lowercase()
            ))
            .citing(D13_K1)
            .with_hint(format!(
                "đăng thông tin đó và ghi vào đầu trang: [disclosure] category = {}",
                c.number
            ));
            match hub {
                Some(h) => d.in_file(&h.file.display),
                None => d,
            }
        })
        .collect()
}

/// Điều 12 khoản 3: made public within 5 working days of the decision it concerns.
fn deadline(cx: &Context<'_>, it: &Item<'_>) -> Option<Diagnostic> {
    let d = it.disclosure;
    let (decided, published) = (d.decided.as_ref()?.date(), d.published.as_ref()?.date());
    let days = working_days_between(decided, published, &cx.config.check.holidays);
    (days > 5).then(|| {
        Diagnostic::warning(format!(
            "«{}» đăng ngày {}, sau {days} ngày làm việc kể từ ngày ban hành {} (chậm nhất 5 ngày \
             làm việc)",
            it.title,
            vietnamese(published),
            vietnamese(decided)
        ))
        .in_file(it.file)
        .at({
            // The publication date is `published`, or else the page's own `date`.
            let p = positions(cx, it);
            p.get("disclosure.published")
                .or_else(|| p.get("date"))
                .copied()
                .or_else(|| at(cx, it, "decided"))
        })
        .citing(D12_K3)
        .with_hint(
            "đăng thông tin chậm nhất 5 ngày làm việc sau ngày ban hành; ngày nghỉ lễ khai báo ở \
             [check] holidays trong config.toml",
        )
    })
}

/// Điều 13 khoản 2: posted at the office and every village for 30 consecutive days (1–3,
/// 5–12), or permanently (4, 13).
fn posting(cx: &Context<'_>, it: &Item<'_>) -> Vec<Diagnostic> {
    let d = it.disclosure;
    let c = d.category;
    let mut out = Vec::new();
    let villages = &cx.config.commune.villages;
    for p in &d.places {
        if let Place::Village(v) = p {
            if villages.is_empty() {
                out.push(
                    Diagnostic::warning(format!(
                        "nơi niêm yết «{v}»: config.toml chưa khai báo các thôn nên không kiểm \
                         tra được"
                    ))
                    .in_file(it.file)
                    .at(at(cx, it, "places"))
                    .citing(D13_K2)
                    .with_hint("ghi danh sách thôn: [commune] villages = [\"Phú Xuân\", …]"),
                );
            } else if !villages.iter().any(|x| x == v) {
                out.push(
                    Diagnostic::error(format!(
                        "nơi niêm yết «{v}» không phải «tru-so», «tat-ca-thon» hay một thôn đã \
                         khai báo"
                    ))
                    .in_file(it.file)
                    .at(at(cx, it, "places"))
                    .citing(D13_K2)
                    .with_hint(format!(
                        "ghi đúng tên thôn như trong [commune] villages: {}",
                        villages.join(", ")
                    )),
                );
            }
        }
    }
    if c.permanent() {
        if !d.permanent {
            out.push(
                Diagnostic::warning(format!(
                    "«{}» thuộc mục {} phải niêm yết thường xuyên tại trụ sở và cập nhật khi thay đổi",
                    it.title, c.number
                ))
                .in_file(it.file)
                .at(at(cx, it, "category"))
                .citing(D13_K2)
                .with_hint("ghi permanent = true và places = [\"tru-so\"]"),
            );
        }
        if !d.places.contains(&Place::Office) {
            out.push(
                Diagnostic::warning(format!("«{}»: chưa ghi niêm yết tại trụ sở", it.title))
                    .in_file(it.file)
                    .at(at(cx, it, "places"))
                    .citing(D13_K2)
                    .with_hint("ghi places = [\"tru-so\"]"),
            );
        }
        return out;
    }
    if !c.posted_30_days() {
        return out;
    }
    let (Some(from), false) = (d.posted_from.as_ref(), d.places.is_empty()) else {
        out.push(
            Diagnostic::warning(format!(
                "«{}»: chưa ghi ngày và nơi niêm yết (mục {} phải niêm yết ít nhất 30 ngày liên \
                 tục tại trụ sở và nhà văn hóa các thôn)",
                it.title, c.number
            ))
            .in_file(it.file)
            .at(at(cx, it, "category"))
            .citing(D13_K2)
            .with_hint(
                "ghi posted_from = ngày bắt đầu niêm yết, posted_until = ngày kết thúc và places \
                 = [\"tru-so\", \"tat-ca-thon\"]",
            ),
        );
        return out;
    };
    if let Some(until) = &d.posted_until {
        let days = days_inclusive(from.date(), until.date());
        if days < 30 {
            let msg = format!(
                "«{}» niêm yết {days} ngày ({} đến {}), chưa đủ 30 ngày liên tục",
                it.title,
                vietnamese(from.date()),
                vietnamese(until.date())
            );
            // A posting still running can be extended; one that is over can only be noted.
            let finding = if until.date() >= cx.today {
                Diagnostic::error(msg)
            } else {
                Diagnostic::warning(msg)
            };
            out.push(
                finding
                    .in_file(it.file)
                    .at(at(cx, it, "posted_until"))
                    .citing(D13_K2)
                    .with_hint(format!(
                        "niêm yết đến ít nhất ngày {}",
                        vietnamese(from.date() + chrono::Duration::days(29))
                    )),
            );
        }
    }
    let mut missing = Vec::new();
    if !d.places.contains(&Place::Office) {
        missing.push("trụ sở Ủy ban nhân dân xã".to_string());
    }
    if !d.places.contains(&Place::AllVillages) {
        if villages.is_empty() {
            if !d.places.iter().any(|p| matches!(p, Place::Village(_))) {
                missing.push("nhà văn hóa các thôn".to_string());
            }
        } else {
            for v in villages {
                if !d.places.contains(&Place::Village(v.clone())) {
                    missing.push(format!("thôn {v}"));
                }
            }
        }
    }
    if !missing.is_empty() {
        out.push(
            Diagnostic::warning(format!(
                "«{}» chưa niêm yết tại: {}",
                it.title,
                missing.join(", ")
            ))
            .in_file(it.file)
            .at(at(cx, it, "places"))
            .citing(D13_K2)
            .with_hint(
                "ghi places = [\"tru-so\", \"tat-ca-thon\"] nếu đã niêm yết ở tất cả các nơi",
            ),
        );
    }
    out
}

/// Điều 13 khoản 3: 7–12 are also read on the loudspeakers for at least 3 consecutive days;
/// checked where the days are recorded.
fn loudspeaker(it: &Item<'_>, cx: &Context<'_>) -> Option<Diagnostic> {
    let d = it.disclosure;
    if !d.category.loudspeaker() || d.loudspeaker.is_empty() {
        return None;
    }
    let days: Vec<_> = d
        .loudspeaker
        .iter()
        .map(crate::dates::DateValue::date)
        .collect();
    let run = longest_run(&days);
    (run < 3).then(|| {
        Diagnostic::warning(format!(
            "«{}» đọc trên loa truyền thanh {run} ngày liên tiếp, chưa đủ 3 ngày",
            it.title
        ))
        .in_file(it.file)
        .at(at(cx, it, "loudspeaker"))
        .citing(D13_K3)
        .with_hint("đọc trên loa ít nhất 3 ngày liên tiếp và ghi các ngày vào loudspeaker")
    })
}

/// Điều 13 khoản 2: every quarter, a list of what was made public, posted at the office and the
/// village cultural houses; the site makes it from the items, under the disclosure hub.
fn quarterly_list(cx: &Context<'_>, items: &[Item<'_>]) -> Option<Diagnostic> {
    match cx.config.disclosure.hub.as_deref() {
        Some(hub) if crate::render::disclosure_hub(cx.config, cx.lib).is_none() => Some(
            Diagnostic::error(format!(
                "trường `disclosure.hub`: không có mục \"{hub}\" trong content/"
            ))
            .in_file(crate::config::CONFIG_FILE)
            .at(cx.config.positions.get("disclosure.hub").copied())
            .citing(D13_K2)
            .with_hint("ghi đường dẫn tệp _index.md của mục công khai, ví dụ hub = \"cong-khai/_index.md\""),
        ),
        None if !items.is_empty() => Some(
            Diagnostic::warning(
                "chưa có trang công khai thông tin: danh mục thông tin đã công khai từng quý không \
                 được lập",
            )
            .in_file(crate::config::CONFIG_FILE)
            .citing(D13_K2)
            .with_hint(
                "tạo mục content/cong-khai/_index.md (template = \"disclosure.html\") và ghi vào \
                 config.toml: [disclosure] hub = \"cong-khai/_index.md\"",
            ),
        ),
        _ => None,
    }
}
