//! Resolving loaded content into a site: URL paths, the section tree, page order, drafts.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::section::SortBy;
use super::{Asset, FileInfo, Loaded, Page, Section};
use crate::config::{AnchorLinks, Config};
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::KeyPositions;
use crate::markdown::{self, RenderContext};
use crate::procedure::read as procedure;
use crate::procedure::record;
use crate::shortcodes;
use serde_json::json;

/// A content file by its content-relative path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Index into `Library::pages`.
    Page(usize),
    /// Index into `Library::sections`.
    Section(usize),
}

/// All pages and sections of the site, resolved and linked together.
#[derive(Debug, Default)]
pub struct Library {
    /// Pages, sorted by relative path.
    pub pages: Vec<Page>,
    /// Sections, sorted by relative path; the root section is always present.
    pub sections: Vec<Section>,
    /// Lookup by content-relative path ("tin-tuc/a.md", "_index.md").
    pub by_relative: HashMap<String, Entry>,
}

/// Checks a URL path written by an editor (`path`, `aliases`, `redirect_to`-style) and returns it
/// as `/a/b/`. Paths can never point outside the output folder.
pub fn normalize_url_path(raw: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" => {}
            "." | ".." => {
                return Err(format!(
                    "không được chứa \"{part}\" (trỏ ra ngoài trang web)"
                ));
            }
            p if p.chars().any(|c| {
                c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#')
            }) =>
            {
                return Err(format!(
                    "đoạn \"{p}\" có ký tự không dùng được trong đường dẫn"
                ));
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        Ok("/".to_string())
    } else if parts.last().is_some_and(|p| p.ends_with(".html")) {
        Ok(format!("/{}", parts.join("/")))
    } else {
        Ok(format!("/{}/", parts.join("/")))
    }
}

fn slugify_component(s: &str) -> String {
    let slug = slug::slugify(s);
    if slug.is_empty() {
        "_".to_string()
    } else {
        slug
    }
}

/// Compares titles the way a Vietnamese reader expects in a list: letters before marks.
pub fn title_key(s: &str) -> (String, String) {
    (deunicode::deunicode(s).to_lowercase(), s.to_string())
}

impl Library {
    /// Builds the site tree from loaded files. Drafts are dropped unless `drafts` is set.
    pub fn resolve(loaded: Loaded, config: &Config, drafts: bool) -> (Library, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let Loaded {
            mut pages,
            mut sections,
            assets,
            ..
        } = loaded;
        // Bundles of every page, drafts included, so a draft's files are not reported as strays.
        let all_bundles: Vec<String> = pages.iter().filter_map(|p| p.bundle_dir()).collect();

        if !drafts {
            let draft_dirs: Vec<String> = sections
                .iter()
                .filter(|s| s.meta.draft)
                .map(|s| s.file.dir.clone())
                .collect();
            let under_draft = |dir: &str| {
                draft_dirs
                    .iter()
                    .any(|d| d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
            };
            sections.retain(|s| !under_draft(&s.file.dir));
            pages.retain(|p| !p.meta.draft && !under_draft(&p.file.dir));
        }
        if !sections.iter().any(|s| s.file.relative == "_index.md") {
            sections.push(root_section());
        }
        sections.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));
        pages.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));

        let section_by_dir: HashMap<String, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.file.dir.clone(), i))
            .collect();
        let nearest_section = |dirs: &[String]| -> Option<usize> {
            (0..=dirs.len())
                .rev()
                .find_map(|n| section_by_dir.get(&dirs[..n].join("/")).copied())
        };

        for s in sections.iter_mut() {
            let comps: Vec<String> = s
                .file
                .components
                .iter()
                .map(|c| slugify_component(c))
                .collect();
            let path = if comps.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", comps.join("/"))
            };
            let parent = match s.file.components.split_last() {
                None => None,
                Some((_, above)) => nearest_section(above),
            };
            s.permalink = config.make_permalink(&path);
            s.components = comps;
            s.path = path;
            s.parent = parent;
        }
        for i in 0..sections.len() {
            sections[i].ancestors = ancestors(&sections, sections[i].parent);
        }

        for p in pages.iter_mut() {
            p.parent = section_by_dir.get(&p.file.components.join("/")).copied();
            let search_from = p.parent.or_else(|| nearest_section(&p.file.components));
            p.ancestors = ancestors(&sections, search_from);
            let path = match &p.meta.path {
                Some(raw) => match normalize_url_path(raw) {
                    Ok(path) => path,
                    Err(why) => {
                        diags.push(path_error(&p.file, &p.positions, "path", raw, &why));
                        continue;
                    }
                },
                None => {
                    let slug = slug::slugify(&p.slug);
                    if slug.is_empty() {
                        diags.push(path_error(
                            &p.file,
                            &p.positions,
                            "slug",
                            &p.slug,
                            "không còn ký tự nào dùng được sau khi bỏ dấu và ký tự đặc biệt",
                        ));
                        continue;
                    }
                    p.slug = slug;
                    let mut comps: Vec<String> = p
                        .file
                        .components
                        .iter()
                        .map(|c| slugify_component(c))
                        .collect();
                    comps.push(p.slug.clone());
                    format!("/{}/", comps.join("/"))
                }
            };
            p.components = path
                .split('/')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            p.permalink = config.make_permalink(&path);
            p.path = path;
            if let Some(code) = p.meta.procedure.as_ref().map(|r| r.code.clone()) {
                if record::is_valid_code(&code) {
                    let short = short_path(&code);
                    if !p.meta.aliases.contains(&short) {
                        p.meta.aliases.push(short.clone());
                    }
                    p.qr_url = Some(config.make_permalink(&short));
                }
            }
            for alias in &p.meta.aliases {
                if let Err(why) = normalize_url_path(alias) {
                    diags.push(path_error(&p.file, &p.positions, "aliases", alias, &why));
                }
            }
        }
        for s in &sections {
            for alias in &s.meta.aliases {
                if let Err(why) = normalize_url_path(alias) {
                    diags.push(path_error(&s.file, &s.positions, "aliases", alias, &why));
                }
            }
        }

        // Pages join their own section, and every transparent section passes them upwards.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
        for (pi, p) in pages.iter().enumerate() {
            let mut at = p.parent;
            while let Some(si) = at {
                members[si].push(pi);
                at = if sections[si].meta.transparent {
                    sections[si].parent
                } else {
                    None
                };
            }
        }
        for (si, list) in members.into_iter().enumerate() {
            let sorted = sort_pages(&pages, list, sections[si].meta.sort_by);
            sections[si].pages = sorted;
        }
        for (si, section) in sections.iter().enumerate() {
            let own: Vec<usize> = section
                .pages
                .iter()
                .copied()
                .filter(|&pi| pages[pi].parent == Some(si))
                .collect();
            let newest_first = matches!(section.meta.sort_by, SortBy::Date | SortBy::UpdateDate);
            for (k, &pi) in own.iter().enumerate() {
                let prev = k.checked_sub(1).map(|j| own[j]);
                let next = own.get(k + 1).copied();
                let (lower, higher) = if newest_first {
                    (next, prev)
                } else {
                    (prev, next)
                };
                pages[pi].lower = lower;
                pages[pi].higher = higher;
            }
        }
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, s) in sections.iter().enumerate() {
            if let Some(p) = s.parent {
                children.entry(p).or_default().push(i);
            }
        }
        for (parent, mut kids) in children {
            kids.sort_by(|&a, &b| {
                sections[a]
                    .meta
                    .weight
                    .cmp(&sections[b].meta.weight)
                    .then_with(|| sections[a].file.relative.cmp(&sections[b].file.relative))
            });
            sections[parent].subsections = kids;
        }

        diags.extend(procedure::duplicate_codes(pages.iter().filter_map(|p| {
            let r = p.meta.procedure.as_ref()?;
            let pos = p.positions.get("procedure.code").copied();
            Some((p.file.display.as_path(), pos, r.code.as_str()))
        })));

        diags.extend(assign_assets(
            assets,
            &mut pages,
            &mut sections,
            &all_bundles,
        ));

        diags.extend(pages.iter().flat_map(missing_forms));
        diags.extend(load_documents(&mut pages));

        let mut by_relative = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            by_relative.insert(p.file.relative.clone(), Entry::Page(i));
        }
        for (i, s) in sections.iter().enumerate() {
            by_relative.insert(s.file.relative.clone(), Entry::Section(i));
        }
        (
            Library {
                pages,
                sections,
                by_relative,
            },
            diags,
        )
    }

    /// Index of the root section (`_index.md`).
    pub fn root(&self) -> usize {
        match self.by_relative.get("_index.md") {
            Some(Entry::Section(i)) => *i,
            _ => 0,
        }
    }

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
            let mut d = Diagnostic::warning(format!(
                "khối mã dùng ngôn ngữ \"{lang}\" chưa được tô màu; khối được hiện như văn bản thường"
            ))
            .in_file(&file.display)
            .with_hint("dùng tên có sẵn như rust, python, js, html, css, sh, hoặc \"text\"");
            d.line = line;
            d
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
            let mut d = Diagnostic::warning(format!(
                "khối mã có chú thích {} mà niemyet chưa áp dụng (đánh số dòng, tô sáng hay ẩn dòng); \
                 khối được hiện đủ các dòng, không đánh số",
                extra.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
            ))
            .in_file(&file.display)
            .with_hint("bỏ phần sau tên ngôn ngữ, ví dụ chỉ viết ```rust");
            d.line = found.map(|(i, _)| body_line + i);
            d
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

/// Gives each non-markdown file to the page bundle (`dir/index.md`, its whole folder) or the
/// section (files directly in its folder) it sits in; others are reported, not dropped silently.
fn assign_assets(
    assets: Vec<super::AssetFile>,
    pages: &mut [Page],
    sections: &mut [Section],
    all_bundles: &[String],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let bundles: Vec<(usize, String)> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.bundle_dir().map(|d| (i, d)))
        .collect();
    let section_dirs: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.file.dir.clone(), i))
        .collect();
    for a in assets {
        let inside = |dir: &str| a.relative.starts_with(&format!("{dir}/"));
        let bundle = bundles
            .iter()
            .filter(|(_, d)| inside(d))
            .max_by_key(|(_, d)| d.len());
        if let Some((pi, dir)) = bundle {
            let rel = a.relative[dir.len() + 1..].to_string();
            pages[*pi].assets.push(Asset {
                source: a.path,
                display: a.display,
                relative: rel,
            });
            continue;
        }
        if all_bundles.iter().any(|d| inside(d)) {
            continue; // belongs to a draft left out of this build
        }
        let (dir, name) = a.relative.rsplit_once('/').unwrap_or(("", &a.relative));
        if let Some(&si) = section_dirs.get(dir) {
            sections[si].assets.push(Asset {
                source: a.path,
                display: a.display,
                relative: name.to_string(),
            });
            continue;
        }
        diags.push(
            Diagnostic::warning(
                "tệp này không được đưa lên trang: nó không nằm cạnh một trang (thư mục có index.md) \
                 hay trong thư mục của một mục (có _index.md)",
            )
            .in_file(&a.display)
            .with_hint(
                "đặt tệp vào thư mục của bài (ví dụ content/tin-tuc/hop-dan/ cùng index.md) hoặc vào \
                 static/; bỏ qua bằng ignored_content trong config.toml",
            ),
        );
    }
    diags
}

/// Reads the attachments, tables and targets each document's page names, in parallel.
fn load_documents(pages: &mut [Page]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    pages
        .par_iter_mut()
        .flat_map_iter(|p| {
            let Some(doc) = p.meta.document.as_deref() else {
                return Vec::new();
            };
            let positions = &p.positions;
            let (loaded, diags) = crate::document::load(doc, &p.assets, &p.file.display, |k| {
                positions.get(k).copied()
            });
            p.document_files = Some(Box::new(loaded));
            diags
        })
        .collect()
}

/// Forms a procedure names as local files must be published beside it (a page bundle).
fn missing_forms(p: &Page) -> Vec<Diagnostic> {
    let Some(r) = &p.meta.procedure else {
        return Vec::new();
    };
    r.documents
        .iter()
        .filter_map(|d| d.form.as_deref())
        .filter(|f| !f.contains("://") && !p.assets.iter().any(|a| a.relative == *f))
        .map(|f| {
            Diagnostic::warning(format!(
                "trường `procedure.documents.form`: không thấy tệp mẫu \"{f}\" cạnh trang; trang \
                 web sẽ ghi tên mẫu mà không có đường tải về"
            ))
            .in_file(&p.file.display)
            .at(p.positions.get("procedure.documents").copied())
            .with_hint(
                "đặt trang vào thư mục riêng (thư mục <mã>/index.md) và chép tệp mẫu vào đó, \
                 hoặc ghi form = \"https://...\" là địa chỉ tải mẫu",
            )
        })
        .collect()
}

/// The shortest URL path that stays valid for a procedure, whatever folder or slug its page
/// moves to: its national code, which never changes. Printed QR codes point here.
pub fn short_path(code: &str) -> String {
    format!("/tt/{code}/")
}

fn root_section() -> Section {
    let file = FileInfo {
        path: "content/_index.md".into(),
        relative: "_index.md".into(),
        display: "content/_index.md".into(),
        components: Vec::new(),
        name: "_index".into(),
        dir: String::new(),
    };
    let meta = super::section::SectionMeta {
        render: true,
        paginate_path: "page".into(),
        extra: serde_json::Value::Object(Default::default()),
        ..Default::default()
    };
    Section {
        file,
        meta,
        raw_content: String::new(),
        body_line: 1,
        positions: KeyPositions::new(),
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
    }
}

fn ancestors(sections: &[Section], mut at: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(i) = at {
        out.push(sections[i].file.relative.clone());
        at = sections[i].parent;
    }
    out.reverse();
    out
}

fn path_error(
    file: &FileInfo,
    positions: &KeyPositions,
    field: &str,
    value: &str,
    why: &str,
) -> Diagnostic {
    Diagnostic::error(format!("trường `{field}`: \"{value}\" {why}"))
        .in_file(&file.display)
        .at(positions.get(field).copied())
        .with_hint("dùng đường dẫn gồm chữ không dấu, số và gạch nối, ví dụ: \"tin-tuc/hop-dan\"")
}

/// Orders a section's pages; pages lacking the sort key go last, in path order.
fn sort_pages(pages: &[Page], mut list: Vec<usize>, by: SortBy) -> Vec<usize> {
    let path_cmp = |a: &usize, b: &usize| pages[*a].file.relative.cmp(&pages[*b].file.relative);
    fn opt_cmp<T: Ord>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) if desc => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    list.sort_by(|a, b| {
        let (pa, pb) = (&pages[*a], &pages[*b]);
        let primary = match by {
            SortBy::Date => opt_cmp(pa.meta.date.as_ref(), pb.meta.date.as_ref(), true),
            SortBy::UpdateDate => opt_cmp(
                pa.meta.updated.as_ref().or(pa.meta.date.as_ref()),
                pb.meta.updated.as_ref().or(pb.meta.date.as_ref()),
                true,
            ),
            SortBy::Title => opt_cmp(
                pa.meta.title.as_deref().map(title_key),
                pb.meta.title.as_deref().map(title_key),
                false,
            ),
            SortBy::Weight => opt_cmp(pa.meta.weight, pb.meta.weight, false),
            SortBy::Slug => pa.slug.cmp(&pb.slug),
            SortBy::None => Ordering::Equal,
        };
        primary.then_with(|| path_cmp(a, b))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_cannot_escape() {
        assert_eq!(normalize_url_path("/a/b").unwrap(), "/a/b/");
        assert_eq!(normalize_url_path("a//b/").unwrap(), "/a/b/");
        assert_eq!(
            normalize_url_path("cu/trang.html").unwrap(),
            "/cu/trang.html"
        );
        assert_eq!(normalize_url_path("").unwrap(), "/");
        assert!(normalize_url_path("../etc").is_err());
        assert!(normalize_url_path("a/../../b").is_err());
        assert!(normalize_url_path("a\\..\\b").is_err());
        assert!(normalize_url_path("C:/x").is_err());
        assert!(normalize_url_path("a/\0/b").is_err());
    }

    #[test]
    fn title_order_ignores_marks_first() {
        let mut v = vec!["Đất đai", "Chứng thực", "Hộ tịch", "Cư trú"];
        v.sort_by_key(|s| title_key(s));
        assert_eq!(v, ["Chứng thực", "Cư trú", "Đất đai", "Hộ tịch"]);
    }
}
