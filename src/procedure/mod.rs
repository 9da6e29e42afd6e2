//! Administrative procedures (thủ tục hành chính): the parts of a record that are written as
//! free text in the national database but that citizens compare, such as time limits and fees.

pub mod fee;
pub mod gaps;
pub mod history;
pub mod keys;
pub mod read;
pub mod record;
pub mod time_limit;
pub mod view;
