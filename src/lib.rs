//! niemyet: a Zola-compatible static site generator for a Vietnamese commune's public portal.
//!
//! The pipeline reads in order: [`site::load`] (config, theme, templates, content) →
//! [`content::Library::resolve`] → validation → [`render`] → [`output::Output`] (staged, atomic writes).

pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod disclosure;
pub mod document;
pub mod highlight;
pub mod import;
pub mod incremental;
pub mod init;
pub mod input;
pub mod markdown;
pub mod output;
pub mod procedure;
pub mod qr;
pub mod render;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod templates;
pub mod theme;
pub mod vietnamese;

pub use site::{build, check, BuildOptions};
