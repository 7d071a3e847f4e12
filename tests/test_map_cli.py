"""The body maps through the commands: show, map (text, JSON, SVG) and routine, at every width."""

from __future__ import annotations

import io
import re

import pytest
from conftest import ARTICLE_POINTS
from rich.cells import cell_len
from rich.console import Console

from acupoint_cli.catalogue import Catalogue
from acupoint_cli.figures import numbered_figures, point_figures
from acupoint_cli.render import MAP_WIDTH, MapFigure, show_panel, step_panel
from acupoint_cli.routine import plan_routine

BRAILLE = re.compile("[\u2800-\u28ff]")
SVG = "{http://www.w3.org/2000/svg}"
WIDTHS = (40, 60, 80, 120)


def recorded(width: int, *renderables: object) -> list[str]:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None, legacy_windows=False)
    for renderable in renderables:
        console.print(renderable)
    return console.export_text().split("\n")


def fits(lines: list[str], width: int) -> bool:
    return all(cell_len(line) <= width for line in lines)


# ---- every width ------------------------------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_every_points_figure_renders_within_the_width(catalogue: Catalogue, width: int) -> None:
    for point in catalogue.points:
        lines = recorded(width, *map(MapFigure, point_figures([point])))
        assert fits(lines, width), point.code
        assert any(BRAILLE.search(line) for line in lines) and "●" in "".join(lines), point.code
        drawing = [line for line in lines if BRAILLE.search(line)]
        assert max(map(cell_len, drawing)) <= MAP_WIDTH  # compact on a wide console too


@pytest.mark.parametrize("width", WIDTHS)
def test_show_map_and_routine_render_within_the_width(catalogue: Catalogue, width: int) -> None:
    for code in ("BL-40", "LI-4", "BL-23", "GV-4", "GV-20", "KI-1", "BL-60"):
        resolution = catalogue.lookup(code)
        figures = [MapFigure(f) for f in point_figures([resolution.point])]
        assert fits(recorded(width, show_panel(resolution, catalogue, code), *figures), width), code
    article = [catalogue.by_code[c] for c in ARTICLE_POINTS]
    lines = recorded(width, *map(MapFigure, point_figures(article)))
    assert fits(lines, width) and lines.count("") >= 5
    for routine in catalogue.routines:
        plan = plan_routine(catalogue, routine.id)
        overview = [MapFigure(f) for f in numbered_figures([(s.number, s.points) for s in plan.steps])]
        steps = [part for s in plan.steps
                 for part in (step_panel(s, len(plan.steps)), *map(MapFigure, point_figures(s.points)))]
        assert fits(recorded(width, *overview, *steps), width), routine.id


# ---- content ----------------------------------------------------------------------------------
def test_figures_name_the_view_and_the_sides(catalogue: Catalogue) -> None:
    (back,) = point_figures([catalogue.by_code["BL-40"]])
    assert back.title == "Back of the body, seen from behind: the person's right is on your right"
    assert [(m.label, m.kind) for m in back.marks] == [("BL-40", "point"), ("", "mirror")]
    assert back.marks[1].x == pytest.approx(1 - back.marks[0].x) and "○" in back.legend[0]
    (hand,) = point_figures([catalogue.by_code["LI-4"]])
    assert hand.title.startswith("Back of the right hand") and len(hand.marks) == 1
    assert hand.legend == ("Shown on the right hand; the left hand has the same point.",)
    (spine,) = point_figures([catalogue.by_code["GV-4"]])
    assert len(spine.marks) == 1 and spine.legend == ()  # a midline point has no mirror
    views = [f.view.id for f in point_figures([catalogue.by_code[c] for c in ("BL-40", "LI-4", "BL-23", "GV-4")])]
    assert views == ["back", "hand-back"]


def test_routine_overview_numbers_the_steps(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back")
    figures = {f.view.id: f for f in numbered_figures([(s.number, s.points) for s in plan.steps])}
    assert set(figures) == {"back", "front", "hand-back", "foot-top", "sole"}
    back = figures["back"]
    assert {m.label for m in back.marks} == {"2", "3", "4", "5", "6"}
    assert back.legend[0].startswith("Steps: 2 BL-23, BL-52; 3 GV-4, GV-3; 4 BL-27")
    assert {m.label for m in figures["hand-back"].marks} == {"1", "9"}


# ---- the commands -----------------------------------------------------------------------------
def test_show_draws_the_map_after_the_panel_and_no_map_leaves_it_out(run) -> None:
    shown = run("show", "BL-40").stdout
    assert BRAILLE.search(shown) and "● BL-40" in shown and "○" in shown
    assert shown.index("Sources") < shown.index("Back of the body, seen from behind")
    plain = run("show", "BL-40", "--no-map")
    assert plain.exit_code == 0 and not BRAILLE.search(plain.stdout) and "Sources" in plain.stdout
    assert "●" not in plain.stdout and "Back of the body" not in plain.stdout
    assert not BRAILLE.search(run("show", "BL-40", "--json").stdout)


def test_no_color_output_has_no_escape_codes(run, catalogue: Catalogue) -> None:
    for args in (("show", "BL-40"), ("show", "LI-4")):
        result = run(*args, env={"NO_COLOR": "1", "TERM": "xterm-256color"})
        assert result.exit_code == 0 and "\x1b" not in result.stdout and BRAILLE.search(result.stdout), args
    buffer = io.StringIO()  # on a terminal, NO_COLOR leaves bold and dim but never a colour
    console = Console(file=buffer, force_terminal=True, no_color=True, width=60)
    console.print(MapFigure(point_figures([catalogue.by_code["BL-40"]])[0]))
    codes = re.findall(r"\x1b\[([0-9;]*)m", buffer.getvalue())
    assert codes and not [c for c in codes if re.search(r"(^|;)(3[0-9]|9[0-7])(;|$)", c)], codes
