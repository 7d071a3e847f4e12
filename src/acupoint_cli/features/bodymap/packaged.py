"""The drawings a wheel carries: every bundled view's outline drawn at full width when the wheel
is built (hatch_build.py), stored in `views.rasters` beside views.json, and found again at run
time so that `show` need not draw the figure. Drawing the back view at 60 columns takes about
2.6 ms; reading this file and taking its drawing about 0.3 ms.
"""

import json
import math
import os
import zlib
from collections.abc import Iterable
from functools import lru_cache

from ...data import views
from ...data.views import View

RASTERS = "views.rasters"  # beside views.json in a wheel (see hatch_build.py)
RASTER_FORMAT = 1
_STYLE_CODES = {"outline": "o", "detail": "d", "": " "}
_CODE_STYLES = {code: style for style, code in _STYLE_CODES.items()}

Cells = tuple[tuple[tuple[str, str], ...], ...]  # a figure's rows of (character, style) cells
Drawing = tuple[str, int, int, Cells]  # view id, columns, dot rows, cells
_Stored = dict[tuple[str, int, int], tuple[list[str], list[str]]]


def _stamp() -> dict[str, int]:
    """What a rasters file must match: its format and the content of the views it was drawn from."""
    return {"format": RASTER_FORMAT, "views_crc": zlib.crc32(views.file_text().encode("utf-8"))}


def write_rasters(target: str, drawings: Iterable[Drawing]) -> None:
    """Store drawings of bundled views in `target` (at build time only).

    One line per drawing, after a stamp line: the view, its size in columns and dot rows, and
    each row as a string of characters and a string of style codes.
    """
    lines = [json.dumps(_stamp())]
    for view_id, columns, dot_rows, rows in drawings:
        lines.append(json.dumps([view_id, columns, dot_rows, ["".join(c for c, _ in row) for row in rows],
                                 ["".join(_STYLE_CODES[s] for _, s in row) for row in rows]], ensure_ascii=False))
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


@lru_cache(maxsize=1)
def packaged_rasters() -> _Stored:
    """The drawings a wheel carries, by (view id, columns, dot rows); none if they were drawn from
    other views (an edited views.json) or the file is absent or damaged, as in a source checkout."""
    try:
        with open(os.path.join(os.path.dirname(views.views_path()), RASTERS), encoding="utf-8") as handle:
            stamp, *entries = handle.read().splitlines()
        if json.loads(stamp) != _stamp():
            return {}
        found: _Stored = {}
        for line in entries:
            view_id, columns, dot_rows, chars, codes = json.loads(line)
            if len(chars) != len(codes) or any(len(c) != columns or len(k) != columns
                                               for c, k in zip(chars, codes, strict=True)):
                return {}
            found[(view_id, columns, dot_rows)] = (chars, codes)
        return found
    except (OSError, ValueError, TypeError):
        return {}


def stored_raster(view: View, columns: int, dot_rows: int) -> Cells | None:
    """The drawing of a bundled view made at build time, if there is one of that size."""
    stored = packaged_rasters().get((view.id, columns, dot_rows))
    if stored is None or len(stored[0]) != math.ceil(dot_rows / 4):
        return None
    try:
        if view != views.get_view(view.id):  # another drawing that happens to share a bundled view's id
            return None
        return tuple(tuple(zip(chars, (_CODE_STYLES[k] for k in codes), strict=True))
                     for chars, codes in zip(*stored, strict=True))
    except (KeyError, ValueError):
        return None
