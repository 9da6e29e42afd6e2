//! `niemyet import`: reading procedure lists published elsewhere and merging them into the
//! site's procedure files without losing what editors wrote.

mod cells;
pub mod command;
mod flat;
pub mod merge;
mod national;
mod open_data;
pub mod report;
pub mod source;
mod workbook;

pub use source::{read_source, Carry, Skipped, Source, SourceKind};
