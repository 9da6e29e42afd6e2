//! A section: a folder of content described by its `_index.md`.

use serde_json::Value as Json;

use super::{common_fields, parse_text, read_text, Asset, FileInfo};
use crate::config::AnchorLinks;
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::KeyPositions;
use crate::markdown::Heading;

/// Zola section keys that are accepted but do nothing yet.
const UNSUPPORTED: &[&str] = &["in_search_index"];

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Newest first; pages without a date last.
    Date,
    /// Most recently updated (or published) first.
    UpdateDate,
    /// By title, alphabetically.
    Title,
    /// By weight, lightest first.
    Weight,
    /// By slug, alphabetically.
    Slug,
    /// By file path (Zola leaves the order unspecified; a fixed one keeps builds deterministic).
    #[default]
    None,
}

impl SortBy {
    const NAMES: &'static [&'static str] = &[
        "date",
        "update_date",
        "title",
        "title_bytes",
        "weight",
        "slug",
        "none",
    ];

    fn from_name(s: &str) -> Self {
        match s {
            "date" => Self::Date,
            "update_date" => Self::UpdateDate,
            "title" | "title_bytes" => Self::Title,
            "weight" => Self::Weight,
            "slug" => Self::Slug,
            _ => Self::None,
        }
    }
}

/// A section's front matter.
#[derive(Debug, Clone, Default)]
pub struct SectionMeta {
    /// Title.
    pub title: Option<String>,
    /// Short description.
    pub description: Option<String>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Page order.
    pub sort_by: SortBy,
    /// Order among sibling sections.
    pub weight: i64,
    /// Template for the section page (default `section.html`, `index.html` for the root).
    pub template: Option<String>,
    /// Template for its pages.
    pub page_template: Option<String>,
    /// Pages per pager; none means no pagination.
    pub paginate_by: Option<usize>,
    /// URL segment of pagers.
    pub paginate_path: String,
    /// Newest-last pagination.
    pub paginate_reversed: bool,
    /// Heading anchors for its pages.
    pub insert_anchor_links: Option<AnchorLinks>,
    /// Whether to write the section's own page.
    pub render: bool,
    /// Whether its pages also belong to the parent section.
    pub transparent: bool,
    /// Redirect the section's URL elsewhere.
    pub redirect_to: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// Whether to write a feed for the section.
    pub generate_feeds: bool,
    /// Free-form data for templates.
    pub extra: Json,
    /// What it makes public under Luật 10/2022/QH15 (`[disclosure]`): a collection such as
    /// the catalogue of procedures.
    pub disclosure: Option<Box<crate::disclosure::Disclosure>>,
}

/// A section, from loading to rendering.
#[derive(Debug, Clone)]
pub struct Section {
    /// Where it came from.
    pub file: FileInfo,
    /// Its front matter.
    pub meta: SectionMeta,
    /// The markdown body.
    pub raw_content: String,
    /// The line on which the body starts.
    pub body_line: usize,
    /// Where each front matter key stands, for messages from later stages.
    pub positions: KeyPositions,
    /// Files published beside it.
    pub assets: Vec<Asset>,
    /// URL path, starting and ending with `/`.
    pub path: String,
    /// `path` split on `/`.
    pub components: Vec<String>,
    /// Absolute URL.
    pub permalink: String,
    /// Parent section index.
    pub parent: Option<usize>,
    /// Relative paths of the sections above, from the root down.
    pub ancestors: Vec<String>,
    /// Its pages (indexes into the library), sorted.
    pub pages: Vec<usize>,
    /// Child sections (indexes), sorted by weight.
    pub subsections: Vec<usize>,
    /// Rendered HTML.
    pub content: String,
    /// Table of contents.
    pub toc: Vec<Heading>,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
}

impl Section {
    /// Reads and parses an `_index.md`; returns every problem found in it.
    pub fn parse(file: FileInfo) -> (Option<Section>, Vec<Diagnostic>) {
        match read_text(&file) {
            Ok(text) => Self::from_text(file, &text),
            Err(d) => (None, vec![d]),
        }
    }

    /// Parses the text of a file already read; never panics, whatever the text.
    pub fn from_text(file: FileInfo, text: &str) -> (Option<Section>, Vec<Diagnostic>) {
        let parsed = match parse_text(&file, text) {
            Ok(p) => p,
            Err(d) => return (None, d),
        };
        let positions = parsed.doc.key_positions();
        let mut f = parsed.doc.reader(parsed.table);
        let (title, description, draft) = common_fields(&mut f);
        let meta = SectionMeta {
            title,
            description,
            draft,
            sort_by: f
                .one_of("sort_by", SortBy::NAMES)
                .map_or(SortBy::None, |s| SortBy::from_name(&s)),
            weight: f.integer("weight").unwrap_or(0),
            template: f.string("template"),
            page_template: f.string("page_template"),
            paginate_by: f.unsigned("paginate_by").filter(|n| *n > 0),
            paginate_path: f.string("paginate_path").unwrap_or_else(|| "page".into()),
            paginate_reversed: f.boolean("paginate_reversed").unwrap_or(false),
            insert_anchor_links: f
                .one_of("insert_anchor_links", AnchorLinks::NAMES)
                .map(|s| AnchorLinks::from_name(&s)),
            render: f.boolean("render").unwrap_or(true),
            transparent: f.boolean("transparent").unwrap_or(false),
            redirect_to: f.string("redirect_to"),
            aliases: f.string_list("aliases").unwrap_or_default(),
            generate_feeds: f.boolean("generate_feeds").unwrap_or(false),
            extra: f
                .json_table("extra")
                .unwrap_or(Json::Object(Default::default())),
            disclosure: None,
        };
        let mut meta = meta;
        meta.disclosure = crate::disclosure::read::read(&mut f, None).map(Box::new);
        if meta.paginate_path.is_empty() || meta.paginate_path.contains(['/', '\\', '.']) {
            f.error(
                "paginate_path",
                format!(
                    "\"{}\" không dùng được làm một đoạn đường dẫn",
                    meta.paginate_path
                ),
                "viết một từ không dấu, không có / hay dấu chấm, ví dụ: paginate_path = \"trang\"",
            );
        }
        let diags = f.finish(UNSUPPORTED);
        let section = Section {
            meta,
            raw_content: parsed.body.to_string(),
            body_line: parsed.body_line,
            positions,
            assets: Vec::new(),
            path: String::new(),
            components: Vec::new(),
            permalink: String::new(),
            parent: None,
            ancestors: Vec::new(),
            pages: Vec::new(),
            subsections: Vec::new(),
            content: String::new(),
            toc: Vec::new(),
            word_count: 0,
            reading_time: 0,
            file,
        };
        let ok = !diags.iter().any(Diagnostic::is_error);
        (ok.then_some(section), diags)
    }
}
