//! The catalogue's history: what each import added, changed or abolished, and when.
//!
//! It lives in the site as [`FILE`], one `[[update]]` table per procedure and import, so that it
//! travels with the content, an editor can read it and correct a name, and the site can publish
//! "Thủ tục mới cập nhật" and its feed from it. `niemyet import` only ever appends to it
//! ([`append`]); the build reads it ([`read`]) and never writes it. Its format is written once,
//! here, for both.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::keys::{self, Key};
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::TomlDoc;

/// Where the history is, from the site's root.
pub const FILE: &str = "data/lich-su-thu-tuc.toml";
/// The array of tables holding its entries.
pub const TABLE: &str = "update";

/// What an import did to a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Its file was created.
    Added,
    /// Fields the import manages changed.
    Changed,
    /// It is no longer in force (gone from the national list, or marked so there).
    Abolished,
}

impl Kind {
    /// Every value as written in the history, in order.
    pub const NAMES: [&'static str; 3] = ["them-moi", "cap-nhat", "bai-bo"];

    /// Reads the value as written in the history.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "them-moi" => Some(Self::Added),
            "cap-nhat" => Some(Self::Changed),
            "bai-bo" => Some(Self::Abolished),
            _ => None,
        }
    }

    /// The value as written in the history.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The label citizens read.
    pub fn label(self) -> &'static str {
        match self {
            Self::Added => "Thêm mới",
            Self::Changed => "Cập nhật",
            Self::Abolished => "Bãi bỏ",
        }
    }
}

/// One procedure in one import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The day of the import.
    pub date: NaiveDate,
    /// The procedure's code.
    pub code: String,
    /// Its name at the time.
    pub name: String,
    /// What happened to it.
    pub kind: Kind,
    /// For a change, what changed, as citizens name the parts ("thành phần hồ sơ").
    pub fields: Vec<String>,
    /// The import file's name.
    pub source: Option<String>,
}

/// What a part of the record is called on the page of changes: the editors' label without the
/// key name they need in the import report ("tên thủ tục", not "tên thủ tục (title)"); a key
/// the record does not know stays as written.
pub fn field_label(front: &str) -> String {
    let public = |k: Key| match k.front {
        f if f == keys::NAME.front => "tên thủ tục",
        f if f == keys::DESCRIPTION.front => "mô tả",
        _ => k.label,
    };
    keys::by_front(front).map_or_else(|| front.to_string(), |k| public(k).to_string())
}

/// The history's first lines, written when an import creates it.
const HEADER: &str = "# Lịch sử cập nhật danh mục thủ tục hành chính.
# niemyet import ghi thêm vào cuối tệp sau mỗi lần nhập; trang «Thủ tục mới cập nhật» và bản tin
# Atom của trang web lấy từ đây. Có thể sửa tên hoặc xóa mục ghi nhầm; đừng sắp xếp lại.
# kind: them-moi (thêm mới), cap-nhat (cập nhật), bai-bo (bãi bỏ).
";

/// The history's text with `entries` added at the end: `existing` is kept byte for byte, so an
/// import never rewrites what is there, and the same entries always give the same text.
pub fn append(existing: Option<&str>, entries: &[Entry]) -> String {
    let mut out = match existing {
        Some(t) if !t.trim().is_empty() => t.to_string(),
        _ => HEADER.to_string(),
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for e in entries {
        let mut t = toml_edit::Table::new();
        t["date"] = toml_edit::value(toml_edit::Date {
            year: u16::try_from(e.date.year()).unwrap_or(0),
            month: e.date.month() as u8,
            day: e.date.day() as u8,
        });
        t["code"] = toml_edit::value(e.code.as_str());
        t["name"] = toml_edit::value(e.name.as_str());
        t["kind"] = toml_edit::value(e.kind.name());
        if !e.fields.is_empty() {
            t["fields"] = toml_edit::value(e.fields.iter().collect::<toml_edit::Array>());
        }
        if let Some(s) = &e.source {
            t["source"] = toml_edit::value(s.as_str());
        }
        let mut doc = toml_edit::DocumentMut::new();
        let mut list = toml_edit::ArrayOfTables::new();
        list.push(t);
        doc.insert(TABLE, toml_edit::Item::ArrayOfTables(list));
        out.push('\n');
        out.push_str(&doc.to_string());
    }
    out
}

/// The history of the site at `root`, in file order; none when the site has no history file.
/// Every problem is reported with its line; an entry with one is left out.
pub fn read(root: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    let display = Path::new(FILE);
    match std::fs::read(root.join(FILE)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&crate::input::text::to_nfc(text), display),
            Err(e) => (
                Vec::new(),
                vec![crate::input::text::invalid_utf8(
                    display,
                    e.as_bytes(),
                    e.utf8_error(),
                )],
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), Vec::new()),
        Err(e) => (
            Vec::new(),
            vec![Diagnostic::error(format!("không đọc được tệp: {e}"))
                .in_file(display)
                .with_hint("kiểm tra quyền đọc tệp")],
        ),
    }
}

/// Reads the text of a history file shown as `display`.
pub fn parse(text: &str, display: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    let (doc, table) = match TomlDoc::parse(text, display, 1) {
        Ok(x) => x,
        Err(d) => return (Vec::new(), d),
    };
    let mut f = doc.reader(table);
    let mut out = Vec::new();
    for mut e in f.table_list(TABLE).unwrap_or_default() {
        let written = ["date", "code", "kind"].map(|k| e.has(k));
        let date = e.date("date").map(|d| d.date());
        let code = e.string("code");
        let name = e.string("name");
        let kind = e
            .one_of("kind", &Kind::NAMES)
            .and_then(|k| Kind::from_name(&k));
        let fields = e.string_list("fields").unwrap_or_default();
        let source = e.string("source");
        for ((key, example), written) in [
            ("date", "date = 2026-12-01"),
            ("code", "code = \"1.001193\""),
            ("kind", "kind = \"cap-nhat\""),
        ]
        .into_iter()
        .zip(written)
        {
            // A value written but wrong has been reported by the reader already.
            if !written {
                e.error(key, "thiếu trường này".into(), &format!("ghi {example}"));
            }
        }
        f.absorb(e, &[]);
        if let (Some(date), Some(code), Some(kind)) = (date, code, kind) {
            out.push(Entry {
                date,
                name: name.unwrap_or_else(|| code.clone()),
                code,
                kind,
                fields,
                source,
            });
        }
    }
    (out, f.finish(&[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(day: u32, code: &str, kind: Kind, fields: &[&str]) -> Entry {
        Entry {
            date: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            code: code.into(),
            name: format!("Thủ tục {code}"),
            kind,
            fields: fields.iter().map(|f| f.to_string()).collect(),
            source: Some("tthc.xlsx".into()),
        }
    }

    #[test]
    fn appended_entries_read_back_and_earlier_text_stays() {
        let first = vec![entry(1, "1.001193", Kind::Added, &[])];
        let text = append(None, &first);
        assert!(text.starts_with("# Lịch sử cập nhật"), "{text}");
        assert!(text.contains("[[update]]\ndate = 2026-12-01\ncode = \"1.001193\""));
        let (read, diags) = parse(&text, Path::new(FILE));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(read, first);

        // An editor's correction and comment stay as they are; new entries follow them.
        let edited = text.replace("Thủ tục 1.001193", "Đăng ký khai sinh") + "# sửa tên\n";
        let second = vec![
            entry(
                2,
                "1.001193",
                Kind::Changed,
                &["thành phần hồ sơ", "tên thủ tục"],
            ),
            entry(2, "1.000656", Kind::Abolished, &[]),
        ];
        let text2 = append(Some(&edited), &second);
        assert!(text2.starts_with(&edited));
        let (read, diags) = parse(&text2, Path::new(FILE));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].name, "Đăng ký khai sinh");
        assert_eq!(read[1..], second[..]);
        // The same entries always give the same bytes.
        assert_eq!(append(Some(&edited), &second), text2);
    }

    #[test]
    fn a_file_without_its_final_newline_is_continued_on_a_new_line() {
        let text = append(
            Some("[[update]]\ndate = 2026-12-01\ncode = \"1.001193\"\nkind = \"them-moi\""),
            &[entry(2, "1.000656", Kind::Added, &[])],
        );
        let (read, diags) = parse(&text, Path::new(FILE));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].name, "1.001193", "a missing name shows the code");
    }

    #[test]
    fn problems_are_located_and_the_entry_left_out() {
        let text = "[[update]]\ndate = 2026-12-01\ncode = \"1.001193\"\nkind = \"sua\"\n\n\
                    [[update]]\ncode = \"1.000656\"\nkind = \"bai-bo\"\nname = \"Khai tử\"\n\n\
                    [[update]]\ndate = 2026-12-02\ncode = \"1.000894\"\nkind = \"them-moi\"\nghi_chu = 1\n";
        let (read, diags) = parse(text, Path::new(FILE));
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(read[0].code, "1.000894");
        let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(diags.len(), 3, "{messages:#?}");
        assert!(
            messages[0].contains(":4:") && messages[0].contains("kind"),
            "{messages:#?}"
        );
        assert!(
            messages[1].contains("date") && messages[1].contains("thiếu"),
            "{messages:#?}"
        );
        assert!(messages[2].contains("ghi_chu"), "{messages:#?}");
    }

    #[test]
    fn no_file_is_no_history() {
        let dir = std::env::temp_dir().join("niemyet-no-history");
        assert_eq!(read(&dir), (Vec::new(), Vec::new()));
    }

    #[test]
    fn parts_are_named_for_citizens() {
        assert_eq!(field_label("title"), "tên thủ tục");
        assert_eq!(field_label("procedure.documents"), "thành phần hồ sơ");
        assert_eq!(field_label("procedure.khac"), "procedure.khac");
        for k in Kind::NAMES {
            assert_eq!(Kind::from_name(k).unwrap().name(), k);
        }
    }
}
