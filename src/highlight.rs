//! Code block highlighting with syntect, as Zola does it: CSS classes prefixed `z-` (the
//! stylesheet comes from [`css_for_theme`]) or inline styles of one theme.
//!
//! Syntaxes and themes are syntect's bundled defaults, loaded once on first use.

use std::sync::OnceLock;

use pulldown_cmark_escape::escape_html;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{
    append_highlighted_html_for_styled_line, css_for_theme_with_class_style, ClassStyle,
    ClassedHTMLGenerator, IncludeBackground,
};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The theme used when the configuration names none.
pub const DEFAULT_THEME: &str = "base16-ocean.dark";

/// The stylesheet for [`Style::Classed`] output, written at the root of the built site.
pub const STYLESHEET: &str = "syntax.css";

/// The class prefix, as Zola's: `z-keyword`, `z-string`, ….
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// Language names that mean "no highlighting" without being worth a warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext"];

/// How highlighted code is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style<'a> {
    /// `z-` classes; colours come from a stylesheet (see [`css_for_theme`]).
    Classed,
    /// Inline `style=` attributes with colours of the named theme.
    Inline(&'a str),
}

/// The result of highlighting one code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    /// `<pre …><code …>…</code></pre>`.
    pub html: String,
    /// The language asked for when no syntax knows it; the code is then shown plain.
    pub unknown_language: Option<String>,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Names of the available themes, sorted.
pub fn theme_names() -> Vec<&'static str> {
    // BTreeMap keys: already sorted.
    themes().themes.keys().map(String::as_str).collect()
}

/// True when `name` is an available theme.
pub fn has_theme(name: &str) -> bool {
    themes().themes.contains_key(name)
}

/// Zola's spellings of the themes syntect also bundles.
const ZOLA_NAMES: &[(&str, &str)] = &[
    ("base16-ocean-dark", "base16-ocean.dark"),
    ("base16-ocean-light", "base16-ocean.light"),
    ("base16-eighties-dark", "base16-eighties.dark"),
    ("base16-mocha-dark", "base16-mocha.dark"),
    ("inspired-github", "InspiredGitHub"),
    ("solarized-dark", "Solarized (dark)"),
    ("solarized-light", "Solarized (light)"),
];

/// The available theme called `name`, also accepting Zola's spelling of it.
pub fn resolve_theme(name: &str) -> Option<&'static str> {
    if let Some((k, _)) = themes().themes.get_key_value(name) {
        return Some(k.as_str());
    }
    ZOLA_NAMES
        .iter()
        .find(|(zola, _)| zola.eq_ignore_ascii_case(name))
        .map(|(_, ours)| *ours)
}

/// The stylesheet for [`Style::Classed`] output in the colours of `theme`, if it exists.
pub fn css_for_theme(theme: &str) -> Option<String> {
    let theme = themes().themes.get(theme)?;
    css_for_theme_with_class_style(theme, CLASS_STYLE).ok()
}

fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Writing to a String cannot fail.
    let _ = escape_html(&mut out, s);
    out
}

fn css_color(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// The opening `<pre><code>` pair, as Zola writes it.
fn open_tags(lang: Option<&str>, style: Style<'_>, theme: Option<&Theme>) -> String {
    let mut pre = String::from("<pre");
    let mut code = String::from("<code");
    if let Some(l) = lang {
        let l = escaped(l);
        pre.push_str(&format!(" data-lang=\"{l}\""));
        code.push_str(&format!(" class=\"language-{l}\" data-lang=\"{l}\""));
    }
    if let (Style::Inline(_), Some(t)) = (style, theme) {
        let mut css = String::new();
        if let Some(bg) = t.settings.background {
            css.push_str(&format!("background-color:{};", css_color(bg)));
        }
        if let Some(fg) = t.settings.foreground {
            css.push_str(&format!("color:{};", css_color(fg)));
        }
        if !css.is_empty() {
            pre.push_str(&format!(" style=\"{css}\""));
        }
    }
    let class = match (style, lang) {
        (Style::Classed, Some(l)) => Some(format!("language-{} z-code", escaped(l))),
        (Style::Classed, None) => Some("z-code".to_string()),
        (Style::Inline(_), Some(l)) => Some(format!("language-{}", escaped(l))),
        (Style::Inline(_), None) => None,
    };
    if let Some(c) = class {
        pre.push_str(&format!(" class=\"{c}\""));
    }
    format!("{pre}>{code}>")
}

fn classed(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

fn inline(code: &str, syntax: &SyntaxReference, theme: &Theme) -> Option<String> {
    let mut h = syntect::easy::HighlightLines::new(syntax, theme);
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let mut out = String::with_capacity(code.len() * 4);
    for line in LinesWithEndings::from(code) {
        let regions = h.highlight_line(line, syntaxes()).ok()?;
        append_highlighted_html_for_styled_line(
            &regions,
            IncludeBackground::IfDifferent(bg),
            &mut out,
        )
        .ok()?;
    }
    Some(out)
}

/// Highlights one code block. `lang` is the fence's language (`rust`, `rs`, `toml`…); without
/// one, or with one no syntax knows, the code is escaped and shown plain in the same wrapper.
pub fn highlight(code: &str, lang: Option<&str>, style: Style<'_>) -> Highlighted {
    let lang = lang.map(str::trim).filter(|l| !l.is_empty());
    let theme = match style {
        Style::Inline(name) => themes()
            .themes
            .get(name)
            .or_else(|| themes().themes.get(DEFAULT_THEME)),
        Style::Classed => None,
    };
    let is_plain = lang.is_none_or(|l| PLAIN.contains(&l.to_ascii_lowercase().as_str()));
    let syntax = if is_plain {
        None
    } else {
        lang.and_then(|l| syntaxes().find_syntax_by_token(l))
    };
    let body = syntax.and_then(|s| match (style, theme) {
        (Style::Classed, _) => classed(code, s),
        (Style::Inline(_), Some(t)) => inline(code, s, t),
        (Style::Inline(_), None) => None,
    });
    let unknown_language = match (is_plain, syntax) {
        (false, None) => lang.map(str::to_string),
        _ => None,
    };
    let body = body.unwrap_or_else(|| escaped(code));
    let mut html = open_tags(lang, style, theme);
    html.push_str(&body);
    html.push_str("</code></pre>\n");
    Highlighted {
        html,
        unknown_language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classed_rust_uses_prefixed_classes() {
        let h = highlight("fn main() {}\n", Some("rs"), Style::Classed);
        assert!(h.unknown_language.is_none());
        assert!(
            h.html.starts_with(
                "<pre data-lang=\"rs\" class=\"language-rs z-code\">\
                 <code class=\"language-rs\" data-lang=\"rs\">"
            ),
            "{}",
            h.html
        );
        // syntect's Rust grammar scopes `fn` as storage.type.function, `if` as keyword.control.
        assert!(h
            .html
            .contains("<span class=\"z-storage z-type z-function z-rust\">fn</span>"));
        assert!(h.html.ends_with("</code></pre>\n"));
        assert!(!h.html.contains("style="));
        let h = highlight("fn main() { if true {} }", Some("rust"), Style::Classed);
        assert!(h.html.contains("z-keyword z-control"), "{}", h.html);
    }

    #[test]
    fn inline_uses_theme_colours() {
        let h = highlight(
            "fn main() {}\n",
            Some("rust"),
            Style::Inline("InspiredGitHub"),
        );
        assert!(h.html.contains("<span style=\"color:#"), "{}", h.html);
        assert!(h
            .html
            .starts_with("<pre data-lang=\"rust\" style=\"background-color:#"));
        assert!(!h.html.contains("z-"));
    }

    #[test]
    fn unknown_or_missing_language_is_plain_and_escaped() {
        let h = highlight("a < b && c\n", Some("khong-co"), Style::Classed);
        assert_eq!(h.unknown_language.as_deref(), Some("khong-co"));
        assert!(
            h.html.contains(">a &lt; b &amp;&amp; c\n</code></pre>"),
            "{}",
            h.html
        );
        assert!(h.html.contains("class=\"language-khong-co z-code\""));

        let h = highlight("<x>", None, Style::Classed);
        assert!(h.unknown_language.is_none());
        assert_eq!(
            h.html,
            "<pre class=\"z-code\"><code>&lt;x&gt;</code></pre>\n"
        );

        let h = highlight("x", Some("text"), Style::Inline(DEFAULT_THEME));
        assert!(h.unknown_language.is_none());
        assert!(h
            .html
            .contains("><code class=\"language-text\" data-lang=\"text\">x</code>"));

        let h = highlight("x", Some("\"><script>"), Style::Classed);
        assert!(!h.html.contains("<script>"), "{}", h.html);
    }

    #[test]
    fn css_and_theme_names() {
        let css = css_for_theme(DEFAULT_THEME).unwrap();
        assert!(css.contains(".z-code"), "{css}");
        assert!(css.contains(".z-keyword"), "{css}");
        assert!(css_for_theme("khong-co").is_none());
        assert!(theme_names().contains(&DEFAULT_THEME));
        assert!(has_theme("InspiredGitHub"));
        assert_eq!(resolve_theme("base16-ocean-dark"), Some(DEFAULT_THEME));
        assert_eq!(
            resolve_theme("Solarized (light)"),
            Some("Solarized (light)")
        );
        assert!(resolve_theme("dracula").is_none());
        for (_, ours) in ZOLA_NAMES {
            assert!(has_theme(ours), "{ours}");
        }
    }
}
