// Browser tests of a built niemyet site, in Debian's Chromium driven by playwright-core:
// accessibility (axe-core) on every page at phone and desktop sizes, layout at 320 px,
// no script and no inline style, Lighthouse (mobile) scores, and the weight of a typical page.
//
// Usage: node run.mjs SITE_FOLDER PORT ARTIFACTS_FOLDER
// The site must have been built with --base-url http://127.0.0.1:PORT.
// Every budget that fails is listed, then the run exits with status 1.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import { serve, CHROMIUM, FLAGS } from './serve.mjs';

const [siteDir, portArg, artifacts] = process.argv.slice(2);
if (!siteDir || !portArg || !artifacts) {
  console.error('usage: node run.mjs SITE_FOLDER PORT ARTIFACTS_FOLDER');
  process.exit(2);
}
const port = Number(portArg);
const origin = `http://127.0.0.1:${port}`;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SIZES = [{ width: 360, height: 640 }, { width: 1280, height: 800 }];
const WEIGHT_BUDGET = 30 * 1024;
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const root = path.resolve(siteDir);
const server = await serve(root, port);

// Every page the sitemap lists, plus the 404 page.
const sitemap = fs.readFileSync(path.join(root, 'sitemap.xml'), 'utf8');
const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
if (!pages.every((p) => p.startsWith(origin))) {
  console.error(`the site was not built with --base-url ${origin}`);
  process.exit(2);
}
pages.push(`${origin}/404.html`);
console.log(`${pages.length} pages`);

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

for (const size of SIZES) {
  console.log(`== axe-core and layout at ${size.width}×${size.height}`);
  const context = await browser.newContext({ viewport: size, locale: 'vi-VN' });
  await context.addInitScript({ content: axeSource });
  const page = await context.newPage();
  const scripts = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  let current = '';
  page.on('console', (m) => {
    // The 404 page's own status is expected; anything else (a CSP refusal, a missing file) is not.
    if (m.type() === 'error' && !(current.endsWith('/404.html') && /404/.test(m.text()))) {
      fail(`${current}: console error: ${m.text()}`);
    }
  });
  for (const url of pages) {
    current = url;
    await page.goto(url, { waitUntil: 'load' });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      AXE_TAGS,
    );
    for (const v of result.violations) {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
      fail(`${url}: axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
    }
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      fontSize: parseFloat(getComputedStyle(document.body).fontSize),
      inline: document.querySelectorAll(
        'style, [style], script:not([type="application/ld+json"])',
      ).length,
      description: document.querySelector('meta[name="description"]')?.content || '',
      canonical: document.querySelector('link[rel="canonical"]')?.href || '',
      ogTitle: document.querySelector('meta[property="og:title"]')?.content || '',
      jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')]
        .map((s) => s.textContent),
    }));
    if (facts.lang !== 'vi') fail(`${url}: <html lang> is "${facts.lang}", not "vi"`);
    if (facts.overflow > 0) fail(`${url}: scrolls sideways by ${facts.overflow}px at ${size.width}px`);
    if (facts.fontSize < 18) fail(`${url}: base text is ${facts.fontSize}px, under 18px`);
    if (facts.inline > 0) fail(`${url}: ${facts.inline} inline style or script element(s) (breaks a strict CSP)`);
    if (size.width === 360) {
      // The narrowest phones still in use: 320 px, without sideways scrolling either.
      await page.setViewportSize({ width: 320, height: 640 });
      const narrow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (narrow > 0) fail(`${url}: scrolls sideways by ${narrow}px at 320px`);
      await page.setViewportSize(size);
      if (!facts.description.trim()) fail(`${url}: no meta description`);
      if (!facts.canonical) fail(`${url}: no canonical URL`);
      if (!facts.ogTitle) fail(`${url}: no Open Graph title`);
      const org = facts.jsonLd.some((t) => {
        try {
          const data = JSON.parse(t);
          return [data, ...(data['@graph'] || [])].some((d) => d['@type'] === 'GovernmentOrganization');
        } catch {
          return false;
        }
      });
      if (!org) fail(`${url}: no JSON-LD GovernmentOrganization`);
    }
  }
  if (scripts.length) fail(`script requests: ${[...new Set(scripts)].join(', ')}`);
  if (size.width === 360) {
    // Printed, an ordinary page drops navigation and prints in black on white.
    const printed = pages.find((p) => /\/tin-tuc\/[^/]+\/$/.test(p)) || pages[0];
    await page.goto(printed, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('.site-nav')).display,
      skip: getComputedStyle(document.querySelector('.skip-link')).display,
      header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
    }));
    if (print.nav !== 'none' || print.skip !== 'none') {
      fail(`${printed}: the print stylesheet keeps the navigation (${JSON.stringify(print)})`);
    }
    if (!/rgba\(0, 0, 0, 0\)|transparent/.test(print.header)) {
      fail(`${printed}: the printed header has a background (${print.header})`);
    }
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    // Keyboard: the first Tab shows the skip link, Enter takes focus to the main content, and
    // a focused link is visibly marked.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { cls: el.className, visible: r.left >= 0 && r.top >= 0 && r.width > 0,
        bg: getComputedStyle(el).backgroundColor };
    });
    if (skip.cls !== 'skip-link' || !skip.visible) {
      fail(`home page: the first Tab does not show the skip link (${JSON.stringify(skip)})`);
    }
    await page.keyboard.press('Enter');
    const main = await page.evaluate(() => document.activeElement.id);
    if (main !== 'noi-dung') fail(`home page: the skip link moves focus to "${main}", not the main content`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { tag: el.tagName, bg: s.backgroundColor, outline: s.outlineStyle };
    });
    if (focused.tag !== 'A' || focused.bg !== 'rgb(255, 221, 0)') {
      fail(`home page: a focused link is not marked (${JSON.stringify(focused)})`);
    }
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'home-360.png'), fullPage: true });
  }
  await context.close();
}
await browser.close();

// A typical article: the first guidance or news article the sitemap lists; on a site without
// either (NIEMYET_BROWSER_SITE), the first page three folders deep, such as a procedure.
const article = pages.find((p) => /\/huong-dan\/[^/]+\/$/.test(p))
  || pages.find((p) => /\/tin-tuc\/[^/]+\/$/.test(p))
  || pages.find((p) => /^[a-z]+:\/\/[^/]+\/[^/]+\/[^/]+\/[^/]+\/$/.test(p));
if (!article) fail('no article found in the sitemap to measure');

console.log('== transferred weight (HTML + CSS, gzip)');
if (article) {
  const htmlPath = path.join(root, new URL(article).pathname, 'index.html');
  const html = fs.readFileSync(htmlPath);
  const css = [...html.toString().matchAll(/<link rel="stylesheet" href="([^"]+)"/g)]
    .map((m) => m[1].replace(/&#x2F;/g, '/').replace(/&amp;/g, '&'))
    .map((href) => fs.readFileSync(path.join(root, new URL(href, origin).pathname)));
  const weight = [html, ...css].reduce((sum, b) => sum + zlib.gzipSync(b).length, 0);
  console.log(`  ${article}: ${weight} bytes`);
  if (weight > WEIGHT_BUDGET) fail(`${article}: ${weight} bytes gzip, over ${WEIGHT_BUDGET}`);
}

console.log('== Lighthouse (mobile)');
const BUDGET = { performance: 0.95, accessibility: 1, 'best-practices': 0.95, seo: 1 };
const lhPort = port + 1;
const lhBrowser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [...FLAGS, `--remote-debugging-port=${lhPort}`],
});
for (const url of [`${origin}/`, article].filter(Boolean)) {
  const result = await lighthouse(url, {
    port: lhPort,
    output: 'json',
    logLevel: 'error',
    onlyCategories: Object.keys(BUDGET),
  });
  const lhr = result.lhr;
  const scores = Object.fromEntries(
    Object.keys(BUDGET).map((k) => [k, lhr.categories[k]?.score ?? 0]),
  );
  console.log(`  ${url}: ${JSON.stringify(scores)}`);
  for (const [k, min] of Object.entries(BUDGET)) {
    if (scores[k] < min) {
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
        .map((a) => a.id)
        .slice(0, 12)
        .join(', ');
      fail(`${url}: Lighthouse ${k} ${scores[k]} < ${min} (audits below 1: ${failing})`);
    }
  }
  const requests = lhr.audits['network-requests']?.details?.items || [];
  const js = requests.filter((r) => r.resourceType === 'Script');
  if (js.length) fail(`${url}: Lighthouse saw script requests: ${js.map((r) => r.url).join(', ')}`);
  const name = url === `${origin}/` ? 'home' : 'article';
  fs.writeFileSync(path.join(artifacts, `lighthouse-${name}.json`), JSON.stringify(lhr));
}
await lhBrowser.close();
server.close();

if (failures.length) {
  console.log(`\n${failures.length} budget(s) broken`);
  process.exit(1);
}
console.log('\nall browser budgets met');
