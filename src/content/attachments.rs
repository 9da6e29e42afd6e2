//! What sits beside pages: colocated files given to their page or section, documents' own
//! files and tables, and the local forms a procedure names.

use std::collections::HashMap;

use super::{Page, Section};
use crate::diagnostics::Diagnostic;
use crate::input::files::Asset;

/// Gives each non-markdown file to the page bundle (`dir/index.md`, its whole folder) or the
/// section (files directly in its folder) it sits in; others are reported, not dropped silently.
pub(crate) fn assign_assets(
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
pub(crate) fn load_documents(pages: &mut [Page]) -> Vec<Diagnostic> {
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
