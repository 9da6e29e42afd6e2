//! Documents (văn bản): plans, decisions, reports and notices the commune issues, as a page's
//! `[document]` table holds them, with the files and tables that come with them.

pub mod chart;
pub mod data;
pub mod read;
pub mod view;

use serde::Serialize;

use crate::dates::DateValue;

/// The kind of document (thể loại văn bản).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Kind {
    /// Kế hoạch.
    #[serde(rename = "ke-hoach")]
    Plan,
    /// Quyết định.
    #[serde(rename = "quyet-dinh")]
    Decision,
    /// Nghị quyết (of the commune council).
    #[serde(rename = "nghi-quyet")]
    Resolution,
    /// Chỉ thị.
    #[serde(rename = "chi-thi")]
    Directive,
    /// Quy chế, quy định.
    #[serde(rename = "quy-che")]
    Regulation,
    /// Báo cáo.
    #[serde(rename = "bao-cao")]
    Report,
    /// Thông báo.
    #[serde(rename = "thong-bao")]
    Notice,
    /// Công văn.
    #[serde(rename = "cong-van")]
    Letter,
    /// Tờ trình.
    #[serde(rename = "to-trinh")]
    Submission,
    /// Anything else.
    #[serde(rename = "khac")]
    Other,
}

impl Kind {
    /// Every kind as written in files, in order.
    pub const NAMES: [&'static str; 10] = [
        "ke-hoach",
        "quyet-dinh",
        "nghi-quyet",
        "chi-thi",
        "quy-che",
        "bao-cao",
        "thong-bao",
        "cong-van",
        "to-trinh",
        "khac",
    ];
    const ALL: [Kind; 10] = [
        Kind::Plan,
        Kind::Decision,
        Kind::Resolution,
        Kind::Directive,
        Kind::Regulation,
        Kind::Report,
        Kind::Notice,
        Kind::Letter,
        Kind::Submission,
        Kind::Other,
    ];

    /// Reads the kind as written in files.
    pub fn from_name(s: &str) -> Option<Kind> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }

    /// The kind as written in files (and in the register's paths).
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The kind as citizens read it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Plan => "Kế hoạch",
            Kind::Decision => "Quyết định",
            Kind::Resolution => "Nghị quyết",
            Kind::Directive => "Chỉ thị",
            Kind::Regulation => "Quy chế, quy định",
            Kind::Report => "Báo cáo",
            Kind::Notice => "Thông báo",
            Kind::Letter => "Công văn",
            Kind::Submission => "Tờ trình",
            Kind::Other => "Văn bản khác",
        }
    }
}

/// Whether a document still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Status {
    /// Còn hiệu lực.
    #[default]
    #[serde(rename = "con-hieu-luc")]
    InForce,
    /// Replaced by another document.
    #[serde(rename = "da-thay-the")]
    Replaced,
    /// Expired.
    #[serde(rename = "het-hieu-luc")]
    Expired,
}

impl Status {
    /// Every status as written in files, in order.
    pub const NAMES: [&'static str; 3] = ["con-hieu-luc", "da-thay-the", "het-hieu-luc"];

    /// Reads the status as written in files.
    pub fn from_name(s: &str) -> Option<Status> {
        match s {
            "con-hieu-luc" => Some(Status::InForce),
            "da-thay-the" => Some(Status::Replaced),
            "het-hieu-luc" => Some(Status::Expired),
            _ => None,
        }
    }

    /// The status as citizens read it.
    pub fn label(self) -> &'static str {
        match self {
            Status::InForce => "Còn hiệu lực",
            Status::Replaced => "Đã được thay thế",
            Status::Expired => "Hết hiệu lực",
        }
    }
}

/// An appendix table: a CSV file beside the page and its caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRef {
    /// The CSV file's name, beside the page.
    pub file: String,
    /// The caption ("Phụ lục 1: …").
    pub caption: String,
}

/// A document, as a page's `[document]` table holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Số ký hiệu, e.g. "125/KH-UBND".
    pub number: String,
    /// Thể loại.
    pub kind: Kind,
    /// Ngày ban hành.
    pub issued: DateValue,
    /// Cơ quan ban hành; the commune's people's committee when not given.
    pub issuer: Option<String>,
    /// Người ký, e.g. "Chủ tịch Nguyễn Văn An".
    pub signer: Option<String>,
    /// Trích yếu: what it is about, in a sentence.
    pub summary: Option<String>,
    /// Lĩnh vực.
    pub field: Option<String>,
    /// Hiệu lực.
    pub status: Status,
    /// The number of the document that replaced it.
    pub replaced_by: Option<String>,
    /// Files beside the page: the signed document and its annexes (PDF, DOCX…).
    pub attachments: Vec<String>,
    /// Appendix tables, from CSV files beside the page.
    pub tables: Vec<TableRef>,
    /// The plan's targets (chỉ tiêu), from a CSV or TOML file beside the page.
    pub targets: Option<String>,
}

/// What a document's files hold, read when the site is resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    /// Attachments: name, format ("PDF") and size ("1,2 MB"), in the order listed.
    pub attachments: Vec<(String, String, String)>,
    /// Appendix tables, in the order listed.
    pub tables: Vec<data::Table>,
    /// The plan's indicators, when it has targets.
    pub indicators: Vec<data::Indicator>,
}

/// Reads the files a page's `[document]` names from the page's own files (`assets`); every
/// missing or malformed file is reported, located.
pub fn load(
    doc: &Document,
    assets: &[crate::input::files::Asset],
    page_file: &std::path::Path,
    position: impl Fn(&str) -> Option<(usize, usize)>,
) -> (Loaded, Vec<crate::diagnostics::Diagnostic>) {
    use crate::diagnostics::Diagnostic;
    let mut loaded = Loaded::default();
    let mut diags = Vec::new();
    let find = |name: &str| assets.iter().find(|a| a.relative == name);
    let missing = |key: &str, name: &str| {
        Diagnostic::error(format!(
            "trường `document.{key}`: không thấy tệp \"{name}\" cạnh trang"
        ))
        .in_file(page_file)
        .at(position(&format!("document.{key}")))
        .with_hint(
            "đặt trang vào thư mục riêng (thư mục/index.md) và chép tệp vào cùng thư mục, \
             đúng tên như đã ghi",
        )
    };
    for name in &doc.attachments {
        match find(name) {
            Some(a) => {
                let size = std::fs::metadata(&a.source).map_or(0, |m| m.len());
                loaded
                    .attachments
                    .push((name.clone(), format_of(name), size_label(size)));
            }
            None => diags.push(missing("attachments", name)),
        }
    }
    for t in &doc.tables {
        match find(&t.file) {
            Some(a) => match data::read_table(&a.source, &a.display, &t.caption) {
                Ok(table) => loaded.tables.push(table),
                Err(mut d) => diags.append(&mut d),
            },
            None => diags.push(missing("tables", &t.file)),
        }
    }
    if let Some(file) = &doc.targets {
        match find(file) {
            Some(a) => match data::read_targets(&a.source, &a.display) {
                Ok(i) => loaded.indicators = i,
                Err(mut d) => diags.append(&mut d),
            },
            None => diags.push(missing("targets", file)),
        }
    }
    (loaded, diags)
}

/// Whether `number` looks like a document's number and symbol: digits, then `/` and a symbol
/// such as "KH-UBND" or "2026/NQ-HĐND".
pub fn is_valid_number(number: &str) -> bool {
    let Some((n, symbol)) = number.split_once('/') else {
        return false;
    };
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && !symbol.is_empty()
        && symbol
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.'))
        && symbol.chars().any(char::is_uppercase)
}

/// A file's format as citizens read it, from its extension ("PDF", "DOCX").
pub fn format_of(file: &str) -> String {
    file.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_uppercase())
        .unwrap_or_else(|| "tệp".to_string())
}

/// A size as Vietnamese writes it: "850 KB", "1,2 MB".
pub fn size_label(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        let mb = bytes as f64 / (1024.0 * 1024.0);
        format!("{mb:.1} MB").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_kinds() {
        for ok in ["125/KH-UBND", "12/2026/NQ-HĐND", "7/QĐ-UBND", "3/TB-UBND"] {
            assert!(is_valid_number(ok), "{ok}");
        }
        for bad in [
            "",
            "KH-UBND",
            "125",
            "125/",
            "abc/KH",
            "125/kh-ubnd",
            "12 /KH",
        ] {
            assert!(!is_valid_number(bad), "{bad}");
        }
        for n in Kind::NAMES {
            assert_eq!(Kind::from_name(n).unwrap().name(), n);
        }
        assert_eq!(Kind::from_name("ke hoach"), None);
        assert_eq!(Status::from_name("da-thay-the"), Some(Status::Replaced));
    }

    #[test]
    fn file_labels() {
        assert_eq!(format_of("ke-hoach.pdf"), "PDF");
        assert_eq!(size_label(850 * 1024), "850 KB");
        assert_eq!(size_label(10), "1 KB");
        assert_eq!(size_label(1_258_291), "1,2 MB");
    }
}
