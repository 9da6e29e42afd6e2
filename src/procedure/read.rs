//! A procedure page's `[procedure]` front matter: read field by field into a [`Record`], with
//! every problem located and explained, and the parts Nghị định 63/2010 Điều 8 requires checked.

use crate::diagnostics::Diagnostic;
use crate::input::table_reader::Fields;
use crate::procedure::record::{
    self, Channel, DocGroup, Document, LegalDoc, OnlineLevel, Outcome, Record, Status, Way,
};
use crate::procedure::{fee, keys, time_limit};

/// What an editor writes when the law sets nothing for a required part.
pub const NOT_REGULATED: &str = "Không quy định";

/// Reads `[procedure]` if the page has one. `title` and `description` are the page's own, which
/// are the procedure's name and summary.
pub fn read(
    f: &mut Fields<'_, '_>,
    title: Option<&str>,
    description: Option<&str>,
) -> Option<Box<Record>> {
    let mut p = f.table_fields(keys::TABLE)?;
    let mut r = Record {
        code: p.string(keys::CODE.name).unwrap_or_default(),
        name: title.unwrap_or_default().to_string(),
        description: description.map(str::to_string),
        field: p.string(keys::FIELD.name).unwrap_or_default(),
        decision: p.string(keys::DECISION.name),
        decision_date: date_text(&mut p, keys::DECISION_DATE.name),
        decision_issuer: p.string(keys::DECISION_ISSUER.name),
        levels: p.string_list(keys::LEVELS.name).unwrap_or_default(),
        kind: p.string(keys::KIND.name),
        audience: p.string_list(keys::AUDIENCE.name).unwrap_or_default(),
        agency: p.string(keys::AGENCY.name),
        competent_agency: p.string(keys::COMPETENT_AGENCY.name),
        coordinating_agency: p.string(keys::COORDINATING_AGENCY.name),
        delegated_agency: p.string(keys::DELEGATED_AGENCY.name),
        submit_at: p.string(keys::SUBMIT_AT.name),
        related: p.string_list(keys::RELATED.name).unwrap_or_default(),
        keywords: p.string_list(keys::KEYWORDS.name).unwrap_or_default(),
        requirements: p.string(keys::REQUIREMENTS.name),
        online: p
            .one_of(keys::ONLINE.name, &OnlineLevel::NAMES)
            .and_then(|s| OnlineLevel::from_name(&s)),
        online_url: p.string(keys::ONLINE_URL.name),
        portal_url: p.string(keys::PORTAL_URL.name),
        status: p
            .one_of(keys::STATUS.name, &Status::NAMES)
            .and_then(|s| Status::from_name(&s))
            .unwrap_or_default(),
        replaced_by: p.string(keys::REPLACED_BY.name),
        last_reviewed: p
            .date(keys::LAST_REVIEWED.name)
            .map(|d| d.date().to_string()),
        steps: p.string_list(keys::STEPS.name).unwrap_or_default(),
        ..Record::default()
    };
    // Bookkeeping of the importer (what it last wrote), read by `niemyet import` only.
    p.raw(keys::IMPORT);

    for mut c in p.table_list(keys::CHANNELS.name).unwrap_or_default() {
        let has_way = c.has(keys::channel::WAY);
        let way = c
            .one_of(keys::channel::WAY, &Way::NAMES)
            .and_then(|s| Way::from_name(&s));
        let time = c.string(keys::channel::TIME).unwrap_or_default();
        let fee = c.string(keys::channel::FEE).unwrap_or_default();
        check_time(&mut c, &time);
        check_fee(&mut c, &fee);
        let notes = c.string(keys::channel::NOTES);
        if !has_way {
            c.error(
                keys::channel::WAY,
                "thiếu hình thức nộp".into(),
                "viết way = \"truc-tiep\", \"truc-tuyen\" hoặc \"buu-chinh\"",
            );
        }
        p.absorb(c, &[]);
        if let Some(way) = way {
            r.channels.push(Channel {
                way,
                time,
                fee,
                notes,
            });
        }
    }
    for mut d in p.table_list(keys::DOCUMENTS.name).unwrap_or_default() {
        let has_group = d.has(keys::document::GROUP);
        let group = d
            .one_of(keys::document::GROUP, &DocGroup::NAMES)
            .and_then(|s| DocGroup::from_name(&s));
        let name = d.string(keys::document::NAME).unwrap_or_default();
        let doc = Document {
            group: group.unwrap_or(DocGroup::Submit),
            code: d.string(keys::document::CODE),
            originals: count(&mut d, keys::document::ORIGINALS),
            copies: count(&mut d, keys::document::COPIES),
            form: d.string(keys::document::FORM),
            name,
        };
        if doc.name.trim().is_empty() {
            d.error(
                keys::document::NAME,
                "thiếu tên giấy tờ".into(),
                "viết name = \"Tờ khai đăng ký khai sinh\"",
            );
        }
        if let Some(form) = &doc.form {
            if form.contains("://") && !record::is_web_url(form) {
                d.error(
                    keys::document::FORM,
                    format!("địa chỉ mẫu đơn \"{form}\" không phải địa chỉ http(s) hợp lệ"),
                    "ghi địa chỉ bắt đầu bằng https://, hoặc tên tệp đặt cạnh trang thủ tục",
                );
            }
        }
        if !has_group {
            d.error(
                keys::document::GROUP,
                "thiếu nhóm giấy tờ".into(),
                "viết group = \"nop\" (giấy tờ phải nộp), \"xuat-trinh\" (giấy tờ phải xuất \
                 trình) hoặc \"luu-y\" (điều cần lưu ý)",
            );
        }
        p.absorb(d, &[]);
        if group.is_some() {
            r.documents.push(doc);
        }
    }
    for mut o in p.table_list(keys::RESULTS.name).unwrap_or_default() {
        let name = o.string(keys::outcome::NAME);
        let outcome = Outcome {
            name: name.clone().unwrap_or_default(),
            code: o.string(keys::outcome::CODE),
            issuer: o.string(keys::outcome::ISSUER),
            notes: o.string(keys::outcome::NOTES),
        };
        if name.is_none() {
            o.error(
                keys::outcome::NAME,
                "thiếu tên kết quả".into(),
                "viết name = \"Giấy khai sinh\"",
            );
        }
        p.absorb(o, &[]);
        r.results.push(outcome);
    }
    for mut l in p.table_list(keys::LEGAL_BASIS.name).unwrap_or_default() {
        let number = l.string(keys::legal::NUMBER);
        let doc = LegalDoc {
            number: number.clone().unwrap_or_default(),
            title: l.string(keys::legal::TITLE),
            issuer: l.string(keys::legal::ISSUER),
            issued: date_text(&mut l, keys::legal::ISSUED),
            effective: date_text(&mut l, keys::legal::EFFECTIVE),
            url: l.string(keys::legal::URL),
        };
        if number.is_none() {
            l.error(
                keys::legal::NUMBER,
                "thiếu số ký hiệu văn bản".into(),
                "viết number = \"123/2015/NĐ-CP\"",
            );
        }
        if let Some(url) = &doc.url {
            check_url(&mut l, keys::legal::URL, url);
        }
        p.absorb(l, &[]);
        r.legal_basis.push(doc);
    }

    check_code(&mut p, &r.code);
    check_replacement(&mut p, r.replaced_by.as_deref());
    if r.field.trim().is_empty() {
        p.error(
            keys::FIELD.name,
            "thiếu lĩnh vực của thủ tục".into(),
            "viết field = \"Hộ tịch\" (tên lĩnh vực như trong Cơ sở dữ liệu quốc gia)",
        );
    }
    for (key, url) in [
        (keys::ONLINE_URL, &r.online_url),
        (keys::PORTAL_URL, &r.portal_url),
    ] {
        if let Some(url) = url {
            check_url(&mut p, key.name, url);
        }
    }
    if matches!(r.online, Some(OnlineLevel::Full | OnlineLevel::Partial))
        && ![&r.online_url, &r.portal_url]
            .into_iter()
            .flatten()
            .any(|u| record::is_web_url(u))
    {
        let level = r.online.map_or("", OnlineLevel::label);
        p.error(
            keys::ONLINE.name,
            format!("có mức dịch vụ công trực tuyến «{level}» nhưng không có đường dẫn để nộp"),
            "thêm online_url = \"https://dichvucong.gov.vn/...\" (địa chỉ dịch vụ công của thủ \
             tục này), hoặc ghi online = \"khong\" nếu chưa làm được trực tuyến",
        );
    }
    check_parts(&mut p, title.is_some());
    f.absorb(p, &[]);
    Some(Box::new(r))
}

/// A date written as a TOML date or as text, kept as text.
fn date_text(f: &mut Fields<'_, '_>, key: &'static str) -> Option<String> {
    match f.raw(key)? {
        toml::Value::String(s) => Some(s),
        toml::Value::Datetime(d) => Some(d.to_string()),
        other => {
            f.error(
                key,
                format!(
                    "phải là ngày hoặc chuỗi văn bản, nhưng đang là {}",
                    crate::input::toml_doc::type_name(&other)
                ),
                &format!("viết ví dụ: {key} = 2026-03-15"),
            );
            None
        }
    }
}

fn count(f: &mut Fields<'_, '_>, key: &'static str) -> u32 {
    f.unsigned(key)
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn check_url(f: &mut Fields<'_, '_>, key: &str, url: &str) {
    if !record::is_web_url(url) {
        f.error(
            key,
            format!("\"{url}\" không phải địa chỉ web http(s) hợp lệ"),
            "ghi địa chỉ đầy đủ bắt đầu bằng https:// (ví dụ https://dichvucong.gov.vn/...), \
             không có dấu cách",
        );
    }
}

fn check_code(f: &mut Fields<'_, '_>, code: &str) {
    if code.is_empty() {
        f.error(
            keys::CODE.name,
            "thiếu mã thủ tục".into(),
            "viết code = \"1.001193\" (mã trong Cơ sở dữ liệu quốc gia về thủ tục hành chính)",
        );
    } else if !record::is_valid_code(code) {
        f.error(
            keys::CODE.name,
            format!("mã thủ tục \"{code}\" không đúng dạng"),
            "mã gồm một chữ số, dấu chấm và sáu chữ số, ví dụ 1.001193; mã của tỉnh có thể có \
             thêm phần đuôi như 2.000815.000.00.00.H61",
        );
    }
}

/// `replaced_by` must be a code as `code` is; whether that procedure is on the site is known
/// only once every page is read ([`replacements`]).
fn check_replacement(f: &mut Fields<'_, '_>, code: Option<&str>) {
    if let Some(code) = code.filter(|c| !record::is_valid_code(c)) {
        f.error(
            keys::REPLACED_BY.name,
            format!("mã thủ tục thay thế \"{code}\" không đúng dạng"),
            "ghi mã của thủ tục mới, ví dụ replaced_by = \"1.001193\" (một chữ số, dấu chấm và \
             sáu chữ số)",
        );
    }
}

fn check_time(c: &mut Fields<'_, '_>, time: &str) {
    if time.trim().is_empty() {
        return;
    }
    if let Err(why) = time_limit::parse(time) {
        let (reason, hint) = match why {
            // Gaps in the national data, listed by `niemyet check` (procedure::gaps).
            time_limit::TimeLimitError::NoUnit | time_limit::TimeLimitError::NoInformation => {
                return
            }
            time_limit::TimeLimitError::Unrecognised => (
                "không phải một thời hạn đơn giản (con số và đơn vị), chương trình không tóm tắt \
                 được",
                "nếu đúng như văn bản thì cứ để vậy; nếu chỉ có một thời hạn thì ghi gọn, ví dụ \
                 time = \"5 ngày làm việc\", \"Trong ngày\", và ghi các trường hợp riêng vào notes",
            ),
        };
        c.warn(
            keys::channel::TIME,
            format!("thời hạn \"{time}\" {reason}; trang web sẽ ghi nguyên văn"),
            hint,
        );
    }
}

fn check_fee(c: &mut Fields<'_, '_>, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if let Err(why) = fee::parse(text) {
        let reason = match why {
            fee::FeeError::AmbiguousNumber => "có số viết không rõ phần nghìn",
            fee::FeeError::NoCurrency => "không rõ đơn vị tiền",
            // A gap in the national data, listed by `niemyet check` (procedure::gaps).
            fee::FeeError::NoInformation => return,
            fee::FeeError::Unrecognised => {
                "không phải một mức phí đơn giản (số tiền và đơn vị), chương trình không tóm tắt được"
            }
        };
        c.warn(
            keys::channel::FEE,
            format!("phí, lệ phí \"{text}\" {reason}; trang web sẽ ghi nguyên văn"),
            "ghi ví dụ fee = \"Miễn phí\", \"8.000 đồng\", \"2.000 đồng/trang\"; nếu có nhiều \
             mức theo từng trường hợp thì cứ ghi đủ như văn bản",
        );
    }
}

/// A procedure must have a name: without one it is not a procedure a citizen can find. The
/// other parts Nghị định 63/2010/NĐ-CP Điều 8 requires may be missing in the national data:
/// those are gaps ([`crate::procedure::gaps`]), reported by `niemyet check`, never errors.
fn check_parts(p: &mut Fields<'_, '_>, has_title: bool) {
    if !has_title {
        p.error(
            keys::CODE.name,
            format!(
                "thiếu tên thủ tục (title ở đầu tệp), phần bắt buộc theo {}",
                crate::procedure::gaps::ARTICLE
            ),
            "thêm title = \"Đăng ký khai sinh\" ở phần đầu tệp, trước [procedure]",
        );
    }
}

/// Diagnostics for procedures sharing a code: every file after the first, naming the first.
pub fn duplicate_codes<'a>(
    pages: impl Iterator<Item = (&'a std::path::Path, Option<(usize, usize)>, &'a str)>,
) -> Vec<Diagnostic> {
    let mut first: std::collections::HashMap<&str, &std::path::Path> = Default::default();
    let mut diags = Vec::new();
    for (file, pos, code) in pages {
        if code.is_empty() {
            continue;
        }
        match first.get(code) {
            None => {
                first.insert(code, file);
            }
            Some(other) => diags.push(
                Diagnostic::error(format!(
                    "trường `procedure.code`: mã thủ tục \"{code}\" trùng với tệp {}",
                    other.display()
                ))
                .in_file(file)
                .at(pos)
                .with_hint(
                    "mỗi thủ tục chỉ có một tệp; xóa một trong hai tệp, hoặc sửa mã cho đúng",
                ),
            ),
        }
    }
    diags
}

/// Warnings for `replaced_by` that cannot send citizens on: a code no page on the site has, the
/// procedure's own code, or a procedure still in force (the page shows the replacement only
/// once the procedure is abolished). `pages` gives each procedure's file, the position of its
/// `replaced_by` and its record.
pub fn replacements<'a>(
    pages: impl Iterator<Item = (&'a std::path::Path, Option<(usize, usize)>, &'a Record)> + Clone,
) -> Vec<Diagnostic> {
    let codes: std::collections::HashSet<&str> =
        pages.clone().map(|(_, _, r)| r.code.as_str()).collect();
    let mut diags = Vec::new();
    for (file, pos, r) in pages {
        let Some(new) = r.replaced_by.as_deref() else {
            continue;
        };
        let problem = if new == r.code {
            Some((
                format!("thủ tục ghi thay bằng chính nó (\"{new}\")"),
                "ghi mã của thủ tục mới thay cho thủ tục này, hoặc xóa dòng replaced_by",
            ))
        } else if !codes.contains(new) && record::is_valid_code(new) {
            Some((
                format!("không có thủ tục mã \"{new}\" trên trang; trang sẽ không có đường dẫn «Thay bằng»"),
                "kiểm tra lại mã, hoặc nhập thủ tục mới đó (niemyet import) rồi dựng lại trang",
            ))
        } else if r.status == Status::InForce && record::is_valid_code(new) {
            Some((
                "thủ tục còn đang áp dụng nên trang không ghi «Thay bằng»".to_string(),
                "nếu thủ tục đã bãi bỏ thì ghi status = \"bai-bo\"; nếu chưa thì xóa dòng replaced_by",
            ))
        } else {
            None
        };
        if let Some((message, hint)) = problem {
            diags.push(
                Diagnostic::warning(format!("trường `procedure.replaced_by`: {message}"))
                    .in_file(file)
                    .at(pos)
                    .with_hint(hint),
            );
        }
    }
    diags
}
