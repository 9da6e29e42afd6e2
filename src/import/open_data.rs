//! `procedures.json` as niemyet publishes it, so a commune can start from a neighbour's
//! catalogue: the records, less the derived keys the publisher adds.
//!
//! A procedure with a key the record does not have is an error naming the procedure (its
//! position and code) and every such key: the file comes from another version of niemyet or
//! was edited, and guessing what the key meant would lose data silently.

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

use super::cells::{clean_line, clean_record};
use super::source::{Skipped, Source};
use crate::diagnostics::Diagnostic;
use crate::procedure::keys::{self, derived};
use crate::procedure::record::{is_valid_code, Record};
use crate::render::open_data::{FORMAT, VERSION};

/// Reads a `procedures.json` file.
pub(crate) fn read(path: &Path, bytes: &[u8]) -> Result<Source, Vec<Diagnostic>> {
    let error =
        |msg: String, hint: &str| vec![Diagnostic::error(msg).in_file(path).with_hint(hint)];
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![Diagnostic::error(format!("tệp JSON sai cú pháp ({e})"))
            .in_file(path)
            .at(Some((e.line(), e.column())))
            .with_hint("Tải lại procedures.json từ trang đã xuất bản; đừng sửa tệp bằng tay.")]
    })?;
    let Value::Object(mut top) = value else {
        return Err(error(
            "tệp JSON không phải danh mục thủ tục của niemyet (cần một đối tượng {…})".into(),
            "Chọn tệp procedures.json do niemyet xuất bản.",
        ));
    };
    let format = top.get("format").and_then(Value::as_str);
    if format != Some(FORMAT) {
        return Err(error(
            format!(
                "tệp JSON không phải danh mục thủ tục của niemyet: khóa «format» là {}, cần «{FORMAT}»",
                format.map_or("(không có)".to_string(), |f| format!("«{f}»"))
            ),
            "Chọn tệp procedures.json do niemyet xuất bản.",
        ));
    }
    let version = top.get("version").cloned().unwrap_or(Value::Null);
    if version.as_u64() != Some(VERSION) {
        return Err(error(
            format!(
                "procedures.json phiên bản {version} không đọc được (chỉ đọc phiên bản {VERSION})"
            ),
            "Dùng phiên bản niemyet cùng với trang đã xuất bản tệp này.",
        ));
    }
    let Some(Value::Array(procedures)) = top.remove("procedures") else {
        return Err(error(
            "procedures.json không có danh sách «procedures»".into(),
            "Tải lại procedures.json từ trang đã xuất bản.",
        ));
    };
    read_procedures(path, procedures)
}

/// Reads the procedure objects; any that cannot be read is an error.
fn read_procedures(path: &Path, procedures: Vec<Value>) -> Result<Source, Vec<Diagnostic>> {
    // The file holds whole records: an empty value there is empty, not unknown.
    let mut out = Source {
        carries: super::merge::every_key(),
        ..Source::default()
    };
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (i, p) in procedures.into_iter().enumerate() {
        let location = format!("thủ tục thứ {}", i + 1);
        let code = p
            .get(keys::CODE.name)
            .and_then(Value::as_str)
            .map(clean_line);
        let named = match &code {
            Some(c) => format!("{location} (mã {c})"),
            None => location.clone(),
        };
        let mut record = match record(p) {
            Ok(r) => r,
            Err(why) => {
                errors.push(
                    Diagnostic::error(format!("procedures.json, {named}: {why}"))
                        .in_file(path)
                        .with_hint(
                            "Tệp có lẽ do phiên bản niemyet khác tạo ra hoặc đã bị sửa tay: \
                             tải lại từ trang đã xuất bản, hoặc xóa các khóa lạ.",
                        ),
                );
                continue;
            }
        };
        clean_record(&mut record);
        let skip = |reason: String| Skipped {
            location: location.clone(),
            code: code.clone(),
            reason,
        };
        if !is_valid_code(&record.code) {
            out.skipped.push(skip(format!(
                "mã thủ tục «{}» không đúng dạng",
                record.code
            )));
        } else if record.name.is_empty() || record.field.is_empty() {
            out.skipped
                .push(skip("thiếu tên thủ tục hoặc lĩnh vực".into()));
        } else if !seen.insert(record.code.clone()) {
            out.skipped.push(skip(format!(
                "mã {} trùng với một thủ tục phía trên",
                record.code
            )));
        } else {
            out.records.push(record);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One procedure object as a record, its derived keys removed; on failure, why (every key
/// the record does not have is named).
fn record(p: Value) -> Result<Record, String> {
    let Value::Object(mut obj) = p else {
        return Err("không phải đối tượng JSON".into());
    };
    for k in derived::OF_RECORD {
        obj.remove(k);
    }
    if let Some(Value::Array(channels)) = obj.get_mut(keys::CHANNELS.name) {
        for c in channels.iter_mut().filter_map(Value::as_object_mut) {
            for k in derived::OF_CHANNEL {
                c.remove(k);
            }
        }
    }
    let mut unknown = Vec::new();
    // serde names one unknown key at a time: drop it and try again to find them all.
    loop {
        match serde_json::from_value::<Record>(Value::Object(obj.clone())) {
            Ok(r) if unknown.is_empty() => return Ok(r),
            Ok(_) => break,
            Err(e) => {
                let msg = e.to_string();
                match backticked(&msg, "unknown field `") {
                    Some(k) => {
                        let top_level = obj.remove(&k).is_some();
                        unknown.push(if top_level {
                            k
                        } else {
                            format!("{k} (trong một mục con)")
                        });
                        if !top_level {
                            break;
                        }
                    }
                    None if unknown.is_empty() => return Err(translate(&msg)),
                    None => break,
                }
            }
        }
    }
    let list: Vec<String> = unknown.iter().map(|k| format!("«{k}»")).collect();
    Err(format!(
        "có khóa không thuộc bản ghi thủ tục: {}",
        list.join(", ")
    ))
}

/// The name between backticks right after `prefix` in serde's message.
fn backticked(msg: &str, prefix: &str) -> Option<String> {
    let rest = &msg[msg.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// serde's English message, in Vietnamese where it is a common one.
fn translate(msg: &str) -> String {
    if let Some(k) = backticked(msg, "missing field `") {
        format!("thiếu khóa «{k}»")
    } else if let Some(v) = backticked(msg, "unknown variant `") {
        format!("giá trị «{v}» không hợp lệ ({msg})")
    } else {
        format!("dữ liệu không đúng kiểu ({msg})")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::import::{read_source, SourceKind};
    use crate::procedure::record::{Channel, OnlineLevel, Way};
    use crate::procedure::view;

    fn sample() -> Record {
        Record {
            code: "1.001193".into(),
            name: "Thủ tục đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            online: Some(OnlineLevel::Full),
            steps: vec!["Bước 1\nchi tiết".into()],
            channels: vec![Channel {
                way: Way::InPerson,
                time: "3 Ngày làm việc".into(),
                fee: "Miễn phí".into(),
                notes: None,
            }],
            ..Record::default()
        }
    }

    fn file(procedures: Vec<Value>) -> Vec<u8> {
        let v = json!({
            "format": FORMAT,
            "version": VERSION,
            "site": {"title": "Xã A", "base_url": "https://xa-a.vn"},
            "count": procedures.len(),
            "procedures": procedures,
        });
        serde_json::to_vec_pretty(&v).unwrap()
    }

    fn read(bytes: &[u8]) -> Result<Source, Vec<Diagnostic>> {
        read_source(Path::new("procedures.json"), bytes).map(|(kind, s)| {
            assert_eq!(kind, SourceKind::OpenData);
            s
        })
    }

    #[test]
    fn reads_back_what_niemyet_publishes() {
        let r = sample();
        let published = view::open_data(&r, "https://xa-a.vn/tt/1/", Some("https://xa-a.vn/q/1"));
        assert!(published["channels"][0].get("time_value").is_some());
        let src = read(&file(vec![published.clone(), published])).unwrap();
        assert_eq!(src.records, [r]);
        assert_eq!(src.skipped.len(), 1, "the duplicate is skipped");
    }

    #[test]
    fn unknown_keys_are_named() {
        let mut p = view::open_data(&sample(), "u", None);
        p["mau_sac"] = json!("đỏ");
        p["ghi_chu"] = json!(1);
        let e = read(&file(vec![json!(sample()), p])).unwrap_err();
        assert_eq!(e.len(), 1);
        let msg = &e[0].message;
        assert!(msg.contains("thủ tục thứ 2 (mã 1.001193)"), "{msg}");
        assert!(
            msg.contains("«mau_sac»") && msg.contains("«ghi_chu»"),
            "{msg}"
        );
        assert!(e[0].hint.is_some());

        let mut p = json!(sample());
        p["channels"][0]["extra"] = json!(1);
        let e = read(&file(vec![p])).unwrap_err();
        assert!(
            e[0].message.contains("«extra (trong một mục con)»"),
            "{}",
            e[0]
        );

        let e = read(&file(vec![json!({"code": "1.001193", "field": "x"})])).unwrap_err();
        assert!(e[0].message.contains("thiếu khóa «name»"), "{}", e[0]);
    }

    #[test]
    fn wrong_format_or_version() {
        let e = read(br#"{"format": "khac", "version": 1, "procedures": []}"#).unwrap_err();
        assert!(e[0].message.contains("khóa «format» là «khac»"), "{}", e[0]);
        let e = read(br#"{"format": "niemyet-procedures", "version": 2, "procedures": []}"#)
            .unwrap_err();
        assert!(e[0].message.contains("phiên bản 2"), "{}", e[0]);
        let e = read(b"{\n  \"format\": ,\n}").unwrap_err();
        assert_eq!(e[0].line, Some(2));
        assert!(e[0].message.starts_with("tệp JSON sai cú pháp"));
    }

    #[test]
    fn texts_are_cleaned_and_bad_codes_skipped() {
        let mut p = json!(sample());
        p["name"] = json!("  Thủ tục\u{a0}đăng ký  khai sinh ");
        let mut bad = json!(sample());
        bad["code"] = json!("1.0011");
        let src = read(&file(vec![p, bad])).unwrap();
        assert_eq!(src.records[0].name, "Thủ tục đăng ký khai sinh");
        assert_eq!(src.skipped[0].location, "thủ tục thứ 2");
        assert_eq!(src.skipped[0].code.as_deref(), Some("1.0011"));
    }
}
