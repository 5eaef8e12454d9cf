"""Which pages link to which ("what links here"), and which cases are related to a case."""

from __future__ import annotations

import re
from collections import defaultdict

from commons.corpus import CASES, Corpus
from commons.fields import fields
from commons.schemas import Schemas

_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
# How many neighbours of a case are compared per shared value: keeps the work linear.
NEIGHBOURS = 24
RELATED_SHOWN = 5
# "What links here" lists this many pages and counts the rest, as a wiki pages its list: a
# term used on every page would otherwise make its own page grow with the corpus.
BACKLINKS_SHOWN = 50


def resolve(page_url: str, href: str) -> str | None:
    """The site URL (relative to the site root) that `href` on `page_url` points to."""
    if not href or href[0] in "#/?" or ":" in href.split("/", 1)[0]:
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    parts = page_url.split("/")[:-1]
    for segment in path.split("/"):
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment not in (".", ""):
            parts.append(segment)
    target = "/".join(parts)
    if target.endswith("index.html"):
        target = target[: -len("index.html")].rstrip("/")
    return target + "/" if target else ""


def directory_url(url: str) -> str:
    """`cases/x/` for `cases/x/index.html`: offline builds name the file, online ones do not."""
    return url[: -len("index.html")] if url.endswith("index.html") else url


class LinkLedger:
    """Links between the pages of one language build, recorded as pages are rendered.

    MkDocs renders every page's Markdown before it renders any template, so by the time a
    page's template asks for its backlinks, all links of that language are known.
    """

    def __init__(self) -> None:
        """Start a language build with no links."""
        self.titles: dict[str, str] = {}
        self.incoming: dict[str, set[str]] = defaultdict(set)

    def record(self, page_url: str, title: str, html: str, targets=()) -> None:
        """Note every link of a content page: those in its HTML, and `targets` (site URLs)."""
        page_url = directory_url(page_url)
        self.titles[page_url] = title
        for href in _HREF.findall(html):
            target = resolve(page_url, href)
            if target is not None and target != page_url:
                self.incoming[target].add(page_url)
        for target in targets:
            if target != page_url:
                self.incoming[target].add(page_url)

    def backlinks(self, page_url: str) -> tuple[list[tuple[str, str]], int]:
        """The first (URL, title) pairs linking to `page_url`, by title, and how many more."""
        sources = self.incoming.get(directory_url(page_url), ())
        # By title, then by address: two pages may share a title, and a set has no order.
        found = sorted(
            ((url, self.titles.get(url, url)) for url in sources),
            key=lambda p: (p[1].casefold(), p[1], p[0]),
        )
        return found[:BACKLINKS_SHOWN], max(0, len(found) - BACKLINKS_SHOWN)


def related_cases(corpus: Corpus, schemas: Schemas) -> dict[str, list[str]]:
    """For each case slug, up to five related case slugs, best first.

    Explicit `related` links (either direction) weigh most, then shared values of the fields
    the schema gives an `x-related` weight (policy areas, country, tier). Each case is compared
    with a bounded number of neighbours per shared value, so the cost stays linear in the corpus.
    """
    cases = corpus.sources(CASES)
    weights = {f.name: f.related for f in fields(schemas, CASES.schema) if f.related}
    groups: dict[tuple, list[str]] = defaultdict(list)
    explicit: dict[str, set[str]] = defaultdict(set)
    for slug, entry in sorted(cases.items()):
        meta = entry.meta
        for key in _keys(meta, weights):
            groups[key].append(slug)
        for other in meta.get("related") or []:
            if other in cases and other != slug:
                explicit[slug].add(other)
                explicit[other].add(slug)
    positions = {
        key: {slug: i for i, slug in enumerate(members)} for key, members in groups.items()
    }
    related: dict[str, list[str]] = {}
    for slug, entry in cases.items():
        scores: dict[str, int] = defaultdict(int)
        for other in explicit.get(slug, ()):
            scores[other] += 10
        for key in _keys(entry.meta, weights):
            members = groups[key]
            weight = weights[key[0]]
            at = positions[key][slug]
            half = NEIGHBOURS // 2
            for other in members[max(0, at - half) : at + half + 1]:
                if other != slug:
                    scores[other] += weight
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        related[slug] = [other for other, _ in ranked[:RELATED_SHOWN]]
    return related


def _keys(meta: dict, weights: dict[str, int]) -> list[tuple[str, str]]:
    """The shared values a case can be related by, as (field, value)."""
    keys = []
    for name in weights:
        raw = meta.get(name)
        keys += [(name, str(value)) for value in (raw if isinstance(raw, list) else [raw]) if value]
    return keys
