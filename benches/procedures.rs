//! Import and build benchmark on a generated national-database workbook (not a timed test).
//!
//! `cargo bench --bench procedures` imports 5,000 procedures (or the counts given as arguments:
//! `cargo bench --bench procedures -- 1000 5000`) and builds the site. The workbook is written
//! with rust_xlsxwriter in the layout of the national TTHC database's Excel export (sheet
//! `TTHC2-CAPXA` and its child sheets), with per-procedure sizes like the real export's: 3
//! channels, ~9 steps of ~300 characters, ~16 document rows (half of them "Lưu ý"), 1–2
//! results and ~10 legal documents, over 20 fields.
//!
//! Each measured step runs in a fresh process (this binary re-executes itself with
//! `NIEMYET_BENCH_STEP` set), as `niemyet import` and `niemyet build` do, so that its wall time
//! and peak memory (VmHWM) are its own. Site and output live on tmpfs (/dev/shm) when available.
//! Steps and runs:
//! - first import into an empty site, 3 runs, each into a fresh empty site;
//! - cold build (no previous output), 5 runs;
//! - re-import of the same file, 3 runs: must write nothing;
//! - rebuild over the previous output with nothing changed, 5 runs;
//! - one procedure file's body edited, then a rebuild, 3 runs (a different edit each time).
//!
//! Min and median wall time, the largest peak RSS, and files written are printed per step.
//! `NIEMYET_BENCH_WORKBOOK=path cargo bench --bench procedures -- 5000` only writes the
//! workbook, to try `niemyet import` / `niemyet build --timings` on it by hand.
//! `cargo bench --bench procedures -- real` runs the same steps on the 200 real procedures of
//! `../shared/fixtures/tthc-200.xlsx` (the national database's gaps included) instead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The allocator the `niemyet` binary uses, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use rust_xlsxwriter::{Workbook, Worksheet};

const IMPORT_RUNS: usize = 3;
const BUILD_RUNS: usize = 5;
const REIMPORT_RUNS: usize = 3;
const EDIT_RUNS: usize = 3;

/// The 20 fields (lĩnh vực) procedures are spread over; names as the national database has them.
const FIELDS: [&str; 20] = [
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Xây dựng",
    "Môi trường",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Văn hóa",
    "Thể dục, thể thao",
    "Nông nghiệp",
    "Thủy lợi",
    "Lâm nghiệp",
    "Giao thông đường bộ",
    "Người có công",
    "Bảo trợ xã hội",
    "Giảm nghèo",
    "Hòa giải ở cơ sở",
    "Nuôi con nuôi",
    "Đăng ký, quản lý cư trú",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
];

const ACTIONS: [&str; 10] = [
    "Đăng ký",
    "Cấp",
    "Cấp lại",
    "Điều chỉnh",
    "Xác nhận",
    "Thẩm định",
    "Công nhận",
    "Gia hạn",
    "Thông báo",
    "Giải quyết",
];

const OBJECTS: [&str; 12] = [
    "giấy chứng nhận",
    "hồ sơ đề nghị hỗ trợ",
    "thông tin thay đổi",
    "kết quả rà soát hằng năm",
    "quyết định công nhận",
    "đơn đề nghị của tổ chức, cá nhân",
    "sổ theo dõi",
    "kế hoạch tổ chức thực hiện",
    "giấy phép hoạt động",
    "danh sách đối tượng",
    "phương án sử dụng",
    "văn bản chấp thuận",
];

const SUBJECTS: [&str; 6] = [
    "công dân cư trú trên địa bàn xã",
    "hộ gia đình",
    "tổ chức, cá nhân",
    "người Việt Nam định cư ở nước ngoài",
    "hợp tác xã, tổ hợp tác",
    "cơ sở ngoài công lập",
];

/// Sentences steps are made of (~100 characters each).
const STEP_SENTENCES: [&str; 12] = [
    "Tổ chức, cá nhân chuẩn bị đầy đủ hồ sơ theo quy định và nộp tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã.",
    "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; nếu hồ sơ đầy đủ thì viết giấy tiếp nhận và hẹn trả kết quả.",
    "Trường hợp hồ sơ chưa đầy đủ, chưa hợp lệ thì hướng dẫn người nộp bổ sung, hoàn thiện một lần bằng văn bản.",
    "Người nộp hồ sơ trực tuyến đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử mức độ 2.",
    "Công chức chuyên môn thẩm định hồ sơ, xác minh thực tế khi cần thiết và báo cáo Chủ tịch Ủy ban nhân dân cấp xã.",
    "Chủ tịch Ủy ban nhân dân cấp xã xem xét, ký văn bản giải quyết trong thời hạn quy định kể từ ngày nhận đủ hồ sơ.",
    "Trường hợp không đủ điều kiện giải quyết thì trả lời bằng văn bản, nêu rõ lý do để người yêu cầu được biết.",
    "Kết quả được trả trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc trên tài khoản dịch vụ công.",
    "Thời gian tiếp nhận hồ sơ: sáng từ 7 giờ 30 đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ các ngày làm việc.",
    "Người yêu cầu nộp phí, lệ phí (nếu có) khi nộp hồ sơ, bằng tiền mặt hoặc thanh toán trực tuyến qua Cổng.",
    "Thông tin trong hồ sơ được đối chiếu với Cơ sở dữ liệu quốc gia về dân cư, không yêu cầu nộp thêm giấy tờ đã có.",
    "Công chức cập nhật kết quả giải quyết vào Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh.",
];

/// Document names (~200 characters with the procedure's own words added).
const DOCUMENTS: [&str; 8] = [
    "Tờ khai theo mẫu quy định, ghi đầy đủ thông tin của người yêu cầu và có chữ ký hoặc điểm chỉ",
    "Đơn đề nghị của tổ chức, cá nhân, có xác nhận của trưởng thôn, tổ dân phố nơi cư trú",
    "Bản sao giấy tờ chứng minh quyền, lợi ích hợp pháp liên quan, kèm bản chính để đối chiếu",
    "Văn bản ủy quyền có công chứng hoặc chứng thực, trong trường hợp nộp hồ sơ thay người khác",
    "Biên bản kiểm tra hiện trạng, có chữ ký của các bên liên quan và xác nhận của công chức chuyên môn",
    "Giấy tờ chứng minh nơi cư trú, trong trường hợp Cơ sở dữ liệu quốc gia về dân cư chưa có thông tin",
    "Căn cước điện tử; bản chính hoặc bản sao Thẻ căn cước công dân, Thẻ căn cước hoặc Hộ chiếu còn giá trị sử dụng",
    "Danh sách kèm theo, ghi rõ họ tên, ngày tháng năm sinh, số định danh cá nhân của từng người",
];

const NOTES: [&str; 8] = [
    "Người yêu cầu không phải nộp bản sao giấy tờ đã được số hóa và khai thác được từ cơ sở dữ liệu chuyên ngành",
    "Giấy tờ do cơ quan có thẩm quyền của nước ngoài cấp phải được hợp pháp hóa lãnh sự, trừ trường hợp được miễn",
    "Trường hợp nộp hồ sơ trực tuyến, các giấy tờ phải được chụp, quét từ bản chính và bảo đảm rõ nét, đầy đủ",
    "Cơ quan tiếp nhận không được yêu cầu người nộp xuất trình thêm giấy tờ khác ngoài thành phần hồ sơ đã công bố",
    "Trường hợp người yêu cầu là người không biết chữ thì công chức tiếp nhận ghi hộ và đọc lại cho người đó nghe",
    "Giấy tờ bằng tiếng nước ngoài phải kèm bản dịch sang tiếng Việt có chứng thực chữ ký người dịch theo quy định",
    "Bản sao không có chứng thực thì người nộp xuất trình bản chính để công chức tiếp nhận đối chiếu ngay khi nhận",
    "Trường hợp thông tin trong giấy tờ không thống nhất, người yêu cầu có văn bản giải trình kèm theo hồ sơ",
];

const LAWS: [(&str, &str, &str, &str); 10] = [
    ("60/2014/QH13", "Luật Hộ tịch", "Quốc hội", "20/11/2014"),
    ("31/2024/QH15", "Luật Đất đai", "Quốc hội", "18/01/2024"),
    ("123/2015/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", "Chính phủ", "15/11/2015"),
    ("63/2010/NĐ-CP", "Nghị định về kiểm soát thủ tục hành chính", "Chính phủ", "08/06/2010"),
    ("92/2017/NĐ-CP", "Nghị định sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính", "Chính phủ", "07/08/2017"),
    ("61/2018/NĐ-CP", "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính", "Chính phủ", "23/04/2018"),
    ("45/2020/NĐ-CP", "Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử", "Chính phủ", "08/04/2020"),
    ("107/2021/NĐ-CP", "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP", "Chính phủ", "06/12/2021"),
    ("01/2023/TT-VPCP", "Thông tư quy định một số nội dung và biện pháp thi hành trong số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Văn phòng Chính phủ", "05/04/2023"),
    ("281/2016/TT-BTC", "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí trong lĩnh vực này", "Bộ Tài chính", "14/11/2016"),
];

const TIMES: [&str; 6] = [
    "5 Ngày làm việc",
    "3 Ngày làm việc",
    "1 Ngày làm việc",
    "15 Ngày",
    "10 Ngày làm việc",
    "Trong ngày",
];

const FEES: [&str; 6] = [
    "Miễn phí",
    "Miễn phí",
    "50,000 Việt Nam Đồng(/giao dịch)",
    "8,000 VNĐ",
    "2,000 Việt Nam Đồng(/trang)",
    "100,000 Việt Nam Đồng",
];

const MAIN_HEADER: [&str; 19] = [
    "STT",
    "Mã TTHC",
    "Tên TTHC",
    "Link truy cập",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Đối tượng thực hiện",
    "Loại TTHC",
    "Từ khóa",
    "Địa chỉ tiếp nhận",
    "Cơ quan thực hiện",
    "Cơ quan có thẩm quyền",
    "Cơ quan phối hợp",
    "Cơ quan được ủy quyền",
    "Mô tả",
    "Trạng thái",
];

/// A small deterministic generator, so that every run benchmarks the same workbook.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

/// A sheet being filled row by row; header in row 1 for child sheets, row 3 for the main one.
struct SheetWriter {
    sheet: Worksheet,
    row: u32,
}

impl SheetWriter {
    fn new(name: &str, title_rows: &[&str], header: &[&str]) -> Self {
        let mut sheet = Worksheet::new();
        sheet.set_name(name).unwrap();
        let mut w = SheetWriter { sheet, row: 0 };
        for t in title_rows {
            w.push(&[t]);
        }
        w.push(header);
        w
    }

    /// Writes a row; empty cells are left out, as the export leaves them blank.
    fn push(&mut self, cells: &[&str]) {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                self.sheet.write_string(self.row, c as u16, *v).unwrap();
            }
        }
        self.row += 1;
    }
}

/// Procedure `i`'s code: `1.NNNNNN`, unique for i < 27,000 (37 is prime to 10^6).
fn code(i: usize) -> String {
    format!("1.{:06}", (i * 37 + 1000) % 1_000_000)
}

/// Writes a national-database workbook of `n` procedures to `path`.
fn write_workbook(path: &Path, n: usize) {
    let mut main = SheetWriter::new(
        "TTHC2-CAPXA",
        &[
            "DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ",
            "(Dữ liệu xuất từ Cơ sở dữ liệu quốc gia về thủ tục hành chính)",
        ],
        &MAIN_HEADER,
    );
    let mut channels = SheetWriter::new(
        "Cách thức thực hiện",
        &[],
        &[
            "STT",
            "Mã TTHC",
            "Tên TTHC",
            "Hình thức nộp",
            "Thời gian giải quyết",
            "Phí, lệ phí",
            "Mô tả",
        ],
    );
    let mut steps = SheetWriter::new(
        "Trình tự thực hiện",
        &[],
        &["STT", "Mã TTHC", "Tên TTHC", "Trường hợp", "Mô tả chi tiết"],
    );
    let mut docs = SheetWriter::new(
        "TPHS",
        &[],
        &[
            "STT",
            "Mã TTHC",
            "Tên TTHC",
            "Mã TPHS",
            "Tên giấy tờ",
            "Loại giấy tờ",
            "Cơ quan ban hành",
            "Bản chính",
            "Bản sao",
            "Biểu mẫu điện tử",
        ],
    );
    let mut results = SheetWriter::new(
        "KQTH",
        &[],
        &[
            "STT",
            "Mã TTHC",
            "Tên TTHC",
            "Mã kết quả",
            "Tên kết quả",
            "Cơ quan ban hành",
            "Mô tả",
        ],
    );
    let mut legal = SheetWriter::new(
        "CCPL",
        &[],
        &[
            "STT",
            "Mã TTHC",
            "Tên TTHC",
            "Số ký hiệu",
            "Trích yếu",
            "Cơ quan ban hành",
            "Ngày ban hành",
            "Ngày hiệu lực",
            "Địa chỉ truy cập",
        ],
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Running row numbers of the child sheets' STT column.
    let (mut n_chan, mut n_step, mut n_doc, mut n_res, mut n_law) = (0, 0, 0, 0, 0);
    for i in 0..n {
        let code = code(i);
        let field = FIELDS[i % FIELDS.len()];
        let object = rng.pick(&OBJECTS);
        let subject = rng.pick(&SUBJECTS);
        let name = format!(
            "{} {object} cho {subject} thuộc lĩnh vực {}",
            rng.pick(&ACTIONS),
            field.to_lowercase()
        );
        // Looks like the portal's UUIDv7 ids; only needs to be a well-formed, unique URL.
        let link = format!(
            "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-{:04x}-7{:03x}-b{:03x}-{:012x}",
            i % 0x1_0000,
            rng.next() % 0x1000,
            rng.next() % 0x1000,
            (i as u64) << 16 | (rng.next() as u64 & 0xffff)
        );
        let decision = format!("{}/QĐ-BTP", 100 + i % 3000);
        let date = format!("{:02}/{:02}/20{}", 1 + i % 28, 1 + i % 12, 20 + i % 6);
        let keywords = format!("{object}, {}", field.to_lowercase());
        main.push(&[
            &(i + 1).to_string(),
            &code,
            &name,
            &link,
            &decision,
            &date,
            "Bộ Tư pháp",
            field,
            "Cấp xã",
            "Công dân Việt Nam, Người Việt Nam định cư ở nước ngoài, Tổ chức (không bao gồm doanh nghiệp, HTX)",
            "TTHC không được luật giao cho địa phương quy định",
            &keywords,
            "Bộ phận Một cửa, Ủy ban nhân dân cấp xã",
            "Ủy ban nhân dân cấp xã",
            "Chủ tịch Ủy ban nhân dân cấp xã",
            if i % 3 == 0 { "Công an cấp xã" } else { "" },
            "",
            "",
            "Đang áp dụng",
        ]);

        // Three channels, with the export's habit of a long description on some rows.
        let time = rng.pick(&TIMES);
        let fee = rng.pick(&FEES);
        for (k, way) in ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"]
            .into_iter()
            .enumerate()
        {
            n_chan += 1;
            let notes = if k == 0 {
                format!(
                    "Nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã nơi {subject}. \
                     {}",
                    STEP_SENTENCES[(i + k) % STEP_SENTENCES.len()]
                )
            } else {
                String::new()
            };
            channels.push(&[&n_chan.to_string(), &code, &name, way, time, fee, &notes]);
        }

        // ~9 steps of ~300 characters; a quarter of the procedures split their last steps
        // into an online case, as the export does with "Trường hợp".
        let step_count = 8 + rng.next() % 3;
        for k in 0..step_count {
            n_step += 1;
            let case = if i % 4 == 0 && k >= step_count - 3 {
                "Trường hợp nộp hồ sơ trực tuyến"
            } else {
                ""
            };
            let detail = format!(
                "Bước {}: Đối với việc {} của {subject}: {} {} {}",
                k + 1,
                object,
                rng.pick(&STEP_SENTENCES),
                rng.pick(&STEP_SENTENCES),
                rng.pick(&STEP_SENTENCES),
            );
            steps.push(&[&n_step.to_string(), &code, &name, case, &detail]);
        }

        // ~16 document rows: 8 to submit or show, 8 notes ("Lưu ý").
        let doc_count = 14 + rng.next() % 5;
        for k in 0..doc_count {
            n_doc += 1;
            let note = k % 2 == 1;
            let (text, group, originals, copies) = if note {
                (rng.pick(&NOTES), "Lưu ý", "0", "0")
            } else if k % 6 == 4 {
                (rng.pick(&DOCUMENTS), "Giấy tờ phải xuất trình", "1", "0")
            } else {
                let (o, c) = if k % 4 == 2 { ("0", "1") } else { ("1", "0") };
                (rng.pick(&DOCUMENTS), "Giấy tờ phải nộp", o, c)
            };
            let doc_name = format!("{text} (đối với việc {object} của {subject}).");
            let doc_code = format!("{code}-{:02}", k + 1);
            docs.push(&[
                &n_doc.to_string(),
                &code,
                &name,
                &doc_code,
                &doc_name,
                group,
                "",
                originals,
                copies,
                "",
            ]);
        }

        for k in 0..1 + i % 2 {
            n_res += 1;
            let res_code = format!("KQ.G15.{:06}T", (i * 2 + k) % 1_000_000);
            let res_name = format!("Văn bản {} {object}", ["chấp thuận", "xác nhận"][k]);
            results.push(&[
                &n_res.to_string(),
                &code,
                &name,
                &res_code,
                &res_name,
                "Ủy ban nhân dân cấp xã",
                "",
            ]);
        }

        let law_count = 8 + rng.next() % 5;
        for k in 0..law_count {
            n_law += 1;
            let (number, title, issuer, issued) = LAWS[(i + k) % LAWS.len()];
            legal.push(&[
                &n_law.to_string(),
                &code,
                &name,
                number,
                title,
                issuer,
                issued,
                "",
                "",
            ]);
        }
    }
    let mut wb = Workbook::new();
    for s in [main, channels, steps, docs, results, legal] {
        wb.push_worksheet(s.sheet);
    }
    wb.save(path).unwrap();
}

/// An empty site: config with the commune's details, and a home page.
fn write_empty_site(root: &Path) {
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "config.toml",
        r#"base_url = "https://xa.example.vn"
title = "Xã Thử"
description = "Cổng thông tin điện tử của Ủy ban nhân dân Xã Thử."
theme = "niemyet"
build_search_index = true

[commune]
name = "Xã Thử"
province = "Tỉnh Thử"
address = "Thôn Một, Xã Thử"
hotline = "0200 3 000 000"
email = "ubnd@xa.example.vn"
feedback_address = "Bộ phận Một cửa, Ủy ban nhân dân Xã Thử"
feedback_hotline = "0200 3 000 001"
feedback_email = "phananh@xa.example.vn"
national_portal_url = "https://dichvucong.gov.vn"
"#,
    );
    w(
        "content/_index.md",
        "+++\ntitle = \"Trang chủ\"\n+++\nXin chào.\n",
    );
}

fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0)
        / 1024
}

/// One import, in this process: prints time, files written, procedures added and unchanged,
/// and peak memory on one line for the parent to read.
fn import_once(root: &Path, file: &Path) {
    let opts = niemyet::import::command::ImportOptions::default();
    let t = Instant::now();
    let plan = niemyet::import::command::import(root, file, &opts).unwrap_or_else(|e| {
        let text: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        panic!("{}", text.join("\n"))
    });
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let r = &plan.report;
    // A generated row the reader skips or doubts would make the figures about a smaller site.
    assert!(r.skipped.is_empty(), "skipped rows: {:?}", r.skipped);
    assert!(r.warnings.is_empty(), "warnings: {:?}", r.warnings);
    assert!(r.conflicts.is_empty(), "conflicts: {:?}", r.conflicts);
    println!(
        "{ms:.1}\t{}\t{}\t{}\t{}",
        plan.writes.len(),
        r.added.len(),
        r.unchanged,
        peak_rss_mib()
    );
}

/// One build, in this process: prints time, output files, files written, warnings, peak
/// memory and phases on one line for the parent to read.
fn build_once(root: &Path) {
    let opts = niemyet::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(root.join("public")),
        base_url: None,
        drafts: false,
        today: None,
    };
    let t = Instant::now();
    let report = niemyet::build(&opts).unwrap_or_else(|d| panic!("{d}"));
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let warnings = report.warnings.iter().count();
    if let Some(w) = report.warnings.iter().next() {
        eprintln!("first of {warnings} warnings: {w}");
    }
    let phases: Vec<String> = report
        .timings
        .phases
        .iter()
        .map(|(p, d)| format!("{p} {:.0}", d.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "{ms:.1}\t{}\t{}\t{warnings}\t{}\t{}",
        report.write.files,
        report.write.written,
        peak_rss_mib(),
        phases.join(" | ")
    );
}

/// A child's line, split on tabs.
struct Run {
    ms: f64,
    rss_mib: u64,
    fields: Vec<String>,
}

impl Run {
    fn num(&self, i: usize) -> usize {
        self.fields[i].parse().unwrap()
    }
}

fn run_child(exe: &Path, step: &str, root: &Path, file: Option<&Path>) -> Run {
    let mut cmd = Command::new(exe);
    cmd.env("NIEMYET_BENCH_STEP", step)
        .env("NIEMYET_BENCH_ROOT", root);
    if let Some(f) = file {
        cmd.env("NIEMYET_BENCH_FILE", f);
    }
    let out = cmd.output().expect("run bench child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let fields: Vec<String> = line.trim_end().split('\t').map(str::to_string).collect();
    // Both kinds of line have the peak RSS in their fifth field.
    Run {
        ms: fields[0].parse().unwrap(),
        rss_mib: fields[4].parse().unwrap(),
        fields,
    }
}

/// Min / median wall time and the largest peak RSS of `runs`, for one line of the table.
fn summary(runs: &[Run]) -> String {
    let mut ms: Vec<f64> = runs.iter().map(|r| r.ms).collect();
    ms.sort_by(f64::total_cmp);
    let rss = runs.iter().map(|r| r.rss_mib).max().unwrap_or(0);
    format!(
        "min {:>6.0} ms, median {:>6.0} ms | peak RSS {rss:>4} MiB | {} runs",
        ms[0],
        ms[ms.len() / 2],
        runs.len()
    )
}

/// The median run by time, for its phases.
fn median_run(runs: &[Run]) -> &Run {
    let mut sorted: Vec<&Run> = runs.iter().collect();
    sorted.sort_by(|a, b| a.ms.total_cmp(&b.ms));
    sorted[sorted.len() / 2]
}

/// Files and bytes under `dir`.
fn tree_size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().unwrap().len();
        }
    }
    (files, bytes)
}

/// Procedure files the import wrote, in a fixed order, to pick one to edit.
fn procedure_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/thu-tuc"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("1."))
        })
        .collect();
    out.sort();
    out
}

/// Runs every step on `n` procedures: those of `real` (an export of that many), else a
/// workbook generated for the run.
fn run_size(exe: &Path, n: usize, real: Option<&Path>) {
    // On tmpfs when there is one, so that the figures measure niemyet rather than the disk.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let xlsx = match real {
        Some(p) => p.to_path_buf(),
        None => dir.path().join("tthc.xlsx"),
    };
    let t = Instant::now();
    if real.is_none() {
        write_workbook(&xlsx, n);
    }
    let xlsx_mb = std::fs::metadata(&xlsx).unwrap().len() as f64 / 1e6;
    println!(
        "{n:>6} procedures | workbook {xlsx_mb:.1} MB, written in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // (a) First import, each run into a fresh empty site; the last one is kept for the builds.
    let site = dir.path().join("site");
    let first: Vec<Run> = (0..IMPORT_RUNS)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&site);
            write_empty_site(&site);
            run_child(exe, "import", &site, Some(&xlsx))
        })
        .collect();
    let (written, added) = (first[0].num(1), first[0].num(2));
    assert_eq!(added, n, "every procedure is added");
    println!(
        "         first import   | {} | {written} files written ({added} procedures + section pages)",
        summary(&first)
    );

    // (b) Cold builds: no previous output.
    let public = site.join("public");
    let cold: Vec<Run> = (0..BUILD_RUNS)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&public);
            run_child(exe, "build", &site, None)
        })
        .collect();
    let (files, mb) = {
        let (f, b) = tree_size(&public);
        (f, b as f64 / 1e6)
    };
    assert_eq!(
        cold[0].num(1),
        files,
        "output files as the report counts them"
    );
    println!(
        "         cold build     | {} | {} files written, output {files} files, {mb:.1} MB, {} warnings",
        summary(&cold),
        cold[0].num(2),
        cold[0].num(3)
    );
    println!(
        "           median cold build phases (ms): {}",
        median_run(&cold).fields[5]
    );

    // (c) Re-import of the same file: nothing may change on disk.
    let again: Vec<Run> = (0..REIMPORT_RUNS)
        .map(|_| run_child(exe, "import", &site, Some(&xlsx)))
        .collect();
    for r in &again {
        assert_eq!(r.num(1), 0, "a re-import of the same file writes nothing");
        assert_eq!(r.num(3), n, "every procedure is unchanged");
    }
    println!(
        "         re-import      | {} | {} files written ({} unchanged)",
        summary(&again),
        again[0].num(1),
        again[0].num(3)
    );

    // (d) Rebuild over the previous output, nothing changed.
    let warm: Vec<Run> = (0..BUILD_RUNS)
        .map(|_| run_child(exe, "build", &site, None))
        .collect();
    println!(
        "         rebuild        | {} | {} files written",
        summary(&warm),
        warm[0].num(2)
    );
    println!(
        "           median rebuild phases (ms): {}",
        median_run(&warm).fields[5]
    );

    // (e) One procedure's body edited (an editor's note under the imported front matter),
    // then a rebuild: a different file each run, so that every run has a real change.
    let procedures = procedure_files(&site);
    let edits: Vec<Run> = (0..EDIT_RUNS)
        .map(|k| {
            let path = &procedures[(k * 7919) % procedures.len()];
            let mut text = std::fs::read_to_string(path).unwrap();
            text.push_str(&format!(
                "\nGhi chú của xã (lần sửa {k}): hồ sơ nộp trực tiếp được nhận cả sáng thứ Bảy.\n"
            ));
            std::fs::write(path, text).unwrap();
            run_child(exe, "build", &site, None)
        })
        .collect();
    let written: Vec<String> = edits.iter().map(|r| r.fields[2].clone()).collect();
    println!(
        "         edit + rebuild | {} | files written per run: {}",
        summary(&edits),
        written.join(", ")
    );
    println!(
        "           median edit + rebuild phases (ms): {}",
        median_run(&edits).fields[5]
    );
}

fn main() {
    if let Ok(step) = std::env::var("NIEMYET_BENCH_STEP") {
        let root = PathBuf::from(std::env::var_os("NIEMYET_BENCH_ROOT").expect("site root"));
        match step.as_str() {
            "import" => {
                let file = std::env::var_os("NIEMYET_BENCH_FILE").expect("import file");
                import_once(&root, Path::new(&file));
            }
            "build" => build_once(&root),
            other => panic!("unknown step {other}"),
        }
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let real = args.iter().any(|a| a == "real");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() && !real {
        vec![5_000]
    } else {
        sizes
    };
    if let Some(path) = std::env::var_os("NIEMYET_BENCH_WORKBOOK") {
        // Only write the workbook, to run the CLI on it by hand.
        write_workbook(Path::new(&path), sizes[0]);
        return;
    }
    let exe = std::env::current_exe().expect("bench executable");
    if real {
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/tthc-200.xlsx");
        if fixture.exists() {
            run_size(&exe, 200, Some(&fixture));
        } else {
            println!("skipped: {} is not there", fixture.display());
        }
    }
    for n in sizes {
        run_size(&exe, n, None);
    }
}
