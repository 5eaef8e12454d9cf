/*
 * Search worker behind Material's search box, over the index `commons/searchindex.py` built.
 *
 * It speaks Material's worker protocol (SETUP, READY, QUERY, RESULT) so the search box, the
 * result list and the keyboard work as Material made them. Instead of the language's whole
 * text, SETUP brings the language, and the worker loads the index's manifest. A query loads
 * only the shards holding its keys and ranks the pages; it is answered with the first results
 * from their own files (or, once loaded, with every result by its title), then again with
 * both. While the reader types on, the shards only older queries asked for, that the newest
 * does not need, are aborted, and those queries end unanswered. Over file:// (the offline kit)
 * Material runs this file in an iframe (iframe-worker), where files load as scripts (nothing
 * to abort: they come from the disk).
 */
(function () {
  "use strict";

  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  // Results whose own file (summary, sections) comes with the answer: what a phone shows,
  // fetched in one round trip (a browser asks a host six files at a time).
  const TEASERS = 6;
  // How long an answer by title waits for those files before it goes without them (ms).
  const TEASER_WAIT = 50;
  // See `worth`: how long the list stays before an older query's answer may replace it (ms).
  const STALE_AFTER = 300;
  // How postings pack a page's title size with its score (`commons/searchindex.py`).
  const TITLE_SIZES = 16;
  // A word whose key is an other word's beginning counts for less than the word itself.
  const PREFIX_WEIGHT = 0.5;
  const PREFIX_LETTERS = 3, PREFIX_SHARDS = 2;

  const framed = typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent;
  const here = framed ? document.querySelector("script[src]").src : self.location.href;
  const siteRoot = new URL("../../", here);
  const scripts = framed || siteRoot.protocol === "file:";

  // `setup`: Material's SETUP (language, root); `manifest`: the index's (version, shards).
  let setup = null, manifest = null, base = null, folder = null, titles = null;
  let manifestLoad = null, titlesLoad = null;
  let separator = /\s+/, pieces = /(\s+)/;
  let latest = 0, answered = 0, shownAt = 0;
  // Files asked for, as promises; what each script call delivered.
  const loading = new Map(), arrived = new Map();
  // Shards on their way over fetch: what aborts each, and the newest query that asked for it.
  const inFlight = new Map();
  // A result page's own file (address, title, summary, sections, tags) by page number.
  const teasers = new Map();

  // Loaded as the worker starts (with the page), so a first query does not wait for it.
  const analyzer = Promise.resolve(importScripts(new URL("analyzers.js", here).href));

  // Each index file is `commonsSearchData(name, data);`: run as a script, it lands here.
  self.commonsSearchData = function (name, data) { arrived.set(name, data); };

  // The index file `name` (as it names itself) at `url`; `fresh` skips the HTTP cache, `signal`
  // aborts it (a script cannot be aborted: over file:// it comes at once anyway).
  function get(name, url, fresh, signal) {
    if (scripts) return Promise.resolve(importScripts(url)).then(() => arrived.get(name));
    return fetch(url, { cache: fresh ? "reload" : "default", signal }).then(response => {
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      return response.text();
    }).then(text => JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")"))));
  }

  // A file of the index's version folder, asked for once, by query `id` and maybe others. Only
  // a shard may be aborted (`supersede`): a result's own file is small, and the next query's
  // first results are often the same pages.
  function load(name, id) {
    const asked = inFlight.get(name);
    if (asked) asked.by = Math.max(asked.by, id);
    if (!loading.has(name)) {
      const abort = scripts || !name.startsWith("keys/") ? null : new AbortController();
      const done = get(name, new URL(name, folder).href, false, abort && abort.signal);
      loading.set(name, done);
      // A failed file may be fetched again by the next query.
      done.catch(() => { if (loading.get(name) === done) loading.delete(name); });
      if (abort) {
        const sent = { abort, by: id };
        inFlight.set(name, sent);
        const landed = () => { if (inFlight.get(name) === sent) inFlight.delete(name); };
        done.then(landed, landed);
      }
    }
    return loading.get(name);
  }

  // The shards on their way that only queries older than `id`, the newest, asked for, that it
  // does not need (`needed`), nor the word being typed may need later (`low` to `high`, see
  // `reach`): on a slow link they hold up its own. Whoever waits for one hears of an
  // AbortError and ends without an answer.
  function supersede(id, needed, [low, high]) {
    for (const [name, sent] of inFlight) {
      const shard = Number(name.slice("keys/".length, -".js".length));
      if (sent.by < id && !needed.includes(name) && (shard < low || shard > high)) {
        inFlight.delete(name);
        loading.delete(name);
        sent.abort.abort();
      }
    }
  }

  const superseded = err => err instanceof DOMException && err.name === "AbortError";

  // The manifest (which version, where shards begin), asked for as search opens.
  function manifestReady(fresh) {
    if (!manifestLoad || fresh) {
      const url = new URL("manifest.js", base).href;
      manifestLoad = get("manifest.js", url, fresh).then(data => {
        if (manifest && manifest.version === data.version) return;
        manifest = data;
        folder = new URL(`${data.version}/`, base);
        loading.clear();
        inFlight.clear();
        teasers.clear();
        titles = null;
      });
      // A file that failed may be fetched again by the next query, which hears of it.
      manifestLoad.catch(() => { manifestLoad = null; });
    }
    return manifestLoad;
  }

  // The titles of every page, asked for once the first results' own files are on their way:
  // many kilobytes, they would hold up the shards on a slow link. Titles and manifest keep
  // their names from build to build: should a cache hold one older than the other, both
  // are fetched anew.
  function titlesReady() {
    if (!titlesLoad) {
      const url = new URL("titles.js", base).href;
      titlesLoad = manifestReady().then(() => get("titles.js", url, false)).then(async named => {
        if (named.version !== manifest.version && !scripts) {
          await manifestReady(true);
          named = await get("titles.js", url, true);
        }
        if (named.version !== manifest.version) throw new Error("the search index is changing");
        titles = named.titles;
      });
      titlesLoad.catch(() => { titlesLoad = null; });
    }
    return titlesLoad;
  }

  const pause = ms => new Promise(resolve => setTimeout(() => resolve(false), ms));

  const escapeHTML = text => String(text).replace(/[&<>"']/g, c => "&#" + c.charCodeAt(0) + ";");

  // Keys of words already met: titles and summaries repeat their words from result to result.
  const keyOf = new Map();

  function analyze(word) {
    let key = keyOf.get(word);
    if (key === undefined) {
      key = self.CommonsSearch.normalize(word, setup.lang);
      keyOf.set(word, key);
    }
    return key;
  }

  // Each typed word with its key; stop words and punctuation drop out. The last word may be
  // half typed: its stem may not be the full word's ("housi" while "housing" gives "hous"), so
  // it also meets keys it begins with, down to `stub` letters.
  function parse(query) {
    const terms = [];
    for (const word of query.split(separator))
      if (word) {
        const key = analyze(word);
        if (key && !terms.some(t => t.key === key)) terms.push({ word, key, stub: key });
      }
    const last = terms[terms.length - 1];
    if (last && last.key.length > 3) last.stub = last.key.slice(0, Math.max(3, last.key.length - 2));
    return terms;
  }

  // The shard whose key range holds `key`.
  function holding(key) {
    const starts = manifest.shards;
    let low = 0, high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= key) low = middle; else high = middle - 1;
    }
    return low;
  }

  // The shards `term` meets: those holding its key and each shorter key down to its stub (the
  // half-typed word's stem may be one: "housi" for "hous"), and for a key of PREFIX_LETTERS or
  // more, the next ones whose keys begin with it, up to PREFIX_SHARDS from its own (a short
  // beginning like "com" spans dozens; the word itself is in the first, and typing narrows).
  function shardsFor(term) {
    const starts = manifest.shards, found = new Set();
    for (let n = term.stub.length; n <= term.key.length; n++)
      found.add(holding(term.key.slice(0, n)));
    const first = holding(term.key);
    if (term.key.length >= PREFIX_LETTERS)
      for (let i = first + 1; i < starts.length && i < first + PREFIX_SHARDS &&
           starts[i].startsWith(term.key); i++)
        found.add(i);
    return [...found];
  }

  // The shards of the keys beginning as `term`'s key begins (its first PREFIX_LETTERS letters):
  // the word, typed on, may need any of them, since a longer word's stem may be shorter than
  // a shorter one's ("housin" gives "housin", "housing" gives "hous").
  function reach(term) {
    const starts = manifest.shards, begin = term.key.slice(0, PREFIX_LETTERS);
    const low = holding(begin);
    let high = low;
    while (high + 1 < starts.length && starts[high + 1].startsWith(begin)) high++;
    return [low, high];
  }

  function weightOf(key, term) {
    if (key === term.key) return 1;
    if (term.key.length >= PREFIX_LETTERS && key.startsWith(term.key)) return PREFIX_WEIGHT;
    if (key.length >= term.stub.length && term.key.startsWith(key)) return PREFIX_WEIGHT;
    return 0;
  }

  // For one term: score and title flag per page, from the exact key and the keys it begins.
  function match(term, shards) {
    const found = new Map();
    for (const shard of shards)
      for (const key in shard) {
        const weight = weightOf(key, term);
        if (!weight) continue;
        const flat = shard[key];
        for (let i = 0, page = 0; i < flat.length; i += 2) {
          page += flat[i];
          const value = flat[i + 1], title = value & 1, size = (value >> 1) % TITLE_SIZES;
          const score = Math.floor(value / (2 * TITLE_SIZES)) * weight;
          const seen = found.get(page);
          if (!seen || seen.score < score) found.set(page, { score, title, size });
        }
      }
    return found;
  }

  function rank(terms, matches) {
    const pages = new Map();
    terms.forEach((term, t) => {
      for (const [page, { score, title, size }] of matches[t]) {
        const entry = pages.get(page) || { page, score: 0, terms: 0, inTitle: 0, size, hits: [] };
        entry.score += score;
        entry.terms += 1;
        entry.inTitle += title;
        entry.hits[t] = true;
        pages.set(page, entry);
      }
    });
    const n = terms.length;
    for (const entry of pages.values()) {
      // The page whose title is what the reader typed comes first, then titles that hold
      // every word, then the rest by score.
      entry.exact = entry.inTitle === n && entry.size === n ? 1 : 0;
      entry.score *= 1 + entry.inTitle / n;
    }
    return [...pages.values()].sort((a, b) =>
      b.terms - a.terms || b.exact - a.exact || b.score - a.score || a.page - b.page);
  }

  // `text` escaped, with the words whose key begins with a query key marked.
  function highlight(text, terms) {
    return String(text).split(pieces).map(part => {
      const key = analyze(part);
      const hit = key && terms.some(t => key.startsWith(t.key));
      return hit ? `<mark>${escapeHTML(part)}</mark>` : escapeHTML(part);
    }).join("");
  }

  function inLanguage(html, lang) {
    if (!lang) return html;
    const dir = setup.directions[lang] || "ltr";
    return `<span lang="${lang}" dir="${dir}">${html}</span>`;
  }

  // A page's address, title and language: from the titles, or from its own file.
  function described(number) {
    if (titles) return titles[number];
    const page = teasers.get(number);
    return [page.location, page.title, page.lang];
  }

  function item(entry, terms, page) {
    const [location, title, lang] = described(entry.page);
    const found = {};
    terms.forEach((term, t) => { found[term.word] = !!entry.hits[t]; });
    const group = [{
      location,
      title: inLanguage(highlight(title, terms), lang),
      text: page && page.summary ? inLanguage(`<p>${highlight(page.summary, terms)}</p>`, lang) : "",
      score: entry.score,
      terms: found
    }];
    if (page && page.tags.length) group[0].tags = page.tags.map(escapeHTML);
    // Sections whose heading holds a query word, as Material lists them under their page.
    if (page)
      for (const [anchor, heading] of page.sections)
        if (heading.split(separator).some(w => {
          const key = analyze(w);
          return key && terms.some(t => key.startsWith(t.key));
        }))
          group.push({
            location: `${location}#${anchor}`,
            title: inLanguage(highlight(heading, terms), lang),
            text: "",
            score: entry.score,
            terms: found
          });
    return group;
  }

  // The last typed word completed from the best title, as Material's suggestion shows it.
  function suggestion(query, best) {
    const typed = query.split(/[\s-]+/).pop();
    if (!typed || !best) return [];
    const lower = typed.toLocaleLowerCase();
    for (const word of described(best.page)[1].split(separator))
      if (word.length > typed.length && word.toLocaleLowerCase().startsWith(lower))
        return [typed + word.slice(typed.length).toLocaleLowerCase()];
    return [];
  }

  // Answers may come back out of order while the reader types. The answer to the last query
  // received is always shown; one to an older query only when the list has not changed for
  // STALE_AFTER ms: answers to the half-typed words often arrive together, and drawing each
  // would hold up the one the reader is typing, most of all on a slow phone.
  function worth(id) {
    return id >= answered && (id === latest || Date.now() - shownAt >= STALE_AFTER);
  }

  // Whether the answer was shown.
  function answer(id, data) {
    if (!worth(id)) return false;
    answered = id;
    shownAt = Date.now();
    postMessage({ type: RESULT, data });
    return true;
  }

  function loadTeaser(number, id) {
    return load(`pages/${number}.js`, id).then(data => { teasers.set(number, data); }, () => {});
  }

  async function search(query, id) {
    const terms = parse(query);
    if (!terms.length) return answer(id, { items: [] });
    await manifestReady();
    // Words typed while the manifest came give way to the last: their shards would only
    // slow its own on a slow link.
    if (id !== latest) return;
    const version = manifest.version;
    const wanted = terms.map(shardsFor);
    const names = [...new Set(wanted.flat())].map(n => `keys/${n}.js`);
    // Shards older queries asked for give way to this one's (it is the latest).
    supersede(id, names, reach(terms[terms.length - 1]));
    const loaded = await Promise.all(names.map(name => load(name, id)));
    if (manifest.version !== version) return search(query, id);
    if (!worth(id)) return;
    const shard = new Map(names.map((name, i) => [name, loaded[i]]));
    const matches = wanted.map((numbers, t) =>
      match(terms[t], numbers.map(n => shard.get(`keys/${n}.js`))));
    const ranked = rank(terms, matches);
    const top = ranked.slice(0, TEASERS);
    // Before the titles, an answer needs its first results' files: those of words the reader
    // has typed on from would hold up theirs (a browser asks a host six files at a time).
    if (!titles && id !== latest) return;
    const arriving = Promise.all(top.filter(e => !teasers.has(e.page))
      .map(e => loadTeaser(e.page, id)));
    // With the titles, every result; before them, the first ones, from their own files.
    const result = pending => ({
      items: (titles ? ranked : top.filter(e => teasers.has(e.page))).map((entry, i) =>
        item(entry, terms, i < TEASERS ? teasers.get(entry.page) : null)),
      suggest: ranked.length && (titles || teasers.has(ranked[0].page))
        ? suggestion(query, ranked[0]) : [],
      pending
    });
    const soon = done => Promise.race([done.then(() => true), pause(TEASER_WAIT)]);
    // Two answers; the page keeps a reader's focus through the redraw. Without the titles (the
    // first search), the first results come from their own files, then every result with the
    // titles; with them, every result comes by its title, then the first ones with their
    // summaries, in one answer if the summaries come at once.
    if (!titles) {
      await arriving;
      if (manifest.version !== version) return search(query, id);
      if (!ranked.length) return answer(id, result(false));
      // The titles are asked for once the first results are on screen, not to slow them.
      if (!answer(id, result(true))) return;
      await titlesReady().catch(() => {});
      if (!titles || id !== latest) return;  // without them, the first results stay
    } else if (!(await soon(arriving))) {
      answer(id, result(true));
      await arriving;
      if (id !== latest) return;
    }
    // The index was replaced while its files came (a cache held an older one): again.
    if (manifest.version !== version) return search(query, id);
    answer(id, result(false));
  }

  async function handle(message) {
    switch (message.type) {
      case SETUP: {
        const config = message.data.config;
        setup = config.commons;
        separator = new RegExp(config.separator);
        pieces = new RegExp(`(${config.separator})`);
        base = new URL(`${setup.root}search/`, siteRoot);
        await analyzer;
        // Material sets search up as the reader opens it: the manifest is fetched while
        // they type.
        manifestReady();
        return { type: READY };
      }
      case QUERY: {
        const id = ++latest;
        try {
          await search(message.data, id);
        } catch (err) {
          // A query whose file gave way to a newer query's has nothing to say.
          if (superseded(err)) return null;
          console.warn(`Search failed: ${err}`);
          answer(id, { items: [] });
        }
        return null;
      }
      default:
        throw new TypeError("Invalid message type");
    }
  }

  addEventListener("message", async event => {
    const reply = await handle(event.data);
    if (reply) postMessage(reply);
  });
})();
