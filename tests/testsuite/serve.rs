//! `niemyet serve` as an editor uses it: the binary started on a free port, files edited, and
//! the served pages checked (raw HTTP, so that traversal attempts reach the server as sent).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A running `niemyet serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_niemyet"))
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .args(["serve", "--port", "0", "--root"])
        .arg(site)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let port = loop {
        let line = lines
            .next()
            .expect("serve exited before listening")
            .unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest[..rest.find('/').unwrap()].parse().unwrap();
        }
    };
    // Keep reading its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// Sends `GET target` as written and returns status, Content-Type and body.
fn get(port: u16, target: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head[9..12].parse().unwrap();
    let ctype = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or("")
        .to_string();
    (status, ctype, body.to_string())
}

/// Polls `target` until its body satisfies `ok`, for up to 10 s.
fn wait_for(port: u16, target: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, _, body) = get(port, target);
        if ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{target} never changed as expected:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The start of the reload script every served page gets; it ends with the build the page was
/// served from (`data-build="N"`).
const RELOAD: &str = "<script src=\"/__niemyet/livereload.js\" data-build=\"";

/// `body` without the reload script.
fn without_reload(body: &str) -> String {
    let re =
        regex::Regex::new(r#"<script src="/__niemyet/livereload\.js" data-build="\d+"></script>"#)
            .unwrap();
    re.replace_all(body, "").into_owned()
}

#[test]
fn serves_the_site_and_follows_edits_as_a_full_build_would() {
    let dir = fixture("procedures");
    let server = start(dir.path());
    let (status, ctype, home) = get(server.port, "/");
    assert_eq!((status, ctype.as_str()), (200, "text/html; charset=utf-8"));
    assert!(home.contains(RELOAD), "{home}");

    let page = "content/thu-tuc/ho-tich/1.000656.md";
    let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
    write(
        dir.path(),
        page,
        &text.replace(
            "Thủ tục đăng ký khai tử",
            "Thủ tục đăng ký khai tử (đã sửa)",
        ),
    );
    let served = wait_for(server.port, "/thu-tuc/ho-tich/1-000656/", |b| {
        b.contains("khai tử (đã sửa)")
    });
    // What is served is what `niemyet build` writes for the same address, plus the script.
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_niemyet"))
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--base-url"])
        .arg(format!("http://127.0.0.1:{}", server.port))
        .arg("--output-dir")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for (url, file) in [
        (
            "/thu-tuc/ho-tich/1-000656/",
            "thu-tuc/ho-tich/1-000656/index.html",
        ),
        ("/thu-tuc/ho-tich/", "thu-tuc/ho-tich/index.html"),
        ("/thu-tuc/", "thu-tuc/index.html"),
        ("/", "index.html"),
    ] {
        let body = if url == "/thu-tuc/ho-tich/1-000656/" {
            served.clone()
        } else {
            get(server.port, url).2
        };
        let expected = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert_eq!(without_reload(&body), expected, "{url}");
    }
    let sitemap = get(server.port, "/sitemap.xml").2;
    assert_eq!(
        sitemap,
        std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap()
    );
}

#[test]
fn a_content_error_shows_over_the_page_until_it_is_fixed() {
    let dir = fixture("procedures");
    let server = start(dir.path());
    let bad = "+++\ntitle = \"Lỗi\"\ndate = 2026-13-45\n+++\n";
    write(dir.path(), "content/thu-tuc/loi.md", bad);
    let shown = wait_for(server.port, "/thu-tuc/", |b| b.contains("niemyet-loi"));
    assert!(shown.contains("Trang chưa dựng lại được: 1 lỗi"), "{shown}");
    assert!(shown.contains("content/thu-tuc/loi.md:3:8"), "{shown}");
    assert!(shown.contains("tháng phải từ 01 đến 12"), "{shown}");
    // The last good pages stay under the errors, and every page shows them.
    assert!(shown.contains("Thủ tục hành chính"), "{shown}");
    let (status, _, other) = get(server.port, "/thu-tuc/ho-tich/1-001193/");
    assert_eq!(status, 200);
    assert!(other.contains("niemyet-loi"));
    std::fs::remove_file(dir.path().join("content/thu-tuc/loi.md")).unwrap();
    let fixed = wait_for(server.port, "/thu-tuc/", |b| !b.contains("niemyet-loi"));
    assert!(fixed.contains(RELOAD));
}

#[test]
fn requests_outside_the_site_get_404() {
    let dir = fixture("procedures");
    write(dir.path(), "bi-mat.txt", "MẬT KHẨU");
    let server = start(dir.path());
    for target in [
        "/../config.toml",
        "/../bi-mat.txt",
        "/%2e%2e/bi-mat.txt",
        "/%2E%2E%2Fbi-mat.txt",
        "/..%2fbi-mat.txt",
        "/..%5cbi-mat.txt",
        "/thu-tuc/../../bi-mat.txt",
        "//etc/passwd",
        "/%2F%2Fetc/passwd",
        "/C:/Windows/win.ini",
        &format!("/{}", dir.path().join("bi-mat.txt").display()),
    ] {
        let (status, _, body) = get(server.port, target);
        assert_eq!(status, 404, "{target}");
        assert!(
            !body.contains("MẬT KHẨU") && !body.contains("base_url"),
            "{target}"
        );
    }
}

#[test]
fn files_are_served_with_their_types() {
    let dir = fixture("procedures");
    write(
        dir.path(),
        "static/site.webmanifest",
        "{\"name\": \"Xã Thử\"}",
    );
    write(dir.path(), "static/van-ban/mau.pdf", "%PDF-1.4\n%%EOF\n");
    let server = start(dir.path());
    for (target, ctype) in [
        ("/favicon.svg", "image/svg+xml"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/procedures.json", "application/json"),
        ("/van-ban/mau.pdf", "application/pdf"),
        ("/site.webmanifest", "application/manifest+json"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/__niemyet/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let (status, got, _) = get(server.port, target);
        assert_eq!((status, got.as_str()), (200, ctype), "{target}");
    }
    let (status, ctype, body) = get(server.port, "/khong-co/");
    assert_eq!((status, ctype.as_str()), (404, "text/html; charset=utf-8"));
    assert!(body.contains(RELOAD), "{body}");
}
