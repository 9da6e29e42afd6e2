//! The commune's own `[commune]` table: names, addresses and contacts shown in headers,
//! footers and posters, each checked as it is read.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::input::table_reader::Fields;

/// The commune's own settings, the `[commune]` table: shown in headers, footers and posters.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Commune {
    /// Official name, e.g. "Xã Hòa Phong".
    pub name: String,
    /// Province, e.g. "Tỉnh Quảng Trị".
    pub province: Option<String>,
    /// Postal address of the People's Committee.
    pub address: Option<String>,
    /// Hotline phone number.
    pub hotline: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Where citizens send feedback and petitions (phản ánh, kiến nghị).
    pub feedback_address: Option<String>,
    /// Phone number for feedback, when it differs from the hotline.
    pub feedback_hotline: Option<String>,
    /// E-mail for feedback, when it differs from the contact e-mail.
    pub feedback_email: Option<String>,
    /// The national public service portal.
    pub national_portal_url: String,
    /// The province's one-stop public service portal.
    pub provincial_portal_url: Option<String>,
    /// Where citizens rate their satisfaction with the information online (Nghị định 224/2026,
    /// Điều 10 khoản 3 điểm b).
    pub satisfaction_url: Option<String>,
    /// The villages (thôn, tổ dân phố), whose cultural houses post what the commune discloses.
    pub villages: Vec<String>,
}

pub(super) fn read_commune(
    f: &mut Fields<'_, '_>,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Commune> {
    let mut t = f.table_fields("commune")?;
    let name = t.string("name");
    if name.is_none() {
        diags.push(
            Diagnostic::error("bảng [commune] thiếu `name`, tên xã/phường")
                .in_file(file)
                .at(f.pos("commune"))
                .with_hint("thêm dòng name = \"Xã Hòa Phong\" trong bảng [commune]"),
        );
    }
    let url = |t: &mut Fields<'_, '_>, key: &'static str| {
        let v = t.string(key)?;
        if is_http_url(&v) {
            Some(v)
        } else {
            t.error(
                key,
                format!("\"{v}\" không phải địa chỉ http:// hoặc https://"),
                "viết đầy đủ, ví dụ: \"https://dichvucong.gov.vn\"",
            );
            None
        }
    };
    let national_portal_url =
        url(&mut t, "national_portal_url").unwrap_or_else(|| "https://dichvucong.gov.vn".into());
    let provincial_portal_url = url(&mut t, "provincial_portal_url");
    let satisfaction_url = url(&mut t, "satisfaction_url");
    let villages = t.string_list("villages").unwrap_or_default();
    let email = |t: &mut Fields<'_, '_>, key: &'static str| {
        let v = t.string(key)?;
        let ok = v.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty() && b.contains('.') && !v.chars().any(char::is_whitespace)
        });
        if !ok {
            t.error(
                key,
                format!("\"{v}\" không phải địa chỉ thư điện tử"),
                "viết ví dụ: \"ubnd@hoaphong.gov.vn\"",
            );
        }
        ok.then_some(v)
    };
    let email_main = email(&mut t, "email");
    let feedback_email = email(&mut t, "feedback_email");
    let phone = |t: &mut Fields<'_, '_>, key: &'static str| {
        let v = t.string(key)?;
        let ok = v.chars().any(|c| c.is_ascii_digit())
            && v.chars()
                .all(|c| c.is_ascii_digit() || " .-+()".contains(c));
        if !ok {
            t.error(
                key,
                format!("\"{v}\" không phải số điện thoại"),
                "chỉ dùng chữ số, dấu cách, dấu chấm hoặc gạch nối, ví dụ: \"0233 3851 234\"",
            );
        }
        ok.then_some(v)
    };
    let hotline = phone(&mut t, "hotline");
    let feedback_hotline = phone(&mut t, "feedback_hotline");
    let commune = Commune {
        name: name.unwrap_or_default(),
        province: t.string("province"),
        address: t.string("address"),
        hotline,
        email: email_main,
        feedback_address: t.string("feedback_address"),
        feedback_hotline,
        feedback_email,
        national_portal_url,
        provincial_portal_url,
        satisfaction_url,
        villages,
    };
    f.absorb(t, &[]);
    Some(commune)
}

/// True for absolute http(s) URLs with a host.
pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}
