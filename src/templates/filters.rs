//! Zola's template filters that Tera does not have built in.

use std::collections::HashMap;

use serde_json::Value as Json;
use tera::{Filter, Result as TeraResult, Tera};

use crate::config::{AnchorLinks, MarkdownConfig};
use crate::markdown::{self, RenderContext};

/// Registers the filters on `tera`; `num_format` defaults to the site's `language`.
pub fn register(tera: &mut Tera, config: &MarkdownConfig, base_url: &str, language: &str) {
    tera.register_filter(
        "num_format",
        NumFormat {
            default_locale: language.to_string(),
        },
    );
    tera.register_filter("json_script", json_script);
    tera.register_filter("base64_encode", base64_encode);
    tera.register_filter("base64_decode", base64_decode);
    tera.register_filter("regex_replace", regex_replace);
    tera.register_filter(
        "markdown",
        Markdown {
            config: config.clone(),
            base_url: base_url.to_string(),
        },
    );
}

/// `markdown(inline=false)`: renders a string as markdown; `inline` drops the wrapping `<p>`.
struct Markdown {
    config: MarkdownConfig,
    base_url: String,
}

impl Filter for Markdown {
    fn filter(&self, value: &Json, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let text = value
            .as_str()
            .ok_or_else(|| tera::Error::msg("bộ lọc markdown chỉ dùng cho chuỗi văn bản"))?;
        let inline = match args.get("inline") {
            None => false,
            Some(Json::Bool(b)) => *b,
            Some(_) => return Err("bộ lọc markdown: inline phải là true hoặc false".into()),
        };
        let no_anchor = |_: &str, _: u32| Ok(String::new());
        let ctx = RenderContext {
            config: &self.config,
            base_url: &self.base_url,
            permalink: "",
            anchors: AnchorLinks::None,
            anchor_html: &no_anchor,
            resolve_link: None,
        };
        let mut html = markdown::render(text, &ctx).map_err(tera::Error::msg)?.html;
        if inline {
            if let Some(inner) = html
                .trim_end()
                .strip_prefix("<p>")
                .and_then(|h| h.strip_suffix("</p>"))
                .filter(|inner| !inner.contains("<p>"))
            {
                html = inner.to_string();
            }
        }
        Ok(Json::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `num_format(locale=…)`, as in Zola: an integer with the locale's digit grouping
/// (`1234567 | num_format` is "1.234.567" in Vietnamese).
struct NumFormat {
    default_locale: String,
}

impl Filter for NumFormat {
    fn filter(&self, value: &Json, args: &HashMap<String, Json>) -> TeraResult<Json> {
        use num_format::{Locale, ToFormattedString};
        let n = value.as_i64().ok_or_else(|| {
            tera::Error::msg(format!(
                "bộ lọc num_format chỉ dùng cho số nguyên, đang là {value}"
            ))
        })?;
        let name = match args.get("locale") {
            None => self.default_locale.as_str(),
            Some(Json::String(l)) => l.as_str(),
            Some(other) => {
                return Err(format!("num_format: locale phải là chuỗi, đang là {other}").into())
            }
        };
        let locale = Locale::from_name(name).map_err(|_| {
            tera::Error::msg(format!(
                "num_format: không biết ngôn ngữ \"{name}\" (ví dụ: \"vi\", \"en\")"
            ))
        })?;
        Ok(Json::String(n.to_formatted_string(&locale)))
    }
}

/// `json_script`: a value as JSON to put inside `<script type="application/ld+json">`, with
/// `<`, `>` and `&` escaped so that no text from content can close the element.
fn json_script(value: &Json, _: &HashMap<String, Json>) -> TeraResult<Json> {
    let text = serde_json::to_string(value).map_err(|e| tera::Error::msg(e.to_string()))?;
    Ok(Json::String(
        text.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    ))
}

fn string_arg<'a>(value: &'a Json, filter: &str) -> TeraResult<&'a str> {
    value
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("bộ lọc {filter} chỉ dùng cho chuỗi văn bản")))
}

fn base64_encode(value: &Json, _: &HashMap<String, Json>) -> TeraResult<Json> {
    use base64::Engine as _;
    let s = string_arg(value, "base64_encode")?;
    Ok(Json::String(
        base64::engine::general_purpose::STANDARD.encode(s),
    ))
}

fn base64_decode(value: &Json, _: &HashMap<String, Json>) -> TeraResult<Json> {
    use base64::Engine as _;
    let s = string_arg(value, "base64_decode")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| tera::Error::msg(format!("base64_decode: chuỗi không phải base64: {e}")))?;
    String::from_utf8(bytes)
        .map(Json::String)
        .map_err(|_| "base64_decode: kết quả không phải văn bản UTF-8".into())
}

/// `regex_replace(pattern, rep)`, as in Zola: `rep` may use `$1`-style groups.
fn regex_replace(value: &Json, args: &HashMap<String, Json>) -> TeraResult<Json> {
    let s = string_arg(value, "regex_replace")?;
    let get = |k: &str| {
        args.get(k)
            .and_then(Json::as_str)
            .ok_or_else(|| tera::Error::msg(format!("regex_replace: thiếu đối số {k} (chuỗi)")))
    };
    let re = regex::Regex::new(get("pattern")?)
        .map_err(|e| tera::Error::msg(format!("regex_replace: mẫu không hợp lệ: {e}")))?;
    Ok(Json::String(re.replace_all(s, get("rep")?).into_owned()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn num_format_groups_digits_by_locale() {
        let mut tera = tera::Tera::default();
        super::register(&mut tera, &Default::default(), "https://x.vn", "vi");
        let mut r = |t: &str| tera.render_str(t, &tera::Context::new());
        assert_eq!(r("{{ 1234567 | num_format }}").unwrap(), "1.234.567");
        assert_eq!(
            r("{{ -1234 | num_format(locale=\"en\") }}").unwrap(),
            "-1,234"
        );
        let e = r("{{ 12 | num_format(locale=\"xx\") }}").unwrap_err();
        assert!(format!("{e:?}").contains("không biết ngôn ngữ"), "{e:?}");
    }

    #[test]
    fn json_script_cannot_close_the_script_element() {
        let mut tera = tera::Tera::default();
        super::register(&mut tera, &Default::default(), "https://x.vn", "vi");
        let mut ctx = tera::Context::new();
        ctx.insert("name", "Xã </script><b>A&B</b>");
        let out = tera
            .render_str("{{ name | json_script | safe }}", &ctx)
            .unwrap();
        assert_eq!(
            out,
            r#""Xã \u003c/script\u003e\u003cb\u003eA\u0026B\u003c/b\u003e""#
        );
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "Xã </script><b>A&B</b>");
    }
}
