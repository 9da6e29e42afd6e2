//! Pagers for sections and taxonomy terms, built from the shared page values.

use serde_json::{json, Value as Json};

use super::RenderData;

/// One pager: where it is written and the `paginator` its template gets.
pub struct Pager {
    /// URL path of this pager.
    pub path: String,
    /// 1-based index.
    pub index: usize,
    /// The `paginator` context variable.
    pub paginator: Json,
}

/// URL path of pager `k` of a list at `base` (pager 1 is the list itself).
pub fn pager_path(base: &str, paginate_path: &str, k: usize) -> String {
    if k == 1 {
        base.to_string()
    } else {
        format!("{base}{paginate_path}/{k}/")
    }
}

/// Number of pagers for `count` items, `by` per pager (at least one, even when empty).
pub fn pager_count(count: usize, by: usize) -> usize {
    count.div_ceil(by).max(1)
}

/// Splits `pages` into pagers of `by` under `base` (a URL path ending in `/`). Lazy: each
/// pager's page values are copied only when it is rendered, not all at once.
pub fn pagers<'a>(
    rd: &'a RenderData<'_>,
    pages: &'a [usize],
    by: usize,
    base: &'a str,
    paginate_path: &'a str,
) -> impl Iterator<Item = Pager> + 'a {
    let count = pager_count(pages.len(), by);
    let link = move |k: usize| {
        rd.config
            .make_permalink(&pager_path(base, paginate_path, k))
    };
    (1..=count).map(move |k| {
        let chunk: Vec<Json> = pages
            .iter()
            .skip((k - 1) * by)
            .take(by)
            .map(|&pi| rd.values.listed(pi).clone())
            .collect();
        let paginator = json!({
            "paginate_by": by,
            "base_url": format!("{}{paginate_path}/", rd.config.make_permalink(base)),
            "number_pagers": count,
            "first": link(1),
            "last": link(count),
            "previous": (k > 1).then(|| link(k - 1)),
            "next": (k < count).then(|| link(k + 1)),
            "pages": Json::Array(chunk),
            "current_index": k,
            "total_pages": pages.len(),
        });
        Pager {
            path: pager_path(base, paginate_path, k),
            index: k,
            paginator,
        }
    })
}
