//! `niemyet import`: reading procedure lists published elsewhere and merging them into the
//! site's procedure files without losing what editors wrote.

mod cells;
pub mod command;
mod existing;
mod flat;
mod front_edit;
pub mod merge;
mod national;
mod open_data;
mod plan;
pub mod report;
mod sections;
pub mod select;
pub mod source;
mod workbook;
mod write;

pub use source::{read_source, Carry, Skipped, Source, SourceKind};
