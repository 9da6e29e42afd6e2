//! Editing a procedure file's TOML front matter in place with `toml_edit`, so the editor's
//! comments, key order and layout survive and only the values the import changes are
//! rewritten; and the `[procedure.import]` table where the importer records what it wrote.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Table};

use crate::diagnostics::Diagnostic;
use crate::input::front_matter::{self, Format};
use crate::input::toml_doc::toml_to_json;
use crate::procedure::keys;

/// Offsets of the front matter inside `text`.
pub(super) fn front_range(text: &str) -> Result<(usize, usize), Diagnostic> {
    let split = front_matter::split(text).map_err(|_| {
        Diagnostic::error("tệp không có phần đầu +++ đúng dạng")
            .with_hint("phần đầu mở và đóng bằng một dòng +++")
    })?;
    if split.format != Format::Toml {
        return Err(Diagnostic::error(
            "niemyet import chỉ cập nhật được phần đầu viết bằng TOML (+++), tệp này dùng YAML",
        )
        .with_hint("chuyển phần đầu sang TOML rồi nhập lại"));
    }
    let start = split.front.as_ptr() as usize - text.as_ptr() as usize;
    Ok((start, start + split.front.len()))
}

pub(super) fn parse_front(front: &str) -> Result<(DocumentMut, toml::Table), Diagnostic> {
    let bad = |m: String| {
        Diagnostic::error(format!("phần đầu có lỗi cú pháp TOML: {m}"))
            .with_hint("chạy niemyet check để xem lỗi ở dòng nào, sửa rồi nhập lại")
    };
    let doc: DocumentMut = front
        .parse()
        .map_err(|e: toml_edit::TomlError| bad(e.message().to_string()))?;
    let table: toml::Table = toml::from_str(front).map_err(|e| bad(e.message().to_string()))?;
    Ok((doc, table))
}

pub(super) fn is_empty(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::String(s) => s.is_empty(),
        Json::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The value of a managed key in a parsed front matter.
pub(super) fn current_value(table: &toml::Table, key: &str) -> Option<Json> {
    let v = match keys::in_table(key) {
        Some(k) => table.get(keys::TABLE)?.get(k)?,
        None => table.get(key)?,
    };
    let j = toml_to_json(v.clone());
    (!is_empty(&j)).then_some(j)
}

/// The item a value is written as: arrays of objects become `[[procedure.x]]` tables; lists of
/// strings are written one item per line when they are long.
fn to_item(key: &str, value: &Json) -> Item {
    // Serialising a single-key table gives toml_edit's own choice of string quoting.
    let mut wrapper = serde_json::Map::new();
    wrapper.insert("v".into(), value.clone());
    let doc = toml_edit::ser::to_document(&wrapper).unwrap_or_default();
    let mut item = doc.get("v").cloned().unwrap_or(Item::None);
    guard_fences(&mut item);
    match item {
        Item::Value(toml_edit::Value::Array(arr))
            if !arr.is_empty() && arr.iter().all(|v| v.is_inline_table()) =>
        {
            let mut tables = toml_edit::ArrayOfTables::new();
            for v in arr.iter() {
                if let Some(t) = v.as_inline_table() {
                    let mut t = t.clone().into_table();
                    // JSON objects come sorted by name; files read better in the record's order.
                    t.sort_values_by(|a, _, b, _| row_key_rank(a).cmp(&row_key_rank(b)));
                    tables.push(t);
                }
            }
            Item::ArrayOfTables(tables)
        }
        Item::Value(toml_edit::Value::Array(mut arr)) => {
            let long = arr.iter().map(|v| v.to_string().len()).sum::<usize>() > 60;
            if long {
                for v in arr.iter_mut() {
                    v.decor_mut().set_prefix("\n  ");
                    v.decor_mut().set_suffix("");
                }
                arr.set_trailing_comma(true);
                arr.set_trailing("\n");
            }
            let _ = key;
            Item::Value(toml_edit::Value::Array(arr))
        }
        // Dates stay dates, as an editor would write them.
        Item::Value(toml_edit::Value::String(s))
            if key == keys::LAST_REVIEWED.front
                && s.value().parse::<toml_edit::Datetime>().is_ok() =>
        {
            toml_edit::value(
                s.value()
                    .parse::<toml_edit::Datetime>()
                    .expect("checked above"),
            )
        }
        other => other,
    }
}

/// Rewrites, as one-line escaped strings, the strings that have a line `+++` or `---`: written
/// over several lines, such a line would end the front matter in the middle of the value.
fn guard_fences(item: &mut Item) {
    fn value(v: &mut toml_edit::Value) {
        match v {
            toml_edit::Value::String(s) if has_fence_line(s.value()) => {
                if let Ok(escaped) = basic_string(s.value()).parse::<toml_edit::Value>() {
                    let decor = s.decor().clone();
                    *v = escaped;
                    *v.decor_mut() = decor;
                }
            }
            toml_edit::Value::Array(a) => a.iter_mut().for_each(value),
            toml_edit::Value::InlineTable(t) => t.iter_mut().for_each(|(_, v)| value(v)),
            _ => {}
        }
    }
    match item {
        Item::Value(v) => value(v),
        Item::Table(t) => t.iter_mut().for_each(|(_, i)| guard_fences(i)),
        Item::ArrayOfTables(a) => a
            .iter_mut()
            .for_each(|t| t.iter_mut().for_each(|(_, i)| guard_fences(i))),
        Item::None => {}
    }
}

fn has_fence_line(s: &str) -> bool {
    s.contains('\n') && s.lines().any(|l| matches!(l.trim_end(), "+++" | "---"))
}

/// `s` as a TOML basic string on one line.
fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Position of a key within a row table (channel, document, result, legal document).
fn row_key_rank(key: &str) -> usize {
    let order = keys::ROW_ORDER;
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// The `[procedure]` table of a document, created when missing.
fn procedure_table(doc: &mut DocumentMut) -> Result<&mut Table, Diagnostic> {
    let item = doc
        .entry(keys::TABLE)
        .or_insert_with(|| Item::Table(Table::new()));
    item.as_table_mut().ok_or_else(|| {
        Diagnostic::error("`procedure` phải là một bảng [procedure]")
            .with_hint("viết [procedure] trên một dòng riêng, các trường của thủ tục ở dưới")
    })
}

pub(super) fn set_key(
    doc: &mut DocumentMut,
    key: &str,
    value: Option<&Json>,
) -> Result<(), Diagnostic> {
    let in_table = keys::in_table(key);
    let table: &mut Table = match in_table {
        Some(_) => procedure_table(doc)?,
        None => doc.as_table_mut(),
    };
    let name = in_table.unwrap_or(key);
    match value {
        Some(v) => {
            let item = to_item(key, v);
            match table.get_mut(name) {
                // Keep the comment and spacing around a value the editor laid out.
                Some(Item::Value(old)) if item.is_value() => {
                    let decor = old.decor().clone();
                    *old = item.into_value().expect("checked is_value");
                    *old.decor_mut() = decor;
                }
                _ => {
                    table.insert(name, item);
                }
            }
        }
        None => {
            table.remove(name);
        }
    }
    Ok(())
}

/// The hashes the last import recorded, by key.
pub(super) fn base_hashes(table: &toml::Table) -> BTreeMap<String, String> {
    table
        .get(keys::TABLE)
        .and_then(|p| p.get(keys::IMPORT))
        .and_then(|i| i.get(HASHES))
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// The import file `[procedure.import]` names, empty when there is none.
pub(super) fn last_source(table: &toml::Table) -> String {
    table
        .get(keys::TABLE)
        .and_then(|p| p.get(keys::IMPORT))
        .and_then(|i| i.get(SOURCE))
        .and_then(toml::Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// In `[procedure.import]`: the file last imported, and a hash of each value it wrote.
const SOURCE: &str = "source";
const HASHES: &str = "hashes";

pub(super) fn write_import_table(
    doc: &mut DocumentMut,
    source_name: &str,
    hashes: &BTreeMap<String, String>,
) -> Result<(), Diagnostic> {
    let p = procedure_table(doc)?;
    let mut inline = toml_edit::InlineTable::new();
    for (k, v) in hashes {
        inline.insert(k, v.as_str().into());
    }
    let mut t = Table::new();
    t.decor_mut().set_prefix(
        "\n# Do niemyet import ghi để biết trường nào bạn đã sửa; đừng sửa bảng này.\n",
    );
    t.insert(SOURCE, toml_edit::value(source_name));
    t.insert(HASHES, toml_edit::value(inline));
    p.insert(keys::IMPORT, Item::Table(t));
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_fence_line_in_a_value_cannot_end_the_front_matter() {
        let step = "Bước 1:\n+++\nNộp \"hồ sơ\"\\.\n---";
        let mut doc = DocumentMut::new();
        set_key(&mut doc, keys::STEPS.front, Some(&json!([step]))).unwrap();
        let text = format!("+++\n{doc}+++\n");
        let split = front_matter::split(&text).unwrap();
        assert!(split.body.is_empty(), "{text}");
        let (_, table) = parse_front(split.front).unwrap();
        assert_eq!(
            current_value(&table, keys::STEPS.front),
            Some(json!([step]))
        );
    }
}
