"""Braille body maps: a view drawn in the terminal with braille dots, its marks and their labels.

`draw` turns a view and its marks into rows of (text, style) segments; `to_text` joins them
into plain text. It only decides where dots, marks and labels go: each segment carries a
style name ("outline", "detail", "mark", "label" or "") and the caller picks the colours.
A figure's outline is drawn once per size and cached, or taken ready-made from the drawings a
wheel carries (`packaged`).
"""

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ...data.views import Polyline, View
from .marks import MARK_CHARS, Mark, clean_label, unit
from .packaged import Cells, Drawing, stored_raster

Segment = tuple[str, str]

MAX_ROWS = 40  # a figure taller than this no longer fits a laptop terminal beside its text
MIN_WIDTH = 8  # below this no figure is recognisable, so draw() returns nothing

_BRAILLE = 0x2800
_DOT_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))  # [dot column][dot row] in a cell
_NUMBER = re.compile(r"[0-9]{1,2}")


def figure_size(aspect: float, width: int, max_rows: int) -> tuple[int, int]:
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
    for crossed in rows:
        crossed.sort()
    return rows


def _outline(view: View, columns: int, dot_rows: int) -> Cells:
    """The figure alone, drawn now, as cells of (character, style).

    Only the boundary of the union of the outline polygons is drawn: a sample of one polygon's
    edge is hidden when it lies inside another polygon, tested on the dot row it is drawn in
    (a sorted list of edge crossings per row, so the test is a bisection, not a walk round
    every edge: about 3 ms for the tallest figure, where testing each sample exactly took 15).
    """
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


@lru_cache(maxsize=64)
def _raster(view: View, columns: int, dot_rows: int) -> Cells:
    """The figure alone as cells of (character, style): the wheel's drawing of it if there is one,
    else drawn now; cached since views never change."""
    stored = stored_raster(view, columns, dot_rows)
    return stored if stored is not None else _outline(view, columns, dot_rows)


def full_drawings(sizes: Iterable[tuple[View, int, int]]) -> list[Drawing]:
    """Each view drawn now at a (width, max_rows) as `draw` would draw it: what a wheel carries."""
    drawings = []
    for view, width, max_rows in sizes:
        columns, dot_rows = figure_size(view.aspect, width, max_rows)
        drawings.append((view.id, columns, dot_rows, _outline(view, columns, dot_rows)))
    return drawings


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
    columns, dot_rows = figure_size(view.aspect, width, max_rows)
    figure = _raster(view, columns, dot_rows)
    items = [(unit(mark.x), unit(mark.y), clean_label(mark.label), str(mark.kind)) for mark in marks]
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
        row = min(round(y * (dot_rows - 1)) // 4, len(cells) - 1)  # the cell of the nearest dot, as in _outline
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
        label_spot = _label_spot(labelled, marked, row, column, size, label)
        if label_spot is None:
            continue
        row, start, text = label_spot
        for offset, char in enumerate(text):
            cells[row][start + offset] = (char, "label")
            labelled[row][start + offset] = True
    return [_segments(row) for row in cells]


def _label_spot(
    labelled: list[list[bool]], marked: list[list[bool]], row: int, column: int, size: int, label: str
) -> tuple[int, int, str] | None:
    """Where a mark's label goes, as (row, start, text), never over another mark or label.

    Right of the mark, else left of it; else on the row above, then below, on the side with
    more room on the mark's own row (away from the neighbour that took it); else on its own row
    past the marks packed against it (a row of close spots, EX-B2's), right then left; else
    clipped on the right, up to the edge or the next mark or label; None if not even two cells
    are free.
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
    end, begin = right, column
    while end < total and marked[row][end]:
        end += 1
    while begin > 0 and marked[row][begin - 1]:
        begin -= 1
    if end > right and fits(row, end, len(right_text)):
        return row, end, right_text
    if begin < column and fits(row, begin - len(left_text), len(left_text)):
        return row, begin - len(left_text), left_text
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
