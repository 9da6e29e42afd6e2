//! Merging imported records into the site's procedure files without losing editors' work.
//!
//! Each procedure file remembers, in `[procedure.import]`, a short hash of every value the last
//! import wrote. On the next import a field is a three-way merge of what the file holds now
//! (the editor's), what the last import wrote (the base) and what the file being imported says:
//! - the editor never touched it (now = base): take the imported value;
//! - the editor changed it and the import did not (imported = base): keep the editor's;
//! - both changed it to different values: keep the editor's and report a conflict.
//!
//! The markdown body is never touched, and the front matter is edited in place
//! ([`front_edit`](super::front_edit)), so the editor's comments, key order and layout survive.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use toml_edit::DocumentMut;

use super::front_edit::{
    base_hashes, current_value, front_range, is_empty, last_source, parse_front, set_key,
    write_import_table,
};
use super::source::Carry;
use crate::diagnostics::Diagnostic;
use crate::procedure::keys;
use crate::procedure::record::{Record, Status};

// Planning and writing an import were in this module, and the library's users name them here.
pub use super::plan::{plan, Plan, PlanOptions};
pub use super::sections::{field_dir, ONLINE_PAGE, SECTION};
pub use super::write::{apply, Move, Write};

/// The values the importer manages, by their place in a file ("title", "procedure.steps").
fn imported_values(r: &Record) -> BTreeMap<String, Json> {
    let mut out = BTreeMap::new();
    if let Json::Object(mut m) = serde_json::to_value(r).unwrap_or(Json::Null) {
        for key in keys::in_file_order() {
            if let Some(v) = m.remove(key.name).filter(|v| !is_empty(v)) {
                out.insert(key.front.to_string(), v);
            }
        }
    }
    out
}

/// A short, stable fingerprint of a value (object keys sorted, so layout never matters).
fn fingerprint(v: &Json) -> String {
    fn canonical(v: &Json, out: &mut String) {
        match v {
            Json::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for k in keys {
                    out.push_str(&Json::String(k.clone()).to_string());
                    out.push(':');
                    canonical(&m[k], out);
                    out.push(',');
                }
                out.push('}');
            }
            Json::Array(a) => {
                out.push('[');
                for x in a {
                    canonical(x, out);
                    out.push(',');
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut s = String::new();
    canonical(v, &mut s);
    let digest = Sha256::digest(s.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// The text of a new procedure file.
pub fn new_file(r: &Record, source_name: &str) -> String {
    let mut doc = DocumentMut::new();
    let values = imported_values(r);
    let mut hashes = BTreeMap::new();
    // The keys' order, not alphabetical: code and field first, long lists last.
    for key in keys::in_file_order() {
        if let Some(v) = values.get(key.front) {
            let _ = set_key(&mut doc, key.front, Some(v));
            hashes.insert(key.front.to_string(), fingerprint(v));
        }
    }
    let _ = write_import_table(&mut doc, source_name, &hashes);
    format!("+++\n{doc}+++\n")
}

/// Every key a procedure file holds, each replaced by imports: what a file that carries the
/// whole record (such as `procedures.json`) says.
pub(crate) fn every_key() -> BTreeMap<String, Carry> {
    keys::in_file_order()
        .map(|k| (k.front.to_string(), Carry::Replace))
        .collect()
}

/// The result of merging one record into one file.
pub(super) struct Merged {
    /// The file's whole new text.
    pub(super) text: String,
    /// Keys the import changed.
    pub(super) changed: Vec<String>,
    /// Keys both sides changed: the key, the editor's value and the imported one, shortened.
    pub(super) conflicts: Vec<(String, String, String)>,
}

fn short(v: Option<&Json>) -> String {
    let s = match v {
        None => "(trống)".to_string(),
        Some(Json::String(s)) => s.clone(),
        Some(Json::Array(a)) => format!("{} mục", a.len()),
        Some(other) => other.to_string(),
    };
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

pub(super) fn merge_file(
    text: &str,
    r: &Record,
    source_name: &str,
    carries: &BTreeMap<String, Carry>,
) -> Result<Merged, Diagnostic> {
    let (start, end) = front_range(text)?;
    let (mut doc, table) = parse_front(&text[start..end])?;
    let imported = imported_values(r);
    let base = base_hashes(&table);
    let mut hashes = BTreeMap::new();
    let mut changed = Vec::new();
    let mut conflicts = Vec::new();
    for key in keys::in_file_order().map(|k| k.front.to_string()) {
        let ours = current_value(&table, &key);
        let carry = carries.get(&key).copied();
        let fill_only_and_full = carry == Some(Carry::FillEmpty) && ours.is_some();
        if carry.is_none() || fill_only_and_full {
            // The import file has nothing to say here (no such column or sheet), or only a
            // summary of what the file already holds: the file and its record stay as they are.
            if let Some(h) = base.get(&key) {
                hashes.insert(key, h.clone());
            }
            continue;
        }
        let theirs = imported.get(&key);
        let h_theirs = theirs.map(fingerprint);
        let h_ours = ours.as_ref().map(fingerprint);
        let h_base = base.get(&key).cloned();
        let untouched = h_ours == h_base;
        if h_ours == h_theirs {
            // Already the same.
        } else if untouched || (h_base.is_none() && ours.is_none()) {
            set_key(&mut doc, &key, theirs)?;
            changed.push(key.clone());
        } else if h_base != h_theirs {
            conflicts.push((key.clone(), short(ours.as_ref()), short(theirs)));
        }
        if let Some(h) = h_theirs {
            hashes.insert(key, h);
        }
    }
    if hashes != base || !changed.is_empty() {
        write_import_table(&mut doc, source_name, &hashes)?;
    }
    let front = doc.to_string();
    let new_text = if front == text[start..end] {
        text.to_string()
    } else {
        format!("{}{front}{}", &text[..start], &text[end..])
    };
    Ok(Merged {
        text: new_text,
        changed,
        conflicts,
    })
}

/// Marks a procedure withdrawn; `None` when it already is.
pub(super) fn withdraw(text: &str) -> Result<Option<String>, Diagnostic> {
    let (start, end) = front_range(text)?;
    let (mut doc, table) = parse_front(&text[start..end])?;
    let status = current_value(&table, keys::STATUS.front);
    let withdrawn = Json::String(Status::Withdrawn.name().to_string());
    if status.as_ref() == Some(&withdrawn) {
        return Ok(None);
    }
    set_key(&mut doc, keys::STATUS.front, Some(&withdrawn))?;
    // Recorded as if imported, so that the procedure comes back in force if it reappears.
    let mut hashes = base_hashes(&table);
    if !hashes.is_empty() {
        hashes.insert(keys::STATUS.front.into(), fingerprint(&withdrawn));
        write_import_table(&mut doc, &last_source(&table), &hashes)?;
    }
    Ok(Some(format!("{}{doc}{}", &text[..start], &text[end..])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::record::{Channel, Way};

    fn record() -> Record {
        Record {
            code: "1.001193".into(),
            name: "Thủ tục đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            audience: vec!["Công dân Việt Nam".into()],
            steps: vec!["Nộp hồ sơ.".into(), "Nhận kết quả.".into()],
            channels: vec![Channel {
                way: Way::InPerson,
                time: "3 Ngày làm việc".into(),
                fee: "Miễn phí".into(),
                notes: None,
            }],
            ..Record::default()
        }
    }

    #[test]
    fn a_new_file_reads_back_as_the_same_record() {
        let r = record();
        let text = new_file(&r, "x.xlsx");
        assert!(text.contains("[[procedure.channels]]"), "{text}");
        assert!(text.contains("[procedure.import]"));
        let merged = merge_file(&text, &r, "x.xlsx", &every_key()).unwrap();
        assert_eq!(
            merged.text, text,
            "re-importing the same record changes nothing"
        );
        assert!(merged.changed.is_empty() && merged.conflicts.is_empty());
    }

    #[test]
    fn untouched_fields_update_edited_ones_stay() {
        let r = record();
        let text = new_file(&r, "x.xlsx");
        // The editor rewrites the title and adds a note in the body.
        let edited = text.replace(
            "title = \"Thủ tục đăng ký khai sinh\"",
            "title = \"Đăng ký khai sinh\" # ngắn gọn hơn",
        ) + "Ghi chú của xã.\n";
        let mut newer = r.clone();
        newer.channels[0].time = "2 Ngày làm việc".into();
        let merged = merge_file(&edited, &newer, "x.xlsx", &every_key()).unwrap();
        assert!(merged
            .text
            .contains("title = \"Đăng ký khai sinh\" # ngắn gọn hơn"));
        assert!(merged.text.contains("2 Ngày làm việc"));
        assert!(merged.text.ends_with("Ghi chú của xã.\n"));
        assert_eq!(merged.changed, vec!["procedure.channels".to_string()]);
        assert!(merged.conflicts.is_empty());
        // Both sides change the title: the editor's stays, and it is a conflict.
        let mut renamed = newer.clone();
        renamed.name = "Đăng ký khai sinh cho trẻ em".into();
        let merged2 = merge_file(&merged.text, &renamed, "x.xlsx", &every_key()).unwrap();
        assert!(merged2
            .text
            .contains("title = \"Đăng ký khai sinh\" # ngắn gọn hơn"));
        assert_eq!(merged2.conflicts.len(), 1);
        assert_eq!(merged2.conflicts[0].0, "title");
        // Reported once: the next identical import is quiet.
        let merged3 = merge_file(&merged2.text, &renamed, "x.xlsx", &every_key()).unwrap();
        assert!(merged3.conflicts.is_empty());
        assert_eq!(merged3.text, merged2.text);
    }

    #[test]
    fn keys_the_import_file_lacks_stay_as_they_are() {
        let r = record();
        let text = new_file(&r, "x.xlsx");
        // A flat list: name, field and one summarised time limit, no steps or documents.
        let flat = Record {
            code: r.code.clone(),
            name: "Đăng ký khai sinh".into(),
            field: r.field.clone(),
            channels: vec![Channel {
                way: Way::InPerson,
                time: "5 ngày".into(),
                fee: String::new(),
                notes: None,
            }],
            ..Record::default()
        };
        let mut carries = BTreeMap::new();
        carries.insert("title".to_string(), Carry::Replace);
        carries.insert("procedure.code".to_string(), Carry::Replace);
        carries.insert("procedure.field".to_string(), Carry::Replace);
        carries.insert("procedure.channels".to_string(), Carry::FillEmpty);
        let merged = merge_file(&text, &flat, "tinh.csv", &carries).unwrap();
        assert_eq!(merged.changed, vec!["title".to_string()]);
        let after: toml::Table = toml::from_str(&merged.text[4..merged.text.len() - 4]).unwrap();
        let p = &after["procedure"];
        assert_eq!(p["steps"].as_array().unwrap().len(), 2, "{}", merged.text);
        assert_eq!(p["audience"].as_array().unwrap().len(), 1);
        assert_eq!(p["channels"][0]["time"].as_str(), Some("3 Ngày làm việc"));
        // A later full import still knows the steps were never edited.
        let mut newer = r.clone();
        newer.steps.push("Bước mới.".into());
        let merged = merge_file(&merged.text, &newer, "x.xlsx", &every_key()).unwrap();
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        assert!(merged.text.contains("Bước mới."));
    }

    #[test]
    fn a_field_the_editor_added_is_kept() {
        let r = record();
        let text = new_file(&r, "x.xlsx").replace(
            "[procedure]\n",
            "[procedure]\nonline = \"toan-trinh\"\nonline_url = \"https://dvc.vn/a\"\n",
        );
        let merged = merge_file(&text, &r, "x.xlsx", &every_key()).unwrap();
        assert_eq!(merged.text, text);
    }

    #[test]
    fn withdrawing_then_reappearing() {
        let r = record();
        let text = new_file(&r, "x.xlsx");
        let gone = withdraw(&text).unwrap().unwrap();
        assert!(gone.contains("status = \"bai-bo\""));
        assert_eq!(withdraw(&gone).unwrap(), None);
        let back = merge_file(&gone, &r, "x.xlsx", &every_key()).unwrap();
        assert!(
            back.text.contains("status = \"dang-ap-dung\""),
            "{}",
            back.text
        );
    }
}
