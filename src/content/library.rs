//! Resolving loaded content into a site: URL paths, the section tree, page order, drafts.

use std::collections::{BTreeMap, HashMap};

use super::attachments::{assign_assets, load_documents};
use super::order::sort_pages;
use super::paths::{normalize_url_path, path_error, short_path, slugify_component};
use super::section::SortBy;
use super::{FileInfo, Loaded, Page, Section};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::KeyPositions;
use crate::procedure::read as procedure;
use crate::procedure::record;

/// A content file by its content-relative path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Index into `Library::pages`.
    Page(usize),
    /// Index into `Library::sections`.
    Section(usize),
}

/// All pages and sections of the site, resolved and linked together.
#[derive(Debug, Default)]
pub struct Library {
    /// Pages, sorted by relative path.
    pub pages: Vec<Page>,
    /// Sections, sorted by relative path; the root section is always present.
    pub sections: Vec<Section>,
    /// Lookup by content-relative path ("tin-tuc/a.md", "_index.md").
    pub by_relative: HashMap<String, Entry>,
}

impl Library {
    /// Builds the site tree from loaded files. Drafts are dropped unless `drafts` is set.
    pub fn resolve(loaded: Loaded, config: &Config, drafts: bool) -> (Library, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let Loaded {
            mut pages,
            mut sections,
            assets,
            ..
        } = loaded;
        // Bundles of every page, drafts included, so a draft's files are not reported as strays.
        let all_bundles: Vec<String> = pages.iter().filter_map(|p| p.bundle_dir()).collect();

        if !drafts {
            let draft_dirs: Vec<String> = sections
                .iter()
                .filter(|s| s.meta.draft)
                .map(|s| s.file.dir.clone())
                .collect();
            let under_draft = |dir: &str| {
                draft_dirs
                    .iter()
                    .any(|d| d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
            };
            sections.retain(|s| !under_draft(&s.file.dir));
            pages.retain(|p| !p.meta.draft && !under_draft(&p.file.dir));
        }
        if !sections.iter().any(|s| s.file.relative == "_index.md") {
            sections.push(root_section());
        }
        sections.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));
        pages.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));

        let section_by_dir: HashMap<String, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.file.dir.clone(), i))
            .collect();
        let nearest_section = |dirs: &[String]| -> Option<usize> {
            (0..=dirs.len())
                .rev()
                .find_map(|n| section_by_dir.get(&dirs[..n].join("/")).copied())
        };

        for s in sections.iter_mut() {
            let comps: Vec<String> = s
                .file
                .components
                .iter()
                .map(|c| slugify_component(c))
                .collect();
            let path = if comps.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", comps.join("/"))
            };
            let parent = match s.file.components.split_last() {
                None => None,
                Some((_, above)) => nearest_section(above),
            };
            s.permalink = config.make_permalink(&path);
            s.components = comps;
            s.path = path;
            s.parent = parent;
        }
        for i in 0..sections.len() {
            sections[i].ancestors = ancestors(&sections, sections[i].parent);
        }

        for p in pages.iter_mut() {
            p.parent = section_by_dir.get(&p.file.components.join("/")).copied();
            let search_from = p.parent.or_else(|| nearest_section(&p.file.components));
            p.ancestors = ancestors(&sections, search_from);
            let path = match &p.meta.path {
                Some(raw) => match normalize_url_path(raw) {
                    Ok(path) => path,
                    Err(why) => {
                        diags.push(path_error(&p.file, &p.positions, "path", raw, &why));
                        continue;
                    }
                },
                None => {
                    let slug = slug::slugify(&p.slug);
                    if slug.is_empty() {
                        diags.push(path_error(
                            &p.file,
                            &p.positions,
                            "slug",
                            &p.slug,
                            "không còn ký tự nào dùng được sau khi bỏ dấu và ký tự đặc biệt",
                        ));
                        continue;
                    }
                    p.slug = slug;
                    let mut comps: Vec<String> = p
                        .file
                        .components
                        .iter()
                        .map(|c| slugify_component(c))
                        .collect();
                    comps.push(p.slug.clone());
                    format!("/{}/", comps.join("/"))
                }
            };
            p.components = path
                .split('/')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            p.permalink = config.make_permalink(&path);
            p.path = path;
            if let Some(code) = p.meta.procedure.as_ref().map(|r| r.code.clone()) {
                if record::is_valid_code(&code) {
                    let short = short_path(&code);
                    if !p.meta.aliases.contains(&short) {
                        p.meta.aliases.push(short.clone());
                    }
                    p.qr_url = Some(config.make_permalink(&short));
                }
            }
            for alias in &p.meta.aliases {
                if let Err(why) = normalize_url_path(alias) {
                    diags.push(path_error(&p.file, &p.positions, "aliases", alias, &why));
                }
            }
        }
        for s in &sections {
            for alias in &s.meta.aliases {
                if let Err(why) = normalize_url_path(alias) {
                    diags.push(path_error(&s.file, &s.positions, "aliases", alias, &why));
                }
            }
        }

        // Pages join their own section, and every transparent section passes them upwards.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
        for (pi, p) in pages.iter().enumerate() {
            let mut at = p.parent;
            while let Some(si) = at {
                members[si].push(pi);
                at = if sections[si].meta.transparent {
                    sections[si].parent
                } else {
                    None
                };
            }
        }
        for (si, list) in members.into_iter().enumerate() {
            let sorted = sort_pages(&pages, list, sections[si].meta.sort_by);
            sections[si].pages = sorted;
        }
        for (si, section) in sections.iter().enumerate() {
            let own: Vec<usize> = section
                .pages
                .iter()
                .copied()
                .filter(|&pi| pages[pi].parent == Some(si))
                .collect();
            let newest_first = matches!(section.meta.sort_by, SortBy::Date | SortBy::UpdateDate);
            for (k, &pi) in own.iter().enumerate() {
                let prev = k.checked_sub(1).map(|j| own[j]);
                let next = own.get(k + 1).copied();
                let (lower, higher) = if newest_first {
                    (next, prev)
                } else {
                    (prev, next)
                };
                pages[pi].lower = lower;
                pages[pi].higher = higher;
            }
        }
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, s) in sections.iter().enumerate() {
            if let Some(p) = s.parent {
                children.entry(p).or_default().push(i);
            }
        }
        for (parent, mut kids) in children {
            kids.sort_by(|&a, &b| {
                sections[a]
                    .meta
                    .weight
                    .cmp(&sections[b].meta.weight)
                    .then_with(|| sections[a].file.relative.cmp(&sections[b].file.relative))
            });
            sections[parent].subsections = kids;
        }

        diags.extend(procedure::duplicate_codes(pages.iter().filter_map(|p| {
            let r = p.meta.procedure.as_ref()?;
            let pos = p.positions.get(crate::procedure::keys::CODE.front).copied();
            Some((p.file.display.as_path(), pos, r.code.as_str()))
        })));
        diags.extend(procedure::replacements(pages.iter().filter_map(|p| {
            let r = p.meta.procedure.as_deref()?;
            let pos = p.positions.get(crate::procedure::keys::REPLACED_BY.front);
            Some((p.file.display.as_path(), pos.copied(), r))
        })));

        diags.extend(assign_assets(
            assets,
            &mut pages,
            &mut sections,
            &all_bundles,
        ));

        diags.extend(load_documents(&mut pages));

        let mut by_relative = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            by_relative.insert(p.file.relative.clone(), Entry::Page(i));
        }
        for (i, s) in sections.iter().enumerate() {
            by_relative.insert(s.file.relative.clone(), Entry::Section(i));
        }
        (
            Library {
                pages,
                sections,
                by_relative,
            },
            diags,
        )
    }

    /// Index of the root section (`_index.md`).
    pub fn root(&self) -> usize {
        match self.by_relative.get("_index.md") {
            Some(Entry::Section(i)) => *i,
            _ => 0,
        }
    }
}

fn root_section() -> Section {
    let file = FileInfo {
        path: "content/_index.md".into(),
        relative: "_index.md".into(),
        display: "content/_index.md".into(),
        components: Vec::new(),
        name: "_index".into(),
        dir: String::new(),
    };
    let meta = super::section::SectionMeta {
        render: true,
        paginate_path: "page".into(),
        extra: serde_json::Value::Object(Default::default()),
        ..Default::default()
    };
    Section {
        file,
        meta,
        raw_content: String::new(),
        body_line: 1,
        positions: KeyPositions::new(),
        assets: Vec::new(),
        path: String::new(),
        components: Vec::new(),
        permalink: String::new(),
        parent: None,
        ancestors: Vec::new(),
        pages: Vec::new(),
        subsections: Vec::new(),
        content: String::new(),
        toc: Vec::new(),
        word_count: 0,
        reading_time: 0,
    }
}

fn ancestors(sections: &[Section], mut at: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(i) = at {
        out.push(sections[i].file.relative.clone());
        at = sections[i].parent;
    }
    out.reverse();
    out
}
