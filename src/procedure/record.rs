//! The procedure record: every field of the national database's record, as niemyet keeps it in a
//! procedure file's `[procedure]` front matter and publishes it in `procedures.json`.
//!
//! Key names are the same in front matter, in `procedures.json` and in the importer, so a
//! record read from any of them means the same thing. They are listed in
//! [`keys`](super::keys); serde takes them from the field names here, and a test there checks
//! that the two agree. Enumerations are written as short
//! Vietnamese words without marks ("truc-tuyen"), which editors can type on any keyboard.

use serde::{Deserialize, Serialize};

/// One administrative procedure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Mã thủ tục, e.g. `1.001193` or `2.000815.000.00.00.H61`.
    pub code: String,
    /// Tên thủ tục (the page's `title` in front matter).
    pub name: String,
    /// Mô tả: what it is for, in a sentence (the page's `description` in front matter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Lĩnh vực, e.g. "Hộ tịch".
    pub field: String,
    /// Số quyết định công bố, e.g. "163/QĐ-BTP".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Ngày quyết định, as written (YYYY-MM-DD when known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_date: Option<String>,
    /// Cơ quan ban hành quyết định.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_issuer: Option<String>,
    /// Cấp thực hiện, e.g. ["Cấp xã"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// Loại thủ tục.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Đối tượng thực hiện: who may use it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// Cơ quan thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Cơ quan có thẩm quyền.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_agency: Option<String>,
    /// Cơ quan phối hợp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinating_agency: Option<String>,
    /// Cơ quan được ủy quyền.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_agency: Option<String>,
    /// Địa chỉ tiếp nhận hồ sơ: where to submit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_at: Option<String>,
    /// Thủ tục hành chính liên quan (codes or names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Từ khóa.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Yêu cầu, điều kiện thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<String>,
    /// Mức dịch vụ công trực tuyến, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<OnlineLevel>,
    /// Address of the online service, when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    /// The procedure's page on the national public service portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_url: Option<String>,
    /// Trạng thái.
    #[serde(default)]
    pub status: Status,
    /// Thay bằng: the code of the procedure that replaces this one once it is abolished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Ngày rà soát gần nhất (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<String>,
    /// Cách thức thực hiện: one row per channel and case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Thành phần hồ sơ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    /// Trình tự thực hiện, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Kết quả thực hiện.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<Outcome>,
    /// Căn cứ pháp lý.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalDoc>,
}

/// Mức dịch vụ công trực tuyến (Nghị định 42/2022).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnlineLevel {
    /// Toàn trình: everything online, result delivered online or by post.
    #[serde(rename = "toan-trinh")]
    Full,
    /// Một phần: some steps must be done in person.
    #[serde(rename = "mot-phan")]
    Partial,
    /// Không: offline only.
    #[serde(rename = "khong")]
    None,
}

impl OnlineLevel {
    /// Every value as written in files, in order.
    pub const NAMES: [&'static str; 3] = ["toan-trinh", "mot-phan", "khong"];

    /// Reads the value as written in files.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "toan-trinh" => Some(Self::Full),
            "mot-phan" => Some(Self::Partial),
            "khong" => Some(Self::None),
            _ => None,
        }
    }

    /// The value as written in files.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The label citizens read.
    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "Toàn trình",
            Self::Partial => "Một phần",
            Self::None => "Không trực tuyến",
        }
    }
}

/// Whether a procedure is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Status {
    /// Đang áp dụng.
    #[default]
    #[serde(rename = "dang-ap-dung")]
    InForce,
    /// Đã bãi bỏ (or no longer found in the national database).
    #[serde(rename = "bai-bo")]
    Withdrawn,
}

impl Status {
    /// Every value as written in files, in order.
    pub const NAMES: [&'static str; 2] = ["dang-ap-dung", "bai-bo"];

    /// Reads the value as written in files.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "dang-ap-dung" => Some(Self::InForce),
            "bai-bo" => Some(Self::Withdrawn),
            _ => None,
        }
    }

    /// The value as written in files.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The label citizens read.
    pub fn label(self) -> &'static str {
        match self {
            Self::InForce => "Đang áp dụng",
            Self::Withdrawn => "Đã bãi bỏ",
        }
    }
}

/// Hình thức nộp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Way {
    /// Trực tiếp: in person.
    #[serde(rename = "truc-tiep")]
    InPerson,
    /// Trực tuyến: online.
    #[serde(rename = "truc-tuyen")]
    Online,
    /// Dịch vụ bưu chính: by post.
    #[serde(rename = "buu-chinh")]
    Postal,
}

impl Way {
    /// Every value as written in files, in order.
    pub const NAMES: [&'static str; 3] = ["truc-tiep", "truc-tuyen", "buu-chinh"];

    /// Reads the value as written in files.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "truc-tiep" => Some(Self::InPerson),
            "truc-tuyen" => Some(Self::Online),
            "buu-chinh" => Some(Self::Postal),
            _ => None,
        }
    }

    /// Reads the national database's wording ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính").
    pub fn from_label(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase();
        match s.as_str() {
            "trực tiếp" => Some(Self::InPerson),
            "trực tuyến" => Some(Self::Online),
            "dịch vụ bưu chính" | "bưu chính" | "qua bưu chính" | "dịch vụ bưu chính công ích" => {
                Some(Self::Postal)
            }
            _ => None,
        }
    }

    /// The value as written in files.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The label citizens read.
    pub fn label(self) -> &'static str {
        match self {
            Self::InPerson => "Trực tiếp",
            Self::Online => "Trực tuyến",
            Self::Postal => "Dịch vụ bưu chính",
        }
    }
}

/// One row of "Cách thức thực hiện".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// How the dossier is submitted.
    pub way: Way,
    /// Thời hạn giải quyết, as written ("5 Ngày làm việc").
    #[serde(default)]
    pub time: String,
    /// Phí, lệ phí, as written ("Miễn phí", "2,000 Việt Nam Đồng(/trang)").
    #[serde(default)]
    pub fee: String,
    /// Mô tả: the case this row covers, or notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Which group of "Thành phần hồ sơ" a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocGroup {
    /// Giấy tờ phải nộp.
    #[serde(rename = "nop")]
    Submit,
    /// Giấy tờ phải xuất trình.
    #[serde(rename = "xuat-trinh")]
    Show,
    /// Lưu ý: notes the database mixes into the document table.
    #[serde(rename = "luu-y")]
    Note,
}

impl DocGroup {
    /// Every value as written in files, in order.
    pub const NAMES: [&'static str; 3] = ["nop", "xuat-trinh", "luu-y"];

    /// Reads the value as written in files.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "nop" => Some(Self::Submit),
            "xuat-trinh" => Some(Self::Show),
            "luu-y" => Some(Self::Note),
            _ => None,
        }
    }

    /// Reads the national database's wording ("Giấy tờ phải nộp", …).
    pub fn from_label(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "giấy tờ phải nộp" => Some(Self::Submit),
            "giấy tờ phải xuất trình" => Some(Self::Show),
            "lưu ý" => Some(Self::Note),
            _ => None,
        }
    }

    /// The value as written in files.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The heading citizens read.
    pub fn label(self) -> &'static str {
        match self {
            Self::Submit => "Giấy tờ phải nộp",
            Self::Show => "Giấy tờ phải xuất trình",
            Self::Note => "Lưu ý",
        }
    }
}

/// One item of "Thành phần hồ sơ".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Group.
    pub group: DocGroup,
    /// Tên giấy tờ.
    pub name: String,
    /// Mã thành phần hồ sơ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Number of originals (bản chính).
    #[serde(default)]
    pub originals: u32,
    /// Number of copies (bản sao).
    #[serde(default)]
    pub copies: u32,
    /// Mẫu đơn, tờ khai: a file beside the page or an http(s) address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

/// One result of a procedure (kết quả thực hiện).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Tên kết quả.
    pub name: String,
    /// Mã kết quả, e.g. "KQ.G15.000031".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Cơ quan ban hành.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Mô tả.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One entry of "Căn cứ pháp lý".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalDoc {
    /// Số ký hiệu, e.g. "123/2015/NĐ-CP".
    pub number: String,
    /// Trích yếu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Cơ quan ban hành.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Ngày ban hành, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<String>,
    /// Ngày hiệu lực, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// Địa chỉ truy cập.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Whether `code` looks like a national procedure code: `1.001193`, optionally followed by a
/// province's suffix such as `.000.00.00.H61`.
pub fn is_valid_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let head = parts.next().unwrap_or("");
    let body = parts.next().unwrap_or("");
    head.len() == 1
        && head.bytes().all(|b| b.is_ascii_digit())
        && body.len() == 6
        && body.bytes().all(|b| b.is_ascii_digit())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `url` is an absolute http(s) address with a host, written only with the characters
/// a URL may hold (RFC 3986, without `'`): no spaces, quotes, angle brackets or letters outside
/// ASCII, so that it can go into an HTML attribute, a feed or a QR code as it is.
pub fn is_web_url(url: &str) -> bool {
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        r
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&()*+,;=%".contains(&b);
    let bytes = url.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit())
    });
    !host.is_empty()
        && bytes.iter().all(|&b| allowed(b))
        && escapes_ok
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// A web address typed or pasted as text, made valid the way a browser does it: surrounding
/// spaces dropped, and spaces, quotes, angle brackets, a `%` that starts no escape and letters
/// outside ASCII in the path and query percent-encoded (UTF-8). `None` when the result is
/// still not an http(s) address with a valid host.
pub fn web_url_from_text(text: &str) -> Option<String> {
    let text = text.trim();
    let scheme_end = text.find("://")? + 3;
    let host_end = text[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| scheme_end + i);
    let mut out = text[..host_end].to_ascii_lowercase();
    let tail = &text.as_bytes()[host_end..];
    for (i, &b) in tail.iter().enumerate() {
        let valid_escape = b == b'%'
            && tail.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && tail.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let keep =
            b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&()*+,;=".contains(&b) || valid_escape;
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    is_web_url(&out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for ok in ["1.001193", "2.000815", "3.000439", "2.000815.000.00.00.H61"] {
            assert!(is_valid_code(ok), "{ok}");
        }
        for bad in [
            "",
            "1001193",
            "1.00119",
            "12.001193",
            "1.001193.",
            "1.0011934",
            "a.001193",
        ] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url(
            "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d"
        ));
        assert!(is_web_url("http://example.vn"));
        for bad in [
            "javascript:alert(1)",
            "ftp://x.vn",
            "https://",
            "https://a b.vn",
            "//x.vn",
            "https://x.vn/\u{7}",
            "https://<x>/",
            "https://dichvucong.gov.vn/p?x=\"><script>alert(1)</script>",
            "https://vbpl.vn/a\"onmouseover=\"alert(1)",
            "https://x.vn/it's",
            "https://x.vn/a%2",
            "https://x.vn/a%zz",
            "https://x.vn/thủ-tục",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
        assert!(is_web_url("https://x.vn/a%20b?q=1&r=2#top"));
    }

    #[test]
    fn pasted_urls_are_encoded_as_browsers_do() {
        assert_eq!(
            web_url_from_text(" https://x.vn/thủ tục?q=\"a\" ").as_deref(),
            Some("https://x.vn/th%E1%BB%A7%20t%E1%BB%A5c?q=%22a%22")
        );
        assert_eq!(
            web_url_from_text("https://vbpl.vn/a\"onmouseover=\"alert(1)").as_deref(),
            Some("https://vbpl.vn/a%22onmouseover=%22alert(1)")
        );
        assert_eq!(
            web_url_from_text("HTTPS://Example.VN/A%20b%").as_deref(),
            Some("https://example.vn/A%20b%25")
        );
        for bad in [
            "javascript:alert(1)",
            "www.x.vn",
            "https://a b.vn/",
            "https:///x",
        ] {
            assert_eq!(web_url_from_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn enum_names_round_trip() {
        for n in OnlineLevel::NAMES {
            assert_eq!(OnlineLevel::from_name(n).unwrap().name(), n);
        }
        for n in Way::NAMES {
            assert_eq!(Way::from_name(n).unwrap().name(), n);
        }
        for n in DocGroup::NAMES {
            assert_eq!(DocGroup::from_name(n).unwrap().name(), n);
        }
        for n in Status::NAMES {
            assert_eq!(Status::from_name(n).unwrap().name(), n);
        }
        assert_eq!(Way::from_label("Dịch vụ bưu chính"), Some(Way::Postal));
        assert_eq!(DocGroup::from_label("Lưu ý"), Some(DocGroup::Note));
    }
}
