"""What a body-map figure shows: the view, the marks and labels, the line over it and its legend.

The content of the pictures, decided once for every output: `render` draws a Figure in the
terminal (Rich) and `svg` writes the same figures as an SVG file. Imported only on the paths
that draw, so that JSON output and plain look-ups without a map never read the views.
"""

from collections.abc import Sequence
from typing import NamedTuple

from ..data.records import Point
from ..data.views import View, get_view, load_views
from .bodymap.marks import MARK_CHARS, Mark
from .bodymap.raster import Segment, draw

MAP_WIDTH = 60  # a body map is drawn at the console's width, but never wider: it stays compact
BODY_ROWS = 40  # front, back, side: tall enough to keep each level of the spine apart
PART_ROWS = 26  # hand, foot and head: two thirds of the height show their fingers and toes
PART_NOUNS = {"body": "side of the body", "head": "side of the head"}  # others: "hand", "foot"


class Figure(NamedTuple):
    view: View
    marks: tuple[Mark, ...]
    title: str  # names the view and says which side is which
    legend: tuple[str, ...]  # lines under the drawing
    max_rows: int

    def rows(self, width: int) -> list[list[Segment]]:
        """The drawing, at most `width` columns wide: rows of (text, style name) segments."""
        return draw(self.view, self.marks, width, self.max_rows)


def title(view: View) -> str:
    """"Back of the body, seen from behind: the person's right is on your right"."""
    return f"{view.title}, {view.facing}" if view.facing else view.title


def _by_view(points: Sequence[tuple[str, Point]]) -> dict[str, list[tuple[str, Point]]]:
    """(label, point) pairs grouped by view, views in the order the points first use them."""
    groups: dict[str, list[tuple[str, Point]]] = {}
    for label, point in points:
        groups.setdefault(point.where.view, []).append((label, point))
    return groups


def _one_side_note(view: View, count: int) -> str:
    noun = PART_NOUNS.get(view.part, view.part)
    return f"Shown on the right {noun}; the left {noun} has the same {'point' if count == 1 else 'points'}."


def _figure(view: View, labelled: list[tuple[str, Point]], legend: list[str], numbered: bool) -> Figure:
    marks: list[Mark] = []
    mirrored = 0
    several: dict[str, str] = {}  # code -> legend line, for points with several spots
    for label, point in labelled:
        both = point.bilateral and view.symmetric
        # the main spot first, so that its label gets the first choice of room; then the others, unlabelled
        # unless numbered (a routine's step number marks every spot of its points)
        for site in sorted(point.every_site, key=lambda s: s.where != point.where):
            where = site.where
            marks.append(Mark(where.x, where.y, label if numbered or where == point.where else ""))
            if both:
                mirror = where.mirrored()
                marks.append(Mark(mirror.x, mirror.y, label if numbered else "", "mirror"))
                mirrored += 1
        if len(point.sites) > 1:
            each = " on each side" if both else ""
            several[point.code] = f"{point.code} has several spots{each}: all are marked."
    bilateral = {point.code for _, point in labelled if point.bilateral}
    if mirrored and not numbered:
        legend.append(f"{MARK_CHARS['point']} the person's right side   {MARK_CHARS['mirror']} the same point on "
                      "the left")
    elif mirrored:
        legend.append("A number on both sides: press both sides.")
    if bilateral and not view.symmetric:
        legend.append(_one_side_note(view, len(bilateral)))
    legend.extend(several.values())
    return Figure(view, tuple(marks), title(view), tuple(legend), _max_rows(view))


def _max_rows(view: View) -> int:
    return BODY_ROWS if view.part == "body" else PART_ROWS


def full_width_sizes() -> list[tuple[View, int, int]]:
    """(view, width, max rows) of every bundled view as a terminal of MAP_WIDTH columns or more
    draws it: the drawings a wheel carries ready-made (hatch_build.py)."""
    return [(view, MAP_WIDTH, _max_rows(view)) for view in load_views().values()]


def point_figures(points: Sequence[Point]) -> list[Figure]:
    """One figure per view the points use: each point marked and labelled with its code, and on a
    view of both sides (front, back) the same point on the person's left marked too, unlabelled. A
    point with several spots (EX-B2) has each marked, its code beside its main (`map`) spot."""
    unique = list({p.code: p for p in points}.values())
    return [_figure(get_view(view_id), labelled, [], numbered=False)
            for view_id, labelled in _by_view([(p.code, p) for p in unique]).items()]


def numbered_figures(steps: Sequence[tuple[int, Sequence[Point]]]) -> list[Figure]:
    """One figure per view for a sequence of steps: each point marked with its step's number (on
    both sides where the view shows both, and at each of its spots), and a key of the numbers under
    the drawing."""
    pairs = [(str(number), point) for number, points in steps for point in points]
    figures = []
    for view_id, labelled in _by_view(pairs).items():
        key: dict[str, list[str]] = {}
        for label, point in labelled:
            key.setdefault(label, []).append(point.code)
        legend = ["Steps: " + "; ".join(f"{label} {', '.join(codes)}" for label, codes in key.items())]
        figures.append(_figure(get_view(view_id), labelled, legend, numbered=True))
    return figures


def svg(figures: Sequence[Figure]) -> str:
    """The figures as one standalone SVG document, side by side, each under its view's name and facing."""
    from .bodymap.svg import to_svg, to_svg_row  # only `map --svg` writes SVG: `show` skips this import

    if len(figures) == 1:
        figure = figures[0]
        return to_svg(figure.view, figure.marks, figure.view.title, figure.view.facing)
    return to_svg_row([(f.view, f.marks, f.view.title, f.view.facing) for f in figures])
