"""Golden files of rendered output, colour forced, at a fixed width.

Regenerate after a deliberate change with: ACUPOINT_UPDATE_GOLDEN=1 pytest tests/test_golden.py
and read the diff before committing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.features.figures import point_figures
from acupoint_cli.features.routine import plan_routine
from acupoint_cli.features.search import find
from acupoint_cli.interface.render import MapFigure, find_table, show_panel, step_panel


def render(renderable, width: int, colour: bool = True) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=colour, color_system="standard" if colour else None, width=width,
                      legacy_windows=False, highlight=False)
    for part in renderable if isinstance(renderable, list) else [renderable]:
        console.print(part)
    return buffer.getvalue()


def check(golden_dir: Path, name: str, text: str) -> None:
    path = golden_dir / name
    if os.environ.get("ACUPOINT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with ACUPOINT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_show_legacy_b54(catalogue: Catalogue, golden_dir: Path) -> None:
    check(golden_dir, "show_B54.ansi", render(show_panel(catalogue.lookup("B54"), catalogue, "B54"), 80))


def test_find_lower_back(catalogue: Catalogue, golden_dir: Path) -> None:
    check(golden_dir, "find_lower_back.ansi", render(find_table(find(catalogue, "lower back", limit=5), catalogue), 80))


def test_routine_step(catalogue: Catalogue, golden_dir: Path) -> None:
    plan = plan_routine(catalogue, "lower-back")
    check(golden_dir, "routine_step_2.ansi", render(step_panel(plan.steps[1], len(plan.steps)), 80))


MAPPED = ("BL-40", "LI-4", "BL-23", "GV-4")  # the test: each must be clear from the picture alone


def test_map_of_four_points(catalogue: Catalogue, golden_dir: Path) -> None:
    figures = [MapFigure(f) for f in point_figures([catalogue.by_code[c] for c in MAPPED])]
    check(golden_dir, "map_BL-40_LI-4_BL-23_GV-4.ansi", render(figures, 80))
    check(golden_dir, "map_BL-40_LI-4_BL-23_GV-4_40_columns.txt", render(figures, 40, colour=False))


@pytest.mark.parametrize("width", [40, 60, 120])
def test_rendering_never_fails_at_other_widths(catalogue: Catalogue, width: int) -> None:
    for point in catalogue.points:
        assert point.code in render(show_panel(catalogue.lookup(point.code), catalogue, point.code), width)
