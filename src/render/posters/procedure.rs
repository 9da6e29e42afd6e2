//! One procedure's A4 poster: its large QR code with the facts beside it, the documents to
//! bring and the steps, shortened for paper.

use super::layout::A4;
use super::sheets::Block;
use super::{Common, Draft, Line, Poster};
use crate::content::Page;
use crate::procedure::record::{DocGroup, Record};
use crate::procedure::view;
use crate::render::RenderData;

/// One procedure's A4 poster.
pub(super) fn poster(rd: &RenderData<'_>, page: &Page, r: &Record, common: &Common) -> Poster {
    // Only what posters print: the labels citizens read, and where to submit online.
    let text = |k: &str| match k {
        "time_summary" => view::time_summary(r),
        "fee_summary" => view::fee_summary(r),
        _ => view::online_link(r).unwrap_or_default().to_string(),
    };
    let qr_url = page
        .qr_url
        .clone()
        .unwrap_or_else(|| page.permalink.clone());
    let mut facts = Vec::new();
    if !r.audience.is_empty() {
        facts.push(Line::new("Ai được làm", r.audience.join("; ")));
    }
    for (label, key) in [
        ("Thời hạn giải quyết", "time_summary"),
        ("Phí, lệ phí", "fee_summary"),
    ] {
        let v = text(key);
        if !v.is_empty() {
            facts.push(Line::new(label, v));
        }
    }
    if let Some(place) = view::place(r) {
        facts.push(Line::new("Nơi nộp hồ sơ", place.to_string()));
    }
    let online = text("online_link");
    if !online.is_empty() {
        facts.push(Line::new("Nộp trực tuyến", online));
    }
    // Parts the national data leaves blank are said on paper too, with where to ask.
    let gaps: Vec<&str> = r
        .gaps()
        .into_iter()
        .filter(|g| g.required())
        .map(|g| g.part())
        .collect();
    if !gaps.is_empty() {
        facts.push(Line::new(
            "Chưa có thông tin về",
            format!(
                "{}: hỏi Bộ phận Một cửa hoặc xem trên Cổng Dịch vụ công quốc gia",
                gaps.join(", ")
            ),
        ));
    }
    if let Some(h) = &rd.config.commune.hotline {
        facts.push(Line::new("Đường dây nóng", h.clone()));
    }
    facts.push(Line::new("Xem đầy đủ tại", qr_url.clone()));
    let mut blocks = vec![Block::Intro {
        caption: "Quét mã bằng camera điện thoại để xem đầy đủ và nộp hồ sơ".into(),
        qr_url,
        facts,
    }];
    let documents: Vec<&crate::procedure::record::Document> = r
        .documents
        .iter()
        .filter(|d| matches!(d.group, DocGroup::Submit | DocGroup::Show))
        .collect();
    if !documents.is_empty() {
        blocks.push(Block::Heading {
            text: "Giấy tờ cần mang".into(),
        });
        for d in documents {
            let name = d.name.split_whitespace().collect::<Vec<_>>().join(" ");
            let n = copies(d.originals, d.copies);
            let shown = if d.group == DocGroup::Show {
                format!("{name} (xuất trình)")
            } else if n.is_empty() {
                name
            } else {
                format!("{name} ({n})")
            };
            blocks.push(Block::Document {
                text: shown,
                continued: false,
            });
        }
    }
    if !r.steps.is_empty() {
        blocks.push(Block::Heading {
            text: "Các bước".into(),
        });
        for (i, s) in r.steps.iter().enumerate() {
            blocks.push(Block::Step {
                number: i + 1,
                text: short(s),
                continued: false,
            });
        }
    }
    let title = page.meta.title.clone().unwrap_or_else(|| r.name.clone());
    let subtitle = format!(
        "Mã thủ tục {} · Lĩnh vực {} · {}",
        r.code, r.field, common.commune
    );
    Draft {
        kind: "procedure",
        paper: A4,
        title,
        subtitle,
        path: format!("/{}/thu-tuc/{}/", common.base, r.code),
        source_url: page.permalink.clone(),
        count: 1,
    }
    .flow(rd, &blocks, common)
}

/// A step, shortened for paper: its first sentence, at most about two lines on A4.
fn short(text: &str) -> String {
    const MAX: usize = 220;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The national database starts many steps with a bullet of its own.
    let flat = flat
        .trim_start_matches(['+', '-', '•', '*', ' '])
        .to_string();
    let first = flat
        .find(". ")
        .map_or(flat.as_str(), |i| &flat[..=i])
        .trim_end();
    if first.chars().count() <= MAX {
        return first.to_string();
    }
    let mut out = String::new();
    for word in first.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([',', ';', ':']).to_string() + "…"
}

/// "1 bản chính, 1 bản sao".
fn copies(originals: u32, copies: u32) -> String {
    let mut parts = Vec::new();
    if originals > 0 {
        parts.push(format!("{originals} bản chính"));
    }
    if copies > 0 {
        parts.push(format!("{copies} bản sao"));
    }
    parts.join(", ")
}
