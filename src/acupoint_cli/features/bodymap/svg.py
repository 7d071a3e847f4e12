"""SVG body maps: the same figures as the braille drawings, as standalone SVG 1.1 documents for a
browser or a printout, one figure (`to_svg`) or several side by side (`to_svg_row`).
"""

from collections.abc import Iterable, Sequence

from ...data.views import XY, View
from .marks import Mark, clean_label, clean_text, unit


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
    heading = clean_text(title if title is not None else view.title)
    subtitle = clean_text(subtitle) if subtitle else ""
    labels = [clean_label(mark.label) for mark in marks]
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
            f'font-family="sans-serif" font-size="16">{_escape(clean_text(title))}</text>'
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
        x, y = unit(mark.x) * width, unit(mark.y) * height
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
        titles.append(clean_text(title if title is not None else view.title))
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
