// Browser test of `niemyet serve`: a page open in Chromium reloads by itself when its file is
// saved, shows the errors of a broken file over the page, and comes back when it is fixed.
//
// Usage: node livereload.mjs NIEMYET_BINARY SITE_FOLDER ARTIFACTS_FOLDER
// SITE_FOLDER is copied first: the test edits the copy.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS } from './serve.mjs';

const [binary, siteDir, artifacts] = process.argv.slice(2);
if (!binary || !siteDir || !artifacts) {
  console.error('usage: node livereload.mjs NIEMYET_BINARY SITE_FOLDER ARTIFACTS_FOLDER');
  process.exit(2);
}
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const site = fs.mkdtempSync(path.join(os.tmpdir(), 'niemyet-serve-'));
for (const entry of ['config.toml', 'content', 'templates', 'themes', 'static', 'sass']) {
  const from = path.join(siteDir, entry);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(site, entry), { recursive: true });
}
const server = spawn(binary, ['serve', '--port', '0', '--root', site], {
  env: { ...process.env, SOURCE_DATE_EPOCH: '1796083200' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const origin = await new Promise((resolve, reject) => {
  let seen = '';
  server.stderr.on('data', (chunk) => {
    seen += chunk;
    const m = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) resolve(m[0]);
  });
  server.on('exit', (code) => reject(new Error(`niemyet serve exited (${code}): ${seen}`)));
  setTimeout(() => reject(new Error(`niemyet serve did not start: ${seen}`)), 30000);
});
console.log(`serving ${site} at ${origin}`);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
try {
  // A page whose source is one file: the first news article, or the first procedure.
  const file = ['content/tin-tuc', 'content/thu-tuc/ho-tich']
    .map((d) => path.join(site, d))
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.md') && f !== '_index.md')
      .map((f) => path.join(d, f)))[0];
  const text = fs.readFileSync(file, 'utf8');
  const title = text.match(/^title = "(.*)"$/m)[1];
  const url = new URL(path.relative(path.join(site, 'content'), file)
    .replace(/\.md$/, '/').replace(/\./g, '-'), `${origin}/`).href;
  await page.goto(url, { waitUntil: 'load' });
  const h1 = () => page.evaluate(() => document.querySelector('h1')?.textContent || '');
  if (!(await h1()).includes(title)) fail(`${url} does not show "${title}" (shows "${await h1()}")`);

  console.log('== saving a new title: the open page reloads by itself');
  const started = Date.now();
  fs.writeFileSync(file, text.replace(`title = "${title}"`, `title = "${title} (đã sửa)"`));
  await page.waitForFunction((t) => document.querySelector('h1')?.textContent.includes(t), `${title} (đã sửa)`,
    { timeout: 15000 }).catch(() => fail('the page did not reload with the new title'));
  console.log(`  reloaded with the new title ${Date.now() - started} ms after saving`);

  console.log('== a broken file: the errors show over the page, then go when it is fixed');
  fs.writeFileSync(file, text.replace(/^date = .*$/m, 'date = 2026-13-45'));
  await page.waitForSelector('#niemyet-loi', { timeout: 15000 })
    .catch(() => fail('no error box after saving a broken date'));
  const box = await page.evaluate(() => document.getElementById('niemyet-loi')?.textContent || '');
  const rel = path.relative(site, file);
  if (!box.includes(rel) || !/lỗi/.test(box)) fail(`the error box does not name ${rel}: ${box.slice(0, 200)}`);
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'serve-error-360.png') });
  fs.writeFileSync(file, text);
  await page.waitForFunction(() => !document.getElementById('niemyet-loi'), null, { timeout: 15000 })
    .catch(() => fail('the error box stayed after the file was fixed'));
  if (!(await h1()).includes(title)) fail(`after the fix the page shows "${await h1()}"`);
  for (const e of errors) fail(`page error: ${e}`);
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(site, { recursive: true, force: true });
}
if (failures.length) {
  console.log(`\n${failures.length} live reload check(s) failed`);
  process.exit(1);
}
console.log('\nall live reload checks passed');
