//! Pages, sections with their pagers, aliases and redirects, and the 404 page.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::Value as Json;

use super::{pagination, text_file, Job, JobRecord, Plan, RenderData};
use crate::content::paths::normalize_url_path;
use crate::content::{Library, Page, Section};
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, Output, OutputFile};
use crate::templates::deps;
use crate::templates::Templates;

/// Renders all pages, sections, pagers and aliases in parallel, each file into `out` as soon
/// as it is rendered.
pub fn render_all(rd: &RenderData<'_>, out: &Output, plan: Plan<'_>) -> Vec<Diagnostic> {
    let lib = rd.lib;
    let mut jobs: Vec<Job> = (0..lib.pages.len()).map(Job::Page).collect();
    jobs.extend((0..lib.sections.len()).map(Job::Section));
    for p in &lib.pages {
        for a in &p.meta.aliases {
            jobs.push(Job::Alias {
                from: a.clone(),
                to: p.permalink.clone(),
                producer: p.file.display.clone(),
            });
        }
    }
    for s in &lib.sections {
        for a in &s.meta.aliases {
            jobs.push(Job::Alias {
                from: a.clone(),
                to: s.permalink.clone(),
                producer: s.file.display.clone(),
            });
        }
    }
    let results = run_jobs(rd, out, plan, jobs, |job| render_job(rd, job));
    type Location = (Option<Box<std::path::Path>>, Option<u32>, String);
    let mut errors: HashMap<Location, (Diagnostic, usize)> = HashMap::new();
    for r in results {
        match r {
            Ok(()) => {}
            Err(d) => {
                // The same template error repeats for every page it touches: report it once.
                let key = (
                    d.file.clone(),
                    d.line,
                    d.hint.as_deref().unwrap_or_default().to_string(),
                );
                errors.entry(key).or_insert((d, 0)).1 += 1;
            }
        }
    }
    errors
        .into_values()
        .map(|(mut d, n)| {
            if n > 1 {
                d.message
                    .push_str(&format!(" (cùng lỗi này ở {} nội dung khác)", n - 1));
            }
            d
        })
        .collect()
}

/// Runs the jobs `plan` asks for, in parallel, putting each one's files into `out` as soon as
/// they are rendered; with a tracker, notes what each read and made. One result per job run.
pub(super) fn run_jobs<R>(
    rd: &RenderData<'_>,
    out: &Output,
    plan: Plan<'_>,
    mut jobs: Vec<Job>,
    render: R,
) -> Vec<Result<(), Diagnostic>>
where
    R: Fn(&Job) -> Result<Vec<(String, OutputFile)>, Diagnostic> + Sync,
{
    if let Plan::Again(again) = plan {
        jobs.retain(|j| again(j));
    }
    jobs.into_par_iter()
        .map(|job| {
            let Some(tracker) = rd.tracker else {
                return render(&job).and_then(|files| put_all(out, files));
            };
            let (files, reads) = deps::track(|| render(&job));
            let files = files?;
            let record = JobRecord {
                job,
                reads,
                paths: files.iter().map(|(p, _)| p.clone()).collect(),
            };
            if let Ok(mut jobs) = tracker.jobs.lock() {
                jobs.push(record);
            }
            put_all(out, files)
        })
        .collect()
}

/// Puts rendered files into the output; the first failure is the job's error.
pub(super) fn put_all(out: &Output, files: Vec<(String, OutputFile)>) -> Result<(), Diagnostic> {
    files
        .into_iter()
        .try_for_each(|(path, file)| out.put(&path, file))
}

fn render_job(rd: &RenderData<'_>, job: &Job) -> Result<Vec<(String, OutputFile)>, Diagnostic> {
    match job {
        Job::Page(i) => render_page(rd, *i),
        Job::Section(i) => render_section(rd, *i),
        Job::TermList(_) | Job::Term(..) => Ok(Vec::new()),
        Job::Alias { from, to, producer } => {
            // Invalid aliases were reported while resolving.
            let Ok(path) = normalize_url_path(from) else {
                return Ok(Vec::new());
            };
            redirect(rd, &path, to, producer).map(|o| vec![o])
        }
    }
}

fn what_page(p: &Page) -> String {
    format!("trang {}", p.file.display.display())
}

fn what_section(s: &Section) -> String {
    format!("mục {}", s.file.display.display())
}

fn missing_template(name: &str, file: &std::path::Path, field: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "không có mẫu \"{name}\" trong templates/ của trang hay của giao diện"
    ))
    .in_file(file)
    .with_hint(format!(
        "tạo templates/{name}, hoặc sửa trường `{field}` cho đúng tên một mẫu có sẵn"
    ))
}

/// The template a page renders with: its own, the nearest section's `page_template`, or page.html.
fn page_template(lib: &Library, p: &Page) -> String {
    if let Some(t) = &p.meta.template {
        return t.clone();
    }
    let mut at = p.parent;
    while let Some(i) = at {
        if let Some(t) = &lib.sections[i].meta.page_template {
            return t.clone();
        }
        at = lib.sections[i].parent;
    }
    if p.meta.procedure.is_some() {
        return "procedure.html".to_string();
    }
    if p.meta.document.is_some() {
        return "document.html".to_string();
    }
    "page.html".to_string()
}

/// The template a section renders with.
fn section_template(lib: &Library, i: usize) -> String {
    let default = if i == lib.root() {
        "index.html"
    } else {
        "section.html"
    };
    lib.sections[i]
        .meta
        .template
        .clone()
        .unwrap_or_else(|| default.into())
}

/// The template each page and section will use, checked before rendering anything.
pub fn check_templates(lib: &Library, templates: &Templates) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in &lib.pages {
        let name = page_template(lib, p);
        if !templates.has(&name) {
            diags.push(missing_template(&name, &p.file.display, "template"));
        }
        if p.meta.procedure.is_some() && !templates.has(QR_TEMPLATE) {
            diags.push(missing_template(QR_TEMPLATE, &p.file.display, "procedure"));
        }
    }
    for (i, s) in lib.sections.iter().enumerate() {
        if !s.meta.render || s.meta.redirect_to.is_some() {
            continue;
        }
        let name = section_template(lib, i);
        if !templates.has(&name) {
            diags.push(missing_template(&name, &s.file.display, "template"));
        }
    }
    diags
}

/// The print-ready page of a procedure's QR code, under the procedure's own URL.
pub const QR_TEMPLATE: &str = "procedure-qr.html";

fn render_page(rd: &RenderData<'_>, i: usize) -> Result<Vec<(String, OutputFile)>, Diagnostic> {
    let p = &rd.lib.pages[i];
    let template = page_template(rd.lib, p);
    let value = rd.values.full_page(i);
    let mut out = Vec::with_capacity(2);
    if p.meta.procedure.is_some() {
        let qr_path = format!("{}qr/", p.path);
        let ctx = rd.context(&qr_path, vec![("page", value.clone())]);
        let html = rd.templates.render(
            QR_TEMPLATE,
            &ctx,
            &format!("{} (trang mã QR)", what_page(p)),
        )?;
        out.push(text_file(
            file_for_url_path(&qr_path),
            html,
            p.file.display.clone(),
        ));
    }
    let ctx = rd.context(&p.path, vec![("page", value)]);
    let html = rd.templates.render(&template, &ctx, &what_page(p))?;
    out.push(text_file(
        file_for_url_path(&p.path),
        html,
        p.file.display.clone(),
    ));
    Ok(out)
}

fn render_section(rd: &RenderData<'_>, i: usize) -> Result<Vec<(String, OutputFile)>, Diagnostic> {
    let s = &rd.lib.sections[i];
    if let Some(target) = &s.meta.redirect_to {
        let to = if target.starts_with("http://") || target.starts_with("https://") {
            target.clone()
        } else {
            match normalize_url_path(target) {
                Ok(p) => rd.config.make_permalink(&p),
                Err(why) => {
                    return Err(Diagnostic::error(format!(
                        "trường `redirect_to`: \"{target}\" {why}"
                    ))
                    .in_file(&s.file.display)
                    .with_hint(
                        "viết đường dẫn trong trang, ví dụ \"tin-tuc/\", hoặc địa chỉ https://",
                    ))
                }
            }
        };
        return redirect(rd, &s.path, &to, &s.file.display).map(|o| vec![o]);
    }
    if !s.meta.render {
        return Ok(Vec::new());
    }
    let template = s.meta.template.clone().unwrap_or_else(|| {
        if i == rd.lib.root() {
            "index.html"
        } else {
            "section.html"
        }
        .to_string()
    });
    let what = what_section(s);
    let Some(by) = s.meta.paginate_by else {
        let ctx = rd.context(&s.path, vec![("section", rd.values.full_section(i))]);
        let html = rd.templates.render(&template, &ctx, &what)?;
        return Ok(vec![text_file(
            file_for_url_path(&s.path),
            html,
            s.file.display.clone(),
        )]);
    };

    deps::note(|r| r.section_pages.push(i));
    let mut order: Vec<usize> = s.pages.clone();
    if s.meta.paginate_reversed {
        order.reverse();
    }
    let section_meta = &rd.values.sections[i];
    let mut out = Vec::new();
    for pager in pagination::pagers(rd, &order, by, &s.path, &s.meta.paginate_path) {
        let ctx = rd.context(
            &pager.path,
            vec![
                ("section", section_meta.clone()),
                ("paginator", pager.paginator),
            ],
        );
        let html =
            rd.templates
                .render(&template, &ctx, &format!("{what} (trang {})", pager.index))?;
        out.push(text_file(
            file_for_url_path(&pager.path),
            html,
            s.file.display.clone(),
        ));
    }
    // Zola keeps `…/page/1/` as a redirect to the section itself.
    let first_alias = format!("{}{}/1/", s.path, s.meta.paginate_path);
    out.push(redirect(rd, &first_alias, &s.permalink, &s.file.display)?);
    Ok(out)
}

/// A page at `from_path` that sends browsers to `to`.
pub fn redirect(
    rd: &RenderData<'_>,
    from_path: &str,
    to: &str,
    producer: &std::path::Path,
) -> Result<(String, OutputFile), Diagnostic> {
    let ctx = rd.context(from_path, vec![("url", Json::String(to.to_string()))]);
    let html = rd.templates.render(
        "internal/alias.html",
        &ctx,
        &format!("trang chuyển hướng {from_path}"),
    )?;
    Ok(text_file(
        file_for_url_path(from_path),
        html,
        producer.to_path_buf(),
    ))
}

/// The 404 page.
pub fn render_404(rd: &RenderData<'_>) -> Result<Option<(String, OutputFile)>, Diagnostic> {
    let ctx = rd.context("/404.html", Vec::new());
    let html = rd.render_listing("404.html", "/404.html", ctx, "trang 404")?;
    Ok(Some(text_file(
        "404.html".into(),
        html,
        "templates/404.html",
    )))
}
