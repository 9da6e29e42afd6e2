//! Choosing what a commune publishes. The national list covers every commune; a province's
//! decision names the fields and procedures a commune handles, and `--field` and `--codes`
//! keep only those. What was chosen also says which procedures on the site an import speaks
//! for: only those can be found abolished when a newer national list no longer has them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::report::Selected;
use super::source::Source;
use crate::diagnostics::Diagnostic;
use crate::input::table_reader::edit_distance;
use crate::procedure::record::is_valid_code;

/// What the editor chose; empty keeps everything the file has.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Fields as typed: "Hộ tịch", "ho-tich".
    pub fields: Vec<String>,
    /// Procedure codes, each once.
    pub codes: Vec<String>,
}

impl Selection {
    /// Whether nothing was chosen, so that the whole file is imported.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.codes.is_empty()
    }
}

/// The key fields are compared by: no marks, lower case, words joined by "-", as the field's
/// folder is named, so "Hộ tịch", "HỘ TỊCH", "ho tich" and "ho-tich" are one field.
pub fn field_key(name: &str) -> String {
    slug::slugify(name)
}

/// Reads a `--codes` value: the path of a file of codes, or the codes themselves. Codes are
/// separated by new lines, commas, semicolons or spaces; a line starting with `#` is a comment.
pub fn read_codes(arg: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let path = Path::new(arg);
    if !path.is_file() {
        return parse_codes(arg, None);
    }
    let unreadable = |why: String| {
        vec![
            Diagnostic::error(format!("không đọc được danh sách mã: {why}"))
                .in_file(path)
                .with_hint(
                    "lưu danh sách thành tệp văn bản UTF-8 (.txt hoặc .csv), mỗi dòng một mã",
                ),
        ]
    };
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("không phải UTF-8".into()))?;
    parse_codes(&text, Some(path))
}

fn parse_codes(text: &str, file: Option<&Path>) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut codes: Vec<String> = Vec::new();
    let mut bad: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.trim_start().starts_with('#') {
            continue;
        }
        let tokens = line
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .map(|t| t.trim_matches(|c: char| c == '"' || c == '\''))
            .filter(|t| !t.is_empty());
        for token in tokens {
            if !is_valid_code(token) {
                bad.push((i + 1, token.to_string()));
            } else if !codes.iter().any(|c| c == token) {
                codes.push(token.to_string());
            }
        }
    }
    let hint = "mỗi mã gồm một chữ số, dấu chấm và sáu chữ số (1.001193), có thể thêm đuôi của \
                tỉnh (2.000815.000.00.00.H61); các mã cách nhau bằng dấu phẩy hoặc xuống dòng";
    match file {
        Some(path) if !bad.is_empty() => Err(bad
            .into_iter()
            .map(|(line, token)| {
                Diagnostic::error(format!("«{token}» không phải mã thủ tục"))
                    .in_file(path)
                    .at_line(line)
                    .with_hint(format!("{hint}; xóa dòng tiêu đề nếu có"))
            })
            .collect()),
        None if codes.is_empty() => Err(vec![Diagnostic::error(format!(
            "--codes: không có tệp «{}», và đó cũng không phải danh sách mã thủ tục",
            text.trim()
        ))
        .with_hint(
            "ghi đường dẫn tới tệp danh sách mã (mỗi dòng một mã), hoặc các mã cách nhau bằng \
             dấu phẩy, ví dụ --codes 1.001193,1.000656",
        )]),
        None if !bad.is_empty() => Err(bad
            .into_iter()
            .map(|(_, token)| {
                Diagnostic::error(format!("--codes: «{token}» không phải mã thủ tục"))
                    .with_hint(hint)
            })
            .collect()),
        Some(path) if codes.is_empty() => {
            Err(vec![Diagnostic::error("danh sách mã không có mã nào")
                .in_file(path)
                .with_hint(hint)])
        }
        _ => Ok(codes),
    }
}

/// What a choice covers: the fields and codes whose procedures on the site the import speaks
/// for, and its account for the report.
#[derive(Debug, Default)]
pub(super) struct Chosen {
    fields: BTreeSet<String>,
    codes: BTreeSet<String>,
    /// What was chosen and kept, for the report; `None` when nothing was chosen.
    pub(super) selected: Option<Selected>,
}

impl Chosen {
    /// Whether the import speaks for the site's procedure `code` filed under `field`: its field
    /// or its code was chosen, or, with no choice, the file has procedures of its field.
    pub(super) fn covers(&self, code: &str, field: Option<&str>) -> bool {
        self.codes.contains(code) || field.is_some_and(|f| self.fields.contains(&field_key(f)))
    }
}

/// Keeps in `source` the records `selection` names. `site` gives each procedure on the site
/// with its field: a field the site has is a valid choice even when the file has none of it
/// (it was abolished whole), and a code the site has is not unknown. A field that is neither
/// in the file nor on the site is an error, with the names it may have been meant to be.
pub(super) fn choose<'a>(
    selection: &Selection,
    source: &mut Source,
    site: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<Chosen, Vec<Diagnostic>> {
    let mut in_file: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for r in &source.records {
        in_file
            .entry(field_key(&r.field))
            .or_insert_with(|| (r.field.clone(), 0))
            .1 += 1;
    }
    if selection.is_empty() {
        return Ok(Chosen {
            fields: in_file.into_keys().collect(),
            ..Chosen::default()
        });
    }
    let mut on_site: BTreeMap<String, String> = BTreeMap::new();
    let mut site_codes = BTreeSet::new();
    for (code, field) in site {
        site_codes.insert(code.to_string());
        if let Some(f) = field {
            on_site.entry(field_key(f)).or_insert_with(|| f.to_string());
        }
    }
    let mut chosen = Chosen {
        codes: selection.codes.iter().cloned().collect(),
        ..Chosen::default()
    };
    let mut selected = Selected {
        codes: selection.codes.len(),
        ..Selected::default()
    };
    let mut errors = Vec::new();
    for typed in &selection.fields {
        let key = field_key(typed);
        if chosen.fields.contains(&key) {
            continue;
        }
        if let Some((name, n)) = in_file.get(&key) {
            selected.fields.push((name.clone(), *n));
        } else if let Some(name) = on_site.get(&key) {
            selected.fields.push((name.clone(), 0));
            selected.fields_gone.push(name.clone());
        } else {
            errors.push(unknown_field(typed, &in_file, &on_site));
            continue;
        }
        chosen.fields.insert(key);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let before = source.records.len();
    source
        .records
        .retain(|r| chosen.covers(&r.code, Some(&r.field)));
    selected.kept = source.records.len();
    selected.not_selected = before - selected.kept;
    let in_file_codes: BTreeSet<&str> = source
        .records
        .iter()
        .map(|r| r.code.as_str())
        .chain(source.skipped.iter().filter_map(|s| s.code.as_deref()))
        .collect();
    for code in &selection.codes {
        if !in_file_codes.contains(code.as_str()) && !site_codes.contains(code) {
            let near = nearest(code, in_file_codes.iter().copied());
            selected.unknown_codes.push((code.clone(), near));
        }
    }
    chosen.selected = Some(selected);
    Ok(chosen)
}

/// The error for a field neither the file nor the site has, with the nearest names.
fn unknown_field(
    typed: &str,
    in_file: &BTreeMap<String, (String, usize)>,
    on_site: &BTreeMap<String, String>,
) -> Diagnostic {
    let key = field_key(typed);
    let names: BTreeMap<&String, &String> = in_file
        .iter()
        .map(|(k, (n, _))| (k, n))
        .chain(on_site.iter())
        .collect();
    let mut near: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|(k, n)| {
            let d = edit_distance(&key, k);
            let close = d <= 2.max(k.len() / 3) || (key.len() >= 4 && k.contains(&key));
            close.then_some((d, *n))
        })
        .collect();
    near.sort();
    let listed: Vec<String> = in_file.values().map(|(n, _)| format!("«{n}»")).collect();
    let hint = match near.first() {
        Some((_, n)) => format!(
            "có phải ý bạn là «{n}»? Các lĩnh vực trong tệp: {}",
            listed.join(", ")
        ),
        None => format!("các lĩnh vực trong tệp: {}", listed.join(", ")),
    };
    Diagnostic::error(format!(
        "--field: không có lĩnh vực «{typed}» trong tệp nhập cũng như trên trang"
    ))
    .with_hint(hint)
}

/// The code in `codes` a mistyped `code` was likely meant to be: the same national code with
/// or without a province's suffix, or one letter off.
fn nearest<'a>(code: &str, codes: impl Iterator<Item = &'a str>) -> Option<String> {
    let base = |c: &'a str| c.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
    let mine = code.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
    codes
        .map(|c| {
            let d = if base(c) == mine {
                0
            } else {
                edit_distance(code, c)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= 1)
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::record::Record;

    fn source(list: &[(&str, &str)]) -> Source {
        Source {
            records: list
                .iter()
                .map(|(code, field)| Record {
                    code: code.to_string(),
                    name: format!("Thủ tục {code}"),
                    field: field.to_string(),
                    ..Record::default()
                })
                .collect(),
            ..Source::default()
        }
    }

    fn sample() -> Source {
        source(&[
            ("1.001193", "Hộ tịch"),
            ("1.000656", "Hộ tịch"),
            ("2.000815", "Chứng thực"),
            ("1.004194", "Đăng ký, quản lý cư trú"),
            ("1.012812", "Đất đai"),
        ])
    }

    fn codes(s: &Source) -> Vec<&str> {
        s.records.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn fields_match_without_case_or_marks() {
        for typed in ["Hộ tịch", "HỘ TỊCH", "ho-tich", "ho tich", "  Hộ  tịch "] {
            let mut s = sample();
            let sel = Selection {
                fields: vec![typed.into()],
                ..Selection::default()
            };
            let chosen = choose(&sel, &mut s, std::iter::empty()).unwrap();
            assert_eq!(codes(&s), ["1.001193", "1.000656"], "{typed}");
            let selected = chosen.selected.as_ref().unwrap();
            assert_eq!(selected.fields, [("Hộ tịch".to_string(), 2)]);
            assert_eq!(selected.not_selected, 3);
            assert!(chosen.covers("1.999999", Some("HỘ TỊCH")));
            assert!(!chosen.covers("2.000815", Some("Chứng thực")));
        }
        // Đ folds to d, and punctuation does not matter.
        let mut s = sample();
        let sel = Selection {
            fields: vec!["dat dai".into(), "dang-ky-quan-ly-cu-tru".into()],
            ..Selection::default()
        };
        choose(&sel, &mut s, std::iter::empty()).unwrap();
        assert_eq!(codes(&s), ["1.004194", "1.012812"]);
    }

    #[test]
    fn fields_and_codes_add_up() {
        let mut s = sample();
        let sel = Selection {
            fields: vec!["Chứng thực".into()],
            codes: vec!["1.001193".into(), "1.00119".into()],
        };
        let chosen = choose(&sel, &mut s, std::iter::empty()).unwrap();
        assert_eq!(codes(&s), ["1.001193", "2.000815"]);
        let selected = chosen.selected.unwrap();
        assert_eq!(selected.codes, 2);
        assert_eq!(selected.kept, 2);
        assert_eq!(
            selected.unknown_codes,
            [("1.00119".to_string(), Some("1.001193".to_string()))]
        );
    }

    #[test]
    fn an_unknown_field_is_an_error_that_suggests() {
        let mut s = sample();
        let before = codes(&s).len();
        let sel = Selection {
            fields: vec!["Hộ tich".into(), "Hộ tệch".into(), "Thuế".into()],
            ..Selection::default()
        };
        let errors = choose(&sel, &mut s, std::iter::empty()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].message.contains("«Hộ tệch»"),
            "{}",
            errors[0].message
        );
        let hint = errors[0].hint.as_deref().unwrap();
        assert!(hint.starts_with("có phải ý bạn là «Hộ tịch»?"), "{hint}");
        assert!(hint.contains("«Chứng thực»"), "{hint}");
        assert!(!errors[1].hint.as_deref().unwrap().contains("có phải"));
        assert_eq!(codes(&s).len(), before, "nothing is dropped on error");
    }

    #[test]
    fn a_field_only_the_site_has_is_a_choice() {
        let mut s = sample();
        let sel = Selection {
            fields: vec!["Nuôi con nuôi".into()],
            ..Selection::default()
        };
        let site = [("1.003005", Some("Nuôi con nuôi"))];
        let chosen = choose(&sel, &mut s, site.iter().map(|(c, f)| (*c, *f))).unwrap();
        assert!(s.records.is_empty());
        assert!(chosen.covers("1.003005", Some("Nuôi con nuôi")));
        assert_eq!(chosen.selected.unwrap().fields_gone, ["Nuôi con nuôi"]);
    }

    #[test]
    fn without_a_choice_the_file_covers_its_own_fields() {
        let mut s = sample();
        let chosen = choose(&Selection::default(), &mut s, std::iter::empty()).unwrap();
        assert_eq!(s.records.len(), 5);
        assert!(chosen.selected.is_none());
        assert!(chosen.covers("1.999999", Some("Đất đai")));
        assert!(!chosen.covers("1.999999", Some("Thuế")));
        assert!(!chosen.covers("1.999999", None));
    }

    #[test]
    fn codes_are_read_from_lists_and_files() {
        assert_eq!(
            parse_codes("1.001193, 1.000656;2.000815.000.00.00.H61 1.001193", None).unwrap(),
            ["1.001193", "1.000656", "2.000815.000.00.00.H61"]
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ma.txt");
        std::fs::write(
            &file,
            "\u{feff}# Quyết định 123/QĐ-UBND\n1.001193\r\n\n\"1.000656\"\t\nMã TTHC\n",
        )
        .unwrap();
        let errors = read_codes(file.to_str().unwrap()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].message, "«Mã» không phải mã thủ tục");
        assert_eq!(errors[0].line, Some(5));
        std::fs::write(
            &file,
            "# Quyết định 123/QĐ-UBND\n1.001193\r\n\n\"1.000656\"\t\n",
        )
        .unwrap();
        assert_eq!(
            read_codes(file.to_str().unwrap()).unwrap(),
            ["1.001193", "1.000656"]
        );
        let e = read_codes("khong-co.txt").unwrap_err();
        assert!(
            e[0].message.contains("không có tệp «khong-co.txt»"),
            "{e:?}"
        );
        let e = read_codes("1.001193,1.0011").unwrap_err();
        assert_eq!(e[0].message, "--codes: «1.0011» không phải mã thủ tục");
    }

    #[test]
    fn a_code_with_or_without_the_provinces_suffix_is_suggested() {
        let list = ["2.000815.000.00.00.H61", "1.001193"];
        assert_eq!(
            nearest("2.000815", list.into_iter()).as_deref(),
            Some("2.000815.000.00.00.H61")
        );
        assert_eq!(nearest("1.001139", list.into_iter()), None);
        assert_eq!(
            nearest("1.00193", list.into_iter()).as_deref(),
            Some("1.001193")
        );
    }
}
