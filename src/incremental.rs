//! A site kept in memory between builds, for `niemyet serve`. After an edit to content only
//! what the edit can reach is read, rendered and checked again, and the result is the same as
//! a full build's: templates and configuration are kept until one of their files changes;
//! content files are parsed again only when changed, markdown rendered again only when its
//! inputs changed; and a page, section or alias is rendered again only when something it read
//! (noted by [`crate::templates::deps`]) changed. Outputs that list everything (feeds, sitemap,
//! taxonomies, posters…) are rendered every time. Anything that moves pages around (a file
//! added or removed, an address, an alias, a section's settings) renders everything.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::Library;
use crate::diagnostics::Diagnostics;
use crate::output::{Kept, Output};
use crate::render::{self, Job, JobRecord, Plan, Prepared, Recall, Tracker};
use crate::site::{self, BuildOptions, Caches, Env, Timings};
use crate::templates::deps::Reads;

/// What changed since the last build.
#[derive(Debug, Clone)]
pub enum Change {
    /// Anything, or something outside `content/`: read everything again.
    Everything,
    /// These files under `content/`.
    Content(Vec<PathBuf>),
}

/// A site built in memory, ready to be built again after a change.
pub struct Session {
    opts: BuildOptions,
    env: Option<(Env, Diagnostics)>,
    caches: Caches,
    last: Option<Last>,
    /// What the last build replaced, to free once its pages are served.
    garbage: Vec<Last>,
    /// Renders of outputs that list everything.
    memo: render::Memo,
    /// Whether the last build's search index is still to be made.
    search_pending: bool,
    /// Whether the next build must render everything.
    full_next: bool,
}

/// The last good build.
struct Last {
    lib: Arc<Library>,
    prepared: Prepared,
    jobs: HashMap<Job, JobRecord>,
    copied: HashSet<String>,
    kept: Kept,
    /// The parse generation it was built from.
    generation: u64,
}

/// A search index to make from a build's files.
pub struct SearchJob {
    config: crate::config::Config,
    kept: Kept,
    generation: u64,
}

/// The files of a build with its new search index.
pub struct SearchDone {
    kept: Kept,
    generation: u64,
}

impl SearchJob {
    /// Indexes the pages and replaces the previous index's files.
    pub fn run(self) -> Result<SearchDone, Diagnostics> {
        let mut kept = self.kept;
        let index_dir = format!("{}/", render::search::BUNDLE_DIR);
        kept.release(|path| path.starts_with(&index_dir));
        let mut out = Output::in_memory_keeping(kept).with_search();
        render::search::write_index(&self.config, &mut out).map_err(|d| {
            let mut all = Diagnostics::new();
            all.push(d);
            all
        })?;
        Ok(SearchDone {
            kept: out.into_kept(),
            generation: self.generation,
        })
    }
}

/// What a build did.
#[derive(Debug)]
pub struct Report {
    /// Pages in the site.
    pub pages: usize,
    /// Sections in the site.
    pub sections: usize,
    /// Page, section and alias jobs rendered (every one on a full build).
    pub rendered_jobs: usize,
    /// Jobs in the site.
    pub jobs: usize,
    /// Whether everything was rendered.
    pub full: bool,
    /// Warnings.
    pub warnings: Diagnostics,
    /// Time of each phase.
    pub timings: Timings,
}

impl Session {
    /// A session for the site `opts` names; nothing is read until the first build.
    pub fn new(opts: BuildOptions) -> Self {
        Session {
            opts,
            env: None,
            caches: Caches::default(),
            last: None,
            garbage: Vec::new(),
            memo: render::Memo::default(),
            search_pending: false,
            full_next: true,
        }
    }

    /// The search index the last build left to make, if any, as a job that can run on
    /// another thread while the pages are served (the previous index meanwhile).
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let (Some(last), Some((env, _)), true) = (&self.last, &self.env, self.search_pending)
        else {
            return None;
        };
        self.search_pending = false;
        Some(SearchJob {
            config: env.config.clone(),
            kept: last.kept.clone(),
            generation: last.generation,
        })
    }

    /// Takes a finished search job's files, unless a newer build made them stale; `true`
    /// when the files changed.
    pub fn take_search(&mut self, done: SearchDone) -> bool {
        match &mut self.last {
            Some(last) if last.generation == done.generation => {
                last.kept = done.kept;
                true
            }
            _ => false,
        }
    }

    /// Makes the search index the last build left to make, here and now.
    pub fn index_search(&mut self) -> Result<bool, Diagnostics> {
        let Some(job) = self.search_job() else {
            return Ok(false);
        };
        Ok(self.take_search(job.run()?))
    }

    /// Frees what the last build replaced. Freeing a whole site's pages and values costs as
    /// much as a small rebuild: done after the pages are served, it does not delay them.
    pub fn free_replaced(&mut self) {
        self.garbage.clear();
    }

    /// The files of the last good build, by output path.
    pub fn files(&self) -> HashMap<String, Arc<Vec<u8>>> {
        self.last.as_ref().map_or_else(HashMap::new, |l| {
            l.kept
                .files()
                .map(|(p, b)| (p.clone(), b.clone()))
                .collect()
        })
    }

    /// Reads and renders everything at the next build; the last good one stays until then.
    fn forget_everything(&mut self) {
        self.memo = render::Memo::default();
        self.caches = Caches::default();
        self.env = None;
        self.full_next = true;
    }

    /// Builds again after `change`. On errors the last good build stays as it was.
    pub fn build(&mut self, change: &Change) -> Result<Report, Diagnostics> {
        // The day the site is built for moves on at midnight, in Vietnam: deadlines and
        // disclosure states with it.
        let new_day = self.opts.today.is_none()
            && self
                .env
                .as_ref()
                .is_some_and(|(e, _)| e.config.today != crate::disclosure::calendar::today());
        match change {
            _ if new_day => self.forget_everything(),
            Change::Everything => self.forget_everything(),
            Change::Content(paths) => {
                for p in paths {
                    self.caches.parsed.changed(p);
                }
                // Attachments and images are copied or read by pages and shortcodes (load_data):
                // their changes are not followed finely.
                if paths
                    .iter()
                    .any(|p| p.extension().is_none_or(|x| x != "md"))
                {
                    self.caches.markdown = Default::default();
                    self.full_next = true;
                }
            }
        }
        let mut timings = Timings::start();
        if self.env.is_none() {
            let (env, diags) = site::load_env(&self.opts);
            let Some(env) = env else {
                return Err(diags);
            };
            self.env = Some((env, diags));
        }
        timings.mark("đọc cấu hình và mẫu");
        let Some((env, env_diags)) = &mut self.env else {
            return Err(Diagnostics::new());
        };
        let mut diags = env_diags.clone();
        let generation = self.caches.parsed.next_generation();
        let (content, content_diags) =
            site::load_content(env, &self.opts, Some(&self.caches), &mut timings);
        diags.extend(content_diags.iter().cloned());
        let (Some(content), Some(templates)) = (content, env.templates.as_mut()) else {
            return Err(diags);
        };
        if diags.has_errors() {
            return Err(diags);
        }
        let config = &env.config;
        let lib = Arc::new(content.library);
        let edited = self
            .last
            .as_ref()
            .filter(|_| !self.full_next)
            .and_then(|last| {
                let parsed = self.caches.parsed.parsed_after(last.generation);
                edited_in_place(&last.lib, &lib, &parsed)
            });
        let prepared = render::prepare(
            config,
            &lib,
            &content.taxonomies,
            templates,
            &self.opts.root,
            env.theme.as_ref(),
            self.last
                .as_ref()
                .zip(edited.as_deref())
                .map(|(last, edited)| render::Reuse {
                    earlier: &last.prepared,
                    edited,
                }),
        );
        let affected = self
            .last
            .as_ref()
            .zip(edited)
            .and_then(|(last, edited)| Affected::find(last, &lib, &prepared, edited));
        timings.mark("so với lần dựng trước");

        let mut old_index = None;
        let mut out = match (&self.last, &affected) {
            (Some(last), Some(_)) => {
                let mut kept = last.kept.clone();
                let again: HashSet<&str> = last
                    .jobs
                    .values()
                    .filter(|r| affected.as_ref().is_some_and(|a| a.again(&r.job, Some(r))))
                    .flat_map(|r| r.paths.iter().map(String::as_str))
                    .collect();
                let by_jobs: HashSet<&str> = last
                    .jobs
                    .values()
                    .flat_map(|r| r.paths.iter().map(String::as_str))
                    .collect();
                // The search index of the last build serves until the new one is made.
                // The last index is served until the new one is made, but the checks must not
                // see it: a full build checks before indexing.
                let index_dir = format!("{}/", render::search::BUNDLE_DIR);
                if config.build_search_index {
                    old_index = Some(kept.split_off(|path| path.starts_with(&index_dir)));
                }
                kept.release(|path| {
                    again.contains(path) || !(by_jobs.contains(path) || last.copied.contains(path))
                });
                Output::in_memory_keeping(kept)
            }
            _ => Output::in_memory(),
        };
        out = out.with_inspector(crate::check::inspector(config, &lib));
        if config.build_search_index {
            out = out.with_search();
        }
        let tracker = Tracker::default();
        let again = |job: &Job| {
            let last = self.last.as_ref();
            affected
                .as_ref()
                .is_none_or(|a| a.again(job, last.and_then(|l| l.jobs.get(job))))
        };
        let touched = affected.as_ref().map(|a| move |r: &Reads| a.touches(r));
        self.memo.begin();
        let plan = if affected.is_some() {
            Plan::Again(&again)
        } else {
            Plan::Everything
        };
        let render_diags = render::render_prepared(
            config,
            &lib,
            &content.taxonomies,
            templates,
            &prepared,
            &out,
            plan,
            Some(&tracker),
            Some(Recall {
                memo: &self.memo,
                touched: touched.as_ref().map(|t| t as _),
            }),
        );
        diags.extend(render_diags);
        timings.mark("dựng trang");
        if diags.has_errors() {
            return Err(diags);
        }
        let findings = site::check_rules(&self.opts.root, config, &lib, &out);
        diags.extend(findings.iter().cloned());
        timings.mark("kiểm tra theo quy định");
        if diags.has_errors() {
            return Err(diags);
        }
        // After an edit the index is made once the pages are served (`index_search`): it
        // takes longer than the rest of the rebuild on a big site.
        self.search_pending = config.build_search_index && affected.is_some();
        if let Some(index) = old_index {
            out.restore(index);
        }
        if config.build_search_index && affected.is_none() {
            if let Err(d) = render::search::write_index(config, &mut out) {
                diags.push(d);
                return Err(diags);
            }
            timings.mark("chỉ mục tìm kiếm");
        }

        self.memo.finish();
        let new_jobs = tracker.jobs.into_inner().unwrap_or_default();
        let rendered_jobs = new_jobs.len();
        let (jobs, copied) = match (self.last.take(), affected.is_some()) {
            (Some(last), true) => {
                let mut last = last;
                let mut jobs = std::mem::take(&mut last.jobs);
                let copied = std::mem::take(&mut last.copied);
                self.garbage.push(last);
                for r in new_jobs {
                    jobs.insert(r.job.clone(), r);
                }
                (jobs, copied)
            }
            (last, _) => (
                {
                    self.garbage.extend(last);
                    new_jobs.into_iter().map(|r| (r.job.clone(), r)).collect()
                },
                tracker
                    .copied
                    .into_inner()
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
            ),
        };
        let report = Report {
            pages: lib.pages.len(),
            sections: lib.sections.len(),
            rendered_jobs,
            jobs: jobs.len(),
            full: affected.is_none(),
            warnings: diags,
            timings,
        };
        self.full_next = false;
        self.last = Some(Last {
            lib,
            prepared,
            jobs,
            copied,
            kept: out.into_kept(),
            generation,
        });
        Ok(report)
    }
}

/// Which pages were edited since the last build (`parsed` again), when no page moved: the
/// same pages and sections, addresses and aliases, and no section edited. `None` otherwise.
fn edited_in_place(old: &Library, lib: &Library, parsed: &HashSet<String>) -> Option<Vec<bool>> {
    let same_shape =
        old.pages.len() == lib.pages.len()
            && old.sections.len() == lib.sections.len()
            && old.sections.iter().zip(&lib.sections).all(|(a, b)| {
                a.file.relative == b.file.relative && !parsed.contains(&b.file.relative)
            })
            && old.pages.iter().zip(&lib.pages).all(|(a, b)| {
                a.file.relative == b.file.relative
                    && a.permalink == b.permalink
                    && a.meta.aliases == b.meta.aliases
                    // A procedure page also makes its QR page.
                    && a.meta.procedure.is_some() == b.meta.procedure.is_some()
            });
    same_shape.then(|| {
        lib.pages
            .iter()
            .map(|p| parsed.contains(&p.file.relative))
            .collect()
    })
}

/// What changed between the last build and this one, when nothing moved (same pages,
/// sections, addresses, aliases and taxonomy terms): which pages were edited and which of the
/// values templates read differ.
struct Affected {
    /// Pages whose file changed, by index.
    edited: Vec<bool>,
    /// Pages listed differently.
    listed: Vec<bool>,
    /// Pages with other neighbours.
    neighbours: Vec<bool>,
    /// Sections with other pages or order.
    section_pages: Vec<bool>,
    codes: bool,
    registers: bool,
    disclosures: bool,
}

impl Affected {
    /// Compares the new values with the last build's; `None` when a taxonomy term appeared
    /// or went (a page that appears or goes): then everything is rendered.
    fn find(
        last: &Last,
        lib: &Library,
        prepared: &Prepared,
        edited: Vec<bool>,
    ) -> Option<Affected> {
        let old = &last.lib;
        let (ov, nv) = (&last.prepared.values, &prepared.values);
        if !ov.same_taxonomies(nv) {
            return None;
        }
        let (od, nd) = (&last.prepared.data, &prepared.data);
        Some(Affected {
            listed: (0..lib.pages.len())
                .map(|i| edited[i] && !ov.same_listed(nv, i))
                .collect(),
            neighbours: old
                .pages
                .iter()
                .zip(&lib.pages)
                .map(|(a, b)| (a.lower, a.higher) != (b.lower, b.higher))
                .collect(),
            section_pages: old
                .sections
                .iter()
                .zip(&lib.sections)
                .map(|(a, b)| a.pages != b.pages)
                .collect(),
            edited,
            codes: od.procedures != nd.procedures,
            registers: od.registers != nd.registers,
            disclosures: od.disclosures != nd.disclosures,
        })
    }

    /// Whether `job` must be rendered again, given what it read last time.
    fn again(&self, job: &Job, last: Option<&JobRecord>) -> bool {
        if let Job::Page(i) = job {
            if self.edited[*i] {
                return true;
            }
        }
        last.is_none_or(|record| self.touches(&record.reads))
    }

    /// Whether a render that read `r` could come out differently now.
    fn touches(&self, r: &Reads) -> bool {
        let any = |set: &[usize], flags: &[bool]| set.iter().any(|&i| flags[i]);
        r.untracked
            || (r.codes && self.codes)
            || (r.registers && self.registers)
            || (r.disclosures && self.disclosures)
            || any(&r.listed, &self.listed)
            || any(&r.whole, &self.edited)
            || any(&r.neighbours, &self.neighbours)
            || any(&r.section_pages, &self.section_pages)
    }
}
