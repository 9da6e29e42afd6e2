//! Markdown rendering: `niemyet::markdown::render` on arbitrary UTF-8 text, with the
//! default `[markdown]` settings and anchor links on the right of headings.
//!
//! Besides "never panics", it checks:
//! - rendering succeeds (the anchor closure never fails, so nothing else may);
//! - a summary, when there is one, is no longer than the full HTML (it is the HTML before
//!   `<!-- more -->`, with open tags closed);
//! - a summary exists only if the text contains `<!-- more -->`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use niemyet::config::{AnchorLinks, MarkdownConfig};
use niemyet::markdown::{render, RenderContext, SUMMARY_MARKER};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = MarkdownConfig::default();
    let anchor = |id: &str, _level: u32| -> Result<String, String> {
        Ok(format!("<a class=\"zola-anchor\" href=\"#{id}\">#</a>"))
    };
    let ctx = RenderContext {
        config: &config,
        base_url: "https://xa-an-binh.gov.vn",
        permalink: "https://xa-an-binh.gov.vn/tin-tuc/bai/",
        anchors: AnchorLinks::Right,
        anchor_html: &anchor,
    };
    let rendered = match render(text, &ctx) {
        Ok(r) => r,
        Err(e) => panic!("render failed although the anchor closure cannot: {e}\ninput: {text:?}"),
    };
    if let Some(summary) = &rendered.summary {
        assert!(
            text.contains(SUMMARY_MARKER),
            "summary without a marker in the input: {text:?}"
        );
        assert!(
            summary.len() <= rendered.html.len(),
            "summary ({} bytes) longer than the HTML ({} bytes)\ninput: {text:?}\nsummary: {summary:?}\nhtml: {:?}",
            summary.len(),
            rendered.html.len(),
            rendered.html
        );
    }
});
