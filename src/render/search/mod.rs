//! The search index and the search page. Pagefind runs in-process over the pages as built:
//! the parts a template marks `data-pagefind-body` are indexed, and its browser bundle is
//! written beside them (no server). The search page lists procedures A–Z for browsers
//! without JavaScript.

mod meta;

use std::sync::mpsc;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use serde_json::{json, Value as Json};

use super::{text_file, RenderData};
use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::Diagnostic;
use crate::output::{Content, EarlyIndex, IndexFiles, Output, OutputFile};
use crate::procedure::record::Status;
use crate::vietnamese;

pub use meta::{PLAIN_TITLE, PLAIN_WORDS};

/// Where Pagefind's bundle goes in the output.
pub const BUNDLE_DIR: &str = "pagefind";
/// The search page's address.
pub const PAGE_PATH: &str = "/tim-kiem/";
/// The template of the search page.
pub const TEMPLATE: &str = "search.html";
/// Pages read and prepared at a time while Pagefind takes the previous ones.
const BATCH: usize = 64;

/// What indexing did, in figures.
#[derive(Debug, Clone, Default)]
pub struct IndexReport {
    /// Pages indexed.
    pub pages: usize,
    /// Files of the bundle.
    pub files: usize,
}

/// Renders the search page, when the site builds a search index and has the template.
pub fn render_page(rd: &RenderData<'_>) -> Result<Option<(String, OutputFile)>, Diagnostic> {
    if !rd.config.build_search_index || !rd.templates.has(TEMPLATE) {
        return Ok(None);
    }
    let ctx = rd.context(PAGE_PATH, vec![("procedures_az", procedures_az(rd.lib))]);
    let html = rd.render_listing(TEMPLATE, PAGE_PATH, ctx, "trang tìm kiếm")?;
    Ok(Some(text_file(
        crate::output::file_for_url_path(PAGE_PATH),
        html,
        format!("templates/{TEMPLATE}"),
    )))
}

/// The procedures in force, in Vietnamese alphabetical order, grouped under the letter their
/// name starts with: `[{letter, anchor, procedures: [{title, permalink, code, field}]}]`.
pub fn procedures_az(lib: &Library) -> Json {
    let mut procs: Vec<_> = lib
        .pages
        .iter()
        .filter_map(|p| {
            let r = p.meta.procedure.as_ref()?;
            (r.status == Status::InForce).then_some((p, r))
        })
        .map(|(p, r)| {
            let title = p.meta.title.clone().unwrap_or_else(|| r.name.clone());
            (vietnamese::collation_key(&title), title, p, r)
        })
        .collect();
    procs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(String, Vec<Json>)> = Vec::new();
    for (_, title, p, r) in procs {
        let letter = vietnamese::initial(&title);
        let item = json!({
            "title": title,
            "permalink": p.permalink,
            "code": r.code,
            "field": r.field,
        });
        match groups.last_mut() {
            Some((l, items)) if *l == letter => items.push(item),
            _ => groups.push((letter, vec![item])),
        }
    }
    Json::Array(
        groups
            .into_iter()
            .map(|(letter, items)| {
                let anchor = format!("chu-{}", vietnamese::fold(&letter).to_lowercase());
                let anchor = if letter == "#" {
                    "chu-so".into()
                } else {
                    anchor
                };
                json!({ "letter": letter, "anchor": anchor, "procedures": items })
            })
            .collect(),
    )
}

/// The address a page is found at, as the search results link to it: the path of
/// `base_url` and the page's path ("/thu-tuc/ho-tich/1-001193/").
fn result_url(config: &Config, output_path: &str) -> String {
    let base_path = config
        .base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("")
        .trim_end_matches('/');
    let page = output_path
        .strip_suffix("index.html")
        .unwrap_or(output_path);
    format!("{base_path}/{page}")
}

fn index_error(what: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("không dựng được chỉ mục tìm kiếm: {what}")).with_hint(
        "đây là lỗi của niemyet hoặc Pagefind; tắt `build_search_index` trong config.toml để \
         dựng tạm trang không có tìm kiếm, và báo lỗi kèm thông báo này",
    )
}

/// Indexes the pages marked for search so far and keeps the index in `out`, so that
/// Pagefind, which takes one page at a time, works while the rest of the site (posters, open
/// data) renders. [`write_index`] uses it when the pages to index are still the same. A site
/// that marks nothing has every page indexed, so its index waits for all of them.
pub fn index_early(config: &Config, out: &Output) {
    let (paths, marked) = out.searchable();
    if !marked {
        return;
    }
    let result = index_pages(config, out, &paths, meta::Indexed::Marked);
    out.keep_early_index(EarlyIndex { paths, result });
}

/// Indexes the pages `out` noted as marked for search, in order of their path (so that the
/// index is the same from build to build), and puts Pagefind's files under [`BUNDLE_DIR`].
/// An index [`index_early`] built of the same pages is used as it is.
pub fn write_index(config: &Config, out: &mut Output) -> Result<IndexReport, Diagnostic> {
    let (paths, marked) = out.searchable();
    let early = out
        .take_early_index()
        .filter(|e| marked && e.paths == paths);
    let (pages, files) = match early {
        Some(e) => e.result?,
        None => {
            let indexed = if marked {
                meta::Indexed::Marked
            } else {
                meta::Indexed::WholeBody
            };
            index_pages(config, out, &paths, indexed)?
        }
    };
    let report = IndexReport {
        pages,
        files: files.len(),
    };
    for (path, bytes) in files {
        out.put(
            &path,
            OutputFile {
                content: Content::Bytes(bytes),
                producer: "pagefind".into(),
            },
        )?;
    }
    Ok(report)
}

/// Pagefind's index of the pages at `paths`: how many it took, and its bundle's files with
/// their output paths. Pages are read back from the staging folder, so that none is held in
/// memory.
fn index_pages(
    config: &Config,
    out: &Output,
    paths: &[String],
    indexed: meta::Indexed,
) -> Result<IndexFiles, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(index_error)?;
    let options = PagefindServiceConfig::builder()
        .force_language(config.default_language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(index_error)?;
    let (tx, rx) = mpsc::sync_channel::<Vec<Result<(String, String), Diagnostic>>>(2);
    let (pages, files) = std::thread::scope(|scope| {
        // Reading and preparing pages is parallel; Pagefind takes them one at a time.
        scope.spawn(move || {
            for batch in paths.chunks(BATCH) {
                let prepared = batch
                    .par_iter()
                    .map(|path| {
                        let html = match out.read_staged(path) {
                            Some(Ok(b)) => b,
                            Some(Err(e)) => return Err(index_error(format!("{path}: {e}"))),
                            None => return Err(index_error("không có thư mục tạm để đọc lại")),
                        };
                        let html = meta::prepare(&html, indexed)
                            .map_err(|e| index_error(format!("{path}: {e}")))?;
                        let html = String::from_utf8(html)
                            .map_err(|e| index_error(format!("{path}: {e}")))?;
                        Ok((result_url(config, path), html))
                    })
                    .collect();
                if tx.send(prepared).is_err() {
                    return;
                }
            }
        });
        runtime.block_on(async {
            let mut pages = 0;
            for batch in rx {
                for page in batch {
                    let (url, html) = page?;
                    index
                        .add_html_file(None, Some(url), html)
                        .await
                        .map_err(index_error)?;
                    pages += 1;
                }
            }
            let files = index.get_files().await.map_err(index_error)?;
            Ok::<_, Diagnostic>((pages, files))
        })
    })?;
    let files = files
        .into_iter()
        .map(|f| {
            let rel = f.filename.to_string_lossy().replace('\\', "/");
            let rel = rel.trim_start_matches("./").trim_start_matches('/');
            let path = if rel.starts_with(&format!("{BUNDLE_DIR}/")) {
                rel.to_string()
            } else {
                format!("{BUNDLE_DIR}/{rel}")
            };
            (path, f.contents)
        })
        .collect();
    Ok((pages, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_urls_keep_the_base_path() {
        let parse = |url: &str| {
            Config::parse(&format!("base_url = \"{url}\"\n"), "config.toml".as_ref())
                .0
                .unwrap()
        };
        let c = parse("https://xa.example.vn");
        assert_eq!(result_url(&c, "thu-tuc/a/index.html"), "/thu-tuc/a/");
        assert_eq!(result_url(&c, "index.html"), "/");
        let c = parse("https://example.vn/xa-hoa-phong");
        assert_eq!(
            result_url(&c, "tin-tuc/b.html"),
            "/xa-hoa-phong/tin-tuc/b.html"
        );
    }
}
