//! The pages about the commune that Nghị định 224/2026/NĐ-CP Điều 9 khoản 1 điểm c requires:
//! its administrative organisation, boundary map, natural conditions, history and culture,
//! relics and landscapes, and its leaders' short biographies and duties. A page says which it
//! is with `commune_info = "…"` in its front matter.

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::disclosure::commune_info::KINDS;

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
