//! Reading QR codes back out of SVG and HTML, as a phone would, so that tests check what a
//! scanner gets rather than the markup: resvg rasterises, rqrr decodes.

use resvg::{tiny_skia, usvg};

/// The addresses a poster says its codes encode: every `data-qr` attribute, in order,
/// with the HTML escapes of `&`, `<`, `>`, `"`, `'` and `/` undone.
pub fn data_qr(html: &str) -> Vec<String> {
    html.split("data-qr=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').unwrap()]
                .replace("&#x2F;", "/")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Pixels per module when rasterising: well above what rqrr needs, and still fast.
const PX_PER_MODULE: f32 = 8.0;

/// The width of the `viewBox` of the root element of `svg`, in user units (modules for ours).
fn view_box_width(svg: &str) -> Option<f32> {
    let open = &svg[..svg.find('>')?];
    let vb = open.split("viewBox=").nth(1)?;
    let quote = vb.chars().next()?;
    let vb = vb[1..].split(quote).next()?;
    vb.split([' ', ','])
        .filter(|s| !s.is_empty())
        .nth(2)?
        .parse()
        .ok()
}

/// Decodes every QR code in `svg`, drawn at about 8 px per module onto a white canvas.
/// Panics if the SVG does not parse or a code is found but cannot be read.
pub fn decode_svg(svg: &str) -> Vec<String> {
    // HTML lets inline SVG omit the namespace; usvg, an XML parser, needs it.
    let svg = if svg[..svg.find('>').unwrap_or(0)].contains("xmlns=") {
        svg.to_string()
    } else {
        svg.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
    };
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default())
        .unwrap_or_else(|e| panic!("SVG does not parse ({e}):\n{svg}"));
    let size = tree.size();
    // With no width/height the size is the viewBox; otherwise scale from the size given.
    let modules = view_box_width(&svg).unwrap_or(size.width());
    let scale = PX_PER_MODULE * modules / size.width();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .unwrap_or_else(|| panic!("SVG of size {w}×{h} px cannot be rasterised"));
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.pixels();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        // Opaque, since the canvas is white; Rec. 601 luma.
        let p = pixels[y * w as usize + x].demultiply();
        let luma =
            u32::from(p.red()) * 299 + u32::from(p.green()) * 587 + u32::from(p.blue()) * 114;
        (luma / 1000) as u8
    });
    img.detect_grids()
        .iter()
        .map(|grid| match grid.decode() {
            Ok((_, text)) => text,
            Err(e) => panic!("a QR code was found but could not be decoded ({e:?}):\n{svg}"),
        })
        .collect()
}

/// Whether the opening tag `open` (`<svg …`) has `qr` among its classes.
fn has_qr_class(open: &str) -> bool {
    let Some(i) = open.find(" class=") else {
        return false;
    };
    let rest = &open[i + " class=".len()..];
    let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
        return false;
    };
    rest[1..]
        .split(quote)
        .next()
        .is_some_and(|classes| classes.split_whitespace().any(|c| c == "qr"))
}

/// Decodes every `<svg class="qr" …>…</svg>` in `html`, in document order. Panics unless each
/// such element holds exactly one readable code.
pub fn decode_all_in_html(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("<svg") {
        let start = from + i;
        let Some(open_len) = html[start..].find('>') else {
            panic!("unclosed <svg tag at byte {start}");
        };
        let open = &html[start..start + open_len];
        // An SVG inside ours would end it early; QR SVGs have none, other SVGs are skipped whole.
        let Some(close) = html[start..].find("</svg>") else {
            panic!("<svg at byte {start} has no </svg>");
        };
        let end = start + close + "</svg>".len();
        from = end;
        if !has_qr_class(open) {
            continue;
        }
        let svg = &html[start..end];
        let codes = decode_svg(svg);
        assert!(
            codes.len() == 1,
            "QR SVG number {} (at byte {start}) holds {} readable codes, expected exactly 1:\n{svg}",
            found.len() + 1,
            codes.len()
        );
        found.extend(codes);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use niemyet::qr;

    /// 20 addresses from 11 to about 600 bytes: the QR version, the mode segments (upper case
    /// and digits go alphanumeric) and the error-correction block layout all vary across them.
    fn urls() -> Vec<String> {
        let mut urls: Vec<String> = [
            "http://x.vn",
            "https://lamgiang.gov.vn",
            "https://hoaphong.lamgiang.gov.vn/",
            "https://hoaphong.lamgiang.gov.vn/tt/1.001193/",
            "https://hoaphong.lamgiang.gov.vn/tt/2.000815.000.00.00.H61/",
            "https://HOAPHONG.LAMGIANG.GOV.VN/TT/2.000815.000.00.00.H61/",
            "https://hoaphong.lamgiang.gov.vn/tin-tuc/2024/thong-bao-lich-tiep-cong-dan/",
            "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
            "https://hoaphong.lamgiang.gov.vn/tt/1.001193/#ho-so",
            "http://127.0.0.1:1111/tt/3.000439/",
            "https://[::1]:8080/a?b=c&d=e%20f",
            "https://hoaphong.lamgiang.gov.vn/th%E1%BB%A7-t%E1%BB%A5c/",
        ]
        .map(String::from)
        .to_vec();
        for n in [40, 80, 120, 200, 300, 400, 500, 600] {
            let mut u = String::from("https://hoaphong.lamgiang.gov.vn/");
            let mut k = 0;
            while u.len() < n {
                u.push_str(&format!("muc-{k}/"));
                k += 1;
            }
            urls.push(u);
        }
        urls
    }

    #[test]
    fn qr_round_trip_of_20_urls() {
        let urls = urls();
        assert_eq!(urls.len(), 20);
        for url in &urls {
            let svg = qr::svg(url, "Mã QR").unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(decode_svg(&svg), [url.as_str()], "{svg}");
        }
    }

    #[test]
    fn qr_all_in_html_in_order() {
        let a = "https://hoaphong.lamgiang.gov.vn/tt/1.001193/";
        let b = "https://hoaphong.lamgiang.gov.vn/tt/2.000815.000.00.00.H61/";
        // The namespace dropped, as HTML allows; other SVGs (an icon) are not codes.
        let html = format!(
            "<p>Quét mã:</p>{}<svg class=\"icon\"><path d=\"M0 0h1v1z\"/></svg>\
             <figure>{}</figure>",
            qr::svg(a, "Thủ tục 1").unwrap(),
            qr::svg(b, "Thủ tục 2")
                .unwrap()
                .replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""),
        );
        assert_eq!(decode_all_in_html(&html), [a, b]);
        assert!(decode_all_in_html("<p>không có mã</p>").is_empty());
    }

    #[test]
    #[should_panic(expected = "holds 0 readable codes")]
    fn qr_svg_without_a_code_panics() {
        decode_all_in_html(
            "<svg class=\"qr big\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>",
        );
    }
}
