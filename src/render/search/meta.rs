//! What niemyet adds to a page before Pagefind reads it, so that a query typed without marks
//! finds it: Pagefind folds tone and vowel marks itself ("dang ky" finds "đăng ký" except
//! for the đ), but đ is a letter of its own, not d with a mark.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{ContentType, TextType};
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};

use crate::output::unescape;
use crate::vietnamese::{fold, has_unfolded};

/// The metadata field holding the page's title folded, when the title has a đ.
pub const PLAIN_TITLE: &str = "plain_title";
/// The metadata field holding the other indexed words that have a đ, folded.
pub const PLAIN_WORDS: &str = "plain_words";

/// Which part of a page Pagefind indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexed {
    /// The elements marked `data-pagefind-body` (some page of the site has one).
    Marked,
    /// The whole `<body>` (no page of the site marks anything).
    WholeBody,
}

impl Indexed {
    fn selector(self) -> &'static str {
        match self {
            Indexed::Marked => "[data-pagefind-body]",
            Indexed::WholeBody => "body",
        }
    }
}

#[derive(Default)]
struct State {
    /// Depth inside the elements Pagefind indexes.
    body: u32,
    /// Depth inside elements Pagefind skips (`data-pagefind-ignore`, scripts, styles).
    skipped: u32,
    /// Depth inside the first heading of the indexed part, while it is read.
    in_title: u32,
    title: Option<String>,
    title_text: String,
    text: String,
}

impl State {
    fn indexed(&self) -> bool {
        self.body > 0 && self.skipped == 0
    }

    /// The `<meta>` elements to add: the folded title and words, when there are any.
    fn meta_html(&self) -> String {
        let mut html = String::new();
        let title = self.title.as_deref().unwrap_or("");
        if has_unfolded(title) {
            push_meta(&mut html, PLAIN_TITLE, &fold(title));
        }
        let mut words: Vec<String> = self
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| has_unfolded(w))
            .map(|w| fold(w).to_lowercase())
            .collect();
        words.sort_unstable();
        words.dedup();
        if !words.is_empty() {
            push_meta(&mut html, PLAIN_WORDS, &words.join(" "));
        }
        html
    }
}

fn push_meta(html: &mut String, key: &str, value: &str) {
    html.push_str(&format!(
        "<meta data-pagefind-meta=\"{key}[content]\" content=\"{}\">",
        crate::markdown::attr(value)
    ));
}

/// Rewrites a page for Pagefind: the folded title and đ-words of the part it indexes are
/// added as metadata just before `</body>`, and the parts marked `data-pagefind-ignore="all"`
/// are left out. The page as written to the site is not changed.
pub fn prepare(html: &[u8], indexed: Indexed) -> Result<Vec<u8>, String> {
    let state = Rc::new(RefCell::new(State::default()));
    let mut out = Vec::with_capacity(html.len() + 256);
    let (s1, s2, s3, s4, s5) = (
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
    );
    let settings = Settings::new()
        .append_element_content_handler(element!("*", move |_| {
            // Element boundaries separate words ("<li>a</li><li>b</li>").
            s1.borrow_mut().text.push(' ');
            Ok(())
        }))
        .append_element_content_handler(element!(indexed.selector(), move |el| {
            let st = s2.clone();
            if let Some(h) = el.end_tag_handlers() {
                st.borrow_mut().body += 1;
                h.push(end_tag!(move |_| {
                    st.borrow_mut().body -= 1;
                    Ok(())
                }));
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "[data-pagefind-ignore], script, style, template, noscript",
            move |el| {
                let st = s3.clone();
                // Pagefind takes nothing from these (not text, metadata or filters): not
                // handing them over saves it parsing them, a third of its time on a procedure.
                if el.get_attribute("data-pagefind-ignore").as_deref() == Some("all") {
                    el.remove();
                }
                if let Some(h) = el.end_tag_handlers() {
                    st.borrow_mut().skipped += 1;
                    h.push(end_tag!(move |_| {
                        st.borrow_mut().skipped -= 1;
                        Ok(())
                    }));
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!("script, style, svg", |el| {
            // Pagefind drops these whole (text and all), but parses them first: an inline QR
            // code or the structured data in the head is a fifth of a procedure page.
            let marks = el
                .attributes()
                .iter()
                .any(|a| a.name().starts_with("data-pagefind"));
            if !marks {
                el.remove();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("h1", move |el| {
            let st = s4.clone();
            let wanted = {
                let s = st.borrow();
                s.indexed() && s.title.is_none() && s.in_title == 0
            };
            if wanted {
                if let Some(h) = el.end_tag_handlers() {
                    st.borrow_mut().in_title = 1;
                    h.push(end_tag!(move |_| {
                        let mut s = st.borrow_mut();
                        s.in_title = 0;
                        let words: Vec<&str> = s.title_text.split_whitespace().collect();
                        s.title = Some(unescape(&words.join(" ")));
                        Ok(())
                    }));
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("body", move |el| {
            let st = s5.clone();
            if let Some(h) = el.end_tag_handlers() {
                h.push(end_tag!(move |end| {
                    end.before(&st.borrow().meta_html(), ContentType::Html);
                    Ok(())
                }));
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |t| {
            if t.text_type() != TextType::Data {
                return Ok(());
            }
            let mut s = state.borrow_mut();
            if s.indexed() {
                let text = t.as_str().to_string();
                if s.in_title > 0 {
                    s.title_text.push_str(&text);
                }
                s.text.push_str(&text);
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
    rewriter.write(html).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metas(html: &str) -> String {
        let out = String::from_utf8(prepare(html.as_bytes(), Indexed::Marked).unwrap()).unwrap();
        let start = out.find("<meta data-pagefind-meta").unwrap_or(out.len());
        let end = out.rfind("</body>").unwrap_or(out.len());
        out[start.min(end)..end].to_string()
    }

    #[test]
    fn adds_the_folded_title_and_words_of_the_indexed_part() {
        let html = "<!DOCTYPE html><html lang=\"vi\"><body><nav>Địa chỉ</nav>\
            <main data-pagefind-body><h1>Đăng ký đất &amp; nhà</h1>\
            <p>Giấy tờ về đất đai, <b>Đồng</b></p>\
            <section data-pagefind-ignore><p>Điều khoản</p></section>\
            <script>var đ = 1;</script></main><footer>Điện thoại</footer></body></html>";
        assert_eq!(
            metas(html),
            "<meta data-pagefind-meta=\"plain_title[content]\" content=\"Dang ky dat &amp; nha\">\
             <meta data-pagefind-meta=\"plain_words[content]\" content=\"dai dang dat dong\">"
        );
    }

    #[test]
    fn adds_nothing_without_a_d_or_outside_the_indexed_part() {
        let html = "<html><body><main data-pagefind-body><h1>Chứng thực bản sao</h1>\
            <p>Bản chính</p></main><footer>Địa chỉ</footer></body></html>";
        assert_eq!(metas(html), "");
        let unmarked = "<html><body><main><h1>Đăng ký</h1></main></body></html>";
        assert_eq!(metas(unmarked), "");
    }

    #[test]
    fn leaves_out_what_pagefind_would_ignore_entirely() {
        let html = "<html><body><header data-pagefind-ignore=\"all\">Đầu</header>\
            <main data-pagefind-body><h1>Đất</h1>\
            <section data-pagefind-ignore=\"all\"><p>Điều <b>đó</b></p></section>\
            <section data-pagefind-ignore><p>Đây</p></section></main></body></html>";
        let out = String::from_utf8(prepare(html.as_bytes(), Indexed::Marked).unwrap()).unwrap();
        assert_eq!(
            out,
            "<html><body>\
             <main data-pagefind-body><h1>Đất</h1>\
             <section data-pagefind-ignore><p>Đây</p></section></main>\
             <meta data-pagefind-meta=\"plain_title[content]\" content=\"Dat\">\
             <meta data-pagefind-meta=\"plain_words[content]\" content=\"dat\"></body></html>"
        );
    }

    #[test]
    fn leaves_the_rest_of_the_page_as_it_was() {
        let html = "<html><body><main data-pagefind-body><h1>Đất</h1></main></body></html>";
        let out = String::from_utf8(prepare(html.as_bytes(), Indexed::Marked).unwrap()).unwrap();
        assert_eq!(
            out,
            "<html><body><main data-pagefind-body><h1>Đất</h1></main>\
             <meta data-pagefind-meta=\"plain_title[content]\" content=\"Dat\">\
             <meta data-pagefind-meta=\"plain_words[content]\" content=\"dat\"></body></html>"
        );
    }

    #[test]
    fn hands_over_no_script_style_or_drawing_pagefind_would_drop() {
        let html = "<html><head><script type=\"application/ld+json\">{\"a\": 1}</script>\
            <style>p{}</style></head><body><main data-pagefind-body><h1>Đất</h1>\
            <svg viewBox=\"0 0 2 2\"><path d=\"M0 0h1\"/></svg>\
            <svg data-pagefind-meta=\"icon\"><title>x</title></svg></main></body></html>";
        let out = String::from_utf8(prepare(html.as_bytes(), Indexed::Marked).unwrap()).unwrap();
        assert_eq!(
            out,
            "<html><head></head><body><main data-pagefind-body><h1>Đất</h1>\
             <svg data-pagefind-meta=\"icon\"><title>x</title></svg></main>\
             <meta data-pagefind-meta=\"plain_title[content]\" content=\"Dat\">\
             <meta data-pagefind-meta=\"plain_words[content]\" content=\"dat\"></body></html>"
        );
    }
}
