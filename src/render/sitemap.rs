//! `sitemap.xml` and `robots.txt`.

use serde_json::json;

use super::{pagination, text_file, RenderData};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// The sitemap: every rendered section, pager and page, with its last change date.
pub fn render_sitemap(rd: &RenderData<'_>) -> Result<Option<(String, OutputFile)>, Diagnostic> {
    if !rd.config.generate_sitemap {
        return Ok(None);
    }
    let mut entries = Vec::new();
    for s in &rd.lib.sections {
        if !s.meta.render || s.meta.redirect_to.is_some() {
            continue;
        }
        entries.push((s.permalink.clone(), None));
        if let Some(by) = s.meta.paginate_by {
            for k in 2..=pagination::pager_count(s.pages.len(), by) {
                let path = pagination::pager_path(&s.path, &s.meta.paginate_path, k);
                entries.push((rd.config.make_permalink(&path), None));
            }
        }
    }
    for t in rd.taxonomies.iter().filter(|t| t.config.render) {
        entries.push((t.permalink.clone(), None));
        for term in &t.terms {
            entries.push((term.permalink.clone(), None));
            if let Some(by) = t.config.paginate_by {
                for k in 2..=pagination::pager_count(term.pages.len(), by) {
                    let path = pagination::pager_path(&term.path, &t.config.paginate_path, k);
                    entries.push((rd.config.make_permalink(&path), None));
                }
            }
        }
    }
    // The register's groups and the quarterly lists, when the theme renders them.
    if rd.templates.has(super::collections::GROUP_TEMPLATE) {
        for r in crate::content::collect::registers(rd.lib) {
            for g in r.kinds.iter().chain(&r.years).chain(&r.fields) {
                entries.push((rd.config.make_permalink(&g.path), None));
            }
        }
    }
    if let (true, Some(hub)) = (
        rd.templates.has(super::collections::QUARTER_TEMPLATE),
        super::disclosure_hub(rd.config, rd.lib),
    ) {
        let items = crate::content::collect::disclosures(rd.lib);
        for q in crate::content::collect::by_quarter(&items).keys() {
            let path = crate::content::collect::quarter_path(&rd.lib.sections[hub].path, *q);
            entries.push((rd.config.make_permalink(&path), None));
        }
    }
    if let Some(path) = rd.updates.page_path() {
        let latest = rd.updates.latest().map(|d| d.to_string());
        entries.push((rd.config.make_permalink(path), latest));
    }
    for p in &rd.lib.pages {
        let updated = p.meta.updated.as_ref().or(p.meta.date.as_ref());
        entries.push((
            p.permalink.clone(),
            updated.map(|d| d.date().format("%Y-%m-%d").to_string()),
        ));
    }
    entries.sort();
    let entries: Vec<_> = entries
        .into_iter()
        .map(|(permalink, updated)| json!({ "permalink": permalink, "updated": updated, "extra": null }))
        .collect();
    let ctx = rd.context(
        "/sitemap.xml",
        vec![("entries", serde_json::Value::Array(entries))],
    );
    let xml = rd.render_listing("sitemap.xml", "/sitemap.xml", ctx, "sitemap.xml")?;
    Ok(Some(text_file(
        "sitemap.xml".into(),
        xml,
        "templates/sitemap.xml",
    )))
}

/// `robots.txt`, pointing at the sitemap.
pub fn render_robots(rd: &RenderData<'_>) -> Result<Option<(String, OutputFile)>, Diagnostic> {
    if !rd.config.generate_robots_txt {
        return Ok(None);
    }
    let ctx = rd.context("/robots.txt", Vec::new());
    let txt = rd.render_listing("robots.txt", "/robots.txt", ctx, "robots.txt")?;
    Ok(Some(text_file(
        "robots.txt".into(),
        txt,
        "templates/robots.txt",
    )))
}
