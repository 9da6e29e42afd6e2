//! Internal links that lead nowhere and local files that are missing, found in the rendered
//! pages: a citizen must never meet a dead end (Nghị định 224/2026/NĐ-CP, Điều 12: the
//! completeness and technical quality of a portal are measured).

use std::path::{Path, PathBuf};

use super::Context;
use crate::diagnostics::Diagnostic;

/// The article this rule enforces.
pub const ARTICLE: &str = "Nghị định 224/2026/NĐ-CP, Điều 12";

/// An error for each address on this site that no file answers, at the first page linking to it.
pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut broken: Vec<(&String, &(usize, Vec<String>))> = cx.inspection.broken.iter().collect();
    broken.sort_by(|a, b| a.0.cmp(b.0));
    broken
        .into_iter()
        .map(|(target, (count, from))| {
            let first = from.first().cloned().unwrap_or_default();
            let producer = cx.output.claimed_by(&first).unwrap_or_else(|| PathBuf::from(&first));
            let url = url_of(target);
            let what = if target.ends_with(".html") { "trang" } else { "tệp" };
            let mut d = Diagnostic::error(format!(
                "liên kết tới {what} {url} không có trên trang web ({count} trang có liên kết này{})",
                if from.len() > 1 {
                    format!(", ví dụ {}", from.iter().map(|f| url_of(f)).collect::<Vec<_>>().join(", "))
                } else {
                    format!(": {}", url_of(&first))
                }
            ))
            .in_file(&producer)
            .citing(ARTICLE)
            .with_hint(
                "sửa địa chỉ cho đúng, hoặc đặt tệp vào static/ hay cạnh trang; liên kết tới \
                 trang khác trong content nên viết dạng @/đường-dẫn.md để niemyet kiểm tra",
            );
            if let Some(line) = line_of(&cx.root.join(&producer), target) {
                d = d.at_line(line);
            }
            d
        })
        .collect()
}

/// The URL path of an output path, as people read it: "/tin-tuc/a/".
fn url_of(output_path: &str) -> String {
    match output_path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{output_path}"),
    }
}

/// The line of `producer` (a content file) that has the link, when it can be found.
fn line_of(producer: &Path, target: &str) -> Option<usize> {
    let text = std::fs::read_to_string(producer).ok()?;
    let url = url_of(target);
    let needles = [url.trim_end_matches('/').to_string(), target.to_string()];
    for (n, line) in text.lines().enumerate() {
        if needles
            .iter()
            .any(|x| !x.is_empty() && x != "/" && line.contains(x.as_str()))
        {
            return Some(n + 1);
        }
    }
    None
}
