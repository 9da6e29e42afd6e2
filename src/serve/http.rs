//! The preview server's HTTP/1.1: a thread a connection, each bounded so that a server opened
//! to the LAN (`--interface 0.0.0.0`) cannot be made to grow without limit. A request head is
//! at most [`MAX_HEAD`] bytes and must arrive within [`HEAD_TIMEOUT`]; at most
//! [`MAX_CONNECTIONS`] connections are open at once, of which at most [`MAX_STREAMS`] are
//! reload streams; every answer closes its connection. Heads are parsed by httparse.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest request head read (request line and headers); a browser sends 1–2 KiB.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client has to send its whole request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may block before the client is given up.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once, reload streams included.
pub const MAX_CONNECTIONS: usize = 64;
/// Reload streams open at once (one per open browser tab).
pub const MAX_STREAMS: usize = 16;
/// How long between two log lines about the same kind of refusal.
const NOTICE_EVERY: Duration = Duration::from_secs(10);

/// A request as the preview serves it: only its method and target matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/thu-tuc/?q=1`).
    pub target: String,
}

/// Why a request was turned away, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Connections,
    Streams,
    HeadTooLarge,
}

/// Log lines about refusals, at most one per kind every [`NOTICE_EVERY`], so that a flood
/// of refused requests does not flood the editor's terminal.
#[derive(Default)]
struct Notices {
    last: Mutex<Vec<(Refusal, Instant)>>,
}

impl Notices {
    fn say(&self, kind: Refusal, from: Option<SocketAddr>) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let now = Instant::now();
        if let Some((_, at)) = last.iter_mut().find(|(k, _)| *k == kind) {
            if now.duration_since(*at) < NOTICE_EVERY {
                return;
            }
            *at = now;
        } else {
            last.push((kind, now));
        }
        let from = from.map_or_else(String::new, |a| format!(" từ {a}"));
        let text = match kind {
            Refusal::Connections => format!(
                "Trang xem trước: từ chối kết nối{from}: đã mở đủ {MAX_CONNECTIONS} kết nối cùng lúc."
            ),
            Refusal::Streams => format!(
                "Trang xem trước: từ chối theo dõi tải lại{from}: đã có {MAX_STREAMS} thẻ trình duyệt đang theo dõi."
            ),
            Refusal::HeadTooLarge => format!(
                "Trang xem trước: từ chối yêu cầu{from}: phần đầu dài hơn {} KiB.",
                MAX_HEAD / 1024
            ),
        };
        eprintln!("{text}");
    }
}

/// Counts what is open, and gives a slot back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(count.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What the server shares between connections.
#[derive(Default)]
struct Shared {
    connections: Arc<AtomicUsize>,
    streams: Arc<AtomicUsize>,
    notices: Notices,
}

/// One accepted connection, holding its place among the open ones.
pub struct Connection {
    stream: TcpStream,
    peer: Option<SocketAddr>,
    shared: Arc<Shared>,
    _slot: Slot,
}

/// Accepts connections on `listener` until it fails, reading each request on a thread of its
/// own and handing it to `handle` with its connection to answer on.
pub fn serve<H>(listener: TcpListener, handle: H)
where
    H: Fn(Request, Connection) + Send + Sync + 'static,
{
    let shared = Arc::new(Shared::default());
    let handle = Arc::new(handle);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let peer = stream.peer_addr().ok();
        let Some(slot) = Slot::take(&shared.connections, MAX_CONNECTIONS) else {
            shared.notices.say(Refusal::Connections, peer);
            // Said without waiting on the client: a full server must not block accepting.
            let _ = stream.set_nonblocking(true);
            let _ = (&stream).write_all(&answer_head(503, "text/plain; charset=utf-8", 0, &[]));
            continue;
        };
        let conn = Connection {
            stream,
            peer,
            shared: shared.clone(),
            _slot: slot,
        };
        let handle = handle.clone();
        std::thread::spawn(move || {
            let mut conn = conn;
            match conn.read_head() {
                Ok(request) => handle(request, conn),
                Err(status) => {
                    if status == 431 {
                        conn.shared.notices.say(Refusal::HeadTooLarge, conn.peer);
                    }
                    if status != 0 {
                        conn.respond(status, "text/plain; charset=utf-8", &[], b"", false);
                    }
                }
            }
        });
    }
}

/// The status line and headers of an answer that closes its connection.
fn answer_head(status: u16, content_type: &str, len: usize, headers: &[(&str, &str)]) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\nConnection: close\r\n"
    );
    if status == 503 {
        head.push_str("Retry-After: 1\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

impl Connection {
    /// Reads and parses the request head, within the size and time limits; on failure, the
    /// status to answer with (0: none, the client is gone).
    fn read_head(&mut self) -> Result<Request, u16> {
        let deadline = Instant::now() + HEAD_TIMEOUT;
        let _ = self.stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let mut buf = vec![0u8; MAX_HEAD];
        let mut len = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(408);
            }
            let _ = self.stream.set_read_timeout(Some(left));
            let n = match self.stream.read(&mut buf[len..]) {
                Ok(0) => return Err(0),
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(408)
                }
                Err(_) => return Err(0),
            };
            len += n;
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut req = httparse::Request::new(&mut headers);
            match req.parse(&buf[..len]) {
                Ok(httparse::Status::Complete(_)) => {
                    return Ok(Request {
                        method: req.method.unwrap_or_default().to_string(),
                        target: req.path.unwrap_or_default().to_string(),
                    })
                }
                Ok(httparse::Status::Partial) if len == buf.len() => return Err(431),
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => return Err(431),
                Err(_) => return Err(400),
            }
        }
    }

    /// Answers with `body` (only the head when `head_only`) and closes the connection.
    pub fn respond(
        mut self,
        status: u16,
        content_type: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        head_only: bool,
    ) {
        let mut bytes = answer_head(status, content_type, body.len(), headers);
        if !head_only {
            bytes.extend_from_slice(body);
        }
        let _ = self
            .stream
            .write_all(&bytes)
            .and_then(|()| self.stream.flush());
        let _ = self.stream.shutdown(std::net::Shutdown::Write);
    }

    /// Turns the connection into a server-sent event stream, if fewer than [`MAX_STREAMS`]
    /// are open; otherwise answers 503 and says so in the log.
    pub fn event_stream(mut self) -> Option<EventStream> {
        let Some(slot) = Slot::take(&self.shared.streams, MAX_STREAMS) else {
            self.shared.notices.say(Refusal::Streams, self.peer);
            self.respond(503, "text/plain; charset=utf-8", &[], b"", false);
            return None;
        };
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                    Connection: close\r\n\r\nretry: 500\n\n";
        self.stream
            .write_all(head.as_bytes())
            .and_then(|()| self.stream.flush())
            .ok()?;
        Some(EventStream {
            conn: self,
            _slot: slot,
        })
    }
}

/// A server-sent event stream to one browser page.
pub struct EventStream {
    conn: Connection,
    _slot: Slot,
}

impl EventStream {
    /// Sends `event` (already framed); false when the page has gone.
    pub fn send(&mut self, event: &[u8]) -> bool {
        let s = &mut self.conn.stream;
        s.write_all(event).and_then(|()| s.flush()).is_ok()
    }

    /// Whether the page closed the connection; asks without waiting.
    pub fn closed(&mut self) -> bool {
        let s = &mut self.conn.stream;
        if s.set_nonblocking(true).is_err() {
            return true;
        }
        let mut buf = [0u8; 256];
        let gone = match s.read(&mut buf) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
        };
        let _ = s.set_nonblocking(false);
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            serve(listener, |req, conn| {
                if req.target == "/events" {
                    if let Some(mut s) = conn.event_stream() {
                        while !s.closed() {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                } else {
                    let body = format!("{} {}", req.method, req.target);
                    conn.respond(
                        200,
                        "text/plain",
                        &[],
                        body.as_bytes(),
                        req.method == "HEAD",
                    );
                }
            })
        });
        addr
    }

    fn exchange(addr: SocketAddr, sent: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let _ = s.write_all(sent);
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        String::from_utf8_lossy(&got).into_owned()
    }

    #[test]
    fn answers_and_closes() {
        let addr = server();
        let got = exchange(addr, b"GET /a/?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
        assert!(got.contains("Connection: close\r\n"), "{got}");
        assert!(got.ends_with("GET /a/?x=1"), "{got}");
        let head = exchange(addr, b"HEAD / HTTP/1.1\r\n\r\n");
        assert!(head.contains("Content-Length: 6\r\n"), "{head}");
        assert!(head.ends_with("\r\n\r\n"), "only the head: {head}");
    }

    #[test]
    fn an_oversized_or_broken_head_is_refused() {
        let addr = server();
        let mut big = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        big.resize(MAX_HEAD + 10, b'a');
        let got = exchange(addr, &big);
        assert!(got.starts_with("HTTP/1.1 431 "), "{got}");
        let got = exchange(addr, b"GET / HT\x01TP/1.1\r\n\r\n");
        assert!(got.starts_with("HTTP/1.1 400 "), "{got}");
    }

    #[test]
    fn connections_and_streams_are_bounded() {
        let addr = server();
        // Half-sent requests hold their places until they time out.
        let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS)
            .map(|_| {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(b"GET / HT").unwrap();
                s
            })
            .collect();
        // The acceptor has counted them once it refuses the next one.
        let deadline = Instant::now() + Duration::from_secs(5);
        let refused = loop {
            let got = exchange(addr, b"GET / HTTP/1.1\r\n\r\n");
            if got.starts_with("HTTP/1.1 503 ") || Instant::now() > deadline {
                break got;
            }
        };
        assert!(refused.starts_with("HTTP/1.1 503 "), "{refused}");
        drop(idle);
        let deadline = Instant::now() + Duration::from_secs(5);
        let served = loop {
            let got = exchange(addr, b"GET / HTTP/1.1\r\n\r\n");
            if got.starts_with("HTTP/1.1 200 ") || Instant::now() > deadline {
                break got;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(
            served.starts_with("HTTP/1.1 200 "),
            "places come back: {served}"
        );

        let open_stream = || {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /events HTTP/1.1\r\n\r\n").unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = [0u8; 64];
            let n = s.read(&mut buf).unwrap();
            (s, String::from_utf8_lossy(&buf[..n]).into_owned())
        };
        let streams: Vec<TcpStream> = (0..MAX_STREAMS)
            .map(|_| {
                let (s, head) = open_stream();
                assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
                s
            })
            .collect();
        let (_, head) = open_stream();
        assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
        // Closed streams give their places back at once, not after a ping.
        drop(streams);
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let (_, head) = open_stream();
            if head.starts_with("HTTP/1.1 200 ") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "stream places not given back: {head}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
