//! Build benchmark on generated sites (not a timed test).
//!
//! Site and output live on tmpfs (/dev/shm) when available.
//!
//! `cargo bench --bench build` builds synthetic sites of 1,000 and 10,000 pages (or the sizes
//! given as arguments: `cargo bench --bench build -- 500 5000`). Each build runs in a fresh
//! process, as `niemyet build` does, so that its time and peak memory (VmHWM) are its own: 7
//! builds from scratch, then 7 over the previous output; min and median are printed. The site: 6 sections paginated by 20,
//! 30 tags paginated by 20 (each page in 2–4 tags), ~1.5 KB of Vietnamese markdown per page
//! with headings, a list, a table, links and a summary marker, rendered with the built-in
//! default theme. `NIEMYET_BENCH_SEARCH=1` turns the search index (Pagefind) on.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The allocator the `niemyet` binary uses, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECTIONS: &[(&str, &str)] = &[
    ("tin-tuc", "Tin tức"),
    ("thong-bao", "Thông báo"),
    ("huong-dan", "Hướng dẫn"),
    ("van-ban", "Văn bản"),
    ("dat-dai", "Đất đai"),
    ("ho-tich", "Hộ tịch"),
];

fn page_text(i: usize, section: &str) -> String {
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    // 2 to 4 of the 30 tags, spread evenly.
    let tags = (0..2 + i % 3)
        .map(|k| format!("\"{}\"", TAGS[(i * 7 + k * 11) % TAGS.len()]))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"+++
title = "Thông báo số {i} về việc tiếp nhận hồ sơ đăng ký đất đai và hộ tịch"
description = "Ủy ban nhân dân xã thông báo lịch tiếp nhận hồ sơ, thành phần hồ sơ và thời hạn giải quyết."
date = 2026-{month:02}-{day:02}
[taxonomies]
tags = [{tags}]
+++
Ủy ban nhân dân xã thông báo đến toàn thể Nhân dân trên địa bàn về việc tiếp nhận và giải quyết
hồ sơ thủ tục hành chính tại Bộ phận Một cửa trong tháng {month}.

<!-- more -->

## Thời gian tiếp nhận

Bộ phận Một cửa tiếp nhận hồ sơ vào các ngày làm việc trong tuần, buổi sáng từ 7 giờ 30 đến
11 giờ 30, buổi chiều từ 13 giờ 30 đến 17 giờ. Ngày thứ Bảy tiếp nhận hồ sơ đăng ký khai sinh,
khai tử và chứng thực bản sao từ bản chính.

## Thành phần hồ sơ

- Tờ khai theo mẫu quy định, ghi đầy đủ thông tin của người yêu cầu;
- Giấy tờ tùy thân có ảnh còn thời hạn sử dụng (Căn cước công dân hoặc Căn cước);
- Giấy tờ chứng minh nơi cư trú trong trường hợp cơ sở dữ liệu chưa có thông tin;
- Văn bản ủy quyền có chứng thực nếu nộp hồ sơ thay người khác.

## Thời hạn và lệ phí

| Thủ tục | Thời hạn | Lệ phí |
|---|---|---|
| Đăng ký khai sinh | Trong ngày | Miễn phí |
| Chứng thực bản sao | Trong ngày | 2.000 đồng/trang |
| Đăng ký đất đai lần đầu | 20 ngày làm việc | Theo quy định |

### Nộp hồ sơ trực tuyến

Người dân có thể nộp hồ sơ trực tuyến trên [Cổng Dịch vụ công quốc gia](https://dichvucong.gov.vn)
bằng tài khoản định danh điện tử mức 2, hoặc xem [bài hướng dẫn](/{section}/) của xã. Mọi thắc mắc
xin liên hệ đường dây nóng của Ủy ban nhân dân xã để được hướng dẫn cụ thể.
"#
    )
}

const TAGS: [&str; 30] = [
    "Đất đai",
    "Hộ tịch",
    "Chứng thực",
    "Cư trú",
    "Xây dựng",
    "Môi trường",
    "Giáo dục",
    "Y tế",
    "Văn hóa",
    "Thể thao",
    "Du lịch",
    "Nông nghiệp",
    "Thủy lợi",
    "Giao thông",
    "Điện lực",
    "Bảo hiểm xã hội",
    "Lao động",
    "Người có công",
    "Trẻ em",
    "Giảm nghèo",
    "Quốc phòng",
    "An ninh",
    "Tư pháp",
    "Hòa giải",
    "Thuế",
    "Tài chính",
    "Kế hoạch",
    "Chuyển đổi số",
    "Khoa học",
    "Dân tộc",
];

fn generate(root: &Path, n: usize) {
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let search = std::env::var_os("NIEMYET_BENCH_SEARCH").is_some_and(|v| v == "1");
    w(
        "config.toml",
        &format!(
            "base_url = \"https://xa.example.vn\"\ntitle = \"Xã Thử\"\ntheme = \"niemyet\"\n\
             build_search_index = {search}\n\
             taxonomies = [{{ name = \"tags\", paginate_by = 20 }}]\n\
             [commune]\nname = \"Xã Thử\"\nhotline = \"0200 111 222\"\n"
        ),
    );
    w(
        "content/_index.md",
        "+++\ntitle = \"Trang chủ\"\n+++\nXin chào.\n",
    );
    for (slug, title) in SECTIONS {
        w(
            &format!("content/{slug}/_index.md"),
            &format!("+++\ntitle = \"{title}\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n"),
        );
    }
    for i in 0..n {
        let (slug, _) = SECTIONS[i % SECTIONS.len()];
        w(&format!("content/{slug}/bai-{i}.md"), &page_text(i, slug));
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// One build of the site at `root`, in this process: prints its time, files written, peak
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
    let phases: Vec<String> = report
        .timings
        .phases
        .iter()
        .map(|(p, d)| format!("{p} {:.0}", d.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "{ms:.1}\t{}\t{}\t{}\t{}",
        report.write.files,
        report.write.written,
        peak_rss_kib() / 1024,
        phases.join(" | ")
    );
}

struct Run {
    ms: f64,
    files: usize,
    written: usize,
    rss_mib: u64,
    phases: String,
}

fn run_child(exe: &Path, root: &Path) -> Run {
    let out = Command::new(exe)
        .env("NIEMYET_BENCH_BUILD", root)
        .output()
        .expect("run bench child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let f: Vec<&str> = line.trim_end().split('\t').collect();
    Run {
        ms: f[0].parse().unwrap(),
        files: f[1].parse().unwrap(),
        written: f[2].parse().unwrap(),
        rss_mib: f[3].parse().unwrap(),
        phases: f[4].to_string(),
    }
}

const RUNS: usize = 7;

/// Builds a generated site of `n` pages `RUNS` times from scratch and `RUNS` times again over
/// its own output, each build in a fresh process as a user runs `niemyet build`.
fn run_size(exe: &Path, n: usize) {
    // On tmpfs when there is one, so that the figures measure niemyet rather than the disk.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    generate(dir.path(), n);
    let public = dir.path().join("public");
    let mut cold: Vec<Run> = (0..RUNS)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&public);
            run_child(exe, dir.path())
        })
        .collect();
    let mut warm: Vec<Run> = (0..RUNS).map(|_| run_child(exe, dir.path())).collect();
    for runs in [&mut cold, &mut warm] {
        runs.sort_by(|a, b| a.ms.total_cmp(&b.ms));
    }
    let median = |r: &[Run]| r[r.len() / 2].ms;
    let rss = cold
        .iter()
        .chain(&warm)
        .map(|r| r.rss_mib)
        .max()
        .unwrap_or(0);
    println!(
        "{n:>6} pages | {:>6} files | cold build min {:>6.0} ms, median {:>6.0} ms ({} written) | \
         rebuild min {:>6.0} ms, median {:>6.0} ms ({} written) | peak RSS {rss:>4} MiB | {RUNS} runs each",
        cold[0].files,
        cold[0].ms,
        median(&cold),
        cold[0].written,
        warm[0].ms,
        median(&warm),
        warm[0].written,
    );
    println!(
        "         median cold build phases (ms): {}",
        cold[RUNS / 2].phases
    );
    println!(
        "         median rebuild phases (ms): {}",
        warm[RUNS / 2].phases
    );
}

fn main() {
    if let (Ok(n), Ok(dir)) = (
        std::env::var("NIEMYET_BENCH_GENERATE"),
        std::env::var("NIEMYET_BENCH_DIR"),
    ) {
        // Only write the site, to profile the CLI on it.
        generate(Path::new(&dir), n.parse().expect("page count"));
        return;
    }
    if let Ok(root) = std::env::var("NIEMYET_BENCH_BUILD") {
        build_once(Path::new(&root));
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let exe = std::env::current_exe().expect("bench executable");
    for n in sizes {
        run_size(&exe, n);
    }
}
