//! The `config.toml` model: Zola's keys plus the commune's own `[commune]` table.

use std::path::Path;

use serde::Serialize;
use serde_json::Value as Json;

use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::{Fields, TomlDoc};

/// Zola keys that niemyet accepts but does not act on yet: using them warns instead of failing.
const UNSUPPORTED_TOP: &[&str] = &[
    "languages",
    "translations",
    "search",
    "slugify",
    "link_checker",
    "hard_link_static",
    "ignored_static",
    "preserve_dotfiles_in_output",
    "mode",
    "generate_feed",
    "feed_filename",
    "rss_limit",
    "extra_syntaxes",
];

const UNSUPPORTED_MARKDOWN: &[&str] = &[
    "highlight_themes_css",
    "extra_syntaxes_and_themes",
    "render_emoji",
    "bottom_footnotes",
    "lazy_async_image",
    "github_alerts",
    "definition_list",
];

/// Where heading anchor links go, as Zola's `insert_anchor_links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    /// No anchor links.
    #[default]
    None,
    /// Before the heading text.
    Left,
    /// After the heading text.
    Right,
    /// The whole heading is the link.
    Heading,
}

impl AnchorLinks {
    /// The accepted spellings.
    pub const NAMES: &'static [&'static str] = &["none", "left", "right", "heading"];

    /// From one of [`Self::NAMES`].
    pub fn from_name(s: &str) -> Self {
        match s {
            "left" => Self::Left,
            "right" => Self::Right,
            "heading" => Self::Heading,
            _ => Self::None,
        }
    }
}

/// The `[markdown]` table.
#[derive(Debug, Clone, Serialize)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// `target="_blank"` on links leaving the site.
    pub external_links_target_blank: bool,
    /// `rel="nofollow"` on links leaving the site.
    pub external_links_no_follow: bool,
    /// `rel="noreferrer"` on links leaving the site.
    pub external_links_no_referrer: bool,
    /// Default anchor links for headings, overridable per section.
    pub insert_anchor_links: AnchorLinks,
    /// Code highlighting, when on. Templates see it as Zola's `highlight_code` flag.
    #[serde(rename = "highlight_code", serialize_with = "serialize_is_some")]
    pub highlighting: Option<Highlighting>,
}

fn serialize_is_some<S: serde::Serializer>(
    h: &Option<Highlighting>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_bool(h.is_some())
}

/// Keys of `[markdown.highlighting]` that Zola 0.22 has and niemyet ignores, with a warning.
const UNSUPPORTED_HIGHLIGHTING: &[&str] = &[
    "light_theme",
    "dark_theme",
    "extra_grammars",
    "extra_themes",
    "error_on_missing_language",
    "data_attr_position",
];

/// How code blocks are coloured: `z-` classes with a stylesheet, or inline colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightStyle {
    /// Classes; the build writes `syntax.css` in the theme's colours.
    Class,
    /// `style=` attributes on every token.
    Inline,
}

/// Code highlighting: `[markdown.highlighting]` (Zola 0.22), or the older
/// `highlight_code`/`highlight_theme` keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlighting {
    /// A syntect theme name (see [`crate::highlight::theme_names`]).
    pub theme: String,
    /// Classes or inline styles.
    pub style: HighlightStyle,
}

impl Highlighting {
    /// The style to pass to [`crate::highlight::highlight`].
    pub fn style(&self) -> crate::highlight::Style<'_> {
        match self.style {
            HighlightStyle::Class => crate::highlight::Style::Classed,
            HighlightStyle::Inline => crate::highlight::Style::Inline(&self.theme),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            smart_punctuation: false,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            insert_anchor_links: AnchorLinks::None,
            highlighting: None,
        }
    }
}

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

/// The whole site configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Absolute URL of the site, without trailing slash.
    pub base_url: String,
    /// Site title.
    pub title: Option<String>,
    /// Site description.
    pub description: Option<String>,
    /// Language code of the content.
    pub default_language: String,
    /// Theme folder name under `themes/`.
    pub theme: Option<String>,
    /// Taxonomies.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Whether to write site feeds.
    pub generate_feeds: bool,
    /// Feed file names (atom.xml, rss.xml).
    pub feed_filenames: Vec<String>,
    /// Maximum items per feed.
    pub feed_limit: Option<usize>,
    /// Whether to minify HTML (not implemented yet: warns).
    pub minify_html: bool,
    /// Whether to compile `sass/` (site and theme) into CSS.
    pub compile_sass: bool,
    /// Globs of content files to skip.
    pub ignored_content: Vec<String>,
    /// Output folder, relative to the site root.
    pub output_dir: String,
    /// Whether to write sitemap.xml.
    pub generate_sitemap: bool,
    /// Whether to write robots.txt.
    pub generate_robots_txt: bool,
    /// Default author for feeds.
    pub author: Option<String>,
    /// The `[markdown]` table.
    pub markdown: MarkdownConfig,
    /// The commune's settings; without a `[commune]` table, the site title stands in for the name.
    pub commune: Commune,
    /// Whether config.toml has a `[commune]` table: only a commune's portal owes the law the
    /// pages, contacts and disclosures `niemyet check` looks for; any other Zola site does not.
    #[serde(skip)]
    pub is_commune: bool,
    /// The day this build is for, in Vietnam: the rules and the posters' print date read it,
    /// never the clock, so that one build sees one day (`SOURCE_DATE_EPOCH` or
    /// `BuildOptions::today` fix it).
    #[serde(skip)]
    pub today: chrono::NaiveDate,
    /// The printable posters.
    pub posters: Posters,
    /// The public disclosure hub.
    pub disclosure: DisclosureConfig,
    /// What `niemyet check` needs beyond the content (not for templates).
    #[serde(skip)]
    pub check: CheckConfig,
    /// Free-form settings for templates; the theme's `[extra]` fills in missing keys.
    pub extra: Json,
    /// Build the Pagefind search index and the search page (Zola's key; off unless set).
    pub build_search_index: bool,
    /// Where each key of `config.toml` stands ("posters.online_guide"), for messages from
    /// later stages.
    #[serde(skip)]
    pub positions: crate::input::toml_doc::KeyPositions,
}

/// The file name of the configuration.
pub const CONFIG_FILE: &str = "config.toml";

impl Config {
    /// Reads and validates `config.toml` under `root`; every problem is returned, warnings included.
    pub fn load(root: &Path) -> (Option<Config>, Vec<Diagnostic>) {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    return (
                        None,
                        vec![crate::input::text::invalid_utf8(
                            Path::new(CONFIG_FILE),
                            e.as_bytes(),
                            e.utf8_error(),
                        )],
                    )
                }
            },
            Err(e) => {
                return (
                    None,
                    vec![Diagnostic::error(format!(
                        "không đọc được {CONFIG_FILE} trong {}: {e}",
                        root.display()
                    ))
                    .in_file(CONFIG_FILE)
                    .with_hint(
                        "chạy lệnh trong thư mục của trang (có config.toml), hoặc chỉ đường dẫn \
                         bằng --root; tạo trang mới bằng `niemyet init THƯ_MỤC`",
                    )],
                )
            }
        };
        Self::parse(&text, Path::new(CONFIG_FILE))
    }

    /// Parses configuration text; `file` is used in messages.
    pub fn parse(text: &str, file: &Path) -> (Option<Config>, Vec<Diagnostic>) {
        let (doc, table) = match TomlDoc::parse(text, file, 1) {
            Ok(x) => x,
            Err(diags) => return (None, diags),
        };
        let positions = doc.key_positions();
        let mut f = doc.reader(table);
        let mut diags = Vec::new();

        let base_url = f.string("base_url");
        if base_url.is_none() {
            diags.push(
                Diagnostic::error("thiếu `base_url`, địa chỉ trang web")
                    .in_file(file)
                    .at_line(1)
                    .with_hint("thêm dòng base_url = \"https://ten-xa.gov.vn\" ở đầu config.toml"),
            );
        }
        let base_url = base_url
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        if !base_url.is_empty() && !is_http_url(&base_url) && base_url != "/" {
            f.error(
                "base_url",
                format!("\"{base_url}\" không phải địa chỉ http:// hoặc https://"),
                "viết đầy đủ, ví dụ: base_url = \"https://hoaphong.gov.vn\"",
            );
        }
        let title = f.string("title");
        let description = f.string("description");
        let default_language = f.string("default_language").unwrap_or_else(|| "vi".into());
        let theme = f.string("theme");
        if let Some(t) = &theme {
            if t.is_empty() || t.contains(['/', '\\']) || t == "." || t == ".." {
                f.error(
                    "theme",
                    format!("\"{t}\" không phải tên một thư mục trong themes/"),
                    "viết tên thư mục giao diện, ví dụ: theme = \"niemyet\"",
                );
            }
        }
        let taxonomies = read_taxonomies(&mut f, &default_language);
        let generate_feeds = f.boolean("generate_feeds").unwrap_or(false);
        let feed_filenames = f
            .string_list("feed_filenames")
            .unwrap_or_else(|| vec!["atom.xml".into()]);
        for name in &feed_filenames {
            if name != "atom.xml" && name != "rss.xml" {
                f.error(
                    "feed_filenames",
                    format!("không có mẫu cho tệp tin \"{name}\""),
                    "dùng \"atom.xml\" và/hoặc \"rss.xml\"",
                );
            }
        }
        let feed_limit = f.unsigned("feed_limit");
        let minify_html = f.boolean("minify_html").unwrap_or(false);
        if minify_html {
            f.warn(
                "minify_html",
                "niemyet chưa thu gọn HTML; trang vẫn được tạo bình thường".into(),
                "đặt minify_html = false; máy chủ nén gzip/brotli đã giảm phần lớn dung lượng",
            );
        }
        let ignored_content = f.string_list("ignored_content").unwrap_or_default();
        for pattern in &ignored_content {
            if let Err(e) = globset::Glob::new(pattern) {
                f.error(
                    "ignored_content",
                    format!("mẫu \"{pattern}\" sai: {e}"),
                    "viết mẫu kiểu glob, ví dụ: \"*.docx\" hoặc \"nhap/**\"",
                );
            }
        }
        let output_dir = f.string("output_dir").unwrap_or_else(|| "public".into());
        let generate_sitemap = f.boolean("generate_sitemap").unwrap_or(true);
        let generate_robots_txt = f.boolean("generate_robots_txt").unwrap_or(true);
        let author = f.string("author");
        let compile_sass = f.boolean("compile_sass").unwrap_or(false);
        let build_search_index = f.boolean("build_search_index").unwrap_or(false);
        // Zola before 0.16 had the highlighting keys at the top level.
        let old_highlighting = read_old_highlighting(&mut f);
        let mut markdown = read_markdown(&mut f);
        if markdown.highlighting.is_none() {
            markdown.highlighting = old_highlighting;
        }
        let commune = read_commune(&mut f, file, &mut diags);
        let posters = read_posters(&mut f);
        let check = read_check(&mut f);
        let disclosure = match f.table_fields("disclosure") {
            Some(mut t) => {
                let hub = t
                    .string("hub")
                    .map(|h| h.trim_start_matches("@/").to_string());
                f.absorb(t, &[]);
                DisclosureConfig { hub }
            }
            None => DisclosureConfig::default(),
        };
        let extra = f
            .json_table("extra")
            .unwrap_or(Json::Object(Default::default()));

        diags.extend(f.finish(UNSUPPORTED_TOP));
        let is_commune = commune.is_some();
        let commune = commune.unwrap_or_else(|| Commune {
            name: title.clone().unwrap_or_default(),
            national_portal_url: "https://dichvucong.gov.vn".into(),
            ..Commune::default()
        });
        let config = Config {
            base_url,
            title,
            description,
            default_language,
            theme,
            taxonomies,
            generate_feeds,
            feed_filenames,
            feed_limit,
            minify_html,
            compile_sass,
            ignored_content,
            output_dir,
            generate_sitemap,
            generate_robots_txt,
            author,
            markdown,
            commune,
            is_commune,
            today: crate::disclosure::calendar::today(),
            posters,
            disclosure,
            check,
            extra,
            build_search_index,
            positions,
        };
        (Some(config), diags)
    }

    /// The absolute URL of a site path such as "/tin-tuc/" or "style.css".
    pub fn make_permalink(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        if path.is_empty() {
            format!("{}/", self.base_url)
        } else {
            format!("{}/{}", self.base_url, path)
        }
    }

    /// Fills keys missing from `extra` with the theme's `[extra]`, as Zola does.
    pub fn merge_theme_extra(&mut self, theme_extra: Json) {
        if let (Json::Object(site), Json::Object(theme)) = (&mut self.extra, theme_extra) {
            for (k, v) in theme {
                site.entry(k).or_insert(v);
            }
        }
    }
}

fn read_markdown(f: &mut Fields<'_, '_>) -> MarkdownConfig {
    let mut md = MarkdownConfig::default();
    if let Some(mut t) = f.table_fields("markdown") {
        md.smart_punctuation = t.boolean("smart_punctuation").unwrap_or(false);
        md.external_links_target_blank = t.boolean("external_links_target_blank").unwrap_or(false);
        md.external_links_no_follow = t.boolean("external_links_no_follow").unwrap_or(false);
        md.external_links_no_referrer = t.boolean("external_links_no_referrer").unwrap_or(false);
        if let Some(a) = t.one_of("insert_anchor_links", AnchorLinks::NAMES) {
            md.insert_anchor_links = AnchorLinks::from_name(&a);
        }
        let old = read_old_highlighting(&mut t);
        md.highlighting = match t.table_fields("highlighting") {
            Some(mut h) => {
                let name = h.string("theme");
                let theme = checked_theme(&mut h, "theme", name);
                let style = match h.one_of("style", &["class", "inline"]).as_deref() {
                    Some("inline") => HighlightStyle::Inline,
                    _ => HighlightStyle::Class,
                };
                t.absorb(h, UNSUPPORTED_HIGHLIGHTING);
                Some(Highlighting { theme, style })
            }
            None => old,
        };
        f.absorb(t, UNSUPPORTED_MARKDOWN);
    }
    md
}

/// Zola's keys before 0.22: `highlight_code = true` turns highlighting on, `highlight_theme`
/// names the theme (inline colours), or is `"css"` for classes and a stylesheet.
fn read_old_highlighting(f: &mut Fields<'_, '_>) -> Option<Highlighting> {
    let on = f.boolean("highlight_code").unwrap_or(false);
    let highlighting = match f.string("highlight_theme") {
        Some(css) if css == "css" => Highlighting {
            theme: crate::highlight::DEFAULT_THEME.to_string(),
            style: HighlightStyle::Class,
        },
        name => Highlighting {
            theme: checked_theme(f, "highlight_theme", name),
            style: HighlightStyle::Inline,
        },
    };
    on.then_some(highlighting)
}

/// A highlighting theme name, checked: the default theme when absent (or wrong: then an error).
fn checked_theme(f: &mut Fields<'_, '_>, key: &'static str, name: Option<String>) -> String {
    let default = crate::highlight::DEFAULT_THEME.to_string();
    let Some(name) = name else {
        return default;
    };
    match crate::highlight::resolve_theme(&name) {
        Some(t) => t.to_string(),
        None => {
            f.error(
                key,
                format!("không có giao diện tô màu mã nguồn \"{name}\""),
                &format!(
                    "chọn một trong: {}",
                    crate::highlight::theme_names().join(", ")
                ),
            );
            default
        }
    }
}

fn read_taxonomies(f: &mut Fields<'_, '_>, lang: &str) -> Vec<TaxonomyConfig> {
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

fn read_check(f: &mut Fields<'_, '_>) -> CheckConfig {
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

fn read_posters(f: &mut Fields<'_, '_>) -> Posters {
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

fn read_commune(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn minimal_config_has_zola_defaults() {
        let (c, d) = parse("base_url = \"https://x.gov.vn/\"\n");
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.base_url, "https://x.gov.vn");
        assert_eq!(c.feed_filenames, ["atom.xml"]);
        assert_eq!(c.make_permalink("/tin-tuc/"), "https://x.gov.vn/tin-tuc/");
        assert_eq!(c.make_permalink(""), "https://x.gov.vn/");
    }

    #[test]
    fn unknown_key_is_error_unsupported_is_warning() {
        let (_, d) = parse("base_url = \"https://x.vn\"\nbase_ulr = 1\nlanguages = {}\n");
        assert_eq!(d.len(), 2, "{d:?}");
        let err = d.iter().find(|x| x.is_error()).unwrap();
        assert_eq!(err.line, Some(2));
        assert!(err.hint.as_ref().unwrap().contains("base_url"));
        let warn = d.iter().find(|x| !x.is_error()).unwrap();
        assert!(warn.message.contains("languages"));
    }

    #[test]
    fn commune_is_typed_and_checked() {
        let text =
            "base_url = \"https://x.vn\"\n[commune]\nname = \"Xã A\"\nemail = \"khong-hop-le\"\n\
                    hotline = \"0233 385\"\nnational_portal_url = \"ftp://x\"\n";
        let (c, d) = parse(text);
        let mut errs: Vec<_> = d.iter().filter(|x| x.is_error()).collect();
        errs.sort_by_key(|x| x.line);
        assert_eq!(errs.len(), 2, "{d:?}");
        assert_eq!(errs[0].line, Some(4));
        assert_eq!(errs[1].line, Some(6));
        let c = c.unwrap().commune;
        assert_eq!(c.hotline.as_deref(), Some("0233 385"));
        assert_eq!(c.national_portal_url, "https://dichvucong.gov.vn");
    }

    #[test]
    fn highlighting_table_of_zola_0_22() {
        let base = "base_url = \"https://x.vn\"\n";
        let (c, d) = parse(&format!("{base}[markdown.highlighting]\n"));
        assert!(d.is_empty(), "{d:?}");
        let h = c.unwrap().markdown.highlighting.unwrap();
        assert_eq!(h.theme, "base16-ocean.dark");
        assert_eq!(h.style, HighlightStyle::Class);

        let text = format!(
            "{base}[markdown.highlighting]\ntheme = \"InspiredGitHub\"\nstyle = \"inline\"\n\
             error_on_missing_language = true\n"
        );
        let (c, d) = parse(&text);
        let c = c.unwrap();
        let h = c.markdown.highlighting.as_ref().unwrap();
        assert_eq!(h.theme, "InspiredGitHub");
        assert_eq!(h.style, HighlightStyle::Inline);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        assert!(d[0]
            .message
            .contains("markdown.highlighting.error_on_missing_language"));
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["markdown"]["highlight_code"], Json::Bool(true));
        let (c, _) = parse(base);
        let json = serde_json::to_value(c.unwrap()).unwrap();
        assert_eq!(json["markdown"]["highlight_code"], Json::Bool(false));
    }

    #[test]
    fn older_highlighting_keys() {
        let base = "base_url = \"https://x.vn\"\n";
        let (c, d) = parse(&format!(
            "{base}[markdown]\nhighlight_code = true\nhighlight_theme = \"css\"\n"
        ));
        assert!(d.is_empty(), "{d:?}");
        let h = c.unwrap().markdown.highlighting.unwrap();
        assert_eq!(
            (h.theme.as_str(), h.style),
            ("base16-ocean.dark", HighlightStyle::Class)
        );

        let (c, d) = parse(&format!(
            "{base}[markdown]\nhighlight_code = true\nhighlight_theme = \"solarized-light\"\n\
             highlight_themes_css = []\n"
        ));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("highlight_themes_css") && !d[0].is_error());
        let h = c.unwrap().markdown.highlighting.unwrap();
        assert_eq!(
            (h.theme.as_str(), h.style),
            ("Solarized (light)", HighlightStyle::Inline)
        );

        // Before Zola 0.16 the keys were at the top level.
        let (c, d) = parse(&format!("highlight_code = true\n{base}"));
        assert!(d.is_empty(), "{d:?}");
        let h = c.unwrap().markdown.highlighting.unwrap();
        assert_eq!(
            (h.theme.as_str(), h.style),
            ("base16-ocean.dark", HighlightStyle::Inline)
        );

        let (c, d) = parse(&format!("{base}[markdown]\nhighlight_theme = \"css\"\n"));
        assert!(d.is_empty(), "{d:?}");
        assert!(c.unwrap().markdown.highlighting.is_none());
    }

    #[test]
    fn unknown_highlight_theme_is_an_error_listing_themes() {
        for text in [
            "base_url = \"https://x.vn\"\n[markdown.highlighting]\ntheme = \"dracula\"\n",
            "base_url = \"https://x.vn\"\n[markdown]\nhighlight_code = true\nhighlight_theme = \"dracula\"\n",
        ] {
            let (_, d) = parse(text);
            let e = d.iter().find(|x| x.is_error()).expect("an error");
            assert!(e.message.contains("\"dracula\""), "{e}");
            assert_eq!(e.line, Some(4 - usize::from(text.contains("[markdown.h"))));
            let hint = e.hint.as_deref().unwrap();
            assert!(hint.contains("base16-ocean.dark") && hint.contains("InspiredGitHub"));
        }
    }

    #[test]
    fn compile_sass_is_a_flag() {
        let (c, d) = parse("base_url = \"https://x.vn\"\ncompile_sass = true\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(c.unwrap().compile_sass);
    }

    #[test]
    fn missing_base_url_is_an_error() {
        let (_, d) = parse("title = \"x\"\n");
        assert!(d
            .iter()
            .any(|x| x.is_error() && x.message.contains("base_url")));
    }
}
