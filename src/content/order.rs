//! The order of a section's pages (Zola's `sort_by`), titles in Vietnamese alphabetical order.

use std::cmp::Ordering;

use super::section::SortBy;
use super::Page;
use crate::vietnamese::collation_key;

/// Orders a section's pages; pages lacking the sort key go last, in path order.
pub(crate) fn sort_pages(pages: &[Page], mut list: Vec<usize>, by: SortBy) -> Vec<usize> {
    let path_cmp = |a: &usize, b: &usize| pages[*a].file.relative.cmp(&pages[*b].file.relative);
    fn opt_cmp<T: Ord>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) if desc => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    if by == SortBy::Title {
        // A collation key costs more than a comparison: build each once, not per comparison.
        let mut keyed: Vec<(Option<_>, usize)> = list
            .into_iter()
            .map(|i| (pages[i].meta.title.as_deref().map(collation_key), i))
            .collect();
        keyed.sort_by(|(ka, a), (kb, b)| {
            opt_cmp(ka.as_ref(), kb.as_ref(), false).then_with(|| path_cmp(a, b))
        });
        return keyed.into_iter().map(|(_, i)| i).collect();
    }
    list.sort_by(|a, b| {
        let (pa, pb) = (&pages[*a], &pages[*b]);
        let primary = match by {
            SortBy::Date => opt_cmp(pa.meta.date.as_ref(), pb.meta.date.as_ref(), true),
            SortBy::UpdateDate => opt_cmp(
                pa.meta.updated.as_ref().or(pa.meta.date.as_ref()),
                pb.meta.updated.as_ref().or(pb.meta.date.as_ref()),
                true,
            ),
            SortBy::Title => unreachable!("sorted by cached keys above"),
            SortBy::Weight => opt_cmp(pa.meta.weight, pb.meta.weight, false),
            SortBy::Slug => pa.slug.cmp(&pb.slug),
            SortBy::None => Ordering::Equal,
        };
        primary.then_with(|| path_cmp(a, b))
    });
    list
}
