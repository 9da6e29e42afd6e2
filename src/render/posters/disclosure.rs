//! The list of what the commune made public in a quarter, as the law on democracy at the grass
//! roots asks it to be posted.

use super::layout::A4;
use super::sheets::{Block, Cell};
use super::{Common, Draft, Poster};
use crate::render::RenderData;

/// The list of what was made public in quarter `q` (Luật 10/2022/QH15, Điều 13 khoản 2), on
/// A4 for the office and the village cultural houses, with a QR code to the list on the site.
pub(super) fn poster(
    rd: &RenderData<'_>,
    q: crate::disclosure::Quarter,
    list: &[crate::content::collect::Item<'_>],
    common: &Common,
) -> Poster {
    let hub = crate::render::disclosure_hub(rd.config, rd.lib).map(|i| &rd.lib.sections[i]);
    let page = hub.map(|h| {
        rd.config
            .make_permalink(&crate::content::collect::quarter_path(&h.path, q))
    });
    let mut blocks = Vec::new();
    if let Some(url) = &page {
        blocks.push(Block::Codes {
            cells: vec![Cell {
                name: "Xem trên trang web".into(),
                note: "Quét mã để xem từng nội dung đầy đủ".into(),
                qr_url: url.clone(),
            }],
        });
    }
    blocks.push(Block::Heading {
        text: format!("Thông tin đã công khai {}", q.label()),
    });
    for (i, it) in list.iter().enumerate() {
        let d = it.disclosure;
        blocks.push(Block::Step {
            number: i + 1,
            text: format!(
                "{} (mục {}: {}). {}.",
                it.title,
                d.category.number,
                d.category.title.to_lowercase(),
                crate::content::collect::forms(d)
            ),
            continued: false,
        });
    }
    let title = format!("Danh mục thông tin đã công khai {}", q.label());
    let subtitle = format!(
        "{} · Lập theo khoản 2 Điều 13 Luật Thực hiện dân chủ ở cơ sở · {} nội dung",
        common.commune,
        list.len()
    );
    Draft {
        kind: "quarter",
        paper: A4,
        title,
        subtitle,
        path: format!("/{}/cong-khai/{}/", common.base, q.key()),
        source_url: page.unwrap_or_else(|| rd.config.make_permalink("/")),
        count: list.len(),
    }
    .flow(rd, &blocks, common)
}
