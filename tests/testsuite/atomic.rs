//! Atomic, deterministic, incremental writes.

use crate::common::*;

/// Fails when a build left its staging or old folder beside the output in `dir`.
fn assert_no_staging_left(dir: &std::path::Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("niemyet"))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

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
    assert_no_staging_left(dir.path());
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
    assert_no_staging_left(dir.path());
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

fn build_into(
    root: &std::path::Path,
    out: &std::path::Path,
) -> Result<(), niemyet::diagnostics::Diagnostics> {
    niemyet::build(&niemyet::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        today: Some(today()),
        ..Default::default()
    })
    .map(|_| ())
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_built_into_and_kept_a_link() {
    use std::os::unix::fs::symlink;
    let dir = fixture("sections");
    // A common deploy: public -> the web server's folder, which holds a previous build.
    let webroot = dir.path().join("webroot");
    build_into(dir.path(), &webroot).unwrap();
    write(dir.path(), "webroot/cu.txt", "bản cũ");
    let public = dir.path().join("public");
    symlink("webroot", &public).unwrap();
    build_into(dir.path(), &public).unwrap();
    assert!(
        public.symlink_metadata().unwrap().file_type().is_symlink(),
        "the link is kept"
    );
    assert!(
        webroot.join("index.html").is_file(),
        "the site is in the folder linked to"
    );
    assert!(
        !webroot.join("cu.txt").exists(),
        "the previous build is replaced whole"
    );
    assert_no_staging_left(dir.path());
    // Built again through the link: nothing changed, so nothing is written.
    let again = niemyet::build(&niemyet::BuildOptions {
        root: dir.path().to_path_buf(),
        output_dir: Some(public.clone()),
        today: Some(today()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(again.write.written, 0);
    assert!(public.symlink_metadata().unwrap().file_type().is_symlink());

    // A link to a folder of other files is refused, and nothing there is touched.
    let uploads = dir.path().join("uploads");
    write(dir.path(), "uploads/anh.jpg", "ảnh");
    let to_uploads = dir.path().join("out");
    symlink("uploads", &to_uploads).unwrap();
    let d = build_into(dir.path(), &to_uploads).expect_err("must refuse");
    find(&d, "không phải trang web do niemyet tạo");
    assert_eq!(
        std::fs::read_to_string(uploads.join("anh.jpg")).unwrap(),
        "ảnh"
    );

    // A link to nothing, or to a file, is refused with what it points to.
    let dangling = dir.path().join("dangling");
    symlink("khong-co", &dangling).unwrap();
    let d = build_into(dir.path(), &dangling).expect_err("must refuse");
    find(&d, "liên kết tới khong-co");
    let to_file = dir.path().join("to-file");
    symlink("config.toml", &to_file).unwrap();
    let d = build_into(dir.path(), &to_file).expect_err("must refuse");
    find(&d, "không phải thư mục");
    assert!(dir.path().join("config.toml").is_file());
}

#[cfg(unix)]
#[test]
fn links_inside_the_output_are_removed_never_followed() {
    use std::os::unix::fs::symlink;
    let dir = fixture("sections");
    let out = dir.path().join("public");
    build_ok(dir.path());
    // Someone put links in the output: to an uploads folder, and over a page the build
    // writes again with the same bytes.
    write(dir.path(), "uploads/anh.jpg", "ảnh");
    symlink(dir.path().join("uploads"), out.join("uploads")).unwrap();
    let page = "gioi-thieu/dia-ly/index.html";
    let same = read(dir.path(), page);
    write(dir.path(), "ngoai.html", &same);
    std::fs::remove_file(out.join(page)).unwrap();
    symlink(dir.path().join("ngoai.html"), out.join(page)).unwrap();
    let old = dir.path().join(".public.niemyet-old");
    std::fs::create_dir_all(dir.path().join("kho")).unwrap();
    write(dir.path(), "kho/giu.txt", "giữ");
    // A link left where the previous output is set aside is removed, not followed.
    symlink(dir.path().join("kho"), &old).unwrap();

    build_ok(dir.path());
    assert!(
        !out.join("uploads").exists(),
        "the link is gone from the output"
    );
    assert_eq!(
        read(dir.path(), "../uploads/anh.jpg"),
        "ảnh",
        "its target is untouched"
    );
    let meta = out.join(page).symlink_metadata().unwrap();
    assert!(
        meta.is_file(),
        "the page is a file of the site again, not the link"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ngoai.html")).unwrap(),
        same
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kho/giu.txt")).unwrap(),
        "giữ"
    );
    assert!(old.symlink_metadata().is_err());
}

#[test]
fn an_output_path_that_is_a_file_or_in_data_is_refused() {
    let dir = fixture("sections");
    let config = std::fs::read(dir.path().join("config.toml")).unwrap();
    let d = build_into(dir.path(), &dir.path().join("config.toml")).expect_err("must refuse");
    find(&d, "đó là một tệp, không phải thư mục");
    assert_eq!(
        std::fs::read(dir.path().join("config.toml")).unwrap(),
        config
    );
    build_ok(dir.path());
    let d = build_into(dir.path(), &dir.path().join("data/public")).expect_err("must refuse");
    find(&d, "thư mục nguồn data/");
}

#[cfg(unix)]
#[test]
fn links_in_content_and_static_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let dir = min_site(&[("content/tin/_index.md", "+++\ntitle = \"Tin\"\n+++\n")]);
    write(dir.path(), "ngoai/bi-mat.txt", "bí mật");
    write(dir.path(), "ngoai/bai.md", "+++\ntitle = \"Ngoài\"\n+++\n");
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    symlink(dir.path().join("ngoai"), dir.path().join("static/ngoai")).unwrap();
    symlink(
        dir.path().join("ngoai/bai.md"),
        dir.path().join("content/tin/bai.md"),
    )
    .unwrap();
    let report = build_ok(dir.path());
    let w = find(&report.warnings, "static/ngoai");
    assert!(w.message.contains("liên kết tượng trưng"), "{w}");
    let w = find(&report.warnings, "content/tin/bai.md");
    assert!(w.message.contains("liên kết tượng trưng"), "{w}");
    assert!(!dir.path().join("public/ngoai").exists());
    assert!(!dir.path().join("public/tin/bai").exists());
}
