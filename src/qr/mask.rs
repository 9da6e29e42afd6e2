//! Drawing a code's modules with the mask ISO/IEC 18004 (7.8.3) asks for: the one whose
//! pattern has the lowest penalty. The qrcode crate encodes, draws and masks; only the scoring
//! is done here, with the crate's rules and tie-breaking, so every code is module for module
//! the one `QrCode::with_error_correction_level` draws (a test checks it). The crate scores a
//! mask through a boxed closure per module, 0.35 ms a code: a sixth of building a site of 600
//! procedures, where scoring a grid of booleans takes microseconds.

use qrcode::bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec;
use qrcode::{Color, EcLevel, QrResult};

/// The eight masks of a QR code, in the order the crate tries them (the first of equal
/// penalties wins).
const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The code for `data` at `level` in the smallest version that holds it: its width in modules
/// and its modules row by row, `true` for dark.
pub fn modules(data: &[u8], level: EcLevel) -> QrResult<(usize, Vec<bool>)> {
    let bits = bits::encode_auto(data, level)?;
    let version = bits.version();
    let width = version.width() as usize;
    let (code, ec) = ec::construct_codewords(&bits.into_bytes(), version, level)?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&code, &ec);
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in PATTERNS {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let dark: Vec<bool> = masked
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        let score = penalty(width, &dark);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, dark));
        }
    }
    Ok((width, best.map(|(_, dark)| dark).unwrap_or_default()))
}

/// A masked code's penalty: runs of five or more alike, 2×2 blocks alike, finder-like
/// patterns and the share of dark modules, scored as the qrcode crate scores them (less the
/// constant the crate subtracts for the three real finder patterns).
fn penalty(w: usize, dark: &[bool]) -> u32 {
    let mut columns = vec![false; dark.len()];
    for (i, &d) in dark.iter().enumerate() {
        columns[(i % w) * w + i / w] = d;
    }
    let mut score = 0;
    for line in dark.chunks_exact(w).chain(columns.chunks_exact(w)) {
        score += runs(line) + finder_like(line);
    }
    for pair in dark.chunks_exact(w).collect::<Vec<_>>().windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        for x in 0..w - 1 {
            let c = top[x];
            if top[x + 1] == c && bottom[x] == c && bottom[x + 1] == c {
                score += 3;
            }
        }
    }
    let share = dark.iter().filter(|d| **d).count() * 200 / dark.len().max(1);
    score + share.abs_diff(100) as u32
}

/// Runs of five or more modules alike in a line: 3 points for five, one more per module.
fn runs(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 1;
    for pair in line.windows(2) {
        if pair[0] == pair[1] {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    score
}

/// Dark, light, three dark, light, dark in a line with four light modules (or the edge) on
/// either side: 40 points each.
fn finder_like(line: &[bool]) -> u32 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score = 0;
    for (j, window) in line.windows(7).enumerate() {
        if window != PATTERN {
            continue;
        }
        let dark_before = line[j.saturating_sub(4)..j].contains(&true);
        let dark_after = line[j + 7..(j + 11).min(line.len())].contains(&true);
        if !dark_before || !dark_after {
            score += 40;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::QrCode;

    /// The crate's own code for `data`, as booleans.
    fn crate_code(data: &[u8]) -> (usize, Vec<bool>) {
        let code = QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark);
        (code.width(), dark.collect())
    }

    #[test]
    fn draws_the_same_code_as_the_crate() {
        // Addresses of every length a site makes (short links, procedure pages, posters,
        // long Vietnamese slugs percent-encoded), so every version up to 10 and all eight
        // masks are chosen along the way.
        let mut chosen = std::collections::BTreeSet::new();
        for i in 0..1500u32 {
            let tail = "thu-tuc-hanh-chinh/".repeat((i % 12) as usize);
            let url = format!("https://xa{}.example.vn/{tail}tt/1.{:06}/", i % 7, i * 7919);
            let (w, dark) = modules(url.as_bytes(), EcLevel::M).unwrap();
            assert_eq!((w, dark.clone()), crate_code(url.as_bytes()), "{url}");
            chosen.insert(w);
        }
        assert!(chosen.len() >= 8, "versions drawn: {chosen:?}");
    }

    #[test]
    fn scores_runs_and_finder_patterns_as_the_standard_counts_them() {
        let line = |bits: &[u8]| bits.iter().map(|b| *b == 1).collect::<Vec<_>>();
        assert_eq!(runs(&line(&[1, 1, 1, 1, 1, 0, 1])), 3);
        assert_eq!(runs(&line(&[0, 0, 0, 0, 0, 0, 0])), 5);
        assert_eq!(runs(&line(&[1, 0, 1, 0, 1, 0, 1])), 0);
        // Light on both sides, then dark on both sides within four modules.
        assert_eq!(finder_like(&line(&[0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1])), 40);
        assert_eq!(
            finder_like(&line(&[1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0])),
            0
        );
    }
}
