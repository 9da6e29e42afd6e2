//! Zola shortcodes in markdown: `{{ name(arg=value) }}` and `{% name(arg=value) %}body{% end %}`,
//! rendered from `templates/shortcodes/NAME.html` (HTML, inserted after markdown) or `NAME.md`
//! (markdown, inserted before). `{{/* … */}}` and `{%/* … */%}` write the call literally.

use std::collections::HashMap;

use serde_json::Value as Json;

/// One shortcode call found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Shortcode name.
    pub name: String,
    /// Arguments, typed as Zola types them.
    pub args: serde_json::Map<String, Json>,
    /// The body of a `{% %}…{% end %}` call.
    pub body: Option<String>,
    /// Byte range of the whole call in the text.
    pub span: std::ops::Range<usize>,
}

/// A piece of text: literal, or a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text kept as is.
    Text(String),
    /// A shortcode call.
    Call(Call),
}

/// A syntax problem at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A call's name and arguments.
type CallHead = (String, serde_json::Map<String, Json>);

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }
    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.text.len() - trimmed.len();
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, c)) if is_ident_start(c) => {}
            _ => return None,
        }
        let end = chars
            .find(|(_, c)| !is_ident(*c))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += end;
        Some(&rest[..end])
    }
    fn err(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn value(&mut self) -> Result<Json, SyntaxError> {
        self.skip_ws();
        let rest = self.rest();
        let Some(first) = rest.chars().next() else {
            return Err(self.err("thiếu giá trị sau dấu ="));
        };
        match first {
            '"' | '\'' | '`' => {
                let close = rest[1..]
                    .find(first)
                    .ok_or_else(|| self.err(format!("chuỗi chưa có dấu {first} đóng")))?;
                let s = rest[1..1 + close].to_string();
                self.pos += close + 2;
                Ok(Json::String(s))
            }
            '[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.eat("]") {
                        break;
                    }
                    items.push(self.value()?);
                    self.skip_ws();
                    if self.eat(",") {
                        continue;
                    }
                    if !self.eat("]") {
                        return Err(self.err("danh sách cần dấu , giữa các mục và ] ở cuối"));
                    }
                    break;
                }
                Ok(Json::Array(items))
            }
            _ => {
                let end = rest
                    .find(|c: char| c == ',' || c == ')' || c == ']' || c.is_whitespace())
                    .unwrap_or(rest.len());
                let word = &rest[..end];
                let v = match word {
                    "true" => Json::Bool(true),
                    "false" => Json::Bool(false),
                    w => {
                        if let Ok(i) = w.parse::<i64>() {
                            Json::from(i)
                        } else if let Some(f) =
                            w.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
                        {
                            Json::Number(f)
                        } else {
                            return Err(self.err(format!(
                                "giá trị \"{w}\" không hợp lệ: chuỗi phải đặt trong dấu ngoặc kép, \
                                 ngoài ra chỉ dùng số, true/false hoặc danh sách [..]"
                            )));
                        }
                    }
                };
                self.pos += end;
                Ok(v)
            }
        }
    }

    /// Parses `name(args)` after the opening delimiter; `None` when it is not a call at all.
    fn call_head(&mut self) -> Option<Result<CallHead, SyntaxError>> {
        self.skip_ws();
        let name = self.ident()?.to_string();
        self.skip_ws();
        if !self.eat("(") {
            return None;
        }
        let mut args = serde_json::Map::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                return Some(Ok((name, args)));
            }
            let Some(key) = self.ident() else {
                return Some(Err(
                    self.err("cần tên đối số (ví dụ ten=\"...\") hoặc dấu )")
                ));
            };
            let key = key.to_string();
            self.skip_ws();
            if !self.eat("=") {
                return Some(Err(self.err(format!("thiếu dấu = sau đối số `{key}`"))));
            }
            match self.value() {
                Ok(v) => {
                    args.insert(key, v);
                }
                Err(e) => return Some(Err(e)),
            }
            self.skip_ws();
            if self.eat(",") {
                continue;
            }
            if !self.rest().starts_with(')') {
                return Some(Err(
                    self.err("các đối số cách nhau bằng dấu , và kết thúc bằng )")
                ));
            }
        }
    }
}

/// Splits `text` into literal pieces and shortcode calls.
pub fn parse(text: &str) -> Result<Vec<Piece>, SyntaxError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find(['{']).map(|i| pos + i) {
        let rest = &text[found..];
        // Escaped calls are written out without the comment markers.
        for (open, close, plain_open, plain_close) in
            [("{{/*", "*/}}", "{{", "}}"), ("{%/*", "*/%}", "{%", "%}")]
        {
            if rest.starts_with(open) {
                if let Some(end) = rest.find(close) {
                    literal.push_str(&text[pos..found]);
                    literal.push_str(plain_open);
                    literal.push_str(&rest[open.len()..end]);
                    literal.push_str(plain_close);
                    pos = found + end + close.len();
                    break;
                }
            }
        }
        if pos > found {
            continue;
        }
        let (inline, open) = if rest.starts_with("{{") {
            (true, "{{")
        } else if rest.starts_with("{%") {
            (false, "{%")
        } else {
            literal.push_str(&text[pos..=found]);
            pos = found + 1;
            continue;
        };
        let mut cur = Cursor {
            text,
            pos: found + open.len(),
        };
        let head = match cur.call_head() {
            None => {
                literal.push_str(&text[pos..found + open.len()]);
                pos = found + open.len();
                continue;
            }
            Some(r) => r?,
        };
        cur.skip_ws();
        let close = if inline { "}}" } else { "%}" };
        if !cur.eat(close) {
            return Err(cur.err(format!(
                "lời gọi shortcode `{}` phải kết thúc bằng {close}",
                head.0
            )));
        }
        let body = if inline {
            None
        } else {
            let end_tag = find_end(text, cur.pos).ok_or_else(|| SyntaxError {
                offset: found,
                message: format!(
                    "shortcode `{}` mở bằng {{% %}} nhưng thiếu {{% end %}}",
                    head.0
                ),
            })?;
            let body = text[cur.pos..end_tag.0].to_string();
            cur.pos = end_tag.1;
            Some(body.strip_prefix('\n').unwrap_or(&body).to_string())
        };
        literal.push_str(&text[pos..found]);
        if !literal.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut literal)));
        }
        pieces.push(Piece::Call(Call {
            name: head.0,
            args: head.1,
            body,
            span: found..cur.pos,
        }));
        pos = cur.pos;
    }
    literal.push_str(&text[pos..]);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

/// Finds `{% end %}` from `from`: (start, end) of the tag.
fn find_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut pos = from;
    while let Some(i) = text[pos..].find("{%") {
        let start = pos + i;
        let after = text[start + 2..].trim_start();
        if let Some(rest) = after.strip_prefix("end") {
            let rest_trim = rest.trim_start();
            if rest_trim.starts_with("%}") {
                let end = text.len() - rest_trim.len() + 2;
                return Some((start, end));
            }
        }
        pos = start + 2;
    }
    None
}

/// How many times each shortcode has been called so far (Zola's `nth`, 1-based).
#[derive(Default)]
pub struct Counter(HashMap<String, usize>);

impl Counter {
    /// Counts a call and returns its `nth`.
    pub fn next(&mut self, name: &str) -> usize {
        let n = self.0.entry(name.to_string()).or_insert(0);
        *n += 1;
        *n
    }
}

/// Whether a shortcode writes HTML (inserted after markdown) or markdown (inserted before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `shortcodes/NAME.html`.
    Html,
    /// `shortcodes/NAME.md`.
    Markdown,
}

/// Renders shortcodes; implemented over the site's templates.
pub trait Renderer: Sync {
    /// Which kind `name` is, or `None` if there is no such shortcode.
    fn kind(&self, name: &str) -> Option<Kind>;
    /// Renders one call. `context` holds what every call gets (page or section, config, lang).
    fn render(
        &self,
        call: &Call,
        nth: usize,
        kind: Kind,
        context: &Json,
    ) -> Result<String, crate::diagnostics::Diagnostic>;
    /// The names of all shortcodes, for hints.
    fn names(&self) -> Vec<String>;
}

/// Markdown with shortcodes expanded, and the HTML to put back in place of placeholders.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The markdown to render.
    pub markdown: String,
    /// (placeholder, HTML) pairs.
    pub placeholders: Vec<(String, String)>,
}

impl Expanded {
    /// Puts the HTML shortcodes' output back into rendered HTML. A placeholder alone in a
    /// paragraph replaces the paragraph, so block HTML is not wrapped in `<p>`.
    pub fn restore(&self, html: &str) -> String {
        let mut out = html.to_string();
        for (token, replacement) in &self.placeholders {
            let para = format!("<p>{token}</p>");
            out = if out.contains(&para) {
                out.replace(&para, replacement.trim_end())
            } else {
                out.replace(token.as_str(), replacement.trim_end_matches('\n'))
            };
        }
        out
    }
}

/// What went wrong while expanding, with the byte offset in the text when it is the text's fault.
pub enum ExpandError {
    /// Located in the content file at this byte offset.
    At(usize, String, String),
    /// Already located elsewhere (in a template).
    Located(crate::diagnostics::Diagnostic),
}

/// Expands every call in `text`. All problems are returned, not just the first.
pub fn expand(
    text: &str,
    renderer: &dyn Renderer,
    context: &Json,
) -> Result<Expanded, Vec<ExpandError>> {
    if !text.contains("{{") && !text.contains("{%") {
        return Ok(Expanded {
            markdown: text.to_string(),
            placeholders: Vec::new(),
        });
    }
    let pieces = parse(text).map_err(|e| {
        vec![ExpandError::At(
            e.offset,
            format!("shortcode viết sai: {}", e.message),
            "viết theo mẫu {{ ten(doi_so=\"giá trị\") }}; muốn viết nguyên văn thì dùng {{/* … */}}".into(),
        )]
    })?;
    let mut out = Expanded::default();
    let mut errors = Vec::new();
    let mut counter = Counter::default();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.markdown.push_str(&t),
            Piece::Call(call) => {
                let Some(kind) = renderer.kind(&call.name) else {
                    let mut names = renderer.names();
                    names.sort();
                    let hint = if names.is_empty() {
                        format!("tạo templates/shortcodes/{}.html, hoặc viết nguyên văn bằng {{{{/* … */}}}}", call.name)
                    } else {
                        format!(
                            "các shortcode có: {}; hoặc tạo templates/shortcodes/{}.html",
                            names.join(", "),
                            call.name
                        )
                    };
                    errors.push(ExpandError::At(
                        call.span.start,
                        format!("không có shortcode `{}`", call.name),
                        hint,
                    ));
                    continue;
                };
                let nth = counter.next(&call.name);
                match renderer.render(&call, nth, kind, context) {
                    Ok(rendered) => match kind {
                        Kind::Markdown => out.markdown.push_str(&rendered),
                        Kind::Html => {
                            let token = format!("niemyetshortcode{}x", out.placeholders.len());
                            out.markdown.push_str(&token);
                            out.placeholders.push((token, rendered));
                        }
                    },
                    Err(d) => errors.push(ExpandError::Located(d)),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        parse(text)
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Call(c) => Some(c),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn inline_call_with_zola_argument_types() {
        let c = calls("a {{ qr(url=\"https://x.vn\", co=30, ti_le=1.5, in=true, ds=[1, 'b']) }} b");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].name, "qr");
        assert_eq!(c[0].args["url"], "https://x.vn");
        assert_eq!(c[0].args["co"], 30);
        assert_eq!(c[0].args["ti_le"], 1.5);
        assert_eq!(c[0].args["in"], true);
        assert_eq!(c[0].args["ds"], serde_json::json!([1, "b"]));
    }

    #[test]
    fn body_call_and_text_around() {
        let p =
            parse("Trước\n{% canh_bao(muc=\"cao\") %}\nNội dung **đậm**\n{% end %}\nSau").unwrap();
        assert_eq!(p.len(), 3);
        match &p[1] {
            Piece::Call(c) => assert_eq!(c.body.as_deref(), Some("Nội dung **đậm**\n")),
            other => panic!("{other:?}"),
        }
        assert_eq!(p[2], Piece::Text("\nSau".into()));
    }

    #[test]
    fn escapes_and_non_calls_stay_text() {
        let p = parse("{{/* qr(url=\"x\") */}} và {{ không phải }} và {%/* a() */%}").unwrap();
        assert_eq!(
            p,
            vec![Piece::Text(
                "{{ qr(url=\"x\") }} và {{ không phải }} và {% a() %}".into()
            )]
        );
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let e = parse("x {{ qr(url=https://x) }}").unwrap_err();
        assert!(e.message.contains("ngoặc kép"), "{e:?}");
        assert_eq!(e.offset, 12);
        let e = parse("{% hop() %} không đóng").unwrap_err();
        assert!(e.message.contains("end"));
        assert_eq!(e.offset, 0);
    }
}
