//! Pages and sections as Tera sees them: the same fields, names and types as Zola's.
//!
//! Each page is turned once into the JSON value lists hold, with only the fields templates read
//! from listed pages (`templates::usage`), and shared by every list, pager and template
//! function. A whole page (content, table of contents…) is built only when a template renders
//! or asks for that page, and moved into its context rather than copied. Values that combine
//! pages (a page with its neighbours, a section with its pages) are built when asked.

use std::sync::Arc;

use chrono::Datelike;
use rayon::prelude::*;
use serde_json::{json, Value as Json};

use crate::content::library::Entry;
use crate::content::taxonomies::{Taxonomy, Term};
use crate::content::{Library, Page, Section};
use crate::templates::deps;
use crate::templates::usage::{ListFields, Usage};

/// Page `p` with the fields `keep` asks for, and of its procedure the keys `procedure` asks
/// for. Built field by field, so that a listed page costs only what lists show.
fn page_value(p: &Page, lang: &str, keep: &ListFields, procedure: &ListFields) -> Json {
    let mut m = serde_json::Map::new();
    macro_rules! put {
        ($($key:literal => $value:expr),* $(,)?) => {$(
            if keep.keeps($key) {
                m.insert($key.to_string(), serde_json::to_value($value).unwrap_or(Json::Null));
            }
        )*};
    }
    let date = p.meta.date.as_ref();
    put! {
        "relative_path" => &p.file.relative,
        "colocated_path" => p.bundle_dir().map(|d| format!("{d}/")),
        "content" => &p.content,
        "permalink" => &p.permalink,
        "slug" => &p.slug,
        "ancestors" => &p.ancestors,
        "title" => &p.meta.title,
        "description" => &p.meta.description,
        "updated" => &p.meta.updated,
        "date" => &p.meta.date,
        "year" => date.map(|d| d.date().year()),
        "month" => date.map(|d| d.date().month()),
        "day" => date.map(|d| d.date().day()),
        "taxonomies" => &p.meta.taxonomies,
        "authors" => &p.meta.authors,
        "extra" => &p.meta.extra,
        "path" => &p.path,
        "components" => &p.components,
        "summary" => &p.summary,
        "toc" => &p.toc,
        "word_count" => p.word_count,
        "reading_time" => p.reading_time,
        "assets" => p.asset_urls(),
        "draft" => p.meta.draft,
        "lang" => lang,
        "lower" => Json::Null,
        "higher" => Json::Null,
        "translations" => Vec::<Json>::new(),
        "backlinks" => Vec::<Json>::new(),
    }
    if keep.keeps(crate::procedure::keys::TABLE) {
        let value = p.meta.procedure.as_ref().map(|r| {
            crate::procedure::view::for_templates(r, &p.permalink, p.qr_url.as_deref(), |form| {
                if form.contains("://") {
                    return Some(form.to_string());
                }
                let local = p.assets.iter().any(|a| a.relative == form);
                local.then(|| format!("{}{form}", p.permalink))
            })
        });
        let value = match (value, procedure) {
            (Some(Json::Object(mut all)), ListFields::Only(keys)) => {
                all.retain(|k, _| keys.contains(k));
                Json::Object(all)
            }
            (v, _) => v.unwrap_or(Json::Null),
        };
        m.insert(crate::procedure::keys::TABLE.into(), value);
    }
    if keep.keeps("document") {
        let value = p.meta.document.as_deref().map(|d| {
            crate::document::view::for_templates(d, p.document_files.as_deref(), &p.permalink)
        });
        m.insert("document".into(), value.unwrap_or(Json::Null));
    }
    if keep.keeps("disclosure") {
        let value = p
            .meta
            .disclosure
            .as_deref()
            .map(crate::disclosure::view::for_templates);
        m.insert("disclosure".into(), value.unwrap_or(Json::Null));
    }
    Json::Object(m)
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
        "assets": crate::content::page::asset_urls(&s.path, &s.assets),
        "pages": Vec::<Json>::new(),
        "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
        "translations": Vec::<Json>::new(),
        "backlinks": Vec::<Json>::new(),
        "generate_feeds": s.meta.generate_feeds,
        "transparent": s.meta.transparent,
        "disclosure": s.meta.disclosure.as_deref().map(crate::disclosure::view::for_templates),
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
    /// The content the values come from; whole pages are built from it when asked.
    lib: Arc<Library>,
    /// Language of every page.
    lang: String,
    /// Fields a whole page keeps: those some template reads from anything.
    whole: ListFields,
    /// Each page as lists hold it, by library index.
    listed: Vec<Json>,
    /// Each section without its pages, by library index.
    pub sections: Vec<Json>,
    /// Each section as template functions return it, when that holds fewer fields.
    listed_sections: Option<Vec<Json>>,
}

impl SiteValues {
    /// Serialises every listed page, section and taxonomy of the site, pages in parallel.
    /// Whole pages are built when a template asks for one, from `lib`.
    /// With `earlier` (a build of the same pages with the same templates), pages it does not
    /// mark as edited are copied from it rather than serialised again.
    pub fn new(
        lib: Arc<Library>,
        taxonomies: &[Taxonomy],
        lang: &str,
        usage: &Usage,
        earlier: Option<(&SiteValues, &[bool])>,
    ) -> Self {
        let list = &usage.listed;
        let listed: Vec<Json> = lib
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| match earlier {
                Some((values, edited)) if !edited[i] => values.listed[i].clone(),
                _ => page_value(p, lang, list, &usage.procedure),
            })
            .collect();
        let sections: Vec<Json> = lib
            .sections
            .iter()
            .map(|s| section_value(&lib, s, lang))
            .collect();
        let listed_sections = match list {
            ListFields::All => None,
            ListFields::Only(_) => Some(sections.iter().map(|v| slim(v, list)).collect()),
        };
        SiteValues {
            listed,
            sections,
            listed_sections,
            lang: lang.to_string(),
            whole: usage.anywhere.clone(),
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
            lib,
        }
    }

    /// Page `i` as lists (pagers, `section.pages`, terms, neighbours) hold it.
    pub fn listed(&self, i: usize) -> &Json {
        deps::note(|r| r.listed.push(i));
        &self.listed[i]
    }

    /// Page `i` with every field some template reads, without neighbours (as feeds list
    /// pages).
    pub fn whole_page(&self, i: usize) -> Json {
        deps::note(|r| r.whole.push(i));
        page_value(
            &self.lib.pages[i],
            &self.lang,
            &self.whole,
            &ListFields::All,
        )
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
        deps::note(|r| r.section_pages.push(i));
        Json::Array(
            self.lib.sections[i]
                .pages
                .iter()
                .map(|&p| self.listed(p).clone())
                .collect(),
        )
    }

    /// A page as its own template sees it: with `lower` and `higher` filled in.
    pub fn full_page(&self, i: usize) -> Json {
        let mut v = self.whole_page(i);
        deps::note(|r| r.neighbours.push(i));
        let (lower, higher) = (self.lib.pages[i].lower, self.lib.pages[i].higher);
        if let Json::Object(m) = &mut v {
            for (key, neighbour) in [("lower", lower), ("higher", higher)] {
                if self.whole.keeps(key) {
                    let value = neighbour.map_or(Json::Null, |j| self.listed(j).clone());
                    m.insert(key.into(), value);
                }
            }
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

    /// Whether every taxonomy, its terms and their pages are the same in `other`.
    pub fn same_taxonomies(&self, other: &SiteValues) -> bool {
        self.taxonomies.len() == other.taxonomies.len()
            && self.taxonomies.iter().zip(&other.taxonomies).all(|(a, b)| {
                a.name == b.name
                    && a.config == b.config
                    && a.permalink == b.permalink
                    && a.terms == b.terms
                    && a.term_pages == b.term_pages
            })
    }

    /// Whether page `i` is listed the same in `other` (without noting a read).
    pub fn same_listed(&self, other: &SiteValues, i: usize) -> bool {
        self.listed.get(i) == other.listed.get(i)
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
        self.lib.by_relative.get(relative).copied()
    }
}
