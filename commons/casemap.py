"""The map of the case studies, drawn as SVG when the site is built: no tiles, no request.

The boundaries are Natural Earth's, from npm's `world-atlas` (TopoJSON, pinned in
package-lock.json and installed by `make install`'s `npm ci`). TopoJSON is decoded here rather
than with a library: topojson-client is JavaScript (it would put Node in the build), PyPI's
`pytopojson` has had no release since 2022, and `topojson` encodes rather than decodes and
brings numpy and shapely; the decoding the specification describes is twenty lines.

The main map shows the Mediterranean, widened to take in every case near it (London,
Wrocław) in an Albers equal-area conic suited to those latitudes. A case far from it
(Antananarivo, Maricá) is drawn in an inset of its own country beside the map, since
stretching the frame to the southern hemisphere would shrink the Mediterranean to a strip.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

from babel.core import get_global

from commons import direction
from commons.typography import apply

# Where `npm ci` puts the boundaries; 1:50m is coarse enough to stay small, fine enough for Malta.
ATLAS = "node_modules/world-atlas/countries-50m.json"
PROJECT = Path(__file__).resolve().parent.parent
# The Mediterranean, always shown: from the Strait of Gibraltar to the Levant (lon, lat).
MEDITERRANEAN = (-10.0, 30.0, 37.0, 46.5)
# Cases inside this box widen the main map; cases outside it get an inset.
NEAR = (-30.0, 20.0, 60.0, 72.0)
# Degrees left around a case that widens the frame.
MARGIN = 2.0
# Where the sea's name is written.
SEA_LABEL = (18.0, 34.6)
WIDTH = 1000
INSET_SIZE = 300
# Douglas-Peucker tolerance and smallest ring kept, in map units (about a pixel on a laptop).
TOLERANCE = 0.7
MIN_AREA = 3.0
# Markers closer than this are fanned out around their centre, each still reachable.
CLUSTER = 16.0
MARKER_R = 7


class AtlasMissing(Exception):
    """The boundaries are not installed; the message says what to do."""


def atlas_path(root: Path) -> Path:
    """The boundaries file, in the content repository or in this project's own install."""
    for base in (root, PROJECT):
        if (base / ATLAS).is_file():
            return base / ATLAS
    raise AtlasMissing(f"{root / ATLAS}: missing; run `make install` (it runs `npm ci`)")


@dataclass(frozen=True)
class Country:
    """One country of the atlas: ISO alpha-2 code and polygons as rings of (lon, lat)."""

    code: str
    polygons: tuple


@lru_cache(maxsize=2)
def countries(path: str) -> tuple[Country, ...]:
    """Every country of a TopoJSON atlas, decoded (see the module docstring for why by hand)."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized positions are delta-encoded
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:  # ~i is arc i reversed; each arc repeats the last point
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    # The atlas names countries by their numeric code; CLDR maps it to alpha-2.
    aliases = get_global("territory_aliases")
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        codes = aliases.get(str(geometry.get("id", "")))
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(tuple(ring(r) for r in polygon) for polygon in polygons)
        found.append(Country(codes[0] if codes else "", rings))
    return tuple(found)


# Projections ------------------------------------------------------------------------------


def albers(lon0: float, lat0: float, lat1: float, lat2: float):
    """Albers equal-area conic: (lon, lat) in degrees to (x, y), y pointing north."""
    p1, p2, p0 = math.radians(lat1), math.radians(lat2), math.radians(lat0)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c - 2 * n * math.sin(p0)) / n

    def project(lon: float, lat: float) -> tuple[float, float]:
        rho = math.sqrt(max(c - 2 * n * math.sin(math.radians(lat)), 0.0)) / n
        theta = n * math.radians(lon - lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    return project


def equirectangular(lat0: float):
    """Plate carrée stretched for `lat0`: good enough for one country in an inset."""
    k = math.cos(math.radians(lat0))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return math.radians(lon) * k, math.radians(lat)

    return project


@dataclass
class Frame:
    """A projection fitted to a (lon, lat) box, in map units of `width` by `height`."""

    project: object
    bounds: tuple[float, float, float, float]
    width: int
    height: int = 0
    scale: float = 1.0
    origin: tuple[float, float] = (0.0, 0.0)

    def fit(self, max_height: int | None = None) -> Frame:
        """Scale the box's outline (sampled, as a conic bends it) into the frame."""
        west, south, east, north = self.bounds
        steps = 24
        outline = [
            self.project(west + (east - west) * i / steps, lat)
            for i in range(steps + 1)
            for lat in (south, north)
        ] + [
            self.project(lon, south + (north - south) * i / steps)
            for i in range(steps + 1)
            for lon in (west, east)
        ]
        xs, ys = [p[0] for p in outline], [p[1] for p in outline]
        self.scale = self.width / (max(xs) - min(xs))
        if max_height and (max(ys) - min(ys)) * self.scale > max_height:
            self.scale = max_height / (max(ys) - min(ys))
            self.width = round((max(xs) - min(xs)) * self.scale)
        self.height = round((max(ys) - min(ys)) * self.scale)
        self.origin = (min(xs), max(ys))
        return self

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Map units of a place, y pointing down as SVG has it."""
        x, y = self.project(lon, lat)
        return (x - self.origin[0]) * self.scale, (self.origin[1] - y) * self.scale

    def key(self) -> tuple:
        """What the drawn land depends on."""
        return (self.bounds, self.width, self.height)


# Geometry ---------------------------------------------------------------------------------


def clip(points: list, width: float, height: float) -> list:
    """A ring clipped to the frame (Sutherland–Hodgman, exact for a rectangle)."""
    edges = (
        (lambda p: p[0] >= 0, lambda a, b: _cross_x(a, b, 0)),
        (lambda p: p[0] <= width, lambda a, b: _cross_x(a, b, width)),
        (lambda p: p[1] >= 0, lambda a, b: _cross_y(a, b, 0)),
        (lambda p: p[1] <= height, lambda a, b: _cross_y(a, b, height)),
    )
    for inside, cross in edges:
        if not points:
            break
        kept = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    kept.append(cross(previous, current))
                kept.append(current)
            elif inside(previous):
                kept.append(cross(previous, current))
            previous = current
        points = kept
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker on an open line, iteratively (rings run to thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            # A closed ring starts where it ends: there the distance is to that point.
            distance = (
                abs(dy * (px - ax) - dx * (py - ay)) / length
                if length
                else math.hypot(px - ax, py - ay)
            )
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(points: list) -> float:
    """Signed area of a ring (shoelace)."""
    return (
        sum(
            points[i - 1][0] * points[i][1] - points[i][0] * points[i - 1][1]
            for i in range(len(points))
        )
        / 2
    )


def centroid(points: list) -> tuple[float, float]:
    """Centre of mass of a ring, where a country's name is written."""
    a = area(points) or 1e-9
    cx = cy = 0.0
    for i in range(len(points)):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * a), cy / (6 * a)


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """Rings as compact SVG path data: whole units, relative moves after the first point."""
    out = []
    for points in rings:
        x0, y0 = points[0]
        steps = []
        for x, y in points[1:]:
            steps.append(f"{x - x0} {y - y0}")
            x0, y0 = x, y
        out.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z")
    return "".join(out).replace(" -", "-")


def _overlaps(box: tuple, bounds: tuple, margin: float) -> bool:
    west, south, east, north = bounds
    return not (
        box[2] < west - margin
        or box[0] > east + margin
        or box[3] < south - margin
        or box[1] > north + margin
    )


@dataclass
class Land:
    """The land of a frame: each country's path and the point its name is written at."""

    paths: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


_LAND: dict[tuple, Land] = {}


def land(atlas: Path, frame: Frame) -> Land:
    """Countries projected, clipped to the frame, simplified and rounded; drawn once a build."""
    key = (str(atlas), frame.key())
    if key in _LAND:
        return _LAND[key]
    drawn = Land()
    # A conic's frame reaches past its box at the corners: read a little more of the atlas.
    margin = max(frame.bounds[2] - frame.bounds[0], frame.bounds[3] - frame.bounds[1]) / 4
    for index, country in enumerate(countries(str(atlas))):
        rings, biggest, anchor = [], 0.0, None
        for polygon in country.polygons:
            for number, ring in enumerate(polygon):
                lons, lats = [p[0] for p in ring], [p[1] for p in ring]
                if not _overlaps(
                    (min(lons), min(lats), max(lons), max(lats)), frame.bounds, margin
                ):
                    continue
                points = clip([frame.point(*p) for p in ring], frame.width, frame.height)
                if len(points) < 3:
                    continue
                points = simplify(points + [points[0]], TOLERANCE)[:-1]
                rounded = []
                for x, y in points:
                    p = (round(x), round(y))
                    if not rounded or rounded[-1] != p:
                        rounded.append(p)
                size = abs(area(rounded)) if len(rounded) >= 3 else 0.0
                if size < MIN_AREA:
                    continue  # islands too small to see, and the bytes they cost
                rings.append(rounded)
                if number == 0 and size > biggest:
                    biggest, anchor = size, centroid(rounded)
        if rings:
            name = country.code or f"_{index}"
            drawn.paths[name] = path_data(rings)
            drawn.order.append(name)
            if anchor and country.code:
                drawn.anchors[country.code] = anchor
    _LAND[key] = drawn
    return drawn


# Cases on the map -------------------------------------------------------------------------


@dataclass
class Place:
    """A case as the map shows it."""

    slug: str
    title: str
    lang: str  # the title's language: a case not yet translated shows its English title
    country: str
    lon: float
    lat: float
    href: str
    data: dict[str, str]


def frames(places: list[Place]) -> tuple[Frame, dict[str, list[Place]]]:
    """The main frame, and the cases far from it by country (each drawn in an inset)."""
    west, south, east, north = MEDITERRANEAN
    far: dict[str, list[Place]] = {}
    for place in places:
        near = NEAR[0] <= place.lon <= NEAR[2] and NEAR[1] <= place.lat <= NEAR[3]
        if not near:
            far.setdefault(place.country, []).append(place)
            continue
        west, east = min(west, place.lon - MARGIN), max(east, place.lon + MARGIN)
        south, north = min(south, place.lat - MARGIN), max(north, place.lat + MARGIN)
    centre = ((west + east) / 2, (south + north) / 2)
    spread = north - south
    project = albers(centre[0], centre[1], south + spread / 6, north - spread / 6)
    return Frame(project, (west, south, east, north), WIDTH).fit(), far


def inset_frame(atlas: Path, code: str, places: list[Place]) -> Frame:
    """A frame around one country (its larger polygons) and its cases."""
    shapes = [c for c in countries(str(atlas)) if c.code == code]
    boxes = []
    for country in shapes:
        for polygon in country.polygons:
            lons, lats = [p[0] for p in polygon[0]], [p[1] for p in polygon[0]]
            box = (min(lons), min(lats), max(lons), max(lats))
            boxes.append(((box[2] - box[0]) * (box[3] - box[1]), box))
    biggest = max((size for size, _ in boxes), default=0)
    boxes = [box for size, box in boxes if size >= biggest / 20]
    boxes += [(p.lon, p.lat, p.lon, p.lat) for p in places]
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(east - west, north - south) * 0.08 + 0.5
    bounds = (west - pad, south - pad, east + pad, north + pad)
    frame = Frame(equirectangular((south + north) / 2), bounds, INSET_SIZE)
    return frame.fit(max_height=INSET_SIZE)


def spread(points: list[tuple[Place, float, float]]) -> list[tuple[Place, float, float, bool]]:
    """Markers of places too close to tell apart, fanned out around their centre."""
    groups: list[list[tuple[Place, float, float]]] = []
    for item in points:
        for group in groups:
            cx = sum(g[1] for g in group) / len(group)
            cy = sum(g[2] for g in group) / len(group)
            if math.hypot(item[1] - cx, item[2] - cy) < CLUSTER:
                group.append(item)
                break
        else:
            groups.append([item])
    placed = []
    for group in groups:
        if len(group) == 1:
            placed.append((*group[0], False))
            continue
        cx = sum(g[1] for g in group) / len(group)
        cy = sum(g[2] for g in group) / len(group)
        radius = max(22.0, 8.0 * len(group))
        for i, (place, _, _) in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * i / len(group)
            placed.append(
                (place, cx + radius * math.cos(angle), cy + radius * math.sin(angle), True)
            )
    return placed


def _text(text: str, lang: str) -> str:
    """Text for an SVG element: escaped, with the language's typography (no markup in SVG)."""
    return apply(escape(text, quote=False), lang, printed=True)


def _markers(frame: Frame, places: list[Place], page_lang: str, labels: bool) -> str:
    """One link per case: a dot, its title as name and tooltip, a label shown on focus."""
    located = [(p, *frame.point(p.lon, p.lat)) for p in places]
    out = []
    for place, x, y, moved in spread(located):
        true = next((px, py) for p, px, py in located if p is place)
        attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in place.data.items())
        lang = "" if place.lang == page_lang else f' lang="{place.lang}"'
        title = _text(place.title, place.lang)
        parts = [
            f'<a class="commons-map__marker" href="{escape(place.href)}" '
            f'data-case="{escape(place.slug)}"{attrs}{lang} aria-label="{escape(place.title)}">'
            f"<title>{title}</title>"
        ]
        if moved:
            parts.append(
                f'<line x1="{true[0]:.0f}" y1="{true[1]:.0f}" x2="{x:.0f}" y2="{y:.0f}" '
                'stroke="#7a1f2b" stroke-width="1.5"/>'
                f'<circle cx="{true[0]:.0f}" cy="{true[1]:.0f}" r="2.5" fill="#7a1f2b"/>'
            )
        parts.append(
            f'<circle class="commons-map__dot" cx="{x:.0f}" cy="{y:.0f}" r="{MARKER_R}" '
            'fill="#b0283a" stroke="#fff" stroke-width="2"/>'
        )
        if labels:
            # Written towards the middle of the map, so that it stays inside the frame; the
            # anchor's start is the right-hand end in a right-to-left SVG.
            rightwards = x < frame.width / 2
            anchor = "start" if rightwards == (direction(page_lang) == "ltr") else "end"
            lx = x + 12 if rightwards else x - 12
            parts.append(
                f'<text class="commons-map__label" x="{lx:.0f}" y="{y + 5:.0f}" '
                f'text-anchor="{anchor}" visibility="hidden">{title}</text>'
            )
        parts.append("</a>")
        out.append("".join(parts))
    return "".join(out)


def _clear_of(anchor: tuple, name: str, dots: list, frame: Frame) -> tuple[float, float]:
    """Where a country's name is written: at its centre, or moved off the markers near it."""
    half, size = len(name) * 4.5, 15
    x, y = anchor
    for dy in (0, 24, -24, 40, -40, 56):
        top, bottom = y + dy - size, y + dy + 4
        if (
            not any(
                abs(dx - x) < half + MARKER_R + 2
                and top - MARKER_R - 2 < dy_ < bottom + MARKER_R + 2
                for dx, dy_ in dots
            )
            and 0 < top
            and bottom < frame.height
        ):
            return x, y + dy
    return anchor


def svg(
    atlas: Path,
    frame: Frame,
    places: list[Place],
    lang: str,
    label: str,
    names: dict[str, str],
    sea: str | None = None,
    printed: bool = False,
) -> str:
    """One map: land, the cases' countries marked and named, then the markers.

    On screen the names are SVG text (the page's direction reaches them from the HTML). In
    print they are HTML laid over the SVG, since the handbook's engine neither shapes Arabic
    in SVG text nor draws an SVG that declares a direction.
    """
    drawn = land(atlas, frame)
    marked = {p.country for p in places}
    shapes = "".join(
        f'<path d="{drawn.paths[code]}"'
        + (' class="commons-map__country--cases" fill="#e9d8b4"' if code in marked else "")
        + "/>"
        for code in drawn.order
    )
    written: list[tuple[float, float, str, str]] = []
    dots = [frame.point(p.lon, p.lat) for p in places]
    for code in sorted(marked):
        if code in drawn.anchors and code in names:
            x, y = _clear_of(drawn.anchors[code], names[code], dots, frame)
            written.append((x, y, names[code], "country"))
    if sea:
        written.append((*frame.point(*SEA_LABEL), sea, "sea"))
    texts = (
        ""
        if printed
        else "".join(
            f'<text class="commons-map__name--{kind}" x="{x:.0f}" y="{y:.0f}" text-anchor="middle"'
            + (' font-style="italic" fill="#3f6f8f"' if kind == "sea" else "")
            + f">{_text(text, lang)}</text>"
            for x, y, text, kind in written
        )
    )
    drawing = (
        f'<svg class="commons-map__svg" viewBox="0 0 {frame.width} {frame.height}" '
        f'width="{frame.width}" height="{frame.height}" role="group" '
        f'aria-label="{escape(label)}" font-family="sans-serif" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{frame.width}" height="{frame.height}" fill="#dbe8f0"/>'
        f'<g class="commons-map__land" fill="#f7f3ea" stroke="#a59e8f" stroke-width="0.7" '
        f'stroke-linejoin="round">{shapes}</g>'
        f'<g class="commons-map__names" font-size="15" fill="#4a4436" aria-hidden="true">'
        f"{texts}</g>"
        f'<g class="commons-map__markers" font-size="15">'
        f"{_markers(frame, places, lang, not printed)}</g></svg>"
    )
    if not printed:
        return drawing
    spans = "".join(
        f'<span class="map-name map-name--{kind}" style="left: {100 * x / frame.width:.1f}%; '
        f'top: {100 * y / frame.height:.1f}%">{escape(text)}</span>'
        for x, y, text, kind in written
    )
    return f'<div class="map-frame">{drawing}{spans}</div>'
