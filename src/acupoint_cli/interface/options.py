"""What `acupoint routine` was asked for, as two records: imported only by that command, so that
defining them costs the other commands nothing (no `from __future__ import annotations` here:
with it, NamedTuples take twice as long to define)."""

from typing import NamedTuple


class RoutineRequest(NamedTuple):
    """What `acupoint routine` was asked for (see `cli.routine` for each option)."""

    region: str = "lower-back"
    seconds: int | None = None
    pregnancy_safe: bool = False
    position: str | None = None
    partner: bool = False


class RoutineOutput(NamedTuple):
    """How `acupoint routine` shows its plan."""

    no_timer: bool = False
    quiet: bool = False
    as_json: bool = False
    draw_map: bool = True
