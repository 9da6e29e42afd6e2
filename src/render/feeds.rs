//! Atom and RSS feeds for the site and for sections that ask for one.

use serde_json::Value as Json;

use super::{text_file, RenderData};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

fn feed_pages(rd: &RenderData<'_>, indexes: &[usize]) -> (Vec<Json>, Option<String>) {
    let mut dated: Vec<usize> = indexes
        .iter()
        .copied()
        .filter(|&i| rd.lib.pages[i].meta.date.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        let (pa, pb) = (&rd.lib.pages[a], &rd.lib.pages[b]);
        pb.meta
            .date
            .cmp(&pa.meta.date)
            .then_with(|| pa.file.relative.cmp(&pb.file.relative))
    });
    if let Some(limit) = rd.config.feed_limit {
        dated.truncate(limit);
    }
    let last = dated
        .iter()
        .filter_map(|&i| {
            let m = &rd.lib.pages[i].meta;
            m.updated.as_ref().or(m.date.as_ref())
        })
        .max()
        .map(|d| d.text.clone());
    (
        dated.iter().map(|&i| rd.values.whole_page(i)).collect(),
        last,
    )
}

/// Feeds for the whole site (`generate_feeds`) and for sections with `generate_feeds = true`.
pub fn render_feeds(rd: &RenderData<'_>) -> Result<Vec<(String, OutputFile)>, Vec<Diagnostic>> {
    let mut jobs: Vec<(String, Vec<usize>, std::path::PathBuf)> = Vec::new();
    if rd.config.generate_feeds {
        jobs.push((
            "/".into(),
            (0..rd.lib.pages.len()).collect(),
            "config.toml".into(),
        ));
    }
    for s in &rd.lib.sections {
        if s.meta.generate_feeds && s.path != "/" {
            jobs.push((s.path.clone(), s.pages.clone(), s.file.display.clone()));
        }
    }
    for t in rd
        .taxonomies
        .iter()
        .filter(|t| t.config.feed && t.config.render)
    {
        for term in &t.terms {
            jobs.push((term.path.clone(), term.pages.clone(), "config.toml".into()));
        }
    }
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (base, pages, producer) in jobs {
        let (items, last) = feed_pages(rd, &pages);
        for name in &rd.config.feed_filenames {
            let path = format!("{base}{name}");
            let mut ctx = rd.context(&path, vec![("pages", Json::Array(items.clone()))]);
            ctx.insert("feed_url", &rd.config.make_permalink(&path));
            ctx.insert(
                "last_updated",
                &last.clone().unwrap_or_else(|| "1970-01-01".into()),
            );
            match rd.render_listing(name, &path, ctx, &format!("bản tin {path}")) {
                Ok(xml) => out.push(text_file(
                    path.trim_start_matches('/').to_string(),
                    xml,
                    producer.clone(),
                )),
                Err(d) => errs.push(d),
            }
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}
