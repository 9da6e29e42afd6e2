//! Merging imported records into the site's procedure files without losing editors' work.
//!
//! Each procedure file remembers, in `[procedure.import]`, a short hash of every value the last
//! import wrote. On the next import a field is a three-way merge of what the file holds now
//! (the editor's), what the last import wrote (the base) and what the file being imported says:
//! - the editor never touched it (now = base): take the imported value;
//! - the editor changed it and the import did not (imported = base): keep the editor's;
//! - both changed it to different values: keep the editor's and report a conflict.
//!
//! The markdown body is never touched. Files are edited with `toml_edit`, so the editor's
//! comments, key order and layout survive; only the changed values are rewritten.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use toml_edit::{DocumentMut, Item, Table};

use super::report::{Added, Changed, Conflict, Incomplete, Missing, Report};
use super::source::{Carry, Source};
use crate::diagnostics::Diagnostic;
use crate::input::front_matter::{self, Format};
use crate::input::toml_doc::toml_to_json;
use crate::procedure::keys;
use crate::procedure::record::{Record, Status};

/// The section procedure files are created in, under `content/`.
pub const SECTION: &str = "thu-tuc";
/// The page listing fully online procedures, created with the catalogue.
pub const ONLINE_PAGE: &str = "dich-vu-cong-toan-trinh.md";

/// A file to write: its path and its whole new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// Where, on disk.
    pub path: PathBuf,
    /// The complete new content.
    pub text: String,
}

/// What an import would do: the report, and the files to write.
#[derive(Debug, Default)]
pub struct Plan {
    /// What changes, for the editor.
    pub report: Report,
    /// Files or bundles to move first, in a fixed order.
    pub moves: Vec<Move>,
    /// Files to create or rewrite, in a fixed order.
    pub writes: Vec<Write>,
}

/// A procedure file already on the site.
struct Existing {
    path: PathBuf,
    display: PathBuf,
    text: String,
    /// Its `field`, to move the file when an import files the procedure under another one.
    field: Option<String>,
}

/// A procedure file or bundle moved to the folder of its new field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Where it is, on disk.
    pub from: PathBuf,
    /// Where it goes.
    pub to: PathBuf,
}

/// Plans the import of `source` into the site at `root`; reads every file first and writes
/// nothing, so a broken procedure file stops the import before anything changes.
pub fn plan(
    root: &Path,
    source_name: &str,
    source: Source,
    withdraw_missing: bool,
) -> Result<Plan, Vec<Diagnostic>> {
    let content = root.join("content");
    let existing = scan(root, &content)?;
    let mut plan = Plan {
        report: Report {
            source: source_name.to_string(),
            skipped: source.skipped,
            warnings: source.warnings,
            ..Report::default()
        },
        moves: Vec::new(),
        writes: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut new_sections: BTreeMap<PathBuf, String> = BTreeMap::new();
    // Merging and writing each file's text is the bulk of the work and independent per
    // procedure; the plan is then put together in file order, so it does not depend on
    // scheduling.
    let texts: Vec<Result<Merged, Diagnostic>> = source
        .records
        .par_iter()
        .map(|record| match existing.get(&record.code) {
            Some(file) => merge_file(&file.text, record, source_name, &source.carries),
            None => Ok(Merged {
                text: new_file(record, source_name),
                changed: Vec::new(),
                conflicts: Vec::new(),
            }),
        })
        .collect();
    for (record, text) in source.records.iter().zip(texts) {
        seen.insert(record.code.clone());
        match existing.get(&record.code) {
            Some(file) => match text {
                Ok(merged) => {
                    let mut path = file.path.clone();
                    let mut moved_to = None;
                    if merged.changed.iter().any(|k| k == keys::FIELD.front) {
                        match move_to_field(&content, file, &record.field) {
                            Ok(Some(m)) => {
                                // The file itself, or the index.md of a moved bundle.
                                let inside =
                                    file.path.strip_prefix(&m.from).unwrap_or(Path::new(""));
                                path = if inside.as_os_str().is_empty() {
                                    m.to.clone()
                                } else {
                                    m.to.join(inside)
                                };
                                moved_to =
                                    Some(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
                                new_sections.insert(
                                    m.to.parent().unwrap_or(&content).to_path_buf(),
                                    record.field.clone(),
                                );
                                plan.moves.push(m);
                            }
                            Ok(None) => {}
                            Err(d) => errors.push(d),
                        }
                    }
                    incomplete(&mut plan.report, record, &file.display, &merged.text);
                    if !merged.changed.is_empty() {
                        plan.report.changed.push(Changed {
                            code: record.code.clone(),
                            name: record.name.clone(),
                            file: file.display.clone(),
                            fields: merged.changed,
                            moved_to,
                        });
                    }
                    for (key, ours, theirs) in merged.conflicts {
                        plan.report.conflicts.push(Conflict {
                            code: record.code.clone(),
                            file: file.display.clone(),
                            key,
                            ours,
                            theirs,
                        });
                    }
                    if merged.text != file.text {
                        plan.writes.push(Write {
                            path,
                            text: merged.text,
                        });
                    } else {
                        plan.report.unchanged += 1;
                    }
                }
                Err(d) => errors.push(d.in_file(&file.display)),
            },
            None => {
                let dir_name = field_dir(&record.field);
                let relative = Path::new(SECTION)
                    .join(&dir_name)
                    .join(format!("{}.md", record.code));
                let path = content.join(&relative);
                if path.exists() {
                    errors.push(
                        Diagnostic::error(format!(
                            "muốn tạo tệp cho thủ tục {} nhưng tệp này đã có và không phải \
                             thủ tục mã đó",
                            record.code
                        ))
                        .in_file(Path::new("content").join(&relative))
                        .with_hint("đổi tên hoặc chuyển tệp đang có đi chỗ khác rồi nhập lại"),
                    );
                    continue;
                }
                new_sections.insert(content.join(SECTION).join(&dir_name), record.field.clone());
                let text = match text {
                    Ok(t) => t.text,
                    Err(d) => {
                        errors.push(d);
                        continue;
                    }
                };
                // A new file holds the record as it is.
                let parts = record.missing_parts();
                if !parts.is_empty() {
                    plan.report.incomplete.push(Incomplete {
                        code: record.code.clone(),
                        file: Path::new("content").join(&relative),
                        parts,
                    });
                }
                plan.writes.push(Write { path, text });
                plan.report.added.push(Added {
                    code: record.code.clone(),
                    name: record.name.clone(),
                    file: Path::new("content").join(relative),
                });
            }
        }
    }
    if !new_sections.is_empty() {
        let catalogue = content.join(SECTION).join("_index.md");
        if !catalogue.exists() {
            plan.writes.push(Write {
                path: catalogue,
                text: CATALOGUE_INDEX.to_string(),
            });
            let online = content.join(SECTION).join(ONLINE_PAGE);
            if !online.exists() {
                plan.writes.push(Write {
                    path: online,
                    text: ONLINE_INDEX.to_string(),
                });
            }
        }
        for (dir, field) in new_sections {
            let index = dir.join("_index.md");
            if !index.exists() {
                plan.writes.push(Write {
                    path: index,
                    text: field_index(&field),
                });
            }
        }
    }
    let mut missing: Vec<(&String, &Existing)> = existing
        .iter()
        .filter(|(code, _)| !seen.contains(*code))
        .collect();
    missing.sort_by(|a, b| a.0.cmp(b.0));
    for (code, file) in missing {
        let mut withdrawn = false;
        if withdraw_missing {
            match withdraw(&file.text) {
                Ok(Some(text)) => {
                    withdrawn = true;
                    plan.writes.push(Write {
                        path: file.path.clone(),
                        text,
                    });
                }
                Ok(None) => {}
                Err(d) => errors.push(d.in_file(&file.display)),
            }
        }
        plan.report.missing.push(Missing {
            code: code.clone(),
            file: file.display.clone(),
            withdrawn,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    plan.writes.sort_by(|a, b| a.path.cmp(&b.path));
    plan.moves.sort_by(|a, b| a.from.cmp(&b.from));
    Ok(plan)
}

/// Where `file` goes when its procedure's field becomes `field`: only a file the importer
/// filed (in the folder of its old field) moves, and with it its bundle folder; a file the
/// editor put elsewhere stays where the editor put it.
fn move_to_field(content: &Path, file: &Existing, field: &str) -> Result<Option<Move>, Diagnostic> {
    let Some(old) = &file.field else {
        return Ok(None);
    };
    let old_dir = content.join(SECTION).join(field_dir(old));
    let new_dir = content.join(SECTION).join(field_dir(field));
    if old_dir == new_dir {
        return Ok(None);
    }
    let Ok(rel) = file.path.strip_prefix(&old_dir) else {
        return Ok(None);
    };
    // `<code>.md`, or the bundle `<code>/index.md` with its forms.
    let Some(first) = rel.components().next() else {
        return Ok(None);
    };
    let from = old_dir.join(first);
    let to = new_dir.join(first);
    if to.exists() {
        return Err(Diagnostic::error(format!(
            "thủ tục chuyển sang lĩnh vực «{field}» nhưng {} đã có",
            to.display()
        ))
        .in_file(&file.display)
        .with_hint("đổi tên hoặc chuyển tệp đang có ở đó đi chỗ khác rồi nhập lại"));
    }
    Ok(Some(Move { from, to }))
}

/// Notes in the report the parts Nghị định 63/2010 Điều 8 requires that the procedure file
/// will still lack after the import (a flat list has no steps nor documents), so the editor
/// learns it here rather than from a failed build.
fn incomplete(report: &mut Report, record: &Record, file: &Path, text: &str) {
    let Some(after) = record_in(text) else {
        return;
    };
    let parts = after.missing_parts();
    if !parts.is_empty() {
        report.incomplete.push(Incomplete {
            code: record.code.clone(),
            file: file.to_path_buf(),
            parts,
        });
    }
}

/// The record a procedure file holds, read leniently (for the report, not for the build).
fn record_in(text: &str) -> Option<Record> {
    let (start, end) = front_range(text).ok()?;
    let table: toml::Table = toml::from_str(&text[start..end]).ok()?;
    let mut p = match table.get(keys::TABLE) {
        Some(toml::Value::Table(p)) => p.clone(),
        _ => return None,
    };
    p.remove(keys::IMPORT);
    for key in keys::ON_PAGE {
        if let Some(v) = table.get(key.front) {
            p.insert(key.name.into(), v.clone());
        }
    }
    p.entry(keys::NAME.name)
        .or_insert_with(|| toml::Value::String(String::new()));
    serde_json::from_value(toml_to_json(toml::Value::Table(p))).ok()
}

/// Writes the planned files. Each file is written beside itself and renamed into place, so an
/// interrupted import never leaves a half-written procedure file.
pub fn apply(plan: &Plan) -> Result<(), Diagnostic> {
    for m in &plan.moves {
        let fail = |e: std::io::Error| {
            Diagnostic::error(format!("không chuyển được sang {}: {e}", m.to.display()))
                .in_file(&m.from)
                .with_hint("kiểm tra quyền ghi vào thư mục content/ rồi nhập lại")
        };
        if let Some(dir) = m.to.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        std::fs::rename(&m.from, &m.to).map_err(fail)?;
    }
    for w in &plan.writes {
        let fail = |e: std::io::Error| {
            Diagnostic::error(format!("không ghi được tệp: {e}"))
                .in_file(&w.path)
                .with_hint("kiểm tra quyền ghi vào thư mục content/ rồi nhập lại")
        };
        if let Some(dir) = w.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut tmp = w.path.clone().into_os_string();
        tmp.push(".niemyet-tmp");
        std::fs::write(&tmp, &w.text).map_err(fail)?;
        std::fs::rename(&tmp, &w.path).map_err(fail)?;
    }
    Ok(())
}

/// Every procedure file under `content/`, by code.
fn scan(root: &Path, content: &Path) -> Result<HashMap<String, Existing>, Vec<Diagnostic>> {
    let mut found: HashMap<String, Existing> = HashMap::new();
    let mut errors = Vec::new();
    if !content.is_dir() {
        return Ok(found);
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    paths.sort();
    // Read and parsed in parallel; codes are then taken in path order, so which of two files
    // with one code is "the first" does not depend on scheduling.
    let read: Vec<Option<Result<(String, Existing), Diagnostic>>> = paths
        .into_par_iter()
        .map(|path| read_existing(root, path))
        .collect();
    for item in read.into_iter().flatten() {
        let (code, file) = match item {
            Ok(x) => x,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        if let Some(first) = found.get(&code) {
            errors.push(
                Diagnostic::error(format!(
                    "mã thủ tục \"{code}\" trùng với tệp {}",
                    first.display.display()
                ))
                .in_file(&file.display)
                .with_hint("mỗi thủ tục chỉ có một tệp; xóa hoặc sửa một trong hai rồi nhập lại"),
            );
            continue;
        }
        found.insert(code, file);
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// The procedure file at `path` with its code, `None` when it is not a procedure file, or the
/// error that its front matter cannot be read.
fn read_existing(root: &Path, path: PathBuf) -> Option<Result<(String, Existing), Diagnostic>> {
    let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let text = std::fs::read_to_string(&path).ok()?;
    let split = front_matter::split(&text).ok()?;
    if !split.front.contains(keys::TABLE) {
        return None;
    }
    let parsed = match split.format {
        Format::Toml => toml::from_str(split.front).map_err(|e| e.message().to_string()),
        // Found so that an import never creates a second file for its code; merging into it
        // is refused with an explanation (see `front_range`).
        Format::Yaml => crate::input::toml_doc::TomlDoc::from_yaml(split.front, &display, 2)
            .map(|(_, t)| t)
            .map_err(|e| e.first().map(|d| d.message.clone()).unwrap_or_default()),
    };
    let table: toml::Table = match parsed {
        Ok(t) => t,
        Err(e) => {
            // The build reports the same error with its line; stop before changing anything.
            return Some(Err(Diagnostic::error(format!(
                "phần đầu của tệp có lỗi cú pháp, không nhập vào tệp này được: {e}"
            ))
            .in_file(&display)
            .with_hint(
                "chạy niemyet check để xem lỗi ở dòng nào, sửa rồi nhập lại",
            )));
        }
    };
    let procedure = table.get(keys::TABLE)?;
    let code = procedure.get(keys::CODE.name)?.as_str()?.to_string();
    let field = procedure
        .get(keys::FIELD.name)
        .and_then(toml::Value::as_str)
        .map(str::to_string);
    Some(Ok((
        code,
        Existing {
            path,
            display,
            text,
            field,
        },
    )))
}

/// The folder name for a field: its name without marks, e.g. "ho-tich".
pub fn field_dir(field: &str) -> String {
    let s = slug::slugify(field);
    if s.is_empty() {
        "khac".to_string()
    } else {
        s
    }
}

const CATALOGUE_INDEX: &str = "+++
title = \"Thủ tục hành chính\"
description = \"Danh mục thủ tục hành chính Ủy ban nhân dân xã giải quyết: giấy tờ cần chuẩn bị, thời hạn, phí, lệ phí và nơi nộp hồ sơ.\"
template = \"procedures.html\"
sort_by = \"title\"

[extra]
# Trang liệt kê các thủ tục nộp được trực tuyến (dùng mẫu procedures-online.html).
online_page = \"thu-tuc/dich-vu-cong-toan-trinh.md\"
+++
";

const ONLINE_INDEX: &str = "+++
title = \"Thủ tục nộp trực tuyến\"
description = \"Những thủ tục làm trọn trên mạng (toàn trình) hoặc một phần trên mạng.\"
template = \"procedures-online.html\"
+++
";

fn field_index(field: &str) -> String {
    let mut doc = DocumentMut::new();
    doc["title"] = toml_edit::value(field);
    doc["template"] = toml_edit::value("procedure-field.html");
    doc["sort_by"] = toml_edit::value("title");
    format!("+++\n{doc}+++\n")
}

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

fn is_empty(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::String(s) => s.is_empty(),
        Json::Array(a) => a.is_empty(),
        _ => false,
    }
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

/// The value of a managed key in a parsed front matter.
fn current_value(table: &toml::Table, key: &str) -> Option<Json> {
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

fn set_key(doc: &mut DocumentMut, key: &str, value: Option<&Json>) -> Result<(), Diagnostic> {
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
fn base_hashes(table: &toml::Table) -> BTreeMap<String, String> {
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

/// In `[procedure.import]`: the file last imported, and a hash of each value it wrote.
const SOURCE: &str = "source";
const HASHES: &str = "hashes";

fn write_import_table(
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
struct Merged {
    text: String,
    changed: Vec<String>,
    conflicts: Vec<(String, String, String)>,
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

/// Offsets of the front matter inside `text`.
fn front_range(text: &str) -> Result<(usize, usize), Diagnostic> {
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

fn parse_front(front: &str) -> Result<(DocumentMut, toml::Table), Diagnostic> {
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

fn merge_file(
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
fn withdraw(text: &str) -> Result<Option<String>, Diagnostic> {
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
        let source = table
            .get(keys::TABLE)
            .and_then(|p| p.get(keys::IMPORT))
            .and_then(|i| i.get(SOURCE))
            .and_then(toml::Value::as_str)
            .unwrap_or("")
            .to_string();
        write_import_table(&mut doc, &source, &hashes)?;
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
    fn a_fence_line_in_a_value_cannot_end_the_front_matter() {
        let mut r = record();
        r.steps[0] = "Bước 1:\n+++\nNộp \"hồ sơ\"\\.\n---".into();
        let text = new_file(&r, "x.json");
        let split = front_matter::split(&text).unwrap();
        assert!(split.body.is_empty(), "{text}");
        let table: toml::Table = toml::from_str(split.front).unwrap();
        assert_eq!(
            table["procedure"]["steps"][0].as_str(),
            Some(r.steps[0].as_str())
        );
        let merged = merge_file(&text, &r, "x.json", &every_key()).unwrap();
        assert_eq!(merged.text, text);
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
