//! QR codes for page addresses, drawn as inline SVG so that a printed notice board carries a
//! code a resident can scan, with no image file to copy and nothing loaded at view time.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use pulldown_cmark_escape::escape_html;
use qrcode::EcLevel;

use crate::procedure::record::is_web_url;

/// Light modules around the code, in modules: the width ISO/IEC 18004 asks for, which
/// scanners rely on to find the finder patterns against a busy background.
pub const QUIET_ZONE: usize = 4;

/// Why no QR code could be made for some data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrError {
    /// The data is empty.
    Empty,
    /// The data is not an http(s) address with a host.
    NotWebUrl(String),
    /// The data does not fit in the largest QR code (version 40) at level M.
    TooLong {
        /// Bytes to encode, after non-ASCII characters were percent-encoded.
        bytes: usize,
    },
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QrError::Empty => f.write_str("không làm được mã QR: địa chỉ trống"),
            QrError::NotWebUrl(url) => write!(
                f,
                "không làm được mã QR: “{url}” không phải địa chỉ web http(s) có tên miền"
            ),
            QrError::TooLong { bytes } => write!(
                f,
                "không làm được mã QR: địa chỉ dài {bytes} byte, quá sức chứa của một mã QR \
                 (tối đa khoảng 2300 byte ở mức sửa lỗi M)"
            ),
        }
    }
}

impl std::error::Error for QrError {}

/// Percent-encodes the bytes of non-ASCII characters (RFC 3987's mapping of an IRI to a URI):
/// byte mode is Latin-1 by the standard and scanners differ in guessing UTF-8, while every
/// scanner and browser reads the ASCII form as the same address.
fn ascii_url(url: &str) -> std::borrow::Cow<'_, str> {
    if url.is_ascii() {
        return url.into();
    }
    let mut out = String::with_capacity(url.len() * 2);
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out.into()
}

mod mask;

/// Validates `data` and encodes it at level M (which survives a smudged or creased printout
/// while keeping the code small) in the smallest version that holds it: its width in modules
/// and its modules row by row, `true` for dark.
fn encode(data: &str) -> Result<(usize, Vec<bool>), QrError> {
    if data.is_empty() {
        return Err(QrError::Empty);
    }
    let data = ascii_url(data);
    if !is_web_url(&data) {
        return Err(QrError::NotWebUrl(data.into_owned()));
    }
    // Every other error of the crate concerns explicit versions or ECI, which we don't use.
    mask::modules(data.as_bytes(), EcLevel::M).map_err(|_| QrError::TooLong { bytes: data.len() })
}

/// The modules of the code for `data`, without the quiet zone: `(width, dark)` with `dark`
/// row by row, `width * width` long, `true` for a dark module.
pub fn modules(data: &str) -> Result<(usize, Vec<bool>), QrError> {
    encode(data)
}

/// The path data for the dark modules: one filled rectangle per horizontal run, so a version 3
/// code takes about a third of the commands one square per module would. Moves are relative
/// (each `z` returns to the start of its run), which keeps the numbers short.
fn path_data(width: usize, dark: &[bool]) -> String {
    let mut d = String::with_capacity(width * width);
    // Where the last subpath started, in viewBox units; None before the first.
    let mut at: Option<(usize, usize)> = None;
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let len = x - start;
            let (sx, sy) = (start + QUIET_ZONE, y + QUIET_ZONE);
            // Writing to a String cannot fail.
            let _ = match at {
                None => write!(d, "M{sx} {sy}"),
                Some((px, py)) => {
                    write!(d, "m{} {}", sx as isize - px as isize, sy - py)
                }
            };
            let _ = write!(d, "h{len}v1h-{len}z");
            at = Some((sx, sy));
        }
    }
    d
}

/// A code's size in modules (quiet zone included) and its SVG path data.
type Drawing = Arc<(usize, String)>;

/// The drawing of the code for `data`: its size in modules with the quiet zone, and its path.
/// Choosing a mask dominates the cost of a code, and a procedure's code is drawn on its page,
/// its print page and every poster: each address is encoded once per process.
fn drawing(data: &str) -> Result<Drawing, QrError> {
    static DRAWN: LazyLock<Mutex<HashMap<String, Drawing>>> = LazyLock::new(Default::default);
    // Bounded so that a long-running preview server cannot grow without limit.
    const MAX_DRAWN: usize = 50_000;
    if let Some(d) = DRAWN.lock().ok().and_then(|m| m.get(data).cloned()) {
        return Ok(d);
    }
    let (width, dark) = encode(data)?;
    let d = Arc::new((width + 2 * QUIET_ZONE, path_data(width, &dark)));
    if let Ok(mut m) = DRAWN.lock() {
        if m.len() >= MAX_DRAWN {
            m.clear();
        }
        m.insert(data.to_string(), d.clone());
    }
    Ok(d)
}

/// An inline SVG of the QR code for `data` (an http(s) address), for embedding in HTML; the
/// CSS of class `qr` sizes it, and `label` (plain text) names it to screen readers.
pub fn svg(data: &str, label: &str) -> Result<String, QrError> {
    let drawn = drawing(data)?;
    let (n, d) = (drawn.0, &drawn.1);
    // Quotes and apostrophes are escaped too, so a title cannot end the attribute; writing to
    // a String cannot fail.
    let mut escaped = String::with_capacity(label.len());
    let _ = escape_html(&mut escaped, label);
    // The white is a rect, not a CSS background: browsers drop backgrounds when printing by
    // default, but always print elements. crispEdges stops anti-aliased seams between runs.
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" \
         aria-label=\"{escaped}\" viewBox=\"0 0 {n} {n}\">\
         <rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/>\
         <path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"{d}\"/></svg>",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://hoaphong.lamgiang.gov.vn/tt/1.001193/";

    /// Rasterises `svg` at 8 px per module on white and decodes every code in it.
    fn decode(svg: &str) -> Vec<String> {
        let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
        let scale = 8.0;
        let size = tree.size();
        let (w, h) = (
            (size.width() * scale).ceil() as u32,
            (size.height() * scale).ceil() as u32,
        );
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let px = pixmap.pixels();
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
                let p = px[y * w as usize + x].demultiply();
                ((u32::from(p.red()) * 299
                    + u32::from(p.green()) * 587
                    + u32::from(p.blue()) * 114)
                    / 1000) as u8
            });
        img.detect_grids()
            .iter()
            .map(|g| g.decode().unwrap().1)
            .collect()
    }

    /// Reads the path data back into a grid of `n * n` modules, to check it without a
    /// rasteriser: only the commands `path_data` writes are understood.
    fn grid_of_path(d: &str, n: usize) -> Vec<bool> {
        let mut grid = vec![false; n * n];
        let (mut x, mut y) = (0isize, 0isize);
        let mut rest = d;
        let number = |s: &str| -> (isize, usize) {
            let end = s
                .char_indices()
                .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
                .map_or(s.len(), |(i, _)| i);
            (s[..end].parse().unwrap(), end)
        };
        while !rest.is_empty() {
            let cmd = rest.as_bytes()[0];
            rest = &rest[1..];
            match cmd {
                b'M' | b'm' => {
                    let (dx, i) = number(rest);
                    let (dy, j) = number(&rest[i + 1..]);
                    rest = &rest[i + 1 + j..];
                    if cmd == b'M' {
                        (x, y) = (dx, dy);
                    } else {
                        (x, y) = (x + dx, y + dy);
                    }
                    let (len, k) = number(rest.strip_prefix('h').unwrap());
                    let tail = format!("v1h-{len}z");
                    assert!(rest[1 + k..].starts_with(&tail), "{rest}");
                    rest = &rest[1 + k + tail.len()..];
                    for i in 0..len {
                        let cell = &mut grid[y as usize * n + (x + i) as usize];
                        assert!(!*cell, "overlapping runs");
                        *cell = true;
                    }
                }
                _ => panic!("unexpected command {}", cmd as char),
            }
        }
        grid
    }

    fn view_box_width(svg: &str) -> usize {
        let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        vb.split(' ').next().unwrap().parse().unwrap()
    }

    #[test]
    fn round_trips_through_a_scanner() {
        for url in [
            URL,
            "http://x.vn",
            "https://hoaphong.lamgiang.gov.vn/tt/2.000815.000.00.00.H61/",
            "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
        ] {
            assert_eq!(decode(&svg(url, "Mã QR").unwrap()), [url]);
        }
    }

    #[test]
    fn path_draws_exactly_the_modules() {
        let (width, dark) = modules(URL).unwrap();
        let s = svg(URL, "x").unwrap();
        let n = width + 2 * QUIET_ZONE;
        let d = s.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let grid = grid_of_path(d, n);
        for y in 0..n {
            for x in 0..n {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let want = inside && dark[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)];
                assert_eq!(grid[y * n + x], want, "module ({x}, {y})");
            }
        }
        // One path, one rect, nothing else drawn.
        assert_eq!(s.matches("<path").count(), 1);
        assert_eq!(s.matches("<rect").count(), 1);
    }

    #[test]
    fn quiet_zone_and_level() {
        let code = qrcode::QrCode::with_error_correction_level(URL, EcLevel::M).unwrap();
        let s = svg(URL, "x").unwrap();
        assert_eq!(view_box_width(&s), code.width() + 8);
        assert!(s.contains(&format!("viewBox=\"0 0 {0} {0}\"", code.width() + 8)));
        assert!(s.contains(&format!(
            "<rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/>",
            code.width() + 8
        )));
        let (w, v) = modules(URL).unwrap();
        assert_eq!((w, v.len()), (code.width(), code.width() * code.width()));
    }

    #[test]
    fn attributes_for_html() {
        let s = svg(URL, "Mã QR của trang").unwrap();
        assert!(s.starts_with("<svg "), "{s}");
        assert!(s.ends_with("</svg>"), "{s}");
        for attr in [
            "class=\"qr\"",
            "role=\"img\"",
            "aria-label=\"Mã QR của trang\"",
            "shape-rendering=\"crispEdges\"",
        ] {
            assert!(s.contains(attr), "{attr} in {s}");
        }
        // CSS sizes the code.
        let open = &s[..s.find('>').unwrap()];
        assert!(
            !open.contains("width=") && !open.contains("height="),
            "{open}"
        );
        assert_eq!(s, svg(URL, "Mã QR của trang").unwrap(), "deterministic");
    }

    #[test]
    fn label_is_escaped() {
        let s = svg(URL, r#"<a href="x">Tom & 'Jerry'</a>"#).unwrap();
        assert!(
            s.contains(
                "aria-label=\"&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;\""
            ),
            "{s}"
        );
        // Only the svg, rect and path tags and the closing tag.
        assert_eq!(s.matches('<').count(), 4, "{s}");
    }

    #[test]
    fn label_cannot_leave_its_attribute() {
        let s = svg(URL, r#"x" onload="alert(1)' <b>&"#).unwrap();
        let open = &s[..s.find('>').unwrap()];
        let label = open.split("aria-label=\"").nth(1).unwrap();
        let label = &label[..label.find('"').unwrap()];
        assert_eq!(label, "x&quot; onload=&quot;alert(1)&#39; &lt;b&gt;&amp;");
        // Nothing in the label closed the attribute early: viewBox follows right after it.
        assert!(
            open.ends_with(&format!(
                "aria-label=\"{label}\" viewBox=\"0 0 {0} {0}\"",
                view_box_width(&s)
            )),
            "{open}"
        );
        assert_eq!(s.matches('<').count(), 4, "{s}");
        assert!(!open.contains("onload=\""), "{open}");
    }

    #[test]
    fn invalid_data_rejected() {
        assert_eq!(svg("", "x"), Err(QrError::Empty));
        for bad in [
            "hoaphong.lamgiang.gov.vn",
            "javascript:alert(1)",
            "https://",
            "ftp://x.vn/a",
            "https://a b.vn/",
            "/tt/1.001193/",
        ] {
            assert_eq!(
                svg(bad, "x"),
                Err(QrError::NotWebUrl(bad.to_string())),
                "{bad}"
            );
        }
        let long = format!("https://x.vn/{}", "a".repeat(3000));
        let err = svg(&long, "x").unwrap_err();
        assert_eq!(err, QrError::TooLong { bytes: long.len() });
        assert!(err.to_string().contains("quá sức chứa"), "{err}");
        // The largest that fits: version 40 at M holds 2331 bytes.
        let fits = format!("https://x.vn/{}", "a".repeat(2331 - 13));
        assert!(svg(&fits, "x").is_ok());
        assert!(svg(&format!("{fits}a"), "x").is_err());
    }

    #[test]
    fn non_ascii_is_percent_encoded() {
        let s = svg("https://x.vn/thủ-tục/", "x").unwrap();
        assert_eq!(decode(&s), ["https://x.vn/th%E1%BB%A7-t%E1%BB%A5c/"]);
    }
}
