"""The search analyzers in headless Chromium: index keys, and Material's real search worker."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import material
import pytest

from commons import LANGUAGES
from commons.search import config as search_config

REPO = Path(__file__).resolve().parent.parent
ANALYZERS = REPO / "overrides" / "assets" / "search" / "analyzers.js"
MATERIAL_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
LANGS = LANGUAGES
# Message types of Material's worker (SearchMessageType, inlined as numbers in the bundle).
SETUP, READY, QUERY, RESULT = 0, 1, 2, 3

# Words of one group must share one non-empty key.
SAME_KEY = [
    ("fr", ["coopératives", "coopérative", "cooperative", "coopératif"]),
    ("fr", ["économie", "economie", "Économie", "«économie»", "l’économie"]),
    ("fr", ["sociaux", "social", "sociale", "sociales"]),
    ("fr", ["monnaies", "monnaie"]),
    ("fr", ["solidaire", "solidaires"]),
    ("fr", ["municipalités", "municipalite"]),
    ("en", ["cooperatives", "cooperative"]),
    ("en", ["policies", "policy"]),
    ("en", ["cities", "city"]),
    ("en", ["housing", "house", "houses"]),
    ("en", ["Maricá", "marica", "(Maricá)"]),
    ("en", ["Wrocław", "wroclaw"]),
    ("ar", ["الإنتاج", "انتاج", "إنتاج", "الإِنْتَاجُ", "انـتاج"]),
    ("ar", ["المشترك", "مشترك"]),
    ("ar", ["التضامني", "التضامنية", "تضامني"]),
    ("ar", ["الاقتصاد", "والاقتصاد", "اقتصاد"]),
    ("ar", ["تعاونيات", "تعاونية"]),
]
SAME_KEY_PAIRS = [
    pytest.param(lang, words[0], other, id=f"{lang}-{words[0]}-{other}")
    for lang, words in SAME_KEY
    for other in words[1:]
]

DIFFERENT_KEY = [
    ("fr", "politique", "police"),
    ("fr", "monnaie", "monde"),
    ("en", "plane", "plan"),
    ("en", "police", "policy"),
    ("ar", "مدينة", "مدير"),
    ("ar", "كتاب", "كاتب"),
]

STOP_OR_EMPTY = [
    ("en", "the"),
    ("en", "And"),
    ("en", "of"),
    ("fr", "les"),
    ("fr", "des"),
    ("fr", "à"),
    ("fr", "où"),
    ("fr", "qu’il"),
    ("ar", "في"),
    ("ar", "إلى"),
    ("ar", "على"),
    ("ar", "ما"),
    ("ar", "هو"),
    ("ar", "و"),
    ("en", "—"),
    ("fr", "«»"),
    ("ar", "ـ"),
]


def normalize(page, word: str, lang: str) -> str:
    """`CommonsSearch.normalize(word, lang)` evaluated in the page."""
    return page.evaluate("([word, lang]) => CommonsSearch.normalize(word, lang)", [word, lang])


@pytest.fixture
def analyzers(page):
    """A blank page with analyzers.js loaded as a plain script."""
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(ANALYZERS))
    return page


@pytest.mark.parametrize(("lang", "word", "other"), SAME_KEY_PAIRS)
def test_variants_share_one_key(analyzers, lang, word, other):
    """Inflected, accented or unvocalized forms of a word give the same index key."""
    key = normalize(analyzers, word, lang)
    assert key != ""
    assert normalize(analyzers, other, lang) == key


@pytest.mark.parametrize(("lang", "word", "other"), DIFFERENT_KEY)
def test_unrelated_words_keep_apart(analyzers, lang, word, other):
    """Words that merely look alike are not merged."""
    assert normalize(analyzers, word, lang) != normalize(analyzers, other, lang)


@pytest.mark.parametrize(("lang", "word"), STOP_OR_EMPTY)
def test_stop_words_and_punctuation_give_no_key(analyzers, lang, word):
    """Stop words, and tokens with no letter or digit, are not indexed."""
    assert normalize(analyzers, word, lang) == ""


@pytest.mark.parametrize("lang", LANGS)
def test_digits_pass_through(analyzers, lang):
    """A year stays a year, in every language."""
    assert normalize(analyzers, "2019", lang) == "2019"


def test_eastern_arabic_digits_meet_ascii_digits(analyzers):
    """٢٠١٩ and 2019 give the same key."""
    assert normalize(analyzers, "٢٠١٩", "ar") == "2019"


def test_page_without_lunr_gets_only_the_api(analyzers):
    """Outside the worker there is no lunr, so nothing is registered or patched."""
    assert analyzers.evaluate("Object.keys(CommonsSearch)") == ["normalize"]
    assert analyzers.evaluate("typeof lunr") == "undefined"


# --- Material's real search worker -----------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - keep test output readable
        pass


PROBE = """
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));
importScripts(
  "assets/javascripts/workers/WORKER",
  "assets/javascripts/lunr/min/lunr.commons_en.min.js",
  "assets/javascripts/lunr/min/lunr.commons_fr.min.js",
  "assets/javascripts/lunr/min/lunr.commons_ar.min.js"
);
function clauses(text) {
  const query = new lunr.Query(["text"]);
  new lunr.QueryParser(text, query).parse();
  return query.clauses.map(clause => clause.term);
}
function build(lang) {
  return lunr(function () {
    this.use(lunr["commons_" + lang]);
    this.ref("id");
    this.field("text");
    this.add({id: "coop", text: "Les coopératives sociales et solidaires"});
    this.add({id: "garden", text: "Un potager urbain"});
  });
}
const report = {plugins: {}};
for (const lang of ["en", "fr", "ar"]) {
  const plugin = lunr["commons_" + lang];
  report.plugins[lang] = typeof plugin === "function" &&
    plugin.trimmer === plugin.stemmer && plugin.stopWordFilter === plugin.stemmer &&
    lunr.Pipeline.registeredFunctions["commons-" + lang] === plugin.stemmer;
}
const fr = build("fr");
report.pipeline = fr.pipeline.toJSON();
report.plain = fr.search("coopérative").map(hit => hit.ref);
report.wildcard = fr.search("coopératives*").map(hit => hit.ref);
report.suggestion = fr.query(query => query.term("solid", {
  wildcard: lunr.Query.wildcard.TRAILING
})).map(hit => hit.ref);
report.frClauses = clauses("Coopératives* le* *eco* sociales ma*is");
build("en");
report.enClauses = clauses("Cooperatives*");
report.warnings = warnings;
postMessage(report);
"""

HARNESS = """
async ({worker, config, docs, queries, suggest}) => {
  const w = new Worker(worker);
  const reply = message => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker timed out")), 15000);
    w.onmessage = ev => { clearTimeout(timer); resolve(ev.data); };
    w.onerror = ev => { clearTimeout(timer); reject(new Error(ev.message)); };
    w.postMessage(message);
  });
  try {
    const ready = await reply({type: 0, data: {config, docs, options: {suggest}}});
    const results = {};
    for (const query of queries) {
      const result = await reply({type: 2, data: query});
      results[query] = {
        type: result.type,
        locations: result.data.items.flat().map(item => item.location),
        suggest: result.data.suggest,
      };
    }
    return {ready: ready.type, results};
  } finally {
    w.terminate();
  }
}
"""

PROBE_RUNNER = """
url => new Promise((resolve, reject) => {
  const w = new Worker(url);
  const timer = setTimeout(() => reject(new Error("probe timed out")), 15000);
  w.onmessage = ev => { clearTimeout(timer); w.terminate(); resolve(ev.data); };
  w.onerror = ev => { clearTimeout(timer); reject(new Error(ev.message)); };
})
"""


@pytest.fixture(scope="module")
def worker_site(tmp_path_factory):
    """Material's workers/ and lunr/ trees plus analyzers.js under its three names, served."""
    root = tmp_path_factory.mktemp("search-worker")
    javascripts = root / "assets" / "javascripts"
    for part in ("workers", "lunr"):
        shutil.copytree(MATERIAL_JS / part, javascripts / part)
    for lang in LANGS:
        shutil.copy2(ANALYZERS, javascripts / "lunr" / "min" / f"lunr.commons_{lang}.min.js")
    (worker,) = sorted((javascripts / "workers").glob("search.*.min.js"))
    (root / "index.html").write_text("<!doctype html><title>search</title>", encoding="utf-8")
    (root / "probe.js").write_text(PROBE.replace("WORKER", worker.name), encoding="utf-8")

    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {"base": base, "worker": f"{base}/assets/javascripts/workers/{worker.name}"}
    server.shutdown()


def run_search(
    page, site, lang: str, docs: list[dict], queries: list[str], suggest: bool = False
) -> dict:
    """Set Material's worker up with `docs` for `lang`, run `queries`, return their results."""
    page.goto(f"{site['base']}/index.html")
    config = search_config(lang)  # what the site ships, not a copy of it
    answer = page.evaluate(
        HARNESS,
        {
            "worker": site["worker"],
            "config": config,
            "docs": docs,
            "queries": queries,
            "suggest": suggest,
        },
    )
    assert answer["ready"] == READY
    assert page.outside_requests == []
    for query, result in answer["results"].items():
        assert result["type"] == RESULT, query
    return answer["results"]


DOCS = {
    "fr": [
        {
            "location": "fr/ess/",
            "title": "L’économie sociale et solidaire",
            "text": "<p>Une coopérative de production partage ses bénéfices.</p>",
        },
        {
            "location": "fr/jardins/",
            "title": "Jardins partagés",
            "text": "<p>Un potager urbain et des arbres fruitiers.</p>",
        },
    ],
    "ar": [
        {
            "location": "ar/coproduction/",
            "title": "الإنتاج المشترك",
            "text": "<p>الاقتصاد الاجتماعي والتضامني في البلديات.</p>",
        },
        {
            "location": "ar/gardens/",
            "title": "حدائق المدينة",
            "text": "<p>أشجار مثمرة وخضروات للجيران.</p>",
        },
    ],
    "en": [
        {
            "location": "en/marica/",
            "title": "Maricá’s basic income",
            "text": "<p>The city pays a citizens’ income in a local currency.</p>",
        },
        {
            "location": "en/wroclaw/",
            "title": "Housing cooperatives in Wrocław",
            "text": "<p>Tenants share the running of their houses.</p>",
        },
    ],
}

# (lang, query, the one location expected; None when nothing may match)
QUERIES = [
    ("fr", "economie", "fr/ess/"),
    ("fr", "Économie", "fr/ess/"),
    ("fr", "coopératives", "fr/ess/"),
    ("fr", "cooperatif", "fr/ess/"),
    ("fr", "sociales", "fr/ess/"),
    ("fr", "économie sociale", "fr/ess/"),
    ("fr", "potager", "fr/jardins/"),
    ("fr", "banane", None),
    ("ar", "انتاج", "ar/coproduction/"),
    ("ar", "ما هو الإنتاج المشترك؟", "ar/coproduction/"),
    ("ar", "الانتاج", "ar/coproduction/"),
    ("ar", "والإنتاج", "ar/coproduction/"),
    ("ar", "تضامني", "ar/coproduction/"),
    ("ar", "اقتصاد", "ar/coproduction/"),
    ("ar", "المدينة", "ar/gardens/"),
    ("ar", "مدير", None),
    ("en", "marica", "en/marica/"),
    ("en", "Maricá", "en/marica/"),
    ("en", "cities", "en/marica/"),
    ("en", "wroclaw", "en/wroclaw/"),
    ("en", "cooperative", "en/wroclaw/"),
    ("en", "house", "en/wroclaw/"),
    ("en", "banana", None),
]


@pytest.mark.parametrize("lang", LANGS)
def test_worker_finds_only_the_matching_page(page, worker_site, lang):
    """Material's worker with a commons_* index returns the right page and nothing unrelated."""
    cases = [(query, expected) for query_lang, query, expected in QUERIES if query_lang == lang]
    found = run_search(page, worker_site, lang, DOCS[lang], [query for query, _ in cases])
    for query, expected in cases:
        locations = found[query]["locations"]
        assert locations == ([expected] if expected else []), (query, locations)


def test_worker_suggestions_keep_their_wildcard(page, worker_site):
    """With search.suggest, a typed prefix still completes to a title word (solid → solidaire)."""
    found = run_search(page, worker_site, "fr", DOCS["fr"], ["solid", "sociales"], suggest=True)
    assert found["solid"]["suggest"] == ["solidair"]
    assert found["sociales"]["suggest"] == ["social"]


def test_worker_registers_plugins_and_patches_queries_once(page, worker_site):
    """In a real worker: one analyzer per language, wildcard terms analyzed by the last plugin."""
    page.goto(f"{worker_site['base']}/index.html")
    report = page.evaluate(PROBE_RUNNER, f"{worker_site['base']}/probe.js")
    assert report["plugins"] == {"en": True, "fr": True, "ar": True}
    assert report["pipeline"] == ["commons-fr"]
    assert report["plain"] == ["coop"]
    assert report["wildcard"] == ["coop"]
    assert report["suggestion"] == ["coop"]
    # Stop words, inner and leading wildcards, and plain terms are left to lunr.
    assert report["frClauses"] == ["cooperatif*", "le*", "*eco*", "sociales", "ma*is"]
    assert report["enClauses"] == ["cooperativ*"]
    # Loading the file under three names neither re-registers nor re-wraps anything.
    assert report["warnings"] == []
    assert page.outside_requests == []
