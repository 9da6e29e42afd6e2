//! A document as templates see it in `page.document`: the record with labels ready to show,
//! its files with format and size, its tables, and each indicator with its chart.

use serde_json::{json, Value as Json};

use super::chart;
use super::data::number_label;
use super::{Document, Loaded};
use crate::disclosure::calendar::vietnamese;

/// The document of the page at `permalink` (its files are published beside it).
pub fn for_templates(doc: &Document, files: Option<&Loaded>, permalink: &str) -> Json {
    let mut v = serde_json::to_value(doc).unwrap_or(Json::Null);
    let Json::Object(m) = &mut v else {
        return v;
    };
    m.insert("kind_label".into(), json!(doc.kind.label()));
    m.insert("status_label".into(), json!(doc.status.label()));
    m.insert("issued_label".into(), json!(vietnamese(doc.issued.date())));
    m.insert(
        "year".into(),
        json!(chrono::Datelike::year(&doc.issued.date())),
    );
    let empty = Loaded::default();
    let files = files.unwrap_or(&empty);
    m.insert(
        "attachments".into(),
        json!(files
            .attachments
            .iter()
            .map(|(name, format, size)| json!({
                "name": name,
                "url": format!("{permalink}{name}"),
                "format": format,
                "size": size,
            }))
            .collect::<Vec<_>>()),
    );
    m.insert("tables".into(), json!(files.tables));
    let indicators: Vec<Json> = files
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let years: Vec<Json> = chart::years(ind)
                .into_iter()
                .map(|p| {
                    json!({
                        "year": p.year,
                        "target": p.target,
                        "target_label": p.target.map(|t| chart::with_unit(t, &ind.unit)),
                        "result": p.result.map(|(_, r)| r),
                        "result_label": p.result.map(|(_, r)| chart::with_unit(r, &ind.unit)),
                        "result_period": p.result.map(|(period, _)| period.label()),
                        "reached": match (p.target, p.result) {
                            (Some(t), Some((period, r))) if period.is_year() => Some(r >= t),
                            _ => None,
                        },
                    })
                })
                .collect();
            json!({
                "name": ind.name,
                "unit": ind.unit,
                "baseline": ind.baseline,
                "baseline_label": ind.baseline.map(|b| chart::with_unit(b, &ind.unit)),
                "baseline_year": ind.baseline_year,
                "responsible": ind.responsible,
                "years": years,
                "results": ind.results.iter().map(|(p, r)| json!({
                    "period": p.label(),
                    "value": r,
                    "label": number_label(*r),
                })).collect::<Vec<_>>(),
                "description": chart::description(ind),
                "chart": chart::svg(ind, &format!("chi-tieu-{}", i + 1)),
            })
        })
        .collect();
    m.insert("indicators".into(), Json::Array(indicators));
    v
}
