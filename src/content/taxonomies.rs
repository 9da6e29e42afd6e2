//! Taxonomies: the terms pages are classified under (`taxonomies` in config and front matter).

use std::collections::BTreeMap;

use super::Library;
use crate::config::{Config, TaxonomyConfig};
use crate::vietnamese::collation_key;

/// One term of a taxonomy, e.g. "Đất đai" in `linh-vuc`.
#[derive(Debug, Clone)]
pub struct Term {
    /// The name as editors wrote it (the first spelling met).
    pub name: String,
    /// URL slug ("Đất đai" → "dat-dai").
    pub slug: String,
    /// URL path, e.g. "/linh-vuc/dat-dai/".
    pub path: String,
    /// Absolute URL.
    pub permalink: String,
    /// Pages with this term, newest first.
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its configuration.
    pub config: TaxonomyConfig,
    /// URL slug of the taxonomy.
    pub slug: String,
    /// URL path of the term list, e.g. "/linh-vuc/".
    pub path: String,
    /// Absolute URL of the term list.
    pub permalink: String,
    /// Terms, in alphabetical order.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term with this name or slug.
    pub fn term(&self, name: &str) -> Option<&Term> {
        let slug = slug::slugify(name);
        self.terms.iter().find(|t| t.name == name || t.slug == slug)
    }
}

/// Groups the library's pages by taxonomy term. Terms whose names give the same slug are one term.
pub fn build(lib: &Library, config: &Config) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|tc| {
            let slug = slug::slugify(&tc.name);
            let path = format!("/{slug}/");
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (pi, page) in lib.pages.iter().enumerate() {
                let Some(names) = page.meta.taxonomies.get(&tc.name) else {
                    continue;
                };
                for name in names {
                    let term_slug = slug::slugify(name);
                    if term_slug.is_empty() {
                        continue;
                    }
                    let term = terms.entry(term_slug.clone()).or_insert_with(|| {
                        let term_path = format!("{path}{term_slug}/");
                        Term {
                            name: name.clone(),
                            permalink: config.make_permalink(&term_path),
                            path: term_path,
                            slug: term_slug,
                            pages: Vec::new(),
                        }
                    });
                    if !term.pages.contains(&pi) {
                        term.pages.push(pi);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for t in &mut terms {
                t.pages.sort_by(|&a, &b| {
                    let (pa, pb) = (&lib.pages[a], &lib.pages[b]);
                    pb.meta
                        .date
                        .cmp(&pa.meta.date)
                        .then_with(|| pa.file.relative.cmp(&pb.file.relative))
                });
            }
            terms.sort_by_key(|t| collation_key(&t.name));
            Taxonomy {
                config: tc.clone(),
                permalink: config.make_permalink(&path),
                path,
                slug,
                terms,
            }
        })
        .collect()
}
