//! Planning an import: each record merged into its file or given a new one, files moved when
//! their field changes, procedures gone from the source reported or withdrawn, and the report
//! for the editor, all before anything is written.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::existing::{scan, Existing};
use super::front_edit::front_range;
use super::merge::{merge_file, new_file, withdraw, Merged};
use super::report::{Added, Changed, Conflict, Incomplete, Missing, Report};
use super::sections::{field_dir, index_pages, SECTION};
use super::select::{choose, Selection};
use super::source::{Source, SourceKind};
use super::write::{Move, Write};
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::toml_to_json;
use crate::procedure::history::{self, Entry, Kind};
use crate::procedure::keys;
use crate::procedure::record::{Record, Status};

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

/// What an import is asked to do, besides the file's records.
#[derive(Debug, Clone)]
pub struct PlanOptions<'a> {
    /// The import file's name, for the report, the files' bookkeeping and the history.
    pub source_name: &'a str,
    /// What the file is: only the national list's silence about a procedure means that it was
    /// abolished.
    pub kind: SourceKind,
    /// The fields and codes to import (`--field`, `--codes`); empty for all.
    pub selection: &'a Selection,
    /// Mark procedures the file no longer has as withdrawn.
    pub withdraw_missing: bool,
    /// The day of the import, for the history.
    pub today: NaiveDate,
}

/// Plans the import of `source` into the site at `root`; reads every file first and writes
/// nothing, so a broken procedure file stops the import before anything changes.
pub fn plan(
    root: &Path,
    mut source: Source,
    opts: &PlanOptions<'_>,
) -> Result<Plan, Vec<Diagnostic>> {
    let source_name = opts.source_name;
    let content = root.join("content");
    let existing = scan(root, &content)?;
    let chosen = choose(
        opts.selection,
        &mut source,
        existing
            .iter()
            .map(|(code, e)| (code.as_str(), e.field.as_deref())),
    )?;
    let mut plan = Plan {
        report: Report {
            source: source_name.to_string(),
            skipped: source.skipped,
            warnings: source.warnings,
            national: opts.kind == SourceKind::National,
            selected: chosen.selected.clone(),
            ..Report::default()
        },
        moves: Vec::new(),
        writes: Vec::new(),
    };
    let mut history = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
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
                        history.push(changed_entry(record, &merged.changed, opts));
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
                history.push(entry(
                    &record.code,
                    &record.name,
                    Kind::Added,
                    Vec::new(),
                    opts,
                ));
                plan.report.added.push(Added {
                    code: record.code.clone(),
                    name: record.name.clone(),
                    file: Path::new("content").join(relative),
                });
            }
        }
    }
    plan.writes.extend(index_pages(&content, new_sections));
    let mut missing: Vec<(&String, &Existing)> = existing
        .iter()
        .filter(|(code, _)| !seen.contains(*code))
        .collect();
    missing.sort_by(|a, b| a.0.cmp(b.0));
    for (code, file) in missing {
        let covered = chosen.covers(code, file.field.as_deref());
        if plan.report.selected.is_some() && !covered {
            plan.report.out_of_scope += 1;
            continue;
        }
        // The national list covering a procedure's field no longer has it: it was abolished,
        // which is news only while the site still has it in force.
        let abolished = plan.report.national && covered;
        if abolished && file.withdrawn {
            continue;
        }
        let mut withdrawn = false;
        if opts.withdraw_missing {
            match withdraw(&file.text) {
                Ok(Some(text)) => {
                    withdrawn = true;
                    plan.writes.push(Write {
                        path: file.path.clone(),
                        text,
                    });
                    history.push(entry(code, &file.name, Kind::Abolished, Vec::new(), opts));
                }
                Ok(None) => {}
                Err(d) => errors.push(d.in_file(&file.display)),
            }
        }
        let m = Missing {
            code: code.clone(),
            name: file.name.clone(),
            file: file.display.clone(),
            withdrawn,
        };
        if abolished {
            plan.report.abolished.push(m);
        } else {
            plan.report.missing.push(m);
        }
    }
    match history_write(root, &history) {
        Ok(Some(w)) => {
            plan.report.history = history.len();
            plan.writes.push(w);
        }
        Ok(None) => {}
        Err(mut d) => errors.append(&mut d),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    plan.writes.sort_by(|a, b| a.path.cmp(&b.path));
    plan.moves.sort_by(|a, b| a.from.cmp(&b.from));
    Ok(plan)
}

/// The history entry for the procedure `code` named `name` in this import.
fn entry(code: &str, name: &str, kind: Kind, fields: Vec<String>, opts: &PlanOptions<'_>) -> Entry {
    Entry {
        date: opts.today,
        code: code.to_string(),
        name: name.to_string(),
        kind,
        fields,
        source: Some(opts.source_name.to_string()),
    }
}

/// The history entry for a procedure whose keys `changed` changed: abolished when the list
/// itself now says so, else changed, naming the parts as citizens do.
fn changed_entry(record: &Record, changed: &[String], opts: &PlanOptions<'_>) -> Entry {
    let now_withdrawn = record.status == Status::Withdrawn;
    if now_withdrawn && changed.iter().any(|k| k == keys::STATUS.front) {
        return entry(
            &record.code,
            &record.name,
            Kind::Abolished,
            Vec::new(),
            opts,
        );
    }
    let labels = changed.iter().map(|k| history::field_label(k)).collect();
    entry(&record.code, &record.name, Kind::Changed, labels, opts)
}

/// The history file with `entries` appended; `None` when there is nothing to add. A history
/// that cannot be read, or whose entries are wrong, stops the import: the build would refuse it.
fn history_write(root: &Path, entries: &[Entry]) -> Result<Option<Write>, Vec<Diagnostic>> {
    if entries.is_empty() {
        return Ok(None);
    }
    let path = root.join(history::FILE);
    let existing = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(vec![Diagnostic::error(format!(
                "không đọc được lịch sử cập nhật: {e}"
            ))
            .in_file(history::FILE)
            .with_hint("kiểm tra tệp (phải là văn bản UTF-8) rồi nhập lại")])
        }
    };
    if let Some(text) = &existing {
        let (_, diags) = history::parse(text, Path::new(history::FILE));
        let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    Ok(Some(Write {
        text: history::append(existing.as_deref(), entries),
        path,
    }))
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
