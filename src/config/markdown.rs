//! The `[markdown]` table and code highlighting, in Zola 0.22's form and the older keys.

use serde::Serialize;

use crate::input::table_reader::Fields;

const UNSUPPORTED_MARKDOWN: &[&str] = &[
    "highlight_themes_css",
    "extra_syntaxes_and_themes",
    "render_emoji",
    "bottom_footnotes",
    "lazy_async_image",
    "github_alerts",
    "definition_list",
];

/// Where heading anchor links go, as Zola's `insert_anchor_links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    /// No anchor links.
    #[default]
    None,
    /// Before the heading text.
    Left,
    /// After the heading text.
    Right,
    /// The whole heading is the link.
    Heading,
}

impl AnchorLinks {
    /// The accepted spellings.
    pub const NAMES: &'static [&'static str] = &["none", "left", "right", "heading"];

    /// From one of [`Self::NAMES`].
    pub fn from_name(s: &str) -> Self {
        match s {
            "left" => Self::Left,
            "right" => Self::Right,
            "heading" => Self::Heading,
            _ => Self::None,
        }
    }
}

/// The `[markdown]` table.
#[derive(Debug, Clone, Serialize)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// `target="_blank"` on links leaving the site.
    pub external_links_target_blank: bool,
    /// `rel="nofollow"` on links leaving the site.
    pub external_links_no_follow: bool,
    /// `rel="noreferrer"` on links leaving the site.
    pub external_links_no_referrer: bool,
    /// Default anchor links for headings, overridable per section.
    pub insert_anchor_links: AnchorLinks,
    /// Code highlighting, when on. Templates see it as Zola's `highlight_code` flag.
    #[serde(rename = "highlight_code", serialize_with = "serialize_is_some")]
    pub highlighting: Option<Highlighting>,
}

fn serialize_is_some<S: serde::Serializer>(
    h: &Option<Highlighting>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_bool(h.is_some())
}

/// Keys of `[markdown.highlighting]` that Zola 0.22 has and niemyet ignores, with a warning.
const UNSUPPORTED_HIGHLIGHTING: &[&str] = &[
    "light_theme",
    "dark_theme",
    "extra_grammars",
    "extra_themes",
    "error_on_missing_language",
    "data_attr_position",
];

/// How code blocks are coloured: `z-` classes with a stylesheet, or inline colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightStyle {
    /// Classes; the build writes `syntax.css` in the theme's colours.
    Class,
    /// `style=` attributes on every token.
    Inline,
}

/// Code highlighting: `[markdown.highlighting]` (Zola 0.22), or the older
/// `highlight_code`/`highlight_theme` keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlighting {
    /// A syntect theme name (see [`crate::highlight::theme_names`]).
    pub theme: String,
    /// Classes or inline styles.
    pub style: HighlightStyle,
}

impl Highlighting {
    /// The style to pass to [`crate::highlight::highlight`].
    pub fn style(&self) -> crate::highlight::Style<'_> {
        match self.style {
            HighlightStyle::Class => crate::highlight::Style::Classed,
            HighlightStyle::Inline => crate::highlight::Style::Inline(&self.theme),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            smart_punctuation: false,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            insert_anchor_links: AnchorLinks::None,
            highlighting: None,
        }
    }
}

pub(super) fn read_markdown(f: &mut Fields<'_, '_>) -> MarkdownConfig {
    let mut md = MarkdownConfig::default();
    if let Some(mut t) = f.table_fields("markdown") {
        md.smart_punctuation = t.boolean("smart_punctuation").unwrap_or(false);
        md.external_links_target_blank = t.boolean("external_links_target_blank").unwrap_or(false);
        md.external_links_no_follow = t.boolean("external_links_no_follow").unwrap_or(false);
        md.external_links_no_referrer = t.boolean("external_links_no_referrer").unwrap_or(false);
        if let Some(a) = t.one_of("insert_anchor_links", AnchorLinks::NAMES) {
            md.insert_anchor_links = AnchorLinks::from_name(&a);
        }
        let old = read_old_highlighting(&mut t);
        md.highlighting = match t.table_fields("highlighting") {
            Some(mut h) => {
                let name = h.string("theme");
                let theme = checked_theme(&mut h, "theme", name);
                let style = match h.one_of("style", &["class", "inline"]).as_deref() {
                    Some("inline") => HighlightStyle::Inline,
                    _ => HighlightStyle::Class,
                };
                t.absorb(h, UNSUPPORTED_HIGHLIGHTING);
                Some(Highlighting { theme, style })
            }
            None => old,
        };
        f.absorb(t, UNSUPPORTED_MARKDOWN);
    }
    md
}

/// Zola's keys before 0.22: `highlight_code = true` turns highlighting on, `highlight_theme`
/// names the theme (inline colours), or is `"css"` for classes and a stylesheet.
pub(super) fn read_old_highlighting(f: &mut Fields<'_, '_>) -> Option<Highlighting> {
    let on = f.boolean("highlight_code").unwrap_or(false);
    let highlighting = match f.string("highlight_theme") {
        Some(css) if css == "css" => Highlighting {
            theme: crate::highlight::DEFAULT_THEME.to_string(),
            style: HighlightStyle::Class,
        },
        name => Highlighting {
            theme: checked_theme(f, "highlight_theme", name),
            style: HighlightStyle::Inline,
        },
    };
    on.then_some(highlighting)
}

/// A highlighting theme name, checked: the default theme when absent (or wrong: then an error).
fn checked_theme(f: &mut Fields<'_, '_>, key: &'static str, name: Option<String>) -> String {
    let default = crate::highlight::DEFAULT_THEME.to_string();
    let Some(name) = name else {
        return default;
    };
    match crate::highlight::resolve_theme(&name) {
        Some(t) => t.to_string(),
        None => {
            f.error(
                key,
                format!("không có giao diện tô màu mã nguồn \"{name}\""),
                &format!(
                    "chọn một trong: {}",
                    crate::highlight::theme_names().join(", ")
                ),
            );
            default
        }
    }
}
