//! Pages and sections as Tera sees them: the same fields, names and types as Zola's.
//!
//! Each page is turned into a JSON value once and shared (`Arc`) by every list, pager and
//! template function, so that nothing re-serialises or stores the same page twice. Values that
//! combine pages (a page with its neighbours, a section with its pages) are built when asked.
//! Pages in lists carry only the fields templates read from listed pages
//! (`templates::usage`).

use std::collections::HashMap;

use chrono::Datelike;
use rayon::prelude::*;
use serde_json::{json, Value as Json};

use super::library::Entry;
use super::taxonomies::{Taxonomy, Term};
use super::{Library, Page, Section};
use crate::templates::usage::ListFields;

fn page_value(p: &Page, lang: &str) -> Json {
    let date = p.meta.date.as_ref();
    json!({
        "relative_path": p.file.relative,
        "colocated_path": p.bundle_dir().map(|d| format!("{d}/")),
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
        "assets": p.asset_urls(),
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
        "assets": super::page::asset_urls(&s.path, &s.assets),
        "pages": Vec::<Json>::new(),
        "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
        "translations": Vec::<Json>::new(),
        "backlinks": Vec::<Json>::new(),
        "generate_feeds": s.meta.generate_feeds,
        "transparent": s.meta.transparent,
    })
}

fn term_value(t: &Term) -> Json {
    json!({
        "name": t.name,
        "slug": t.slug,
        "path": t.path,
        "permalink": t.permalink,
        "pages": Vec::<Json>::new(),
        "page_count": t.pages.len(),
    })
}

/// `value` with only the fields lists keep.
fn slim(value: &Json, list: &ListFields) -> Json {
    match value {
        Json::Object(m) => Json::Object(
            m.iter()
                .filter(|(k, _)| list.keeps(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A taxonomy serialised: its config, its terms (without pages) and where their pages are.
pub struct TaxonomyValues {
    /// Taxonomy name, as in config.
    pub name: String,
    /// `TaxonomyConfig` as templates see it.
    pub config: Json,
    /// Absolute URL of the term list.
    pub permalink: String,
    /// Terms without their pages.
    pub terms: Vec<Json>,
    /// Each term's pages.
    term_pages: Vec<Vec<usize>>,
    /// Term name and slug, for lookups.
    term_keys: Vec<(String, String)>,
}

/// The whole site serialised once: what templates and template functions read.
pub struct SiteValues {
    /// Taxonomies, in config order.
    pub taxonomies: Vec<TaxonomyValues>,
    /// Each page without neighbours, by library index.
    pub pages: Vec<Json>,
    /// Each page as lists hold it, when lists hold fewer fields than `pages`.
    listed: Option<Vec<Json>>,
    /// Each section without its pages, by library index.
    pub sections: Vec<Json>,
    /// Each section as template functions return it, when that holds fewer fields.
    listed_sections: Option<Vec<Json>>,
    /// Each page's (lower, higher) neighbours.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Each section's pages, sorted.
    section_pages: Vec<Vec<usize>>,
    /// Content-relative path → page or section.
    by_relative: HashMap<String, Entry>,
}

impl SiteValues {
    /// Serialises every page, section and taxonomy of the site, pages in parallel.
    pub fn new(lib: &Library, taxonomies: &[Taxonomy], lang: &str, list: &ListFields) -> Self {
        let pages: Vec<Json> = lib.pages.par_iter().map(|p| page_value(p, lang)).collect();
        let sections: Vec<Json> = lib
            .sections
            .iter()
            .map(|s| section_value(lib, s, lang))
            .collect();
        let slim_all = |values: &[Json]| match list {
            ListFields::All => None,
            ListFields::Only(_) => Some(values.par_iter().map(|v| slim(v, list)).collect()),
        };
        let listed = slim_all(&pages);
        let listed_sections = slim_all(&sections);
        SiteValues {
            pages,
            listed,
            sections,
            listed_sections,
            taxonomies: taxonomies
                .iter()
                .map(|t| TaxonomyValues {
                    name: t.config.name.clone(),
                    config: serde_json::to_value(&t.config).unwrap_or(Json::Null),
                    permalink: t.permalink.clone(),
                    terms: t.terms.iter().map(term_value).collect(),
                    term_pages: t.terms.iter().map(|x| x.pages.clone()).collect(),
                    term_keys: t
                        .terms
                        .iter()
                        .map(|x| (x.name.clone(), x.slug.clone()))
                        .collect(),
                })
                .collect(),
            neighbours: lib.pages.iter().map(|p| (p.lower, p.higher)).collect(),
            section_pages: lib.sections.iter().map(|s| s.pages.clone()).collect(),
            by_relative: lib.by_relative.clone(),
        }
    }

    /// Page `i` as lists (pagers, `section.pages`, terms, neighbours) hold it.
    pub fn listed(&self, i: usize) -> &Json {
        match &self.listed {
            Some(l) => &l[i],
            None => &self.pages[i],
        }
    }

    /// Section `i` as `get_section` returns it: with its (listed) pages unless `metadata_only`.
    pub fn listed_section(&self, i: usize, metadata_only: bool) -> Json {
        let Some(listed) = &self.listed_sections else {
            return if metadata_only {
                self.sections[i].clone()
            } else {
                self.full_section(i)
            };
        };
        let mut v = listed[i].clone();
        if let (Json::Object(m), false) = (&mut v, metadata_only) {
            if m.contains_key("pages") {
                m.insert("pages".into(), self.section_page_list(i));
            }
        }
        v
    }

    fn section_page_list(&self, i: usize) -> Json {
        Json::Array(
            self.section_pages[i]
                .iter()
                .map(|&p| self.listed(p).clone())
                .collect(),
        )
    }

    /// A page as its own template sees it: with `lower` and `higher` filled in.
    pub fn full_page(&self, i: usize) -> Json {
        let mut v = self.pages[i].clone();
        let (lower, higher) = self.neighbours[i];
        if let Json::Object(m) = &mut v {
            m.insert(
                "lower".into(),
                lower.map_or(Json::Null, |j| self.listed(j).clone()),
            );
            m.insert(
                "higher".into(),
                higher.map_or(Json::Null, |j| self.listed(j).clone()),
            );
        }
        v
    }

    /// A section with its pages, as section templates and `get_section` see it.
    pub fn full_section(&self, i: usize) -> Json {
        let mut v = self.sections[i].clone();
        if let Json::Object(m) = &mut v {
            m.insert("pages".into(), self.section_page_list(i));
        }
        v
    }

    /// A term with its pages (`full`) or without.
    pub fn term(&self, taxonomy: usize, term: usize, with_pages: bool) -> Json {
        let t = &self.taxonomies[taxonomy];
        let mut v = t.terms[term].clone();
        if with_pages {
            if let Json::Object(m) = &mut v {
                let pages = t.term_pages[term]
                    .iter()
                    .map(|&p| self.listed(p).clone())
                    .collect();
                m.insert("pages".into(), Json::Array(pages));
            }
        }
        v
    }

    /// The pages of a term, as shared values.
    pub fn term_pages(&self, taxonomy: usize, term: usize) -> impl Iterator<Item = &Json> {
        self.taxonomies[taxonomy].term_pages[term]
            .iter()
            .map(|&p| self.listed(p))
    }

    /// Finds a taxonomy by name.
    pub fn taxonomy_index(&self, name: &str) -> Option<usize> {
        self.taxonomies.iter().position(|t| t.name == name)
    }

    /// Finds a term by name or slug.
    pub fn term_index(&self, taxonomy: usize, name: &str) -> Option<usize> {
        let slug = slug::slugify(name);
        self.taxonomies[taxonomy]
            .term_keys
            .iter()
            .position(|(n, s)| n == name || *s == slug)
    }

    /// Looks a content file up by its content-relative path.
    pub fn entry(&self, relative: &str) -> Option<Entry> {
        self.by_relative.get(relative).copied()
    }
}
