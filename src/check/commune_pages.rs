//! The pages about the commune that Nghị định 224/2026/NĐ-CP Điều 9 khoản 1 điểm c requires:
//! its administrative organisation, boundary map, natural conditions, history and culture,
//! relics and landscapes, and its leaders' short biographies and duties. A page says which it
//! is with `commune_info = "…"` in its front matter.

use super::Context;
use crate::diagnostics::Diagnostic;

/// The kinds, as `commune_info` names them, with what each is.
pub const KINDS: [(&str, &str); 6] = [
    ("to-chuc-bo-may", "tổ chức bộ máy hành chính"),
    ("ban-do-dia-gioi", "bản đồ địa giới hành chính"),
    ("dieu-kien-tu-nhien", "điều kiện tự nhiên"),
    ("lich-su-van-hoa", "lịch sử, truyền thống văn hóa"),
    ("di-tich-danh-thang", "di tích, danh thắng"),
    ("lanh-dao", "tiểu sử tóm tắt và nhiệm vụ của lãnh đạo"),
];

/// The names `commune_info` accepts.
pub const KIND_NAMES: [&str; 6] = [
    KINDS[0].0, KINDS[1].0, KINDS[2].0, KINDS[3].0, KINDS[4].0, KINDS[5].0,
];

/// The article this rule enforces.
pub const ARTICLE: &str = "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c";

/// A warning for each kind of page no page is.
pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    KINDS
        .iter()
        .filter(|(name, _)| {
            !cx.lib
                .pages
                .iter()
                .any(|p| p.meta.commune_info.as_deref() == Some(*name))
        })
        .map(|(name, what)| {
            Diagnostic::warning(format!("trang web chưa có trang giới thiệu {what} của xã"))
                .citing(ARTICLE)
                .with_hint(format!(
                    "viết trang đó (ví dụ trong content/gioi-thieu/) và ghi ở đầu trang: \
                     commune_info = \"{name}\""
                ))
        })
        .collect()
}
