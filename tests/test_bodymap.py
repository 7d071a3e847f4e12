"""Body maps: the outline data is valid and well-formed, and drawing is robust and puts marks where they belong."""

from __future__ import annotations

import copy
import json
import math
import re
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from acupoint_cli.data import views as view_data
from acupoint_cli.data.views import (  # _even_odd: the reference rule for the raster's inside test
    VIEW_IDS,
    View,
    _even_odd,
    _point,
    _polyline,
    contains,
    get_view,
    load_views,
    mirror,
    parse_views,
    views_path,
)
from acupoint_cli.features.bodymap import packaged, raster
from acupoint_cli.features.bodymap.marks import MARK_CHARS, Mark
from acupoint_cli.features.bodymap.raster import _crossings, draw, figure_size, full_drawings, to_text
from acupoint_cli.features.bodymap.svg import to_svg, to_svg_row
from acupoint_cli.features.figures import full_width_sizes

VIEWS_FILE = Path(__file__).resolve().parents[1] / "data" / "views.json"
WIDTHS = (1, 5, 8, 20, 40, 80, 200)
SVG = "{http://www.w3.org/2000/svg}"

# Spots every reader would call "on the body" for each view (normalised x, y).
INSIDE = {
    "front": [(0.5, 0.45), (0.5, 0.25), (0.5, 0.07), (0.4, 0.72), (0.6, 0.9)],
    "back": [(0.5, 0.4), (0.5, 0.52), (0.4, 0.72), (0.6, 0.72)],
    "side": [(0.4, 0.45), (0.4, 0.07), (0.35, 0.72)],
    "head-side": [(0.45, 0.4), (0.7, 0.45), (0.4, 0.85)],
    "hand-back": [(0.6, 0.55), (0.6, 0.85), (0.55, 0.15)],
    "palm": [(0.4, 0.55), (0.4, 0.85), (0.45, 0.15)],
    "foot-top": [(0.5, 0.5), (0.5, 0.9), (0.2, 0.15)],
    "sole": [(0.5, 0.5), (0.5, 0.9), (0.8, 0.15)],
    "foot-inner": [(0.4, 0.85), (0.7, 0.5), (0.75, 0.1)],
    "foot-outer": [(0.6, 0.85), (0.3, 0.5), (0.25, 0.1)],
}
# Landmarks each view must carry (more are allowed).
LANDMARKS = {
    "front": {"navel", "nipple-left", "nipple-right", "collarbone-notch", "pubic-bone-top", "knee-left", "knee-right"},
    "back": {"c7", "waist-l2", "sacrum-top", "knee-crease-left", "knee-crease-right", "heel-left", "heel-right"},
    "side": {"ear", "shoulder", "hip-joint", "knee", "ankle-outer"},
    "head-side": {"ear-opening", "eye-outer-corner", "temple", "jaw-angle", "occiput-base"},
    "hand-back": {"wrist-crease-centre", "thumb-index-web", "knuckle-index", "knuckle-little"},
    "palm": {"wrist-crease-centre", "palm-centre"},
    "foot-top": {"ankle-front-crease", "toe-web-1-2"},
    "sole": {"sole-front-third", "heel"},
    "foot-inner": {"ankle-inner", "heel", "big-toe-joint"},
    "foot-outer": {"ankle-outer", "heel", "little-toe-joint"},
}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return json.loads(VIEWS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def views(raw: dict[str, Any]) -> dict[str, View]:
    return {view.id: view for view in parse_views(raw)}


def square_view(*polygons: list[tuple[float, float]], symmetric: bool = False) -> View:
    return View("t", "test", 1.0, symmetric, tuple(tuple(p) for p in polygons))


def marks_in(rows: list[list[tuple[str, str]]]) -> list[tuple[int, int, str]]:
    """(row, column, text) of every mark cell."""
    found = []
    for r, row in enumerate(rows):
        column = 0
        for text, style in row:
            if style == "mark":
                found += [(r, column + i, ch) for i, ch in enumerate(text)]
            column += len(text)
    return found


# --- the data ------------------------------------------------------------------------------


def test_all_ten_views_are_present_in_order(views: dict[str, View]) -> None:
    assert tuple(views) == VIEW_IDS


def test_the_bundled_views_are_this_file_and_load_one_at_a_time(views: dict[str, View]) -> None:
    # The source checkout's file, or the copy a wheel install carries (CI tests a wheel install).
    assert Path(views_path()).read_bytes() == VIEWS_FILE.read_bytes()
    assert load_views() == views
    for view_id, view in views.items():
        assert get_view(view_id) == view
    with pytest.raises(KeyError):
        get_view("elbow")


def test_outlines_are_well_formed(views: dict[str, View]) -> None:
    for view in views.values():
        assert view.aspect > 0 and view.title and "original" in view.source, view.id
        assert view.facing and "your" in view.facing and view.part in {"body", "head", "hand", "foot"}, view.id
        assert view.symmetric == (view.id in {"front", "back"}), view.id
        for polygon in view.outline:
            assert 30 <= len(polygon) <= 120, (view.id, len(polygon))
            for x, y in polygon:
                assert 0 <= x <= 1 and 0 <= y <= 1
        for line in view.details:
            assert len(line) >= 2 and all(0 <= x <= 1 and 0 <= y <= 1 for x, y in line)


def test_coordinates_have_at_most_three_decimals(raw: dict[str, Any]) -> None:
    for entry in raw["views"]:
        points = [point for line in entry["outline"] + entry.get("details", []) for point in line]
        for x, y in points + list(entry["landmarks"].values()):
            assert round(x, 3) == x and round(y, 3) == y, (entry["id"], x, y)


def test_hands_have_five_fingers(views: dict[str, View]) -> None:
    for view_id in ("hand-back", "palm"):
        assert len(views[view_id].outline) >= 6  # five fingers and the hand


def test_symmetric_views_really_are_symmetric(views: dict[str, View]) -> None:
    for view in views.values():
        if not view.symmetric:
            continue
        for polygon in view.outline:
            for x, y in polygon:
                assert contains(view, 1 - x, y), (view.id, x, y)
        for name, (x, y) in view.landmarks:
            assert contains(view, *mirror(view, x, y)), (view.id, name)


def test_known_spots(views: dict[str, View]) -> None:
    front = views["front"]
    assert contains(front, 0.5, 0.45)  # belly
    assert not contains(front, 0.02, 0.02)
    assert not contains(front, 0.2, 0.75)  # beside the legs
    assert not contains(front, 0.5, 0.62)  # between the thighs
    for view_id, spots in INSIDE.items():
        view = views[view_id]
        for x, y in spots:
            assert contains(view, x, y), (view_id, x, y)
        for corner in ((0, 0), (1, 0), (0, 1), (1, 1), (0.002, 0.002), (0.998, 0.998)):
            assert not contains(view, *corner), (view_id, corner)


def test_landmarks_are_named_and_lie_on_the_body(views: dict[str, View]) -> None:
    for view_id, names in LANDMARKS.items():
        view = views[view_id]
        assert names <= {name for name, _ in view.landmarks}, view_id
        for name, (x, y) in view.landmarks:
            assert contains(view, x, y), (view_id, name)


def test_sides_of_the_body_follow_the_documented_convention(views: dict[str, View]) -> None:
    front, back = views["front"], views["back"]
    assert front.landmark("nipple-right")[0] < 0.5 < front.landmark("nipple-left")[0]  # facing the viewer
    assert back.landmark("knee-crease-left")[0] < 0.5 < back.landmark("knee-crease-right")[0]  # seen from behind
    head = views["head-side"]
    assert head.landmark("ear-opening")[0] < head.landmark("eye-outer-corner")[0]  # face to the right
    hand = views["hand-back"]
    assert hand.landmark("thumb-index-web")[0] < hand.landmark("knuckle-little")[0]  # thumb on the left
    assert views["foot-inner"].landmark("big-toe-joint")[0] < views["foot-inner"].landmark("heel")[0]
    assert views["foot-outer"].landmark("little-toe-joint")[0] > views["foot-outer"].landmark("heel")[0]
    assert front.landmark("navel")[1] < front.landmark("pubic-bone-top")[1] < front.landmark("knee-left")[1]
    assert back.landmark("c7")[1] < back.landmark("waist-l2")[1] < back.landmark("sacrum-top")[1]


def test_mirror_only_on_symmetric_views(views: dict[str, View]) -> None:
    assert mirror(views["front"], 0.3, 0.4) == pytest.approx((0.7, 0.4))
    assert mirror(views["side"], 0.3, 0.4) == (0.3, 0.4)


# --- contains() ------------------------------------------------------------------------------

SQUARE = [(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8)]
ELL = [(0.1, 0.1), (0.4, 0.1), (0.4, 0.6), (0.9, 0.6), (0.9, 0.9), (0.1, 0.9)]


@pytest.mark.parametrize(
    ("x", "y", "inside"),
    [
        (0.5, 0.5, True),
        (0.2, 0.5, True),  # on the left edge
        (0.8, 0.8, True),  # a corner
        (0.5, 0.2, True),  # on the top edge
        (0.1, 0.5, False),
        (0.5, 0.81, False),
        (0.0, 0.0, False),
    ],
)
def test_contains_unit_square(x: float, y: float, inside: bool) -> None:
    assert contains(square_view(SQUARE), x, y) is inside


@pytest.mark.parametrize(
    ("x", "y", "inside"),
    [
        (0.2, 0.3, True),  # the upright
        (0.7, 0.75, True),  # the foot
        (0.7, 0.3, False),  # the notch
        (0.4, 0.3, True),  # on the inner vertical edge
        (0.6, 0.6, True),  # on the inner horizontal edge
        (0.4, 0.6, True),  # the inner corner
        (0.95, 0.75, False),
    ],
)
def test_contains_concave_polygon(x: float, y: float, inside: bool) -> None:
    assert contains(square_view(ELL), x, y) is inside


def test_contains_is_the_union_of_polygons() -> None:
    view = square_view([(0.0, 0.0), (0.4, 0.0), (0.4, 0.4), (0.0, 0.4)], [(0.3, 0.3), (0.9, 0.3), (0.6, 0.9)])
    assert contains(view, 0.1, 0.1)
    assert contains(view, 0.6, 0.5)
    assert contains(view, 0.35, 0.35)  # the overlap: inside both, still inside
    assert contains(view, 0.6, 0.3)  # on the triangle's edge
    assert not contains(view, 0.8, 0.1)
    assert not contains(view, 0.1, 0.8)


# --- parse_views() -----------------------------------------------------------------------------


def broken(raw: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw)
    change(data["views"][2])
    return data


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda v: v.pop("outline"), "outline"),
        (lambda v: v["outline"][0].__setitem__(3, [1.2, 0.5]), "outside [0, 1]"),
        (lambda v: v["outline"][0].__setitem__(3, [-0.01, 0.5]), "outside [0, 1]"),
        (lambda v: v["outline"][0].__setitem__(3, ["a", 0.5]), "number"),
        (lambda v: v["outline"][0].__setitem__(3, [True, 0.5]), "number"),
        (lambda v: v["outline"][0].__setitem__(3, [0.5]), "point"),
        (lambda v: v.__setitem__("aspect", 0), "aspect"),
        (lambda v: v.__setitem__("aspect", -1.5), "aspect"),
        (lambda v: v.__setitem__("aspect", "wide"), "aspect"),
        (lambda v: v.__setitem__("outline", [[[0.1, 0.1], [0.2, 0.2]]]), "at least 3"),
        (lambda v: v.__setitem__("outline", []), "outline"),
        (lambda v: v.__setitem__("symmetric", "yes"), "symmetric"),
        (lambda v: v.__setitem__("id", ""), "id"),
        (lambda v: v.__setitem__("details", [[[0.1, 0.1]]]), "details"),
        (lambda v: v["landmarks"].__setitem__("nowhere", [0.5, 2]), "nowhere"),
        (lambda v: v.__setitem__("colour", "red"), "colour"),
        (lambda v: v.__setitem__("facing", 3), "facing"),
        (lambda v: v.__setitem__("part", None), "part"),
    ],
)
def test_parse_views_rejects_bad_data(raw: dict[str, Any], change: Any, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_views(broken(raw, change))
    message = str(caught.value)
    assert words in message
    if "'id'" not in message:
        assert "side" in message  # names the view


@pytest.mark.parametrize("value", [
    [0.25, 1], [0, 1.0], (0.5, 0.5), [True, 0.5], [0.5, False], ["a", 0.5], [float("nan"), 0.5], [0.5, float("inf")],
    [1.0000001, 0.5], [0.5, -0.0001], [0.5], [0.1, 0.2, 0.3], "ab", None, {"x": 0.5},
])
def test_each_point_of_a_line_is_checked_as_a_lone_point_is(value: Any) -> None:
    """A line takes its plain points without naming their place; every answer is still `_point`'s."""
    try:
        expected: Any = _point(value, "w[1]")
    except ValueError as problem:
        expected = str(problem)
    try:
        found: Any = _polyline([[0.5, 0.5], value, [0.5, 0.5]], "w", 3)[1]
    except ValueError as problem:
        found = str(problem)
    assert found == expected and (isinstance(found, str) or all(type(c) is float for c in found))


def test_parse_views_rejects_duplicate_ids_and_bad_files(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["views"].append(copy.deepcopy(data["views"][0]))
    with pytest.raises(ValueError, match="duplicate"):
        parse_views(data)
    for bad in (None, [], {"views": []}, {"views": "front"}, {"other": 1}, {"views": [3]}):
        with pytest.raises(ValueError):
            parse_views(bad)


# --- draw() --------------------------------------------------------------------------------------

EDGE_MARKS = [
    Mark(0.0, 0.0, "TL"),
    Mark(1.0, 0.0, "TR"),
    Mark(0.0, 1.0, "BL"),
    Mark(1.0, 1.0, "BR"),
    Mark(0.5, 0.5, "C"),
    Mark(-3.0, 0.5, "out-left"),
    Mark(0.5, 7.0, "out-below"),
    Mark(float("nan"), float("inf"), "nan"),
    Mark(0.5, 0.5, "7"),
    Mark(0.5, 0.5, "42", "mirror"),
]


def check_rows(rows: list[list[tuple[str, str]]], width: int) -> None:
    lines = to_text(rows).split("\n") if rows else []
    assert len(lines) == len(rows)
    if rows:
        assert len({len(line) for line in lines}) == 1
        assert len(lines[0]) <= width
    for row in rows:
        for text, style in row:
            assert style in {"outline", "detail", "mark", "label", ""}
            assert text


@pytest.mark.parametrize("width", WIDTHS)
def test_draw_never_raises_and_keeps_rows_equal(views: dict[str, View], width: int) -> None:
    for view in views.values():
        for marks in ([], EDGE_MARKS):
            rows = draw(view, marks, width)
            check_rows(rows, width)
            if width < 8:
                assert rows == []
            else:
                assert 1 <= len(rows) <= 40


@pytest.mark.parametrize("width", [20, 40, 80, 200])
def test_every_mark_is_drawn(views: dict[str, View], width: int) -> None:
    for view in views.values():
        rows = draw(view, EDGE_MARKS, width)
        found = "".join(ch for *_, ch in marks_in(rows))
        assert found.count(MARK_CHARS["point"]) == 8, view.id  # 5 in the box, 3 clamped onto the border
        assert "7" in found and "42" in found


@pytest.mark.parametrize("aspect", [1e-6, 0.05, 20.0, 1e6])
def test_draw_copes_with_extreme_aspects(aspect: float) -> None:
    view = View("odd", "odd", aspect, False, (tuple(SQUARE),), (((0.0, 0.0), (1.0, 1.0)),))
    for width in WIDTHS:
        rows = draw(view, EDGE_MARKS, width)
        check_rows(rows, width)
        assert len(rows) <= 40


def test_figure_keeps_its_proportions(views: dict[str, View]) -> None:
    for view in views.values():
        rows = draw(view, [], 200)
        width, height = len(to_text(rows).split("\n")[0]), len(rows)
        # a cell is 2 dots wide and 4 dots tall, dots are square
        assert math.isclose(width * 2 / (height * 4), view.aspect, rel_tol=0.15), view.id
        assert height <= 40 and (height >= 38 or width == 200)


def test_outline_is_drawn_and_uses_braille(views: dict[str, View]) -> None:
    rows = draw(views["front"], [], 40)
    styles = {style for row in rows for _, style in row}
    assert {"outline", "detail"} <= styles
    text = to_text(rows)
    assert all(ch == " " or ch == "\n" or 0x2800 <= ord(ch) <= 0x28FF for ch in text)


@pytest.mark.parametrize("width", [20, 40, 80, 200])
def test_mark_lands_in_the_middle(views: dict[str, View], width: int) -> None:
    for view in views.values():
        rows = draw(view, [Mark(0.5, 0.5, "X")], width)
        ((row, column, _),) = marks_in(rows)
        line_width = len(to_text(rows).split("\n")[0])
        assert abs(row - (len(rows) - 1) / 2) <= 1, view.id
        assert abs(column - (line_width - 1) / 2) <= 1, view.id


def test_marks_follow_their_coordinates(views: dict[str, View]) -> None:
    rows = draw(views["back"], [Mark(0.2, 0.1, "A"), Mark(0.8, 0.9, "B")], 80)
    (a_row, a_col, _), (b_row, b_col, _) = sorted(marks_in(rows))
    assert a_row < b_row and a_col < b_col


def test_label_goes_right_then_left_and_marks_are_never_overwritten(views: dict[str, View]) -> None:
    view = views["front"]
    rows = draw(view, [Mark(0.3, 0.5, "BL-40"), Mark(0.98, 0.6, "GB-30")], 30)  # no spare columns
    lines = to_text(rows).split("\n")
    assert any("● BL-40" in line for line in lines)
    assert any("GB-30 ●" in line for line in lines)  # no room on the right
    wide = to_text(draw(view, [Mark(0.98, 0.6, "GB-30")], 80))
    assert "● GB-30" in wide  # spare columns beside the figure hold the label
    crowded = [Mark(0.5, 0.5, f"P{i}") for i in range(30)]
    rows = draw(view, crowded, 40)
    assert len(marks_in(rows)) == 30
    check_rows(rows, 40)


def test_labels_are_dropped_before_marks_at_small_widths(views: dict[str, View]) -> None:
    rows = draw(views["side"], [Mark(0.5, 0.5, "A-VERY-LONG-LABEL-INDEED")], 8)
    check_rows(rows, 8)
    assert len(marks_in(rows)) == 1


def test_label_text_is_cleaned(views: dict[str, View]) -> None:
    rows = draw(views["front"], [Mark(0.5, 0.5, "a\nb\tc")], 80)
    check_rows(rows, 80)
    assert "a?b?c" in to_text(rows)


@settings(max_examples=200, deadline=None)
@given(
    view_id=st.sampled_from(VIEW_IDS),
    width=st.integers(min_value=1, max_value=260),
    marks=st.lists(
        st.builds(
            Mark,
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(min_value=-2, max_value=3),
            st.text(max_size=12),
            st.sampled_from(["point", "mirror", "other"]),
        ),
        max_size=12,
    ),
)
def test_draw_never_raises_on_random_marks(
    views: dict[str, View], view_id: str, width: int, marks: list[Mark]
) -> None:
    rows = draw(views[view_id], marks, width)
    check_rows(rows, width)
    if width >= 20:  # every mark, except a number repeated in its cell
        numbers = [m.label for m in marks if re.fullmatch("[0-9]{1,2}", m.label)]
        assert len(marks_in(rows)) >= len(marks) - len(numbers) + len(set(numbers))


# --- to_svg() ------------------------------------------------------------------------------------


def test_svg_is_well_formed_and_escapes_labels(views: dict[str, View]) -> None:
    marks = [Mark(0.5, 0.4, "<&>"), Mark(0.3, 0.6, 'say "hi"'), Mark(2.0, -1.0, "BL-40", "mirror")]
    for view in views.values():
        svg = to_svg(view, marks, title="Where <is> it & why")
        root = ET.fromstring(svg.encode("utf-8"))
        assert root.tag == f"{SVG}svg"
        assert root.get("viewBox") and root.get("width") and root.get("height")
        assert len(root.findall(f".//{SVG}circle")) == len(marks)
        texts = [element.text for element in root.iter(f"{SVG}text")]
        assert "<&>" in texts and "Where <is> it & why" in texts
        assert "&lt;&amp;&gt;" in svg
        assert len(root.findall(f".//{SVG}polygon")) == 2 * len(view.outline)
        assert len(root.findall(f".//{SVG}polyline")) == len(view.details)


def test_svg_without_marks_or_title(views: dict[str, View]) -> None:
    root = ET.fromstring(to_svg(views["sole"], []).encode("utf-8"))
    assert not root.findall(f".//{SVG}circle")
    assert root.find(f"{SVG}title") is not None


@settings(max_examples=300, deadline=None)
@given(view_id=st.sampled_from(VIEW_IDS), x=st.floats(min_value=0, max_value=1), fraction=st.floats(0, 1),
       dot_rows=st.integers(min_value=2, max_value=200))
@example(view_id="sole", x=0.0, fraction=0.28, dot_rows=51)  # an edge ending on row 14, where 0.28 * 50 > 14
def test_row_crossings_agree_with_the_even_odd_rule(
    views: dict[str, View], view_id: str, x: float, fraction: float, dot_rows: int
) -> None:
    """The raster hides a sample inside another polygon by counting crossings on its dot row."""
    row = round(fraction * (dot_rows - 1))
    for polygon in views[view_id].outline:
        line = _crossings(polygon, dot_rows)[row]
        assert bool((len(line) - bisect_right(line, x)) % 2) == _even_odd(polygon, x, row / (dot_rows - 1))


def test_a_number_aimed_next_to_the_same_number_is_drawn_once(views: dict[str, View]) -> None:
    close = [Mark(0.52, 0.45, "4"), Mark(0.5201, 0.4501, "4"), Mark(0.53, 0.46, "4", "mirror")]
    found = "".join(ch for *_, ch in marks_in(draw(views["back"], close, 40)))
    assert found == "4"
    apart = draw(views["back"], [Mark(0.52, 0.45, "4"), Mark(0.52, 0.45, "5"), Mark(0.4, 0.45, "4")], 40)
    assert sorted(ch for *_, ch in marks_in(apart)) == ["4", "4", "5"]
    points = draw(views["back"], [Mark(0.52, 0.45, "A"), Mark(0.52, 0.45, "B")], 40)
    assert len(marks_in(points)) == 2  # only numbers merge; named points are never dropped


def test_svg_row_puts_figures_side_by_side(views: dict[str, View]) -> None:
    row = [(views["back"], [Mark(0.6, 0.73, "BL-40"), Mark(0.4, 0.73, "", "mirror")], "Back", "seen from behind"),
           (views["hand-back"], [Mark(0.39, 0.52, "LI-4")], "Hand <&>", None)]
    root = ET.fromstring(to_svg_row(row).encode("utf-8"))
    nested = root.findall(f"{SVG}svg")
    assert [n.get("data-view") for n in nested] == ["back", "hand-back"]
    assert float(nested[0].get("x")) == 0 < float(nested[1].get("x"))
    assert float(root.get("width")) >= sum(float(n.get("width")) for n in nested)
    assert len(root.findall(f".//{SVG}circle")) == 3
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert {"Back", "seen from behind", "Hand <&>", "BL-40", "LI-4"} <= set(texts)
    assert root.find(f"{SVG}title").text == "Back; Hand <&>"


def test_a_crowded_label_moves_to_the_next_row_rather_than_vanish(views: dict[str, View]) -> None:
    # GV-4 on the spine with BL-23 in the next cell and BL-23's mirror two cells to the left
    marks = [Mark(0.5, 0.402, "GV-4"), Mark(0.541, 0.402, "BL-23"), Mark(0.459, 0.402, "", "mirror")]
    for width in (40, 60, 80):
        rows = draw(views["back"], marks, width)
        check_rows(rows, width)
        lines = to_text(rows).split("\n")
        mark_row = next(i for i, line in enumerate(lines) if "●" in line)
        assert "BL-23" in lines[mark_row]
        assert any("GV-4" in lines[r] for r in (mark_row - 1, mark_row, mark_row + 1)), width


def test_a_label_boxed_in_by_a_column_of_spots_goes_past_the_marks_on_its_row(views: dict[str, View]) -> None:
    # a point with a spot beside every vertebra (EX-B2), and their mirrors: the spots fill two columns a
    # side, so the main spot's label finds no room beside it, above or below; it goes past the marks
    heights = [0.196, 0.215, 0.233, 0.252, 0.271, 0.289, 0.308, 0.322, 0.335, 0.349, 0.362, 0.376, 0.389, 0.402,
               0.415, 0.428, 0.44]
    marks = [Mark(0.514, 0.335, "EX-B2"), Mark(0.486, 0.335, "", "mirror")]
    marks += [m for y in heights if y != 0.335 for m in (Mark(0.514, y, ""), Mark(0.486, y, "", "mirror"))]
    for width in (40, 60, 80):
        rows = draw(views["back"], marks, width)
        check_rows(rows, width)
        assert len(marks_in(rows)) == 34, width
        lines = to_text(rows).split("\n")
        labelled = [line for line in lines if "EX-B2" in line]
        assert len(labelled) == 1 and re.search("[●○]+ EX-B2|EX-B2 [●○]+", labelled[0]), (width, lines)


def _clear_views() -> None:
    for cached in (view_data.get_view, view_data.load_views, view_data.file_text, view_data._bundled_entries):
        cached.cache_clear()


def _clear_drawings() -> None:
    raster._raster.cache_clear()
    packaged.packaged_rasters.cache_clear()


@pytest.fixture
def views_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The bundled views read from a copy in tmp_path (with no drawings beside it), caches cleared around."""
    copied = tmp_path / "views.json"
    copied.write_bytes(VIEWS_FILE.read_bytes())
    monkeypatch.setattr(view_data, "views_path", lambda: str(copied))
    _clear_views()
    _clear_drawings()
    yield copied
    _clear_views()
    _clear_drawings()


def test_the_views_file_may_be_laid_out_in_lines_any_way(views_copy: Path, views: dict[str, View]) -> None:
    views_copy.write_text(json.dumps(json.loads(VIEWS_FILE.read_text(encoding="utf-8")), indent=2), encoding="utf-8")
    assert get_view("palm") == views["palm"]
    assert load_views() == views
    with pytest.raises(KeyError):
        get_view("elbow")


def test_a_view_is_checked_before_it_is_drawn(views_copy: Path) -> None:
    raw = json.loads(VIEWS_FILE.read_text(encoding="utf-8"))
    raw["views"][1]["outline"][0][5] = [0.5, 1.5]
    views_copy.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match=r"view 'back': outline\[0\]\[5\]: y = 1.5 is outside \[0, 1\]"):
        get_view("back")
    with pytest.raises(ValueError, match="back"):
        load_views()


def test_drawings_made_at_build_time_are_the_drawings_made_now(views_copy: Path) -> None:
    sizes = full_width_sizes()
    assert {view.id for view, _, _ in sizes} == set(VIEW_IDS)
    marks = [Mark(0.3, 0.4, "A-1"), Mark(0.7, 0.6, "", "mirror"), Mark(0.5, 0.5, "3")]
    drawn = {view.id: draw(view, marks, width, rows) for view, width, rows in sizes}
    assert packaged.packaged_rasters() == {}  # none beside the copy: those were drawn now
    packaged.write_rasters(str(views_copy.parent / packaged.RASTERS), full_drawings(sizes))
    _clear_drawings()
    assert len(packaged.packaged_rasters()) == len(VIEW_IDS)
    for view, width, rows in sizes:
        assert packaged.stored_raster(view, *figure_size(view.aspect, width, rows)) is not None
        assert draw(view, marks, width, rows) == drawn[view.id], view.id
        assert draw(view, marks, 40, rows) == draw(view, marks, 40, rows)  # other sizes are drawn as before


@pytest.mark.parametrize("damage", ["edited-views", "edited-drawing", "truncated", "not-json"])
def test_drawings_of_other_views_or_damaged_are_not_used(views_copy: Path, damage: str) -> None:
    rasters = views_copy.parent / packaged.RASTERS
    packaged.write_rasters(str(rasters), full_drawings(full_width_sizes()))
    text = rasters.read_text(encoding="utf-8")
    if damage == "edited-views":
        views_copy.write_text(VIEWS_FILE.read_text(encoding="utf-8").replace('"Palm', '"The palm', 1), encoding="utf-8")
        _clear_views()
    elif damage == "edited-drawing":  # one row's characters no longer match its styles
        rasters.write_text(text.replace('"], ["', ' "], ["', 1), encoding="utf-8")
    elif damage == "truncated":
        rasters.write_text(text[: len(text) // 2], encoding="utf-8")
    else:
        rasters.write_text("{not json\n" + text, encoding="utf-8")
    _clear_drawings()
    assert packaged.packaged_rasters() == {}
    view = get_view("back")
    assert draw(view, [], 60) and packaged.stored_raster(view, *figure_size(view.aspect, 60, 40)) is None


def test_a_drawing_is_used_only_for_the_view_it_was_made_from(views_copy: Path) -> None:
    packaged.write_rasters(str(views_copy.parent / packaged.RASTERS), full_drawings(full_width_sizes()))
    _clear_drawings()
    back = get_view("back")
    size = figure_size(back.aspect, 60, 40)
    assert packaged.stored_raster(back, *size) is not None
    narrower = back._replace(outline=back.outline[:1])  # the same id, another drawing
    assert packaged.stored_raster(narrower, *size) is None
