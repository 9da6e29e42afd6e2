//! How much of a poster goes on each sheet: the blocks a poster flows from sheet to sheet, their
//! heights, and the packing that leaves room for the header and footer every sheet prints. A
//! document or step too long for any sheet (the national database has documents of a whole
//! page and more) is cut at a space and continues on the next sheet.

use std::collections::VecDeque;

use serde::Serialize;

use super::field::Item;
use super::layout::{self, gap, line_height, text_height, Paper, Scale};
use super::{Common, Draft, Line, Poster};
use crate::render::RenderData;

/// A QR code with its caption: a cell of the posting board, a code on the online poster.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Cell {
    pub(super) name: String,
    pub(super) note: String,
    pub(super) qr_url: String,
}

/// A block of a poster that flows from sheet to sheet.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Block {
    /// The large QR code with the facts beside it.
    Intro {
        qr_url: String,
        caption: String,
        facts: Vec<Line>,
    },
    /// A row of QR codes with captions.
    Codes { cells: Vec<Cell> },
    /// A heading.
    Heading { text: String },
    /// A document to bring (drawn with a box to tick); `continued` when it is the rest of a
    /// document cut at the end of the sheet before.
    Document { text: String, continued: bool },
    /// A numbered step; `continued` as for a document.
    Step {
        number: usize,
        text: String,
        continued: bool,
    },
    /// Documents next to each other on a sheet, printed as one list; `continued` when the
    /// first is the rest of one begun on the sheet before (printed without its box).
    Documents { texts: Vec<String>, continued: bool },
    /// Steps next to each other on a sheet, printed as one numbered list; `continued` when the
    /// first is the rest of one begun on the sheet before (printed without its number).
    Steps {
        start: usize,
        texts: Vec<String>,
        continued: bool,
    },
}

/// What the rest of a cut document or step starts with, on the next sheet.
const CONTINUED: &str = "(tiếp)";

/// The text of a document or step as printed, the mark of a continued one included.
fn printed(text: &str, continued: bool) -> String {
    if continued {
        format!("{CONTINUED} {text}")
    } else {
        text.to_string()
    }
}

/// A sheet's blocks with runs of documents and of steps made into lists.
fn grouped(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        match (out.last_mut(), b) {
            // Only the first block of a sheet is ever a continued one.
            (Some(Block::Documents { texts, .. }), Block::Document { text, .. }) => {
                texts.push(text)
            }
            (Some(Block::Steps { texts, .. }), Block::Step { text, .. }) => texts.push(text),
            (_, Block::Document { text, continued }) => out.push(Block::Documents {
                texts: vec![printed(&text, continued)],
                continued,
            }),
            (
                _,
                Block::Step {
                    number,
                    text,
                    continued,
                },
            ) => out.push(Block::Steps {
                start: number,
                texts: vec![printed(&text, continued)],
                continued,
            }),
            (_, other) => out.push(other),
        }
    }
    out
}

/// One sheet of paper.
#[derive(Debug, Clone, Serialize, Default)]
pub(super) struct Sheet {
    pub(super) number: usize,
    pub(super) items: Vec<Item>,
    pub(super) cells: Vec<Cell>,
    pub(super) blocks: Vec<Block>,
}

/// Heights of the parts every sheet of a poster has, and the room left for its body.
pub(super) fn room(
    paper: Paper,
    title: &str,
    subtitle: &str,
    common: &Common,
    sheets_guess: usize,
) -> f64 {
    let s = layout::scale(paper);
    let w = paper.inner_width();
    let head = text_height(title, w, s.title, true)
        + text_height(subtitle, w, s.body, false)
        + gap::HEADER_PAD
        + gap::HEADER_RULE
        + gap::HEADER;
    let foot_size = layout::foot_size(s);
    let mut foot = gap::FOOTER + 0.3;
    for l in &common.contact {
        foot += text_height(&l.text(), w, foot_size, true);
    }
    let last = format!("{} · Tờ {sheets_guess}/{sheets_guess}", common.printed);
    foot += text_height(&last, w, foot_size, false);
    paper.inner_height() - head - foot - gap::RESERVE
}

/// Packs with the footer's sheet count guessed, until the guess holds ("Tờ 10/10" may take
/// more room than "Tờ 1/1").
pub(super) fn fit<T>(pack: impl Fn(usize) -> Vec<Vec<T>>) -> Vec<Vec<T>> {
    let mut guess = 1;
    loop {
        let sheets = pack(guess);
        if sheets.len() <= guess || guess > 999 {
            return sheets;
        }
        guess = sheets.len();
    }
}

/// Sheets of `things`, `columns` to a row across the sheet, each row as tall as its tallest
/// thing (`height` of a thing in a column so wide), the footer's sheet count found by [`fit`];
/// `sheet` puts a sheet's things on it.
pub(super) fn in_rows<T: Clone>(
    things: &[T],
    paper: Paper,
    columns: usize,
    height: impl Fn(&T, f64) -> f64,
    room: impl Fn(usize) -> f64,
    sheet: impl Fn(Vec<T>) -> Sheet,
) -> Vec<Sheet> {
    let col_w = (paper.inner_width() - gap::COLUMN * (columns as f64 - 1.0)) / columns as f64;
    let rows: Vec<&[T]> = things.chunks(columns).collect();
    let heights: Vec<f64> = rows
        .iter()
        .map(|row| row.iter().map(|t| height(t, col_w)).fold(0.0, f64::max))
        .collect();
    fit(|guess| layout::pack(&heights, |_| room(guess), &[]))
        .into_iter()
        .enumerate()
        .map(|(n, rows_of_sheet)| Sheet {
            number: n + 1,
            ..sheet(
                rows_of_sheet
                    .into_iter()
                    .flat_map(|r| rows[r].iter().cloned())
                    .collect(),
            )
        })
        .collect()
}

impl Draft {
    /// The poster with `blocks` flowing from sheet to sheet.
    pub(super) fn flow(self, rd: &RenderData<'_>, blocks: &[Block], common: &Common) -> Poster {
        let sheets = block_sheets(blocks, self.paper, |guess| {
            room(self.paper, &self.title, &self.subtitle, common, guess)
        });
        self.finish(rd, sheets, common)
    }
}

/// Sheets of flowing `blocks`, as wide as the sheet, the footer's sheet count found by [`fit`].
fn block_sheets(blocks: &[Block], paper: Paper, room: impl Fn(usize) -> f64) -> Vec<Sheet> {
    let s = layout::scale(paper);
    let w = paper.inner_width();
    fit(|guess| flow_pack(blocks, room(guess), w, s))
        .into_iter()
        .enumerate()
        .map(|(n, blocks)| Sheet {
            number: n + 1,
            blocks: grouped(blocks),
            ..Sheet::default()
        })
        .collect()
}

/// Packs `blocks` `w` mm wide into sheets whose body holds `room` mm, in order, as
/// [`layout::pack`] does (a heading moves with the block after it), except that a document or
/// step taller than a whole sheet is cut to fill the sheet it starts on and continues on the
/// next ones. Any other block that fits on no sheet gets one of its own.
fn flow_pack(blocks: &[Block], room: f64, w: f64, s: Scale) -> Vec<Vec<Block>> {
    let height = |b: &Block| block_height(b, w, s);
    let mut sheets: Vec<Vec<Block>> = vec![Vec::new()];
    let mut used = 0.0;
    let mut queue: VecDeque<Block> = blocks.iter().cloned().collect();
    while let Some(first) = queue.pop_front() {
        let mut group = vec![first];
        while matches!(group.last(), Some(Block::Heading { .. })) {
            match queue.pop_front() {
                Some(b) => group.push(b),
                None => break,
            }
        }
        let last_h = group.last().map_or(0.0, height);
        let total: f64 = group.iter().map(height).sum();
        let empty = sheets.last().is_some_and(Vec::is_empty);
        if used + total <= room {
            used += total;
            sheets.last_mut().expect("a sheet").extend(group);
            continue;
        }
        if last_h > room {
            // Too long for any sheet: what fits here stays here, the rest goes on.
            let before = total - last_h;
            let cut = group
                .last()
                .and_then(|b| split(b, room - used - before, w, s));
            if let Some((head, rest)) = cut {
                group.pop();
                group.push(head);
                sheets.last_mut().expect("a sheet").extend(group);
                sheets.push(Vec::new());
                used = 0.0;
                queue.push_front(rest);
                continue;
            }
        }
        if empty {
            // Nothing else is on this sheet and it still does not fit: give it the sheet.
            sheets.last_mut().expect("a sheet").extend(group);
            sheets.push(Vec::new());
            used = 0.0;
        } else {
            sheets.push(Vec::new());
            used = 0.0;
            for b in group.into_iter().rev() {
                queue.push_front(b);
            }
        }
    }
    if sheets.len() > 1 && sheets.last().is_some_and(Vec::is_empty) {
        sheets.pop();
    }
    sheets
}

/// A document or step cut at a space into what fits in `room` mm (at least two lines) and the
/// rest, which continues on the next sheet; `None` for other blocks, or when less fits.
fn split(b: &Block, room: f64, w: f64, s: Scale) -> Option<(Block, Block)> {
    let (text, continued) = match b {
        Block::Document { text, continued }
        | Block::Step {
            text, continued, ..
        } => (text, *continued),
        _ => return None,
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let part = |k: usize| retext(b, words[..k].join(" "), continued);
    // The most words that fit: heights only grow with words.
    let (mut lo, mut hi) = (0, words.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if block_height(&part(mid), w, s) <= room {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let head = part(lo);
    let two_lines = 2.0 * line_height(s.body) + gap::ENTRY;
    if lo == 0 || lo == words.len() || block_height(&head, w, s) < two_lines - 0.01 {
        return None;
    }
    Some((head, retext(b, words[lo..].join(" "), true)))
}

/// The document or step `b` with another text.
fn retext(b: &Block, text: String, continued: bool) -> Block {
    match b {
        Block::Step { number, .. } => Block::Step {
            number: *number,
            text,
            continued,
        },
        _ => Block::Document { text, continued },
    }
}

/// The height of a block `w` mm wide.
fn block_height(b: &Block, w: f64, s: Scale) -> f64 {
    match b {
        Block::Intro { caption, facts, .. } => {
            let left = s.qr_large + 1.5 + text_height(caption, s.qr_large, s.body, false);
            let right_w = w - s.qr_large - gap::BESIDE;
            let right: f64 = facts
                .iter()
                .map(|f| text_height(&f.text(), right_w, s.body, true) + gap::ENTRY)
                .sum();
            left.max(right) + gap::ENTRY
        }
        Block::Codes { cells } => {
            let n = cells.len().max(1) as f64;
            let cell_w = (w - gap::COLUMN * (n - 1.0)) / n;
            let captions = cells
                .iter()
                .map(|c| {
                    text_height(&c.name, cell_w, s.body, true)
                        + text_height(&c.note, cell_w, s.body, false)
                })
                .fold(0.0, f64::max);
            s.qr + 1.5 + captions + gap::ENTRY
        }
        Block::Heading { text } => {
            gap::HEADING_TOP + text_height(text, w, s.heading, true) + gap::HEADING_BOTTOM
        }
        Block::Document { text, continued } => {
            let text = printed(text, *continued);
            text_height(&text, w - gap::INDENT, s.body, false).max(line_height(s.body)) + gap::ENTRY
        }
        Block::Step {
            text, continued, ..
        } => text_height(&printed(text, *continued), w - gap::INDENT, s.body, false) + gap::ENTRY,
        // Made only after packing.
        Block::Documents { .. } | Block::Steps { .. } => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::posters::layout::{A4, SCALE_A4};

    fn document(text: &str) -> Block {
        Block::Document {
            text: text.to_string(),
            continued: false,
        }
    }

    fn text_of(b: &Block) -> (&str, bool) {
        match b {
            Block::Document { text, continued }
            | Block::Step {
                text, continued, ..
            } => (text, *continued),
            _ => ("", false),
        }
    }

    #[test]
    fn blocks_that_fit_are_packed_as_before() {
        let w = A4.inner_width();
        let blocks: Vec<Block> = (0..30)
            .map(|i| {
                if i % 7 == 0 {
                    Block::Heading {
                        text: format!("Phần {i}"),
                    }
                } else {
                    document(&"Giấy tờ có tên vừa phải, hai ba dòng là hết. ".repeat(i % 4 + 1))
                }
            })
            .collect();
        let heights: Vec<f64> = blocks
            .iter()
            .map(|b| block_height(b, w, SCALE_A4))
            .collect();
        let keep: Vec<bool> = blocks
            .iter()
            .map(|b| matches!(b, Block::Heading { .. }))
            .collect();
        let expected = layout::pack(&heights, |_| 120.0, &keep);
        let got = flow_pack(&blocks, 120.0, w, SCALE_A4);
        assert_eq!(
            got.iter().map(Vec::len).collect::<Vec<_>>(),
            expected.iter().map(Vec::len).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_document_taller_than_a_sheet_continues_on_the_next_sheets() {
        let w = A4.inner_width();
        let room = 100.0;
        let long = (0..800)
            .map(|i| format!("từ{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let blocks = vec![
            document("Đơn đề nghị"),
            Block::Heading {
                text: "Các giấy tờ khác".into(),
            },
            document(&long),
            document("Bản sao giấy tờ tùy thân"),
        ];
        let sheets = flow_pack(&blocks, room, w, SCALE_A4);
        assert!(sheets.len() >= 3, "{}", sheets.len());
        for (n, sheet) in sheets.iter().enumerate() {
            let h: f64 = sheet.iter().map(|b| block_height(b, w, SCALE_A4)).sum();
            assert!(h <= room, "sheet {n}: {h} mm");
        }
        // The heading stays with the start of the document, on the first sheet.
        assert!(matches!(sheets[0][1], Block::Heading { .. }));
        // Cut at spaces, in order, nothing lost; only the parts after the first are marked.
        let mut parts: Vec<(&str, bool)> = sheets.iter().flatten().skip(2).map(text_of).collect();
        assert_eq!(parts.pop(), Some(("Bản sao giấy tờ tùy thân", false)));
        let joined: Vec<&str> = parts.iter().map(|p| p.0).collect();
        assert_eq!(joined.join(" "), long);
        assert!(!parts[0].1 && parts[1..].iter().all(|p| p.1));
        // Each later part starts its sheet, printed without a box and marked as continued.
        let second = grouped(sheets[1].clone());
        match &second[0] {
            Block::Documents { texts, continued } => {
                assert!(*continued);
                assert!(texts[0].starts_with("(tiếp) từ"), "{}", texts[0]);
            }
            other => panic!("{other:?}"),
        }
    }
}
