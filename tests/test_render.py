"""Rendering details: the label-value layout of `show` and routine steps, and text that looks like markup."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, flat
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.features.routine import plan_routine
from acupoint_cli.interface.render import Fields, show_panel, step_panel

LOCKED = (Path(__file__).parents[1] / "constraints.txt").read_text(encoding="utf-8")
LOCKED_RICH = re.search(r"^rich==(\S+)$", LOCKED, re.MULTILINE)[1]  # type: ignore[index]


def render(renderable: RenderableType, width: int, colour: bool) -> str:
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=colour, color_system="standard" if colour else None, width=width,
            legacy_windows=False, highlight=False, emoji=False).print(renderable)
    return buffer.getvalue()


def fields_of(panel: Panel) -> Fields:
    body = panel.renderable
    fields = body.renderables[-1] if isinstance(body, Group) else body
    assert isinstance(fields, Fields)
    return fields


def as_grid(fields: Fields) -> Table:
    """The same rows in the Rich table grid that `Fields` stands in for."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in fields.rows:
        grid.add_row(label, value)
    return grid


def panels(catalogue: Catalogue) -> list[Panel]:
    shown = [show_panel(catalogue.lookup(p.code), catalogue, p.code) for p in catalogue.points]
    plan = plan_routine(catalogue, "lower-back")
    return shown + [step_panel(step, len(plan.steps)) for step in plan.steps]


@pytest.mark.parametrize("width", [34, 40, 57, 80, 121])
def test_fields_put_labels_in_a_column_and_wrap_each_value_beside_its_label(catalogue: Catalogue,
                                                                           width: int) -> None:
    """Every point's `show` panel and every step of a routine: acupoint's own layout, whatever Rich's version."""
    for panel in panels(catalogue):
        fields = fields_of(panel)
        column = max(label.cell_len for label, _ in fields.rows) + 1
        lines = render(fields, width, colour=False).splitlines()
        assert all(cell_len(line) <= width for line in lines), (panel.title, width)
        starts = [index for index, line in enumerate(lines) if line[:column].strip()]
        assert [lines[i][:column].rstrip() for i in starts] == [label.plain for label, _ in fields.rows if label.plain]
        assert all(line[:column] == " " * column or index in starts for index, line in enumerate(lines))
        values = " ".join(line[column:] for line in lines).split()
        assert values == " ".join(value.plain for _, value in fields.rows).split(), (panel.title, width)
        coloured = render(fields, width, colour=True)
        bold = r"\x1b\[(?:\d+;)*1(?:;\d+)*m"  # an SGR sequence that sets bold, with or without a colour
        assert all(re.search(bold + re.escape(label.plain), coloured) for label, _ in fields.rows if label.plain)


@pytest.mark.skipif(version("rich") != LOCKED_RICH, reason=f"compares with the table grid of Rich {LOCKED_RICH}, "
                                                          "the locked version, which Fields was measured against")
@pytest.mark.parametrize("width", [34, 40, 57, 80, 121])
def test_fields_draw_byte_for_byte_as_a_table_grid(catalogue: Catalogue, width: int) -> None:
    """Every point's `show` panel and every step of a routine, with and without colour."""
    for panel in panels(catalogue):
        fields = fields_of(panel)
        for colour in (True, False):
            assert render(fields, width, colour) == render(as_grid(fields), width, colour), (panel.title, width)


@pytest.mark.parametrize("width", [1, 8, 20, 32])
def test_too_narrow_for_two_columns_each_label_has_a_line_of_its_own(catalogue: Catalogue, width: int) -> None:
    point = catalogue.by_code["BL-40"]
    fields = fields_of(show_panel(catalogue.lookup("BL-40"), catalogue, "BL-40"))
    text = render(fields, width, colour=False)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    if width >= 20:  # words fit whole: the text reads as it is written
        assert lines[0].rstrip() == "Also called"
        assert f"Location {point.location}" in flat(text)
        assert lines[lines.index("Location") + 1].startswith("  In the")


def test_wide_enough_for_two_columns_the_labels_stay_beside_their_values(catalogue: Catalogue) -> None:
    text = render(fields_of(show_panel(catalogue.lookup("BL-40"), catalogue, "BL-40")), 33, colour=False)
    assert text.splitlines()[0].startswith("Also called  Commanding")


MARKUP = "[/] [bold]not bold[/bold] [link=file:///etc]x[/link] [red"


def test_text_that_looks_like_markup_prints_as_written(run: Callable[..., Result]) -> None:
    """A query is echoed in the notes of a shared name; Rich would have read it as markup (a traceback)."""
    result = run("show", "Sea of Vitality [/]")
    assert result.exit_code == 0, result.stderr
    assert "Sea of Vitality [/] also names BL-52" in flat(result.stdout)


def test_catalogue_text_that_looks_like_markup_prints_as_written(
    run: Callable[..., Result], mutated: Callable[[Callable[[dict[str, Any]], object]], str], tmp_path: Path
) -> None:
    def change(data: dict[str, Any]) -> None:
        point = next(p for p in data["points"] if p["code"] == "BL-40")
        point["location"] += f" {MARKUP}"
        point["aliases"].append(f"Knee {MARKUP}")
        next(r for r in data["regions"] if r["id"] == "knee")["label"] = f"knee {MARKUP}"
        next(m for m in data["meridians"] if m["code"] == "BL")["name"] = f"Bladder {MARKUP}"
        routine = next(r for r in data["routines"] if r["id"] == "lower-back")
        routine["summary"] += f" {MARKUP}"
        for step in routine["steps"]:
            step["feel"] += f" {MARKUP}"

    path = tmp_path / "markup.yaml"
    path.write_text(mutated(change), encoding="utf-8")
    for args in (["show", "BL-40"], ["find", "BL-40"], ["list", "--meridian", "BL"], ["list", "--meridians"],
                 ["routine"], ["routine", "--region", "lower-back", "--no-timer", "--no-map"]):
        result = run("--catalogue", str(path), *args)
        assert result.exit_code == 0, (args, result.stderr)
        assert all(tag in result.stdout for tag in ("[/]", "[bold]not", "[link=", "[red")), args
