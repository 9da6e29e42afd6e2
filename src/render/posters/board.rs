//! The posting board (bảng niêm yết): one QR code per field, on A3, for the wall of the service
//! centre.

use super::field::Field;
use super::layout::{self, gap, text_height, A3};
use super::sheets::{in_rows, room, Cell, Sheet};
use super::{Common, Draft, Poster};
use crate::render::RenderData;

/// The posting board: one QR code per field, on A3.
pub(super) fn poster(rd: &RenderData<'_>, fields: &[Field<'_>], common: &Common) -> Poster {
    let paper = A3;
    let s = layout::scale(paper);
    let total: usize = fields.iter().map(|f| f.procedures.len()).sum();
    let mut cells: Vec<Cell> = Vec::new();
    // The catalogue the fields belong to, when there is one above them.
    let catalogue = fields
        .first()
        .and_then(|f| f.section.parent)
        .map(|i| &rd.lib.sections[i])
        .filter(|c| !c.components.is_empty());
    if let Some(c) = catalogue {
        cells.push(Cell {
            name: c
                .meta
                .title
                .clone()
                .unwrap_or_else(|| "Thủ tục hành chính".into()),
            note: format!("Toàn bộ danh mục: {total} thủ tục"),
            qr_url: c.permalink.clone(),
        });
    }
    for f in fields {
        cells.push(Cell {
            name: f.section.meta.title.clone().unwrap_or_default(),
            note: format!("{} thủ tục", f.procedures.len()),
            qr_url: f.section.permalink.clone(),
        });
    }
    let title = "Bảng niêm yết thủ tục hành chính".to_string();
    let subtitle = format!(
        "{} · {total} thủ tục · Quét mã QR của lĩnh vực cần làm để xem từng thủ tục",
        common.commune
    );
    const COLUMNS: usize = 3;
    let height = |c: &Cell, cell_w: f64| {
        layout::BOARD_QR
            + 1.5
            + text_height(&c.name, cell_w, s.heading, true)
            + text_height(&c.note, cell_w, s.body, false)
            + 2.0 * gap::ITEM_PAD
            + gap::ITEM_RULE
    };
    let room = |guess| room(paper, &title, &subtitle, common, guess);
    let sheets = in_rows(&cells, paper, COLUMNS, height, room, |cells| Sheet {
        cells,
        ..Sheet::default()
    });
    Draft {
        kind: "board",
        paper,
        title,
        subtitle,
        path: format!("/{}/bang-niem-yet/", common.base),
        source_url: catalogue
            .map_or_else(|| rd.config.make_permalink("/"), |c| c.permalink.clone()),
        count: total,
    }
    .finish(rd, sheets, common)
}
