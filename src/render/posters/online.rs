//! How to submit and pay online: QR codes to the national portal and the site's guides, with
//! the steps taken from the guides' headings.

use super::layout::A4;
use super::sheets::{Block, Cell};
use super::{host, Common, Draft, Poster};
use crate::content::library::Entry;
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::render::RenderData;

/// The steps of a guide: its headings "Bước N: …", without that prefix.
fn guide_steps(page: &Page) -> Vec<String> {
    fn walk(hs: &[crate::markdown::Heading], out: &mut Vec<String>) {
        for h in hs {
            let t = h.title.trim();
            if let Some(rest) = t.strip_prefix("Bước ") {
                let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                let rest = rest.trim_start_matches([':', '.', ' ', '-', '–']).trim();
                if !rest.is_empty() {
                    out.push(rest.to_string());
                }
            }
            walk(&h.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&page.toc, &mut out);
    out
}

/// The page at a configured content path, or an error at `config.toml`'s key.
fn guide<'a>(rd: &'a RenderData<'_>, key: &str, path: &str) -> Result<&'a Page, Diagnostic> {
    let err = |why: String| {
        let line = rd.config.positions.get(&format!("posters.{key}")).copied();
        Diagnostic::error(format!("trường `posters.{key}`: {why}"))
            .in_file(crate::config::CONFIG_FILE)
            .at(line)
    };
    let page = match rd.lib.by_relative.get(path) {
        Some(Entry::Page(i)) => &rd.lib.pages[*i],
        _ => {
            return Err(err(format!("không có bài \"{path}\" trong content/"))
                .with_hint("ghi đường dẫn của bài trong thư mục content, ví dụ \"huong-dan/nop-ho-so-truc-tuyen.md\""))
        }
    };
    if guide_steps(page).is_empty() {
        return Err(err(format!("bài \"{path}\" không có đề mục nào bắt đầu bằng \"Bước\""))
            .with_hint("bản in lấy các bước từ đề mục của bài, ví dụ \"## Bước 1: Vào Cổng Dịch vụ công quốc gia\""));
    }
    Ok(page)
}

/// How to submit and pay online, with QR codes to the portal and the guides; `None` without a
/// configured guide.
pub(super) fn poster(rd: &RenderData<'_>, common: &Common) -> Result<Option<Poster>, Diagnostic> {
    let posters = &rd.config.posters;
    let Some(guide_path) = &posters.online_guide else {
        return Ok(None);
    };
    let submit = guide(rd, "online_guide", guide_path)?;
    let pay = match &posters.payment_guide {
        Some(p) => Some(guide(rd, "payment_guide", p)?),
        None => None,
    };
    let portal = &rd.config.commune.national_portal_url;
    let mut cells = vec![Cell {
        name: "Cổng Dịch vụ công quốc gia".into(),
        note: host(portal),
        qr_url: portal.clone(),
    }];
    cells.push(Cell {
        name: "Hướng dẫn nộp hồ sơ".into(),
        note: "Đầy đủ từng bước, có hình".into(),
        qr_url: submit.permalink.clone(),
    });
    if let Some(p) = pay {
        cells.push(Cell {
            name: "Hướng dẫn trả phí".into(),
            note: "Thanh toán phí, lệ phí qua mạng".into(),
            qr_url: p.permalink.clone(),
        });
    }
    let mut blocks = vec![Block::Codes { cells }];
    let mut add = |heading: &str, steps: Vec<String>| {
        blocks.push(Block::Heading {
            text: heading.to_string(),
        });
        for (i, s) in steps.into_iter().enumerate() {
            blocks.push(Block::Step {
                number: i + 1,
                text: s,
                continued: false,
            });
        }
    };
    add("Nộp hồ sơ trên Cổng Dịch vụ công", guide_steps(submit));
    if let Some(p) = pay {
        add("Trả phí, lệ phí qua mạng", guide_steps(p));
    }
    let title = "Nộp hồ sơ trực tuyến: làm ở nhà, không phải xếp hàng".to_string();
    let subtitle = format!(
        "{} · Cần tài khoản định danh điện tử VNeID mức 2 · Cần giúp, gọi {}",
        common.commune,
        rd.config
            .commune
            .hotline
            .as_deref()
            .unwrap_or("Ủy ban nhân dân xã")
    );
    Ok(Some(
        Draft {
            kind: "online",
            paper: A4,
            title,
            subtitle,
            path: format!("/{}/nop-truc-tuyen/", common.base),
            source_url: submit.permalink.clone(),
            count: 0,
        }
        .flow(rd, &blocks, common),
    ))
}
