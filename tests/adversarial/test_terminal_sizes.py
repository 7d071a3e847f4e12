"""Absurd terminal widths (issue 16, case 8): laid out for the nearest sensible width, never empty or a crash."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Result
from rich.cells import cell_len

from acupoint_cli.interface.render import MAX_COLUMNS, MIN_COLUMNS

COMMANDS = [["show", "LI-4"], ["find", "lower back"], ["list", "--meridian", "GB"], ["list", "--meridians"],
            ["routine", "--no-timer"], ["routine", "--list"], ["map", "BL-40", "LI-4"], ["show", "B54", "--no-map"]]
WIDTHS = {"0": MIN_COLUMNS, "1": MIN_COLUMNS, "100000000": MAX_COLUMNS, "1" * 25: MAX_COLUMNS,
          "-5": None, "abc": None, "57": 57}


@pytest.mark.parametrize("columns", list(WIDTHS))
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_any_columns_value_gives_the_whole_output_at_a_sensible_width(run: Callable[..., Result], args: list[str],
                                                                     columns: str) -> None:
    result = run(*args, env={"COLUMNS": columns})
    assert result.exit_code == 0 and result.stderr == "" and result.stdout.strip()
    widest = max(cell_len(line) for line in result.stdout.splitlines())
    expected = WIDTHS[columns]
    assert widest <= (expected or MAX_COLUMNS)
    if expected is not None and args[0] == "show":  # a panel fills the width (tables fit their text)
        assert widest == expected, (widest, expected)  # laid out for that width, not a fallback
