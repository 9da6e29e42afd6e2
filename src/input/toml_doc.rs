//! Typed reading of TOML tables (config.toml, front matter) with positions and Vietnamese messages.
//!
//! Serde would stop at the first bad field and speak English; editors need every problem of a file
//! at once, with its line, in Vietnamese. So values are read field by field from a table built
//! from a span-keeping parse, which also gives each key's position.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::table_reader::Fields;
use crate::diagnostics::{line_col, Diagnostic};

/// Line and column of front matter keys, by dotted name.
pub type KeyPositions = std::collections::BTreeMap<String, (usize, usize)>;

/// A parsed TOML text that remembers where each key stands in its file.
pub struct TomlDoc<'a> {
    text: &'a str,
    file: PathBuf,
    /// Line of the file on which `text` starts (1-based), e.g. 2 for `+++` front matter.
    first_line: usize,
    spans: Spanned<DeTable<'a>>,
    /// For YAML front matter: key positions read from the YAML text.
    yaml_positions: Option<KeyPositions>,
}

impl<'a> TomlDoc<'a> {
    /// Parses `text`; on syntax errors returns every one of them, located in `file`.
    pub fn parse(
        text: &'a str,
        file: &Path,
        first_line: usize,
    ) -> Result<(Self, toml::Table), Vec<Diagnostic>> {
        let (spans, errors) = DeTable::parse_recoverable(text);
        let doc = TomlDoc {
            text,
            file: file.to_path_buf(),
            first_line,
            spans,
            yaml_positions: None,
        };
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|e| {
                    let pos = e.span().map(|s| doc.pos_of(s.start));
                    Diagnostic::error(format!(
                        "cú pháp TOML sai: {} ({})",
                        translate_toml_message(e.message()),
                        e.message().trim()
                    ))
                    .in_file(&doc.file)
                    .at(pos)
                    .with_hint(
                        "chuỗi văn bản đặt trong dấu ngoặc kép (title = \"Tin mới\"), ngày viết \
                         YYYY-MM-DD (date = 2026-03-15), mỗi khóa chỉ viết một lần",
                    )
                })
                .collect());
        }
        // The table comes from the span-keeping parse, not from parsing the text again.
        let whole = Spanned::new(
            doc.spans.span(),
            DeValue::Table(doc.spans.get_ref().clone()),
        );
        match <toml::Table as serde::Deserialize>::deserialize(toml::de::ValueDeserializer::from(
            whole,
        )) {
            Ok(table) => Ok((doc, table)),
            Err(e) => {
                let pos = e.span().map(|s| doc.pos_of(s.start));
                Err(vec![Diagnostic::error(format!(
                    "cú pháp TOML sai: {}",
                    translate_toml_message(e.message())
                ))
                .in_file(&doc.file)
                .at(pos)])
            }
        }
    }

    /// The file this text comes from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    fn pos_of(&self, offset: usize) -> (usize, usize) {
        let (line, col) = line_col(self.text, offset);
        (line + self.first_line - 1, col)
    }

    /// Reads YAML front matter (Zola's `---`) into the same table TOML gives, so the same typed
    /// reader checks it. Key lines come from the YAML text.
    pub fn from_yaml(
        text: &'a str,
        file: &Path,
        first_line: usize,
    ) -> Result<(Self, toml::Table), Vec<Diagnostic>> {
        let located = |line: usize, col: usize, msg: String| {
            Diagnostic::error(msg)
                .in_file(file)
                .at(Some((line + first_line - 1, col)))
        };
        let docs = yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| {
            let m = e.marker();
            vec![located(
                m.line(),
                m.col() + 1,
                format!("cú pháp YAML sai: {}", e.info()),
            )
            .with_hint("mỗi dòng viết `tên: giá trị`; danh sách viết [a, b] hoặc các dòng `- a`")]
        })?;
        let table = match docs.into_iter().next() {
            None | Some(yaml_rust2::Yaml::Null) => toml::Table::new(),
            Some(yaml_rust2::Yaml::Hash(h)) => match yaml_to_toml(yaml_rust2::Yaml::Hash(h)) {
                Ok(toml::Value::Table(t)) => t,
                Ok(_) => toml::Table::new(),
                Err(why) => return Err(vec![located(1, 1, format!("phần đầu YAML: {why}"))]),
            },
            Some(_) => {
                return Err(vec![located(
                    1,
                    1,
                    "phần đầu YAML phải là các dòng `tên: giá trị`".into(),
                )])
            }
        };
        let doc = TomlDoc {
            text: "",
            file: file.to_path_buf(),
            first_line,
            spans: DeTable::parse("").expect("the empty document parses"),
            yaml_positions: Some(yaml_key_positions(text, first_line)),
        };
        Ok((doc, table))
    }

    /// Line and column of the key at `path` (e.g. ["markdown", "highlight_code"]), if present.
    pub fn key_pos(&self, path: &[&str]) -> Option<(usize, usize)> {
        if let Some(positions) = &self.yaml_positions {
            return positions.get(&path.join(".")).copied();
        }
        let mut table: &DeTable<'_> = self.spans.get_ref();
        let mut i = 0;
        while i < path.len() {
            let (key, value) = table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == path[i])?;
            let key_pos = self.pos_of(key.span().start);
            if i + 1 == path.len() {
                return Some(key_pos);
            }
            let mut value = value;
            // An index after an array's key (["channels", "2", "time"]) steps into that item.
            if let (DeValue::Array(items), Ok(index)) =
                (value.get_ref(), path[i + 1].parse::<usize>())
            {
                let Some(item) = items.get(index) else {
                    return Some(key_pos);
                };
                if i + 2 == path.len() {
                    return Some(self.pos_of(item.span().start));
                }
                value = item;
                i += 1;
            }
            match value.get_ref() {
                DeValue::Table(t) => table = t,
                _ => return Some(key_pos),
            }
            i += 1;
        }
        None
    }

    /// Positions of every top-level key and of the keys of top-level tables ("taxonomies.x"),
    /// kept so that later stages can point at a field without reading the file again.
    pub fn key_positions(&self) -> KeyPositions {
        if let Some(positions) = &self.yaml_positions {
            return positions.clone();
        }
        let mut out = KeyPositions::new();
        for (key, value) in self.spans.get_ref().iter() {
            let name = key.get_ref().to_string();
            out.insert(name.clone(), self.pos_of(key.span().start));
            if let DeValue::Table(t) = value.get_ref() {
                for (k, _) in t.iter() {
                    out.insert(
                        format!("{name}.{}", k.get_ref()),
                        self.pos_of(k.span().start),
                    );
                }
            }
        }
        out
    }

    /// A reader over the whole document.
    pub fn reader(&self, table: toml::Table) -> Fields<'_, 'a> {
        Fields::new(self, table)
    }
}

/// Converts YAML values to TOML ones; nulls drop their key, as if it were not written.
fn yaml_to_toml(y: yaml_rust2::Yaml) -> Result<toml::Value, String> {
    use yaml_rust2::Yaml;
    Ok(match y {
        Yaml::String(s) => toml::Value::String(s),
        Yaml::Integer(i) => toml::Value::Integer(i),
        Yaml::Real(r) => {
            toml::Value::Float(r.parse().map_err(|_| format!("số \"{r}\" không hợp lệ"))?)
        }
        Yaml::Boolean(b) => toml::Value::Boolean(b),
        Yaml::Array(items) => toml::Value::Array(
            items
                .into_iter()
                .filter(|i| !matches!(i, Yaml::Null))
                .map(yaml_to_toml)
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Hash(h) => {
            let mut t = toml::Table::new();
            for (k, v) in h {
                let key = match k {
                    Yaml::String(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    other => return Err(format!("tên khóa phải là chữ, không phải {other:?}")),
                };
                if !matches!(v, Yaml::Null) {
                    t.insert(key, yaml_to_toml(v)?);
                }
            }
            toml::Value::Table(t)
        }
        Yaml::Null => toml::Value::String(String::new()),
        Yaml::Alias(_) | Yaml::BadValue => {
            return Err("bí danh (alias) YAML không được hỗ trợ".into())
        }
    })
}

/// Lines of top-level keys and of keys one level under them ("extra.x"), from YAML text.
fn yaml_key_positions(text: &str, first_line: usize) -> KeyPositions {
    let mut out = KeyPositions::new();
    let mut parent: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let Some((key, _)) = line.trim_start().split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty() || key.starts_with('#') || key.starts_with('-') || key.contains(' ') {
            continue;
        }
        let pos = (i + first_line, indent + 1);
        if indent == 0 {
            out.insert(key.to_string(), pos);
            parent = Some(key.to_string());
        } else if let Some(p) = &parent {
            out.entry(format!("{p}.{key}")).or_insert(pos);
        }
    }
    out
}

/// The Vietnamese gist of the toml crate's common messages; the English text is kept beside it.
fn translate_toml_message(msg: &str) -> &'static str {
    let m = msg.to_ascii_lowercase();
    let table: &[(&str, &str)] = &[
        ("duplicate key", "khóa bị viết hai lần"),
        ("month", "tháng phải từ 01 đến 12"),
        ("day", "ngày không có trong tháng đó"),
        ("invalid date", "ngày không hợp lệ"),
        ("time", "giờ không hợp lệ"),
        ("basic string", "chuỗi chưa có dấu ngoặc kép đóng"),
        ("literal string", "chuỗi chưa có dấu nháy đơn đóng"),
        ("unclosed array", "danh sách chưa đóng bằng ]"),
        ("unclosed table", "bảng chưa đóng bằng }"),
        ("invalid table header", "tiêu đề bảng [..] sai"),
        ("expected `=`", "thiếu dấu = giữa tên khóa và giá trị"),
        (
            "invalid string",
            "giá trị văn bản phải đặt trong dấu ngoặc kép",
        ),
        (
            "string values must be quoted",
            "giá trị văn bản phải đặt trong dấu ngoặc kép",
        ),
        ("key", "tên khóa không hợp lệ"),
    ];
    table
        .iter()
        .find(|(k, _)| m.contains(k))
        .map_or("không đọc được dòng này", |(_, v)| v)
}

/// The Vietnamese name of a TOML value's type.
pub fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "chuỗi văn bản",
        toml::Value::Integer(_) => "số nguyên",
        toml::Value::Float(_) => "số thực",
        toml::Value::Boolean(_) => "true/false",
        toml::Value::Datetime(_) => "ngày giờ",
        toml::Value::Array(_) => "danh sách",
        toml::Value::Table(_) => "bảng",
    }
}

/// Converts TOML to the JSON values Tera works with; dates become strings as Zola does.
pub fn toml_to_json(v: toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_syntax_error_with_its_line() {
        let text = "title = \"a\"\ndate = 2026-13-45\nweight = \n";
        let errs = match TomlDoc::parse(text, Path::new("x.md"), 2) {
            Err(e) => e,
            Ok(_) => panic!("must fail"),
        };
        assert!(errs.len() >= 2, "{errs:?}");
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("tháng"), "{}", errs[0].message);
    }

    #[test]
    fn wrong_type_and_unknown_key_are_located() {
        let text = "title = 5\ntitel = \"x\"\n\n[extra]\na = 1\n";
        let (doc, table) = TomlDoc::parse(text, Path::new("x.md"), 2).unwrap();
        let mut f = doc.reader(table);
        assert_eq!(f.string("title"), None);
        f.json_table("extra");
        let diags = f.finish(&[]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].line, Some(2));
        assert!(diags[0].message.contains("chuỗi văn bản"));
        assert_eq!(diags[1].line, Some(3));
        assert!(diags[1].message.contains("khóa lạ"));
    }

    #[test]
    fn unknown_key_suggests_the_near_one() {
        let (doc, table) = TomlDoc::parse("titel = \"x\"\n", Path::new("x.md"), 1).unwrap();
        let mut f = doc.reader(table);
        f.string("title");
        let diags = f.finish(&["sort_by"]);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].is_error());
        assert!(diags[0].hint.as_deref().unwrap().contains("`title`"));
    }

    #[test]
    fn unsupported_zola_key_is_a_warning() {
        let (doc, table) = TomlDoc::parse("languages = {}\n", Path::new("c.toml"), 1).unwrap();
        let diags = doc.reader(table).finish(&["languages"]);
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
    }
}
