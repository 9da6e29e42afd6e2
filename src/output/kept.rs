//! The files of a build kept in memory (`niemyet serve`), with what the checks and the search
//! index learnt of each, so that the next build renders again only what changed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::inspect::{count_links, uncount_links, FileFacts, LinkCounts};
use super::Output;

/// What a build in memory leaves for the next one (`niemyet serve`): every file, with what
/// the checks and the search index learnt of it when it was put, so that the next build can
/// keep the files it does not render again.
#[derive(Debug, Default, Clone)]
pub struct Kept {
    files: HashMap<String, KeptFile>,
    counts: LinkCounts,
}

/// A kept file, with what was learnt of it when it was put, so that it need not be read again.
#[derive(Debug, Clone)]
pub(super) struct KeptFile {
    bytes: Arc<Vec<u8>>,
    producer: PathBuf,
    pub(super) facts: Option<Arc<FileFacts>>,
    pub(super) marked: Option<bool>,
}

impl Kept {
    /// Every file by output path.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<Vec<u8>>)> {
        self.files.iter().map(|(p, f)| (p, &f.bytes))
    }

    /// The file at output path `path`.
    pub fn get(&self, path: &str) -> Option<&Arc<Vec<u8>>> {
        self.files.get(path).map(|f| &f.bytes)
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Moves the files `take` says yes to into a `Kept` of their own.
    pub fn split_off(&mut self, mut take: impl FnMut(&str) -> bool) -> Kept {
        let paths: Vec<String> = self.files.keys().filter(|p| take(p)).cloned().collect();
        let mut taken = Kept::default();
        for path in paths {
            if let Some(file) = self.files.remove(&path) {
                if let Some(facts) = &file.facts {
                    uncount_links(&mut self.counts, facts);
                    count_links(&mut taken.counts, facts);
                }
                taken.files.insert(path, file);
            }
        }
        taken
    }

    /// Drops the files `drop` says yes to: they will be rendered again.
    pub fn release(&mut self, mut drop: impl FnMut(&str) -> bool) {
        let counts = &mut self.counts;
        self.files.retain(|path, file| {
            let gone = drop(path);
            if let (true, Some(facts)) = (gone, &file.facts) {
                uncount_links(counts, facts);
            }
            !gone
        });
    }
}

impl Output {
    /// Keeps every file put in memory, for `take_files` (the preview server).
    pub fn in_memory() -> Self {
        let mut out = Output::dry();
        out.memory = Some(Mutex::default());
        out
    }

    /// Keeps every file put in memory, starting from the files of a previous build
    /// (`niemyet serve`); their paths are claimed as if put again.
    pub fn in_memory_keeping(kept: Kept) -> Self {
        let mut out = Output::dry();
        out.claimed = Mutex::new(
            kept.files
                .iter()
                .map(|(p, f)| (p.clone(), f.producer.clone()))
                .collect(),
        );
        out.memory = Some(Mutex::new(
            kept.files
                .iter()
                .map(|(p, f)| (p.clone(), f.bytes.clone()))
                .collect(),
        ));
        out.kept = kept.files;
        out.kept_counts = kept.counts;
        out
    }

    /// Puts files kept from a previous build back as they were, once the checks have run.
    pub fn restore(&mut self, kept: Kept) {
        let (Ok(claimed), Some(Ok(memory))) = (
            self.claimed.get_mut(),
            self.memory.as_mut().map(|m| m.get_mut()),
        ) else {
            return;
        };
        for (path, file) in kept.files {
            if claimed.contains_key(&path) {
                continue;
            }
            claimed.insert(path.clone(), file.producer.clone());
            memory.insert(path.clone(), file.bytes.clone());
            self.kept.insert(path, file);
        }
    }

    /// The files kept in memory, with what was learnt of them, for the next build.
    pub fn into_kept(mut self) -> Kept {
        let producers = std::mem::take(self.claimed.get_mut().unwrap_or_else(|e| e.into_inner()));
        let memory = self
            .memory
            .take()
            .and_then(|m| m.into_inner().ok())
            .unwrap_or_default();
        // Without an inspector or a search list, what was learnt of the kept files stays.
        let (mut facts, counts) = match self.inspector.take() {
            Some(i) => {
                let (facts, counts) = i.into_facts();
                (Some(facts), counts)
            }
            None => (None, std::mem::take(&mut self.kept_counts)),
        };
        let mut marked = self.searchable.take().and_then(|m| m.into_inner().ok());
        let mut kept = std::mem::take(&mut self.kept);
        let files = memory
            .into_iter()
            .map(|(path, bytes)| {
                let earlier = kept.remove(&path);
                let file = KeptFile {
                    producer: producers.get(&path).cloned().unwrap_or_default(),
                    facts: match &mut facts {
                        Some(f) => f.remove(&path),
                        None => earlier.as_ref().and_then(|e| e.facts.clone()),
                    },
                    marked: match &mut marked {
                        Some(m) => m.remove(&path),
                        None => earlier.and_then(|e| e.marked),
                    },
                    bytes,
                };
                (path, file)
            })
            .collect();
        Kept { files, counts }
    }
}
