//! The URL paths content asks for: checked so that none leaves the output folder, slugged,
//! and the short address every procedure keeps.

use super::FileInfo;
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::KeyPositions;

/// Checks a URL path written by an editor (`path`, `aliases`, `redirect_to`-style) and returns it
/// as `/a/b/`. Paths can never point outside the output folder.
pub fn normalize_url_path(raw: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" => {}
            "." | ".." => {
                return Err(format!(
                    "không được chứa \"{part}\" (trỏ ra ngoài trang web)"
                ));
            }
            p if p.chars().any(|c| {
                c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#')
            }) =>
            {
                return Err(format!(
                    "đoạn \"{p}\" có ký tự không dùng được trong đường dẫn"
                ));
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        Ok("/".to_string())
    } else if parts.last().is_some_and(|p| p.ends_with(".html")) {
        Ok(format!("/{}", parts.join("/")))
    } else {
        Ok(format!("/{}/", parts.join("/")))
    }
}

pub(crate) fn slugify_component(s: &str) -> String {
    let slug = slug::slugify(s);
    if slug.is_empty() {
        "_".to_string()
    } else {
        slug
    }
}

/// The shortest URL path that stays valid for a procedure, whatever folder or slug its page
/// moves to: its national code, which never changes. Printed QR codes point here.
pub fn short_path(code: &str) -> String {
    format!("/tt/{code}/")
}

pub(crate) fn path_error(
    file: &FileInfo,
    positions: &KeyPositions,
    field: &str,
    value: &str,
    why: &str,
) -> Diagnostic {
    Diagnostic::error(format!("trường `{field}`: \"{value}\" {why}"))
        .in_file(&file.display)
        .at(positions.get(field).copied())
        .with_hint("dùng đường dẫn gồm chữ không dấu, số và gạch nối, ví dụ: \"tin-tuc/hop-dan\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_cannot_escape() {
        assert_eq!(normalize_url_path("/a/b").unwrap(), "/a/b/");
        assert_eq!(normalize_url_path("a//b/").unwrap(), "/a/b/");
        assert_eq!(
            normalize_url_path("cu/trang.html").unwrap(),
            "/cu/trang.html"
        );
        assert_eq!(normalize_url_path("").unwrap(), "/");
        assert!(normalize_url_path("../etc").is_err());
        assert!(normalize_url_path("a/../../b").is_err());
        assert!(normalize_url_path("a\\..\\b").is_err());
        assert!(normalize_url_path("C:/x").is_err());
        assert!(normalize_url_path("a/\0/b").is_err());
    }
}
