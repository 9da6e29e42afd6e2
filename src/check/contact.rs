//! The address for feedback and petitions (phản ánh, kiến nghị) on every procedure page and
//! poster (Nghị định 20/2008/NĐ-CP, Điều 13, as amended by Nghị định 48/2013), and the link
//! where citizens rate their satisfaction online (Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3
//! điểm b). Checked on the rendered pages, so that a theme that leaves them out is caught.

use super::Context;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::{file_for_url_path, NeedleScope};

/// The article of the feedback contact.
pub const FEEDBACK: &str = "Nghị định 20/2008/NĐ-CP, Điều 13";
/// The article of the satisfaction link.
pub const SATISFACTION: &str = "Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm b";

/// The feedback contact as pages show it: address, phone and e-mail, each the feedback one
/// or else the commune's own.
fn contact(config: &Config) -> [(&'static str, &'static str, Option<&str>); 3] {
    let c = &config.commune;
    [
        (
            "feedback_address",
            "địa chỉ",
            c.feedback_address.as_deref().or(c.address.as_deref()),
        ),
        (
            "feedback_hotline",
            "số điện thoại",
            c.feedback_hotline.as_deref().or(c.hotline.as_deref()),
        ),
        (
            "feedback_email",
            "thư điện tử",
            c.feedback_email.as_deref().or(c.email.as_deref()),
        ),
    ]
}

/// What the inspector looks for, in pairs (as written, as escaped): the three parts of the
/// contact, then the satisfaction link.
pub fn needles(config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for (_, _, value) in contact(config) {
        let v = value.unwrap_or("\u{0}");
        out.push(v.to_string());
        out.push(tera::escape_html(v));
    }
    let url = config
        .commune
        .satisfaction_url
        .as_deref()
        .unwrap_or("\u{0}");
    out.push(url.to_string());
    out.push(tera::escape_html(url));
    out
}

/// Where the contact details are looked for: procedure pages, posters and the home page; for
/// a site without `[commune]`, nowhere (the rules do not apply).
pub fn scope(config: &Config, lib: &crate::content::Library) -> NeedleScope {
    if !config.is_commune {
        return NeedleScope::default();
    }
    let mut paths: std::collections::HashSet<String> = lib
        .pages
        .iter()
        .filter(|p| p.meta.procedure.is_some())
        .map(|p| file_for_url_path(&p.path))
        .collect();
    paths.insert("index.html".into());
    NeedleScope {
        paths,
        prefixes: vec![format!("{}/", config.posters.path)],
    }
}

/// Both rules.
pub fn check(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let parts = contact(cx.config);
    for (key, what, value) in parts {
        if value.is_none() {
            out.push(
                Diagnostic::warning(format!(
                    "chưa khai báo {what} tiếp nhận phản ánh, kiến nghị về thủ tục hành chính"
                ))
                .in_file(crate::config::CONFIG_FILE)
                .at(cx.config.positions.get("commune").copied())
                .citing(FEEDBACK)
                .with_hint(format!(
                    "ghi trong bảng [commune] của config.toml: {key} = \"…\""
                )),
            );
        }
    }
    // Every procedure page and every poster shows each part that is configured.
    let posters = format!("{}/", cx.config.posters.path);
    let mut pages: Vec<(String, std::path::PathBuf)> = cx
        .lib
        .pages
        .iter()
        .filter(|p| p.meta.procedure.is_some())
        .map(|p| (file_for_url_path(&p.path), p.file.display.clone()))
        .collect();
    let mut poster_paths: Vec<&String> = cx
        .inspection
        .found
        .keys()
        .filter(|k| k.starts_with(&posters) && *k != &format!("{posters}index.html"))
        .collect();
    poster_paths.sort();
    pages.extend(
        poster_paths
            .into_iter()
            .map(|k| (k.clone(), std::path::PathBuf::from(k))),
    );
    for (path, file) in pages {
        let Some(found) = cx.inspection.found.get(&path) else {
            continue;
        };
        let missing: Vec<&str> = parts
            .iter()
            .enumerate()
            .filter(|(i, (_, _, v))| v.is_some() && !(found[2 * i] || found[2 * i + 1]))
            .map(|(_, (_, what, _))| *what)
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::error(format!(
                    "trang {path} không ghi {} tiếp nhận phản ánh, kiến nghị",
                    missing.join(", ")
                ))
                .in_file(&file)
                .citing(FEEDBACK)
                .with_hint(
                    "mẫu trang thủ tục và bản in phải ghi địa chỉ, số điện thoại, thư điện tử \
                     tiếp nhận phản ánh, kiến nghị (config.commune.feedback_*)",
                ),
            );
        }
    }
    match &cx.config.commune.satisfaction_url {
        None => out.push(
            Diagnostic::warning("chưa có đường dẫn để người dân đánh giá mức độ hài lòng")
                .in_file(crate::config::CONFIG_FILE)
                .at(cx.config.positions.get("commune").copied())
                .citing(SATISFACTION)
                .with_hint(
                    "ghi trong bảng [commune]: satisfaction_url = \"https://…\" (trang khảo sát \
                     của tỉnh hoặc của xã)",
                ),
        ),
        Some(url) => {
            let shown = cx
                .inspection
                .found
                .get("index.html")
                .is_some_and(|f| f[6] || f[7]);
            if !shown {
                out.push(
                    Diagnostic::error(format!(
                        "trang chủ không có đường dẫn đánh giá mức độ hài lòng ({url})"
                    ))
                    .in_file(crate::config::CONFIG_FILE)
                    .at(cx.config.positions.get("commune.satisfaction_url").copied())
                    .citing(SATISFACTION)
                    .with_hint(
                        "mẫu trang phải hiện config.commune.satisfaction_url, ví dụ ở chân trang",
                    ),
                );
            }
        }
    }
    out
}
