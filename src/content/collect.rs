//! Collections made from the content: the register of documents (by kind, year and field), and
//! everything the commune makes public (by category of Điều 11 and by quarter). Templates read
//! them through functions and the build renders pages from them; both see the same lists.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::library::Entry;
use super::Library;
use crate::disclosure::{Disclosure, Quarter};

/// A group of a register's documents.
#[derive(Debug, Clone)]
pub struct Group {
    /// "loai", "nam" or "linh-vuc": the path segment of the kind of grouping.
    pub by: &'static str,
    /// The path segment of this group ("ke-hoach", "2026", "chuyen-doi-so").
    pub key: String,
    /// As citizens read it ("Kế hoạch", "2026", "Chuyển đổi số").
    pub label: String,
    /// URL path of the group's page.
    pub path: String,
    /// Its documents, newest first, by library index.
    pub pages: Vec<usize>,
}

/// A section listing documents, and its documents grouped.
#[derive(Debug, Clone)]
pub struct Register {
    /// The section, by library index.
    pub section: usize,
    /// Its documents, newest first.
    pub pages: Vec<usize>,
    /// By kind, in the order kinds are listed.
    pub kinds: Vec<Group>,
    /// By year, newest first.
    pub years: Vec<Group>,
    /// By field, in alphabetical order.
    pub fields: Vec<Group>,
}

/// Every section whose pages include documents, with its groups.
pub fn registers(lib: &Library) -> Vec<Register> {
    let mut out = Vec::new();
    for (si, s) in lib.sections.iter().enumerate() {
        let mut pages: Vec<usize> = s
            .pages
            .iter()
            .copied()
            .filter(|&p| lib.pages[p].meta.document.is_some())
            .collect();
        if pages.is_empty() {
            continue;
        }
        let doc = |p: usize| {
            lib.pages[p]
                .meta
                .document
                .as_deref()
                .expect("filtered above")
        };
        pages.sort_by(|&a, &b| {
            (doc(b).issued.date(), &doc(b).number).cmp(&(doc(a).issued.date(), &doc(a).number))
        });
        let group = |by: &'static str, key: String, label: String, members: Vec<usize>| Group {
            path: format!("{}{by}/{key}/", s.path),
            by,
            key,
            label,
            pages: members,
        };
        let mut kinds: BTreeMap<crate::document::Kind, Vec<usize>> = BTreeMap::new();
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut fields: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for &p in &pages {
            let d = doc(p);
            kinds.entry(d.kind).or_default().push(p);
            years.entry(d.issued.date().year()).or_default().push(p);
            if let Some(f) = &d.field {
                let key = slug::slugify(f);
                if !key.is_empty() {
                    fields
                        .entry(key)
                        .or_insert_with(|| (f.clone(), Vec::new()))
                        .1
                        .push(p);
                }
            }
        }
        out.push(Register {
            section: si,
            kinds: kinds
                .into_iter()
                .map(|(k, m)| group("loai", k.name().into(), k.label().into(), m))
                .collect(),
            years: years
                .into_iter()
                .rev()
                .map(|(y, m)| group("nam", y.to_string(), y.to_string(), m))
                .collect(),
            fields: fields
                .into_iter()
                .map(|(key, (label, m))| group("linh-vuc", key, label, m))
                .collect(),
            pages,
        });
    }
    out
}

/// Something the commune makes public: a page, a document or a collection (a section).
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// Where it is.
    pub entry: Entry,
    /// Its title.
    pub title: &'a str,
    /// Its address.
    pub permalink: &'a str,
    /// Its file, relative to the site root, for messages.
    pub file: &'a std::path::Path,
    /// What it says about its disclosure.
    pub disclosure: &'a Disclosure,
}

/// Everything with a `[disclosure]` table, by category then date made public.
pub fn disclosures(lib: &Library) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = Vec::new();
    for (i, p) in lib.pages.iter().enumerate() {
        if let Some(d) = p.meta.disclosure.as_deref() {
            out.push(Item {
                entry: Entry::Page(i),
                title: p.meta.title.as_deref().unwrap_or(&p.slug),
                permalink: &p.permalink,
                file: &p.file.display,
                disclosure: d,
            });
        }
    }
    for (i, s) in lib.sections.iter().enumerate() {
        if let Some(d) = s.meta.disclosure.as_deref() {
            out.push(Item {
                entry: Entry::Section(i),
                title: s.meta.title.as_deref().unwrap_or(""),
                permalink: &s.permalink,
                file: &s.file.display,
                disclosure: d,
            });
        }
    }
    out.sort_by(|a, b| {
        (
            a.disclosure.category.number,
            b.disclosure.made_public(),
            a.permalink,
        )
            .cmp(&(
                b.disclosure.category.number,
                a.disclosure.made_public(),
                b.permalink,
            ))
    });
    out
}

/// The items made public in each quarter, oldest quarter first, each list by date.
pub fn by_quarter<'a>(items: &[Item<'a>]) -> BTreeMap<Quarter, Vec<Item<'a>>> {
    let mut out: BTreeMap<Quarter, Vec<Item<'a>>> = BTreeMap::new();
    for it in items {
        if let Some(day) = it.disclosure.made_public() {
            out.entry(Quarter::of(day)).or_default().push(*it);
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| {
            (
                a.disclosure.made_public(),
                a.disclosure.category.number,
                a.permalink,
            )
                .cmp(&(
                    b.disclosure.made_public(),
                    b.disclosure.category.number,
                    b.permalink,
                ))
        });
    }
    out
}

/// How and when an item was made public, in a sentence: the website, the places posted and
/// for how long, the loudspeakers.
pub fn forms(d: &Disclosure) -> String {
    use crate::disclosure::calendar::vietnamese;
    let mut parts = Vec::new();
    if let Some(p) = &d.published {
        parts.push(format!(
            "đăng trang thông tin điện tử ngày {}",
            vietnamese(p.date())
        ));
    }
    if !d.places.is_empty() {
        let places: Vec<String> = d
            .places
            .iter()
            .map(crate::disclosure::Place::label)
            .collect();
        let when = match (&d.posted_from, &d.posted_until, d.permanent) {
            (Some(f), _, true) => format!(" thường xuyên từ ngày {}", vietnamese(f.date())),
            (_, _, true) => " thường xuyên".to_string(),
            (Some(f), Some(u), _) => {
                format!(
                    " từ ngày {} đến ngày {}",
                    vietnamese(f.date()),
                    vietnamese(u.date())
                )
            }
            (Some(f), None, _) => format!(" từ ngày {}", vietnamese(f.date())),
            _ => String::new(),
        };
        parts.push(format!("niêm yết tại {}{when}", places.join(", ")));
    }
    if !d.loudspeaker.is_empty() {
        let days: Vec<String> = d.loudspeaker.iter().map(|x| vietnamese(x.date())).collect();
        parts.push(format!(
            "đọc trên loa truyền thanh các ngày {}",
            days.join(", ")
        ));
    }
    let s = parts.join("; ");
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// A register's groups as `get_document_register` returns them: `kinds`, `years`, `fields`,
/// each a list of `{key, label, count, permalink}`.
pub fn register_json(r: &Register, make_permalink: impl Fn(&str) -> String) -> serde_json::Value {
    let groups = |gs: &[Group]| {
        gs.iter()
            .map(|g| {
                serde_json::json!({
                    "by": g.by,
                    "key": g.key,
                    "label": g.label,
                    "count": g.pages.len(),
                    "permalink": make_permalink(&g.path),
                })
            })
            .collect::<Vec<_>>()
    };
    serde_json::json!({
        "count": r.pages.len(),
        "kinds": groups(&r.kinds),
        "years": groups(&r.years),
        "fields": groups(&r.fields),
    })
}

/// An item as templates see it: title, address, category and the disclosure with labels.
pub fn item_json(it: &Item<'_>) -> serde_json::Value {
    let mut v = crate::disclosure::view::for_templates(it.disclosure);
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("title".into(), it.title.into());
        m.insert("permalink".into(), it.permalink.into());
        m.insert("forms".into(), forms(it.disclosure).into());
        m.insert(
            "made_public_label".into(),
            it.disclosure
                .made_public()
                .map(crate::disclosure::calendar::vietnamese)
                .into(),
        );
    }
    v
}

/// The URL path of a quarter's list under the disclosure hub at `hub_path`.
pub fn quarter_path(hub_path: &str, q: Quarter) -> String {
    format!("{hub_path}quy/{}/", q.key())
}

/// What `get_disclosures()` returns: every category of Điều 11 with its current and past
/// items, and the quarters that have items (with their lists' addresses when there is a hub).
pub fn disclosures_json(
    lib: &Library,
    today: chrono::NaiveDate,
    hub_path: Option<&str>,
    make_permalink: impl Fn(&str) -> String,
) -> serde_json::Value {
    let items = disclosures(lib);
    let categories: Vec<serde_json::Value> = crate::disclosure::CATEGORIES
        .iter()
        .map(|c| {
            let mine: Vec<&Item<'_>> = items
                .iter()
                .filter(|i| i.disclosure.category.number == c.number)
                .collect();
            let (current, past): (Vec<&&Item<'_>>, Vec<&&Item<'_>>) =
                mine.iter().partition(|i| i.disclosure.is_current());
            serde_json::json!({
                "number": c.number,
                "title": c.title,
                "permanent": c.permanent(),
                "posted_30_days": c.posted_30_days(),
                "loudspeaker": c.loudspeaker(),
                "current": current.iter().map(|i| item_json(i)).collect::<Vec<_>>(),
                "past": past.iter().map(|i| item_json(i)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let quarters: Vec<serde_json::Value> = by_quarter(&items)
        .into_iter()
        .rev()
        .map(|(q, list)| {
            serde_json::json!({
                "key": q.key(),
                "label": q.label(),
                "count": list.len(),
                "permalink": hub_path.map(|h| make_permalink(&quarter_path(h, q))),
            })
        })
        .collect();
    serde_json::json!({
        "today": crate::disclosure::calendar::vietnamese(today),
        "categories": categories,
        "quarters": quarters,
    })
}
