//! Rebuilds in memory (`niemyet serve`) after many kinds of edits: each result must be byte
//! for byte what a full `niemyet build` of the same files writes, while an edit to one page
//! renders only a few pages again.

use std::collections::BTreeMap;
use std::path::Path;

use niemyet::incremental::{Change, Report, Session};
use niemyet::BuildOptions;

use crate::common::*;

const BASE: &str = "http://127.0.0.1:1111";

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output_dir: None,
        base_url: Some(BASE.into()),
        drafts: false,
        today: Some(today()),
    }
}

/// What a full build writes for the same files, read back from its output folder.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        output_dir: Some(out.path().join("public")),
        ..options(root)
    };
    if let Err(d) = niemyet::build(&opts) {
        panic!("full build failed:\n{d}");
    }
    snapshot(&out.path().join("public"))
}

fn served(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files()
        .into_iter()
        .map(|(p, b)| (p, b.to_vec()))
        .collect()
}

/// Asserts that the session serves exactly what a full build writes.
fn assert_same(session: &Session, root: &Path, step: &str) {
    let full = full_build(root);
    let mine = served(session);
    let only_full: Vec<&String> = full.keys().filter(|k| !mine.contains_key(*k)).collect();
    let only_mine: Vec<&String> = mine.keys().filter(|k| !full.contains_key(*k)).collect();
    assert!(
        only_full.is_empty() && only_mine.is_empty(),
        "{step}: files only in the full build {only_full:?}, only in memory {only_mine:?}"
    );
    for (path, bytes) in &full {
        assert!(
            mine[path] == *bytes,
            "{step}: {path} differs from the full build"
        );
    }
}

/// Edits `rel` with `edit`, rebuilds as the server would, and compares with a full build.
fn step(
    session: &mut Session,
    root: &Path,
    rel: &str,
    edit: impl FnOnce(String) -> String,
) -> Report {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, edit(text)).unwrap();
    let change = if rel.starts_with("content/") {
        Change::Content(vec![path])
    } else {
        Change::Everything
    };
    let before: Vec<String> = session.files().into_keys().collect();
    let report = session
        .build(&change)
        .unwrap_or_else(|d| panic!("{rel}: rebuild failed:\n{d}"));
    // As the server does: pages first, then the search index, the old one served meanwhile.
    let index = |files: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = files
            .into_iter()
            .filter(|p| p.starts_with("pagefind/"))
            .collect();
        v.sort();
        v
    };
    if !report.full {
        assert_eq!(
            index(session.files().into_keys().collect()),
            index(before),
            "{rel}: the last index is served until the new one is made"
        );
    }
    session
        .index_search()
        .unwrap_or_else(|d| panic!("{rel}: search index failed:\n{d}"));
    assert_same(session, root, rel);
    report
}

fn demo_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes", "static", "data"] {
        copy_dir(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).unwrap();
    dir
}

#[test]
fn every_kind_of_edit_to_the_demo_gives_what_a_full_build_gives() {
    let site = demo_site();
    let root = site.path();
    let mut session = Session::new(options(root));
    let first = session.build(&Change::Everything).unwrap();
    assert!(first.full);
    assert_same(&session, root, "first build");

    // A news article's body: that page alone among the pages and sections.
    let news = "content/tin-tuc/hoi-nghi-phong-chong-thien-tai-2026.md";
    let r = step(&mut session, root, news, |t| {
        t.replace("Tham dự có", "Tham dự hội nghị có")
    });
    assert!(!r.full, "a body edit renders only what it reaches");
    assert!(
        r.rendered_jobs <= 3,
        "{} of {} jobs rendered again for a body edit",
        r.rendered_jobs,
        r.jobs
    );

    // Its title: lists showing it change too.
    let r = step(&mut session, root, news, |t| {
        t.replace(
            "title = \"Hội nghị triển khai",
            "title = \"Hội nghị sơ kết và triển khai",
        )
    });
    assert!(!r.full);
    assert!(r.rendered_jobs > 1 && r.rendered_jobs < r.jobs / 2);

    // Its date: the news section is ordered again, neighbours change.
    let r = step(&mut session, root, news, |t| {
        t.replace("date = 2026-03-18", "date = 2025-01-05")
    });
    assert!(!r.full);

    // A procedure: its page, its QR page, lists of procedures, posters.
    let procedure = "content/thu-tuc/ho-tich/1.001193.md";
    let r = step(&mut session, root, procedure, |t| {
        t.replace(
            "title = \"Thủ tục đăng ký khai sinh\"",
            "title = \"Thủ tục đăng ký khai sinh (sửa)\"",
        )
    });
    assert!(!r.full);
    step(&mut session, root, procedure, |t| {
        t.replace("status = \"dang-ap-dung\"", "status = \"bai-bo\"")
    });

    // A document in the register.
    step(
        &mut session,
        root,
        "content/van-ban/quyet-dinh-ho-ngheo-ho-can-ngheo-2026.md",
        |t| t.replace("87 hộ nghèo", "86 hộ nghèo"),
    );

    // A broken file fails and keeps the last good pages; fixing it builds what a full build does.
    let broken = root.join(news);
    let good = std::fs::read_to_string(&broken).unwrap();
    let before = served(&session);
    std::fs::write(
        &broken,
        good.replace("date = 2025-01-05", "date = 2025-13-05"),
    )
    .unwrap();
    assert!(session
        .build(&Change::Content(vec![broken.clone()]))
        .is_err());
    assert!(
        served(&session) == before,
        "a failed build keeps the last pages"
    );
    step(&mut session, root, news, |_| good.clone());

    // A link to a page that does not exist: the link check fails both builds alike, then
    // passes again once the link is gone.
    std::fs::write(
        &broken,
        good.replace("Tham dự", "[Xem](/khong-co-trang/) Tham dự"),
    )
    .unwrap();
    let full = niemyet::build(&BuildOptions {
        output_dir: Some(root.join("public")),
        ..options(root)
    });
    let mine = session.build(&Change::Content(vec![broken.clone()]));
    let (Err(full), Err(mine)) = (full, mine) else {
        panic!("a dead link must fail both builds");
    };
    assert_eq!(full.to_string(), mine.to_string());
    step(&mut session, root, news, |_| good.clone());

    // A page added, then made a draft, then a section's settings: everything moves.
    let r = step(&mut session, root, "content/tin-tuc/moi.md", |_| {
        "+++\ntitle = \"Tin mới\"\ndate = 2026-11-20\n+++\nNội dung [hướng dẫn](@/huong-dan/nop-ho-so-truc-tuyen.md).\n"
            .into()
    });
    assert!(r.full);
    step(&mut session, root, "content/tin-tuc/moi.md", |t| {
        t.replace("+++\ntitle", "+++\ndraft = true\ntitle")
    });
    step(&mut session, root, "content/tin-tuc/_index.md", |t| {
        t.replace("paginate_by = 10", "paginate_by = 2")
    });

    // A template: everything is read again.
    let r = step(
        &mut session,
        root,
        "themes/niemyet/templates/page.html",
        |t| format!("{t}\n"),
    );
    assert!(r.full);

    // And a body edit after all that is small again.
    let r = step(&mut session, root, news, |t| t.replace("37 hộ", "38 hộ"));
    assert!(!r.full && r.rendered_jobs <= 3);
}

#[test]
fn taxonomies_pagers_and_neighbours_follow_edits() {
    let site = fixture("zola-theme");
    let root = site.path();
    let mut session = Session::new(options(root));
    session.build(&Change::Everything).unwrap();
    assert_same(&session, root, "first build");

    let two = "content/posts/2026-02-10-hai.md";
    // A title shows on its neighbours, its tag's pagers and the feeds.
    let r = step(&mut session, root, two, |t| {
        t.replace("title: \"Bài hai\"", "title: \"Bài thứ hai\"")
    });
    assert!(!r.full);
    // Another date reorders the posts: neighbours and pagers change.
    step(&mut session, root, two, |t| {
        t.replace("---\ntitle", "---\ndate: 2026-04-01\ntitle")
    });
    // A new tag makes a new term page: everything moves.
    let r = step(&mut session, root, two, |t| {
        t.replace("tags: [\"Tin\"]", "tags: [\"Tin\", \"Mới\"]")
    });
    assert!(r.full);
    // The heading another page links to disappears: both builds fail alike.
    let one = root.join("content/posts/2026-01-10-mot.md");
    let text = std::fs::read_to_string(&one).unwrap();
    std::fs::write(&one, text.replace("## Phần A", "## Phần B")).unwrap();
    let full_fails = niemyet::build(&BuildOptions {
        output_dir: Some(root.join("public")),
        ..options(root)
    })
    .is_err();
    let mine_fails = session.build(&Change::Content(vec![one.clone()])).is_err();
    assert_eq!(
        full_fails, mine_fails,
        "the link check sees the new headings"
    );
    std::fs::write(&one, text).unwrap();
    session.build(&Change::Content(vec![one])).unwrap();
    assert_same(&session, root, "heading back");
}

#[test]
fn shortcodes_cannot_look_the_site_up_in_either_build() {
    let site = min_site(&[
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nChữ.\n"),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\nChữ.\n"),
        (
            "templates/shortcodes/tieu_de.html",
            "{% set p = get_page(path=\"a.md\") %}{{ p.title }}",
        ),
    ]);
    let root = site.path();
    let mut session = Session::new(options(root));
    session.build(&Change::Everything).unwrap();
    // The preview's templates hold the last build's functions: a shortcode must not see them.
    let b = root.join("content/b.md");
    std::fs::write(&b, "+++\ntitle = \"B\"\n+++\n{{ tieu_de() }}\n").unwrap();
    let full = niemyet::build(&BuildOptions {
        output_dir: Some(root.join("public")),
        ..options(root)
    });
    let mine = session.build(&Change::Content(vec![b]));
    let (Err(full), Err(mine)) = (full, mine) else {
        panic!("get_page() in a shortcode must fail both builds");
    };
    assert_eq!(full.to_string(), mine.to_string());
    assert!(
        full.to_string().contains("không dùng được trong shortcode"),
        "{full}"
    );
}
