//! Reading a TOML table key by key into typed values, collecting every problem of a file with
//! its line and a Vietnamese message instead of stopping at the first, and warning about keys
//! nobody reads (with the known key a typo was probably meant to be).

use serde_json::Value as Json;

use super::toml_doc::{toml_to_json, type_name, TomlDoc};
use crate::dates::{self, DateValue};
use crate::diagnostics::Diagnostic;

/// Reads typed fields out of one table, collecting every problem instead of stopping at the first.
pub struct Fields<'d, 'a> {
    doc: &'d TomlDoc<'a>,
    prefix: Vec<String>,
    table: toml::Table,
    known: Vec<&'static str>,
    diags: Vec<Diagnostic>,
}

impl<'d, 'a> Fields<'d, 'a> {
    /// A reader over `table`, the whole of `doc`.
    pub fn new(doc: &'d TomlDoc<'a>, table: toml::Table) -> Self {
        Fields {
            doc,
            prefix: Vec::new(),
            table,
            known: Vec::new(),
            diags: Vec::new(),
        }
    }

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

/// Levenshtein distance in characters: how many letters to add, drop or change to turn `a`
/// into `b`, to suggest what a misspelt name was meant to be.
pub fn edit_distance(a: &str, b: &str) -> usize {
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
