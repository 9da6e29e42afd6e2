//! "Thủ tục mới cập nhật": the catalogue's history (`data/lich-su-thu-tuc.toml`, written by
//! `niemyet import`) as a page, newest day first, and as an Atom feed, so that citizens and the
//! province can follow what was added, changed or abolished.
//!
//! The page goes under the top section holding every procedure (`thu-tuc/moi-cap-nhat/` for a
//! catalogue the importer made), which stays put when fields come and go, so the feed's address
//! does too. It is made when the site has a history and the theme has [`TEMPLATE`]; the feed
//! uses [`FEED_TEMPLATE`], built in, which a site may override. Templates find both through
//! `procedure_updates()`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value as Json};

use super::pages::put_all;
use super::{text_file, RenderData};
use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::Diagnostic;
use crate::disclosure::calendar;
use crate::output::{file_for_url_path, Output};
use crate::procedure::history::{self, Entry, Kind};

/// The theme's template of the page.
pub const TEMPLATE: &str = "procedure-updates.html";
/// The feed's template.
pub const FEED_TEMPLATE: &str = "procedure-updates.xml";
/// The page's folder under the catalogue.
const SLUG: &str = "moi-cap-nhat";
/// The feed's file in the page's folder.
const FEED_FILE: &str = "atom.xml";

/// The history as this build publishes it, read once.
#[derive(Debug, Default)]
pub struct Loaded {
    entries: Vec<Entry>,
    diags: Vec<Diagnostic>,
    /// The section the page goes under, and the page's URL path, when there is a page.
    place: Option<(usize, String)>,
}

/// Reads the history of the site at `root` and finds where its page goes; no page without a
/// history, a procedure page or the template.
pub fn load(root: &Path, lib: &Library, has_template: bool) -> Loaded {
    let (entries, diags) = history::read(root);
    let place = (!entries.is_empty() && has_template)
        .then(|| catalogue(lib))
        .flatten()
        .map(|i| (i, format!("{}{SLUG}/", lib.sections[i].path)));
    Loaded {
        entries,
        diags,
        place,
    }
}

/// The top section holding every procedure page: the first one below the home page that all
/// of them are in, else the home page.
fn catalogue(lib: &Library) -> Option<usize> {
    let mut common: Option<&[String]> = None;
    for p in lib.pages.iter().filter(|p| p.meta.procedure.is_some()) {
        let mine = p.ancestors.as_slice();
        common = Some(match common {
            None => mine,
            Some(c) => {
                let same = c.iter().zip(mine).take_while(|(a, b)| a == b).count();
                &c[..same]
            }
        });
    }
    let common = common?;
    let relative = common.get(1).or_else(|| common.first())?;
    match lib.by_relative.get(relative) {
        Some(crate::content::library::Entry::Section(i)) => Some(*i),
        _ => None,
    }
}

impl Loaded {
    /// The page's URL path, when the build makes it.
    pub fn page_path(&self) -> Option<&str> {
        self.place.as_ref().map(|(_, p)| p.as_str())
    }

    /// The day of the newest entry.
    pub fn latest(&self) -> Option<chrono::NaiveDate> {
        self.entries.iter().map(|e| e.date).max()
    }

    /// What `procedure_updates()` returns: the page's and the feed's addresses, how many
    /// entries and the newest day; null when there is no page.
    pub fn summary(&self, config: &Config) -> Json {
        let (Some(path), Some(latest)) = (self.page_path(), self.latest()) else {
            return Json::Null;
        };
        json!({
            "permalink": config.make_permalink(path),
            "feed_url": config.make_permalink(&format!("{path}{FEED_FILE}")),
            "count": self.entries.len(),
            "latest": latest.to_string(),
            "latest_label": calendar::vietnamese(latest),
        })
    }
}

/// An entry as templates see it, with the procedure's page when the site has it.
fn entry_json(e: &Entry, pages: &HashMap<&str, &str>) -> Json {
    json!({
        "date": e.date.to_string(),
        "date_label": calendar::vietnamese(e.date),
        "code": e.code,
        "name": e.name,
        "kind": e.kind.name(),
        "kind_label": e.kind.label(),
        "fields": e.fields,
        "permalink": pages.get(e.code.as_str()),
    })
}

/// The entries newest day first (in file order within a day), each day grouped by what
/// happened: added, changed, then abolished.
fn days(entries: &[Entry], pages: &HashMap<&str, &str>) -> Json {
    let mut dates: Vec<chrono::NaiveDate> = entries.iter().map(|e| e.date).collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.dedup();
    let days = dates.into_iter().map(|day| {
        let groups: Vec<Json> = [Kind::Added, Kind::Changed, Kind::Abolished]
            .into_iter()
            .filter_map(|kind| {
                let items: Vec<Json> = entries
                    .iter()
                    .filter(|e| e.date == day && e.kind == kind)
                    .map(|e| entry_json(e, pages))
                    .collect();
                (!items.is_empty())
                    .then(|| json!({"kind": kind.name(), "label": kind.label(), "entries": items}))
            })
            .collect();
        json!({"date": day.to_string(), "label": calendar::vietnamese(day), "groups": groups})
    });
    Json::Array(days.collect())
}

/// The feed's entries, newest first, each with an id that stays the same as the history
/// grows: its day, code and kind, numbered when one import day repeats them.
fn feed_entries(rd: &RenderData<'_>, loaded: &Loaded, pages: &HashMap<&str, &str>) -> Json {
    let mut order: Vec<usize> = (0..loaded.entries.len()).collect();
    order.sort_by(|&a, &b| {
        loaded.entries[b]
            .date
            .cmp(&loaded.entries[a].date)
            .then(b.cmp(&a))
    });
    let mut seen: HashMap<(chrono::NaiveDate, &str, Kind), usize> = HashMap::new();
    let mut ids = vec![String::new(); loaded.entries.len()];
    for (i, e) in loaded.entries.iter().enumerate() {
        let n = seen.entry((e.date, e.code.as_str(), e.kind)).or_default();
        *n += 1;
        let suffix = if *n > 1 {
            format!("-{n}")
        } else {
            String::new()
        };
        ids[i] = format!("{}-{}-{}{suffix}", e.date, e.code, e.kind.name());
    }
    if let Some(limit) = rd.config.feed_limit {
        order.truncate(limit);
    }
    Json::Array(
        order
            .into_iter()
            .map(|i| {
                let mut v = entry_json(&loaded.entries[i], pages);
                v["id"] = json!(ids[i]);
                v
            })
            .collect(),
    )
}

/// Renders the page and its feed; the history's problems are reported whether or not there is
/// a page.
pub fn render(rd: &RenderData<'_>, loaded: &Loaded, out: &Output) -> Vec<Diagnostic> {
    let mut diags = loaded.diags.clone();
    let (Some((section, path)), Some(latest)) = (&loaded.place, loaded.latest()) else {
        return diags;
    };
    let pages: HashMap<&str, &str> = rd
        .lib
        .pages
        .iter()
        .filter_map(|p| {
            Some((
                p.meta.procedure.as_ref()?.code.as_str(),
                p.permalink.as_str(),
            ))
        })
        .collect();
    let summary = loaded.summary(rd.config);
    let feed_path = format!("{path}{FEED_FILE}");
    let mut updates = summary.clone();
    updates["days"] = days(&loaded.entries, &pages);
    let producer = Path::new(history::FILE);
    let page_ctx = rd.context(
        path,
        vec![
            ("catalogue", rd.values.sections[*section].clone()),
            ("updates", updates),
        ],
    );
    let page = rd
        .render_listing(TEMPLATE, path, page_ctx, "trang thủ tục mới cập nhật")
        .map(|html| text_file(file_for_url_path(path), html, producer));
    let mut feed_ctx = rd.context(
        &feed_path,
        vec![
            ("updates", summary),
            ("entries", feed_entries(rd, loaded, &pages)),
        ],
    );
    feed_ctx.insert("feed_url", &rd.config.make_permalink(&feed_path));
    feed_ctx.insert("last_updated", &latest.to_string());
    let feed = rd
        .render_listing(
            FEED_TEMPLATE,
            &feed_path,
            feed_ctx,
            "bản tin thủ tục mới cập nhật",
        )
        .map(|xml| text_file(feed_path.trim_start_matches('/').to_string(), xml, producer));
    for file in [page, feed] {
        if let Err(d) = file.and_then(|f| put_all(out, vec![f])) {
            diags.push(d);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(day: u32, code: &str, kind: Kind) -> Entry {
        Entry {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            code: code.into(),
            name: format!("Thủ tục {code}"),
            kind,
            fields: Vec::new(),
            source: None,
        }
    }

    #[test]
    fn days_are_newest_first_and_grouped_by_kind() {
        let entries = vec![
            entry(1, "1.001193", Kind::Added),
            entry(1, "1.000656", Kind::Added),
            entry(3, "1.000656", Kind::Abolished),
            entry(3, "1.001193", Kind::Changed),
            entry(2, "1.000894", Kind::Added),
        ];
        let pages: HashMap<&str, &str> = [("1.001193", "https://x.vn/thu-tuc/a/")].into();
        let d = days(&entries, &pages);
        let dates: Vec<&str> = d
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["date"].as_str().unwrap())
            .collect();
        assert_eq!(dates, ["2026-12-03", "2026-12-02", "2026-12-01"]);
        let third = &d[0]["groups"];
        assert_eq!(third[0]["kind"], "cap-nhat");
        assert_eq!(third[1]["kind"], "bai-bo");
        assert_eq!(third[1]["entries"][0]["permalink"], Json::Null);
        assert_eq!(
            third[0]["entries"][0]["permalink"],
            "https://x.vn/thu-tuc/a/"
        );
        let first = &d[2]["groups"][0]["entries"];
        assert_eq!(first[0]["code"], "1.001193", "file order within a day");
        assert_eq!(d[2]["label"], "01/12/2026");
    }
}
