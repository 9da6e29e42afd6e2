//! Printable posters (bản in niêm yết): A4 and A3 sheets with QR codes for the service centre
//! and the village cultural houses, and a page listing them.
//!
//! Posters are built from the same data as the site, so rebuilding after an edit updates them,
//! and their QR codes encode the same short addresses as the procedure pages. The build splits
//! each poster into sheets ([`layout`] measures, `sheets.rs` packs); the templates
//! (`posters/poster.html` with the bodies in `posters/sheets.html`, and `posters/index.html`,
//! built in, which a site or theme may override) print the texts this module prepares, so what
//! is measured is what is printed.
//!
//! | poster | path | paper | made in |
//! |---|---|---|---|
//! | the list of posters | `ban-in/` | screen | `listing.rs` |
//! | a field's procedures | `ban-in/linh-vuc/<field>/a4/`, `…/a3/` | A4, A3 | `field.rs` |
//! | one procedure | `ban-in/thu-tuc/<code>/` | A4 | `procedure.rs` |
//! | the posting board: every field | `ban-in/bang-niem-yet/` | A3 | `board.rs` |
//! | how to submit and pay online | `ban-in/nop-truc-tuyen/` | A4 | `online.rs` |
//! | what was made public in a quarter | `ban-in/cong-khai/<quarter>/` | A4 | `disclosure.rs` |

mod board;
mod disclosure;
mod field;
pub mod layout;
mod listing;
mod online;
mod procedure;
mod sheets;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value as Json;

use self::layout::{Paper, A3, A4};
use self::listing::{FieldPosters, Listing};
use self::sheets::Sheet;
use super::pages::put_all;
use super::{text_file, RenderData};
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, Output};

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

/// One poster, as its template sees it in `poster`.
#[derive(Debug, Clone, Serialize)]
struct Poster {
    /// "field", "procedure", "board", "online", "quarter".
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

/// What produced the poster files, in collision messages.
const PRODUCER: &str = "(bản in có sẵn)";

/// Renders every poster, the list of posters, and the poster stylesheet and script. Nothing when
/// the site has no procedures in force.
pub fn render_all(rd: &RenderData<'_>, out: &Output) -> Vec<Diagnostic> {
    let fields = field::fields(rd);
    let items = crate::content::collect::disclosures(rd.lib);
    if fields.is_empty() && items.is_empty() {
        return Vec::new();
    }
    let common = common(rd);
    let mut diags = Vec::new();
    let board = (!fields.is_empty()).then(|| board::poster(rd, &fields, &common));
    let online = if fields.is_empty() {
        None
    } else {
        match online::poster(rd, &common) {
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
            a4: field::poster(rd, f, A4, &common),
            a3: field::poster(rd, f, A3, &common),
            procedures: f
                .procedures
                .iter()
                .map(|(p, r)| procedure::poster(rd, p, r, &common))
                .collect(),
        })
        .collect();
    let quarters: Vec<Poster> = crate::content::collect::by_quarter(&items)
        .into_iter()
        .rev()
        .map(|(q, list)| disclosure::poster(rd, q, &list, &common))
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
    if let Err(d) = listing::render(rd, &listing, &common, out) {
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

/// One poster's page, from `posters/poster.html` with the poster in `poster`.
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
