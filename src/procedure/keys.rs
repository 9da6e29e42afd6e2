//! The key names of a procedure record, each written once.
//!
//! The reader of `[procedure]`, the importer's writer and merge, its report and its readers of
//! other formats all name these keys; a key renamed in one of them alone would be skipped by
//! imports or refused by the build. serde's names in `record.rs` must stay literals, so the
//! tests below check that they are these.

/// A key of the record, where a procedure file holds it, and what an editor calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Its name in the record, in `[procedure]` and in `procedures.json`.
    pub name: &'static str,
    /// Its place in a procedure file's front matter: the page's own `title` or `description`,
    /// else `procedure.<name>`; the importer's bookkeeping and report name keys this way.
    pub front: &'static str,
    /// What it means to an editor, in the import report.
    pub label: &'static str,
}

/// A key under `[procedure]`: its place is built from its name, so the two cannot differ.
macro_rules! in_procedure {
    ($name:literal, $label:literal) => {
        Key {
            name: $name,
            front: concat!("procedure.", $name),
            label: $label,
        }
    };
}

/// The front matter table a procedure lives in.
pub const TABLE: &str = "procedure";
/// The importer's bookkeeping inside `[procedure]` (what it last wrote); not a record field.
pub const IMPORT: &str = "import";

/// The procedure's name, which is the page's title.
pub const NAME: Key = Key {
    name: "name",
    front: "title",
    label: "tên thủ tục (title)",
};
/// What the procedure is for, which is the page's description.
pub const DESCRIPTION: Key = Key {
    name: "description",
    front: "description",
    label: "mô tả (description)",
};
/// The national code (mã thủ tục).
pub const CODE: Key = in_procedure!("code", "mã thủ tục");
/// Lĩnh vực; the importer files procedures in a folder per field.
pub const FIELD: Key = in_procedure!("field", "lĩnh vực");
/// Số quyết định công bố.
pub const DECISION: Key = in_procedure!("decision", "số quyết định công bố");
/// Ngày quyết định.
pub const DECISION_DATE: Key = in_procedure!("decision_date", "ngày quyết định");
/// Cơ quan ban hành quyết định.
pub const DECISION_ISSUER: Key = in_procedure!("decision_issuer", "cơ quan ban hành quyết định");
/// Cấp thực hiện.
pub const LEVELS: Key = in_procedure!("levels", "cấp thực hiện");
/// Loại thủ tục.
pub const KIND: Key = in_procedure!("kind", "loại thủ tục");
/// Đối tượng thực hiện.
pub const AUDIENCE: Key = in_procedure!("audience", "đối tượng thực hiện");
/// Cơ quan thực hiện.
pub const AGENCY: Key = in_procedure!("agency", "cơ quan thực hiện");
/// Cơ quan có thẩm quyền.
pub const COMPETENT_AGENCY: Key = in_procedure!("competent_agency", "cơ quan có thẩm quyền");
/// Cơ quan phối hợp.
pub const COORDINATING_AGENCY: Key = in_procedure!("coordinating_agency", "cơ quan phối hợp");
/// Cơ quan được ủy quyền.
pub const DELEGATED_AGENCY: Key = in_procedure!("delegated_agency", "cơ quan được ủy quyền");
/// Địa chỉ tiếp nhận hồ sơ.
pub const SUBMIT_AT: Key = in_procedure!("submit_at", "địa chỉ tiếp nhận hồ sơ");
/// Thủ tục liên quan.
pub const RELATED: Key = in_procedure!("related", "thủ tục liên quan");
/// Từ khóa.
pub const KEYWORDS: Key = in_procedure!("keywords", "từ khóa");
/// Yêu cầu, điều kiện.
pub const REQUIREMENTS: Key = in_procedure!("requirements", "yêu cầu, điều kiện");
/// Mức dịch vụ công trực tuyến.
pub const ONLINE: Key = in_procedure!("online", "mức dịch vụ công trực tuyến");
/// Đường dẫn dịch vụ công trực tuyến.
pub const ONLINE_URL: Key = in_procedure!("online_url", "đường dẫn dịch vụ công trực tuyến");
/// The procedure's page on the national portal.
pub const PORTAL_URL: Key = in_procedure!("portal_url", "trang trên Cổng Dịch vụ công quốc gia");
/// Trạng thái; the importer sets it when a procedure disappears from the national database.
pub const STATUS: Key = in_procedure!("status", "trạng thái");
/// The code of the procedure that replaces an abolished one, so its page can send citizens on.
pub const REPLACED_BY: Key = in_procedure!("replaced_by", "thay bằng thủ tục");
/// Ngày rà soát; written as a TOML date, as an editor would.
pub const LAST_REVIEWED: Key = in_procedure!("last_reviewed", "ngày rà soát");
/// Trình tự thực hiện.
pub const STEPS: Key = in_procedure!("steps", "trình tự thực hiện");
/// Cách thức thực hiện: rows of [`channel`] keys.
pub const CHANNELS: Key = in_procedure!("channels", "cách thức thực hiện (thời hạn, phí, lệ phí)");
/// Thành phần hồ sơ: rows of [`document`] keys.
pub const DOCUMENTS: Key = in_procedure!("documents", "thành phần hồ sơ");
/// Kết quả thực hiện: rows of [`outcome`] keys.
pub const RESULTS: Key = in_procedure!("results", "kết quả thực hiện");
/// Căn cứ pháp lý: rows of [`legal`] keys.
pub const LEGAL_BASIS: Key = in_procedure!("legal_basis", "căn cứ pháp lý");

/// The page's own keys that hold part of the record, in the order a new file lists them.
pub const ON_PAGE: [Key; 2] = [NAME, DESCRIPTION];

/// `[procedure]` keys in the order a new file lists them: what identifies the procedure first,
/// the tables of rows last (so that `[[procedure.channels]]` follow the plain keys).
pub const IN_PROCEDURE: [Key; 27] = [
    CODE,
    FIELD,
    DECISION,
    DECISION_DATE,
    DECISION_ISSUER,
    LEVELS,
    KIND,
    AUDIENCE,
    AGENCY,
    COMPETENT_AGENCY,
    COORDINATING_AGENCY,
    DELEGATED_AGENCY,
    SUBMIT_AT,
    RELATED,
    KEYWORDS,
    REQUIREMENTS,
    ONLINE,
    ONLINE_URL,
    PORTAL_URL,
    STATUS,
    REPLACED_BY,
    LAST_REVIEWED,
    STEPS,
    CHANNELS,
    DOCUMENTS,
    RESULTS,
    LEGAL_BASIS,
];

/// Every key of the record, in the order a new procedure file lists them.
pub fn in_file_order() -> impl Iterator<Item = Key> {
    ON_PAGE.into_iter().chain(IN_PROCEDURE)
}

/// The key named `name` in the record, if the record has one.
pub fn by_name(name: &str) -> Option<Key> {
    in_file_order().find(|k| k.name == name)
}

/// The key at `front` in a procedure file's front matter ("title", "procedure.steps").
pub fn by_front(front: &str) -> Option<Key> {
    in_file_order().find(|k| k.front == front)
}

/// The name under `[procedure]` of the key at `front`; `None` for the page's own keys.
pub fn in_table(front: &str) -> Option<&str> {
    front.strip_prefix(TABLE)?.strip_prefix('.')
}

/// Keys of a `[[procedure.channels]]` row.
pub mod channel {
    /// Hình thức nộp.
    pub const WAY: &str = "way";
    /// Thời hạn giải quyết.
    pub const TIME: &str = "time";
    /// Phí, lệ phí.
    pub const FEE: &str = "fee";
    /// The case the row covers.
    pub const NOTES: &str = "notes";
    /// All of them.
    pub const ALL: [&str; 4] = [WAY, TIME, FEE, NOTES];
}

/// Keys of a `[[procedure.documents]]` row.
pub mod document {
    /// Nộp, xuất trình or lưu ý.
    pub const GROUP: &str = "group";
    /// Tên giấy tờ.
    pub const NAME: &str = "name";
    /// Mã thành phần hồ sơ.
    pub const CODE: &str = "code";
    /// Số bản chính.
    pub const ORIGINALS: &str = "originals";
    /// Số bản sao.
    pub const COPIES: &str = "copies";
    /// Mẫu đơn, tờ khai.
    pub const FORM: &str = "form";
    /// All of them.
    pub const ALL: [&str; 6] = [GROUP, NAME, CODE, ORIGINALS, COPIES, FORM];
}

/// Keys of a `[[procedure.results]]` row.
pub mod outcome {
    /// Tên kết quả.
    pub const NAME: &str = "name";
    /// Mã kết quả.
    pub const CODE: &str = "code";
    /// Cơ quan ban hành.
    pub const ISSUER: &str = "issuer";
    /// Mô tả.
    pub const NOTES: &str = "notes";
    /// All of them.
    pub const ALL: [&str; 4] = [NAME, CODE, ISSUER, NOTES];
}

/// Keys of a `[[procedure.legal_basis]]` row.
pub mod legal {
    /// Số ký hiệu.
    pub const NUMBER: &str = "number";
    /// Trích yếu.
    pub const TITLE: &str = "title";
    /// Cơ quan ban hành.
    pub const ISSUER: &str = "issuer";
    /// Ngày ban hành.
    pub const ISSUED: &str = "issued";
    /// Ngày hiệu lực.
    pub const EFFECTIVE: &str = "effective";
    /// Địa chỉ truy cập.
    pub const URL: &str = "url";
    /// All of them.
    pub const ALL: [&str; 6] = [NUMBER, TITLE, ISSUER, ISSUED, EFFECTIVE, URL];
}

/// Keys of every kind of row in the order a new file lists them: what names the row first,
/// then its values, so rows read alike whatever their kind.
pub const ROW_ORDER: [&str; 16] = [
    channel::WAY,
    document::GROUP,
    legal::NUMBER,
    document::NAME,
    document::CODE,
    legal::TITLE,
    channel::TIME,
    channel::FEE,
    document::ORIGINALS,
    document::COPIES,
    document::FORM,
    outcome::ISSUER,
    legal::ISSUED,
    legal::EFFECTIVE,
    legal::URL,
    channel::NOTES,
];

/// Keys `procedures.json` adds to a record and to its channels; the importer removes them
/// before reading one back, so they must never be record keys.
pub mod derived {
    /// The procedure's page.
    pub const URL: &str = "url";
    /// The short address its QR code encodes.
    pub const QR_URL: &str = "qr_url";
    /// A channel's time limit, parsed.
    pub const TIME_VALUE: &str = "time_value";
    /// A channel's fee, parsed.
    pub const FEE_VALUE: &str = "fee_value";
    /// Added to a record.
    pub const OF_RECORD: [&str; 2] = [URL, QR_URL];
    /// Added to each channel.
    pub const OF_CHANNEL: [&str; 2] = [TIME_VALUE, FEE_VALUE];
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value as Json;

    use super::*;
    use crate::procedure::record::{
        Channel, DocGroup, Document, LegalDoc, OnlineLevel, Outcome, Record, Status, Way,
    };

    fn object_keys(v: impl serde::Serialize) -> BTreeSet<String> {
        match serde_json::to_value(v).unwrap() {
            Json::Object(m) => m.keys().cloned().collect(),
            other => panic!("not an object: {other}"),
        }
    }

    fn names<'a>(keys: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
        keys.into_iter().map(str::to_string).collect()
    }

    fn channel() -> Channel {
        Channel {
            way: Way::InPerson,
            time: "x".into(),
            fee: "x".into(),
            notes: Some("x".into()),
        }
    }

    fn document() -> Document {
        Document {
            group: DocGroup::Submit,
            name: "x".into(),
            code: Some("x".into()),
            originals: 1,
            copies: 1,
            form: Some("x".into()),
        }
    }

    fn outcome() -> Outcome {
        Outcome {
            name: "x".into(),
            code: Some("x".into()),
            issuer: Some("x".into()),
            notes: Some("x".into()),
        }
    }

    fn legal_doc() -> LegalDoc {
        let x = || Some("x".to_string());
        LegalDoc {
            number: "x".into(),
            title: x(),
            issuer: x(),
            issued: x(),
            effective: x(),
            url: x(),
        }
    }

    /// A record with every field filled, so that serde writes every key.
    fn full_record() -> Record {
        let x = || Some("x".to_string());
        Record {
            code: "1.000001".into(),
            name: "x".into(),
            description: x(),
            field: "x".into(),
            decision: x(),
            decision_date: x(),
            decision_issuer: x(),
            levels: vec!["x".into()],
            kind: x(),
            audience: vec!["x".into()],
            agency: x(),
            competent_agency: x(),
            coordinating_agency: x(),
            delegated_agency: x(),
            submit_at: x(),
            related: vec!["x".into()],
            keywords: vec!["x".into()],
            requirements: x(),
            online: Some(OnlineLevel::Full),
            online_url: x(),
            portal_url: x(),
            status: Status::InForce,
            replaced_by: x(),
            last_reviewed: x(),
            channels: vec![channel()],
            documents: vec![document()],
            steps: vec!["x".into()],
            results: vec![outcome()],
            legal_basis: vec![legal_doc()],
        }
    }

    #[test]
    fn serde_names_are_these_keys() {
        // A field added to Record must be added here too, or imports would skip it.
        assert_eq!(
            object_keys(full_record()),
            names(in_file_order().map(|k| k.name))
        );
        assert_eq!(object_keys(channel()), names(channel::ALL));
        assert_eq!(object_keys(document()), names(document::ALL));
        assert_eq!(object_keys(outcome()), names(outcome::ALL));
        assert_eq!(object_keys(legal_doc()), names(legal::ALL));
    }

    #[test]
    fn every_row_key_has_a_place_in_the_row_order() {
        let rows = [
            &channel::ALL[..],
            &document::ALL,
            &outcome::ALL,
            &legal::ALL,
        ];
        assert_eq!(names(rows.concat()), names(ROW_ORDER));
        assert_eq!(names(ROW_ORDER).len(), ROW_ORDER.len(), "listed once");
    }

    #[test]
    fn keys_are_unique_and_derived_ones_are_not_record_keys() {
        let all: Vec<Key> = in_file_order().collect();
        assert_eq!(names(all.iter().map(|k| k.name)).len(), all.len());
        assert_eq!(names(all.iter().map(|k| k.front)).len(), all.len());
        for k in derived::OF_RECORD {
            assert_eq!(by_name(k), None, "{k}");
        }
        for k in derived::OF_CHANNEL {
            assert!(!channel::ALL.contains(&k), "{k}");
        }
        assert_eq!(by_front("procedure.steps"), Some(STEPS));
        assert_eq!(by_name("name").map(|k| k.front), Some("title"));
        for k in IN_PROCEDURE {
            assert_eq!(in_table(k.front), Some(k.name));
        }
        for k in ON_PAGE {
            assert_eq!(in_table(k.front), None);
        }
    }

    #[test]
    fn the_readme_example_uses_these_keys() {
        // The README's example procedure file is the editors' reference: every key it writes
        // under [procedure] must be a record key, and it must mention every one of them.
        let readme = include_str!("../../README.md");
        let start = readme
            .find("\n[procedure]\n")
            .expect("README has an example [procedure]");
        let end = start + readme[start..].find("\n+++").expect("example ends");
        let example = &readme[start..end];
        let mut table = "";
        for line in example.lines() {
            let line = line.trim();
            if let Some(t) = line.strip_prefix("[[procedure.") {
                table = t.trim_end_matches(|c| c != ']').trim_end_matches(']');
                continue;
            }
            let Some((key, _)) = line.split_once(" = ") else {
                continue;
            };
            let known: &[&str] = match table {
                "" => &[],
                "channels" => &channel::ALL,
                "documents" => &document::ALL,
                "results" => &outcome::ALL,
                "legal_basis" => &legal::ALL,
                other => panic!("README names a table [[procedure.{other}]]"),
            };
            let ok = if table.is_empty() {
                IN_PROCEDURE.iter().any(|k| k.name == key)
            } else {
                known.contains(&key)
            };
            assert!(ok, "README's example has a key {key} the record lacks");
        }
        let words: BTreeSet<&str> = example
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        for k in IN_PROCEDURE {
            assert!(
                words.contains(k.name),
                "README's example never names {}",
                k.name
            );
        }
    }
}
