//! Taxonomy term lists and term pages (paginated when configured).

use serde_json::Value as Json;

use super::pages::redirect;
use super::{pagination, text_file, Job, Plan, RenderData};
use crate::content::taxonomies::Taxonomy;
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, Output, OutputFile};
use crate::templates::Templates;

/// The template for a taxonomy's term list: `NAME/list.html`, else `taxonomy_list.html`.
pub fn list_template(templates: &Templates, name: &str) -> Option<String> {
    [
        format!("{name}/list.html"),
        "taxonomy_list.html".to_string(),
    ]
    .into_iter()
    .find(|t| templates.has(t))
}

/// The template for one term's page: `NAME/single.html`, else `taxonomy_single.html`.
pub fn single_template(templates: &Templates, name: &str) -> Option<String> {
    [
        format!("{name}/single.html"),
        "taxonomy_single.html".to_string(),
    ]
    .into_iter()
    .find(|t| templates.has(t))
}

/// Every rendered taxonomy needs its two templates; checked before rendering.
pub fn check_templates(taxonomies: &[Taxonomy], templates: &Templates) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for t in taxonomies.iter().filter(|t| t.config.render) {
        let name = &t.config.name;
        for (found, wanted) in [
            (list_template(templates, name), format!("{name}/list.html")),
            (
                single_template(templates, name),
                format!("{name}/single.html"),
            ),
        ] {
            if found.is_none() {
                diags.push(
                    Diagnostic::error(format!(
                        "phân loại \"{name}\" cần mẫu {wanted} (hoặc mẫu chung taxonomy_{}.html)",
                        if wanted.ends_with("list.html") {
                            "list"
                        } else {
                            "single"
                        }
                    ))
                    .in_file("config.toml")
                    .with_hint(format!(
                        "tạo templates/{wanted}, hoặc đặt render = false cho phân loại này"
                    )),
                );
            }
        }
    }
    diags
}

/// Renders each taxonomy's term list and every term page, all in parallel, each file into
/// `out` as soon as it is rendered.
pub fn render_all(
    rd: &RenderData<'_>,
    taxonomies: &[Taxonomy],
    out: &Output,
    plan: Plan<'_>,
) -> Vec<Diagnostic> {
    let mut jobs = Vec::new();
    for (ti, tax) in taxonomies.iter().enumerate() {
        let has_templates = list_template(rd.templates, &tax.config.name).is_some()
            && single_template(rd.templates, &tax.config.name).is_some();
        // A missing template was reported by check_templates.
        if tax.config.render && has_templates {
            jobs.push(Job::TermList(ti));
            jobs.extend((0..tax.terms.len()).map(|k| Job::Term(ti, k)));
        }
    }
    super::pages::run_jobs(rd, out, plan, jobs, |job| match *job {
        Job::TermList(ti) => render_list(rd, &taxonomies[ti], ti),
        Job::Term(ti, k) => render_term(rd, &taxonomies[ti], ti, k),
        _ => Ok(Vec::new()),
    })
    .into_iter()
    .filter_map(Result::err)
    .collect()
}

fn render_list(
    rd: &RenderData<'_>,
    tax: &Taxonomy,
    ti: usize,
) -> Result<Vec<(String, OutputFile)>, Diagnostic> {
    let list = list_template(rd.templates, &tax.config.name).unwrap_or_default();
    // Every term with every page is the taxonomy's whole page list again: built only for
    // templates that read a term's pages.
    let with_pages = crate::templates::usage::reads(&rd.templates.tera, &list, "pages");
    let terms: Vec<Json> = (0..tax.terms.len())
        .map(|k| rd.values.term(ti, k, with_pages))
        .collect();
    let ctx = rd.context(
        &tax.path,
        vec![
            ("taxonomy", rd.values.taxonomies[ti].config.clone()),
            ("terms", Json::Array(terms)),
        ],
    );
    let what = format!("danh sách phân loại {}", tax.config.name);
    let html = rd.templates.render(&list, &ctx, &what)?;
    Ok(vec![text_file(
        file_for_url_path(&tax.path),
        html,
        "config.toml",
    )])
}

fn render_term(
    rd: &RenderData<'_>,
    tax: &Taxonomy,
    ti: usize,
    k: usize,
) -> Result<Vec<(String, OutputFile)>, Diagnostic> {
    let single = single_template(rd.templates, &tax.config.name).unwrap_or_default();
    let term = &tax.terms[k];
    let config = &rd.values.taxonomies[ti].config;
    let what = format!("phân loại {} / {}", tax.config.name, term.name);
    let Some(by) = tax.config.paginate_by else {
        let ctx = rd.context(
            &term.path,
            vec![
                ("taxonomy", config.clone()),
                ("term", rd.values.term(ti, k, true)),
            ],
        );
        let html = rd.templates.render(&single, &ctx, &what)?;
        return Ok(vec![text_file(
            file_for_url_path(&term.path),
            html,
            "config.toml",
        )]);
    };
    let mut files = Vec::new();
    // Pagers share the serialised pages; the term itself goes without its page list.
    let term_meta = rd.values.term(ti, k, false);
    for pager in pagination::pagers(rd, &term.pages, by, &term.path, &tax.config.paginate_path) {
        let ctx = rd.context(
            &pager.path,
            vec![
                ("taxonomy", config.clone()),
                ("term", term_meta.clone()),
                ("paginator", pager.paginator),
            ],
        );
        let html =
            rd.templates
                .render(&single, &ctx, &format!("{what} (trang {})", pager.index))?;
        files.push(text_file(
            file_for_url_path(&pager.path),
            html,
            "config.toml",
        ));
    }
    let first = pagination::pager_path(&term.path, &tax.config.paginate_path, 1);
    let alias = format!("{first}{}/1/", tax.config.paginate_path);
    files.push(redirect(
        rd,
        &alias,
        &term.permalink,
        std::path::Path::new("config.toml"),
    )?);
    Ok(files)
}
