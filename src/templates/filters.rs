//! Zola's template filters that Tera does not have built in.

use std::collections::HashMap;

use serde_json::Value as Json;
use tera::{Filter, Result as TeraResult, Tera};

use crate::config::{AnchorLinks, MarkdownConfig};
use crate::markdown::{self, RenderContext};

/// Registers the filters on `tera`.
pub fn register(tera: &mut Tera, config: &MarkdownConfig, base_url: &str) {
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
