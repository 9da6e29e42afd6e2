//! How much of a poster fits on a sheet of paper.
//!
//! A poster is static HTML printed by an ordinary browser: nothing on the page can measure text
//! and move what does not fit to the next sheet. So the build estimates the height of every
//! block from the advance widths of the font the poster asks for first (Noto Sans, measured
//! from its files; the fallbacks Arial and Segoe UI are narrower), and packs blocks into
//! sheets with room to spare. The CSS is written from the same constants ([`css`]), so the
//! sizes the estimate assumes are the sizes the browser uses. The browser tests print every
//! poster and check that no sheet overflows.

use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

/// Millimetres in a typographic point.
pub const PT: f64 = 25.4 / 72.0;
/// Line height of all poster text, as a multiple of its size.
pub const LINE: f64 = 1.25;
/// Page margin on every side, in mm: office printers cannot print to the edge.
pub const MARGIN: f64 = 10.0;
/// Width the estimate gives up on every line, in em, for kerning and rounding in the browser.
const SLACK_EM: f64 = 0.6;
/// Every estimated width is made this much wider.
const WIDTH_FACTOR: f64 = 1.03;

/// A paper size, portrait.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// "A4", "A3".
    pub name: &'static str,
    /// Width in mm.
    pub width: f64,
    /// Height in mm.
    pub height: f64,
}

/// ISO A4, portrait.
pub const A4: Paper = Paper {
    name: "A4",
    width: 210.0,
    height: 297.0,
};
/// ISO A3, portrait.
pub const A3: Paper = Paper {
    name: "A3",
    width: 297.0,
    height: 420.0,
};

impl Paper {
    /// Width of a sheet's printable box, in mm.
    pub fn inner_width(&self) -> f64 {
        self.width - 2.0 * MARGIN
    }

    /// Height of a sheet's printable box, in mm.
    pub fn inner_height(&self) -> f64 {
        self.height - 2.0 * MARGIN
    }

    /// The class and named page of this size ("a4").
    pub fn class(&self) -> String {
        self.name.to_ascii_lowercase()
    }
}

/// Type sizes (pt) and the sizes of codes (mm) on one paper size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The poster's title.
    pub title: f64,
    /// A heading inside a poster, and the name of a procedure in a list.
    pub heading: f64,
    /// Body text: never below 11 pt, legible when printed.
    pub body: f64,
    /// A QR code in a list of procedures (at least 25 mm, which phones read from arm's length).
    pub qr: f64,
    /// A poster's main QR code (at least 60 mm).
    pub qr_large: f64,
}

/// Sizes on A4. A code's size includes its quiet zone of 4 modules on each side: a code of the
/// short addresses posters encode has 29 to 33 modules, so 33 mm prints the code itself at
/// 25 mm at least, and 78 mm at 60 mm.
pub const SCALE_A4: Scale = Scale {
    title: 20.0,
    heading: 14.0,
    body: 12.0,
    qr: 33.0,
    qr_large: 78.0,
};
/// Sizes on A3: read from a metre or two away on a notice board.
pub const SCALE_A3: Scale = Scale {
    title: 30.0,
    heading: 17.0,
    body: 14.0,
    qr: 38.0,
    qr_large: 90.0,
};

/// The QR code of a field on the posting board (A3), in mm.
pub const BOARD_QR: f64 = 52.0;

/// The scale for a paper size.
pub fn scale(paper: Paper) -> Scale {
    if paper.name == "A3" {
        SCALE_A3
    } else {
        SCALE_A4
    }
}

/// Spacing, in mm, shared by the CSS and the estimates.
pub mod gap {
    /// Below the title block, above the body.
    pub const HEADER: f64 = 4.0;
    /// Rule under the title block.
    pub const HEADER_RULE: f64 = 0.8;
    /// Padding between the title block's text and its rule.
    pub const HEADER_PAD: f64 = 2.0;
    /// Rule and padding above the footer.
    pub const FOOTER: f64 = 2.5;
    /// Padding above and below an item of a list of procedures.
    pub const ITEM_PAD: f64 = 2.0;
    /// The rule between items.
    pub const ITEM_RULE: f64 = 0.3;
    /// Between a QR code and the text beside it.
    pub const BESIDE: f64 = 5.0;
    /// Between the columns of a grid.
    pub const COLUMN: f64 = 8.0;
    /// Above a heading inside the body.
    pub const HEADING_TOP: f64 = 4.0;
    /// Below a heading inside the body.
    pub const HEADING_BOTTOM: f64 = 1.5;
    /// Below each entry of a list (a document, a step).
    pub const ENTRY: f64 = 1.5;
    /// Indent of a list entry (its number or box sits in it).
    pub const INDENT: f64 = 8.0;
    /// Height the packer never fills, for what the estimate cannot know.
    pub const RESERVE: f64 = 6.0;
}

/// Advance widths of Noto Sans Regular, in thousandths of an em, for ' '..='~'.
const REGULAR: [u16; 95] = [
    260, 269, 408, 646, 572, 831, 732, 225, 300, 300, 551, 572, 268, 322, 268, 372, 572, 572, 572,
    572, 572, 572, 572, 572, 572, 572, 268, 268, 572, 572, 572, 434, 899, 639, 650, 632, 730, 556,
    519, 728, 741, 339, 273, 619, 524, 907, 760, 781, 605, 781, 622, 549, 556, 731, 600, 930, 586,
    566, 572, 329, 372, 329, 572, 444, 281, 561, 615, 480, 615, 564, 344, 615, 618, 258, 258, 534,
    258, 935, 618, 605, 615, 615, 413, 479, 361, 618, 508, 786, 529, 510, 470, 380, 551, 380, 572,
];
/// Advance widths of Noto Sans Bold, in thousandths of an em, for ' '..='~'.
const BOLD: [u16; 95] = [
    260, 286, 472, 646, 572, 901, 750, 266, 339, 339, 545, 572, 285, 322, 285, 413, 572, 572, 572,
    572, 572, 572, 572, 572, 572, 572, 285, 285, 572, 572, 572, 477, 897, 690, 672, 637, 740, 560,
    549, 724, 765, 389, 331, 664, 565, 943, 813, 796, 628, 796, 660, 551, 579, 756, 650, 967, 667,
    624, 579, 331, 413, 331, 572, 411, 362, 604, 633, 514, 633, 591, 387, 633, 657, 305, 305, 620,
    305, 982, 657, 619, 633, 633, 454, 497, 434, 657, 569, 856, 578, 569, 488, 394, 551, 394, 572,
];

/// The characters [`advance`] looks up in a table made once: Latin-1 and the Latin extensions
/// Vietnamese letters come from, to U+1EFF (ỹ), and the punctuation after them.
const TABLED: std::ops::RangeInclusive<char> = '\u{a0}'..='\u{206f}';

/// The advance of one character in em. Vietnamese letters are as wide as their base letter,
/// except the horned ư and ơ; anything unknown counts as a full em.
fn advance(c: char, bold: bool) -> f64 {
    // Decomposing a letter to find its base costs more than measuring a whole ASCII word, and
    // a poster measures the same text many times while it packs sheets.
    static TABLES: std::sync::LazyLock<[Vec<u16>; 2]> = std::sync::LazyLock::new(|| {
        [false, true].map(|bold| TABLED.map(|c| measured(c, bold)).collect())
    });
    let table = if bold { &BOLD } else { &REGULAR };
    if (' '..='~').contains(&c) {
        return f64::from(table[c as usize - 32]) / 1000.0;
    }
    let thousandths = if TABLED.contains(&c) {
        TABLES[usize::from(bold)][c as usize - *TABLED.start() as usize]
    } else {
        measured(c, bold)
    };
    f64::from(thousandths) / 1000.0
}

/// The advance of a character beyond ASCII, in thousandths of an em.
fn measured(c: char, bold: bool) -> u16 {
    let table = if bold { &BOLD } else { &REGULAR };
    let mut parts = c.nfd();
    let base = parts.next().unwrap_or(c);
    let horn = parts.any(|m| m == '\u{31b}');
    match (base, horn, bold) {
        ('u', true, false) => 674,
        ('u', true, true) => 760,
        ('o', true, false) => 616,
        ('o', true, true) => 679,
        ('U', true, false) => 780,
        ('U', true, true) => 885,
        ('O', true, false) => 784,
        ('O', true, true) => 825,
        ('đ', _, _) => table[usize::from(b'd' - b' ')],
        ('Đ', _, _) => table[usize::from(b'D' - b' ')] + 20,
        ('\u{2013}', _, _) => 500,
        ('\u{2014}' | '\u{2026}', _, _) => 1000,
        ('\u{b7}', _, _) => 268,
        ('\u{2018}' | '\u{2019}', _, _) => 225,
        ('\u{201c}' | '\u{201d}', _, _) => 410,
        (b, _, _) if (' '..='~').contains(&b) => table[b as usize - 32],
        _ => 1000,
    }
}

/// The width of `text` in em, on one line.
pub fn width_em(text: &str, bold: bool) -> f64 {
    text.chars().map(|c| advance(c, bold)).sum::<f64>() * WIDTH_FACTOR
}

/// How many lines `text` takes in a box `width_mm` wide at `size_pt`, wrapped at spaces as a
/// browser does (a word longer than the line is broken, as `overflow-wrap: anywhere` does).
/// Line breaks in the text count as spaces: posters collapse them.
pub fn lines(text: &str, width_mm: f64, size_pt: f64, bold: bool) -> usize {
    let limit = width_mm / (size_pt * PT) - SLACK_EM;
    let space = advance(' ', bold) * WIDTH_FACTOR;
    let mut count = 0;
    let mut used: f64 = 0.0;
    for word in text.split_whitespace() {
        let w = width_em(word, bold);
        if count == 0 {
            count = 1;
        } else if used + space + w <= limit {
            used += space + w;
            continue;
        } else {
            count += 1;
            used = 0.0;
        }
        if w <= limit {
            used = w;
            continue;
        }
        // A word wider than the line fills whole lines, then starts the last one.
        for c in word.chars() {
            let a = advance(c, bold) * WIDTH_FACTOR;
            if used + a > limit && used > 0.0 {
                count += 1;
                used = 0.0;
            }
            used += a;
        }
    }
    count.max(1)
}

/// The height in mm of `text` wrapped in a box `width_mm` wide at `size_pt`.
pub fn text_height(text: &str, width_mm: f64, size_pt: f64, bold: bool) -> f64 {
    line_height(size_pt) * lines(text, width_mm, size_pt, bold) as f64
}

/// The height of one line at `size_pt`, in mm.
pub fn line_height(size_pt: f64) -> f64 {
    size_pt * PT * LINE
}

/// Packs blocks of the given heights into sheets whose body holds `room` mm, in order; a
/// block that `keep_with_next` says must not end a sheet (a heading) moves with the block
/// after it. Returns each sheet's blocks as index ranges.
pub fn pack(
    heights: &[f64],
    room: impl Fn(usize) -> f64,
    keep_with_next: &[bool],
) -> Vec<Vec<usize>> {
    let mut sheets: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    let mut i = 0;
    while i < heights.len() {
        // A heading and what follows it go together.
        let mut end = i + 1;
        while end < heights.len() && keep_with_next.get(end - 1).copied().unwrap_or(false) {
            end += 1;
        }
        let h: f64 = heights[i..end].iter().sum();
        let sheet = sheets.len() - 1;
        if used + h > room(sheet) && !sheets[sheet].is_empty() {
            sheets.push(Vec::new());
            used = 0.0;
        }
        let last = sheets.len() - 1;
        sheets[last].extend(i..end);
        used += h;
        i = end;
    }
    sheets
}

/// Footer text size in pt: a point smaller than the body, never below 11 pt.
pub fn foot_size(s: Scale) -> f64 {
    (s.body - 1.0).max(11.0)
}

/// The poster stylesheet, written from the constants above.
pub fn css() -> String {
    let mut out = String::from(include_str!("poster.css"));
    for paper in [A4, A3] {
        let s = scale(paper);
        let c = paper.class();
        let _ = write!(
            out,
            "\n@page {c} {{ size: {w}mm {h}mm; margin: {m}mm; }}\n\
             .{c} .sheet {{ page: {c}; width: {iw}mm; height: {ih}mm; }}\n\
             .{c} .sheet {{ font-size: {body}pt; }}\n\
             .{c} .sheet-title {{ font-size: {title}pt; }}\n\
             .{c} .sheet h2, .{c} .item-name, .{c} .cell-name {{ font-size: {heading}pt; }}\n\
             .{c} .qr-item svg {{ width: {qr}mm; height: {qr}mm; }}\n\
             .{c} .qr-large svg {{ width: {qrl}mm; height: {qrl}mm; }}\n\
             .{c} .qr-large figcaption {{ width: {qrl}mm; }}\n\
             .{c} .sheet-foot {{ font-size: {foot}pt; }}\n",
            w = paper.width,
            h = paper.height,
            m = MARGIN,
            iw = paper.inner_width(),
            ih = paper.inner_height(),
            body = s.body,
            title = s.title,
            heading = s.heading,
            qr = s.qr,
            qrl = s.qr_large,
            foot = foot_size(s),
        );
    }
    let _ = write!(
        out,
        "\n.sheet, .sheet * {{ line-height: {LINE}; }}\n\
         .sheet-head {{ padding-bottom: {hp}mm; border-bottom: {hr}mm solid #000; margin-bottom: {hg}mm; }}\n\
         .sheet-foot {{ border-top: 0.3mm solid #000; padding-top: {fg}mm; }}\n\
         .item {{ padding: {ip}mm 0; border-bottom: {ir}mm solid #000; gap: {bs}mm; }}\n\
         .cells {{ column-gap: {col}mm; }}\n\
         .intro {{ gap: {bs}mm; }}\n\
         .sheet h2 {{ margin: {ht}mm 0 {hb}mm; }}\n\
         .entries li {{ margin-bottom: {en}mm; padding-left: {ind}mm; }}\n\
         .intro, .codes, .facts li {{ margin-bottom: {en}mm; }}\n\
         .cell {{ padding: {ip}mm 0; border-bottom: {ir}mm solid #000; }}\n\
         .cell .qr-item svg {{ width: {bq}mm; height: {bq}mm; }}\n",
        hp = gap::HEADER_PAD,
        hr = gap::HEADER_RULE,
        hg = gap::HEADER,
        fg = gap::FOOTER,
        ip = gap::ITEM_PAD,
        ir = gap::ITEM_RULE,
        bs = gap::BESIDE,
        col = gap::COLUMN,
        ht = gap::HEADING_TOP,
        hb = gap::HEADING_BOTTOM,
        en = gap::ENTRY,
        ind = gap::INDENT,
        bq = BOARD_QR,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        // "Hộ tịch" in Noto Sans Regular: H ộ space t ị c h.
        let w = width_em("Hộ tịch", false);
        let exact = (741 + 605 + 260 + 361 + 258 + 480 + 618) as f64 / 1000.0;
        assert!((w - exact * WIDTH_FACTOR).abs() < 1e-9, "{w}");
        assert!(width_em("ư", false) > width_em("u", false));
        assert!(width_em("Đ", true) > width_em("D", true));
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        // 40 mm at 12 pt is about 9.4 em, less the slack.
        assert_eq!(lines("Hộ tịch", 40.0, 12.0, false), 1);
        assert_eq!(lines("", 40.0, 12.0, false), 1);
        let long = "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con";
        let n = lines(long, 40.0, 12.0, false);
        assert!((3..=5).contains(&n), "{n}");
        assert!(lines(long, 160.0, 12.0, false) == 1);
        let url = "https://hoaphong.example.gov.vn/tt/2.000815.000.00.00.H61/";
        assert!(lines(url, 30.0, 12.0, false) >= 3);
        assert!(lines("a\nb\n\nc", 100.0, 12.0, false) == 1);
    }

    #[test]
    fn packs_in_order_and_keeps_headings_with_what_follows() {
        let sheets = pack(&[10.0, 10.0, 10.0, 10.0], |_| 25.0, &[]);
        assert_eq!(sheets, vec![vec![0, 1], vec![2, 3]]);
        // Block 1 is a heading: it moves with block 2.
        let sheets = pack(&[10.0, 5.0, 10.0], |_| 20.0, &[false, true, false]);
        assert_eq!(sheets, vec![vec![0], vec![1, 2]]);
        // The first sheet may hold less (it carries the introduction).
        let sheets = pack(
            &[10.0, 10.0, 10.0],
            |i| if i == 0 { 10.0 } else { 30.0 },
            &[],
        );
        assert_eq!(sheets, vec![vec![0], vec![1, 2]]);
        // A block taller than a sheet still goes somewhere.
        assert_eq!(pack(&[50.0], |_| 20.0, &[]), vec![vec![0]]);
        assert_eq!(pack(&[], |_| 20.0, &[]), vec![Vec::<usize>::new()]);
    }

    #[test]
    fn the_stylesheet_states_the_sizes_estimated() {
        let css = css();
        assert!(css.contains("@page a4 { size: 210mm 297mm; margin: 10mm; }"));
        assert!(css.contains(".a3 .sheet { page: a3; width: 277mm; height: 400mm; }"));
        assert!(css.contains(".a4 .qr-item svg { width: 33mm; height: 33mm; }"));
        const { assert!(SCALE_A4.body >= 11.0 && SCALE_A3.body >= 11.0) };
        // The smallest code posters print has 29 modules and 8 of quiet zone.
        let code = |svg: f64| svg * 29.0 / 37.0;
        for (size, min) in [
            (SCALE_A4.qr, 25.0),
            (SCALE_A4.qr_large, 60.0),
            (SCALE_A3.qr, 25.0),
            (BOARD_QR, 25.0),
        ] {
            assert!(code(size) >= min, "{size} mm");
        }
    }

    #[test]
    fn the_table_measures_as_the_rules_do() {
        for bold in [false, true] {
            for c in TABLED.chain(['\u{3000}', '😀']) {
                assert_eq!(
                    advance(c, bold),
                    f64::from(measured(c, bold)) / 1000.0,
                    "{c:?}"
                );
            }
        }
        assert_eq!(advance('ư', false), 0.674);
        assert_eq!(advance('Đ', true), advance('D', true) + 0.02);
    }
}
