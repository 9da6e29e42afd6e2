//! Preview server benchmark (not a timed test): from saving a page's file to `niemyet serve`
//! serving the rebuilt page.
//!
//! `cargo bench --bench serve` generates a 1,000-page site with the build benchmark's generator
//! (`cargo bench --bench build` with `NIEMYET_BENCH_GENERATE`; or the count given as argument:
//! `cargo bench --bench serve -- 5000`), starts the release `niemyet serve` on a free port, then
//! 21 times writes a page with a new marker in its body and, as an open browser page does,
//! waits for the server's reload event and asks for the page again, until the marker is
//! served. Min, median and max of save → served are printed. The site lives on tmpfs when
//! there is one.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 21;

fn get(port: u16, target: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    // The build benchmark writes the site.
    let status = Command::new(env!("CARGO"))
        .args(["bench", "--quiet", "--bench", "build"])
        .env("NIEMYET_BENCH_GENERATE", n.to_string())
        .env("NIEMYET_BENCH_DIR", dir.path())
        .status()
        .unwrap();
    assert!(status.success(), "generating the site failed");
    let release = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "niemyet"])
        .status()
        .unwrap();
    assert!(release.success());
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/niemyet");
    let mut child = Command::new(&exe)
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("serve exited").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest[..rest.find('/').unwrap()].parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});

    // A page in the middle of the site.
    let section = dir.path().join("content/tin-tuc");
    let mut pages: Vec<_> = std::fs::read_dir(&section)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|f| f != "_index.md"))
        .collect();
    pages.sort();
    let file = &pages[pages.len() / 2];
    let url = format!("/tin-tuc/{}/", file.file_stem().unwrap().to_string_lossy());
    let original = std::fs::read_to_string(file).unwrap();
    assert!(get(port, &url).contains("200 OK"), "{url} not served");
    // The reload events an open page listens to.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        events,
        "GET /__niemyet/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut events = BufReader::new(events);
    let mut times = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let marker = format!("Dấu sửa số {i} lúc {:?}", Instant::now());
        std::fs::write(file, format!("{original}\n{marker}\n")).unwrap();
        let saved = Instant::now();
        loop {
            let mut line = String::new();
            let read = events.read_line(&mut line).expect("reload events stopped");
            assert!(read > 0, "reload events stopped");
            if line.starts_with("event: reload") && get(port, &url).contains(&marker) {
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(30),
                "edit {i} never served"
            );
        }
        times.push(saved.elapsed());
        // Let the watcher settle before the next save.
        std::thread::sleep(Duration::from_millis(150));
    }
    std::fs::write(file, original).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{n:>6} pages | save → served: min {:.0} ms, median {:.0} ms, max {:.0} ms | {EDITS} edits",
        ms(times[0]),
        ms(times[EDITS / 2]),
        ms(times[EDITS - 1])
    );
}
