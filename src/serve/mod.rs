//! `niemyet serve`: the site built in memory and served on 127.0.0.1 for the editorial board,
//! rebuilt when a source file changes, with the open browser pages reloaded. A build that
//! fails keeps the last good pages and shows its errors over them until the file is fixed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use http::{Connection, Request};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::incremental::{Change, SearchDone, Session};
use crate::output::file_for_url_path;
use crate::site::BuildOptions;

pub mod http;

/// The address of the script that reloads a page after a rebuild.
const RELOAD_SCRIPT_PATH: &str = "/__niemyet/livereload.js";
/// The address of the stream telling pages to reload.
const EVENTS_PATH: &str = "/__niemyet/events";
/// The page says which build it was served from, so that a rebuild finished while it was
/// loading (before its stream connected) still reloads it.
const RELOAD_SCRIPT: &str = "// niemyet serve: reloads this page when the site is rebuilt.\n\
(() => {\n  const build = document.currentScript?.dataset.build || '';\n  \
const events = new EventSource('/__niemyet/events?build=' + build);\n  \
events.addEventListener('reload', () => location.reload());\n})();\n";
/// The folders of a site whose files make the site (besides the files in its root).
const WATCHED_DIRS: [&str; 6] = ["content", "templates", "themes", "static", "sass", "data"];
/// How long to wait for more changes after one, so that one save (often several events: a
/// temporary file renamed over the old one) rebuilds once.
const SETTLE: Duration = Duration::from_millis(3);
/// How often a reload stream looks whether its page has gone.
const STREAM_POLL: Duration = Duration::from_millis(250);
/// How long a reload stream may stay quiet.
const PING_EVERY: Duration = Duration::from_secs(15);

/// What the user asked `niemyet serve` for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The interface to listen on (127.0.0.1 unless asked otherwise).
    pub interface: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Open the site in the browser once it is served.
    pub open: bool,
    /// Print how long each phase of each rebuild took.
    pub timings: bool,
}

/// The site as served: the last good build, and the errors of the last build if it failed.
#[derive(Default)]
struct Served {
    files: HashMap<String, Arc<Vec<u8>>>,
    errors: Option<Diagnostics>,
    /// How many times pages were told to reload: the build a page is served from.
    build: u64,
}

/// The preview server's shared state.
struct Preview {
    served: RwLock<Served>,
    /// One sender per open page listening for reloads, by stream number.
    listeners: Mutex<HashMap<u64, Sender<()>>>,
    /// The number the next stream gets.
    next_listener: std::sync::atomic::AtomicU64,
    /// Print each rebuild's phases.
    timings: bool,
}

impl Preview {
    fn reload_pages(&self) {
        if let Ok(mut served) = self.served.write() {
            served.build += 1;
        }
        if let Ok(mut l) = self.listeners.lock() {
            l.retain(|_, tx| tx.send(()).is_ok());
        }
    }
}

fn serve_error(what: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("không chạy được trang xem trước: {what}"))
}

/// Builds the site in memory, serves it and rebuilds it on every change, until interrupted.
pub fn run(opts: &ServeOptions) -> Result<(), Diagnostic> {
    let listener = std::net::TcpListener::bind((opts.interface, opts.port)).map_err(|e| {
        serve_error(format!("không mở được cổng {}: {e}", opts.port))
            .with_hint("cổng đang bận: chọn cổng khác, ví dụ --port 1112")
    })?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|_| serve_error("không rõ địa chỉ đang nghe"))?;
    let host = match opts.interface {
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) if a.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(a) => a.to_string(),
    };
    let url = format!("http://{host}:{port}");
    // Events name absolute paths: compare them with the root as the system spells it.
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| serve_error(format!("{}: {e}", opts.root.display())))?;
    let build_opts = BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        ..BuildOptions::default()
    };
    let preview = Arc::new(Preview {
        served: RwLock::new(Served::default()),
        listeners: Mutex::new(HashMap::new()),
        next_listener: Default::default(),
        timings: opts.timings,
    });
    let (tx, rx) = mpsc::channel();
    let events = tx.clone();
    let mut watcher = notify::recommended_watcher(move |ev| {
        let _ = events.send(Message::Changed(ev));
    })
    .map_err(serve_error)?;
    for dir in watched(&root) {
        let mode = if dir.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        watcher
            .watch(&dir, mode)
            .map_err(|e| serve_error(format!("không theo dõi được {}: {e}", dir.display())))?;
    }
    // Watching starts before the first build, so that a file saved while it runs is not missed.
    let mut session = Session::new(build_opts);
    rebuild(&mut session, &Change::Everything, &preview);
    let mut indexer = Indexer::new(tx);
    eprintln!("Đang xem trước tại {url}/ (Ctrl+C để dừng). Sửa tệp nào, trang tự tải lại.");
    if opts.open {
        open_browser(&format!("{url}/"));
    }
    {
        let preview = preview.clone();
        std::thread::spawn(move || watch_loop(&rx, &root, &mut session, &mut indexer, &preview));
    }
    http::serve(listener, move |request, conn| {
        respond(&request, conn, &preview)
    });
    drop(watcher);
    Ok(())
}

/// The folders and files a change in which changes the site.
fn watched(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = WATCHED_DIRS
        .iter()
        .map(|d| root.join(d))
        .filter(|p| p.is_dir())
        .collect();
    // The root itself, not recursively: config.toml and data files beside it.
    v.push(root.to_path_buf());
    v
}

/// Whether a changed path can change the site: not an editor's swap or backup file, nor the
/// output of `niemyet build`.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return false;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    // A file directly in the root: config.toml or a data file.
    rel.components().count() == 1 || WATCHED_DIRS.contains(&first.as_str())
}

/// What a batch of events changed: only content files, or more.
fn change_of(root: &Path, events: &[notify::Event]) -> Change {
    let content = root.join("content");
    let mut files = Vec::new();
    for e in events {
        if e.need_rescan() {
            return Change::Everything;
        }
        for p in e.paths.iter().filter(|p| relevant(root, p)) {
            if !p.starts_with(&content) {
                return Change::Everything;
            }
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    Change::Content(files)
}

/// What the watcher's thread hears of.
enum Message {
    /// A file changed.
    Changed(notify::Result<notify::Event>),
    /// A search index was made.
    Indexed(Result<SearchDone, Diagnostics>),
}

/// Makes search indexes on a thread of their own, one at a time, so that rebuilding after the
/// next save does not wait for them.
struct Indexer {
    tx: Sender<Message>,
    busy: bool,
}

impl Indexer {
    fn new(tx: Sender<Message>) -> Self {
        Indexer { tx, busy: false }
    }

    /// Starts the index the last build left to make, unless one is being made: its end
    /// starts the next.
    fn start(&mut self, session: &mut Session) {
        if self.busy {
            return;
        }
        if let Some(job) = session.search_job() {
            self.busy = true;
            let tx = self.tx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(Message::Indexed(job.run()));
            });
        }
    }

    /// Serves the index just made, unless a newer build made it stale, and starts the next.
    fn finished(
        &mut self,
        done: Result<SearchDone, Diagnostics>,
        session: &mut Session,
        preview: &Preview,
    ) {
        self.busy = false;
        match done {
            Ok(done) => {
                if session.take_search(done) {
                    if let Ok(mut served) = preview.served.write() {
                        served.files = session.files();
                    }
                }
            }
            Err(d) => {
                eprintln!("{d}");
                if let Ok(mut served) = preview.served.write() {
                    served.errors = Some(d);
                }
                preview.reload_pages();
            }
        }
        self.start(session);
    }
}

fn watch_loop(
    rx: &Receiver<Message>,
    root: &Path,
    session: &mut Session,
    indexer: &mut Indexer,
    preview: &Preview,
) {
    let wanted = |ev: notify::Result<notify::Event>| match ev {
        Ok(e) if !e.kind.is_access() && e.paths.iter().any(|p| relevant(root, p)) => Some(e),
        Ok(_) => None,
        // An event lost: the watcher no longer knows what changed.
        Err(_) => Some(notify::Event::default().set_flag(notify::event::Flag::Rescan)),
    };
    while let Ok(message) = rx.recv() {
        let first = match message {
            Message::Changed(ev) => match wanted(ev) {
                Some(e) => e,
                None => continue,
            },
            Message::Indexed(done) => {
                indexer.finished(done, session, preview);
                continue;
            }
        };
        // Take every change that follows closely: an editor saving writes several events.
        let mut events = vec![first];
        let mut done = None;
        let deadline = Instant::now() + SETTLE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(Message::Changed(ev)) => events.extend(wanted(ev)),
                Ok(Message::Indexed(d)) => done = Some(d),
                Err(_) => break,
            }
        }
        if let Some(d) = done {
            indexer.finished(d, session, preview);
        }
        rebuild(session, &change_of(root, &events), preview);
        indexer.start(session);
    }
}

/// Builds the site again and serves the result; on errors keeps the last good pages and shows
/// the errors over them. Open pages are told to reload either way.
fn rebuild(session: &mut Session, change: &Change, preview: &Preview) {
    let started = Instant::now();
    let result = session.build(change);
    let files = result.is_ok().then(|| session.files());
    let ms = started.elapsed().as_millis();
    {
        let Ok(mut served) = preview.served.write() else {
            return;
        };
        match result {
            Ok(b) => {
                served.files = files.unwrap_or_default();
                served.errors = None;
                let what = if b.full {
                    String::new()
                } else {
                    format!(
                        " (dựng lại {} trong {} trang, mục)",
                        b.rendered_jobs, b.jobs
                    )
                };
                eprintln!(
                    "Đã dựng {} trang, {} mục trong {ms} ms{what}.",
                    b.pages, b.sections
                );
                if preview.timings {
                    for (p, d) in &b.timings.phases {
                        eprintln!("  {:>7.1} ms  {p}", d.as_secs_f64() * 1000.0);
                    }
                }
                if !b.warnings.is_empty() {
                    eprintln!(
                        "{} cảnh báo (xem bằng niemyet check).",
                        b.warnings.warning_count()
                    );
                }
            }
            Err(d) => {
                eprintln!("{d}");
                eprintln!(
                    "Có {} lỗi: trang xem trước hiện các lỗi này cho đến khi sửa xong.",
                    d.error_count()
                );
                served.errors = Some(d);
            }
        }
    }
    preview.reload_pages();
    session.free_replaced();
}

/// Opens `url` in the desktop's browser, if there is one; a failure only says so.
fn open_browser(url: &str) {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(cmd).args(args).spawn().is_err() {
        eprintln!("Không mở được trình duyệt; hãy mở {url} bằng tay.");
    }
}

/// The output path a request's URL path names, or None when it reaches outside the site
/// (`..`, encoded or not, a backslash, a drive or an absolute path after decoding).
pub fn resolve_request_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    // A `%` must start an escape: "%zz" is refused, not served as written.
    let b = path.as_bytes();
    let bad_escape = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if bad_escape {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0', ':']) || decoded.starts_with("//") {
        return None;
    }
    if decoded
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains(".."))
    {
        return None;
    }
    Some(file_for_url_path(&decoded))
}

/// The Content-Type of an output file, by its extension; text in UTF-8.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "xml" | "javascript");
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// The errors of a failed build, as a box over the page (Vietnamese, file and line first).
fn overlay(errors: &Diagnostics) -> String {
    let mut html = String::from(
        "<div id=\"niemyet-loi\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
         max-height:75vh;z-index:2147483647;overflow:auto;background:#fff;color:#1b1b1b;\
         border:6px solid #b00020;padding:1rem 1.25rem;font:16px/1.5 system-ui,sans-serif;\
         box-shadow:0 4px 12px rgba(0,0,0,.4)\">",
    );
    html.push_str(&format!(
        "<h1 style=\"color:#b00020;font-size:1.4rem;margin:0 0 .5rem\">Trang chưa dựng lại được: {} lỗi</h1>\
         <p>Sửa các lỗi dưới đây rồi lưu tệp: trang tự tải lại. Bên dưới vẫn là bản dựng được gần nhất.</p>",
        errors.error_count()
    ));
    for d in errors.iter() {
        html.push_str("<pre style=\"white-space:pre-wrap;background:#fdecee;padding:.5rem .75rem;margin:.5rem 0\">");
        html.push_str(&crate::markdown::attr(&d.to_string()));
        html.push_str("</pre>");
    }
    html.push_str("</div>");
    html
}

/// Adds the reload script, and the errors when there are some, before `</body>`.
fn inject(html: &[u8], errors: Option<&Diagnostics>, build: u64) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(e) = errors {
        extra.push_str(&overlay(e));
    }
    extra.push_str(&format!(
        "<script src=\"{RELOAD_SCRIPT_PATH}\" data-build=\"{build}\"></script>"
    ));
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Streams a server-sent `reload` event to a page each time the site is rebuilt, until the
/// page goes away, which is noticed within [`STREAM_POLL`].
fn stream_reloads(conn: Connection, preview: &Preview, since: Option<u64>) {
    let Some(mut stream) = conn.event_stream() else {
        return;
    };
    let (tx, rx) = mpsc::channel();
    let id = preview
        .next_listener
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(mut l) = preview.listeners.lock() {
        l.insert(id, tx.clone());
    }
    // A page served before the last rebuild was still loading when the others were told to
    // reload: tell it now. Checked after listening, so that no rebuild falls in between.
    let current = preview.served.read().map_or(0, |s| s.build);
    if since.is_some_and(|n| n < current) {
        let _ = tx.send(());
    }
    let mut last_sent = Instant::now();
    loop {
        let event: &[u8] = match rx.recv_timeout(STREAM_POLL) {
            Ok(()) => b"event: reload\ndata: reload\n\n",
            Err(mpsc::RecvTimeoutError::Timeout) if stream.closed() => break,
            // A comment now and then keeps proxies and browsers from closing a quiet stream.
            Err(mpsc::RecvTimeoutError::Timeout) if last_sent.elapsed() >= PING_EVERY => {
                b": ping\n\n"
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if !stream.send(event) {
            break;
        }
        last_sent = Instant::now();
    }
    if let Ok(mut l) = preview.listeners.lock() {
        l.remove(&id);
    }
}

fn respond(request: &Request, conn: Connection, preview: &Preview) {
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            conn.respond(
                405,
                "text/plain; charset=utf-8",
                &[("Allow", "GET, HEAD")],
                b"",
                false,
            );
            return;
        }
    };
    let url = request.target.as_str();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == RELOAD_SCRIPT_PATH {
        conn.respond(
            200,
            "text/javascript; charset=utf-8",
            &[("Cache-Control", "no-store")],
            RELOAD_SCRIPT.as_bytes(),
            head_only,
        );
        return;
    }
    if path == EVENTS_PATH {
        let since = url
            .split_once("?build=")
            .and_then(|(_, n)| n.parse::<u64>().ok());
        stream_reloads(conn, preview, since);
        return;
    }
    let (status, file, body) = {
        let Ok(served) = preview.served.read() else {
            return;
        };
        let errors = served.errors.as_ref();
        let key = resolve_request_path(url);
        let found = key
            .as_ref()
            .and_then(|k| served.files.get(k).map(|b| (k, b)));
        match found {
            Some((k, bytes)) if k.ends_with(".html") => {
                (200, k.clone(), inject(bytes, errors, served.build))
            }
            Some((k, bytes)) => (200, k.clone(), bytes.to_vec()),
            None => {
                let page = served.files.get("404.html").map_or_else(
                    || {
                        b"<!DOCTYPE html><html lang=\"vi\"><body><h1>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</h1></body></html>"
                            .to_vec()
                    },
                    |b| b.to_vec(),
                );
                (
                    404,
                    "404.html".to_string(),
                    inject(&page, errors, served.build),
                )
            }
        }
    };
    conn.respond(
        status,
        &content_type(&file),
        &[
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
        &body,
        head_only,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_outside_the_site_are_refused() {
        assert_eq!(
            resolve_request_path("/tin-tuc/a/?x=1").as_deref(),
            Some("tin-tuc/a/index.html")
        );
        assert_eq!(resolve_request_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve_request_path("/%C4%91%E1%BA%A5t/").as_deref(),
            Some("đất/index.html")
        );
        for bad in [
            "/../config.toml",
            "/a/../../config.toml",
            "/%2e%2e/config.toml",
            "/%2E%2E%2Fconfig.toml",
            "/..%2fconfig.toml",
            "/..%5cconfig.toml",
            "//etc/passwd",
            "/%2F%2Fetc/passwd",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "/%zz",
            "/%ff%fe",
            "http://example.com/",
            "",
        ] {
            assert_eq!(resolve_request_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("procedures.json"), "application/json");
        assert_eq!(content_type("van-ban/a/ke-hoach.PDF"), "application/pdf");
        assert_eq!(
            content_type("site.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(
            content_type("pagefind/x.pf_index"),
            "application/octet-stream"
        );
    }

    #[test]
    fn pages_get_the_reload_script_and_errors() {
        let html = b"<html><body><p>A</p></body></html>";
        let plain = String::from_utf8(inject(html, None, 7)).unwrap();
        assert_eq!(
            plain,
            "<html><body><p>A</p><script src=\"/__niemyet/livereload.js\" data-build=\"7\"></script></body></html>"
        );
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("trường `date`: ngày <sai>")
                .in_file(Path::new("content/a.md"))
                .at(Some((3, 1))),
        );
        let shown = String::from_utf8(inject(html, Some(&d), 7)).unwrap();
        assert!(shown.contains("Trang chưa dựng lại được: 1 lỗi"), "{shown}");
        assert!(shown.contains("content/a.md:3:1"), "{shown}");
        assert!(shown.contains("ngày &lt;sai&gt;"), "{shown}");
    }
}
