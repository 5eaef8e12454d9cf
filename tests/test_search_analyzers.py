"""Search in headless Chromium: the analyzer's keys, and our worker over a prebuilt index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import serving

from commons import LANGUAGES, searchindex
from commons.search import SEPARATOR, write_index
from commons.searchindex import Analyzer, entries_of, pages_of, words

REPO = Path(__file__).resolve().parent.parent
ANALYZERS = REPO / "overrides" / "assets" / "search" / "analyzers.js"
WORKER = REPO / "overrides" / "assets" / "search" / "worker.js"
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


def test_the_file_gives_only_the_api(analyzers):
    """The page gains one name, `CommonsSearch.normalize`, and nothing else."""
    assert analyzers.evaluate("Object.keys(CommonsSearch)") == ["normalize"]


def test_the_build_makes_the_keys_the_browser_makes(analyzers):
    """QuickJS at build time and Chromium at query time give every word the same key."""
    words = [w for _, group in SAME_KEY for w in group] + [w for _, w in STOP_OR_EMPTY]
    words += [w for _, a, b in DIFFERENT_KEY for w in (a, b)] + ["٢٠١٩", "Œuvre", "d'habitat"]
    analyzer = Analyzer()
    for lang in LANGS:
        built = analyzer.keys(words, lang)
        browsed = analyzers.evaluate(
            "([words, lang]) => words.map(w => CommonsSearch.normalize(w, lang))", [words, lang]
        )
        assert built == browsed, lang


def test_the_build_splits_words_as_the_worker_splits_queries(analyzers):
    """Python's split of the page text and the worker's split of the query agree."""
    text = 'L’économie « sociale » (ESS), co-production; 2014-2020… الاقتصاد، التضامني؟ a/b "q"'
    browsed = analyzers.evaluate(
        "([text, sep]) => text.split(new RegExp(sep)).filter(Boolean)", [text, SEPARATOR]
    )
    assert words(text) == browsed


# --- Our search worker over an index written by the build's own code --------------------------


HARNESS = """
async ({worker, index, queries}) => {
  const w = new Worker(worker);
  const reply = message => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker timed out")), 15000);
    // A query is answered with titles, then again with summaries: the last answer counts.
    w.onmessage = ev => {
      if (ev.data.data && ev.data.data.pending) return;
      clearTimeout(timer);
      resolve(ev.data);
    };
    w.onerror = ev => { clearTimeout(timer); reject(new Error(ev.message)); };
    w.postMessage(message);
  });
  try {
    const setup = await fetch(index).then(r => r.json());
    const ready = await reply({type: 0, data: {...setup, options: {suggest: true}}});
    const results = {};
    for (const query of queries) {
      const result = await reply({type: 2, data: query});
      results[query] = {
        type: result.type,
        locations: result.data.items.flat().map(item => item.location),
        titles: result.data.items.map(group => group[0].title),
        texts: result.data.items.map(group => group[0].text),
        terms: result.data.items.map(group => group[0].terms),
        suggest: result.data.suggest,
      };
    }
    return {ready: ready.type, results};
  } finally {
    w.terminate();
  }
}
"""
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
            # As Material's entries hold it: escaped once.
            "title": "Housing cooperatives &lt;script&gt;alert(1)&lt;/script&gt; in Wrocław",
            "text": "<p>Tenants share the running of their houses.</p>",
        },
    ],
}

# The teaser results show: a summary where the page has one, its first words otherwise.
SUMMARIES = {"en/wroclaw/": "Run by its tenants since 2019."}

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


@pytest.fixture(scope="module")
def worker_site(tmp_path_factory):
    """The worker and analyzer as the site ships them, and an index per language, served."""
    root = tmp_path_factory.mktemp("search-worker")
    assets = root / "assets" / "search"
    assets.mkdir(parents=True)
    shutil.copy2(WORKER, assets / "worker.js")
    shutil.copy2(ANALYZERS, assets / "analyzers.js")
    for lang, docs in DOCS.items():
        write_index(root, lang, f"{lang}/", pages_of(docs, SUMMARIES, {}))
    # The English pages again with a shard per key, as a large site has many: each word's own;
    # "hound", "hour" and "hourly" come between "hou" and "hous", the key of "housing".
    hours = {"location": "en/hours/", "title": "Opening hours", "text": "<p>Hourly hounds.</p>"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex, "SHARD_BYTES", 1)
        write_index(root, "en", "sharded/", pages_of([*DOCS["en"], hours], SUMMARIES, {}))
    (root / "index.html").write_text("<!doctype html><title>search</title>", encoding="utf-8")
    with serving(root) as base:
        yield {"base": base, "worker": f"{base}/assets/search/worker.js"}


def run_search(page, site, lang: str, queries: list[str]) -> dict:
    """Set our worker up with the index of `lang`, run `queries`, return their results."""
    page.goto(f"{site['base']}/index.html")
    answer = page.evaluate(
        HARNESS,
        {
            "worker": site["worker"],
            "index": f"{site['base']}/{lang}/search/search_index.json",
            "queries": queries,
        },
    )
    assert answer["ready"] == READY
    assert page.outside_requests == []
    for query, result in answer["results"].items():
        assert result["type"] == RESULT, query
    return answer["results"]


@pytest.mark.parametrize("lang", LANGS)
def test_worker_finds_only_the_matching_page(page, worker_site, lang):
    """The worker over the prebuilt index returns the right page and nothing unrelated."""
    cases = [(query, expected) for query_lang, query, expected in QUERIES if query_lang == lang]
    found = run_search(page, worker_site, lang, [query for query, _ in cases])
    for query, expected in cases:
        locations = [loc for loc in found[query]["locations"] if "#" not in loc]
        assert locations == ([expected] if expected else []), (query, locations)


def test_a_word_half_typed_finds_its_page(page, worker_site):
    """As the reader types, a word's beginning already finds it, stemmed or not."""
    found = run_search(page, worker_site, "en", ["hous", "housi", "cooperat", "wrocl"])
    for query in found:
        assert found[query]["locations"] == ["en/wroclaw/"], query


def test_titles_and_summaries_are_escaped_and_marked(page, worker_site):
    """A title's markup is shown as text; the words found are marked; the summary is the teaser."""
    found = run_search(page, worker_site, "en", ["cooperatives", "tenants"])
    (title,) = found["cooperatives"]["titles"]
    assert title.startswith("Housing <mark>cooperatives</mark> &#60;script&#62;alert"), title
    assert found["tenants"]["texts"][0] == "<p>Run by its <mark>tenants</mark> since 2019.</p>"


def test_worker_suggests_the_title_word_being_typed(page, worker_site):
    """With search.suggest, a typed beginning completes to a word of the best title."""
    found = run_search(page, worker_site, "fr", ["solid", "économie soc"])
    assert found["solid"]["suggest"] == ["solidaire"]
    assert found["économie soc"]["suggest"] == ["sociale"]


def test_a_page_with_some_words_missing_comes_after_and_says_so(page, worker_site):
    """Pages holding every word come first; one missing a word is listed with it marked missing."""
    found = run_search(page, worker_site, "fr", ["potager coopérative"])
    result = found["potager coopérative"]
    assert result["locations"] == ["fr/jardins/", "fr/ess/"] or result["locations"] == [
        "fr/ess/",
        "fr/jardins/",
    ]
    assert all(sum(terms.values()) == 1 for terms in result["terms"])


def test_a_page_is_cut_into_entries_at_its_headings():
    """The page, titled by its own h1 where it opens with one, then each section with an id."""
    html = (
        '<h1 id="top">About <em>us</em><a class="headerlink" href="#top">¶</a></h1><p>Intro</p>'
        '<h2 id="who">Who<a class="headerlink" href="#who">¶</a></h2><p>People</p>'
        "<h3>No id</h3><p>Still who</p>"
    )
    first, who = entries_of("about/", "About", html, ["A & B"])
    assert first == {"location": "about/", "title": "About <em>us</em>", "text": "<p>Intro</p>",
                     "tags": ["A &amp; B"]}  # fmt: skip
    assert who == {"location": "about/#who", "title": "Who",
                   "text": "<p>People</p><h3>No id</h3><p>Still who</p>"}  # fmt: skip
    (plain_title,) = entries_of("x/", "Budget & <script>", "<p>Text</p>")
    assert plain_title["title"] == "Budget &amp; &lt;script&gt;"
    (page,) = pages_of([plain_title], {}, {})
    assert page.title == "Budget & <script>"  # text, kept whole; the worker escapes it


PROGRESSIVE = """
async ({worker, index, queries}) => {
  const w = window.worker = new Worker(worker);
  window.answers = [];
  w.onmessage = ev => { if (ev.data.type === 3) window.answers.push(ev.data.data); };
  const setup = await fetch(index).then(r => r.json());
  w.postMessage({type: 0, data: {...setup, options: {suggest: true}}});
  await new Promise(resolve => {
    const ready = ev => {
      if (ev.data.type !== 1) return;
      w.removeEventListener("message", ready);
      resolve();
    };
    w.addEventListener("message", ready);
  });
  for (const query of queries) w.postMessage({type: 2, data: query});
}
"""


def ask_english(page, site, queries: list[str], root: str = "en/") -> None:
    """Start our worker on the English index under `root` and send it `queries` at once."""
    page.goto(f"{site['base']}/index.html")
    index = f"{site['base']}/{root}search/search_index.json"
    page.evaluate(PROGRESSIVE, {"worker": site["worker"], "index": index, "queries": queries})


def wait_for(page, condition, tries: int = 100) -> None:
    """Let Playwright's events (routes held, say) arrive until `condition()` holds."""
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("never happened")


def test_titles_come_first_and_summaries_follow(page, worker_site):
    """Once titles are here, a query is answered by title while the summaries are on their way."""
    ask_english(page, worker_site, ["income"])  # the first search loads the titles
    page.wait_for_function("window.answers.some(a => a.pending === false)")
    held = []
    page.route("**/pages/*.js", lambda route: held.append(route))
    page.evaluate("window.answers = []; window.worker.postMessage({type: 2, data: 'tenants'})")
    page.wait_for_function("window.answers.length > 0")
    (first,) = page.evaluate("window.answers")
    assert first["pending"] is True
    assert [group[0]["location"] for group in first["items"]] == ["en/wroclaw/"]
    assert first["items"][0][0]["text"] == ""
    wait_for(page, lambda: held)
    for route in held:
        route.continue_()
    page.wait_for_function("window.answers.length > 1")
    last = page.evaluate("window.answers")[-1]
    assert last["pending"] is False
    assert last["items"][0][0]["text"] == "<p>Run by its <mark>tenants</mark> since 2019.</p>"


def test_answers_to_half_typed_words_give_way_to_the_last(page, worker_site):
    """Queries typed while the index loads are not each drawn: the last one's answer is."""
    held = []
    page.route("**/manifest.js", lambda route: held.append(route))
    typed = ["w", "wr", "wro", "wroc", "wrocl", "wrocla", "wroclaw", "tenants"]
    ask_english(page, worker_site, typed)
    wait_for(page, lambda: held)
    assert page.evaluate("window.answers") == []
    for route in held:
        route.continue_()
    # "w" finds nothing; the last query, "tenants", finds Wrocław with its summary.
    page.wait_for_function("window.answers.some(a => a.pending === false && a.items.length)")
    answers = page.evaluate("window.answers")
    assert len(answers) < len(typed), answers
    summary = answers[-1]["items"][0][0]["text"]
    assert summary == "<p>Run by its <mark>tenants</mark> since 2019.</p>"


def test_titles_older_than_the_manifest_are_fetched_anew(page, worker_site):
    """A cache holding last build's titles beside this build's manifest does not mix them."""
    asked = []

    def stale_once(route):
        asked.append(route.request.url)
        if len(asked) > 1:
            return route.continue_()
        body = route.fetch().text()
        route.fulfill(body=body.replace('"version":"', '"version":"old', 1))

    page.route("**/en/search/titles.js", stale_once)
    ask_english(page, worker_site, ["tenants"])
    page.wait_for_function("window.answers.some(a => a.pending === false)")
    (last,) = [a for a in page.evaluate("window.answers") if a["pending"] is False]
    assert [group[0]["location"] for group in last["items"]] == ["en/wroclaw/"]
    assert len(asked) == 2


def test_the_first_results_come_before_the_titles_of_every_page(page, worker_site):
    """While the titles file is on its way, the first results show from their own files."""
    held = []
    page.route("**/en/search/titles.js", lambda route: held.append(route))
    ask_english(page, worker_site, ["tenants"])
    page.wait_for_function("window.answers.length > 0")
    (first,) = page.evaluate("window.answers")
    assert first["pending"] is True
    (group,) = first["items"]
    assert group[0]["location"] == "en/wroclaw/"
    assert group[0]["text"] == "<p>Run by its <mark>tenants</mark> since 2019.</p>"
    wait_for(page, lambda: held)
    for route in held:
        route.continue_()
    page.wait_for_function("window.answers.some(a => a.pending === false)")
    assert page.evaluate("window.answers")[-1]["items"] == first["items"]


def test_a_half_typed_word_meets_its_stem_in_a_shard_of_its_own(page, worker_site):
    """Typed or half typed, "housing" finds its page where "hous" is shards away from "hou"."""
    for typed in ("housing", "housi"):
        ask_english(page, worker_site, [typed], root="sharded/")
        page.wait_for_function("window.answers.some(a => a.pending === false)")
        last = page.evaluate("window.answers")[-1]
        assert [group[0]["location"] for group in last["items"]] == ["en/wroclaw/"], typed


def test_a_newer_query_aborts_the_shards_only_older_ones_asked_for(page, worker_site):
    """The shards of a word typed over are aborted for the next one's; its answer is still right."""
    held, failed, warnings = [], [], []
    page.route("**/sharded/search/*/keys/*.js", lambda route: held.append(route))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("console", lambda message: warnings.append(message.text))
    ask_english(page, worker_site, ["marica"], root="sharded/")
    wait_for(page, lambda: held)
    older = {route.request.url for route in held}
    page.evaluate("window.worker.postMessage({type: 2, data: 'tenants'})")
    wait_for(page, lambda: len(held) > len(older))
    newer = {route.request.url for route in held} - older
    assert older.isdisjoint(newer)
    wait_for(page, lambda: failed)
    for route in held:
        if route.request.url in newer:
            route.continue_()
    page.wait_for_function("window.answers.some(a => a.pending === false)")
    assert set(failed) == older - newer
    answers = page.evaluate("window.answers")
    found = [[group[0]["location"] for group in answer["items"]] for answer in answers]
    assert found == [["en/wroclaw/"]] * 2, answers
    summary = answers[-1]["items"][0][0]["text"]
    assert summary == "<p>Run by its <mark>tenants</mark> since 2019.</p>"
    assert warnings == []


def test_a_shard_the_word_being_typed_may_need_again_is_kept(page, worker_site):
    """Past "housi", "housin" needs no shard of "hou" but "housing" will ("hous"): it is kept."""
    held, failed = [], []
    page.route("**/sharded/search/*/keys/*.js", lambda route: held.append(route))
    page.on("requestfailed", lambda request: failed.append(request.url))
    ask_english(page, worker_site, ["housi"], root="sharded/")
    wait_for(page, lambda: len(held) == 2)
    page.evaluate("""() => {
      window.worker.postMessage({type: 2, data: 'housin'});
      window.worker.postMessage({type: 2, data: 'tenants housing'});
    }""")
    # The last query needs a shard of its own ("tenant"), asked for after any abort.
    wait_for(page, lambda: len(held) > 2)
    assert failed == []
    asked = [route.request.url for route in held]
    assert len(asked) == len(set(asked)) == 3, asked
    for route in held:
        route.continue_()
    page.wait_for_function("window.answers.some(a => a.pending === false)")
    last = page.evaluate("window.answers")[-1]
    assert [group[0]["location"] for group in last["items"]] == ["en/wroclaw/"]
    assert failed == []
