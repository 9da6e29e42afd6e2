//! `niemyet check`'s legal rules, on a fixture site that passes all of them
//! (`tests/fixtures/disclosure`) and on copies of it that break one rule each: the message,
//! the article it cites and where it points.

use std::path::Path;

use niemyet::diagnostics::{Diagnostic, Diagnostics};

use crate::common::*;

/// Every finding of a check of `root`, errors and warnings.
fn findings(root: &Path) -> Diagnostics {
    let opts = niemyet::BuildOptions {
        root: root.to_path_buf(),
        today: Some(today()),
        ..niemyet::BuildOptions::default()
    };
    match niemyet::check(&opts) {
        Ok(r) => r.warnings,
        Err(d) => d,
    }
}

/// The one finding whose message contains `needle`, which must cite `article`.
fn finding<'a>(d: &'a Diagnostics, needle: &str, article: &str) -> &'a Diagnostic {
    let f = find(d, needle);
    assert_eq!(f.article, Some(article), "{f}");
    assert!(f.hint.is_some(), "{f}");
    f
}

/// Rewrites a file of the site with `edit`.
fn edit(root: &Path, rel: &str, edit: impl Fn(String) -> String) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = edit(text.clone());
    assert_ne!(new, text, "{rel} unchanged");
    std::fs::write(p, new).unwrap();
}

const LAW: &str = "Luật 10/2022/QH15";

#[test]
fn the_fixture_passes_every_rule() {
    let dir = fixture("disclosure");
    let d = findings(dir.path());
    assert!(d.is_empty(), "{d}");
    build_ok(dir.path());
}

#[test]
fn a_category_with_nothing_current_is_a_warning_at_the_hub() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/tai-san-cong.md", |t| {
        t.replace("category = 6\n", "category = 6\nsuperseded = true\n")
    });
    let d = findings(dir.path());
    assert!(!d.has_errors(), "{d}");
    let f = finding(
        &d,
        "chưa có thông tin nào đang công khai thuộc mục 6",
        &format!("{LAW}, Điều 13 khoản 1"),
    );
    assert_eq!(
        f.file.as_deref(),
        Some(Path::new("content/cong-khai/_index.md"))
    );
    assert_eq!(d.warning_count(), 1, "{d}");
    // The superseded item is still listed on the hub, as a past one.
    build_ok(dir.path());
    let hub = read(dir.path(), "cong-khai/index.html");
    let six = &hub[hub.find("id=\"loai-6\"").unwrap()..];
    let six = &six[..six.find("</section>").unwrap()];
    assert!(
        six.contains("Hiện chưa có thông tin.") && six.contains("Đã công khai trước đây (1)"),
        "{six}"
    );
}

#[test]
fn publishing_later_than_five_working_days_is_reported_at_its_line() {
    let dir = fixture("disclosure");
    // Decided on Wednesday 29 April; 30 April and 1 May are holidays, then a weekend: published
    // on Thursday 7 May is 4 working days later, Friday 8 May 5, Monday 11 May 6.
    edit(dir.path(), "content/cong-khai/dong-gop.md", |t| {
        t.replace("decided = 2026-05-04", "decided = 2026-04-29")
            .replace("date = 2026-05-06", "date = 2026-05-08")
    });
    assert!(findings(dir.path()).is_empty());
    edit(dir.path(), "content/cong-khai/dong-gop.md", |t| {
        t.replace("date = 2026-05-08", "date = 2026-05-11")
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "sau 6 ngày làm việc kể từ ngày ban hành 29/04/2026",
        &format!("{LAW}, Điều 12 khoản 3"),
    );
    assert_eq!(
        f.file.as_deref(),
        Some(Path::new("content/cong-khai/dong-gop.md"))
    );
    // The page's own date is its publication date.
    assert_eq!(f.line, Some(3), "{f}");
    assert!(!f.is_error());
}

#[test]
fn posting_shorter_than_thirty_days_is_an_error_while_it_runs() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/thu-hoi-dat.md", |t| {
        t.replace("posted_from = 2026-03-04", "posted_from = 2099-12-20")
            .replace("posted_until = 2026-04-10", "posted_until = 2099-12-31")
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "niêm yết 12 ngày (20/12/2099 đến 31/12/2099), chưa đủ 30 ngày",
        &format!("{LAW}, Điều 13 khoản 2"),
    );
    assert!(f.is_error());
    assert_eq!(f.line, Some(9), "{f}");
    assert!(f.hint.as_deref().unwrap().contains("18/01/2100"));
    // The build refuses it, and the previous output stays.
    let built = fixture("disclosure");
    build_ok(built.path());
    // A posting that is over can only be noted.
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/thu-hoi-dat.md", |t| {
        t.replace("posted_until = 2026-04-10", "posted_until = 2026-03-20")
    });
    let d = findings(dir.path());
    let f = find(&d, "niêm yết 17 ngày");
    assert!(!f.is_error(), "{f}");
}

#[test]
fn places_must_cover_the_office_and_every_village() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/ho-ngheo.md", |t| {
        t.replace(
            "places = [\"tru-so\", \"tat-ca-thon\"]",
            "places = [\"tru-so\", \"Một\", \"Ba\"]",
        )
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "nơi niêm yết «Ba» không phải",
        &format!("{LAW}, Điều 13 khoản 2"),
    );
    assert!(f.is_error());
    assert_eq!(f.line, Some(10));
    assert!(f.hint.as_deref().unwrap().contains("Một, Hai"));
    let f = find(&d, "chưa niêm yết tại: thôn Hai");
    assert!(!f.is_error());
}

#[test]
fn categories_four_and_thirteen_are_posted_permanently() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/quy-che-dan-chu.md", |t| {
        t.replace("permanent = true\n", "")
    });
    let d = findings(dir.path());
    finding(
        &d,
        "thuộc mục 4 phải niêm yết thường xuyên",
        &format!("{LAW}, Điều 13 khoản 2"),
    );
}

#[test]
fn loudspeakers_three_consecutive_days_where_recorded() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/nhap-ngu.md", |t| {
        t.replace(
            "loudspeaker = [2026-10-06, 2026-10-07, 2026-10-08]",
            "loudspeaker = [2026-10-06, 2026-10-08]",
        )
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "đọc trên loa truyền thanh 1 ngày liên tiếp, chưa đủ 3 ngày",
        &format!("{LAW}, Điều 13 khoản 3"),
    );
    assert_eq!(f.line, Some(11));
}

#[test]
fn the_quarterly_lists_need_a_hub() {
    let dir = fixture("disclosure");
    edit(dir.path(), "config.toml", |t| {
        t.replace(
            "hub = \"cong-khai/_index.md\"",
            "hub = \"cong-khai/khong-co.md\"",
        )
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "trường `disclosure.hub`: không có mục \"cong-khai/khong-co.md\"",
        &format!("{LAW}, Điều 13 khoản 2"),
    );
    assert!(f.is_error());
    assert_eq!(
        (f.file.as_deref(), f.line),
        (Some(Path::new("config.toml")), Some(18))
    );
    let dir = fixture("disclosure");
    edit(dir.path(), "config.toml", |t| {
        t.replace("[disclosure]\nhub = \"cong-khai/_index.md\"\n", "")
    });
    let d = findings(dir.path());
    finding(
        &d,
        "danh mục thông tin đã công khai từng quý không được lập",
        &format!("{LAW}, Điều 13 khoản 2"),
    );
}

#[test]
fn the_quarterly_list_is_a_page_and_a_poster() {
    let dir = fixture("disclosure");
    build_ok(dir.path());
    let q3 = read(dir.path(), "cong-khai/quy/2026-q3/index.html");
    assert!(
        q3.contains("Danh mục thông tin đã công khai Quý III năm 2026"),
        "{q3}"
    );
    for title in [
        "Danh sách hộ nghèo năm 2026",
        "Kết quả lấy phiếu tín nhiệm",
        "Hỗ trợ thiệt hại do bão",
    ] {
        assert!(q3.contains(title), "{title}");
    }
    assert!(q3.contains("đọc trên loa truyền thanh các ngày 03&#x2F;07&#x2F;2026, 04&#x2F;07&#x2F;2026, 05&#x2F;07&#x2F;2026"));
    assert!(
        !q3.contains("Danh sách gọi nhập ngũ"),
        "that is the fourth quarter"
    );
    let hub = read(dir.path(), "cong-khai/index.html");
    for q in ["2025-q4", "2026-q1", "2026-q2", "2026-q3", "2026-q4"] {
        assert!(
            hub.contains(&format!("https://xa.example.vn/cong-khai/quy/{q}/")),
            "{q}"
        );
    }
    let poster = read(dir.path(), "ban-in/cong-khai/2026-q3/index.html");
    assert!(poster.contains("Danh sách hộ nghèo năm 2026"));
    assert_eq!(
        crate::support_qr::decode_all_in_html(&poster),
        ["https://xa.example.vn/cong-khai/quy/2026-q3/"]
    );
    assert!(read(dir.path(), "ban-in/index.html").contains("/ban-in/cong-khai/2026-q3/#in"));
    assert!(read(dir.path(), "sitemap.xml").contains("/cong-khai/quy/2026-q3/"));
}

#[test]
fn the_pages_about_the_commune_must_exist() {
    let dir = fixture("disclosure");
    std::fs::remove_file(dir.path().join("content/gioi-thieu/ban-do-dia-gioi.md")).unwrap();
    let d = findings(dir.path());
    finding(
        &d,
        "chưa có trang giới thiệu bản đồ địa giới hành chính",
        "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c",
    );
    assert_eq!(d.warning_count(), 1, "{d}");
    let dir = fixture("disclosure");
    edit(dir.path(), "content/gioi-thieu/lanh-dao.md", |t| {
        t.replace("\"lanh-dao\"", "\"lanh-dao-xa\"")
    });
    let d = findings(dir.path());
    let f = find(&d, "`commune_info`");
    assert!(f.is_error() && f.line == Some(3), "{f}");
}

#[test]
fn the_feedback_contact_is_configured_and_shown() {
    let dir = fixture("disclosure");
    edit(dir.path(), "config.toml", |t| {
        t.replace("feedback_email = \"phananh@xa.example.vn\"\n", "")
            .replace("email = \"ubnd@xa.example.vn\"\n", "")
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "chưa khai báo thư điện tử tiếp nhận phản ánh, kiến nghị",
        "Nghị định 20/2008/NĐ-CP, Điều 13",
    );
    assert_eq!(f.file.as_deref(), Some(Path::new("config.toml")));
    // A theme that leaves the contact out of procedure pages is caught on the pages it renders.
    let dir = fixture("disclosure");
    write(
        dir.path(),
        "templates/procedure.html",
        "{{ page.title }} {{ config.commune.feedback_hotline }}",
    );
    let d = findings(dir.path());
    let f = finding(
        &d,
        "trang thu-tuc/ho-tich/1-001193/index.html không ghi địa chỉ, thư điện tử",
        "Nghị định 20/2008/NĐ-CP, Điều 13",
    );
    assert!(f.is_error());
    assert_eq!(
        f.file.as_deref(),
        Some(Path::new("content/thu-tuc/ho-tich/1.001193.md"))
    );
}

#[test]
fn the_satisfaction_link_is_configured_and_shown() {
    let dir = fixture("disclosure");
    edit(dir.path(), "config.toml", |t| {
        t.replace(
            "satisfaction_url = \"https://dvc.example.vn/danh-gia\"\n",
            "",
        )
    });
    let d = findings(dir.path());
    finding(
        &d,
        "chưa có đường dẫn để người dân đánh giá mức độ hài lòng",
        "Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm b",
    );
    let dir = fixture("disclosure");
    write(dir.path(), "templates/index.html", "TRANG CHỦ");
    let d = findings(dir.path());
    let f = finding(
        &d,
        "trang chủ không có đường dẫn đánh giá mức độ hài lòng",
        "Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm b",
    );
    assert!(f.is_error());
    assert_eq!(f.line, Some(14));
}

#[test]
fn procedures_not_reviewed_within_their_period() {
    let dir = fixture("disclosure");
    edit(dir.path(), "config.toml", |t| {
        t.replace("review_months = 1200", "review_months = 12")
    });
    edit(dir.path(), "content/thu-tuc/ho-tich/1.001193.md", |t| {
        t.replace("last_reviewed = 2026-11-02", "last_reviewed = 2020-01-15")
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "thủ tục 1.001193 rà soát lần cuối ngày 15/01/2020, đã quá 12 tháng",
        "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3",
    );
    assert_eq!(f.line, Some(10));
    edit(dir.path(), "content/thu-tuc/ho-tich/1.001193.md", |t| {
        t.replace("last_reviewed = 2020-01-15\n", "")
    });
    let d = findings(dir.path());
    let f = find(&d, "thủ tục 1.001193 chưa ghi ngày rà soát");
    assert_eq!(f.line, Some(4), "at [procedure]: {f}");
}

#[test]
fn broken_links_and_missing_files_are_errors_at_their_line() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/lay-y-kien.md", |t| {
        t + "\nXem [phương án](/cong-khai/khong-co/) và ![sơ đồ](/hinh/so-do.png).\n"
    });
    let d = findings(dir.path());
    let f = finding(
        &d,
        "liên kết tới trang /cong-khai/khong-co/ không có trên trang web",
        "Nghị định 224/2026/NĐ-CP, Điều 12",
    );
    assert!(f.is_error());
    assert_eq!(
        (f.file.as_deref(), f.line),
        (Some(Path::new("content/cong-khai/lay-y-kien.md")), Some(14))
    );
    let f = find(&d, "liên kết tới tệp /hinh/so-do.png");
    assert!(f.is_error());
    // The build stops, and the previous output is left as it was.
    let clean = fixture("disclosure");
    build_ok(clean.path());
    let before = snapshot(&clean.path().join("public"));
    edit(clean.path(), "content/cong-khai/lay-y-kien.md", |t| {
        t + "\n[x](/khong-co/)\n"
    });
    let e = build_err(clean.path());
    find(&e, "liên kết tới trang /khong-co/");
    assert_eq!(snapshot(&clean.path().join("public")), before);
}

#[test]
fn disclosure_tables_are_checked_when_read() {
    let dir = fixture("disclosure");
    edit(dir.path(), "content/cong-khai/ho-ngheo.md", |t| {
        t.replace("category = 7", "category = 15")
            .replace("posted_until = 2026-08-10", "posted_until = 2026-06-01")
    });
    let d = findings(dir.path());
    let f = find(&d, "15 không phải một loại thông tin tại Điều 11");
    assert!(f.is_error() && f.line == Some(6), "{f}");
    let f = find(
        &d,
        "ngày kết thúc niêm yết 2026-06-01 trước ngày bắt đầu 2026-07-03",
    );
    assert!(f.is_error() && f.line == Some(9), "{f}");
}
