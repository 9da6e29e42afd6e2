//! How much of a poster goes on each sheet: the blocks a poster flows from sheet to sheet, their
//! heights, and the packing that leaves room for the header and footer every sheet prints.

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
    /// A document to bring (drawn with a box to tick).
    Document { text: String },
    /// A numbered step.
    Step { number: usize, text: String },
    /// Documents next to each other on a sheet, printed as one list.
    Documents { texts: Vec<String> },
    /// Steps next to each other on a sheet, printed as one numbered list.
    Steps { start: usize, texts: Vec<String> },
}

/// A sheet's blocks with runs of documents and of steps made into lists.
fn grouped(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        match (out.last_mut(), b) {
            (Some(Block::Documents { texts }), Block::Document { text }) => texts.push(text),
            (Some(Block::Steps { texts, .. }), Block::Step { text, .. }) => texts.push(text),
            (_, Block::Document { text }) => out.push(Block::Documents { texts: vec![text] }),
            (_, Block::Step { number, text }) => out.push(Block::Steps {
                start: number,
                texts: vec![text],
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
pub(super) fn fit(pack: impl Fn(usize) -> Vec<Vec<usize>>) -> Vec<Vec<usize>> {
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
    let heights: Vec<f64> = blocks.iter().map(|b| block_height(b, w, s)).collect();
    let keep: Vec<bool> = blocks
        .iter()
        .map(|b| matches!(b, Block::Heading { .. }))
        .collect();
    fit(|guess| layout::pack(&heights, |_| room(guess), &keep))
        .into_iter()
        .enumerate()
        .map(|(n, idx)| Sheet {
            number: n + 1,
            blocks: grouped(idx.into_iter().map(|i| blocks[i].clone()).collect()),
            ..Sheet::default()
        })
        .collect()
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
        Block::Document { text } => {
            text_height(text, w - gap::INDENT, s.body, false).max(line_height(s.body)) + gap::ENTRY
        }
        Block::Step { text, .. } => text_height(text, w - gap::INDENT, s.body, false) + gap::ENTRY,
        // Made only after packing.
        Block::Documents { .. } | Block::Steps { .. } => 0.0,
    }
}
