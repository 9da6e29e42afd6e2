// Browser tests of the search page (/tim-kiem/) of a built niemyet site, in Debian's Chromium
// driven by playwright-core: queries typed without Vietnamese marks find the page they mean,
// the first search stays within its transfer budget and later ones answer quickly, the page
// has no axe violations, and without JavaScript it lists the procedures A–Z.
//
// Usage: node search.mjs SITE_FOLDER PORT ARTIFACTS_FOLDER [QUERIES]
// The site must have been built with --base-url http://127.0.0.1:PORT. QUERIES is a module
// whose default export lists the queries and the pages they must find (queries/demo.mjs, the
// default, for the demo site; queries/catalogue.mjs for the 200 real procedures). Every
// failure is listed, then the run exits with status 1.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM, FLAGS } from './serve.mjs';

const [siteDir, portArg, artifacts, queryFile] = process.argv.slice(2);
if (!siteDir || !portArg || !artifacts) {
  console.error('usage: node search.mjs SITE_FOLDER PORT ARTIFACTS_FOLDER [QUERIES]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const querySet = await import(pathToFileURL(path.resolve(queryFile || path.join(here, 'queries/demo.mjs'))).href);
const QUERIES = querySet.default;
if (!Array.isArray(QUERIES) || !Number.isFinite(querySet.firstSearchBudget)) {
  console.error(`${queryFile || 'queries/demo.mjs'}: export the queries as default and firstSearchBudget`);
  process.exit(2);
}
const port = Number(portArg);
const origin = `http://127.0.0.1:${port}`;
const SEARCH = `${origin}/tim-kiem/`;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Bytes the first search may transfer: the query set says, for the size of its site.
const FIRST_SEARCH_BUDGET = querySet.firstSearchBudget;
const QUERY_BUDGET_MS = 100;
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const root = path.resolve(siteDir);
// The procedures of the site, from the open data file the build writes.
const open = fs.existsSync(path.join(root, 'procedures.json'))
  ? JSON.parse(fs.readFileSync(path.join(root, 'procedures.json'), 'utf8'))
  : [];
const records = Array.isArray(open) ? open : open.procedures || [];
const pageOf = new Map(records.map((p) => [p.code, new URL(p.url).pathname]));
// An expected page: its URL path, or a procedure's code ("1.001193") standing for its page.
const expected = (want) => {
  if (!/^\d\.\d{6}/.test(want)) return want;
  if (!pageOf.has(want)) fail(`the query set expects procedure ${want}, which the site does not have`);
  return pageOf.get(want) || want;
};
const server = await serve(root, port);
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

/** Types `q` in the search field, submits, and waits until the results for it are shown. */
async function search(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await page.waitForFunction(
    (text) => document.getElementById('ket-qua').dataset.query === text.trim(),
    q,
    { timeout: 15000 },
  );
  return page.evaluate(() => ({
    urls: [...document.querySelectorAll('#ket-qua ol a')].map((a) => new URL(a.href).pathname),
    ms: Number(document.getElementById('ket-qua').dataset.ms),
    status: document.querySelector('#ket-qua .search-status').textContent,
  }));
}

async function axe(page, what) {
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
    fail(`${what}: axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
  }
}

console.log('== first search: bytes transferred');
{
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  server.sent.splice(0);
  await page.goto(SEARCH, { waitUntil: 'load' });
  const first = await search(page, 'dang ky khai sinh');
  // Let the fetches the results started finish before counting.
  await page.waitForLoadState('networkidle');
  // Counted by the server: what the browser fetched, its worker's fetches included.
  const sent = server.sent.splice(0);
  const total = sent.reduce((sum, r) => sum + r.bytes, 0);
  const list = [...sent].sort((a, b) => b.bytes - a.bytes).map((r) => `${r.path} ${r.bytes}`);
  console.log(`  ${sent.length} requests, ${total} bytes: ${list.join(', ')}`);
  console.log(`  first search shown in ${first.ms} ms (index loaded on the way)`);
  if (total > FIRST_SEARCH_BUDGET) fail(`first search transferred ${total} bytes, over ${FIRST_SEARCH_BUDGET}`);
  for (const e of errors) fail(`search page: console error: ${e}`);

  console.log('== queries without marks');
  const times = [];
  let passed = 0;
  let known = 0;
  for (const { q, first, top3, known: why } of QUERIES) {
    const r = await search(page, q);
    times.push(r.ms);
    // `first`: one page; `top3`: one page or several, each among the first 3.
    const wanted = (first ? [first] : [top3].flat()).map(expected);
    const ranks = wanted.map((u) => r.urls.indexOf(u) + 1);
    const ok = ranks.every((rank) => (first ? rank === 1 : rank >= 1 && rank <= 3));
    const shown = r.urls.slice(0, 3).join(' | ') || '(nothing)';
    const found = wanted.map((u, i) => `#${ranks[i] || '-'} ${u}`).join(', ');
    if (why) {
      // A known miss: reported, and a failure only once it passes, so that it is noticed.
      known += 1;
      console.log(`  ${ok ? 'FAIL' : 'miss'} "${q}" → ${found} (known: ${why}; top: ${shown})`);
      if (ok) fail(`"${q}" now finds ${found}: remove its \`known\``);
      continue;
    }
    if (ok) passed += 1;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} "${q}" → ${found} (${r.ms} ms; top: ${shown})`);
    if (!ok) fail(`"${q}": ${found}, wanted ${first ? 'first' : 'in the top 3'} (top: ${shown})`);
  }
  console.log(`  ${passed} of ${QUERIES.length - known} queries found what they should${known ? `; ${known} known miss(es)` : ''}`);
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`  ${times.length} queries after the first: median ${median} ms, slowest ${sorted.at(-1)} ms`);
  if (sorted.at(-1) > QUERY_BUDGET_MS) fail(`a query took ${sorted.at(-1)} ms to show, over ${QUERY_BUDGET_MS} ms`);

  // Nothing found: the page says so and points to the A–Z list.
  const none = await search(page, 'xyzzyq');
  if (none.urls.length || !/Không tìm thấy/.test(none.status)) fail(`a query matching nothing shows "${none.status}"`);
  // Content from pages is shown as text, never as markup.
  const injected = await search(page, '<img src=x onerror=alert(1)>');
  const hasImg = await page.evaluate(() => document.querySelectorAll('#ket-qua img').length);
  if (hasImg) fail(`a query with markup put an <img> in the results (${injected.status})`);
  for (const e of errors) fail(`search page: console error: ${e}`);
  await context.close();
}

console.log('== axe-core and layout');
for (const size of [{ width: 360, height: 640 }, { width: 1280, height: 800 }]) {
  const context = await browser.newContext({ viewport: size, locale: 'vi-VN' });
  await context.addInitScript({ content: axeSource });
  const page = await context.newPage();
  await page.goto(`${SEARCH}?q=dang+ky`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('ket-qua').dataset.query === 'dang ky');
  await axe(page, `search page with results at ${size.width}px`);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) fail(`search page scrolls sideways by ${overflow}px at ${size.width}px`);
  if (size.width === 360) {
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'search-360.png'), fullPage: false });
    // The header's search box on an ordinary page leads to the search page, with the query.
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await axe(page, 'home page with the header search box at 360px');
    await page.fill('#tim-nhanh', 'chung thuc');
    await Promise.all([page.waitForURL(/\/tim-kiem\/\?q=/), page.press('#tim-nhanh', 'Enter')]);
    await page.waitForFunction(() => document.getElementById('ket-qua').dataset.query === 'chung thuc');
    const top = await page.evaluate(() => document.querySelector('#ket-qua ol a')?.getAttribute('href'));
    if (!top || !top.includes('/thu-tuc/chung-thuc/')) fail(`the header's search box led to results topped by ${top}`);
  }
  await context.close();
}

console.log('== without JavaScript: procedures A–Z');
{
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.fill('#tim-nhanh', 'dang ky khai sinh');
  await Promise.all([page.waitForURL(/\/tim-kiem\/\?q=/), page.press('#tim-nhanh', 'Enter')]);
  const az = await page.evaluate(() => ({
    letters: [...document.querySelectorAll('.az h3')].map((h) => h.textContent),
    names: [...document.querySelectorAll('.az-list a')].map((a) => a.textContent),
    jump: [...document.querySelectorAll('.az nav a')].map((a) => a.getAttribute('href')),
    results: !document.getElementById('ket-qua').hidden,
  }));
  // Every procedure in force, from the open data file the build writes.
  const inForce = records.filter((p) => (p.status || 'dang-ap-dung') === 'dang-ap-dung');
  console.log(`  ${az.names.length} procedures under ${az.letters.length} letters (${az.letters.join(' ')}); ${inForce.length} in force`);
  if (az.names.length !== inForce.length) fail(`the A–Z list has ${az.names.length} procedures, ${inForce.length} are in force`);
  const sorted = [...az.names].sort(new Intl.Collator('vi').compare);
  if (JSON.stringify(sorted) !== JSON.stringify(az.names)) fail('the A–Z list is not in Vietnamese alphabetical order');
  if (az.results) fail('without JavaScript an empty results box is shown');
  for (const href of az.jump) {
    if (!(await page.$(href))) fail(`the A–Z letter link ${href} leads nowhere`);
  }
  if (!az.names.some((n) => /khai sinh/.test(n))) fail('the A–Z list misses the birth registration');
  await context.close();
}

await browser.close();
server.close();
if (failures.length) {
  console.log(`\n${failures.length} search check(s) failed`);
  process.exit(1);
}
console.log('\nall search checks passed');
