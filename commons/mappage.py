"""The map page of each language, and the same map as a figure of the handbook."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from commons import direction
from commons.casemap import Place, atlas_path, frames, inset_frame, svg
from commons.collation import sort_key
from commons.corpus import CASES, Entry
from commons.fields import fields
from commons.indexes import Generated, facet_data, relative
from commons.schemas import country_name
from commons.strings import t


def places(site, lang: str, href: Callable[[str], str]) -> tuple[list[Place], list[Entry]]:
    """The cases with a location as the map shows them, and those without one.

    Both lists are in the order readers meet them: by country name, then title.
    """
    corpus, schemas = site.corpus, site.schemas
    located, unplaced = [], []
    for source in corpus.sources(CASES).values():
        shown = corpus.get(CASES, source.slug, lang) or source
        where = source.meta.get("location")
        if not isinstance(where, dict) or "lat" not in where or "lon" not in where:
            unplaced.append(shown)
            continue
        located.append(
            Place(
                slug=source.slug,
                title=str(shown.meta.get("title", source.slug)),
                lang=shown.lang,
                country=str(source.meta.get("country", "")),
                lon=float(where["lon"]),
                lat=float(where["lat"]),
                href=href(source.slug),
                data=facet_data(source.meta, schemas),
            )
        )

    def order(place: Place):
        return (sort_key(country_name(place.country, lang), lang), sort_key(place.title, lang))

    located.sort(key=order)
    unplaced.sort(key=lambda e: sort_key(str(e.meta.get("title", e.slug)), lang))
    return located, unplaced


def maps(site, located: list[Place], lang: str, printed: bool = False) -> str:
    """The main map and an inset for each country far from it, as figures."""
    atlas = atlas_path(site.root)
    frame, far = frames(located)
    near = [p for p in located if not any(p in group for group in far.values())]
    codes = {p.country for p in located}
    names = {code: country_name(code, lang) for code in codes}
    main = svg(atlas, frame, near, lang, t("map_label", lang), names, t("map_sea", lang), printed)
    html = f'<figure class="commons-map__main">{main}</figure>'
    if far:
        insets = []
        for code in sorted(far, key=lambda c: sort_key(names[c], lang)):
            inset = inset_frame(atlas, code, far[code])
            drawn = svg(atlas, inset, far[code], lang, names[code], {}, None, printed)
            insets.append(
                f'<figure class="commons-map__inset">{drawn}'
                f"<figcaption>{escape(names[code])}</figcaption></figure>"
            )
        html += (
            f'<div class="commons-map__elsewhere"><p class="commons-map__elsewhere-title">'
            f"{escape(t('map_elsewhere', lang))}</p>{''.join(insets)}</div>"
        )
    return html


def by_country(located: list[Place], lang: str, heading: str = "h3") -> str:
    """The located cases listed by country, for readers who cannot use the map."""
    groups: dict[str, list[Place]] = {}
    for place in located:
        groups.setdefault(place.country, []).append(place)
    out = []
    for code, members in groups.items():
        items = "".join(
            f'<li data-case="{escape(p.slug)}"'
            + "".join(f' data-{k}="{escape(v)}"' for k, v in p.data.items())
            + _lang(p.lang, lang)
            + f'><a href="{escape(p.href)}">{escape(p.title)}</a></li>'
            for p in members
        )
        out.append(
            f"<{heading}>{escape(country_name(code, lang))}</{heading}>"
            f'<ul class="commons-map__cases">{items}</ul>'
        )
    return "".join(out)


def map_page(site, lang: str) -> Generated:
    """The map page in `lang`: the map, the cases by country, the cases not on it."""
    here = "map/"
    located, unplaced = places(site, lang, lambda slug: relative(here, CASES.url(slug)))
    status = (
        '<p class="commons-map__status" data-commons-map-status hidden '
        f'data-template="{escape(t("map_shown", lang))}"><span></span> '
        f'<a href="./" data-commons-map-all>{escape(t("map_show_all", lang))}</a></p>'
    )
    listing = (
        '<section class="commons-map__list" aria-labelledby="map-by-country">'
        f'<h2 id="map-by-country">{escape(t("map_by_country", lang))}</h2>'
        f"{by_country(located, lang)}</section>"
    )
    html = (
        f'<p class="commons-intro">{escape(t("map_intro", lang))}</p>{status}'
        f'<div class="commons-map" data-commons-map>'
        f'<div class="commons-map__figures">{maps(site, located, lang)}'
        f'<p class="commons-map__credit">{escape(t("map_credit", lang))}</p></div>'
        f"{listing}</div>"
    )
    if unplaced:
        items = "".join(
            f'<li{_lang(e.lang, lang)}><a href="{escape(relative(here, CASES.url(e.slug)))}">'
            f"{escape(str(e.meta.get('title', e.slug)))}</a></li>"
            for e in unplaced
        )
        html += (
            f'<h2 id="unplaced">{escape(t("map_unplaced_title", lang))}</h2>'
            f"<p>{escape(t('map_unplaced_intro', lang))}</p>"
            f'<ul class="commons-map__unplaced">{items}</ul>'
        )
    return Generated(t("map_title", lang), html, searchable=False, hide=("navigation", "toc"))


def figure(site, lang: str, anchor: Callable[[str], str]) -> str:
    """The map as a figure of the handbook: markers link to the cases in the book."""
    located, _ = places(site, lang, lambda slug: "#" + anchor(slug))
    if not located:
        return ""
    return (
        f'<figure class="map-figure">{maps(site, located, lang, printed=True)}'
        f"<figcaption>{escape(t('map_caption', lang))} {escape(t('map_credit', lang))}"
        "</figcaption></figure>"
    )


def _lang(entry_lang: str, lang: str) -> str:
    """`lang` and `dir` for a title shown in English on another language's page."""
    return f' lang="{entry_lang}" dir="{direction(entry_lang)}"' if entry_lang != lang else ""


def has_location(schemas) -> bool:
    """Whether the case schema declares a `location` (the map and its check need one)."""
    return any(f.name == "location" for f in fields(schemas, CASES.schema))
