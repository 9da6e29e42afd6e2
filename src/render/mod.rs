//! Rendering the resolved site into output files, one module per kind of output.

pub mod collections;
mod feeds;
pub mod open_data;
pub mod pages;
mod pagination;
pub mod posters;
pub mod procedure_updates;
mod sass;
pub mod search;
mod sitemap;
pub mod taxonomies;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value as Json;
use tera::Context;

use crate::config::{Config, HighlightStyle, CONFIG_FILE};
use crate::content::taxonomies::Taxonomy;
use crate::content::Library;
use crate::diagnostics::Diagnostic;
use crate::output::{Content, Output, OutputFile};
use crate::templates::functions::{self, SiteData};

use crate::input::files::{folder_files, Source};
use crate::templates::{deps, values, Templates};
use crate::theme::Theme;

/// Everything the renderers share, serialised once.
pub struct RenderData<'a> {
    /// Site configuration.
    pub config: &'a Config,
    /// The content.
    pub lib: &'a Library,
    /// The templates, with functions registered.
    pub templates: &'a Templates,
    /// `config` as templates see it.
    pub config_json: Json,
    /// Pages and sections, serialised once.
    pub values: Arc<values::SiteValues>,
    /// Taxonomies with their terms.
    pub taxonomies: &'a [Taxonomy],
    /// Notes what each page and section job read and made, when a rebuild will need it.
    pub tracker: Option<&'a Tracker>,
    /// The last build's renders of outputs that list everything, when rebuilding in memory.
    pub recall: Option<Recall<'a>>,
    /// The catalogue's history and where its page goes.
    pub updates: &'a procedure_updates::Loaded,
}

/// Renders of outputs that list everything (sitemap, feeds…), kept between rebuilds in memory:
/// the same template, an equal context and nothing changed of what it read give the same
/// text, without rendering it again.
#[derive(Default)]
pub struct Memo {
    /// Renders of the last good build, by template and output path.
    previous: std::sync::Mutex<HashMap<(String, String), Remembered>>,
    /// Renders of this build.
    current: std::sync::Mutex<HashMap<(String, String), Remembered>>,
}

struct Remembered {
    ctx: Context,
    reads: deps::Reads,
    text: String,
}

impl Memo {
    /// Starts a build: renders of a build that failed are forgotten.
    pub fn begin(&self) {
        if let Ok(mut c) = self.current.lock() {
            c.clear();
        }
    }

    /// Ends a good build: its renders are the ones the next build may reuse.
    pub fn finish(&self) {
        if let (Ok(mut p), Ok(mut c)) = (self.previous.lock(), self.current.lock()) {
            *p = std::mem::take(&mut *c);
        }
    }
}

/// A memo, and what changed since its renders were made (`None`: anything may have).
#[derive(Clone, Copy)]
pub struct Recall<'a> {
    /// The renders.
    pub memo: &'a Memo,
    /// Whether a render that read these was touched by the changes since.
    pub touched: Option<&'a (dyn Fn(&deps::Reads) -> bool + Sync)>,
}

/// Which outputs a render makes.
#[derive(Clone, Copy)]
pub enum Plan<'a> {
    /// Every output.
    Everything,
    /// The page, section and alias jobs `again` says yes to, and every output that is not
    /// one job's (lists of everything: feeds, sitemap, taxonomies, posters…). Content assets
    /// and static files are not put: the caller keeps them from the previous build.
    Again(&'a (dyn Fn(&Job) -> bool + Sync)),
}

/// One page, section or alias render job.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    /// A page (its page and, for a procedure, its QR page), by library index.
    Page(usize),
    /// A section with its pagers, by library index.
    Section(usize),
    /// A taxonomy's list of terms, by taxonomy index.
    TermList(usize),
    /// A term's page and pagers: taxonomy and term index.
    Term(usize, usize),
    /// A redirect page from an alias.
    Alias {
        /// The alias.
        from: String,
        /// Where it sends browsers.
        to: String,
        /// The content file that asked for it.
        producer: PathBuf,
    },
}

/// What one job read and the output paths it made.
#[derive(Debug, Clone)]
pub struct JobRecord {
    /// The job.
    pub job: Job,
    /// What it read.
    pub reads: deps::Reads,
    /// The files it made.
    pub paths: Vec<String>,
}

/// What a render noted for the next rebuild: each job's record, and the paths of the files
/// copied as they are (content assets, static files, generated CSS).
#[derive(Debug, Default)]
pub struct Tracker {
    /// One record per job rendered.
    pub jobs: std::sync::Mutex<Vec<JobRecord>>,
    /// Output paths of copied files.
    pub copied: std::sync::Mutex<Vec<String>>,
}

impl RenderData<'_> {
    /// Renders `template` for the output at `path` with `ctx`, reusing the last build's text
    /// when the recall allows it.
    pub fn render_listing(
        &self,
        template: &str,
        path: &str,
        ctx: Context,
        what: &str,
    ) -> Result<String, Diagnostic> {
        let Some(recall) = self.recall else {
            return self.templates.render(template, &ctx, what);
        };
        let key = (template.to_string(), path.to_string());
        let earlier = recall
            .memo
            .previous
            .lock()
            .ok()
            .and_then(|mut p| p.remove(&key));
        let reuse = match (earlier, recall.touched) {
            (Some(r), Some(touched)) if r.ctx == ctx && !touched(&r.reads) => Some(r),
            _ => None,
        };
        let remembered = match reuse {
            Some(r) => r,
            None => {
                let (text, reads) = deps::track(|| self.templates.render(template, &ctx, what));
                Remembered {
                    ctx,
                    reads,
                    text: text?,
                }
            }
        };
        let text = remembered.text.clone();
        if let Ok(mut c) = recall.memo.current.lock() {
            c.insert(key, remembered);
        }
        Ok(text)
    }

    /// A context holding what every template gets, plus `vars`. Values are moved in: Tera's
    /// `Context::insert` would deep-copy each one again, and copying dominates render time.
    pub fn context(&self, path: &str, vars: Vec<(&str, Json)>) -> Context {
        let mut map = serde_json::Map::with_capacity(vars.len() + 4);
        map.insert("config".into(), self.config_json.clone());
        map.insert(
            "lang".into(),
            Json::String(self.config.default_language.clone()),
        );
        map.insert("current_path".into(), Json::String(path.to_string()));
        map.insert(
            "current_url".into(),
            Json::String(self.config.make_permalink(path)),
        );
        for (k, v) in vars {
            map.insert(k.to_string(), v);
        }
        Context::from_value(Json::Object(map)).unwrap_or_default()
    }
}

/// Static files to copy: the theme's first, the site's over them; and a warning for each
/// link skipped.
pub fn static_files(
    root: &std::path::Path,
    theme: Option<&Theme>,
) -> (Vec<(String, Source, PathBuf)>, Vec<Diagnostic>) {
    let mut by_path: HashMap<String, (Source, PathBuf)> = HashMap::new();
    let mut links = Vec::new();
    let theme_static = theme.map(|t| t.files(root, "static")).unwrap_or_default();
    for folder in [
        theme_static,
        folder_files(root, &root.join("static"), false),
    ] {
        for f in folder.files {
            by_path.insert(f.relative, (f.source, f.display));
        }
        links.extend(
            folder
                .links
                .iter()
                .map(|l| crate::input::files::link_skipped(l)),
        );
    }
    let mut v: Vec<_> = by_path.into_iter().map(|(k, (s, d))| (k, s, d)).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    (v, links)
}

/// Adds the CSS the build makes to the static files: compiled Sass (replacing a static file of
/// the same path, as in Zola) and, for class-based highlighting, `syntax.css` (unless the site
/// or theme has its own in static/).
fn with_generated_css(
    (mut statics, mut diags): (Vec<(String, Source, PathBuf)>, Vec<Diagnostic>),
    config: &Config,
    root: &std::path::Path,
    theme: Option<&Theme>,
) -> (Vec<(String, Source, PathBuf)>, Vec<Diagnostic>) {
    if config.compile_sass {
        let (compiled, mut d) = sass::compile_all(root, theme);
        diags.append(&mut d);
        for c in compiled {
            if let Some(i) = statics.iter().position(|(p, _, _)| *p == c.path) {
                let (_, _, display) = statics.remove(i);
                diags.push(
                    Diagnostic::warning(format!(
                        "tệp tĩnh {} bị thay bằng CSS dịch từ {}",
                        display.display(),
                        c.producer.display()
                    ))
                    .in_file(&display)
                    .with_hint("xóa một trong hai tệp, hoặc đổi tên tệp trong static/"),
                );
            }
            statics.push((c.path, Source::Bytes(c.css.into()), c.producer));
        }
    }
    if let Some(h) = &config.markdown.highlighting {
        let path = crate::highlight::STYLESHEET;
        if h.style == HighlightStyle::Class && !statics.iter().any(|(p, _, _)| p == path) {
            if let Some(css) = crate::highlight::css_for_theme(&h.theme) {
                statics.push((
                    path.to_string(),
                    Source::Bytes(css.into_bytes().into()),
                    PathBuf::from(CONFIG_FILE),
                ));
            }
        }
    }
    statics.sort_by(|a, b| a.0.cmp(&b.0));
    (statics, diags)
}

/// Templates rendered with the feed context (`pages` holding whole pages): the configured feed
/// files and Zola's two built-in ones, which a site may render through `generate_feeds`.
fn feed_templates(config: &Config) -> Vec<String> {
    let mut names = config.feed_filenames.clone();
    for builtin in ["atom.xml", "rss.xml"] {
        if !names.iter().any(|n| n == builtin) {
            names.push(builtin.to_string());
        }
    }
    names
}

/// Renders every output of the site into `out`. All errors are collected.
#[allow(clippy::too_many_arguments)]
pub fn render_site(
    config: &Config,
    lib: &Arc<Library>,
    taxonomies: &[Taxonomy],
    templates: &mut Templates,
    root: &std::path::Path,
    theme: Option<&Theme>,
    out: &Output,
) -> Vec<Diagnostic> {
    let prepared = prepare(config, lib, taxonomies, templates, root, theme, None);
    render_prepared(
        config,
        lib,
        taxonomies,
        templates,
        &prepared,
        out,
        Plan::Everything,
        None,
        None,
    )
}

/// What every renderer reads, made once before rendering: the values templates see, the
/// data template functions look up, the static files.
pub struct Prepared {
    /// The fields templates read.
    pub usage: crate::templates::usage::Usage,
    /// Pages, sections and taxonomies as templates see them.
    pub values: Arc<values::SiteValues>,
    /// What template functions look up.
    pub data: Arc<SiteData>,
    statics: Vec<(String, Source, PathBuf)>,
    css_diags: Vec<Diagnostic>,
    updates: procedure_updates::Loaded,
}

/// What a rebuild after an edit to content can take from the last build's preparation: the
/// template usage, the static files and compiled CSS, and the values of the pages not edited.
#[derive(Clone, Copy)]
pub struct Reuse<'a> {
    /// The last build's preparation, of the same pages with the same templates.
    pub earlier: &'a Prepared,
    /// Pages edited since, by library index.
    pub edited: &'a [bool],
}

/// Serialises the site and gathers the static files, ready to render.
pub fn prepare(
    config: &Config,
    lib: &Arc<Library>,
    taxonomies: &[Taxonomy],
    templates: &Templates,
    root: &std::path::Path,
    theme: Option<&Theme>,
    reuse: Option<Reuse<'_>>,
) -> Prepared {
    let usage = match reuse {
        Some(r) => r.earlier.usage.clone(),
        None => crate::templates::usage::analyse(&templates.tera, &feed_templates(config)),
    };
    let values = Arc::new(values::SiteValues::new(
        lib.clone(),
        taxonomies,
        &config.default_language,
        &usage,
        reuse.map(|r| (&*r.earlier.values, r.edited)),
    ));
    let (statics, css_diags) = match reuse {
        Some(r) => (r.earlier.statics.clone(), r.earlier.css_diags.clone()),
        None => with_generated_css(static_files(root, theme), config, root, theme),
    };
    let permalinks = lib
        .pages
        .iter()
        .map(|p| (p.file.relative.clone(), p.permalink.clone()))
        .chain(
            lib.sections
                .iter()
                .map(|s| (s.file.relative.clone(), s.permalink.clone())),
        )
        .collect();
    let updates = procedure_updates::load(root, lib, templates.has(procedure_updates::TEMPLATE));
    let data = Arc::new(SiteData {
        base_url: config.base_url.clone(),
        permalinks,
        values: values.clone(),
        static_files: statics
            .iter()
            .map(|(p, s, _)| (p.clone(), s.clone()))
            .collect(),
        root: root.to_path_buf(),
        procedures: lib
            .pages
            .iter()
            .filter_map(|p| {
                let r = p.meta.procedure.as_ref()?;
                Some((r.code.clone(), p.file.relative.clone()))
            })
            .collect(),
        registers: crate::content::collect::registers(lib)
            .iter()
            .map(|r| {
                (
                    lib.sections[r.section].file.relative.clone(),
                    crate::content::collect::register_json(r, |p| config.make_permalink(p)),
                )
            })
            .collect(),
        disclosures: crate::content::collect::disclosures_json(
            lib,
            config.today,
            disclosure_hub(config, lib).map(|i| lib.sections[i].path.as_str()),
            |p| config.make_permalink(p),
        ),
        procedure_updates: updates.summary(config),
    });
    Prepared {
        usage,
        values,
        data,
        statics,
        css_diags,
        updates,
    }
}

/// Renders the outputs `plan` asks for into `out`. All errors are collected.
#[allow(clippy::too_many_arguments)]
pub fn render_prepared(
    config: &Config,
    lib: &Arc<Library>,
    taxonomies: &[Taxonomy],
    templates: &mut Templates,
    prepared: &Prepared,
    out: &Output,
    plan: Plan<'_>,
    tracker: Option<&Tracker>,
    recall: Option<Recall<'_>>,
) -> Vec<Diagnostic> {
    functions::register(&mut templates.tera, prepared.data.clone());
    let usage = &prepared.usage;
    let values = prepared.values.clone();
    let statics = prepared.statics.clone();

    let rd = RenderData {
        config,
        lib,
        templates,
        // Every render gets its own copy of `config`: only the keys templates read.
        config_json: match serde_json::to_value(config) {
            Ok(Json::Object(m)) => Json::Object(
                m.into_iter()
                    .filter(|(k, _)| usage.anywhere.keeps(k))
                    .collect(),
            ),
            _ => Json::Null,
        },
        values,
        taxonomies,
        tracker,
        recall,
        updates: &prepared.updates,
    };
    let copying = matches!(plan, Plan::Everything);
    let copied = |path: &str| {
        if let Some(t) = tracker {
            if let Ok(mut v) = t.copied.lock() {
                v.push(path.to_string());
            }
        }
    };

    let mut diags = prepared.css_diags.clone();
    // Generated files first, so that a static file they replace can be reported and skipped.
    let assets: Vec<(String, OutputFile)> = lib
        .pages
        .iter()
        .map(|p| (p.asset_urls(), &p.assets))
        .chain(lib.sections.iter().map(|s| {
            (
                crate::content::page::asset_urls(&s.path, &s.assets),
                &s.assets,
            )
        }))
        .flat_map(|(urls, assets)| {
            urls.into_iter().zip(assets).map(|(url, asset)| {
                let file = OutputFile {
                    content: Content::Source(Source::Disk(asset.source.clone())),
                    producer: asset.display.clone(),
                };
                (url, file)
            })
        })
        .collect();
    let asset_diags: Vec<Diagnostic> = assets
        .into_par_iter()
        .filter(|_| copying)
        .filter_map(|(url, file)| {
            copied(&url);
            out.put(&url, file).err()
        })
        .collect();
    diags.extend(asset_diags);
    // Both halves are parallel inside; joining them keeps both cores busy at the seams. The
    // pages the search index takes come first, so that Pagefind indexes them while posters
    // and open data render.
    let (mut page_diags, mut list_diags) = rayon::join(
        || pages::render_all(&rd, out, plan),
        || {
            let mut d = taxonomies::render_all(&rd, taxonomies, out, plan);
            d.append(&mut collections::render_all(&rd, out));
            d.append(&mut procedure_updates::render(&rd, rd.updates, out));
            d
        },
    );
    page_diags.append(&mut list_diags);
    let mut other_diags = std::thread::scope(|scope| {
        if !page_diags.iter().any(|d| d.is_error()) {
            scope.spawn(|| search::index_early(config, out));
        }
        let mut d = render_singles(&rd, out);
        d.append(&mut posters::render_all(&rd, out));
        d
    });
    diags.append(&mut page_diags);
    diags.append(&mut other_diags);
    let static_diags: Vec<Diagnostic> = statics
        .into_par_iter()
        .filter(|_| copying)
        .filter_map(|(path, source, display)| {
            if let Some(producer) = out.claimed_by(&path) {
                return Some(
                    Diagnostic::warning(format!(
                        "tệp tĩnh {} bị thay bằng {} (cùng đường dẫn {path})",
                        display.display(),
                        producer.display()
                    ))
                    .in_file(&display)
                    .with_hint("đổi tên tệp trong static/ nếu muốn giữ nó"),
                );
            }
            let file = OutputFile {
                content: Content::Source(source),
                producer: display,
            };
            copied(&path);
            out.put(&path, file).err()
        })
        .collect();
    diags.extend(static_diags);
    diags
}

/// The section `[disclosure] hub` names, when it names one that exists.
pub fn disclosure_hub(config: &Config, lib: &Library) -> Option<usize> {
    let hub = config.disclosure.hub.as_deref()?;
    match lib.by_relative.get(hub) {
        Some(crate::content::library::Entry::Section(i)) => Some(*i),
        _ => None,
    }
}

/// The sitemap, robots.txt, the 404 page and the feeds.
fn render_singles(rd: &RenderData<'_>, out: &Output) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for result in [
        sitemap::render_sitemap(rd),
        sitemap::render_robots(rd),
        pages::render_404(rd),
        search::render_page(rd),
    ] {
        if let Err(d) = result.and_then(|o| o.map_or(Ok(()), |(path, file)| out.put(&path, file))) {
            diags.push(d);
        }
    }
    match open_data::render(rd) {
        Ok(files) => {
            if let Err(d) = pages::put_all(out, files) {
                diags.push(d);
            }
        }
        Err(d) => diags.push(d),
    }
    match feeds::render_feeds(rd) {
        Ok(files) => {
            if let Err(d) = pages::put_all(out, files) {
                diags.push(d);
            }
        }
        Err(mut d) => diags.append(&mut d),
    }
    diags
}

/// Wraps rendered text as an output file.
pub(crate) fn text_file(
    path: String,
    text: String,
    producer: impl Into<PathBuf>,
) -> (String, OutputFile) {
    (
        path,
        OutputFile {
            content: Content::Bytes(text.into_bytes()),
            producer: producer.into(),
        },
    )
}
