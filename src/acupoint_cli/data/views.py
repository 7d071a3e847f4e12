"""The body-map views (data/views.json): the View record, its one checked parser, and its geometry.

Each view is an outline drawing: polygons whose union is the body, guide lines and named
landmarks. This module reads and checks the file, answers one view for drawing (`get_view`)
or all of them for validating a catalogue (`load_views`), and says whether a spot lies on the
body (`contains`), which the catalogue's validation asks of every point. Drawing lives in
features/bodymap. The file is read on first use only, as JSON (about 1.7 ms, where PyYAML
would take over 300 ms); how it is laid out in lines does not matter.

Coordinates are normalised: x from 0 (viewer's left) to 1 (viewer's right), y from 0 (top)
to 1 (bottom), in a box whose width / height is the view's `aspect`. No `from __future__ import
annotations`: a NamedTuple defines faster without it, and `show` imports this module.
"""

import json
import math
from functools import lru_cache
from typing import Any, NamedTuple

from . import bundled_file

XY = tuple[float, float]
Polyline = tuple[XY, ...]
Box = tuple[float, float, float, float]  # min x, min y, max x, max y

VIEW_IDS = (
    "front", "back", "side", "head-side", "hand-back", "palm", "foot-top", "sole", "foot-inner", "foot-outer",
)
EDGE_EPS = 1e-9  # how close to an edge counts as on it (rounded YAML coordinates mirror exactly)
_FIELDS = frozenset({"id", "title", "facing", "part", "aspect", "symmetric", "outline", "details", "landmarks",
                     "source"})
_PLAIN_NUMBERS = (float, int)


class View(NamedTuple):
    """One drawing: its polygons (the body is their union), guide lines and named landmarks.

    Landmarks are a tuple of (name, point) pairs rather than a dict so that a View is hashable
    and its raster can be cached. A NamedTuple, not a dataclass: defining a dataclass costs
    about 0.7 ms at import, and `show` imports this module.
    """

    id: str
    title: str
    aspect: float
    symmetric: bool
    outline: tuple[Polyline, ...]
    details: tuple[Polyline, ...] = ()
    landmarks: tuple[tuple[str, XY], ...] = ()
    source: str = ""
    facing: str = ""  # how the figure is seen and which side is which ("seen from behind: ...")
    part: str = "body"  # what the figure shows of one side only: "hand", "foot", "head" or "body"
    boxes: tuple[Box, ...] = ()  # each polygon's bounding box (see `boxed`)

    def boxed(self) -> "View":
        """The view with its polygons' bounding boxes, for quick "not here" answers in `contains`."""
        return self._replace(boxes=tuple(bbox(polygon) for polygon in self.outline))

    def landmark(self, name: str) -> XY:
        """The named guide point; KeyError names the view when it has no such landmark."""
        for key, point in self.landmarks:
            if key == name:
                return point
        raise KeyError(f"view {self.id!r} has no landmark {name!r}")


# --- the checked parser ---------------------------------------------------------------------


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"{where}: {message}")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise _fail(where, f"expected a finite number, got {value!r}")
    return number


def _point(value: Any, where: str) -> XY:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise _fail(where, f"expected a point [x, y], got {value!r}")
    x = _number(value[0], f"{where} x")
    y = _number(value[1], f"{where} y")
    for axis, coordinate in (("x", x), ("y", y)):
        if not 0.0 <= coordinate <= 1.0:
            raise _fail(where, f"{axis} = {coordinate} is outside [0, 1]")
    return (x, y)


def _polyline(value: Any, where: str, minimum: int) -> Polyline:
    """The points of one line, each checked as `_point` does.

    A point that is a list of two plain numbers in [0, 1], as nearly all are, is taken without
    building its place's name for a message; any other goes through `_point`, which accepts it
    or says what is wrong. Checking all ten views takes about 1.5 ms so, where naming each
    point's place first took about 4.5.
    """
    if not isinstance(value, list | tuple):
        raise _fail(where, f"expected a list of points, got {type(value).__name__}")
    if len(value) < minimum:
        raise _fail(where, f"needs at least {minimum} points, has {len(value)}")
    points: list[XY] = []
    for index, item in enumerate(value):
        if type(item) is list and len(item) == 2:
            x, y = item
            if type(x) in _PLAIN_NUMBERS and type(y) in _PLAIN_NUMBERS and 0 <= x <= 1 and 0 <= y <= 1:
                points.append((float(x), float(y)))
                continue
        points.append(_point(item, f"{where}[{index}]"))
    return tuple(points)


def _lines(entry: dict[str, Any], key: str, where: str, minimum: int, required: bool) -> tuple[Polyline, ...]:
    value = entry.get(key)
    if value is None:
        if required:
            raise _fail(where, f"missing {key!r}")
        return ()
    if not isinstance(value, list) or (required and not value):
        raise _fail(f"{where}: {key}", "expected a non-empty list of point lists" if required else "expected a list")
    return tuple(_polyline(item, f"{where}: {key}[{index}]", minimum) for index, item in enumerate(value))


def _text(entry: dict[str, Any], key: str, default: str, where: str) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise _fail(f"{where}: {key}", f"expected a string, got {value!r}")
    return value


def _landmarks(entry: dict[str, Any], where: str) -> tuple[tuple[str, XY], ...]:
    raw = entry.get("landmarks") or {}
    if not isinstance(raw, dict):
        raise _fail(f"{where}: landmarks", "expected a mapping of name: [x, y]")
    landmarks = []
    for name, value in raw.items():
        if not isinstance(name, str) or not name:
            raise _fail(f"{where}: landmarks", f"names must be non-empty strings, got {name!r}")
        landmarks.append((name, _point(value, f"{where}: landmarks.{name}")))
    return tuple(landmarks)


def _view(entry: Any, index: int) -> View:
    """One entry of the file's `views` list, every field checked; ValueError names the view and field."""
    if not isinstance(entry, dict):
        raise _fail(f"views[{index}]", f"expected a mapping, got {type(entry).__name__}")
    view_id = entry.get("id")
    if not isinstance(view_id, str) or not view_id.strip():
        raise _fail(f"views[{index}]", f"'id' must be a non-empty string, got {view_id!r}")
    where = f"view {view_id!r}"
    unknown = sorted(str(key) for key in entry if key not in _FIELDS)
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}")
    title = _text(entry, "title", view_id, where)
    if "aspect" not in entry:
        raise _fail(where, "missing 'aspect'")
    aspect = _number(entry["aspect"], f"{where}: aspect")
    if aspect <= 0:
        raise _fail(f"{where}: aspect", f"must be > 0, got {aspect}")
    symmetric = entry.get("symmetric", False)
    if not isinstance(symmetric, bool):
        raise _fail(f"{where}: symmetric", f"expected true or false, got {symmetric!r}")
    source, facing, part = (_text(entry, key, default, where)
                            for key, default in (("source", ""), ("facing", ""), ("part", "body")))
    outline = _lines(entry, "outline", where, 3, required=True)
    details = _lines(entry, "details", where, 2, required=False)
    return View(view_id, title, aspect, symmetric, outline, details, _landmarks(entry, where), source, facing,
                part).boxed()


def _entries(raw: Any) -> list[Any]:
    """The `views` list of a parsed views file; ValueError if the file is not shaped so."""
    if not isinstance(raw, dict) or "views" not in raw:
        raise ValueError("views file: expected a mapping with a 'views' list")
    entries = raw["views"]
    if not isinstance(entries, list) or not entries:
        raise ValueError("views file: 'views' must be a non-empty list")
    return entries


def parse_views(raw: Any) -> tuple[View, ...]:
    """Validate the parsed views file; ValueError names the view and field at fault."""
    views: list[View] = []
    seen: set[str] = set()
    for index, entry in enumerate(_entries(raw)):
        view = _view(entry, index)
        if view.id in seen:
            raise ValueError(f"view {view.id!r}: duplicate view id")
        seen.add(view.id)
        views.append(view)
    return tuple(views)


# --- the bundled views ------------------------------------------------------------------------


def views_path() -> str:
    """data/views.json as shipped."""
    return bundled_file("views.json")


@lru_cache(maxsize=1)
def file_text() -> str:
    """The bundled views file as text, read once (its content also stamps the packaged drawings)."""
    with open(views_path(), encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def _bundled_entries() -> list[Any]:
    return _entries(json.loads(file_text()))


@lru_cache(maxsize=16)
def get_view(view_id: str) -> View:
    """One bundled view, for drawing, checked as `parse_views` checks each; KeyError for an unknown id.

    Only the view asked for is checked: the whole file is parsed (about 1.7 ms), but checking
    one view takes about 0.2 ms where checking all ten takes about 1.5.
    """
    for index, entry in enumerate(_bundled_entries()):
        if isinstance(entry, dict) and entry.get("id") == view_id:
            return _view(entry, index)
    raise KeyError(view_id)


@lru_cache(maxsize=1)
def load_views() -> dict[str, View]:
    """Every bundled view by id, all checked (for validating a catalogue's points, and tests)."""
    return {view.id: view for view in parse_views({"views": _bundled_entries()})}


# --- geometry -----------------------------------------------------------------------------


def bbox(polygon: Polyline) -> Box:
    """The polygon's bounding box: (min x, min y, max x, max y)."""
    xs = [x for x, _ in polygon]
    ys = [y for _, y in polygon]
    return min(xs), min(ys), max(xs), max(ys)


def _on_segment(x: float, y: float, a: XY, b: XY) -> bool:
    (ax, ay), (bx, by) = a, b
    if not (min(ax, bx) - EDGE_EPS <= x <= max(ax, bx) + EDGE_EPS):
        return False
    if not (min(ay, by) - EDGE_EPS <= y <= max(ay, by) + EDGE_EPS):
        return False
    cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
    return abs(cross) <= EDGE_EPS * max(1.0, math.hypot(bx - ax, by - ay))


def _even_odd(polygon: Polyline, x: float, y: float) -> bool:
    inside = False
    previous = polygon[-1]
    for current in polygon:
        (xi, yi), (xj, yj) = current, previous
        if (yi > y) != (yj > y) and x < xj + (y - yj) * (xi - xj) / (yi - yj):
            inside = not inside
        previous = current
    return inside


def polygon_contains(polygon: Polyline, x: float, y: float) -> bool:
    """Even-odd test for one polygon; a point on an edge counts as inside."""
    if _even_odd(polygon, x, y):
        return True
    previous = polygon[-1]
    for current in polygon:
        if _on_segment(x, y, previous, current):
            return True
        previous = current
    return False


def contains(view: View, x: float, y: float) -> bool:
    """Whether (x, y) lies on the body: inside or on the edge of any of the view's polygons."""
    return any(
        box[0] - EDGE_EPS <= x <= box[2] + EDGE_EPS and box[1] - EDGE_EPS <= y <= box[3] + EDGE_EPS
        and polygon_contains(polygon, x, y)
        for polygon, box in zip(view.outline, view.boxes if view.boxes else map(bbox, view.outline), strict=True)
    )


def mirror(view: View, x: float, y: float) -> XY:
    """The same spot on the other side of the body: x -> 1 - x on symmetric views, else unchanged."""
    return (1.0 - x, y) if view.symmetric else (x, y)
