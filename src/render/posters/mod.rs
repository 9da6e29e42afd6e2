//! Printable posters (bản in niêm yết): A4 and A3 sheets with QR codes for the service centre
//! and the village cultural houses, and a page listing them.
//!
//! Posters are built from the same data as the site, so rebuilding after an edit updates them,
//! and their QR codes encode the same short addresses as the procedure pages. The build splits
//! each poster into sheets ([`layout`]); the templates (`posters/poster.html` with the bodies
//! in `posters/sheets.html`, and `posters/index.html`, built in, which a site or theme may
//! override) print the texts this module prepares, so what is measured is what is printed.
//!
//! | poster | path | paper |
//! |---|---|---|
//! | the list of posters | `ban-in/` | screen |
//! | a field's procedures | `ban-in/linh-vuc/<field>/a4/`, `…/a3/` | A4, A3 |
//! | one procedure | `ban-in/thu-tuc/<code>/` | A4 |
//! | the posting board: every field | `ban-in/bang-niem-yet/` | A3 |
//! | how to submit and pay online | `ban-in/nop-truc-tuyen/` | A4 |

pub mod layout;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value as Json;

use self::layout::{gap, line_height, text_height, Paper, Scale, A3, A4};
use super::pages::put_all;
use super::{text_file, RenderData};
use crate::content::library::Entry;
use crate::content::{Page, Section};
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, Output};
use crate::procedure::record::{DocGroup, Record, Status};
use crate::procedure::view;

/// A label and its text, printed "Label: text".
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// "Thời hạn".
    pub label: String,
    /// "3 ngày làm việc".
    pub value: String,
}

impl Line {
    fn new(label: &str, value: impl Into<String>) -> Self {
        Line {
            label: label.to_string(),
            value: value.into(),
        }
    }

    /// As printed, for measuring.
    fn text(&self) -> String {
        format!("{}: {}", self.label, self.value)
    }
}

/// A procedure in a field's list: its code and name, a few facts, its QR code.
#[derive(Debug, Clone, Serialize)]
struct Item {
    name: String,
    lines: Vec<Line>,
    qr_url: String,
}

/// A QR code with its caption: a cell of the posting board, a code on the online poster.
#[derive(Debug, Clone, Serialize)]
struct Cell {
    name: String,
    note: String,
    qr_url: String,
}

/// A block of a poster that flows from sheet to sheet.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Block {
    /// The large QR code with the facts beside it.
    Intro {
        qr_url: String,
        caption: String,
        facts: Vec<Line>,
    },
    /// A row of QR codes with captions.
    Codes { cells: Vec<Cell> },
    /// A heading.
    Heading { text: String },
    /// A document to bring (drawn with a box to tick).
    Document { text: String },
    /// A numbered step.
    Step { number: usize, text: String },
    /// Documents next to each other on a sheet, printed as one list.
    Documents { texts: Vec<String> },
    /// Steps next to each other on a sheet, printed as one numbered list.
    Steps { start: usize, texts: Vec<String> },
}

/// A sheet's blocks with runs of documents and of steps made into lists.
fn grouped(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        match (out.last_mut(), b) {
            (Some(Block::Documents { texts }), Block::Document { text }) => texts.push(text),
            (Some(Block::Steps { texts, .. }), Block::Step { text, .. }) => texts.push(text),
            (_, Block::Document { text }) => out.push(Block::Documents { texts: vec![text] }),
            (_, Block::Step { number, text }) => out.push(Block::Steps {
                start: number,
                texts: vec![text],
            }),
            (_, other) => out.push(other),
        }
    }
    out
}

/// One sheet of paper.
#[derive(Debug, Clone, Serialize, Default)]
struct Sheet {
    number: usize,
    items: Vec<Item>,
    cells: Vec<Cell>,
    blocks: Vec<Block>,
}

/// One poster, as its template sees it in `poster`.
#[derive(Debug, Clone, Serialize)]
struct Poster {
    /// "field", "procedure", "board", "online".
    kind: &'static str,
    title: String,
    subtitle: String,
    /// "A4", "A3".
    paper: &'static str,
    /// "a4", "a3": the class of the page, naming its `@page`.
    class: String,
    /// URL path of the poster page.
    path: String,
    permalink: String,
    /// The page the poster is about, to go back to.
    source_url: String,
    sheets: Vec<Sheet>,
    sheet_count: usize,
    /// Contact lines for the feedback (phản ánh, kiến nghị), on every sheet.
    contact: Vec<Line>,
    /// "In từ … ngày 30/11/2026": where and when the poster was printed from.
    printed: String,
    /// Procedures on the poster, for the list of posters.
    count: usize,
}

/// A group of procedures: a field's section and its procedures in force.
struct Field<'a> {
    section: &'a Section,
    slug: String,
    procedures: Vec<(&'a Page, &'a Record)>,
}

/// Everything every poster shares.
struct Common {
    /// Where citizens send feedback: address, phone, e-mail.
    contact: Vec<Line>,
    /// "In từ <host> ngày <date>".
    printed: String,
    /// "Ủy ban nhân dân Xã …, Tỉnh …".
    commune: String,
    /// The posters' URL path, without slashes at the ends.
    base: String,
}

/// The build date as Vietnam writes it, in Vietnam's time zone; `SOURCE_DATE_EPOCH` fixes it
/// for reproducible builds, as for `now()`.
fn build_date(config: &crate::config::Config) -> String {
    crate::disclosure::calendar::vietnamese(config.today)
}

/// The site's host, as people type it.
fn host(base_url: &str) -> String {
    base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .trim_end_matches('/')
        .to_string()
}

/// The contact, date and names every poster prints.
fn common(rd: &RenderData<'_>) -> Common {
    let c = &rd.config.commune;
    let mut contact = Vec::new();
    if let Some(a) = c.feedback_address.as_ref().or(c.address.as_ref()) {
        contact.push(Line::new("Phản ánh, kiến nghị gửi", a.clone()));
    }
    if let Some(h) = c.feedback_hotline.as_ref().or(c.hotline.as_ref()) {
        contact.push(Line::new("Điện thoại", h.clone()));
    }
    if let Some(e) = c.feedback_email.as_ref().or(c.email.as_ref()) {
        contact.push(Line::new("Thư điện tử", e.clone()));
    }
    Common {
        contact,
        printed: format!(
            "In từ {} ngày {}",
            host(&rd.config.base_url),
            build_date(rd.config)
        ),
        commune: match &c.province {
            Some(p) => format!("Ủy ban nhân dân {}, {p}", c.name),
            None => format!("Ủy ban nhân dân {}", c.name),
        },
        base: rd.config.posters.path.clone(),
    }
}

/// Heights of the parts every sheet of a poster has, and the room left for its body.
fn room(paper: Paper, title: &str, subtitle: &str, common: &Common, sheets_guess: usize) -> f64 {
    let s = layout::scale(paper);
    let w = paper.inner_width();
    let head = text_height(title, w, s.title, true)
        + text_height(subtitle, w, s.body, false)
        + gap::HEADER_PAD
        + gap::HEADER_RULE
        + gap::HEADER;
    let foot_size = layout::foot_size(s);
    let mut foot = gap::FOOTER + 0.3;
    for l in &common.contact {
        foot += text_height(&l.text(), w, foot_size, true);
    }
    let last = format!("{} · Tờ {sheets_guess}/{sheets_guess}", common.printed);
    foot += text_height(&last, w, foot_size, false);
    paper.inner_height() - head - foot - gap::RESERVE
}

/// Procedures in force with a page, grouped by the section they are in, in catalogue order.
fn fields<'a>(rd: &RenderData<'a>) -> Vec<Field<'a>> {
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

/// Sheets of `items` in `columns` columns, each row as tall as its tallest item, the footer's
/// sheet count found by [`fit`].
fn item_sheets(
    items: &[Item],
    paper: Paper,
    columns: usize,
    room: impl Fn(usize) -> f64,
) -> Vec<Sheet> {
    let s = layout::scale(paper);
    let col_w = (paper.inner_width() - gap::COLUMN * (columns as f64 - 1.0)) / columns as f64;
    let text_w = col_w - s.qr - gap::BESIDE;
    let rows: Vec<&[Item]> = items.chunks(columns).collect();
    let heights: Vec<f64> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|i| item_height(i, text_w, s))
                .fold(0.0, f64::max)
        })
        .collect();
    fit(|guess| layout::pack(&heights, |_| room(guess), &[]))
        .into_iter()
        .enumerate()
        .map(|(n, rows_of_sheet)| Sheet {
            number: n + 1,
            items: rows_of_sheet
                .into_iter()
                .flat_map(|r| rows[r].iter().cloned())
                .collect(),
            ..Sheet::default()
        })
        .collect()
}

/// Sheets of flowing `blocks`, as wide as the sheet, the footer's sheet count found by [`fit`].
fn block_sheets(blocks: &[Block], paper: Paper, room: impl Fn(usize) -> f64) -> Vec<Sheet> {
    let s = layout::scale(paper);
    let w = paper.inner_width();
    let heights: Vec<f64> = blocks.iter().map(|b| block_height(b, w, s)).collect();
    let keep: Vec<bool> = blocks
        .iter()
        .map(|b| matches!(b, Block::Heading { .. }))
        .collect();
    fit(|guess| layout::pack(&heights, |_| room(guess), &keep))
        .into_iter()
        .enumerate()
        .map(|(n, idx)| Sheet {
            number: n + 1,
            blocks: grouped(idx.into_iter().map(|i| blocks[i].clone()).collect()),
            ..Sheet::default()
        })
        .collect()
}

/// The height of a block `w` mm wide.
fn block_height(b: &Block, w: f64, s: Scale) -> f64 {
    match b {
        Block::Intro { caption, facts, .. } => {
            let left = s.qr_large + 1.5 + text_height(caption, s.qr_large, s.body, false);
            let right_w = w - s.qr_large - gap::BESIDE;
            let right: f64 = facts
                .iter()
                .map(|f| text_height(&f.text(), right_w, s.body, true) + gap::ENTRY)
                .sum();
            left.max(right) + gap::ENTRY
        }
        Block::Codes { cells } => {
            let n = cells.len().max(1) as f64;
            let cell_w = (w - gap::COLUMN * (n - 1.0)) / n;
            let captions = cells
                .iter()
                .map(|c| {
                    text_height(&c.name, cell_w, s.body, true)
                        + text_height(&c.note, cell_w, s.body, false)
                })
                .fold(0.0, f64::max);
            s.qr + 1.5 + captions + gap::ENTRY
        }
        Block::Heading { text } => {
            gap::HEADING_TOP + text_height(text, w, s.heading, true) + gap::HEADING_BOTTOM
        }
        Block::Document { text } => {
            text_height(text, w - gap::INDENT, s.body, false).max(line_height(s.body)) + gap::ENTRY
        }
        Block::Step { text, .. } => text_height(text, w - gap::INDENT, s.body, false) + gap::ENTRY,
        // Made only after packing.
        Block::Documents { .. } | Block::Steps { .. } => 0.0,
    }
}

/// A step, shortened for paper: its first sentence, at most about two lines on A4.
fn short(text: &str) -> String {
    const MAX: usize = 220;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The national database starts many steps with a bullet of its own.
    let flat = flat
        .trim_start_matches(['+', '-', '•', '*', ' '])
        .to_string();
    let first = flat
        .find(". ")
        .map_or(flat.as_str(), |i| &flat[..=i])
        .trim_end();
    if first.chars().count() <= MAX {
        return first.to_string();
    }
    let mut out = String::new();
    for word in first.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([',', ';', ':']).to_string() + "…"
}

/// "1 bản chính, 1 bản sao".
fn copies(originals: u32, copies: u32) -> String {
    let mut parts = Vec::new();
    if originals > 0 {
        parts.push(format!("{originals} bản chính"));
    }
    if copies > 0 {
        parts.push(format!("{copies} bản sao"));
    }
    parts.join(", ")
}

/// What a poster is, before its sheets are known.
struct Draft {
    kind: &'static str,
    paper: Paper,
    title: String,
    subtitle: String,
    /// URL path of the poster page.
    path: String,
    /// The page it is about.
    source_url: String,
    /// Procedures on it.
    count: usize,
}

impl Draft {
    /// The poster with its sheets.
    fn finish(self, rd: &RenderData<'_>, sheets: Vec<Sheet>, common: &Common) -> Poster {
        Poster {
            kind: self.kind,
            title: self.title,
            subtitle: self.subtitle,
            paper: self.paper.name,
            class: self.paper.class(),
            permalink: rd.config.make_permalink(&self.path),
            path: self.path,
            source_url: self.source_url,
            sheet_count: sheets.len(),
            sheets,
            contact: common.contact.clone(),
            printed: common.printed.clone(),
            count: self.count,
        }
    }
}

/// A field's poster on `paper`.
fn field_poster(rd: &RenderData<'_>, f: &Field<'_>, paper: Paper, common: &Common) -> Poster {
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

/// Packs with the footer's sheet count guessed, until the guess holds ("Tờ 10/10" may take
/// more room than "Tờ 1/1").
fn fit(pack: impl Fn(usize) -> Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let mut guess = 1;
    loop {
        let sheets = pack(guess);
        if sheets.len() <= guess || guess > 999 {
            return sheets;
        }
        guess = sheets.len();
    }
}

/// One procedure's A4 poster.
fn procedure_poster(rd: &RenderData<'_>, page: &Page, r: &Record, common: &Common) -> Poster {
    // Only what posters print: the labels citizens read, and where to submit online.
    let text = |k: &str| match k {
        "time_summary" => view::time_summary(r),
        "fee_summary" => view::fee_summary(r),
        _ => view::online_link(r).unwrap_or_default().to_string(),
    };
    let qr_url = page
        .qr_url
        .clone()
        .unwrap_or_else(|| page.permalink.clone());
    let mut facts = Vec::new();
    if !r.audience.is_empty() {
        facts.push(Line::new("Ai được làm", r.audience.join("; ")));
    }
    for (label, key) in [
        ("Thời hạn giải quyết", "time_summary"),
        ("Phí, lệ phí", "fee_summary"),
    ] {
        let v = text(key);
        if !v.is_empty() {
            facts.push(Line::new(label, v));
        }
    }
    if let Some(place) = r.submit_at.as_ref().or(r.agency.as_ref()) {
        facts.push(Line::new("Nơi nộp hồ sơ", place.clone()));
    }
    let online = text("online_link");
    if !online.is_empty() {
        facts.push(Line::new("Nộp trực tuyến", online));
    }
    if let Some(h) = &rd.config.commune.hotline {
        facts.push(Line::new("Đường dây nóng", h.clone()));
    }
    facts.push(Line::new("Xem đầy đủ tại", qr_url.clone()));
    let mut blocks = vec![Block::Intro {
        caption: "Quét mã bằng camera điện thoại để xem đầy đủ và nộp hồ sơ".into(),
        qr_url,
        facts,
    }];
    let documents: Vec<&crate::procedure::record::Document> = r
        .documents
        .iter()
        .filter(|d| matches!(d.group, DocGroup::Submit | DocGroup::Show))
        .collect();
    if !documents.is_empty() {
        blocks.push(Block::Heading {
            text: "Giấy tờ cần mang".into(),
        });
        for d in documents {
            let name = d.name.split_whitespace().collect::<Vec<_>>().join(" ");
            let n = copies(d.originals, d.copies);
            let shown = if d.group == DocGroup::Show {
                format!("{name} (xuất trình)")
            } else if n.is_empty() {
                name
            } else {
                format!("{name} ({n})")
            };
            blocks.push(Block::Document { text: shown });
        }
    }
    if !r.steps.is_empty() {
        blocks.push(Block::Heading {
            text: "Các bước".into(),
        });
        for (i, s) in r.steps.iter().enumerate() {
            blocks.push(Block::Step {
                number: i + 1,
                text: short(s),
            });
        }
    }
    let title = page.meta.title.clone().unwrap_or_else(|| r.name.clone());
    let subtitle = format!(
        "Mã thủ tục {} · Lĩnh vực {} · {}",
        r.code, r.field, common.commune
    );
    let sheets = block_sheets(&blocks, A4, |guess| {
        room(A4, &title, &subtitle, common, guess)
    });
    Draft {
        kind: "procedure",
        paper: A4,
        title,
        subtitle,
        path: format!("/{}/thu-tuc/{}/", common.base, r.code),
        source_url: page.permalink.clone(),
        count: 1,
    }
    .finish(rd, sheets, common)
}

/// The posting board: one QR code per field, on A3.
fn board_poster(rd: &RenderData<'_>, fields: &[Field<'_>], common: &Common) -> Poster {
    let paper = A3;
    let s = layout::scale(paper);
    let total: usize = fields.iter().map(|f| f.procedures.len()).sum();
    let mut cells: Vec<Cell> = Vec::new();
    // The catalogue the fields belong to, when there is one above them.
    let catalogue = fields
        .first()
        .and_then(|f| f.section.parent)
        .map(|i| &rd.lib.sections[i])
        .filter(|c| !c.components.is_empty());
    if let Some(c) = catalogue {
        cells.push(Cell {
            name: c
                .meta
                .title
                .clone()
                .unwrap_or_else(|| "Thủ tục hành chính".into()),
            note: format!("Toàn bộ danh mục: {total} thủ tục"),
            qr_url: c.permalink.clone(),
        });
    }
    for f in fields {
        cells.push(Cell {
            name: f.section.meta.title.clone().unwrap_or_default(),
            note: format!("{} thủ tục", f.procedures.len()),
            qr_url: f.section.permalink.clone(),
        });
    }
    let title = "Bảng niêm yết thủ tục hành chính".to_string();
    let subtitle = format!(
        "{} · {total} thủ tục · Quét mã QR của lĩnh vực cần làm để xem từng thủ tục",
        common.commune
    );
    const COLUMNS: usize = 3;
    let cell_w = (paper.inner_width() - gap::COLUMN * (COLUMNS as f64 - 1.0)) / COLUMNS as f64;
    let rows: Vec<&[Cell]> = cells.chunks(COLUMNS).collect();
    let heights: Vec<f64> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    layout::BOARD_QR
                        + 1.5
                        + text_height(&c.name, cell_w, s.heading, true)
                        + text_height(&c.note, cell_w, s.body, false)
                        + 2.0 * gap::ITEM_PAD
                        + gap::ITEM_RULE
                })
                .fold(0.0, f64::max)
        })
        .collect();
    let sheets = fit(|guess| {
        let room = room(paper, &title, &subtitle, common, guess);
        layout::pack(&heights, |_| room, &[])
    })
    .into_iter()
    .enumerate()
    .map(|(n, rs)| Sheet {
        number: n + 1,
        cells: rs
            .into_iter()
            .flat_map(|r| rows[r].iter().cloned())
            .collect(),
        ..Sheet::default()
    })
    .collect();
    Draft {
        kind: "board",
        paper,
        title,
        subtitle,
        path: format!("/{}/bang-niem-yet/", common.base),
        source_url: catalogue
            .map_or_else(|| rd.config.make_permalink("/"), |c| c.permalink.clone()),
        count: total,
    }
    .finish(rd, sheets, common)
}

/// The steps of a guide: its headings "Bước N: …", without that prefix.
fn guide_steps(page: &Page) -> Vec<String> {
    fn walk(hs: &[crate::markdown::Heading], out: &mut Vec<String>) {
        for h in hs {
            let t = h.title.trim();
            if let Some(rest) = t.strip_prefix("Bước ") {
                let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                let rest = rest.trim_start_matches([':', '.', ' ', '-', '–']).trim();
                if !rest.is_empty() {
                    out.push(rest.to_string());
                }
            }
            walk(&h.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&page.toc, &mut out);
    out
}

/// The page at a configured content path, or an error at `config.toml`'s key.
fn guide<'a>(rd: &'a RenderData<'_>, key: &str, path: &str) -> Result<&'a Page, Diagnostic> {
    let err = |why: String| {
        let line = rd.config.positions.get(&format!("posters.{key}")).copied();
        Diagnostic::error(format!("trường `posters.{key}`: {why}"))
            .in_file(crate::config::CONFIG_FILE)
            .at(line)
    };
    let page = match rd.lib.by_relative.get(path) {
        Some(Entry::Page(i)) => &rd.lib.pages[*i],
        _ => {
            return Err(err(format!("không có bài \"{path}\" trong content/"))
                .with_hint("ghi đường dẫn của bài trong thư mục content, ví dụ \"huong-dan/nop-ho-so-truc-tuyen.md\""))
        }
    };
    if guide_steps(page).is_empty() {
        return Err(err(format!("bài \"{path}\" không có đề mục nào bắt đầu bằng \"Bước\""))
            .with_hint("bản in lấy các bước từ đề mục của bài, ví dụ \"## Bước 1: Vào Cổng Dịch vụ công quốc gia\""));
    }
    Ok(page)
}

/// How to submit and pay online, with QR codes to the portal and the guides; `None` without a
/// configured guide.
fn online_poster(rd: &RenderData<'_>, common: &Common) -> Result<Option<Poster>, Diagnostic> {
    let posters = &rd.config.posters;
    let Some(guide_path) = &posters.online_guide else {
        return Ok(None);
    };
    let submit = guide(rd, "online_guide", guide_path)?;
    let pay = match &posters.payment_guide {
        Some(p) => Some(guide(rd, "payment_guide", p)?),
        None => None,
    };
    let portal = &rd.config.commune.national_portal_url;
    let mut cells = vec![Cell {
        name: "Cổng Dịch vụ công quốc gia".into(),
        note: host(portal),
        qr_url: portal.clone(),
    }];
    cells.push(Cell {
        name: "Hướng dẫn nộp hồ sơ".into(),
        note: "Đầy đủ từng bước, có hình".into(),
        qr_url: submit.permalink.clone(),
    });
    if let Some(p) = pay {
        cells.push(Cell {
            name: "Hướng dẫn trả phí".into(),
            note: "Thanh toán phí, lệ phí qua mạng".into(),
            qr_url: p.permalink.clone(),
        });
    }
    let mut blocks = vec![Block::Codes { cells }];
    let mut add = |heading: &str, steps: Vec<String>| {
        blocks.push(Block::Heading {
            text: heading.to_string(),
        });
        for (i, s) in steps.into_iter().enumerate() {
            blocks.push(Block::Step {
                number: i + 1,
                text: s,
            });
        }
    };
    add("Nộp hồ sơ trên Cổng Dịch vụ công", guide_steps(submit));
    if let Some(p) = pay {
        add("Trả phí, lệ phí qua mạng", guide_steps(p));
    }
    let title = "Nộp hồ sơ trực tuyến: làm ở nhà, không phải xếp hàng".to_string();
    let subtitle = format!(
        "{} · Cần tài khoản định danh điện tử VNeID mức 2 · Cần giúp, gọi {}",
        common.commune,
        rd.config
            .commune
            .hotline
            .as_deref()
            .unwrap_or("Ủy ban nhân dân xã")
    );
    let sheets = block_sheets(&blocks, A4, |guess| {
        room(A4, &title, &subtitle, common, guess)
    });
    Ok(Some(
        Draft {
            kind: "online",
            paper: A4,
            title,
            subtitle,
            path: format!("/{}/nop-truc-tuyen/", common.base),
            source_url: submit.permalink.clone(),
            count: 0,
        }
        .finish(rd, sheets, common),
    ))
}

/// A field's posters, for the list of posters.
struct FieldPosters {
    title: String,
    a4: Poster,
    a3: Poster,
    procedures: Vec<Poster>,
}

/// Renders every poster, the list of posters, and the poster stylesheet and script. Nothing when
/// the site has no procedures in force.
pub fn render_all(rd: &RenderData<'_>, out: &Output) -> Vec<Diagnostic> {
    let fields = fields(rd);
    let items = crate::content::collect::disclosures(rd.lib);
    if fields.is_empty() && items.is_empty() {
        return Vec::new();
    }
    let common = common(rd);
    let mut diags = Vec::new();
    let board = (!fields.is_empty()).then(|| board_poster(rd, &fields, &common));
    let online = if fields.is_empty() {
        None
    } else {
        match online_poster(rd, &common) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                None
            }
        }
    };
    let by_field: Vec<FieldPosters> = fields
        .par_iter()
        .map(|f| FieldPosters {
            title: f.section.meta.title.clone().unwrap_or_default(),
            a4: field_poster(rd, f, A4, &common),
            a3: field_poster(rd, f, A3, &common),
            procedures: f
                .procedures
                .iter()
                .map(|(p, r)| procedure_poster(rd, p, r, &common))
                .collect(),
        })
        .collect();
    let quarters: Vec<Poster> = crate::content::collect::by_quarter(&items)
        .into_iter()
        .rev()
        .map(|(q, list)| quarter_poster(rd, q, &list, &common))
        .collect();
    let all: Vec<&Poster> = board
        .iter()
        .chain(online.as_ref())
        .chain(&quarters)
        .chain(
            by_field
                .iter()
                .flat_map(|f| [&f.a4, &f.a3].into_iter().chain(&f.procedures)),
        )
        .collect();
    let rendered: Vec<Diagnostic> = all
        .par_iter()
        .filter_map(|p| render_poster(rd, p, out).err())
        .collect();
    diags.extend(rendered);
    let listing = Listing {
        board: board.as_ref(),
        online: online.as_ref(),
        quarters: &quarters,
        fields: &by_field,
    };
    if let Err(d) = render_index(rd, &listing, &common, out) {
        diags.push(d);
    }
    let assets = vec![
        text_file(
            format!("{}/poster.css", common.base),
            layout::css(),
            PRODUCER,
        ),
        text_file(
            format!("{}/print.js", common.base),
            include_str!("print.js").to_string(),
            PRODUCER,
        ),
    ];
    if let Err(d) = put_all(out, assets) {
        diags.push(d);
    }
    diags
}

/// The list of what was made public in quarter `q` (Luật 10/2022/QH15, Điều 13 khoản 2), on
/// A4 for the office and the village cultural houses, with a QR code to the list on the site.
fn quarter_poster(
    rd: &RenderData<'_>,
    q: crate::disclosure::Quarter,
    list: &[crate::content::collect::Item<'_>],
    common: &Common,
) -> Poster {
    let hub = super::disclosure_hub(rd.config, rd.lib).map(|i| &rd.lib.sections[i]);
    let page = hub.map(|h| {
        rd.config
            .make_permalink(&crate::content::collect::quarter_path(&h.path, q))
    });
    let mut blocks = Vec::new();
    if let Some(url) = &page {
        blocks.push(Block::Codes {
            cells: vec![Cell {
                name: "Xem trên trang web".into(),
                note: "Quét mã để xem từng nội dung đầy đủ".into(),
                qr_url: url.clone(),
            }],
        });
    }
    blocks.push(Block::Heading {
        text: format!("Thông tin đã công khai {}", q.label()),
    });
    for (i, it) in list.iter().enumerate() {
        let d = it.disclosure;
        blocks.push(Block::Step {
            number: i + 1,
            text: format!(
                "{} (mục {}: {}). {}.",
                it.title,
                d.category.number,
                d.category.title.to_lowercase(),
                crate::content::collect::forms(d)
            ),
        });
    }
    let title = format!("Danh mục thông tin đã công khai {}", q.label());
    let subtitle = format!(
        "{} · Lập theo khoản 2 Điều 13 Luật Thực hiện dân chủ ở cơ sở · {} nội dung",
        common.commune,
        list.len()
    );
    let sheets = block_sheets(&blocks, A4, |guess| {
        room(A4, &title, &subtitle, common, guess)
    });
    Draft {
        kind: "quarter",
        paper: A4,
        title,
        subtitle,
        path: format!("/{}/cong-khai/{}/", common.base, q.key()),
        source_url: page.unwrap_or_else(|| rd.config.make_permalink("/")),
        count: list.len(),
    }
    .finish(rd, sheets, common)
}

/// Every poster, for the list of posters.
struct Listing<'a> {
    board: Option<&'a Poster>,
    online: Option<&'a Poster>,
    quarters: &'a [Poster],
    fields: &'a [FieldPosters],
}

/// What produced the poster files, in collision messages.
const PRODUCER: &str = "(bản in có sẵn)";

fn render_poster(rd: &RenderData<'_>, p: &Poster, out: &Output) -> Result<(), Diagnostic> {
    let template = "posters/poster.html";
    let value = serde_json::to_value(p).unwrap_or(Json::Null);
    let ctx = rd.context(&p.path, vec![("poster", value)]);
    let html = rd
        .templates
        .render(template, &ctx, &format!("bản in {}", p.path))?;
    put_all(
        out,
        vec![text_file(file_for_url_path(&p.path), html, PRODUCER)],
    )
}

/// A poster as the list of posters shows it.
#[derive(Serialize)]
struct Listed<'a> {
    title: &'a str,
    paper: &'a str,
    sheets: usize,
    path: &'a str,
    count: usize,
}

impl<'a> From<&'a Poster> for Listed<'a> {
    fn from(p: &'a Poster) -> Self {
        Listed {
            title: &p.title,
            paper: p.paper,
            sheets: p.sheet_count,
            path: &p.path,
            count: p.count,
        }
    }
}

/// The page listing every poster (`posters/index.html`, with `posters`).
fn render_index(
    rd: &RenderData<'_>,
    listing: &Listing<'_>,
    common: &Common,
    out: &Output,
) -> Result<(), Diagnostic> {
    #[derive(Serialize)]
    struct FieldEntry<'a> {
        title: &'a str,
        count: usize,
        a4: Listed<'a>,
        a3: Listed<'a>,
        procedures: Vec<Listed<'a>>,
    }
    let value = serde_json::json!({
        "board": listing.board.map(Listed::from),
        "online": listing.online.map(Listed::from),
        "quarters": listing.quarters.iter().map(Listed::from).collect::<Vec<_>>(),
        "fields": listing
            .fields
            .iter()
            .map(|f| FieldEntry {
                title: &f.title,
                count: f.procedures.len(),
                a4: Listed::from(&f.a4),
                a3: Listed::from(&f.a3),
                procedures: f.procedures.iter().map(Listed::from).collect(),
            })
            .collect::<Vec<_>>(),
        "contact": common.contact,
        "printed": common.printed,
    });
    let path = format!("/{}/", common.base);
    let ctx = rd.context(&path, vec![("posters", value)]);
    let html = rd
        .templates
        .render("posters/index.html", &ctx, "danh sách bản in")?;
    put_all(
        out,
        vec![text_file(file_for_url_path(&path), html, PRODUCER)],
    )
}
