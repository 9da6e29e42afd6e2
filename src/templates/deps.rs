//! What each render job read of the site, so that a rebuild in memory (`niemyet serve`)
//! renders again only the outputs a change can touch.
//!
//! Page values reach templates only through [`crate::templates::values::SiteValues`] and the
//! template functions; both note here what they hand out. A job runs on one thread from start
//! to end (nothing inside a page's render is parallel), so a thread-local list is exact.

use std::cell::RefCell;

/// The parts of the site one render job read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads {
    /// Pages read as lists hold them, by library index.
    pub listed: Vec<usize>,
    /// Pages read whole.
    pub whole: Vec<usize>,
    /// Pages whose neighbours (`lower`, `higher`) were read.
    pub neighbours: Vec<usize>,
    /// Sections whose list of pages was read.
    pub section_pages: Vec<usize>,
    /// The procedure codes (`get_procedure`).
    pub codes: bool,
    /// The document registers (`get_document_register`).
    pub registers: bool,
    /// The disclosure list (`get_disclosures`).
    pub disclosures: bool,
    /// Something not followed here, such as a file on disk: render it again every time.
    pub untracked: bool,
}

impl Reads {
    fn tidy(&mut self) {
        for v in [
            &mut self.listed,
            &mut self.whole,
            &mut self.neighbours,
            &mut self.section_pages,
        ] {
            v.sort_unstable();
            v.dedup();
        }
    }
}

thread_local! {
    static READS: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Notes a read, when the current thread is running a tracked job.
pub fn note(f: impl FnOnce(&mut Reads)) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            f(reads);
        }
    });
}

/// Runs `job`, returning what it read along with its result.
pub fn track<T>(job: impl FnOnce() -> T) -> (T, Reads) {
    let outer = READS.with(|r| r.borrow_mut().replace(Reads::default()));
    let result = job();
    let mut reads = READS
        .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
        .unwrap_or_default();
    reads.tidy();
    (result, reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_only_inside_a_tracked_job() {
        note(|r| r.listed.push(9));
        let ((), reads) = track(|| {
            note(|r| r.listed.push(3));
            note(|r| r.listed.push(1));
            note(|r| r.listed.push(3));
            let ((), inner) = track(|| note(|r| r.whole.push(2)));
            assert_eq!(inner.whole, [2]);
            note(|r| r.untracked = true);
        });
        assert_eq!(reads.listed, [1, 3]);
        assert!(reads.whole.is_empty(), "an inner job's reads stay its own");
        assert!(reads.untracked);
    }
}
