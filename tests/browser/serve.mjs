// A static server like the one the site will sit behind: gzip for text, index.html for folders,
// and the security headers the README recommends for nginx.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

// The policy the README recommends for nginx: pages must work under it. Scripts only from the
// site itself (the posters' print button), no inline script or style anywhere.
export const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "script-src 'self' 'wasm-unsafe-eval'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
};

/** Serves the folder `siteDir` on 127.0.0.1:`port`; resolves to the server once listening.
 * `server.sent` lists each response as sent: its path and bytes (status line, headers, body). */
export async function serve(siteDir, port) {
  const root = path.resolve(siteDir);
  const origin = `http://127.0.0.1:${port}`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, origin);
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!fs.existsSync(file)) {
      status = 404;
      file = path.join(root, '404.html');
    }
    let body = fs.readFileSync(file);
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    const headers = {
      'Content-Type': type,
      'Cache-Control': 'max-age=3600',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
    };
    if (/text|xml|json|svg/.test(type) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      body = zlib.gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    const head = Object.entries(headers).reduce((n, [k, v]) => n + `${k}: ${v}\r\n`.length, 0)
      + `HTTP/1.1 ${status} OK\r\n\r\n`.length + 'Content-Length: 000000\r\n'.length;
    server.sent.push({ path: url.pathname, bytes: head + body.length });
    res.writeHead(status, headers).end(body);
  });
  server.sent = [];
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/** Chromium as the tests launch it: Debian's, headless, without background networking. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
