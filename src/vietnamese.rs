//! Vietnamese text as a phone keyboard without Vietnamese input types it (folded), and in the
//! order a Vietnamese reader expects a list (collation): the one place both rules live, used
//! by page and term sorting and by the search index.

use unicode_normalization::UnicodeNormalization;

/// Tone marks: they order words within a letter, and never start a new letter.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// The alphabet in its order, with the letters that carry a mark (Ă, Â, Đ, Ê, Ô, Ơ, Ư) as
/// letters of their own; f, j, w, z come from borrowed words.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// `s` without any mark, and đ/Đ as d/D: "Đăng ký đất đai" → "Dang ky dat dai".
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Whether `s` holds a letter that Pagefind's own folding leaves as it is (đ, Đ).
pub fn has_unfolded(s: &str) -> bool {
    s.contains(['đ', 'Đ'])
}

/// A character split into its letter (with the mark that makes it a letter of its own) and
/// its tone (0 for none).
fn letter_and_tone(c: char) -> (String, u8) {
    let mut letter = String::new();
    let mut tone = 0;
    for d in c.to_lowercase().flat_map(|l| l.nfd().collect::<Vec<_>>()) {
        match TONES.iter().position(|t| *t == d) {
            Some(i) => tone = i as u8 + 1,
            None => letter.push(d),
        }
    }
    (letter.nfc().collect(), tone)
}

/// Sorts strings in Vietnamese alphabetical order: letter by letter (a < ă < â < b … d < đ),
/// then by tone, then as written.
pub fn collation_key(s: &str) -> (Vec<u16>, Vec<u8>, String) {
    let mut letters = Vec::with_capacity(s.len());
    let mut tones = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            // Most characters of a title: no mark, no tone, and a plain rank.
            let l = c.to_ascii_lowercase();
            letters.push(match l {
                'a'..='z' => 1000 + ascii_rank(l),
                _ => l as u16,
            });
            tones.push(0);
            continue;
        }
        let (rank, tone) = rank_and_tone(c);
        letters.push(rank);
        tones.push(tone);
    }
    (letters, tones, s.to_string())
}

/// A character's place in the alphabet (digits and punctuation before letters, among
/// themselves by code point) and its tone.
fn rank_and_tone(c: char) -> (u16, u8) {
    let (letter, tone) = letter_and_tone(c);
    let rank = match ALPHABET.iter().position(|a| *a == letter) {
        Some(i) => 1000 + i as u16,
        None => letter
            .chars()
            .next()
            .map_or(0, |c| (c as u32).min(999) as u16),
    };
    (rank, tone)
}

/// The place in [`ALPHABET`] of an ASCII lowercase letter.
fn ascii_rank(l: char) -> u16 {
    let mut buf = [0; 4];
    let l: &str = l.encode_utf8(&mut buf);
    ALPHABET.iter().position(|a| *a == l).unwrap_or(0) as u16
}

/// The letter of the alphabet `s` is listed under ("Đ" for "Đăng ký", "C" for "Cấp"), or "#"
/// when it does not start with a letter.
pub fn initial(s: &str) -> String {
    let Some(c) = s.trim_start().chars().next() else {
        return "#".into();
    };
    let (letter, _) = letter_and_tone(c);
    if ALPHABET.contains(&letter.as_str()) {
        letter.to_uppercase()
    } else {
        "#".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_vietnamese_letter() {
        assert_eq!(fold("Đăng ký đất đai"), "Dang ky dat dai");
        assert_eq!(
            fold("ăâêôơư ẠẶẬẸỆỊỌỘỢỤỰỴ ằấểỗởữ"),
            "aaeoou AAAEEIOOOUUY aaeoou"
        );
        assert_eq!(fold("Chứng thực"), "Chung thuc");
        // Precomposed and decomposed input fold alike.
        assert_eq!(fold("Nguye\u{302}\u{303}n"), fold("Nguyễn"));
        assert!(has_unfolded("Địa chỉ") && !has_unfolded("Chứng thực"));
    }

    #[test]
    fn sorts_in_vietnamese_alphabetical_order() {
        let mut words = vec![
            "Đăng ký",
            "Dân số",
            "Ăn",
            "An",
            "Âm",
            "Bảo",
            "Cấp",
            "Ơn",
            "Ôn",
            "On",
            "Ưu",
            "Uỷ",
            "Xác nhận",
            "Y tế",
            "1 cửa",
        ];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(
            words,
            [
                "1 cửa",
                "An",
                "Ăn",
                "Âm",
                "Bảo",
                "Cấp",
                "Dân số",
                "Đăng ký",
                "On",
                "Ôn",
                "Ơn",
                "Uỷ",
                "Ưu",
                "Xác nhận",
                "Y tế"
            ]
        );
        // Tones order words that differ only in tone: ma, mà, má, mả, mã, mạ.
        let mut tones = vec!["mạ", "mã", "mả", "má", "mà", "ma"];
        tones.sort_by_key(|w| collation_key(w));
        assert_eq!(tones, ["ma", "mà", "má", "mả", "mã", "mạ"]);
    }

    #[test]
    fn initials_keep_the_letters_of_their_own() {
        assert_eq!(initial("Đăng ký khai sinh"), "Đ");
        assert_eq!(initial("cấp bản sao"), "C");
        assert_eq!(initial("Ấp"), "Â");
        assert_eq!(initial("Ủy quyền"), "U");
        assert_eq!(initial("Ưu đãi"), "Ư");
        assert_eq!(initial("2 thủ tục"), "#");
        assert_eq!(initial(""), "#");
    }

    #[test]
    fn ascii_takes_a_shortcut_to_the_same_key() {
        for b in 0u8..128 {
            let c = b as char;
            let (letters, tones, _) = collation_key(&c.to_string());
            assert_eq!((letters[0], tones[0]), rank_and_tone(c), "{c:?}");
        }
    }
}
