"""A search index built ahead, in shards, so a reader downloads only what their query needs.

Material's own search sends the reader the whole text of the language (8 MB raw at 2,000
cases) and builds a lunr index on their phone. Here the build does that work once:

- every page's words go through the analyzer the browser uses for queries
  (`overrides/assets/search/analyzers.js`, run here by QuickJS), so both sides make the same keys;
- each (key, page) pair gets a BM25 score, title words weighted above headings above text;
- keys are sorted and cut into shards of about `SHARD_BYTES`; a query loads the shards whose
  key range holds its keys (or the keys they begin);
- the manifest (which version, where shards begin) is loaded when the reader opens search;
  each page's address, title, summary and section headings come in a file of its own, loaded
  for the first results; the titles of every page in one file, loaded after those.

Every file is a script calling `commonsSearchData(name, data)`, so the worker can load it with
`fetch` over http and with `importScripts` from the offline kit (file://, where fetch fails).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from commons.search import SEPARATOR

ANALYZERS = Path(__file__).resolve().parent.parent / "overrides/assets/search/analyzers.js"
SHARD_BYTES = 12_000
TEASER_CHARACTERS = 240
# Weight of a word by where it stands: a title word counts as six in the text.
WEIGHTS = {"title": 6.0, "headings": 2.0, "tags": 2.0, "text": 1.0}
K1, B = 1.2, 0.75
# Scores travel as integers: the BM25 score times SCALE, then TITLE_SIZES times that plus how
# many keys the page's title has (at most TITLE_SIZES - 1), doubled, plus 1 when the key is in
# the title. The worker finds the page whose title is just the query without loading titles.
SCALE = 100
TITLE_SIZES = 16
_TAGS = re.compile(r"<[^>]+>")
# A word: a run of what SEPARATOR (a character class, repeated) does not match.
assert SEPARATOR.startswith("[") and SEPARATOR.endswith("]+")
_WORD = re.compile("[^" + SEPARATOR[1:-2] + "]+")


class Analyzer:
    """The browser's analyzer, run in QuickJS: one index key for each word, by language."""

    def __init__(self, source: Path = ANALYZERS):
        import quickjs

        self._context = quickjs.Context()
        self._context.eval("var self = globalThis;")
        self._context.eval(source.read_text(encoding="utf-8"))
        self._batch = self._context.eval(
            "(words, lang) => JSON.stringify("
            "JSON.parse(words).map(w => self.CommonsSearch.normalize(w, lang)))"
        )
        self._known: dict[str, dict[str, str]] = {}

    def keys(self, words: list[str], lang: str) -> list[str]:
        """The key of each word ('' for stop words and punctuation)."""
        known = self._known.setdefault(lang, {})
        unknown = list({w for w in words if w not in known})
        if unknown:
            found = json.loads(self._batch(json.dumps(unknown, ensure_ascii=False), lang))
            known.update(zip(unknown, found, strict=True))
        return [known[w] for w in words]


def words(html: str) -> list[str]:
    """The words of an HTML fragment, split as the query is."""
    return _WORD.findall(unescape(_TAGS.sub(" ", html)))


def plain(html: str) -> str:
    """The text of an HTML fragment, spaces collapsed."""
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def teaser(html: str, limit: int = TEASER_CHARACTERS) -> str:
    """The opening words of an HTML fragment, cut at a word under `limit` characters."""
    text = plain(html)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def entries_of(url: str, title: str, html: str, tags: list | None = None) -> list[dict]:
    """A page's entries as Material's search lists them: the page, then each titled section."""
    cuts = list(_HEADING.finditer(html))
    # The title is text; escaped, it reads back whole through `plain`, markup and all.
    first = {
        "location": url,
        "title": escape(title),
        "text": html[: cuts[0].start() if cuts else None],
    }
    if cuts and cuts[0].group(1) == "1":
        # A page that opens with its own heading is titled by it, as Material titles it.
        opening = cuts.pop(0)
        first["title"] = _PERMALINK.sub("", opening.group(3))
        first["text"] = html[opening.end() : cuts[0].start() if cuts else None]
    if tags:
        first["tags"] = [escape(str(tag)) for tag in tags]
    found = [first]
    for number, cut in enumerate(cuts):
        end = cuts[number + 1].start() if number + 1 < len(cuts) else None
        found.append(
            {
                "location": f"{url}#{cut.group(2)}",
                "title": _PERMALINK.sub("", cut.group(3)),
                "text": html[cut.end() : end],
            }
        )
    return found


class SearchEntries:
    """Material's search index as its plugin uses it, made faster: pages cut at their headings.

    A regular expression replaces Material's HTML parser, a tenth of the build. Material's
    plugin calls `add_entry_from_context` for each page and writes what `generate_search_index`
    returns; the commons plugin then writes the real index.
    """

    def __init__(self):
        self.entries: list[dict] = []

    def add_entry_from_context(self, page) -> None:
        """Record a page's entries, unless its front-matter says `search: {exclude: true}`."""
        if (page.meta.get("search") or {}).get("exclude"):
            return
        title = str(page.meta.get("title") or page.title or "")
        self.entries += entries_of(page.url, title, page.content, page.meta.get("tags"))

    def generate_search_index(self, previous) -> str:
        """Nothing for Material to write: the commons plugin writes each language's index."""
        return "{}"


@dataclass
class Page:
    """One result a reader can land on: a page with its sections folded in."""

    location: str
    title: str
    lang: str | None = None
    summary: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=lambda: {n: [] for n in WEIGHTS})


def pages_of(docs: list[dict], summaries: dict[str, str], foreign: dict[str, str]) -> list[Page]:
    """Material's entries (pages and their sections) as one `Page` each, in site order."""
    pages: dict[str, Page] = {}
    for doc in docs:
        location = doc["location"]
        base, _, anchor = location.partition("#")
        page = pages.get(base)
        if page is None:
            key = base.removesuffix("index.html")
            page = pages[base] = Page(base, plain(doc.get("title", "")), foreign.get(key))
            page.summary = summaries.get(key, "")
        if anchor:
            heading = plain(doc.get("title", ""))
            page.sections.append((anchor, heading))
            page.fields["headings"].append(heading)
        else:
            page.fields["title"].append(page.title)
            page.fields["text"].append(page.summary)
            # Pages without a summary (hand-written ones) show their opening words instead.
            page.summary = page.summary or teaser(doc.get("text", ""))
            page.tags = [plain(tag) for tag in doc.get("tags", [])]
            page.fields["tags"] += page.tags
        page.fields["text"].append(doc.get("text", ""))
    return list(pages.values())


def scores(pages: list[Page], lang: str, analyzer: Analyzer) -> dict[str, list[tuple[int, int]]]:
    """For each key, the pages holding it as (page number, integer score), best page first."""
    # Per page, each key's weighted count over the fields (`tf`) and the keys of its title.
    # Counts and weights are small whole numbers, exact in floating point in any order.
    weighted: list[dict[str, float]] = []
    titles: list[dict[str, int]] = []
    lengths = []
    frequency: Counter = Counter()
    for page in pages:
        keyed = {name: _keyed(texts, lang, analyzer) for name, texts in page.fields.items()}
        # The text, the longest field, weighs 1: its counts start the sums.
        tf = {key: float(n) for key, n in keyed["text"].items()}
        for name, weight in WEIGHTS.items():
            if name == "text":
                continue
            for key, n in keyed[name].items():
                tf[key] = tf.get(key, 0.0) + weight * n
        titles.append(keyed["title"])
        lengths.append(sum(keyed["text"].values()) or 1)
        weighted.append(tf)
        frequency.update(tf.keys())
    average = sum(lengths) / max(len(lengths), 1)
    total = len(pages)
    idf = {key: math.log(1 + (total - n + 0.5) / (n + 0.5)) for key, n in frequency.items()}
    saturation = K1 + 1
    postings: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, tf in enumerate(weighted):
        norm = K1 * (1 - B + B * lengths[number] / average)
        title = titles[number]
        size = min(len(title), TITLE_SIZES - 1)
        for key, count in tf.items():
            score = round(idf[key] * count * saturation / (count + norm) * SCALE)
            value = (score if score > 1 else 1) * TITLE_SIZES + size
            postings[key].append((number, value * 2 + (key in title)))
    return dict(postings)


def _keyed(texts: list[str], lang: str, analyzer: Analyzer) -> dict[str, int]:
    """How many times each key occurs in `texts`, stop words and punctuation left out."""
    found: Counter = Counter()
    for text in texts:
        found.update(words(text))
    keyed: dict[str, int] = {}
    for (_, n), key in zip(found.items(), analyzer.keys(list(found), lang), strict=True):
        if key:
            keyed[key] = keyed.get(key, 0) + n
    return keyed


def shards(postings: dict[str, list[tuple[int, int]]]) -> list[dict[str, list[int]]]:
    """Keys in order, cut into shards of about SHARD_BYTES; postings as flat delta lists."""
    cut: list[dict[str, list[int]]] = [{}]
    size = 0
    for key in sorted(postings):
        flat, previous = [], 0
        for number, value in postings[key]:
            flat += [number - previous, value]
            previous = number
        weight = len(key) + 6 * len(postings[key])
        if size and size + weight > SHARD_BYTES:
            cut.append({})
            size = 0
        cut[-1][key] = flat
        size += weight
    return cut if cut[0] else []


def script(name: str, data) -> str:
    """A data file as the worker loads it: a call of `commonsSearchData` with JSON."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"commonsSearchData({json.dumps(name)},{text});\n"


def write(folder: Path, lang: str, pages: list[Page], analyzer: Analyzer) -> dict:
    """Write the index files of one language into `folder`; return its manifest.

    Shards and summaries go in a folder named by the index's content, so a reader's cached
    shard never meets a newer index. The manifest (which folder, where shards begin) and the
    titles keep their names, so the worker asks for both at once when search opens; each
    says its version, and the worker checks they agree.
    """
    files: dict[str, object] = {}
    cut = shards(scores(pages, lang, analyzer))
    for number, shard in enumerate(cut):
        files[f"keys/{number}.js"] = shard
    titles = [[p.location, p.title, p.lang or ""] for p in pages]
    for number, page in enumerate(pages):
        # With its own title, so the first results can be shown before all titles have come.
        files[f"pages/{number}.js"] = {
            "location": page.location,
            "title": page.title,
            "lang": page.lang or "",
            "summary": page.summary,
            "sections": page.sections,
            "tags": page.tags,
        }
    texts = {name: script(name, data) for name, data in files.items()}
    digest = hashlib.sha256(
        "".join([*texts.values(), script("titles.js", titles)]).encode("utf-8")
    ).hexdigest()[:10]
    manifest = {
        "version": digest,
        "lang": lang,
        "pages": len(pages),
        "shards": [min(shard) for shard in cut],
    }
    written = {folder / digest / name: text for name, text in texts.items()}
    written[folder / "manifest.js"] = script("manifest.js", manifest)
    written[folder / "titles.js"] = script("titles.js", {"version": digest, "titles": titles})
    for path, text in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return manifest


def _data(path: Path):
    """The data of one index file (the JSON inside its `commonsSearchData` call)."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])


def read(folder: Path) -> dict:
    """A written index as data: its `config`, its pages as shown, the pages under each key."""
    config = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["config"]
    manifest = _data(folder / "manifest.js")
    config["commons"] = dict(config["commons"], **manifest)
    version = folder / manifest["version"]
    pages = []
    for number, (location, title, lang) in enumerate(_data(folder / "titles.js")["titles"]):
        page = _data(version / f"pages/{number}.js")
        assert (page["location"], page["title"], page["lang"]) == (location, title, lang)
        pages.append(dict(page, location=location, title=title, lang=lang or None))
    keys: dict[str, list[int]] = {}
    for number in range(len(manifest["shards"])):
        for key, flat in _data(version / f"keys/{number}.js").items():
            keys[key] = [sum(flat[0 : i + 1 : 2]) for i in range(0, len(flat), 2)]
    return {"config": config, "pages": pages, "keys": keys}
