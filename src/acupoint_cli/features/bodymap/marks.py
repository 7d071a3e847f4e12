"""What a body map shows over its view: a Mark (a point, its mirror twin, or a numbered step),
and the cleaning of a mark's label and coordinates that the braille and SVG drawings share, so
that any mark, however odd its data, can be drawn.
"""

import math
from typing import Any, NamedTuple

MARK_CHARS = {"point": "●", "mirror": "○"}  # "mirror": the same point on the other side of the body
MAX_LABEL = 24


class Mark(NamedTuple):
    """Something to show on a view: a point ("●"), its mirror twin ("○"), or a numbered step."""

    x: float
    y: float
    label: str
    kind: str = "point"


def clean_text(text: Any) -> str:
    """The text with every character that does not print replaced by "?"."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


def clean_label(label: Any) -> str:
    """A mark's label as drawn: printable, at most MAX_LABEL characters."""
    return clean_text(label)[:MAX_LABEL]


def unit(value: Any) -> float:
    """A coordinate clamped into the box (NaN goes to 0) so that any mark can be drawn."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return 0.0
    if math.isnan(number):
        return 0.0
    return min(max(number, 0.0), 1.0)
