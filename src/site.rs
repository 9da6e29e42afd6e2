//! The build pipeline, in order: load → resolve → validate → render → write.

use std::path::{Path, PathBuf};

use crate::config::{is_http_url, Config};
use crate::content::taxonomies::{self, Taxonomy};
use crate::content::{self, Library};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Output, WriteReport};
use crate::render;
use crate::templates::Templates;
use crate::theme::Theme;

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding config.toml).
    pub root: PathBuf,
    /// Output folder; defaults to config's `output_dir` under the root.
    pub output_dir: Option<PathBuf>,
    /// Replaces config's `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// The day to build for, instead of today in Vietnam.
    pub today: Option<chrono::NaiveDate>,
}

/// A site loaded, resolved and validated, ready to render.
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// Its configuration.
    pub config: Config,
    /// Its theme, if any.
    pub theme: Option<Theme>,
    /// Its content.
    pub library: std::sync::Arc<Library>,
    /// Its taxonomies, built from the content.
    pub taxonomies: Vec<Taxonomy>,
    /// Its templates.
    pub templates: Templates,
    /// How long each phase took so far.
    pub timings: Timings,
}

/// Wall time of each build phase, for `--timings`.
#[derive(Debug, Clone)]
pub struct Timings {
    last: std::time::Instant,
    /// (phase, duration), in order.
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    /// Starts the clock.
    pub fn start() -> Self {
        Timings {
            last: std::time::Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Records the time since the previous mark as `phase`.
    pub fn mark(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        self.phases.push((phase, now - self.last));
        self.last = now;
    }
}

/// The result of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Pages built.
    pub pages: usize,
    /// Sections built.
    pub sections: usize,
    /// Write figures.
    pub write: WriteReport,
    /// Warnings met on the way.
    pub warnings: Diagnostics,
    /// Time of each phase.
    pub timings: Timings,
}

/// The result of a successful check.
#[derive(Debug)]
pub struct CheckReport {
    /// Pages checked.
    pub pages: usize,
    /// Sections checked.
    pub sections: usize,
    /// Output files that a build would write.
    pub files: usize,
    /// Warnings.
    pub warnings: Diagnostics,
}

/// Config, theme and templates: what an edit to content leaves as it is.
pub struct Env {
    /// The configuration, with the command line's overrides.
    pub config: Config,
    /// Its theme, if any.
    pub theme: Option<Theme>,
    /// The templates with filters registered, when they loaded.
    pub templates: Option<Templates>,
}

/// Caches a rebuild in memory keeps between builds (`niemyet serve`).
#[derive(Default)]
pub struct Caches {
    /// Content files as parsed.
    pub parsed: content::ParseCache,
    /// Markdown as rendered.
    pub markdown: content::render_markdown::MarkdownCache,
}

/// Reads the configuration, the theme and the templates. `None` when the configuration
/// cannot be read: nothing else can be done then.
pub fn load_env(opts: &BuildOptions) -> (Option<Env>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let root = &opts.root;
    let (config, config_diags) = Config::load(root);
    diags.extend(config_diags);
    let Some(mut config) = config else {
        return (None, diags);
    };
    if let Some(day) = opts.today {
        config.today = day;
    }
    if let Some(url) = &opts.base_url {
        if is_http_url(url) {
            config.base_url = url.trim_end_matches('/').to_string();
        } else {
            diags.push(
                Diagnostic::error(format!(
                    "--base-url \"{url}\" không phải địa chỉ http:// hoặc https://"
                ))
                .with_hint("ví dụ: --base-url https://hoaphong.gov.vn"),
            );
        }
    }

    let theme = match &config.theme {
        Some(name) => match Theme::locate(root, name) {
            Ok(t) => {
                match t.extra() {
                    Ok(extra) => config.merge_theme_extra(extra),
                    Err(d) => diags.push(d),
                }
                Some(t)
            }
            Err(d) => {
                diags.push(d.at(None));
                None
            }
        },
        None => None,
    };
    let (mut templates, template_diags) = Templates::load(root, theme.as_ref());
    diags.extend(template_diags);
    if let Some(templates) = &mut templates {
        crate::templates::filters::register(
            &mut templates.tera,
            &config.markdown,
            &config.base_url,
            &config.default_language,
        );
    }
    let env = Env {
        config,
        theme,
        templates,
    };
    (Some(env), diags)
}

/// The content of a site, resolved and rendered to HTML, with its taxonomies.
pub struct Content {
    /// Pages and sections.
    pub library: Library,
    /// Taxonomies built from them.
    pub taxonomies: Vec<Taxonomy>,
}

/// Loads, resolves and validates the content under `env`, reusing `caches` when given.
/// `None` when the templates did not load; every problem is in the diagnostics.
pub fn load_content(
    env: &mut Env,
    opts: &BuildOptions,
    caches: Option<&Caches>,
    timings: &mut Timings,
) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = &env.config;
    let loaded = content::load(
        &opts.root,
        &config.ignored_content,
        caches.map(|c| &c.parsed),
    );
    diags.extend(loaded.diagnostics.iter().cloned());
    timings.mark("đọc nội dung");
    let (mut library, resolve_diags) = Library::resolve(loaded, config, opts.drafts);
    diags.extend(resolve_diags);
    diags.extend(validate_taxonomies(&library, config));
    timings.mark("sắp xếp trang, mục");

    let Some(templates) = &mut env.templates else {
        return (None, diags);
    };
    crate::templates::functions::register_unavailable(&mut templates.tera);
    let templates = &*templates;
    let anchor = |id: &str, level: u32| {
        let mut ctx = tera::Context::new();
        ctx.insert("id", id);
        ctx.insert("level", &level);
        ctx.insert("lang", &config.default_language);
        templates
            .tera
            .render("anchor-link.html", &ctx)
            .map(|html| html.trim_end().to_string())
            .map_err(|e| crate::templates::error_chain(&e))
    };
    let shortcodes = crate::templates::ShortcodeTemplates {
        templates,
        config: serde_json::to_value(config).unwrap_or_default(),
        lang: config.default_language.clone(),
    };
    let hooks = content::render_markdown::MarkdownHooks {
        anchor_html: &anchor,
        shortcodes: &shortcodes,
        resolve_link: None,
        cache: caches.map(|c| &c.markdown),
    };
    diags.extend(library.render_markdown(config, &hooks));
    timings.mark("markdown, shortcode, liên kết");
    diags.extend(render::pages::check_templates(&library, templates));
    let taxonomies = taxonomies::build(&library, config);
    diags.extend(render::taxonomies::check_templates(&taxonomies, templates));
    timings.mark("phân loại, kiểm tra mẫu");
    (
        Some(Content {
            library,
            taxonomies,
        }),
        diags,
    )
}

/// Loads, resolves and validates a site. Every problem found is returned, not only the first.
pub fn load(opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut timings = Timings::start();
    let (env, mut diags) = load_env(opts);
    let Some(env) = env else {
        return Err(diags);
    };
    timings.mark("đọc cấu hình và mẫu");
    let mut env = env;
    let (content, content_diags) = load_content(&mut env, opts, None, &mut timings);
    diags.extend(content_diags.iter().cloned());
    let (Some(content), Some(templates)) = (content, env.templates) else {
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let site = Site {
        root: opts.root.clone(),
        config: env.config,
        theme: env.theme,
        library: std::sync::Arc::new(content.library),
        taxonomies: content.taxonomies,
        templates,
        timings,
    };
    Ok((site, diags))
}

fn validate_taxonomies(lib: &Library, config: &Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in &lib.pages {
        for name in p.meta.taxonomies.keys() {
            if !config.taxonomies.iter().any(|t| &t.name == name) {
                let d = Diagnostic::error(format!(
                    "trường `taxonomies.{name}`: phân loại \"{name}\" chưa được khai báo trong config.toml"
                ))
                .in_file(&p.file.display)
                .at(p.positions.get(&format!("taxonomies.{name}")).copied())
                .with_hint(format!(
                    "thêm vào config.toml: taxonomies = [{{ name = \"{name}\" }}], hoặc sửa tên cho đúng"
                ));
                diags.push(d);
            }
        }
    }
    diags
}

impl Site {
    /// Renders every output file into `out`.
    pub fn render(&mut self, out: &Output) -> Result<Diagnostics, Diagnostics> {
        let d = render::render_site(
            &self.config,
            &self.library,
            &self.taxonomies,
            &mut self.templates,
            &self.root,
            self.theme.as_ref(),
            out,
        );
        let mut diags = Diagnostics::new();
        diags.extend(d);
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(diags)
        }
    }

    /// Runs the rules of `niemyet check` (the law's, and links) on the rendered site.
    pub fn check_rules(&self, out: &mut Output) -> Diagnostics {
        check_rules(&self.root, &self.config, &self.library, out)
    }

    /// The output folder for these options.
    pub fn output_dir(&self, opts: &BuildOptions) -> PathBuf {
        match &opts.output_dir {
            Some(d) if d.is_absolute() => d.clone(),
            Some(d) => std::env::current_dir().unwrap_or_default().join(d),
            None => self.root.join(&self.config.output_dir),
        }
    }
}

/// Runs the rules of `niemyet check` on a site rendered into `out`.
pub fn check_rules(root: &Path, config: &Config, lib: &Library, out: &Output) -> Diagnostics {
    let inspection = out.inspection().unwrap_or_default();
    let cx = crate::check::Context {
        root,
        config,
        lib,
        today: config.today,
        inspection: &inspection,
        output: out,
    };
    let mut diags = Diagnostics::new();
    diags.extend(crate::check::run(&cx));
    diags
}

/// Refuses output folders whose replacement would destroy sources or unrelated files.
fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists so that `..` and symlinks compare truthfully.
        let mut existing = p.clone();
        let mut tail = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    tail.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut resolved = existing.canonicalize().unwrap_or(existing);
        for t in tail.into_iter().rev() {
            resolved.push(t);
        }
        resolved
    };
    let root = abs(root);
    let out = abs(out);
    let refuse = |why: &str| {
        Err(Diagnostic::error(format!(
            "không thể dùng {} làm thư mục đầu ra: {why}",
            out.display()
        ))
        .with_hint("chọn một thư mục riêng cho trang web, ví dụ --output-dir public"))
    };
    if root.starts_with(&out) {
        return refuse("nó chứa chính thư mục trang, ghi vào sẽ xóa mất nội dung");
    }
    for src in ["content", "templates", "static", "themes", "sass", "data"] {
        if out.starts_with(root.join(src)) {
            return refuse(&format!("nó nằm trong thư mục nguồn {src}/"));
        }
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(&out).map_err(|e| {
            Diagnostic::error(format!(
                "không đọc được thư mục đầu ra {}: {e}",
                out.display()
            ))
        })?;
        let non_empty = entries.next().is_some();
        if non_empty && !out.join("index.html").exists() {
            return refuse(
                "thư mục đã có tệp nhưng không phải trang web do niemyet tạo (không có index.html); \
                 niemyet sẽ thay toàn bộ thư mục này",
            );
        }
    }
    Ok(())
}

/// A site rendered, checked and indexed into an output not yet committed.
struct Rendered {
    out: Output,
    warnings: Diagnostics,
    pages: usize,
    sections: usize,
    timings: Timings,
}

/// Renders `site` into `out`, runs the legal checks and builds the search index: everything
/// a build does before its output is committed. All problems are returned together.
fn render_checked(
    mut site: Site,
    mut warnings: Diagnostics,
    out: Output,
) -> Result<Rendered, Diagnostics> {
    let with_warnings = |d: Diagnostics, warnings: &Diagnostics| {
        let mut all = d;
        all.extend(warnings.iter().cloned());
        all
    };
    let mut out = out.with_inspector(crate::check::inspector(&site.config, &site.library));
    if site.config.build_search_index {
        out = out.with_search();
    }
    // Dropping `out` on an error removes the staging folder: the previous output stays.
    let render_warnings = site.render(&out).map_err(|d| with_warnings(d, &warnings))?;
    site.timings.mark("dựng và ghi trang");
    let findings = site.check_rules(&mut out);
    site.timings.mark("kiểm tra theo quy định");
    if findings.has_errors() {
        let mut all = with_warnings(findings, &warnings);
        all.extend(render_warnings.iter().cloned());
        return Err(all);
    }
    warnings.extend(render_warnings.iter().cloned());
    warnings.extend(findings.iter().cloned());
    let (pages, sections) = (site.library.pages.len(), site.library.sections.len());
    let mut timings = site.timings.clone();
    if site.config.build_search_index {
        // Everything rendered is in the output: freeing the site first leaves its memory to
        // Pagefind, whose peak is the build's on a big site.
        let config = site.config.clone();
        drop(site);
        if let Err(d) = render::search::write_index(&config, &mut out) {
            let mut all = Diagnostics::new();
            all.push(d);
            return Err(with_warnings(all, &warnings));
        }
        timings.mark("chỉ mục tìm kiếm");
    } else {
        drop_in_background(site);
    }
    Ok(Rendered {
        out,
        warnings,
        pages,
        sections,
        timings,
    })
}

/// Builds the site and writes it atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let (site, warnings) = load(opts)?;
    let out_dir = site.output_dir(opts);
    let out = match check_output_dir(&site.root, &out_dir).and_then(|()| Output::staged(&out_dir)) {
        Ok(out) => out,
        Err(d) => {
            let mut all = Diagnostics::new();
            all.push(d);
            all.extend(warnings.iter().cloned());
            return Err(all);
        }
    };
    let Rendered {
        out,
        mut warnings,
        pages,
        sections,
        mut timings,
    } = render_checked(site, warnings, out)?;
    let write = match out.commit() {
        Ok(w) => w,
        Err(d) => {
            warnings.push(d);
            return Err(warnings);
        }
    };
    timings.mark("thay thư mục đầu ra");
    Ok(BuildReport {
        timings,
        output_dir: out_dir,
        pages,
        sections,
        write,
        warnings,
    })
}

/// Frees a site on another thread: dropping tens of thousands of pages and values is a
/// noticeable part of a big build, and nobody needs to wait for it.
fn drop_in_background(site: Site) {
    std::thread::spawn(move || drop(site));
}

/// Loads, validates and renders everything in memory, writing nothing.
pub fn check(opts: &BuildOptions) -> Result<CheckReport, Diagnostics> {
    let (mut site, mut warnings) = load(opts)?;
    let mut out =
        Output::dry().with_inspector(crate::check::inspector(&site.config, &site.library));
    let render_warnings = site.render(&out).map_err(|mut d| {
        d.extend(warnings.iter().cloned());
        d
    })?;
    warnings.extend(render_warnings.iter().cloned());
    let findings = site.check_rules(&mut out);
    if findings.has_errors() {
        let mut all = findings;
        all.extend(warnings.iter().cloned());
        return Err(all);
    }
    warnings.extend(findings.iter().cloned());
    let report = CheckReport {
        pages: site.library.pages.len(),
        sections: site.library.sections.len(),
        files: out.files(),
        warnings,
    };
    drop_in_background(site);
    Ok(report)
}
