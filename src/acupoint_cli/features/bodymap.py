"""Body maps: the views of data/views.py drawn in the terminal with braille dots, or as SVG.

Pure Python on purpose: the renderer colours the segments with Rich, so this module stays
cheap to import (about 1 ms) and easy to test without it. It only decides where dots, marks
and labels go; each piece of a row carries a style name ("outline", "detail", "mark",
"label" or "") and the caller picks the colours.
"""

import json
import math
import os
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from ..data import views
from ..data.views import XY, Polyline, View

Segment = tuple[str, str]

MAX_ROWS = 40  # a figure taller than this no longer fits a laptop terminal beside its text
MIN_WIDTH = 8  # below this no figure is recognisable, so draw() returns nothing
MARK_CHARS = {"point": "●", "mirror": "○"}  # "mirror": the same point on the other side of the body
MAX_LABEL = 24

_BRAILLE = 0x2800
_DOT_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))  # [dot column][dot row] in a cell
_NUMBER = re.compile(r"[0-9]{1,2}")


class Mark(NamedTuple):
    """Something to show on a view: a point ("●"), its mirror twin ("○"), or a numbered step."""

    x: float
    y: float
    label: str
    kind: str = "point"


# --- drawings made when the wheel was built ---------------------------------------------------

RASTERS = "views.rasters"  # beside views.json in a wheel (see hatch_build.py)
RASTER_FORMAT = 1
_STYLE_CODES = {"outline": "o", "detail": "d", "": " "}
_CODE_STYLES = {code: style for style, code in _STYLE_CODES.items()}


def _rasters_stamp() -> dict[str, int]:
    """What a rasters file must match: its format and the content of the views it was drawn from."""
    return {"format": RASTER_FORMAT, "views_crc": zlib.crc32(views.file_text().encode("utf-8"))}


def write_rasters(target: str, sizes: Iterable[tuple[View, int, int]]) -> None:
    """Draw bundled views, each at a (width, max_rows) as `draw` would, into `target` (at build time only).

    One line per drawing, after a stamp line: the view, its size in columns and dot rows, and
    each row as a string of characters and a string of style codes.
    """
    lines = [json.dumps(_rasters_stamp())]
    for view, width, max_rows in sizes:
        columns, dot_rows = _figure_size(view.aspect, width, max_rows)
        rows = _raster(view, columns, dot_rows)
        lines.append(json.dumps([view.id, columns, dot_rows, ["".join(c for c, _ in row) for row in rows],
                                 ["".join(_STYLE_CODES[s] for _, s in row) for row in rows]], ensure_ascii=False))
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


@lru_cache(maxsize=1)
def _packaged_rasters() -> dict[tuple[str, int, int], tuple[list[str], list[str]]]:
    """The drawings a wheel carries, by (view id, columns, dot rows); none if they were drawn from
    other views (an edited views.json) or the file is absent or damaged, as in a source checkout.

    Reading them costs about 0.2 ms where drawing the back view at 60 columns costs about 3.
    """
    try:
        with open(os.path.join(os.path.dirname(views.views_path()), RASTERS), encoding="utf-8") as handle:
            stamp, *entries = handle.read().splitlines()
        if json.loads(stamp) != _rasters_stamp():
            return {}
        found = {}
        for line in entries:
            view_id, columns, dot_rows, chars, codes = json.loads(line)
            if len(chars) != len(codes) or any(len(c) != columns or len(k) != columns
                                               for c, k in zip(chars, codes, strict=True)):
                return {}
            found[(view_id, columns, dot_rows)] = (chars, codes)
        return found
    except (OSError, ValueError, TypeError):
        return {}


def _stored_raster(view: View, columns: int, dot_rows: int) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    """The drawing of a bundled view made at build time, if there is one of that size."""
    stored = _packaged_rasters().get((view.id, columns, dot_rows))
    if stored is None or len(stored[0]) != math.ceil(dot_rows / 4):
        return None
    try:
        if view != views.get_view(view.id):  # another drawing that happens to share a bundled view's id
            return None
        return tuple(tuple(zip(chars, (_CODE_STYLES[k] for k in codes), strict=True))
                     for chars, codes in zip(*stored, strict=True))
    except (KeyError, ValueError):
        return None


# --- braille drawing ----------------------------------------------------------------------


def _figure_size(aspect: float, width: int, max_rows: int) -> tuple[int, int]:
    """Columns and dot rows of the figure: dots are about square, the height is capped."""

    def dot_rows(columns: int) -> int:
        return max(1, round(2 * columns / aspect))

    columns = width
    if math.ceil(dot_rows(columns) / 4) > max_rows:
        columns = max(1, min(width, int(max_rows * 4 * aspect / 2)))
        while columns > 1 and math.ceil(dot_rows(columns) / 4) > max_rows:
            columns -= 1
    return columns, min(dot_rows(columns), max_rows * 4)



def _crossings(polygon: Polyline, dot_rows: int) -> list[list[float]]:
    """For each dot row, the sorted x where the polygon's edges cross it (the even-odd rule of `views._even_odd`)."""
    scale_y = max(dot_rows - 1, 1)
    rows: list[list[float]] = [[] for _ in range(dot_rows)]
    previous = polygon[-1]
    for current in polygon:
        (xi, yi), (xj, yj) = current, previous
        if yi != yj:
            low, high = (yi, yj) if yi < yj else (yj, yi)
            # one row more each way than the edge spans: the test below decides, exactly as views._even_odd
            # does, and low * scale_y may round past a row the edge ends on
            first, last = max(0, math.ceil(low * scale_y) - 1), min(dot_rows - 1, math.floor(high * scale_y) + 1)
            for row in range(first, last + 1):
                y = row / scale_y
                if (yi > y) != (yj > y):
                    rows[row].append(xj + (y - yj) * (xi - xj) / (yi - yj))
        previous = current
    for row in rows:
        row.sort()
    return rows


@lru_cache(maxsize=64)
def _raster(view: View, columns: int, dot_rows: int) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The figure alone as cells of (character, style); cached since views never change.

    Only the boundary of the union of the outline polygons is drawn: a sample of one polygon's
    edge is hidden when it lies inside another polygon, tested on the dot row it is drawn in
    (a sorted list of edge crossings per row, so the test is a bisection, not a walk round
    every edge: about 3 ms for the tallest figure, where testing each sample exactly took 15).
    """
    stored = _stored_raster(view, columns, dot_rows)
    if stored is not None:
        return stored
    scale_x, scale_y = 2 * columns - 1, dot_rows - 1
    rows = math.ceil(dot_rows / 4)
    bits = [[0] * columns for _ in range(rows)]
    outline_cells = [[False] * columns for _ in range(rows)]
    last_column, last_row = 2 * columns - 1, dot_rows - 1
    crossings = [_crossings(polygon, dot_rows) for polygon in view.outline]
    # per dot row, (polygon index, crossings) of the polygons that reach it
    reach = [[(j, rows_of[row]) for j, rows_of in enumerate(crossings) if rows_of[row]] for row in range(dot_rows)]

    def trace(line: Polyline, closed: bool, index: int) -> None:
        """Plot samples along a polyline, two per dot of each segment's longer side (the hot loop).
        For an outline polygon (`index` >= 0), skip the samples inside another polygon."""
        previous = line[-1] if closed else line[0]
        for current in line if closed else line[1:]:
            (ax, ay), (bx, by) = previous, current
            dx, dy = bx - ax, by - ay
            steps = int(max(abs(dx) * scale_x, abs(dy) * scale_y) * 2) + 1
            for step in range(steps + 1):
                t = step / steps
                x = ax + dx * t
                column, row = round(x * scale_x), round((ay + dy * t) * scale_y)
                column = 0 if column < 0 else last_column if column > last_column else column
                row = 0 if row < 0 else last_row if row > last_row else row
                if index >= 0:
                    for j, crossed in reach[row]:
                        if j != index and (len(crossed) - bisect_right(crossed, x)) % 2:
                            break
                    else:  # only the boundary of the union is drawn
                        bits[row >> 2][column >> 1] |= _DOT_BITS[column & 1][row & 3]
                        outline_cells[row >> 2][column >> 1] = True
                else:
                    bits[row >> 2][column >> 1] |= _DOT_BITS[column & 1][row & 3]
            previous = current

    for index, polygon in enumerate(view.outline):
        trace(polygon, True, index)
    for line in view.details:
        trace(line, False, -1)
    return tuple(
        tuple(
            (chr(_BRAILLE + cell), "outline" if outline_cells[r][c] else "detail") if cell else (" ", "")
            for c, cell in enumerate(row)
        )
        for r, row in enumerate(bits)
    )


def _clean_text(text: Any) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


def _clean_label(label: Any) -> str:
    return _clean_text(label)[:MAX_LABEL]


def _unit(value: Any) -> float:
    """A coordinate clamped into the box (NaN goes to 0) so that any mark can be drawn."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return 0.0
    if math.isnan(number):
        return 0.0
    return min(max(number, 0.0), 1.0)


def _free_spot(taken: list[list[bool]], row: int, column: int, size: int) -> tuple[int, int] | None:
    """The nearest place (same row first) where `size` cells from `column` on are free."""
    rows, columns = len(taken), len(taken[0])
    if size > columns:
        return None
    for distance in range(max(rows, columns) + 1):
        ring = [
            (dr, dc)
            for dr in range(-distance, distance + 1)
            for dc in range(-distance, distance + 1)
            if max(abs(dr), abs(dc)) == distance
        ]
        for dr, dc in sorted(ring, key=lambda offset: (abs(offset[0]), abs(offset[1]))):
            r, c = row + dr, column + dc
            if 0 <= r < rows and 0 <= c <= columns - size and not any(taken[r][c : c + size]):
                return r, c
    return None


def draw(view: View, marks: Sequence[Mark], width: int, max_rows: int = MAX_ROWS) -> list[list[Segment]]:
    """Rows of (text, style) segments, all the same width (at most `width` characters).

    The figure keeps its proportions: it fills `width` unless that would make it taller than
    `max_rows`, and then it shrinks. Spare columns (up to a label's length) are left on both
    sides for labels. Marks are never dropped; labels are, when there is no room for them. The
    one exception: a numbered mark (a step of a routine) aimed at a cell next to one where the
    same number was aimed is not drawn again, so that a step's neighbouring points (eight
    sacral points) make one or two numbers, not a heap.
    """
    if width < MIN_WIDTH or max_rows < 1:
        return []
    columns, dot_rows = _figure_size(view.aspect, width, max_rows)
    figure = _raster(view, columns, dot_rows)
    items = [(_unit(mark.x), _unit(mark.y), _clean_label(mark.label), str(mark.kind)) for mark in marks]
    spare = width - columns
    shown = [len(label) for *_, label, _ in items if label and not _NUMBER.fullmatch(label)]
    room = max(shown) + 2 if shown else (2 if items else 0)
    left = min(spare // 2, room)
    total = columns + left + min(spare - left, room)
    cells = [[(" ", "")] * left + list(row) + [(" ", "")] * (total - left - columns) for row in figure]
    marked = [[False] * total for _ in cells]
    placed: list[tuple[int, int, int, str]] = []
    numbers: set[tuple[int, int, str]] = set()  # (row, column, number) where a numbered mark was aimed
    for x, y, label, kind in items:
        numbered = bool(_NUMBER.fullmatch(label))
        glyph = label if numbered else MARK_CHARS.get(kind, MARK_CHARS["point"])
        row = min(round(y * (dot_rows - 1)) // 4, len(cells) - 1)  # the cell of the nearest dot, as in _raster
        column = left + min(round(x * (2 * columns - 1)) // 2, columns - 1)
        column = min(column, total - len(glyph))
        if numbered:
            if any((row + dr, column + dc, glyph) in numbers for dr in (-1, 0, 1) for dc in (-1, 0, 1)):
                continue
            numbers.add((row, column, glyph))
        spot = _free_spot(marked, row, column, len(glyph))
        if spot is None:
            continue  # only when every cell already holds a mark
        row, column = spot
        for offset, char in enumerate(glyph):
            cells[row][column + offset] = (char, "mark")
            marked[row][column + offset] = True
        placed.append((row, column, len(glyph), "" if numbered else label))
    labelled = [row[:] for row in marked]
    for row, column, size, label in placed:
        if not label:
            continue
        spot = _label_spot(labelled, row, column, size, label)
        if spot is None:
            continue
        row, start, text = spot
        for offset, char in enumerate(text):
            cells[row][start + offset] = (char, "label")
            labelled[row][start + offset] = True
    return [_segments(row) for row in cells]


def _label_spot(
    labelled: list[list[bool]], row: int, column: int, size: int, label: str
) -> tuple[int, int, str] | None:
    """Where a mark's label goes, as (row, start, text), never over another mark or label.

    Right of the mark, else left of it; else on the row above, then below, on the side with
    more room on the mark's own row (away from the neighbour that took it); else clipped on
    the right, up to the edge or the next mark or label; None if not even two cells are free.
    """
    rows, total = len(labelled), len(labelled[0])
    right_text, left_text = " " + label, label + " "
    right, left = column + size, column - len(left_text)

    def fits(r: int, start: int, length: int) -> bool:
        return 0 <= r < rows and start >= 0 and start + length <= total and not any(labelled[r][start:start + length])

    def room(step: int) -> int:
        free, c = 0, (right if step > 0 else column - 1)
        while 0 <= c < total and not labelled[row][c]:
            free, c = free + 1, c + step
        return free

    if fits(row, right, len(right_text)):
        return row, right, right_text
    if fits(row, left, len(left_text)):
        return row, left, left_text
    sides = [(right, right_text), (left, left_text)]
    if room(-1) > room(1):
        sides.reverse()
    for r in (row - 1, row + 1):
        for start, text in sides:
            if fits(r, start, len(text)):
                return r, start, text
    free = room(1)
    return (row, right, right_text[:free]) if free >= 2 else None


def _segments(cells: list[tuple[str, str]]) -> list[Segment]:
    segments: list[Segment] = []
    for char, style in cells:
        if segments and segments[-1][1] == style:
            segments[-1] = (segments[-1][0] + char, style)
        else:
            segments.append((char, style))
    return segments


def to_text(rows: list[list[Segment]]) -> str:
    """The drawing as plain text, one line per row (for tests and golden files)."""
    return "\n".join("".join(text for text, _ in row) for row in rows)


# --- SVG ----------------------------------------------------------------------------------


def _escape(text: str) -> str:
    """Text for XML content (xml.sax.saxutils would import urllib and http: 25 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    """A quoted XML attribute value."""
    return '"' + _escape(text).replace('"', "&quot;") + '"'


def _svg_points(points: Iterable[XY], width: float, height: float) -> str:
    return " ".join(f"{x * width:.1f},{y * height:.1f}" for x, y in points)


def _svg_label_spot(
    x: float, y: float, length: float, width: float, taken: list[tuple[float, float, float, float]]
) -> tuple[str, float, float]:
    """Where a label goes: right of its mark, else left, else a line lower; never over another label."""

    def free(box: tuple[float, float, float, float]) -> bool:
        return all(box[2] <= o[0] or box[0] >= o[2] or box[3] <= o[1] or box[1] >= o[3] for o in taken)

    sides = [("start", 8.0), ("end", -8.0)]
    if x > width * 0.7:
        sides.reverse()
    for shift in (0.0, 14.0, -14.0, 28.0, -28.0):
        for anchor, dx in sides:
            left = x + dx if anchor == "start" else x + dx - length
            box = (left, y + shift - 7, left + length, y + shift + 7)
            if free(box):
                taken.append(box)
                return anchor, x + dx, y + shift
    return sides[0][0], x + sides[0][1], y


def _svg_figure(
    view: View, marks: Sequence[Mark], title: str | None, subtitle: str | None, x_offset: float | None
) -> tuple[float, float, list[str]]:
    """Width, height and the lines of one figure's <svg> element (nested at `x_offset` if given)."""
    height = 480.0
    width = height * view.aspect
    heading = _clean_text(title if title is not None else view.title)
    subtitle = _clean_text(subtitle) if subtitle else ""
    labels = [_clean_label(mark.label) for mark in marks]
    pad_x = max((len(label) for label in labels), default=0) * 8.0 + 16.0 if marks else 8.0
    if title:  # room for the title lines over a narrow figure
        pad_x = max(pad_x, (len(title) * 9.0 - width) / 2 + 8.0, (len(subtitle) * 7.0 - width) / 2 + 8.0)
    pad_top = (30.0 + (18.0 if subtitle else 0.0)) if title else 8.0
    box_w, box_h = width + 2 * pad_x, height + pad_top + 8.0
    where = (f'x="{x_offset:.1f}" y="0"' if x_offset is not None
             else 'xmlns="http://www.w3.org/2000/svg" version="1.1"')
    parts = [
        f'<svg {where} width="{box_w:.0f}" height="{box_h:.0f}" '
        f'viewBox="{-pad_x:.1f} {-pad_top:.1f} {box_w:.1f} {box_h:.1f}" data-view={_attr(view.id)}>',
        f"<title>{_escape(heading)}</title>",
    ]
    if title:
        parts.append(
            f'<text x="{width / 2:.1f}" y="{-pad_top + 20:.1f}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="16">{_escape(_clean_text(title))}</text>'
        )
        if subtitle:
            parts.append(
                f'<text x="{width / 2:.1f}" y="{-pad_top + 38:.1f}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="12">{_escape(subtitle)}</text>'
            )
    polygons = [_svg_points(polygon, width, height) for polygon in view.outline]
    parts.append('<g class="outline" fill="none" stroke="#6b5646" stroke-width="3" stroke-linejoin="round">')
    parts += [f'<polygon points="{points}"/>' for points in polygons]
    parts.append('</g>\n<g class="fill" fill="#f7ede4" stroke="none">')
    parts += [f'<polygon points="{points}"/>' for points in polygons]
    parts.append('</g>\n<g class="detail" fill="none" stroke="#b39b86" stroke-width="1.2" stroke-linecap="round">')
    parts += [f'<polyline points="{_svg_points(line, width, height)}"/>' for line in view.details]
    parts.append('</g>\n<g class="marks" font-family="sans-serif" font-size="13">')
    taken: list[tuple[float, float, float, float]] = []
    for mark, label in zip(marks, labels, strict=True):
        x, y = _unit(mark.x) * width, _unit(mark.y) * height
        fill = "#ffffff" if mark.kind == "mirror" else "#c62828"
        parts.append(f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="#c62828"/>')
        taken.append((x - 5, y - 5, x + 5, y + 5))
        if label:
            anchor, tx, ty = _svg_label_spot(x, y, len(label) * 7.5, width, taken)
            parts.append(
                f'<text class="label" x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="{anchor}">{_escape(label)}</text>'
            )
    parts.append("</g>\n</svg>")
    return box_w, box_h, parts


def to_svg(view: View, marks: Sequence[Mark], title: str | None = None, subtitle: str | None = None) -> str:
    """A standalone SVG 1.1 document of the same figure, for a browser or a printout.

    The polygons are stroked first and filled afterwards, so the fill hides the strokes inside
    the union and only the body's outer edge shows. `subtitle` is a smaller line under the title.
    """
    _, _, parts = _svg_figure(view, marks, title, subtitle, None)
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', *parts]) + "\n"


SvgFigure = tuple[View, Sequence[Mark], str | None, str | None]  # view, marks, title, subtitle


def to_svg_row(figures: Sequence[SvgFigure], gap: float = 24.0) -> str:
    """Several figures side by side in one standalone SVG document, each a nested <svg>."""
    inner: list[str] = []
    titles: list[str] = []
    offset = height = 0.0
    for view, marks, title, subtitle in figures:
        box_w, box_h, parts = _svg_figure(view, marks, title, subtitle, offset)
        inner += parts
        titles.append(_clean_text(title if title is not None else view.title))
        offset += box_w + gap
        height = max(height, box_h)
    width = max(offset - gap, 1.0)
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}">',
        f"<title>{_escape('; '.join(titles))}</title>",
    ]
    return "\n".join([*head, *inner, "</svg>"]) + "\n"
