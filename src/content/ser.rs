//! Pages and sections as Tera sees them: the same fields, names and types as Zola's.
//!
//! Each page is turned into a JSON value once and shared, so that lists and pagers do not
//! re-serialise the same pages again and again.

use chrono::Datelike;
use serde_json::{json, Value as Json};

use super::{Library, Page, Section};

fn page_base(p: &Page, lang: &str) -> serde_json::Map<String, Json> {
    let date = p.meta.date.as_ref();
    let obj = json!({
        "relative_path": p.file.relative,
        "colocated_path": Json::Null,
        "content": p.content,
        "permalink": p.permalink,
        "slug": p.slug,
        "ancestors": p.ancestors,
        "title": p.meta.title,
        "description": p.meta.description,
        "updated": p.meta.updated,
        "date": p.meta.date,
        "year": date.map(|d| d.date().year()),
        "month": date.map(|d| d.date().month()),
        "day": date.map(|d| d.date().day()),
        "taxonomies": p.meta.taxonomies,
        "authors": p.meta.authors,
        "extra": p.meta.extra,
        "path": p.path,
        "components": p.components,
        "summary": p.summary,
        "toc": p.toc,
        "word_count": p.word_count,
        "reading_time": p.reading_time,
        "assets": Vec::<String>::new(),
        "draft": p.meta.draft,
        "lang": lang,
        "lower": Json::Null,
        "higher": Json::Null,
        "translations": Vec::<Json>::new(),
        "backlinks": Vec::<Json>::new(),
    });
    match obj {
        Json::Object(m) => m,
        _ => unreachable!("json! of an object literal"),
    }
}

/// Serialised pages: `basic` without neighbours (for lists), `full` with `lower`/`higher`.
pub struct PageValues {
    /// For lists, pagers and neighbours.
    pub basic: Vec<Json>,
    /// For the page's own template and `get_page`.
    pub full: Vec<Json>,
}

/// Serialises every page of the library.
pub fn pages(lib: &Library, lang: &str) -> PageValues {
    use rayon::prelude::*;
    let basic: Vec<Json> = lib
        .pages
        .par_iter()
        .map(|p| Json::Object(page_base(p, lang)))
        .collect();
    let full = lib
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut v = basic[i].clone();
            if let Json::Object(m) = &mut v {
                m.insert(
                    "lower".into(),
                    p.lower.map_or(Json::Null, |j| basic[j].clone()),
                );
                m.insert(
                    "higher".into(),
                    p.higher.map_or(Json::Null, |j| basic[j].clone()),
                );
            }
            v
        })
        .collect();
    PageValues { basic, full }
}

/// Serialises a section; `pages` is its page list (empty for pagers and metadata-only reads).
pub fn section(lib: &Library, s: &Section, lang: &str, pages: Vec<Json>) -> Json {
    json!({
        "relative_path": s.file.relative,
        "colocated_path": Json::Null,
        "content": s.content,
        "permalink": s.permalink,
        "draft": s.meta.draft,
        "ancestors": s.ancestors,
        "title": s.meta.title,
        "description": s.meta.description,
        "extra": s.meta.extra,
        "path": s.path,
        "components": s.components,
        "toc": s.toc,
        "word_count": s.word_count,
        "reading_time": s.reading_time,
        "lang": lang,
        "assets": Vec::<String>::new(),
        "pages": pages,
        "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
        "translations": Vec::<Json>::new(),
        "backlinks": Vec::<Json>::new(),
        "generate_feeds": s.meta.generate_feeds,
        "transparent": s.meta.transparent,
    })
}
