"""The pages the build generates, by name: one registry for the build, the checks and the bench."""

from __future__ import annotations

from commons.corpus import CASES, GLOSSARY, ROADMAPS

# Collections whose index page is generated.
INDEXED = (CASES, ROADMAPS, GLOSSARY)
# Pages generated from a data file, by name.
DATA_PAGES = {"readings": "data/readings.yml", "bibliography": "data/bibliography.yml"}
# The map of the cases (`commons.mappage`).
MAP_PAGE = "map/index"
# Pages that load the map's assets: all of them, or the script that carries filters to it.
MAP_ASSETS = {MAP_PAGE: "page", f"{CASES.folder}/index": "link"}
# Pages generated from the whole corpus.
CORPUS_PAGES = ("changes", "status", "categories/index", MAP_PAGE)
# The page whose filters load `assets/commons-facets.js`; no other page needs it.
FACETS_PAGE = f"{CASES.folder}/index"
# Cards the case index renders in its HTML, and on each of its numbered pages: the first view
# weighs the same at 50 cases or 5,000. The filters load the others' cards in files as many.
CASES_PER_PAGE = 50
# The case index's numbered pages, `cases/page/2/`: no case's folder, since a slug has no `/`.
CASE_PAGES = f"{CASES.folder}/page"


def page_assets(stem: str) -> dict:
    """What the page generated as `stem` loads besides every page's assets, for its template."""
    return {"map_assets": MAP_ASSETS.get(stem), "facets_script": stem == FACETS_PAGE}


def case_page_count(cases: int) -> int:
    """How many pages list `cases` cases, the index being the first."""
    return max(1, -(-cases // CASES_PER_PAGE))


def case_page_name(number: int) -> str:
    """The source name of the case index's page `number` (1 is the index itself)."""
    return f"{CASES.folder}/index" if number == 1 else f"{CASE_PAGES}/{number}/index"


def generated_names(categories: dict, cases: int) -> list[str]:
    """Source names (without language) of every generated page, given categories and cases."""
    names = [f"{collection.folder}/index" for collection in INDEXED]
    names += [case_page_name(n) for n in range(2, case_page_count(cases) + 1)]
    names += list(DATA_PAGES) + list(CORPUS_PAGES)
    names += [f"categories/{kind}/{value.lower()}" for kind, value in categories]
    return names
