//! Integration tests: small fixture sites under `tests/fixtures/` built into temp folders,
//! with assertions on the files they produce (in the manner of mdBook's testsuite).

mod architecture;
mod atomic;
mod catalogue;
mod catalogue_updates;
mod cli;
mod common;
mod disclosure;
mod documents;
mod errors;
mod functions;
mod highlight;
mod import;
mod incremental;
mod links;
mod pages;
mod posters;
mod procedures;
mod procedures_pages;
mod sass;
mod search;
mod sections;
mod serve;
mod shortcodes;
mod snapshots;
mod support_qr;
mod taxonomies;
mod templates;
mod zola_theme;
