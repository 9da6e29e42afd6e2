// Print tests of the posters (bản in niêm yết) of a built niemyet site, in Debian's Chromium:
// every poster listed on /ban-in/ is printed to PDF as a browser prints by default (backgrounds
// off), and then
// - the PDF has exactly one page per sheet, each of the poster's declared size (pdfinfo);
// - no sheet overflows its box, even where overflow is hidden (scroll size against box size);
// - QR codes are printed at least 25 mm wide (60 mm for a procedure's own), not counting the
//   white quiet zone around them, and no text is smaller than 11 pt;
// - every code, cut out of its page rasterised at 150 dpi (pdftoppm), gives back with zbarimg
//   the address it is meant to encode, and the whole pages hold no other code;
// - the list of posters and every poster have no axe-core violations on screen, and a poster's
//   print button appears and prints.
// Screenshots of the first printed sheet of an A4 and an A3 field poster, a procedure poster and
// the posting board, and their PDFs, are kept in the artifacts folder.
//
// Usage: node posters.mjs SITE_FOLDER PORT ARTIFACTS_FOLDER (the site built for that port).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM, FLAGS } from './serve.mjs';

const [siteDir, portArg, artifacts] = process.argv.slice(2);
if (!siteDir || !portArg || !artifacts) {
  console.error('usage: node posters.mjs SITE_FOLDER PORT ARTIFACTS_FOLDER');
  process.exit(2);
}
const port = Number(portArg);
const origin = `http://127.0.0.1:${port}`;
const POSTERS = process.env.NIEMYET_POSTERS_PATH || 'ban-in';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// PDF points per mm, and the sizes pdfinfo reports for the papers posters use.
const PT_PER_MM = 72 / 25.4;
const PAPERS = { A4: [210, 297], A3: [297, 420] };
const MIN_QR_MM = { 'qr-item': 25, 'qr-large': 60 };
const MIN_TEXT_PX = (11 * 96) / 72 - 0.01;

const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const server = await serve(siteDir, port);
fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'niemyet-posters-'));
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
await context.addInitScript({ content: axeSource });
const page = await context.newPage();
let current = '';
page.on('console', (m) => {
  if (m.type() === 'error') fail(`${current}: console error: ${m.text()}`);
});

async function axe(url) {
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
    fail(`${url}: axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
  }
}

// The list of posters: every link to a poster, opened as the "In" links do but without #in.
const index = `${origin}/${POSTERS}/`;
current = index;
const response = await page.goto(index, { waitUntil: 'load' });
if (!response || response.status() !== 200) {
  if (!fs.existsSync(path.join(siteDir, 'procedures.json'))) {
    console.log('no posters: the site has no procedures');
    await browser.close();
    server.close();
    process.exit(0);
  }
  console.error(`no list of posters at ${index}`);
  process.exit(1);
}
await axe(index);
const posters = await page.evaluate(() => [...new Set([...document.querySelectorAll('a[href$="#in"]')]
  .map((a) => a.href.replace(/#in$/, '')))]);
console.log(`${posters.length} posters`);
if (posters.length < 4) fail(`${index}: only ${posters.length} posters listed`);

const keep = {
  field: posters.find((u) => /\/linh-vuc\/[^/]+\/a4\/$/.test(u)),
  'field-a3': posters.find((u) => /\/linh-vuc\/[^/]+\/a3\/$/.test(u)),
  procedure: posters.find((u) => /\/thu-tuc\/[^/]+\/$/.test(u)),
  board: posters.find((u) => /\/bang-niem-yet\/$/.test(u)),
  online: posters.find((u) => /\/nop-truc-tuyen\/$/.test(u)),
};
const optional = new Set(['online']);
let sheetsTotal = 0;
let codesTotal = 0;
// Time spent on each kind of poster, for the summary.
const kindOf = (u) => (/\/linh-vuc\//.test(u) ? 'field' : /\/thu-tuc\//.test(u) ? 'procedure' : 'other');
const spent = {};

for (const [n, url] of posters.entries()) {
  current = url;
  const started = Date.now();
  await page.emulateMedia({ media: 'screen' });
  await page.goto(url, { waitUntil: 'load' });
  await axe(url);
  if (n === 0) {
    // The print button shows once its script runs (under the CSP), and prints.
    const printed = await page.evaluate(async () => {
      let called = false;
      window.print = () => { called = true; };
      const button = document.querySelector('.print-button');
      if (!button || button.hidden) return 'no visible print button';
      button.click();
      return called ? 'ok' : 'the print button does not print';
    });
    if (printed !== 'ok') fail(`${url}: ${printed}`);
  }
  await page.emulateMedia({ media: 'print' });
  const facts = await page.evaluate(({ minQr, minText }) => {
    const mm = (px) => (px * 25.4) / 96;
    const problems = [];
    const sheets = [...document.querySelectorAll('.sheet')];
    for (const [i, s] of sheets.entries()) {
      for (const box of [s, ...s.querySelectorAll('.sheet-body')]) {
        const over = [box.scrollHeight - box.clientHeight, box.scrollWidth - box.clientWidth];
        if (over[0] > 1 || over[1] > 1) {
          problems.push(`sheet ${i + 1}: ${box.className} overflows by ${over[0]}px down, ${over[1]}px across`);
        }
      }
      const r = s.getBoundingClientRect();
      for (const el of s.querySelectorAll('*')) {
        const e = el.getBoundingClientRect();
        if (e.width && (e.bottom > r.bottom + 1 || e.right > r.right + 1)) {
          problems.push(`sheet ${i + 1}: ${el.tagName.toLowerCase()}.${el.className} reaches outside the sheet`);
          break;
        }
      }
    }
    const codes = [...document.querySelectorAll('.sheet [data-qr]')].map((f) => {
      const svg = f.querySelector('svg');
      const kind = f.classList.contains('qr-large') ? 'qr-large' : 'qr-item';
      // The code itself, without the white quiet zone of 4 modules on each side.
      const modules = Number(svg.getAttribute('viewBox').split(' ')[2]);
      const box = svg.getBoundingClientRect();
      const width = mm(box.width) * ((modules - 8) / modules);
      if (width < minQr[kind] - 0.1) problems.push(`a QR code is ${width.toFixed(1)} mm wide, under ${minQr[kind]} mm`);
      // Where it is printed: its sheet, and its box from the sheet's top left corner.
      const sheet = f.closest('.sheet');
      const origin = sheet.getBoundingClientRect();
      return {
        url: f.dataset.qr,
        sheet: sheets.indexOf(sheet),
        x: mm(box.left - origin.left),
        y: mm(box.top - origin.top),
        size: mm(box.width),
      };
    });
    const walker = document.createTreeWalker(document.querySelector('.sheets'), NodeFilter.SHOW_TEXT);
    let small = 0;
    while (walker.nextNode()) {
      const t = walker.currentNode;
      if (!t.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(t.parentElement).fontSize);
      if (size < minText) small += 1;
    }
    if (small) problems.push(`${small} text(s) under 11 pt`);
    return {
      sheets: sheets.length,
      paper: document.documentElement.className.toUpperCase(),
      codes,
      problems,
    };
  }, { minQr: MIN_QR_MM, minText: MIN_TEXT_PX });
  for (const p of facts.problems) fail(`${url}: ${p}`);
  sheetsTotal += facts.sheets;
  codesTotal += facts.codes.length;

  // Printed as a browser prints by default: the page's own @page size, backgrounds off.
  const pdf = path.join(work, `poster-${n}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  if (pages !== facts.sheets) fail(`${url}: ${pages} PDF page(s) for ${facts.sheets} sheet(s)`);
  const [w, h] = PAPERS[facts.paper] || [0, 0];
  for (const m of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    const [pw, ph] = [Number(m[2]), Number(m[3])];
    if (Math.abs(pw - w * PT_PER_MM) > 1 || Math.abs(ph - h * PT_PER_MM) > 1) {
      fail(`${url}: PDF page ${m[1]} is ${pw} × ${ph} pt, not ${facts.paper}`);
    }
  }

  // Every code, as a phone would see the printed sheet: each code cut out of its page
  // rasterised at 150 dpi must give back its own address...
  const DPI = 150;
  const px = (mm) => Math.round((mm * DPI) / 25.4);
  const zbar = (...images) => {
    try {
      return execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', ...images], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).split('\n').filter(Boolean);
    } catch (e) {
      // zbarimg exits with 4 when an image has no code.
      return (e.stdout || '').split('\n').filter(Boolean);
    }
  };
  for (const [k, c] of facts.codes.entries()) {
    const pad = 3; // mm of the page around the code's own quiet zone
    const cut = path.join(work, `code-${n}-${k}`);
    const pageNo = String(c.sheet + 1);
    execFileSync('pdftoppm', ['-r', String(DPI), '-f', pageNo, '-l', pageNo, '-singlefile',
      '-x', String(px(10 + c.x - pad)), '-y', String(px(10 + c.y - pad)),
      '-W', String(px(c.size + 2 * pad)), '-H', String(px(c.size + 2 * pad)), '-gray', pdf, cut]);
    const got = zbar(`${cut}.pgm`);
    if (got.length !== 1 || got[0] !== c.url) {
      fail(`${url}: the code on sheet ${c.sheet + 1} at (${c.x.toFixed(0)}, ${c.y.toFixed(0)}) mm decodes to ${JSON.stringify(got)}, not ${c.url}`);
    }
    fs.rmSync(`${cut}.pgm`);
  }
  // ...and the whole pages hold no code that is not one of them. Rasterised in grey, which is
  // what zbar reads, without compression: a PNG costs pdftoppm 15 times as long.
  const prefix = path.join(work, `poster-${n}`);
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', pdf, prefix]);
  const images = fs.readdirSync(work)
    .filter((f) => f.startsWith(`poster-${n}-`) && f.endsWith('.pgm'))
    .map((f) => path.join(work, f));
  const wanted = new Set(facts.codes.map((c) => c.url));
  for (const stray of zbar(...images).filter((u) => !wanted.has(u))) {
    fail(`${url}: a printed page has a code for ${stray}, which the poster does not list`);
  }
  for (const [kind, keptUrl] of Object.entries(keep)) {
    if (keptUrl === url) {
      fs.copyFileSync(pdf, path.join(artifacts, `poster-${kind}.pdf`));
      execFileSync('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', '-png', pdf,
        path.join(artifacts, `poster-${kind}`)]);
    }
  }
  for (const img of images) fs.rmSync(img);
  const k = kindOf(url);
  spent[k] = spent[k] || { posters: 0, sheets: 0, codes: 0, ms: 0 };
  spent[k].posters += 1;
  spent[k].sheets += facts.sheets;
  spent[k].codes += facts.codes.length;
  spent[k].ms += Date.now() - started;
}
for (const [kind, url] of Object.entries(keep)) {
  if (!url && !optional.has(kind)) fail(`no ${kind} poster listed on ${index}`);
}
console.log(`  ${posters.length} posters, ${sheetsTotal} sheets, ${codesTotal} QR codes decoded and compared`);
for (const [k, t] of Object.entries(spent)) {
  console.log(`  ${k}: ${t.posters} posters, ${t.sheets} sheets, ${t.codes} codes in ${(t.ms / 1000).toFixed(1)} s`);
}

await browser.close();
server.close();
fs.rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.log(`\n${failures.length} poster check(s) failed`);
  process.exit(1);
}
console.log('\nall poster checks passed');
