//! A field's posters (A4 and A3): every procedure in force of a field, each with its facts and
//! the QR code of its page, in one or two columns.

use serde::Serialize;

use super::layout::{self, gap, text_height, Paper, Scale, A3};
use super::sheets::{in_rows, room, Sheet};
use super::{Common, Draft, Line, Poster};
use crate::content::{Page, Section};
use crate::procedure::record::{Record, Status};
use crate::procedure::view;
use crate::render::RenderData;

/// A group of procedures: a field's section and its procedures in force.
pub(super) struct Field<'a> {
    pub(super) section: &'a Section,
    pub(super) slug: String,
    pub(super) procedures: Vec<(&'a Page, &'a Record)>,
}

/// A procedure in a field's list: its code and name, a few facts, its QR code.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Item {
    name: String,
    lines: Vec<Line>,
    qr_url: String,
}

/// Procedures in force with a page, grouped by the section they are in, in catalogue order.
pub(super) fn fields<'a>(rd: &RenderData<'a>) -> Vec<Field<'a>> {
    let lib = rd.lib;
    let mut out: Vec<Field<'_>> = Vec::new();
    for section in &lib.sections {
        let procedures: Vec<(&Page, &Record)> = section
            .pages
            .iter()
            .map(|&i| &lib.pages[i])
            .filter_map(|p| Some((p, p.meta.procedure.as_deref()?)))
            .filter(|(_, r)| r.status == Status::InForce)
            .collect();
        if procedures.is_empty() {
            continue;
        }
        let slug = section
            .components
            .last()
            .cloned()
            .unwrap_or_else(|| "thu-tuc".to_string());
        out.push(Field {
            section,
            slug,
            procedures,
        });
    }
    out.sort_by(|a, b| {
        (&a.section.ancestors, a.section.meta.weight, &a.section.path).cmp(&(
            &b.section.ancestors,
            b.section.meta.weight,
            &b.section.path,
        ))
    });
    out
}

/// A procedure's facts as a list shows them.
fn item(page: &Page, r: &Record, with_online: bool) -> Item {
    // Only what posters print: the labels citizens read, and where to submit online.
    let text = |k: &str| match k {
        "time_summary" => view::time_summary(r),
        "fee_summary" => view::fee_summary(r),
        _ => view::online_link(r).unwrap_or_default().to_string(),
    };
    let mut lines = vec![Line::new("Mã thủ tục", r.code.clone())];
    for (label, key) in [("Thời hạn", "time_summary"), ("Phí, lệ phí", "fee_summary")] {
        let v = text(key);
        if !v.is_empty() {
            lines.push(Line::new(label, v));
        }
    }
    if with_online {
        let online = match r.online {
            Some(o) if o != crate::procedure::record::OnlineLevel::None => {
                Some(o.label().to_lowercase())
            }
            _ if !text("online_link").is_empty() => Some("có".to_string()),
            _ => None,
        };
        if let Some(o) = online {
            lines.push(Line::new("Nộp trực tuyến", o));
        }
    }
    Item {
        name: page.meta.title.clone().unwrap_or_else(|| r.name.clone()),
        lines,
        qr_url: page
            .qr_url
            .clone()
            .unwrap_or_else(|| page.permalink.clone()),
    }
}

/// The height of an item in a list, its text `text_w` mm wide.
fn item_height(item: &Item, text_w: f64, s: Scale) -> f64 {
    let mut h = text_height(&item.name, text_w, s.heading, true);
    for l in &item.lines {
        h += text_height(&l.text(), text_w, s.body, true);
    }
    h.max(s.qr) + 2.0 * gap::ITEM_PAD + gap::ITEM_RULE
}

/// Sheets of `items` in `columns` columns, the QR code of each beside its text.
fn item_sheets(
    items: &[Item],
    paper: Paper,
    columns: usize,
    room: impl Fn(usize) -> f64,
) -> Vec<Sheet> {
    let s = layout::scale(paper);
    let height = |i: &Item, col_w: f64| item_height(i, col_w - s.qr - gap::BESIDE, s);
    in_rows(items, paper, columns, height, room, |items| Sheet {
        items,
        ..Sheet::default()
    })
}

/// A field's poster on `paper`.
pub(super) fn poster(rd: &RenderData<'_>, f: &Field<'_>, paper: Paper, common: &Common) -> Poster {
    let title = f
        .section
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "Thủ tục hành chính".into());
    let title = format!("Thủ tục hành chính: {title}");
    let subtitle = format!(
        "{} · {} thủ tục · Quét mã QR để xem giấy tờ, các bước và nộp trực tuyến",
        common.commune,
        f.procedures.len()
    );
    let items: Vec<Item> = f.procedures.iter().map(|(p, r)| item(p, r, true)).collect();
    let columns = if paper == A3 { 2 } else { 1 };
    let sheets = item_sheets(&items, paper, columns, |guess| {
        room(paper, &title, &subtitle, common, guess)
    });
    Draft {
        kind: "field",
        paper,
        title,
        subtitle,
        path: format!("/{}/linh-vuc/{}/{}/", common.base, f.slug, paper.class()),
        source_url: f.section.permalink.clone(),
        count: f.procedures.len(),
    }
    .finish(rd, sheets, common)
}
