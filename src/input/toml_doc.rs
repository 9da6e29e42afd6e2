//! Typed reading of TOML tables (config.toml, front matter) with positions and Vietnamese messages.
//!
//! Serde would stop at the first bad field and speak English; editors need every problem of a file
//! at once, with its line, in Vietnamese. So values are read field by field from a table built
//! from a span-keeping parse, which also gives each key's position.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::dates::{self, DateValue};
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
        Fields {
            doc: self,
            prefix: Vec::new(),
            table,
            known: Vec::new(),
            diags: Vec::new(),
        }
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

/// Reads typed fields out of one table, collecting every problem instead of stopping at the first.
pub struct Fields<'d, 'a> {
    doc: &'d TomlDoc<'a>,
    prefix: Vec<String>,
    table: toml::Table,
    known: Vec<&'static str>,
    diags: Vec<Diagnostic>,
}

impl<'d, 'a> Fields<'d, 'a> {
    fn full_name(&self, key: &str) -> String {
        // Items of arrays of tables carry their index in the prefix; editors count from 1.
        let mut parts: Vec<&str> = Vec::new();
        let mut item = None;
        for p in self.prefix.iter().map(String::as_str).chain([key]) {
            match p.parse::<usize>() {
                Ok(i) => item = Some(i + 1),
                Err(_) => parts.push(p),
            }
        }
        match item {
            Some(n) => format!("`{}` (mục thứ {n})", parts.join(".")),
            None => format!("`{}`", parts.join(".")),
        }
    }

    /// Position of `key` in this table.
    pub fn pos(&self, key: &str) -> Option<(usize, usize)> {
        let mut path: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
        path.push(key);
        // A key that is missing is reported where the table that should hold it starts.
        while !path.is_empty() {
            if let Some(pos) = self.doc.key_pos(&path) {
                return Some(pos);
            }
            path.pop();
        }
        None
    }

    /// Whether the table has `key` and it has not been read yet.
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Records an error about `key`.
    pub fn error(&mut self, key: &str, message: String, hint: &str) {
        let d = Diagnostic::error(format!("trường {}: {message}", self.full_name(key)))
            .in_file(self.doc.file())
            .at(self.pos(key))
            .with_hint(hint);
        self.diags.push(d);
    }

    /// Records a warning about `key`.
    pub fn warn(&mut self, key: &str, message: String, hint: &str) {
        let d = Diagnostic::warning(format!("trường {}: {message}", self.full_name(key)))
            .in_file(self.doc.file())
            .at(self.pos(key))
            .with_hint(hint);
        self.diags.push(d);
    }

    fn take(&mut self, key: &'static str) -> Option<toml::Value> {
        self.known.push(key);
        self.table.remove(key)
    }

    fn wrong_type(&mut self, key: &str, want: &str, got: &toml::Value, example: &str) {
        self.error(
            key,
            format!("phải là {want}, nhưng đang là {}", type_name(got)),
            &format!("viết ví dụ: {key} = {example}"),
        );
    }

    /// A string field.
    pub fn string(&mut self, key: &'static str) -> Option<String> {
        match self.take(key)? {
            toml::Value::String(s) => Some(s),
            other => {
                self.wrong_type(key, "chuỗi văn bản", &other, "\"...\"");
                None
            }
        }
    }

    /// A boolean field.
    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        match self.take(key)? {
            toml::Value::Boolean(b) => Some(b),
            other => {
                self.wrong_type(key, "true hoặc false", &other, "true");
                None
            }
        }
    }

    /// A non-negative integer field.
    pub fn unsigned(&mut self, key: &'static str) -> Option<usize> {
        match self.take(key)? {
            toml::Value::Integer(i) if i >= 0 => Some(i as usize),
            toml::Value::Integer(i) => {
                self.error(
                    key,
                    format!("không được là số âm ({i})"),
                    &format!("viết một số từ 0 trở lên, ví dụ: {key} = 10"),
                );
                None
            }
            other => {
                self.wrong_type(key, "số nguyên", &other, "10");
                None
            }
        }
    }

    /// An integer field (may be negative).
    pub fn integer(&mut self, key: &'static str) -> Option<i64> {
        match self.take(key)? {
            toml::Value::Integer(i) => Some(i),
            other => {
                self.wrong_type(key, "số nguyên", &other, "1");
                None
            }
        }
    }

    /// A list of strings.
    pub fn string_list(&mut self, key: &'static str) -> Option<Vec<String>> {
        match self.take(key)? {
            toml::Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        toml::Value::String(s) => out.push(s),
                        other => {
                            self.error(
                                key,
                                format!(
                                    "mục thứ {} phải là chuỗi văn bản, nhưng đang là {}",
                                    i + 1,
                                    type_name(&other)
                                ),
                                &format!("viết ví dụ: {key} = [\"mục 1\", \"mục 2\"]"),
                            );
                        }
                    }
                }
                Some(out)
            }
            other => {
                self.wrong_type(key, "danh sách chuỗi", &other, "[\"mục 1\", \"mục 2\"]");
                None
            }
        }
    }

    /// A string that must be one of `allowed`.
    pub fn one_of(&mut self, key: &'static str, allowed: &[&str]) -> Option<String> {
        let s = self.string(key)?;
        if allowed.contains(&s.as_str()) {
            Some(s)
        } else {
            self.error(
                key,
                format!("giá trị \"{s}\" không được hỗ trợ"),
                &format!("chọn một trong: {}", allowed.join(", ")),
            );
            None
        }
    }

    /// A date or date-time, written as a TOML date or as a string.
    pub fn date(&mut self, key: &'static str) -> Option<DateValue> {
        let value = self.take(key)?;
        let text = match &value {
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::String(s) => s.clone(),
            other => {
                self.wrong_type(key, "ngày", other, "2026-03-15");
                return None;
            }
        };
        match dates::parse(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(
                    key,
                    format!("ngày \"{text}\" không hợp lệ: {why}"),
                    &format!(
                        "viết theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ: {key} = 2026-03-15; \
                         có giờ thì 2026-03-15T08:30:00+07:00"
                    ),
                );
                None
            }
        }
    }

    /// A list of dates (`[2026-01-01, 2026-04-30]`); every bad item is reported.
    pub fn date_list(&mut self, key: &'static str) -> Option<Vec<DateValue>> {
        let items = match self.take(key)? {
            toml::Value::Array(items) => items,
            other => {
                self.wrong_type(key, "danh sách ngày", &other, "[2026-04-30, 2026-05-01]");
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let text = match &item {
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::String(s) => s.clone(),
                other => {
                    self.error(
                        key,
                        format!(
                            "mục thứ {} phải là ngày, nhưng đang là {}",
                            i + 1,
                            type_name(other)
                        ),
                        &format!("viết ví dụ: {key} = [2026-04-30, 2026-05-01]"),
                    );
                    continue;
                }
            };
            match dates::parse(&text) {
                Ok(d) => out.push(d),
                Err(why) => self.error(
                    key,
                    format!("mục thứ {}: ngày \"{text}\" không hợp lệ: {why}", i + 1),
                    "viết theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2026-04-30",
                ),
            }
        }
        Some(out)
    }

    /// A free-form table (such as `extra`), converted for templates.
    pub fn json_table(&mut self, key: &'static str) -> Option<Json> {
        match self.take(key)? {
            toml::Value::Table(t) => Some(toml_to_json(toml::Value::Table(t))),
            other => {
                self.wrong_type(key, "bảng", &other, "{ ... } hoặc một bảng [tên]");
                None
            }
        }
    }

    /// A table of strings to lists of strings (such as page `taxonomies`).
    pub fn string_list_map(
        &mut self,
        key: &'static str,
    ) -> Option<std::collections::BTreeMap<String, Vec<String>>> {
        let mut sub = self.table_fields(key)?;
        let keys: Vec<String> = sub.table.keys().cloned().collect();
        let mut out = std::collections::BTreeMap::new();
        for k in keys {
            let v = sub.table.remove(&k).expect("key listed above");
            match v {
                toml::Value::Array(items) if items.iter().all(|i| i.is_str()) => {
                    let list = items
                        .into_iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect();
                    out.insert(k, list);
                }
                other => {
                    let got = type_name(&other);
                    sub.error(
                        &k,
                        format!("phải là danh sách chuỗi, nhưng đang là {got}"),
                        &format!("viết ví dụ: {k} = [\"Đất đai\", \"Hộ tịch\"]"),
                    );
                }
            }
        }
        self.diags.append(&mut sub.diags);
        Some(out)
    }

    /// A nested table read with its own typed fields. Call `finish_into` on it afterwards.
    pub fn table_fields(&mut self, key: &'static str) -> Option<Fields<'d, 'a>> {
        match self.take(key)? {
            toml::Value::Table(t) => {
                let mut prefix = self.prefix.clone();
                prefix.push(key.to_string());
                Some(Fields {
                    doc: self.doc,
                    prefix,
                    table: t,
                    known: Vec::new(),
                    diags: Vec::new(),
                })
            }
            other => {
                self.wrong_type(key, "bảng", &other, "{ ... } hoặc một bảng [tên]");
                None
            }
        }
    }

    /// An array of tables (such as `taxonomies = [{ name = "..." }]`), each read with its own fields.
    pub fn table_list(&mut self, key: &'static str) -> Option<Vec<Fields<'d, 'a>>> {
        match self.take(key)? {
            toml::Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        toml::Value::Table(t) => {
                            let mut prefix = self.prefix.clone();
                            prefix.push(key.to_string());
                            prefix.push(i.to_string());
                            out.push(Fields {
                                doc: self.doc,
                                prefix,
                                table: t,
                                known: Vec::new(),
                                diags: Vec::new(),
                            })
                        }
                        other => self.error(
                            key,
                            format!(
                                "mục thứ {} phải là bảng, đang là {}",
                                i + 1,
                                type_name(&other)
                            ),
                            &format!("viết ví dụ: {key} = [{{ name = \"linh-vuc\" }}]"),
                        ),
                    }
                }
                Some(out)
            }
            other => {
                self.wrong_type(key, "danh sách bảng", &other, "[{ name = \"...\" }]");
                None
            }
        }
    }

    /// Removes a key whose value is accepted as-is without being typed (e.g. reserved for later).
    pub fn raw(&mut self, key: &'static str) -> Option<toml::Value> {
        self.take(key)
    }

    /// Reports keys that nobody read: `unsupported` ones (known to Zola, not yet to us) as warnings,
    /// the rest as errors. Returns every diagnostic collected by this reader.
    pub fn finish(mut self, unsupported: &[&str]) -> Vec<Diagnostic> {
        let leftover: Vec<String> = self.table.keys().cloned().collect();
        for key in leftover {
            if unsupported.contains(&key.as_str()) {
                self.warn(
                    &key,
                    "Zola có khóa này nhưng niemyet chưa hỗ trợ; khóa bị bỏ qua".to_string(),
                    "xóa khóa này đi, hoặc giữ lại nếu biết rằng nó chưa có tác dụng",
                );
            } else {
                let mut known = self.known.clone();
                known.sort_unstable();
                known.dedup();
                let hint = match closest(&key, &known) {
                    Some(k) => format!(
                        "có phải ý bạn là `{k}`? Các khóa hợp lệ: {}",
                        known.join(", ")
                    ),
                    None => format!("các khóa hợp lệ ở đây: {}", known.join(", ")),
                };
                self.error(
                    &key,
                    "khóa lạ, niemyet không biết khóa này".to_string(),
                    &hint,
                );
            }
        }
        self.diags
    }

    /// Finishes a nested reader and moves its diagnostics into this one.
    pub fn absorb(&mut self, child: Fields<'d, 'a>, unsupported: &[&str]) {
        let mut d = child.finish(unsupported);
        self.diags.append(&mut d);
    }
}

/// The known key nearest to a misspelt one, if it is close enough to be a likely typo.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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
