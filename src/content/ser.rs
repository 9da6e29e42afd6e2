//! Pages and sections as Tera sees them: the same fields, names and types as Zola's.
//!
//! Each page is turned into a JSON value once and shared (`Arc`) by every list, pager and
//! template function, so that nothing re-serialises or stores the same page twice. Values that
//! combine pages (a page with its neighbours, a section with its pages) are built when asked.

use std::collections::HashMap;

use chrono::Datelike;
use rayon::prelude::*;
use serde_json::{json, Value as Json};

use super::library::Entry;
use super::{Library, Page, Section};

fn page_value(p: &Page, lang: &str) -> Json {
    let date = p.meta.date.as_ref();
    json!({
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
    })
}

fn section_value(lib: &Library, s: &Section, lang: &str) -> Json {
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
        "pages": Vec::<Json>::new(),
        "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
        "translations": Vec::<Json>::new(),
        "backlinks": Vec::<Json>::new(),
        "generate_feeds": s.meta.generate_feeds,
        "transparent": s.meta.transparent,
    })
}

/// The whole site serialised once: what templates and template functions read.
pub struct SiteValues {
    /// Each page without neighbours, by library index.
    pub pages: Vec<Json>,
    /// Each section without its pages, by library index.
    pub sections: Vec<Json>,
    /// Each page's (lower, higher) neighbours.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Each section's pages, sorted.
    section_pages: Vec<Vec<usize>>,
    /// Content-relative path → page or section.
    by_relative: HashMap<String, Entry>,
}

impl SiteValues {
    /// Serialises every page and section of the library, in parallel.
    pub fn new(lib: &Library, lang: &str) -> Self {
        SiteValues {
            pages: lib.pages.par_iter().map(|p| page_value(p, lang)).collect(),
            sections: lib
                .sections
                .iter()
                .map(|s| section_value(lib, s, lang))
                .collect(),
            neighbours: lib.pages.iter().map(|p| (p.lower, p.higher)).collect(),
            section_pages: lib.sections.iter().map(|s| s.pages.clone()).collect(),
            by_relative: lib.by_relative.clone(),
        }
    }

    /// A page as its own template sees it: with `lower` and `higher` filled in.
    pub fn full_page(&self, i: usize) -> Json {
        let mut v = self.pages[i].clone();
        let (lower, higher) = self.neighbours[i];
        if let Json::Object(m) = &mut v {
            m.insert(
                "lower".into(),
                lower.map_or(Json::Null, |j| self.pages[j].clone()),
            );
            m.insert(
                "higher".into(),
                higher.map_or(Json::Null, |j| self.pages[j].clone()),
            );
        }
        v
    }

    /// A section with its pages, as section templates and `get_section` see it.
    pub fn full_section(&self, i: usize) -> Json {
        let mut v = self.sections[i].clone();
        if let Json::Object(m) = &mut v {
            let pages = self.section_pages[i]
                .iter()
                .map(|&p| self.pages[p].clone())
                .collect();
            m.insert("pages".into(), Json::Array(pages));
        }
        v
    }

    /// Looks a content file up by its content-relative path.
    pub fn entry(&self, relative: &str) -> Option<Entry> {
        self.by_relative.get(relative).copied()
    }
}
