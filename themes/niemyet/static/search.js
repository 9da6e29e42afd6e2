// The search page: runs Pagefind (its bundle is built by `niemyet build`) on what the citizen
// types, as they type. Without this script the page still works: the form reloads the page,
// whose A–Z list of procedures stays below the results.
//
// Queries without Vietnamese marks match: Pagefind folds tone and vowel marks, and niemyet adds
// each page's words with đ folded to d as metadata (plain_title, plain_words), weighted here.

const form = document.querySelector('form[data-bundle]');
// Results shown at a time: a phone shows three or four; each costs a fetch of its text.
const PER_PAGE = 8;

// Matches in a title count most; the folded title as much as the title itself.
const RANKING = { metaWeights: { title: 5, plain_title: 5, code: 5, plain_words: 1 } };

// Letters as typed without Vietnamese input: no marks, đ as d, lower case; split into words.
const words = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd')
  .toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// How well a title answers the query, from their folded words: `all` when the title holds
// every word of the query (the last one maybe unfinished: `whole` when it is a whole word of
// the title too), `phrase` when it holds them in order next to each other, and `extra`, how
// many words of the title are not the query's. Pagefind ranks by words, not titles, so for
// "dang ky khai sinh" it would rank "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con"
// (more matching words) above "Đăng ký khai sinh" itself.
const match = (query, title) => {
  const n = query.length;
  const last = query[n - 1];
  const has = (w) => title.includes(w);
  const all = query.slice(0, -1).every(has) && title.some((t) => t.startsWith(last));
  const whole = all && has(last);
  let phrase = false;
  for (let i = 0; !phrase && i + n <= title.length; i++) {
    phrase = query.every((w, j) => (j === n - 1 ? title[i + j].startsWith(w) : title[i + j] === w));
  }
  const extra = title.filter((t) => !query.includes(t) && !(t.startsWith(last) && !whole)).length;
  return { all, whole, phrase, extra };
};

// Pagefind's order, except among the first RERANK results, whose data is fetched to read
// their titles (and is cached for the results shown): a procedure whose code is the query
// comes first; then the titles holding every word of the query as whole words, then those
// whose last word is still being typed; among each, the titles holding the query as typed
// first, then the titles with the fewest other words (the general procedure before its
// special cases, a field's page before its procedures). Three pages of results: a page that
// answers the query by its title is rarely further down, even when its words are common
// ("ho tich" also matches "hồ" and "diện tích" on many pages).
const RERANK = 3 * PER_PAGE;
const rerank = async (q, results) => {
  const head = results.slice(0, RERANK);
  const data = await Promise.all(head.map((r) => r.data()));
  const query = words(q);
  const code = q.replace(/\s+/g, '');
  const scored = head.map((r, i) => {
    const meta = data[i].meta || {};
    if (meta.code && meta.code === code) return { r, i, tier: 0, phrase: 0, extra: 0 };
    const m = query.length ? match(query, words(meta.title || '')) : {};
    const tier = m.whole ? 1 : m.all ? 2 : 3;
    return { r, i, tier, phrase: tier < 3 && m.phrase ? 0 : 1, extra: tier < 3 ? m.extra : 0 };
  });
  scored.sort((a, b) => a.tier - b.tier || a.phrase - b.phrase || a.extra - b.extra || a.i - b.i);
  return [...scored.map((s) => s.r), ...results.slice(RERANK)];
};

if (form) {
  const input = form.querySelector('input[name="q"]');
  const box = document.getElementById('ket-qua');
  const status = box.querySelector('.search-status');
  const list = box.querySelector('ol');
  const more = box.querySelector('.more-results');
  let pagefind = null;
  let ranked = [];
  let shown = 0;
  let latest = 0;

  const load = async () => {
    if (!pagefind) {
      pagefind = await import(`${form.dataset.bundle}pagefind.js`);
      // On the main thread: the index of a commune site is small, and the worker would cost
      // a phone another 13 KB before the first result.
      await pagefind.options({ ranking: RANKING, excerptLength: 24, noWorker: true });
      await pagefind.init();
    }
    return pagefind;
  };

  // The excerpt is text Pagefind escaped, with <mark> around matches: only those two kinds of
  // node are kept.
  const excerpt = (html) => {
    const p = document.createElement('p');
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
    for (const node of doc.body.childNodes) {
      if (node.nodeName === 'MARK') {
        const m = document.createElement('mark');
        m.textContent = node.textContent;
        p.append(m);
      } else {
        p.append(node.textContent);
      }
    }
    return p;
  };

  const item = (data) => {
    const li = document.createElement('li');
    li.className = 'item';
    const h = document.createElement('h2');
    h.className = 'item-title';
    const a = document.createElement('a');
    a.href = data.url;
    a.textContent = data.meta?.title || data.url;
    h.append(a);
    li.append(h);
    if (data.meta?.code) {
      const code = document.createElement('p');
      code.className = 'meta';
      code.textContent = `Mã thủ tục: ${data.meta.code}`;
      li.append(code);
    }
    li.append(excerpt(data.excerpt || ''));
    return li;
  };

  const showMore = async (query) => {
    const next = ranked.slice(shown, shown + PER_PAGE);
    const data = await Promise.all(next.map((r) => r.data()));
    if (query !== latest) return;
    for (const d of data) list.append(item(d));
    shown += next.length;
    more.hidden = shown >= ranked.length;
  };

  const run = async (text) => {
    const q = text.trim();
    const query = ++latest;
    const started = performance.now();
    if (!q) {
      box.hidden = true;
      return;
    }
    const pf = await load();
    const search = await pf.search(q);
    if (query !== latest) return;
    ranked = await rerank(q, search.results);
    if (query !== latest) return;
    shown = 0;
    list.replaceChildren();
    box.hidden = false;
    if (!ranked.length) {
      status.textContent = `Không tìm thấy kết quả cho “${q}”. Hãy thử gõ ít chữ hơn, hoặc xem danh sách thủ tục từ A đến Z bên dưới.`;
      more.hidden = true;
    } else {
      status.textContent = `Tìm thấy ${ranked.length} kết quả cho “${q}”.`;
      await showMore(query);
    }
    if (query !== latest) return;
    // For the browser tests: what was searched, and how long it took to show.
    box.dataset.query = q;
    box.dataset.ms = String(Math.round(performance.now() - started));
  };

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 250);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set('q', input.value.trim());
    history.replaceState(null, '', url);
    run(input.value);
  });
  more.addEventListener('click', () => showMore(latest));
  // Start loading the index as soon as the field is used, before the first word is finished.
  input.addEventListener('focus', () => { load(); }, { once: true });

  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
}
