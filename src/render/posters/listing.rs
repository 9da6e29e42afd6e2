//! The page listing every poster, with its paper and number of sheets, to choose what to print.

use serde::Serialize;

use super::{Common, Poster, PRODUCER};
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, Output};
use crate::render::pages::put_all;
use crate::render::{text_file, RenderData};

/// A field's posters, for the list of posters.
pub(super) struct FieldPosters {
    pub(super) title: String,
    pub(super) a4: Poster,
    pub(super) a3: Poster,
    pub(super) procedures: Vec<Poster>,
}

/// Every poster, for the list of posters.
pub(super) struct Listing<'a> {
    pub(super) board: Option<&'a Poster>,
    pub(super) online: Option<&'a Poster>,
    pub(super) quarters: &'a [Poster],
    pub(super) fields: &'a [FieldPosters],
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
pub(super) fn render(
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
