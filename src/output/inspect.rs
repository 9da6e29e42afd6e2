//! What the checks need of the rendered HTML, learnt as each page is put: the internal
//! addresses pages link to, and where some texts appear. Pages are not kept: only these facts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use memchr::memmem;

/// What the checks need to know of the rendered HTML, gathered as each page is put: the
/// internal addresses it links to, and which of some texts (the feedback contact, say) it
/// shows. Pages are not kept: only these facts are.
pub struct Inspector {
    base_url: String,
    /// The files the needles are looked for in.
    scope: NeedleScope,
    /// Find the attributes whose values are addresses.
    links: [memmem::Finder<'static>; 2],
    /// Find each needle.
    finders: Vec<memmem::Finder<'static>>,
    /// What each HTML file showed, by output path: kept per file so that a rebuild in memory
    /// can replace the facts of the files it renders again and keep the others'.
    state: Mutex<InspectorState>,
}

#[derive(Debug, Default)]
struct InspectorState {
    facts: HashMap<String, Arc<FileFacts>>,
    /// How many files link to each target, kept up to date as files come and go, so that a
    /// rebuild does not count every link of the site again.
    counts: LinkCounts,
}

/// Files linking to each internal target.
pub(super) type LinkCounts = HashMap<String, usize>;

/// Counts the links of a file that comes into the output.
pub(super) fn count_links(counts: &mut LinkCounts, facts: &FileFacts) {
    for t in &facts.targets {
        // Most targets (the menu, the stylesheet) are linked from every page: look them up
        // before copying their name.
        match counts.get_mut(t) {
            Some(n) => *n += 1,
            None => {
                counts.insert(t.clone(), 1);
            }
        }
    }
}

/// Takes back the links of a file that leaves the output or will be rendered again.
pub(super) fn uncount_links(counts: &mut LinkCounts, facts: &FileFacts) {
    for t in &facts.targets {
        if let Some(n) = counts.get_mut(t) {
            *n -= 1;
            if *n == 0 {
                counts.remove(t);
            }
        }
    }
}

/// Whether the output answers a link to `target`: the file itself, or a folder's index page.
fn answers(claimed: &HashMap<String, PathBuf>, target: &str) -> bool {
    claimed.contains_key(target)
        || claimed.contains_key(&format!("{target}/index.html"))
        || target
            .strip_suffix("/index.html")
            .is_some_and(|t| claimed.contains_key(t))
}

/// What one HTML file showed the [`Inspector`].
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Internal targets it links to, sorted, once each.
    targets: Vec<String>,
    /// Which needles it contains, when it is in scope.
    found: Option<Vec<bool>>,
}

/// The HTML files an [`Inspector`] looks for its needles in: some paths, and everything under
/// some folders.
#[derive(Debug, Default)]
pub struct NeedleScope {
    /// Output paths ("thu-tuc/a/index.html").
    pub paths: std::collections::HashSet<String>,
    /// Folder prefixes ("ban-in/").
    pub prefixes: Vec<String>,
}

impl NeedleScope {
    fn covers(&self, path: &str) -> bool {
        self.paths.contains(path) || self.prefixes.iter().any(|p| path.starts_with(p.as_str()))
    }
}

/// The facts an [`Inspector`] gathered.
#[derive(Debug, Default)]
pub struct Inspection {
    /// Each internal target (an output path such as "tin-tuc/a/index.html", or as linked when
    /// it names no file) that no output file answers, with the pages linking to it: how many,
    /// and the first few in path order.
    pub broken: HashMap<String, (usize, Vec<String>)>,
    /// For each HTML file in scope, which needles it contains, in the order given.
    pub found: HashMap<String, Vec<bool>>,
}

impl Inspector {
    /// Gathers links within `base_url`, and where each of `needles` (as HTML shows them)
    /// appears in the files of `scope`.
    pub fn new(base_url: &str, needles: Vec<String>, scope: NeedleScope) -> Self {
        Inspector {
            base_url: base_url.trim_end_matches('/').to_string(),
            scope,
            links: [
                memmem::Finder::new(b"href=\"").into_owned(),
                memmem::Finder::new(b"src=\"").into_owned(),
            ],
            finders: needles
                .iter()
                .map(|n| memmem::Finder::new(n.as_bytes()).into_owned())
                .collect(),
            state: Mutex::default(),
        }
    }

    /// Starts from what was learnt of the files a previous build kept, so that a rebuild in
    /// memory inspects only the files it renders again.
    pub(super) fn resume<'a>(
        &self,
        facts: impl Iterator<Item = (&'a String, &'a Arc<FileFacts>)>,
        counts: LinkCounts,
    ) {
        if let Ok(mut state) = self.state.lock() {
            for (path, f) in facts {
                state.facts.insert(path.clone(), f.clone());
            }
            state.counts = counts;
        }
    }

    /// What was learnt of each file, and the link counts, for the files a build keeps.
    pub(super) fn into_facts(self) -> (HashMap<String, Arc<FileFacts>>, LinkCounts) {
        let state = self.state.into_inner().unwrap_or_default();
        (state.facts, state.counts)
    }

    /// Learns what the checks need of the HTML file put at output path `path`.
    pub(super) fn inspect(&self, path: &str, html: &[u8]) {
        // Searching every page of a big site for the needles costs a tenth of its build.
        let found = self.scope.covers(path).then(|| {
            self.finders
                .iter()
                .map(|f| f.find(html).is_some())
                .collect()
        });
        let mut targets: Vec<String> = Vec::new();
        let starts = self.links.iter().flat_map(|f| {
            let n = f.needle().len();
            f.find_iter(html).map(move |at| at + n)
        });
        for start in starts {
            let rest = &html[start..];
            let Some(end) = rest.iter().position(|&b| b == b'"') else {
                continue;
            };
            // Pages are UTF-8; an address that is not is no address of this site.
            let Ok(value) = std::str::from_utf8(&rest[..end]) else {
                continue;
            };
            if let Some(t) = internal_target(&self.base_url, path, &unescape(value)) {
                targets.push(t);
            }
        }
        targets.sort();
        targets.dedup();
        let facts = FileFacts { targets, found };
        if let Ok(mut state) = self.state.lock() {
            count_links(&mut state.counts, &facts);
            state.facts.insert(path.to_string(), Arc::new(facts));
        }
    }

    /// The facts gathered: the targets no file in `claimed` answers, each with the first
    /// pages linking to it in path order (not in the order threads rendered them).
    pub(super) fn inspection(&self, claimed: &HashMap<String, PathBuf>) -> Inspection {
        let Ok(state) = self.state.lock() else {
            return Inspection::default();
        };
        let mut inspection = Inspection::default();
        for (path, facts) in &state.facts {
            if let Some(found) = &facts.found {
                inspection.found.insert(path.clone(), found.clone());
            }
        }
        let broken: Vec<(&String, usize)> = state
            .counts
            .iter()
            .filter(|(t, _)| !answers(claimed, t))
            .map(|(t, n)| (t, *n))
            .collect();
        if broken.is_empty() {
            return inspection;
        }
        let mut paths: Vec<&String> = state.facts.keys().collect();
        paths.sort_unstable();
        for (target, count) in broken {
            let from: Vec<String> = paths
                .iter()
                .filter(|p| state.facts[**p].targets.binary_search(target).is_ok())
                .take(5)
                .map(|p| (*p).clone())
                .collect();
            inspection.broken.insert(target.clone(), (count, from));
        }
        inspection
    }
}

/// Text or an attribute as the browser reads it: the entities templates write undone.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The output path an address on this site points at, from the page at output path `from`:
/// `None` for other sites, e-mail, phone, data and script addresses, and links within a page.
fn internal_target(base_url: &str, from: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') || href.starts_with("//") {
        return None;
    }
    let path = if let Some(rest) = href.strip_prefix(base_url) {
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return None;
        }
        rest.to_string()
    } else if href.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    }) {
        // Another site, mailto:, tel:, data:, javascript:.
        return None;
    } else if href.starts_with('/') {
        href.to_string()
    } else {
        // Relative to the page's folder.
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        format!("/{dir}/{href}")
    };
    let path = path.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<String> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let joined = parts.join("/");
    Some(if path.ends_with('/') || joined.is_empty() {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined
    })
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), std::borrow::Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_needles_are_gathered_where_asked() {
        let scope = NeedleScope {
            paths: ["a/index.html".to_string()].into(),
            prefixes: vec!["ban-in/".into()],
        };
        let needles = vec![
            "0200 1".to_string(),
            "0200 1".to_string(),
            "Thôn &#x2F;".into(),
        ];
        let ins = Inspector::new("https://xa.vn", needles, scope);
        let page = "<a href=\"https://xa.vn/b/\">b</a><img src=\"/h.png\"> 0200 1 <a href=\"#x\">";
        ins.inspect("a/index.html", page.as_bytes());
        ins.inspect(
            "ban-in/x/index.html",
            b"Th\xc3\xb4n &#x2F; <a href=\"/b/\">",
        );
        ins.inspect("c/index.html", page.as_bytes());
        let claimed: HashMap<String, PathBuf> = [("h.png".to_string(), PathBuf::new())].into();
        let got = ins.inspection(&claimed);
        // Equal needles are both found; files out of scope are not searched.
        assert_eq!(got.found["a/index.html"], [true, true, false]);
        assert_eq!(got.found["ban-in/x/index.html"], [false, false, true]);
        assert!(!got.found.contains_key("c/index.html"));
        // Links are gathered everywhere, counted once per page; only those no file answers
        // are reported, with the pages linking in path order.
        assert_eq!(
            got.broken["b/index.html"],
            (
                3,
                vec![
                    "a/index.html".to_string(),
                    "ban-in/x/index.html".into(),
                    "c/index.html".into()
                ]
            )
        );
        assert_eq!(got.broken.len(), 1);
        let claimed: HashMap<String, PathBuf> = [("b".to_string(), PathBuf::new())].into();
        let got = ins.inspection(&claimed);
        assert!(got.broken.contains_key("h.png"));
        assert!(
            !got.broken.contains_key("b/index.html"),
            "b/index.html is answered by the file b"
        );
    }

    #[test]
    fn internal_targets() {
        let base = "https://xa.vn";
        let t = |from: &str, href: &str| internal_target(base, from, href);
        assert_eq!(
            t("a/index.html", "https://xa.vn/tin-tuc/"),
            Some("tin-tuc/index.html".into())
        );
        assert_eq!(
            t("a/index.html", "https://xa.vn"),
            Some("index.html".into())
        );
        assert_eq!(
            t("a/index.html", "/style.css?h=1"),
            Some("style.css".into())
        );
        assert_eq!(
            t("a/b/index.html", "ke-hoach.pdf"),
            Some("a/b/ke-hoach.pdf".into())
        );
        assert_eq!(
            t("a/b/index.html", "../c/#x"),
            Some("a/c/index.html".into())
        );
        assert_eq!(t("x.html", "t%E1%BB%87p.pdf"), Some("tệp.pdf".into()));
        for other in [
            "https://other.vn/",
            "https://xa.vn.evil/",
            "mailto:a@b.vn",
            "tel:0200",
            "#top",
            "data:,",
            "//cdn.x/y",
        ] {
            assert_eq!(t("a/index.html", other), None, "{other}");
        }
        assert_eq!(
            unescape("https:&#x2F;&#x2F;xa.vn&#x2F;a?b=1&amp;c=2"),
            "https://xa.vn/a?b=1&c=2"
        );
    }
}
