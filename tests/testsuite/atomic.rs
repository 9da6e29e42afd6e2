//! Atomic, deterministic, incremental writes.

use crate::common::*;

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let dir = fixture("sections");
    build_ok(dir.path());
    let out = dir.path().join("public");
    let before = snapshot(&out);
    write(
        dir.path(),
        "content/tin-tuc/tin-02.md",
        "+++\ntitle = \"Hỏng\"\ndate = 2026-02-31\n+++\n",
    );
    write(dir.path(), "templates/page.html", "{{ page.khong_co }}");
    let d = build_err(dir.path());
    assert!(d.error_count() >= 1);
    assert_eq!(
        snapshot(&out),
        before,
        "output changed after a failed build"
    );
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("niemyet"))
        .collect();
    assert!(siblings.is_empty(), "staging left behind: {siblings:?}");
}

#[test]
fn a_render_error_also_leaves_output_intact() {
    let dir = fixture("templates");
    build_ok(dir.path());
    let out = dir.path().join("public");
    let before = snapshot(&out);
    write(
        dir.path(),
        "templates/index.html",
        "{% set p = get_page(path=\"khong-co.md\") %}{{ p.title }}",
    );
    let d = build_err(dir.path());
    let e = find(&d, "get_page");
    assert!(e.message.contains("khong-co.md"), "{e}");
    assert_eq!(snapshot(&out), before);
    // Files already rendered into the staging folder are thrown away with it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("niemyet"))
        .collect();
    assert!(names.is_empty(), "staging left behind: {names:?}");
}

#[test]
fn a_generated_page_replaces_a_static_file_of_the_same_path_with_a_warning() {
    let dir = min_site(&[
        ("content/tin/_index.md", "+++\ntitle = \"Tin\"\n+++\n"),
        ("static/tin/index.html", "TĨNH"),
        ("static/tin/anh.txt", "giữ"),
    ]);
    let report = build_ok(dir.path());
    assert_eq!(read(dir.path(), "tin/index.html"), "SECTION Tin");
    assert_eq!(read(dir.path(), "tin/anh.txt"), "giữ");
    let w = find(&report.warnings, "tệp tĩnh");
    assert!(w.message.contains("content/tin/_index.md"), "{w}");
}

#[test]
fn two_builds_are_byte_identical() {
    for name in ["sections", "pages", "templates"] {
        let a = fixture(name);
        let b = fixture(name);
        build_ok(a.path());
        build_ok(b.path());
        let (sa, sb) = (
            snapshot(&a.path().join("public")),
            snapshot(&b.path().join("public")),
        );
        assert_eq!(
            sa.keys().collect::<Vec<_>>(),
            sb.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (k, v) in &sa {
            assert!(v == &sb[k], "{name}: {k} differs between builds");
        }
    }
}

#[test]
fn the_demo_site_builds_identically_twice() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let build_to = |out: &std::path::Path| {
        niemyet::build(&niemyet::BuildOptions {
            root: root.to_path_buf(),
            output_dir: Some(out.to_path_buf()),
            base_url: None,
            drafts: false,
            today: Some(crate::common::today()),
        })
        .unwrap_or_else(|d| panic!("{d}"));
    };
    let t = tempfile::tempdir().unwrap();
    build_to(&t.path().join("a"));
    build_to(&t.path().join("b"));
    assert_eq!(snapshot(&t.path().join("a")), snapshot(&t.path().join("b")));
}

#[test]
fn a_rebuild_after_a_small_edit_writes_few_files() {
    let dir = fixture("sections");
    let first = build_ok(dir.path());
    assert_eq!(first.write.written, first.write.files);
    let again = build_ok(dir.path());
    assert_eq!(again.write.written, 0, "nothing changed, nothing written");
    write(
        dir.path(),
        "content/gioi-thieu/dia-ly.md",
        "+++\ntitle = \"Địa lý (sửa)\"\nweight = 1\n+++\n",
    );
    let edited = build_ok(dir.path());
    assert_eq!(
        edited.write.written, 1,
        "only the edited page changes: {:?}",
        edited.write
    );
}

#[test]
fn output_folder_that_would_destroy_sources_is_refused() {
    let dir = fixture("sections");
    for bad in [
        dir.path().to_path_buf(),
        dir.path().join("content"),
        dir.path().join("content/x"),
    ] {
        let r = niemyet::build(&niemyet::BuildOptions {
            root: dir.path().to_path_buf(),
            output_dir: Some(bad.clone()),
            ..Default::default()
        });
        let d = r.expect_err("must refuse");
        find(&d, "không thể dùng");
    }
    assert!(dir.path().join("content/_index.md").exists());
    // A non-empty folder that is not a previous build is not replaced either.
    let other = dir.path().join("tai-lieu");
    write(dir.path(), "tai-lieu/quan-trong.docx", "x");
    let d = niemyet::build(&niemyet::BuildOptions {
        root: dir.path().to_path_buf(),
        output_dir: Some(other.clone()),
        ..Default::default()
    })
    .expect_err("must refuse");
    find(&d, "không phải trang web do niemyet tạo");
    assert!(other.join("quan-trong.docx").exists());
}
