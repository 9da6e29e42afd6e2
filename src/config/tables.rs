//! The smaller tables of `config.toml`: taxonomies, `[disclosure]`, `[check]` and `[posters]`.

use serde::Serialize;

use crate::input::table_reader::Fields;

/// One entry of `taxonomies`.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyConfig {
    /// The taxonomy's name, also its URL segment.
    pub name: String,
    /// Terms per pager; 0 means no pagination.
    pub paginate_by: Option<usize>,
    /// The pager URL segment.
    pub paginate_path: String,
    /// Whether each term gets a feed.
    pub feed: bool,
    /// Whether pages are written for it.
    pub render: bool,
    /// Language code (single-language sites use the default).
    pub lang: String,
}

/// The `[disclosure]` table: where the public disclosure hub is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DisclosureConfig {
    /// Content path of the section listing what the commune makes public (e.g.
    /// "cong-khai/_index.md"); the quarterly lists go under it.
    pub hub: Option<String>,
}

/// The `[check]` table: what `niemyet check` needs to know beyond the content.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// Public holidays, which do not count as working days (Saturdays and Sundays never do).
    pub holidays: Vec<chrono::NaiveDate>,
    /// Months after which a procedure's last review is overdue.
    pub review_months: u32,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            holidays: Vec::new(),
            review_months: 12,
        }
    }
}

/// The `[posters]` table: where the printable posters go and which guides the "Nộp hồ sơ trực
/// tuyến" poster takes its steps from.
#[derive(Debug, Clone, Serialize)]
pub struct Posters {
    /// URL path of the posters, without slashes at the ends (default "ban-in").
    pub path: String,
    /// Content path of the guide to submitting online (e.g. "huong-dan/nop-ho-so-truc-tuyen.md");
    /// without it there is no online poster.
    pub online_guide: Option<String>,
    /// Content path of the guide to paying fees online, shown beside it.
    pub payment_guide: Option<String>,
}

impl Default for Posters {
    fn default() -> Self {
        Posters {
            path: "ban-in".into(),
            online_guide: None,
            payment_guide: None,
        }
    }
}

pub(super) fn read_taxonomies(f: &mut Fields<'_, '_>, lang: &str) -> Vec<TaxonomyConfig> {
    let Some(list) = f.table_list("taxonomies") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for mut t in list {
        let name = t.string("name");
        if name.is_none() {
            t.error(
                "name",
                "mỗi phân loại cần có tên".into(),
                "viết ví dụ: { name = \"linh-vuc\" }",
            );
        }
        if let Some(n) = &name {
            if slug::slugify(n).is_empty() {
                t.error(
                    "name",
                    format!("tên \"{n}\" không tạo được đường dẫn"),
                    "dùng chữ và số, ví dụ: name = \"linh-vuc\"",
                );
            }
        }
        let tax = TaxonomyConfig {
            name: name.unwrap_or_default(),
            paginate_by: t.unsigned("paginate_by").filter(|n| *n > 0),
            paginate_path: t.string("paginate_path").unwrap_or_else(|| "page".into()),
            feed: t.boolean("feed").unwrap_or(false),
            render: t.boolean("render").unwrap_or(true),
            lang: t.string("lang").unwrap_or_else(|| lang.to_string()),
        };
        f.absorb(t, &[]);
        out.push(tax);
    }
    out
}

pub(super) fn read_check(f: &mut Fields<'_, '_>) -> CheckConfig {
    let Some(mut t) = f.table_fields("check") else {
        return CheckConfig::default();
    };
    let mut c = CheckConfig::default();
    if let Some(days) = t.date_list("holidays") {
        c.holidays = days.iter().map(crate::dates::DateValue::date).collect();
        c.holidays.sort();
    }
    if let Some(n) = t.unsigned("review_months") {
        match u32::try_from(n) {
            Ok(n) if n > 0 => c.review_months = n,
            _ => t.error(
                "review_months",
                format!("{n} tháng không dùng được"),
                "ghi số tháng từ 1 trở lên, ví dụ review_months = 12",
            ),
        }
    }
    f.absorb(t, &[]);
    c
}

pub(super) fn read_posters(f: &mut Fields<'_, '_>) -> Posters {
    let Some(mut t) = f.table_fields("posters") else {
        return Posters::default();
    };
    let mut posters = Posters::default();
    if let Some(path) = t.string("path") {
        let clean = path.trim_matches('/');
        let ok = !clean.is_empty()
            && clean.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
        if ok {
            posters.path = clean.to_string();
        } else {
            t.error(
                "path",
                format!("\"{path}\" không dùng được làm đường dẫn"),
                "chỉ dùng chữ thường không dấu, chữ số, gạch nối và dấu /, ví dụ: \"ban-in\"",
            );
        }
    }
    for key in ["online_guide", "payment_guide"] {
        let value = t
            .string(key)
            .map(|v| v.trim_start_matches("@/").to_string());
        match key {
            "online_guide" => posters.online_guide = value,
            _ => posters.payment_guide = value,
        }
    }
    if posters.payment_guide.is_some() && posters.online_guide.is_none() {
        t.error(
            "payment_guide",
            "có bài hướng dẫn thanh toán nhưng chưa có online_guide".into(),
            "thêm online_guide = \"huong-dan/nop-ho-so-truc-tuyen.md\" (bài hướng dẫn nộp hồ sơ \
             trực tuyến)",
        );
    }
    f.absorb(t, &[]);
    posters
}
