//! Front matter splitting and parsing: `front_matter::split`, `Page::from_text`,
//! `Section::from_text`, `Config::parse` and `dates::parse` on arbitrary UTF-8 text.
//!
//! Besides "never panics", it checks:
//! - a successful split gives `front` and `body` that are slices of the input (after an
//!   optional BOM), in that order, with `front_line < body_line`; `front_line` is 2 and
//!   `body_line` is the line after the closing `+++`;
//! - every diagnostic from the page, section and config readers names a file (the one it
//!   was given) and has a non-empty message;
//! - `Page::from_text` / `Section::from_text` return `Some` only when no diagnostic is an
//!   error, and `None` only when at least one is; `Config::parse` returns `None` only with
//!   an error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use niemyet::config::Config;
use niemyet::content::front_matter;
use niemyet::content::{FileInfo, Page, Section};
use niemyet::dates;
use niemyet::diagnostics::Diagnostic;

/// Byte offset of `part` inside `whole`, if `part` is a slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let w = whole.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    (p >= w && p + part.len() <= w + whole.len()).then(|| p - w)
}

fn check_diags(what: &str, diags: &[Diagnostic], file: &Path, text: &str) {
    for d in diags {
        assert!(
            d.file.is_some(),
            "{what}: diagnostic without a file: {d:?}\ninput: {text:?}"
        );
        assert_eq!(
            d.file.as_deref(),
            Some(file),
            "{what}: diagnostic names another file: {d:?}\ninput: {text:?}"
        );
        assert!(
            !d.message.trim().is_empty(),
            "{what}: diagnostic with an empty message: {d:?}\ninput: {text:?}"
        );
    }
}

fn check_result<T>(what: &str, item: &Option<T>, diags: &[Diagnostic], text: &str) {
    let has_error = diags.iter().any(Diagnostic::is_error);
    if item.is_some() {
        assert!(
            !has_error,
            "{what}: Some(_) returned together with an error: {diags:?}\ninput: {text:?}"
        );
    } else {
        assert!(
            has_error,
            "{what}: None returned without any error: {diags:?}\ninput: {text:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(s) = front_matter::split(text) {
        let f = offset_in(text, s.front).expect("front is a slice of the input");
        let b = offset_in(text, s.body).expect("body is a slice of the input");
        assert!(text.contains(s.front) && text.contains(s.body));
        assert!(f + s.front.len() <= b, "front ends after body starts: {text:?}");
        assert!(s.front_line < s.body_line, "{s:?} from {text:?}");
        assert_eq!(s.front_line, 2, "{s:?} from {text:?}");
        // The body starts on the line after the closing fence: (newlines before it) + 1,
        // or one more when the closing `+++` ends the file without a newline (the body is
        // then empty and "starts" on the line after the fence).
        let newlines_before_body = text[..b].matches('\n').count();
        let fence_ends_file = b == text.len() && !text.ends_with('\n');
        let expected_body_line = newlines_before_body + 1 + usize::from(fence_ends_file);
        assert_eq!(s.body_line, expected_body_line, "{s:?} from {text:?}");
        // The front matter starts right after the first line.
        let newlines_before_front = text[..f].matches('\n').count();
        assert_eq!(s.front_line, newlines_before_front + 1, "{s:?} from {text:?}");
    }

    let root = Path::new("/site");
    let content = Path::new("/site/content");

    let page_file = FileInfo::new(root, content, Path::new("/site/content/tin-tuc/bai.md"));
    let page_display = page_file.display.clone();
    let (page, diags) = Page::from_text(page_file, text);
    check_diags("Page::from_text", &diags, &page_display, text);
    check_result("Page::from_text", &page, &diags, text);

    let section_file =
        FileInfo::new(root, content, Path::new("/site/content/tin-tuc/_index.md"));
    let section_display = section_file.display.clone();
    let (section, diags) = Section::from_text(section_file, text);
    check_diags("Section::from_text", &diags, &section_display, text);
    check_result("Section::from_text", &section, &diags, text);

    let config_path = Path::new("config.toml");
    let (config, diags) = Config::parse(text, config_path);
    check_diags("Config::parse", &diags, config_path, text);
    // Config::parse may return Some(config) next to errors (e.g. a missing base_url): the
    // caller fails the build on them. Without a config, though, there must be an error.
    if config.is_none() {
        assert!(diags.iter().any(Diagnostic::is_error), "Config::parse: None without error: {diags:?}\ninput: {text:?}");
    }

    let _ = dates::parse(text);
});
