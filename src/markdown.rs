//! Markdown to HTML with pulldown-cmark: heading ids and anchors, table of contents, summary,
//! and attributes on links that leave the site.

use std::collections::HashMap;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::config::{AnchorLinks, MarkdownConfig};

/// The marker that ends a page's summary.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

/// A table-of-contents entry, as Zola's `Heading`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u32,
    /// The anchor id.
    pub id: String,
    /// Absolute URL of the anchor.
    pub permalink: String,
    /// Plain text of the heading.
    pub title: String,
    /// Headings nested below this one.
    pub children: Vec<Heading>,
}

/// What rendering a markdown body gives.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The full HTML.
    pub html: String,
    /// The HTML before the summary marker, if there is one.
    pub summary: Option<String>,
    /// Nested headings.
    pub toc: Vec<Heading>,
    /// Words of text.
    pub word_count: usize,
    /// Links to other content (`@/…`).
    pub internal_links: Vec<InternalLink>,
    /// Languages of code blocks that no syntax highlighter knows (shown plain), for warnings.
    pub unknown_languages: Vec<String>,
    /// Code fence annotations after the language (`linenos`, `hl_lines=2`…), not supported
    /// yet: the fence's info string, for warnings.
    pub code_annotations: Vec<String>,
}

/// Everything rendering needs besides the text.
pub struct RenderContext<'a> {
    /// The `[markdown]` settings.
    pub config: &'a MarkdownConfig,
    /// The site's base URL, to tell internal links from external ones.
    pub base_url: &'a str,
    /// The page's own URL, for heading permalinks.
    pub permalink: &'a str,
    /// Where anchor links go.
    pub anchors: AnchorLinks,
    /// Renders the anchor link of a heading (the `anchor-link.html` template).
    pub anchor_html: &'a (dyn Fn(&str, u32) -> Result<String, String> + Sync),
    /// Turns `@/path.md` into a URL; `None` when links to content are not resolved here.
    pub resolve_link: Option<LinkResolver<'a>>,
}

/// Maps a content-relative path ("tin-tuc/a.md") to its URL, if it exists.
pub type LinkResolver<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// A `@/…` link met while rendering, for checks that need the whole site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The link as written, e.g. "@/tin-tuc/a.md#lich".
    pub raw: String,
    /// Content-relative target, e.g. "tin-tuc/a.md".
    pub target: String,
    /// The anchor, if any.
    pub anchor: Option<String>,
    /// Whether the target exists.
    pub found: bool,
}

fn options(config: &MarkdownConfig) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if config.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

fn level_num(l: HeadingLevel) -> u32 {
    l as u32
}

/// Where a table is in its cells, to write column alignment as a class: pulldown-cmark writes
/// `style="text-align: right"`, which a strict Content-Security-Policy (`style-src 'self'`)
/// refuses, so right-aligned numbers would lose their alignment and log an error per cell.
#[derive(Default)]
struct TableCells {
    aligns: Vec<Alignment>,
    cell: usize,
    in_head: bool,
}

impl TableCells {
    /// The opening of the next cell: `<td class="align-right">`, or the plain event.
    fn open_cell(&mut self) -> Event<'static> {
        let align = self
            .aligns
            .get(self.cell)
            .copied()
            .unwrap_or(Alignment::None);
        self.cell += 1;
        let class = match align {
            Alignment::None => return Event::Start(Tag::TableCell),
            Alignment::Left => "align-left",
            Alignment::Center => "align-center",
            Alignment::Right => "align-right",
        };
        let tag = if self.in_head { "th" } else { "td" };
        Event::Html(format!("<{tag} class=\"{class}\">").into())
    }
}

/// Renders `text`; the error is a message for the editor (from the anchor template).
pub fn render(text: &str, ctx: &RenderContext<'_>) -> Result<Rendered, String> {
    let events: Vec<Event<'_>> = Parser::new_ext(text, options(ctx.config)).collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut flat: Vec<(u32, String, String)> = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut word_count = 0;
    let mut summary_at = None;
    let mut internal_links = Vec::new();
    let mut i = 0;
    let mut unknown_languages = Vec::new();
    let mut code_annotations = Vec::new();
    let mut table = TableCells::default();
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Table(aligns)) => {
                table = TableCells {
                    aligns: aligns.clone(),
                    ..TableCells::default()
                };
                out.push(Event::Start(Tag::Table(vec![
                    Alignment::None;
                    aligns.len()
                ])));
            }
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                table.cell = 0;
                out.push(events[i].clone());
            }
            Event::End(TagEnd::TableHead) => {
                table.in_head = false;
                out.push(events[i].clone());
            }
            Event::Start(Tag::TableRow) => {
                table.cell = 0;
                out.push(events[i].clone());
            }
            Event::Start(Tag::TableCell) => {
                out.push(table.open_cell());
            }
            Event::Start(Tag::CodeBlock(kind)) if ctx.config.highlighting.is_some() => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::CodeBlock)))
                    .map_or(events.len(), |p| i + p);
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                word_count += count_words(&code);
                // "rust,linenos" or "rust hl_lines=2": the language comes first.
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        let mut parts = info.split([',', ' ', '\t']).filter(|p| !p.is_empty());
                        let lang = parts.next();
                        if parts.next().is_some() {
                            code_annotations.push(info.to_string());
                        }
                        lang
                    }
                    CodeBlockKind::Indented => None,
                };
                let style = ctx.config.highlighting.as_ref().map(|h| h.style());
                let h = crate::highlight::highlight(&code, lang, style.expect("checked above"));
                unknown_languages.extend(h.unknown_language);
                out.push(Event::Html(h.html.into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let inner = &events[i + 1..end];
                let title = plain_text(inner);
                word_count += count_words(&title);
                let base = match id {
                    Some(id) => id.to_string(),
                    None => {
                        let s = slug::slugify(&title);
                        if s.is_empty() {
                            "muc".to_string()
                        } else {
                            s
                        }
                    }
                };
                let id = unique_id(&mut used_ids, base);
                let level_n = level_num(*level);
                flat.push((level_n, id.clone(), title));
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                match ctx.anchors {
                    AnchorLinks::None => out.extend(inner.iter().cloned()),
                    AnchorLinks::Left => {
                        out.push(Event::InlineHtml((ctx.anchor_html)(&id, level_n)?.into()));
                        out.extend(inner.iter().cloned());
                    }
                    AnchorLinks::Right => {
                        out.extend(inner.iter().cloned());
                        out.push(Event::InlineHtml((ctx.anchor_html)(&id, level_n)?.into()));
                    }
                    AnchorLinks::Heading => {
                        let open = format!("<a class=\"zola-anchor\" href=\"#{}\">", attr(&id));
                        out.push(Event::InlineHtml(open.into()));
                        out.extend(inner.iter().cloned());
                        out.push(Event::InlineHtml("</a>".into()));
                    }
                }
                if end < events.len() {
                    out.push(events[end].clone());
                }
                i = end + 1;
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h)
                if summary_at.is_none() && h.contains(SUMMARY_MARKER) =>
            {
                summary_at = Some(out.len());
                out.push(events[i].clone());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") && ctx.resolve_link.is_some() => {
                let rest = &dest_url[2..];
                let (target, anchor) = match rest.split_once('#') {
                    Some((t, a)) => (t, Some(a.to_string())),
                    None => (rest, None),
                };
                let resolved = ctx.resolve_link.and_then(|r| r(target));
                internal_links.push(InternalLink {
                    raw: dest_url.to_string(),
                    target: target.to_string(),
                    anchor: anchor.clone(),
                    found: resolved.is_some(),
                });
                let url = match (resolved, anchor) {
                    (Some(u), Some(a)) => format!("{u}#{a}"),
                    (Some(u), None) => u,
                    (None, _) => String::new(),
                };
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: url.into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) if is_external(dest_url, ctx.base_url) => {
                out.push(Event::InlineHtml(
                    external_link_open(dest_url, title, ctx.config).into(),
                ));
            }
            Event::Text(t) => {
                word_count += count_words(t);
                out.push(events[i].clone());
            }
            e => out.push(e.clone()),
        }
        i += 1;
    }

    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.iter().cloned());
    let summary = summary_at.map(|at| {
        let mut head: Vec<Event<'_>> = out[..at].to_vec();
        close_open_tags(&mut head);
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, head.into_iter());
        s
    });
    Ok(Rendered {
        html,
        summary,
        toc: nest(flat, ctx.permalink),
        word_count,
        internal_links,
        unknown_languages,
        code_annotations,
    })
}

/// Words are runs of non-space text with at least one letter or digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        return base;
    }
    let mut k = *n - 1;
    loop {
        let candidate = format!("{base}-{k}");
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            return candidate;
        }
        k += 1;
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// `s` escaped for HTML text or a quoted attribute (`&`, `<`, `>`, `"`).
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = escape_html(&mut out, s);
    out
}

fn is_external(url: &str, base_url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && !(url.starts_with(base_url)
            && matches!(
                url.as_bytes().get(base_url.len()),
                None | Some(b'/' | b'?' | b'#')
            ))
}

fn external_link_open(url: &str, title: &str, config: &MarkdownConfig) -> String {
    let mut href = String::new();
    let _ = escape_href(&mut href, url);
    let mut s = format!("<a href=\"{href}\"");
    if !title.is_empty() {
        s.push_str(&format!(" title=\"{}\"", attr(title)));
    }
    let mut rel = Vec::new();
    if config.external_links_target_blank {
        rel.push("noopener");
    }
    if config.external_links_no_follow {
        rel.push("nofollow");
    }
    if config.external_links_no_referrer {
        rel.push("noreferrer");
    }
    if !rel.is_empty() {
        s.push_str(&format!(" rel=\"{}\"", rel.join(" ")));
    }
    if config.external_links_target_blank {
        s.push_str(" target=\"_blank\"");
    }
    s.push('>');
    s
}

/// Ends every tag still open, so that a summary cut mid-block is well-formed HTML.
fn close_open_tags(events: &mut Vec<Event<'_>>) {
    let mut stack: Vec<TagEnd> = Vec::new();
    for e in events.iter() {
        match e {
            Event::Start(t) => stack.push(t.to_end()),
            Event::End(_) => {
                stack.pop();
            }
            _ => {}
        }
    }
    while let Some(end) = stack.pop() {
        events.push(Event::End(end));
    }
}

fn nest(flat: Vec<(u32, String, String)>, permalink: &str) -> Vec<Heading> {
    fn insert(list: &mut Vec<Heading>, h: Heading) {
        match list.last_mut() {
            Some(last) if last.level < h.level => insert(&mut last.children, h),
            _ => list.push(h),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in flat {
        let permalink = format!("{permalink}#{id}");
        insert(
            &mut toc,
            Heading {
                level,
                id,
                permalink,
                title,
                children: Vec::new(),
            },
        );
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(text: &str, anchors: AnchorLinks, config: &MarkdownConfig) -> Rendered {
        let anchor = |id: &str, _l: u32| Ok(format!("<a href=\"#{id}\">#</a>"));
        let ctx = RenderContext {
            config,
            base_url: "https://xa.vn",
            permalink: "https://xa.vn/a/",
            anchors,
            anchor_html: &anchor,
            resolve_link: None,
        };
        render(text, &ctx).unwrap()
    }

    fn md(text: &str) -> Rendered {
        render_with(text, AnchorLinks::None, &MarkdownConfig::default())
    }

    #[test]
    fn vietnamese_heading_ids_and_nested_toc() {
        let r = md("# Thủ tục đất đai\n\n## Hồ sơ gồm\n\n## Hồ sơ gồm\n\n# Lệ phí {#phi}\n");
        assert!(r.html.contains("<h1 id=\"thu-tuc-dat-dai\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"ho-so-gom-1\">"), "{}", r.html);
        assert!(r.html.contains("<h1 id=\"phi\">Lệ phí</h1>"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[0].permalink, "https://xa.vn/a/#ho-so-gom");
        assert_eq!(r.toc[1].title, "Lệ phí");
    }

    #[test]
    fn gfm_extensions() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ và[^1]\n\n[^1]: chú thích\n\n- [x] xong\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>cũ</del>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains("type=\"checkbox\""));
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let r = md("| Nội dung | Số hộ | Ghi chú |\n|:---|---:|:-:|\n| Nhà sập | 1 | x |\n\n| a |\n|--:|\n| 2 |\n");
        assert!(!r.html.contains("style="), "{}", r.html);
        assert_eq!(
            r.html,
            "<table><thead><tr><th class=\"align-left\">Nội dung</th><th class=\"align-right\">Số hộ</th>\
             <th class=\"align-center\">Ghi chú</th></tr></thead><tbody>\n<tr><td class=\"align-left\">Nhà sập</td>\
             <td class=\"align-right\">1</td><td class=\"align-center\">x</td></tr>\n</tbody></table>\n\
             <table><thead><tr><th class=\"align-right\">a</th></tr></thead><tbody>\n\
             <tr><td class=\"align-right\">2</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn summary_stops_at_marker_and_is_well_formed() {
        let r = md("Đoạn đầu.\n\n<!-- more -->\n\nĐoạn sau.\n");
        assert_eq!(r.summary.as_deref(), Some("<p>Đoạn đầu.</p>\n"));
        assert!(r.html.contains("Đoạn sau."));
        let r = md("- một\n- hai <!-- more --> ba\n");
        let s = r.summary.unwrap();
        assert!(s.ends_with("</li>\n</ul>\n"), "{s}");
        assert!(md("không có").summary.is_none());
    }

    #[test]
    fn anchors_left_right_and_heading() {
        let c = MarkdownConfig::default();
        let r = render_with("## Một", AnchorLinks::Left, &c);
        assert_eq!(r.html, "<h2 id=\"mot\"><a href=\"#mot\">#</a>Một</h2>\n");
        let r = render_with("## Một", AnchorLinks::Right, &c);
        assert_eq!(r.html, "<h2 id=\"mot\">Một<a href=\"#mot\">#</a></h2>\n");
        let r = render_with("## Một", AnchorLinks::Heading, &c);
        assert!(r
            .html
            .contains("<a class=\"zola-anchor\" href=\"#mot\">Một</a>"));
    }

    #[test]
    fn external_links_get_configured_attributes() {
        let c = MarkdownConfig {
            external_links_target_blank: true,
            external_links_no_follow: true,
            ..MarkdownConfig::default()
        };
        let r = render_with(
            "[a](https://dichvucong.gov.vn/p?x=1&y=2) [b](https://xa.vn/tin/) [c](https://xa.vnx/)",
            AnchorLinks::None,
            &c,
        );
        assert!(r.html.contains(
            "<a href=\"https://dichvucong.gov.vn/p?x=1&amp;y=2\" rel=\"noopener nofollow\" target=\"_blank\">a</a>"
        ), "{}", r.html);
        assert!(r.html.contains("<a href=\"https://xa.vn/tin/\">b</a>"));
        assert!(r.html.contains("target=\"_blank\">c</a>"));
    }

    #[test]
    fn raw_text_is_escaped_and_words_counted() {
        let r = md("Xin chào <b>bà con</b> & \"mọi người\"");
        assert!(r.html.contains("&amp;"));
        assert_eq!(r.word_count, 6);
    }

    #[test]
    fn code_blocks_are_highlighted_when_on() {
        let text = "```rust,linenos\nfn main() {}\n```\n\n```khong-co\nx\n```\n\n    thụt lề\n";
        let off = md(text);
        assert!(off
            .html
            .contains("<pre><code class=\"language-rust,linenos\">fn main"));
        assert!(off.unknown_languages.is_empty());
        let c = MarkdownConfig {
            highlighting: Some(crate::config::Highlighting {
                theme: crate::highlight::DEFAULT_THEME.into(),
                style: crate::config::HighlightStyle::Class,
            }),
            ..MarkdownConfig::default()
        };
        let on = render_with(text, AnchorLinks::None, &c);
        assert!(
            on.html
                .contains("<pre data-lang=\"rust\" class=\"language-rust z-code\">"),
            "{}",
            on.html
        );
        assert!(on.html.contains("z-storage"));
        assert!(on
            .html
            .contains("<pre class=\"z-code\"><code>thụt lề\n</code></pre>"));
        assert_eq!(on.unknown_languages, ["khong-co"]);
        assert_eq!(on.word_count, off.word_count);
    }
}
