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


def generated_names(categories: dict) -> list[str]:
    """Source names (without language) of every generated page, given the categories in use."""
    names = [f"{collection.folder}/index" for collection in INDEXED]
    names += list(DATA_PAGES) + list(CORPUS_PAGES)
    names += [f"categories/{kind}/{value.lower()}" for kind, value in categories]
    return names
