//! Rendering every page's and section's markdown in parallel, shortcodes and `@/` links
//! included, with a cache that lets `niemyet serve` render again only what changed.

use std::collections::HashMap;

use rayon::prelude::*;

use super::library::Entry;
use super::{FileInfo, Library, Section};
use crate::config::{AnchorLinks, Config};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, RenderContext};
use crate::shortcodes;
use serde_json::json;

impl Library {
    /// Renders every page's and section's markdown, shortcodes included, in parallel.
    pub fn render_markdown(
        &mut self,
        config: &Config,
        hooks: &MarkdownHooks<'_>,
    ) -> Vec<Diagnostic> {
        let anchors_of = |section: Option<&Section>| {
            section
                .and_then(|s| s.meta.insert_anchor_links)
                .unwrap_or(config.markdown.insert_anchor_links)
        };
        let page_anchors: Vec<AnchorLinks> = self
            .pages
            .iter()
            .map(|p| anchors_of(p.parent.map(|i| &self.sections[i])))
            .collect();
        let permalinks: HashMap<String, String> = self
            .pages
            .iter()
            .map(|p| (p.file.relative.clone(), p.permalink.clone()))
            .chain(
                self.sections
                    .iter()
                    .map(|s| (s.file.relative.clone(), s.permalink.clone())),
            )
            .collect();
        if let Some(cache) = hooks.cache {
            cache.begin(&permalinks);
        }
        let resolve = |target: &str| permalinks.get(target).cloned();
        let hooks = &MarkdownHooks {
            resolve_link: Some(&resolve),
            ..*hooks
        };
        let links: std::sync::Mutex<Vec<(String, Vec<markdown::InternalLink>)>> =
            Default::default();
        let keep_links = |relative: &str, found: Vec<markdown::InternalLink>| {
            if !found.is_empty() {
                if let Ok(mut l) = links.lock() {
                    l.push((relative.to_string(), found));
                }
            }
        };
        let mut diags: Vec<Diagnostic> = self
            .pages
            .par_iter_mut()
            .zip(page_anchors.par_iter())
            .flat_map_iter(|(p, &anchors)| {
                let context = json!({ "page": {
                    "title": p.meta.title, "description": p.meta.description,
                    "permalink": p.permalink, "path": p.path, "relative_path": p.file.relative,
                    "date": p.meta.date, "extra": p.meta.extra,
                }});
                let source = Source {
                    text: &p.raw_content,
                    permalink: &p.permalink,
                    file: &p.file,
                    line: p.body_line,
                };
                let rendered =
                    render_cached(hooks.cache, &source, anchors, context, &keep_links, |cx| {
                        render_one(config, hooks, &source, anchors, cx)
                    });
                match rendered {
                    Ok((r, warnings)) => {
                        p.content = r.html;
                        p.summary = r.summary;
                        p.toc = r.toc;
                        p.word_count = r.word_count;
                        p.reading_time = r.word_count.div_ceil(200);
                        warnings
                    }
                    Err(d) => d,
                }
            })
            .collect();
        let section_diags: Vec<Diagnostic> = self
            .sections
            .par_iter_mut()
            .flat_map_iter(|s| {
                let anchors = s
                    .meta
                    .insert_anchor_links
                    .unwrap_or(config.markdown.insert_anchor_links);
                let context = json!({ "section": {
                    "title": s.meta.title, "description": s.meta.description,
                    "permalink": s.permalink, "path": s.path, "relative_path": s.file.relative,
                    "extra": s.meta.extra,
                }});
                let source = Source {
                    text: &s.raw_content,
                    permalink: &s.permalink,
                    file: &s.file,
                    line: s.body_line,
                };
                let rendered =
                    render_cached(hooks.cache, &source, anchors, context, &keep_links, |cx| {
                        render_one(config, hooks, &source, anchors, cx)
                    });
                match rendered {
                    Ok((r, warnings)) => {
                        s.content = r.html;
                        s.toc = r.toc;
                        s.word_count = r.word_count;
                        s.reading_time = r.word_count.div_ceil(200);
                        warnings
                    }
                    Err(d) => d,
                }
            })
            .collect();
        diags.extend(section_diags);
        if let Some(cache) = hooks.cache {
            cache.end();
        }
        let mut links = links.into_inner().unwrap_or_default();
        links.sort_by(|a, b| a.0.cmp(&b.0));
        diags.extend(self.check_internal_links(&links));
        diags
    }

    /// Every `@/` link must reach an existing page or section, and its anchor an existing heading.
    fn check_internal_links(
        &self,
        links: &[(String, Vec<markdown::InternalLink>)],
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (from, found) in links {
            let (file, text, body_line) = match self.by_relative.get(from) {
                Some(Entry::Page(i)) => (
                    &self.pages[*i].file,
                    &self.pages[*i].raw_content,
                    self.pages[*i].body_line,
                ),
                Some(Entry::Section(i)) => (
                    &self.sections[*i].file,
                    &self.sections[*i].raw_content,
                    self.sections[*i].body_line,
                ),
                None => continue,
            };
            for link in found {
                let pos = text.find(&link.raw).map(|off| {
                    let (l, c) = crate::diagnostics::line_col(text, off);
                    (body_line + l - 1, c)
                });
                if !link.found {
                    diags.push(
                        Diagnostic::error(format!(
                            "liên kết {} trỏ đến \"content/{}\" nhưng không có tệp đó",
                            link.raw, link.target
                        ))
                        .in_file(&file.display)
                        .at(pos)
                        .with_hint(
                            "viết đường dẫn tính từ content/, có cả đuôi .md, ví dụ @/tin-tuc/hop-dan.md; \
                             với một mục dùng @/tin-tuc/_index.md",
                        ),
                    );
                    continue;
                }
                let Some(anchor) = &link.anchor else { continue };
                let toc = match self.by_relative.get(&link.target) {
                    Some(Entry::Page(i)) => &self.pages[*i].toc,
                    Some(Entry::Section(i)) => &self.sections[*i].toc,
                    None => continue,
                };
                let mut ids = Vec::new();
                collect_ids(toc, &mut ids);
                if !ids.iter().any(|id| id == anchor) {
                    let hint = if ids.is_empty() {
                        "trang đích không có tiêu đề mục nào; bỏ phần #... đi".to_string()
                    } else {
                        format!("các mục có ở trang đích: #{}", ids.join(", #"))
                    };
                    diags.push(
                        Diagnostic::error(format!(
                            "liên kết {}: trang \"content/{}\" không có mục #{anchor}",
                            link.raw, link.target
                        ))
                        .in_file(&file.display)
                        .at(pos)
                        .with_hint(hint),
                    );
                }
            }
        }
        diags
    }
}

/// One warning per code block language the highlighter does not know, at the fence's line.
fn unknown_languages(
    file: &FileInfo,
    text: &str,
    body_line: usize,
    langs: &[String],
) -> Vec<Diagnostic> {
    let mut seen = Vec::new();
    langs
        .iter()
        .filter(|l| {
            let new = !seen.contains(l);
            seen.push(*l);
            new
        })
        .map(|lang| {
            let line = text
                .lines()
                .position(|l| {
                    let t = l.trim_start();
                    (t.starts_with("```") || t.starts_with("~~~")) && t[3..].trim_start().starts_with(lang.as_str())
                })
                .map(|i| body_line + i);
            let d = Diagnostic::warning(format!(
                "khối mã dùng ngôn ngữ \"{lang}\" chưa được tô màu; khối được hiện như văn bản thường"
            ))
            .in_file(&file.display)
            .with_hint("dùng tên có sẵn như rust, python, js, html, css, sh, hoặc \"text\"");
            match line {
                Some(l) => d.at_line(l),
                None => d,
            }
        })
        .collect()
}

/// One warning per code fence with annotations after its language (Zola's `linenos`,
/// `hl_lines`, `hide_lines`…), which niemyet does not apply yet, at the fence's line.
fn code_annotations(
    file: &FileInfo,
    text: &str,
    body_line: usize,
    infos: &[String],
) -> Vec<Diagnostic> {
    let mut from = 0;
    infos
        .iter()
        .map(|info| {
            // Fences come in order: search from the previous one.
            let found = text.lines().enumerate().skip(from).find(|(_, l)| {
                let t = l.trim_start();
                (t.starts_with("```") || t.starts_with("~~~")) && t[3..].trim() == info.trim()
            });
            if let Some((i, _)) = found {
                from = i + 1;
            }
            let extra: Vec<&str> = info
                .split([',', ' ', '\t'])
                .filter(|p| !p.is_empty())
                .skip(1)
                .collect();
            let d = Diagnostic::warning(format!(
                "khối mã có chú thích {} mà niemyet chưa áp dụng (đánh số dòng, tô sáng hay ẩn dòng); \
                 khối được hiện đủ các dòng, không đánh số",
                extra.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
            ))
            .in_file(&file.display)
            .with_hint("bỏ phần sau tên ngôn ngữ, ví dụ chỉ viết ```rust");
            match found {
                Some((i, _)) => d.at_line(body_line + i),
                None => d,
            }
        })
        .collect()
}

fn collect_ids(toc: &[markdown::Heading], out: &mut Vec<String>) {
    for h in toc {
        out.push(h.id.clone());
        collect_ids(&h.children, out);
    }
}

/// What markdown rendering calls back into: the site's templates, for anchors and shortcodes.
pub struct MarkdownHooks<'a> {
    /// Renders a heading's anchor link.
    pub anchor_html: &'a (dyn Fn(&str, u32) -> Result<String, String> + Sync),
    /// Renders shortcodes.
    pub shortcodes: &'a dyn shortcodes::Renderer,
    /// Resolves `@/` links (set by the library itself).
    pub resolve_link: Option<markdown::LinkResolver<'a>>,
    /// Renderings of an earlier build to reuse, when rebuilding in memory.
    pub cache: Option<&'a MarkdownCache>,
}

/// Markdown rendered by an earlier build with the same configuration and templates, by
/// content file: a body is rendered again only when what its rendering reads changed (its
/// text, its page's fields shortcodes see, or any page's address).
#[derive(Default)]
pub struct MarkdownCache {
    /// The addresses the renderings resolved `@/` links with.
    permalinks: std::sync::Mutex<HashMap<String, String>>,
    /// Renderings by content file, read by a pass without locking.
    known: std::sync::RwLock<HashMap<String, (MarkdownInputs, CachedRendering)>>,
    /// Renderings made by the current pass, added to `known` when it ends.
    made: std::sync::Mutex<Vec<(String, MarkdownInputs, CachedRendering)>>,
}

/// Everything one rendering reads besides the configuration and templates.
struct MarkdownInputs {
    text: String,
    permalink: String,
    line: usize,
    anchors: AnchorLinks,
    context: serde_json::Value,
}

#[derive(Clone)]
struct CachedRendering {
    rendered: markdown::Rendered,
    warnings: Vec<Diagnostic>,
}

impl MarkdownCache {
    /// Starts a pass with these addresses: renderings made with others are dropped.
    fn begin(&self, permalinks: &HashMap<String, String>) {
        if let (Ok(mut links), Ok(mut known)) = (self.permalinks.lock(), self.known.write()) {
            if *links != *permalinks {
                *links = permalinks.clone();
                known.clear();
            }
        }
    }

    fn get(
        &self,
        relative: &str,
        same: impl Fn(&MarkdownInputs) -> bool,
    ) -> Option<CachedRendering> {
        let known = self.known.read().ok()?;
        let (was, cached) = known.get(relative)?;
        same(was).then(|| cached.clone())
    }

    fn put(&self, relative: &str, inputs: MarkdownInputs, cached: CachedRendering) {
        if let Ok(mut made) = self.made.lock() {
            made.push((relative.to_string(), inputs, cached));
        }
    }

    fn end(&self) {
        if let (Ok(mut made), Ok(mut known)) = (self.made.lock(), self.known.write()) {
            for (relative, inputs, cached) in made.drain(..) {
                known.insert(relative, (inputs, cached));
            }
        }
    }
}

/// Renders one body through `cache` when there is one: a rendering already made from the same
/// inputs is reused, links and warnings included.
fn render_cached(
    cache: Option<&MarkdownCache>,
    source: &Source<'_>,
    anchors: AnchorLinks,
    context: serde_json::Value,
    keep_links: &(dyn Fn(&str, Vec<markdown::InternalLink>) + Sync),
    render: impl FnOnce(&serde_json::Value) -> RenderResult,
) -> RenderResult {
    let Some(cache) = cache else {
        let (mut r, warnings) = render(&context)?;
        keep_links(&source.file.relative, std::mem::take(&mut r.internal_links));
        return Ok((r, warnings));
    };
    let relative = &source.file.relative;
    let same = |was: &MarkdownInputs| {
        was.text == source.text
            && was.permalink == source.permalink
            && was.line == source.line
            && was.anchors == anchors
            && was.context == context
    };
    let cached = match cache.get(relative, same) {
        Some(c) => c,
        None => {
            let inputs = MarkdownInputs {
                text: source.text.to_string(),
                permalink: source.permalink.to_string(),
                line: source.line,
                anchors,
                context,
            };
            let (rendered, warnings) = render(&inputs.context)?;
            let c = CachedRendering { rendered, warnings };
            cache.put(relative, inputs, c.clone());
            c
        }
    };
    let CachedRendering {
        mut rendered,
        warnings,
    } = cached;
    keep_links(relative, std::mem::take(&mut rendered.internal_links));
    Ok((rendered, warnings))
}

type RenderResult = Result<(markdown::Rendered, Vec<Diagnostic>), Vec<Diagnostic>>;

struct Source<'a> {
    text: &'a str,
    permalink: &'a str,
    file: &'a FileInfo,
    line: usize,
}

/// Renders one body; returns the rendering with its warnings.
fn render_one(
    config: &Config,
    hooks: &MarkdownHooks<'_>,
    src: &Source<'_>,
    anchors: AnchorLinks,
    context: &serde_json::Value,
) -> RenderResult {
    let expanded = shortcodes::expand(src.text, hooks.shortcodes, context).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| match e {
                shortcodes::ExpandError::Located(d) => d,
                shortcodes::ExpandError::At(offset, message, hint) => {
                    let (line, col) = crate::diagnostics::line_col(src.text, offset);
                    Diagnostic::error(message)
                        .in_file(&src.file.display)
                        .at(Some((src.line + line - 1, col)))
                        .with_hint(hint)
                }
            })
            .collect::<Vec<_>>()
    })?;
    let ctx = RenderContext {
        config: &config.markdown,
        base_url: &config.base_url,
        permalink: src.permalink,
        anchors,
        anchor_html: hooks.anchor_html,
        resolve_link: hooks.resolve_link,
    };
    let mut r = markdown::render(&expanded.markdown, &ctx).map_err(|e| {
        vec![
            Diagnostic::error(format!("không dựng được liên kết tiêu đề: {e}"))
                .in_file(&src.file.display)
                .at_line(src.line)
                .with_hint("sửa mẫu anchor-link.html trong templates/"),
        ]
    })?;
    if !expanded.placeholders.is_empty() {
        r.html = expanded.restore(&r.html);
        r.summary = r.summary.map(|s| expanded.restore(&s));
    }
    let mut warnings = unknown_languages(src.file, src.text, src.line, &r.unknown_languages);
    warnings.extend(code_annotations(
        src.file,
        src.text,
        src.line,
        &r.code_annotations,
    ));
    Ok((r, warnings))
}
