//! A page: one markdown file that is not `_index.md`.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::{common_fields, parse_text, read_text, Asset, FileInfo};
use crate::dates::{self, DateValue};
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::KeyPositions;
use crate::markdown::Heading;
use crate::procedure::record::Record;

/// Zola page keys that are accepted but do nothing yet.
const UNSUPPORTED: &[&str] = &[];

/// A page's front matter.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// Title.
    pub title: Option<String>,
    /// Short description for lists and metadata.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<DateValue>,
    /// Date of the last update.
    pub updated: Option<DateValue>,
    /// Order when the section sorts by weight.
    pub weight: Option<i64>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Replaces the file name in the URL.
    pub slug: Option<String>,
    /// Replaces the whole URL path.
    pub path: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Template to render with instead of the section's `page_template` or `page.html`.
    pub template: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Taxonomy terms by taxonomy name.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Whether search should index the page.
    pub in_search_index: bool,
    /// Free-form data for templates.
    pub extra: Json,
    /// The procedure this page publishes (`[procedure]`), if it is a procedure page.
    pub procedure: Option<Box<Record>>,
    /// What it makes public under Luật 10/2022/QH15 (`[disclosure]`), if anything.
    pub disclosure: Option<Box<crate::disclosure::Disclosure>>,
    /// The document this page publishes (`[document]`), if it is a document's page.
    pub document: Option<Box<crate::document::Document>>,
    /// Which page about the commune this is, of those Nghị định 224/2026 Điều 9 khoản 1
    /// điểm c requires (`commune_info = "ban-do-dia-gioi"`).
    pub commune_info: Option<String>,
}

/// A page, from loading to rendering.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where it came from.
    pub file: FileInfo,
    /// Its front matter.
    pub meta: PageMeta,
    /// The markdown body.
    pub raw_content: String,
    /// The line on which the body starts.
    pub body_line: usize,
    /// Where each front matter key stands, for messages from later stages.
    pub positions: KeyPositions,
    /// Files published beside it.
    pub assets: Vec<Asset>,
    /// URL slug.
    pub slug: String,
    /// URL path, starting and ending with `/`.
    pub path: String,
    /// `path` split on `/`, without empty parts.
    pub components: Vec<String>,
    /// Absolute URL.
    pub permalink: String,
    /// Index of the parent section in the library, if any.
    pub parent: Option<usize>,
    /// Relative paths of the sections above, from the root down.
    pub ancestors: Vec<String>,
    /// Earlier/lighter sibling, by index.
    pub lower: Option<usize>,
    /// Later/heavier sibling, by index.
    pub higher: Option<usize>,
    /// Rendered HTML.
    pub content: String,
    /// Rendered HTML before `<!-- more -->`.
    pub summary: Option<String>,
    /// Table of contents.
    pub toc: Vec<Heading>,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// For a procedure page: the short, stable URL its QR codes encode.
    pub qr_url: Option<String>,
    /// For a document's page: what its files hold.
    pub document_files: Option<Box<crate::document::Loaded>>,
}

impl Page {
    /// For `dir/index.md`, the content-relative folder whose files travel with the page.
    pub fn bundle_dir(&self) -> Option<String> {
        (self.file.relative.ends_with("/index.md") || self.file.relative == "index.md")
            .then(|| self.file.dir.clone())
            .filter(|d| !d.is_empty())
    }

    /// URL paths (without leading `/`) of its assets, as `page.assets` shows them.
    pub fn asset_urls(&self) -> Vec<String> {
        asset_urls(&self.path, &self.assets)
    }

    /// Reads and parses a page file; returns every problem found in it.
    pub fn parse(file: FileInfo) -> (Option<Page>, Vec<Diagnostic>) {
        match read_text(&file) {
            Ok(text) => Self::from_text(file, &text),
            Err(d) => (None, vec![d]),
        }
    }

    /// Parses the text of a file already read; never panics, whatever the text.
    pub fn from_text(file: FileInfo, text: &str) -> (Option<Page>, Vec<Diagnostic>) {
        let parsed = match parse_text(&file, text) {
            Ok(p) => p,
            Err(d) => return (None, d),
        };
        let positions = parsed.doc.key_positions();
        let mut f = parsed.doc.reader(parsed.table);
        let (title, description, draft) = common_fields(&mut f);
        let procedure =
            crate::procedure::read::read(&mut f, title.as_deref(), description.as_deref());
        let mut meta = PageMeta {
            title,
            description,
            draft,
            date: f.date("date"),
            updated: f.date("updated"),
            weight: f.integer("weight"),
            slug: f.string("slug"),
            path: f.string("path"),
            aliases: f.string_list("aliases").unwrap_or_default(),
            template: f.string("template"),
            authors: f.string_list("authors").unwrap_or_default(),
            taxonomies: f.string_list_map("taxonomies").unwrap_or_default(),
            in_search_index: f.boolean("in_search_index").unwrap_or(true),
            extra: f
                .json_table("extra")
                .unwrap_or(Json::Object(Default::default())),
            procedure,
            disclosure: None,
            document: None,
            commune_info: f.one_of("commune_info", &crate::disclosure::commune_info::KIND_NAMES),
        };
        meta.disclosure = crate::disclosure::read::read(&mut f, None).map(Box::new);
        meta.document = crate::document::read::read(&mut f, meta.date.as_ref());
        // A document no longer in force is no longer what the commune discloses.
        if let (Some(doc), Some(d)) = (&meta.document, meta.disclosure.as_mut()) {
            if doc.status != crate::document::Status::InForce {
                d.superseded = true;
            }
        }
        // A document is dated the day it was issued, unless the page says otherwise.
        if let (None, Some(d)) = (&meta.date, &meta.document) {
            meta.date = Some(d.issued.clone());
        }
        let diags = f.finish(UNSUPPORTED);
        let mut name = file.name.clone();
        if let Some((date, rest)) = dates::from_file_stem(&file.name) {
            if meta.date.is_none() {
                meta.date = Some(date);
            }
            name = rest.to_string();
        }
        // Published on the website the day the page is dated, unless it says otherwise.
        if let Some(d) = meta.disclosure.as_mut() {
            if d.published.is_none() {
                d.published = meta.date.clone();
            }
        }
        let slug = meta.slug.clone().unwrap_or(name);
        let page = Page {
            meta,
            raw_content: parsed.body.to_string(),
            body_line: parsed.body_line,
            positions,
            assets: Vec::new(),
            slug,
            path: String::new(),
            components: Vec::new(),
            permalink: String::new(),
            parent: None,
            ancestors: Vec::new(),
            lower: None,
            higher: None,
            content: String::new(),
            summary: None,
            toc: Vec::new(),
            word_count: 0,
            reading_time: 0,
            qr_url: None,
            document_files: None,
            file,
        };
        let ok = !diags.iter().any(Diagnostic::is_error);
        (ok.then_some(page), diags)
    }
}

/// Where assets land: beside the page's output (its folder, or the folder of a `.html` path).
pub fn asset_urls(path: &str, assets: &[Asset]) -> Vec<String> {
    let base = if path.ends_with('/') {
        path.trim_start_matches('/').to_string()
    } else {
        path.trim_start_matches('/')
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"))
    };
    assets
        .iter()
        .map(|a| format!("{base}{}", a.relative))
        .collect()
}
