//! Reading the site's files, below every model: positioned TOML, text and its encoding, front
//! matter, folder listings and the names never read. Nothing here knows what a page, a
//! procedure or a site is.

pub mod files;
pub mod front_matter;
pub mod ignored;
pub mod table_reader;
pub mod text;
pub mod toml_doc;
