//! Text as read from files: UTF-8 required (with a located error when it is not), and
//! Unicode NFC, so that the same Vietnamese word is the same bytes everywhere.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The error for a file that is not UTF-8, pointing at the line and column of the first bad byte.
pub fn invalid_utf8(display: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..e.valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // Everything before the bad byte is valid UTF-8, so this cannot fail.
    let column = std::str::from_utf8(&valid[line_start..]).map_or(1, |s| s.chars().count() + 1);
    Diagnostic::error(format!(
        "tệp không phải văn bản UTF-8: có byte 0x{:02X} không đọc được",
        bytes[e.valid_up_to()]
    ))
    .in_file(display)
    .at(Some((line, column)))
    .with_hint(
        "mở tệp và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8); \
         nếu gõ bằng bảng mã TCVN3 hay VNI, hãy chuyển sang Unicode bằng Unikey",
    )
}

/// Vietnamese typed on some systems arrives decomposed (NFD); the site is always NFC, so that
/// the same word is the same bytes for search, sorting and slugs.
pub fn to_nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}
