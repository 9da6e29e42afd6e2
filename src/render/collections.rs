//! Pages made from collections of the content: each register's documents by kind, year and
//! field (`documents-group.html`), and the quarterly list of what was made public under the
//! disclosure hub (`disclosure-quarter.html`, Luật 10/2022/QH15, Điều 13 khoản 2). A theme
//! without the template gets no such pages.

use rayon::prelude::*;
use serde_json::{json, Value as Json};

use super::pages::put_all;
use super::{text_file, RenderData};
use crate::content::collect::{self, Group};
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, Output};

/// The template of a register's group pages.
pub const GROUP_TEMPLATE: &str = "documents-group.html";
/// The template of a quarter's list.
pub const QUARTER_TEMPLATE: &str = "disclosure-quarter.html";

/// Renders every group page and quarterly list, in parallel.
pub fn render_all(rd: &RenderData<'_>, out: &Output) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if rd.templates.has(GROUP_TEMPLATE) {
        let registers = collect::registers(rd.lib);
        let jobs: Vec<(usize, &Group)> = registers
            .iter()
            .flat_map(|r| {
                r.kinds
                    .iter()
                    .chain(&r.years)
                    .chain(&r.fields)
                    .map(move |g| (r.section, g))
            })
            .collect();
        let rendered: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|(section, g)| render_group(rd, *section, g, out).err())
            .collect();
        diags.extend(rendered);
    }
    if rd.templates.has(QUARTER_TEMPLATE) {
        if let Some(hub) = super::disclosure_hub(rd.config, rd.lib) {
            let items = collect::disclosures(rd.lib);
            for (q, list) in collect::by_quarter(&items) {
                let path = collect::quarter_path(&rd.lib.sections[hub].path, q);
                let ctx = rd.context(
                    &path,
                    vec![
                        ("section", rd.values.sections[hub].clone()),
                        (
                            "quarter",
                            json!({
                                "key": q.key(),
                                "label": q.label(),
                                "year": q.year,
                                "number": q.number,
                                "permalink": rd.config.make_permalink(&path),
                            }),
                        ),
                        (
                            "items",
                            Json::Array(list.iter().map(collect::item_json).collect()),
                        ),
                    ],
                );
                let result = rd
                    .templates
                    .render(
                        QUARTER_TEMPLATE,
                        &ctx,
                        &format!("danh sách công khai {}", q.label()),
                    )
                    .and_then(|html| {
                        put_all(
                            out,
                            vec![text_file(
                                file_for_url_path(&path),
                                html,
                                &rd.lib.sections[hub].file.display,
                            )],
                        )
                    });
                if let Err(d) = result {
                    diags.push(d);
                }
            }
        }
    }
    diags
}

fn render_group(
    rd: &RenderData<'_>,
    section: usize,
    g: &Group,
    out: &Output,
) -> Result<(), Diagnostic> {
    let heading = match g.by {
        "loai" => g.label.clone(),
        "nam" => format!("Văn bản năm {}", g.label),
        _ => format!("Lĩnh vực {}", g.label),
    };
    let ctx = rd.context(
        &g.path,
        vec![
            ("section", rd.values.sections[section].clone()),
            (
                "group",
                json!({
                    "by": g.by,
                    "key": g.key,
                    "label": g.label,
                    "heading": heading,
                    "count": g.pages.len(),
                }),
            ),
            (
                "pages",
                Json::Array(
                    g.pages
                        .iter()
                        .map(|&p| rd.values.listed(p).clone())
                        .collect(),
                ),
            ),
        ],
    );
    let html = rd.templates.render(
        GROUP_TEMPLATE,
        &ctx,
        &format!("danh sách văn bản {heading}"),
    )?;
    put_all(
        out,
        vec![text_file(
            file_for_url_path(&g.path),
            html,
            &rd.lib.sections[section].file.display,
        )],
    )
}
