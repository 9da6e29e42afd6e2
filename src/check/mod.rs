//! The rules `niemyet check` enforces (and `niemyet build` too: an error stops the build), each
//! citing the article it comes from, each finding in Vietnamese with its file and line where
//! there is one:
//!
//! | rule | module | article |
//! |---|---|---|
//! | every kind of information has something current on the site | [`disclosure`] | Luật 10/2022/QH15, Điều 13 khoản 1 |
//! | published within 5 working days of the decision | [`disclosure`] | Điều 12 khoản 3 |
//! | posted 30 consecutive days (1–3, 5–12) or permanently (4, 13), at the office and every village | [`disclosure`] | Điều 13 khoản 2 |
//! | read on the loudspeakers 3 consecutive days (7–12), where recorded | [`disclosure`] | Điều 13 khoản 3 |
//! | the quarterly list of what was made public | [`disclosure`] | Điều 13 khoản 2 |
//! | the pages about the commune exist | [`commune_pages`] | Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c |
//! | the feedback contact is configured and on every procedure page and poster | [`contact`] | Nghị định 20/2008/NĐ-CP, Điều 13 |
//! | the link to rate satisfaction is configured and shown | [`contact`] | Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm b |
//! | every procedure reviewed within its period | [`procedures`] | Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3 |
//! | every gap in the procedure data listed, counted per kind | [`data_quality`] | Nghị định 63/2010/NĐ-CP, Điều 8 |
//! | no broken internal link, no missing local file | [`links`] | Nghị định 224/2026/NĐ-CP, Điều 12 |
//!
//! The rules about the commune as a whole (what is on the site, its pages, its contacts) apply
//! only where config.toml has a `[commune]` table: a plain Zola site owes the law nothing.
//!
//! A procedure's values are checked when it is read (`procedure::read`); the parts Nghị định
//! 63/2010 Điều 8 requires that the national data leaves blank are gaps, listed here
//! ([`data_quality`]) as warnings, so that the real catalogue builds.

pub mod commune_pages;
pub mod contact;
pub mod data_quality;
pub mod disclosure;
pub mod links;
pub mod procedures;
pub mod report;

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostics::Diagnostic;
use crate::output::{Inspection, Inspector, Output};

/// What every rule reads.
pub struct Context<'a> {
    /// The site folder.
    pub root: &'a std::path::Path,
    /// The site's configuration.
    pub config: &'a Config,
    /// Its content.
    pub lib: &'a Library,
    /// The day the rules are checked for.
    pub today: NaiveDate,
    /// What the rendered pages link to and show.
    pub inspection: &'a Inspection,
    /// The rendered files.
    pub output: &'a Output,
}

/// The inspector a build's output needs for these rules.
pub fn inspector(config: &Config, lib: &Library) -> Inspector {
    Inspector::new(
        &config.base_url,
        contact::needles(config),
        contact::scope(config, lib),
    )
}

/// Runs every rule.
pub fn run(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(disclosure::check(cx));
    if cx.config.is_commune {
        out.extend(commune_pages::check(cx));
        out.extend(contact::check(cx));
    }
    out.extend(procedures::check(cx));
    out.extend(data_quality::check(cx));
    out.extend(links::check(cx));
    out
}

/// The line of `key` in the front matter of a page or section, when it is there.
pub(crate) fn position(
    positions: &crate::input::toml_doc::KeyPositions,
    key: &str,
) -> Option<(usize, usize)> {
    positions.get(key).copied().or_else(|| {
        key.rsplit_once('.')
            .and_then(|(table, _)| positions.get(table).copied())
    })
}
