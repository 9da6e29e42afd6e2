//! The `config.toml` model: Zola's keys plus the commune's own `[commune]` table.

use std::path::Path;

use serde::Serialize;
use serde_json::Value as Json;

use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::TomlDoc;

mod commune;
mod markdown;
mod tables;

use commune::read_commune;
pub use commune::{is_http_url, Commune};
use markdown::{read_markdown, read_old_highlighting};
pub use markdown::{AnchorLinks, HighlightStyle, Highlighting, MarkdownConfig};
use tables::{read_check, read_posters, read_taxonomies};
pub use tables::{CheckConfig, DisclosureConfig, Posters, TaxonomyConfig};

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
            assert_eq!(e.line, Some(4 - u32::from(text.contains("[markdown.h"))));
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
