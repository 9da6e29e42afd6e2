//! Documents (văn bản): the page of a plan with its files, appendix tables and targets (table and
//! chart), the register by kind, year and field with its feed, and located errors for bad
//! `[document]` tables and data files.

use std::path::Path;

use crate::common::*;

const PLAN: &str = "content/van-ban/ke-hoach-chuyen-doi-so/index.md";

fn edit(root: &Path, rel: &str, f: impl Fn(String) -> String) {
    let p = root.join(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(t)).unwrap();
}

#[test]
fn a_plan_with_its_files_tables_and_targets() {
    let dir = fixture("disclosure");
    build_ok(dir.path());
    let html = read(dir.path(), "van-ban/ke-hoach-chuyen-doi-so/index.html");
    for part in [
        "<dt>Số, ký hiệu:</dt> <dd>125&#x2F;KH-UBND</dd>",
        "<time datetime=\"2026-03-02\">02&#x2F;03&#x2F;2026</time>",
        "<dt>Cơ quan ban hành:</dt> <dd>Ủy ban nhân dân Xã Thử</dd>",
        "<dt>Người ký:</dt> <dd>Chủ tịch Nguyễn Văn Một</dd>",
        // The file to download, with its format and size.
        "href=\"https://xa.example.vn/van-ban/ke-hoach-chuyen-doi-so/ke-hoach.pdf\" download>ke-hoach.pdf</a> <span class=\"meta\">(PDF, 3 KB)</span>",
        // The appendix table, captioned, with column headers.
        "<caption>Phụ lục 1: Nhiệm vụ</caption>",
        "<th scope=\"col\">Nhiệm vụ</th>",
        "<td>Số hóa hồ sơ hộ tịch</td>",
        // Each target against its result, in a table.
        "<tr><th scope=\"row\">2026</th><td>50%</td><td>47,5%, chưa đạt</td></tr>",
        "<tr><th scope=\"row\">2026</th><td>1 thôn</td><td>1 thôn (6 tháng 2026)</td></tr>",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // And as a chart: a static SVG named by its title and described in words.
    let svg = &html[html.find("<svg").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(svg.contains("role=\"img\" aria-labelledby=\"chi-tieu-1-t chi-tieu-1-d\""));
    assert!(svg.contains("<title id=\"chi-tieu-1-t\">Hồ sơ nộp trực tuyến</title>"));
    assert!(
        svg.contains("Năm 2026: mục tiêu 50%; thực hiện 47,5%."),
        "{svg}"
    );
    assert!(!html.contains("<script>") && !html.contains("<script src"));
    // The files are published beside the page.
    assert!(dir
        .path()
        .join("public/van-ban/ke-hoach-chuyen-doi-so/chi-tieu.csv")
        .is_file());
    assert!(dir
        .path()
        .join("public/van-ban/ke-hoach-chuyen-doi-so/ke-hoach.pdf")
        .is_file());
}

#[test]
fn the_register_by_kind_year_and_field_with_its_feed() {
    let dir = fixture("disclosure");
    build_ok(dir.path());
    let register = read(dir.path(), "van-ban/index.html");
    assert!(register.contains("Có <strong>2</strong> văn bản"));
    // Newest first.
    let plan = register.find("125&#x2F;KH-UBND").unwrap();
    let budget = register.find("12&#x2F;NQ-HĐND").unwrap();
    assert!(plan < budget);
    for (path, label) in [
        ("van-ban/loai/ke-hoach/", "Kế hoạch (1)"),
        ("van-ban/loai/nghi-quyet/", "Nghị quyết (1)"),
        ("van-ban/nam/2026/", "2026 (1)"),
        ("van-ban/nam/2025/", "2025 (1)"),
        ("van-ban/linh-vuc/chuyen-doi-so/", "Chuyển đổi số (1)"),
    ] {
        assert!(
            register.contains(&format!(
                "href=\"https://xa.example.vn/{path}\">{label}</a>"
            )),
            "{label}"
        );
        let group = read(dir.path(), &format!("{path}index.html"));
        assert!(group.contains("class=\"item doc-item\""), "{path}");
    }
    let year = read(dir.path(), "van-ban/nam/2025/index.html");
    assert!(year.contains("<h1>Văn bản năm 2025</h1>"));
    assert!(year.contains("12&#x2F;NQ-HĐND") && !year.contains("125&#x2F;KH-UBND"));
    let feed = read(dir.path(), "van-ban/atom.xml");
    assert!(feed.contains("Kế hoạch chuyển đổi số giai đoạn 2026–2030"));
    assert!(register.contains("van-ban/atom.xml"));
    let sitemap = read(dir.path(), "sitemap.xml");
    assert!(sitemap.contains("https://xa.example.vn/van-ban/loai/ke-hoach/"));
}

#[test]
fn a_document_no_longer_in_force_is_a_past_item() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/van-ban/du-toan-2026.md", |t| {
        t.replace(
            "field = \"Tài chính – Ngân sách\"",
            "field = \"Tài chính – Ngân sách\"\nstatus = \"het-hieu-luc\"",
        )
    });
    build_ok(dir.path());
    let register = read(dir.path(), "van-ban/index.html");
    assert!(register.contains("<span class=\"badge badge-off\">Hết hiệu lực</span>"));
    let hub = read(dir.path(), "cong-khai/index.html");
    let two = &hub[hub.find("id=\"loai-2\"").unwrap()..];
    let two = &two[..two.find("</section>").unwrap()];
    assert!(two.contains("Đã công khai trước đây (1)"), "{two}");
}

#[test]
fn bad_document_tables_are_located() {
    let dir = fixture("disclosure");
    edit(dir.path(), PLAN, |t| {
        t.replace("number = \"125/KH-UBND\"", "number = \"KH-125\"")
            .replace("kind = \"ke-hoach\"", "kind = \"ke hoach\"")
            .replace(
                "attachments = [\"ke-hoach.pdf\"]",
                "attachments = [\"ke-hoach.pdf\", \"phu-luc.docx\"]",
            )
    });
    let d = build_err(dir.path());
    let f = find(&d, "số ký hiệu \"KH-125\" không đúng dạng");
    assert_eq!(
        (f.line, f.file.as_deref()),
        (Some(5), Some(Path::new(PLAN)))
    );
    let f = find(&d, "`document.kind`");
    assert_eq!(f.line, Some(6), "{f}");
    let dir = fixture("disclosure");
    edit(dir.path(), PLAN, |t| {
        t.replace(
            "attachments = [\"ke-hoach.pdf\"]",
            "attachments = [\"ke-hoach.pdf\", \"phu-luc.docx\"]",
        )
    });
    let d = build_err(dir.path());
    let f = find(&d, "không thấy tệp \"phu-luc.docx\" cạnh trang");
    assert_eq!(f.line, Some(11), "{f}");
    assert!(f.message.contains("`document.attachments`"));
}

#[test]
fn bad_targets_and_tables_point_into_their_files() {
    let dir = fixture("disclosure");
    edit(
        dir.path(),
        "content/van-ban/ke-hoach-chuyen-doi-so/chi-tieu.csv",
        |t| {
            t.replace("Bộ phận Một cửa", "Bộ phận Một cửa\nThiếu cột")
                .replace(",50,60,", ",năm mươi,60,")
        },
    );
    edit(
        dir.path(),
        "content/van-ban/ke-hoach-chuyen-doi-so/nhiem-vu.csv",
        |t| t + "3,Dòng thiếu\n",
    );
    let d = build_err(dir.path());
    let csv = Path::new("content/van-ban/ke-hoach-chuyen-doi-so/chi-tieu.csv");
    let f = find(&d, "dòng có 1 ô, dòng tiêu đề có 9 ô");
    assert_eq!((f.file.as_deref(), f.line), (Some(csv), Some(3)));
    let f = find(&d, "mục tiêu năm 2026 «năm mươi» không phải con số");
    assert_eq!((f.line, f.column), (Some(2), Some(5)));
    let f = find(&d, "dòng có 2 ô, dòng tiêu đề có 3 ô");
    assert_eq!(f.line, Some(4));
}
