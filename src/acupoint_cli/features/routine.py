"""Routines: turn a routine's data into a timed plan, and run the plan against a clock.

The clock is injected, so tests drive a whole routine in milliseconds; the runner reports
progress through a callback and knows nothing about terminals.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import NamedTuple, Protocol

from ..data.catalogue import Catalogue
from ..data.records import Point, Routine, Step
from .errors import NoStepsLeft, UnknownRoutine

PAUSE_SECONDS = 5
TICK_SECONDS = 0.25
# A pregnancy-safe routine that has lost more than this share of its points says so plainly and
# sends the person to a midwife or doctor, rather than passing off what is left as the routine.
THIN_SHARE = 0.5


class Hold(NamedTuple):
    """One timed press: a step's points on one side (or on the midline)."""

    step: int
    side: str  # "left", "right", "both sides", "centre"
    seconds: int


class PlannedStep(NamedTuple):
    number: int
    step: Step
    points: tuple[Point, ...]
    holds: tuple[Hold, ...]
    method: str  # the step's tool, or the partner's way when a helper is there and one is given

    @property
    def seconds(self) -> int:
        return sum(h.seconds for h in self.holds)


class Plan(NamedTuple):
    routine: Routine
    steps: tuple[PlannedStep, ...]
    removed: tuple[Point, ...] = ()
    pause_seconds: int = PAUSE_SECONDS

    @property
    def total_seconds(self) -> int:
        pauses = self.pause_seconds * max(0, len(self.steps) - 1)
        return sum(s.seconds for s in self.steps) + pauses

    @property
    def kept(self) -> tuple[Point, ...]:
        return tuple(dict.fromkeys(p for s in self.steps for p in s.points))

    @property
    def pregnancy_advice(self) -> str | None:
        """What to say when pregnancy took most of the routine's points away, else None."""
        kept, removed = len(self.kept), len(self.removed)
        if removed <= THIN_SHARE * (removed + kept):
            return None
        return (f"Most of this routine is traditionally avoided in pregnancy: only {kept} of its {kept + removed} "
                "points are left. Ask your midwife or doctor what is safe for your pain before relying on it.")


def _sides(step: Step, points: tuple[Point, ...]) -> tuple[str, ...]:
    if all(not p.bilateral for p in points):
        return ("centre",)
    if step.sides == "each":
        return ("left", "right")
    return ("both sides",)


def plan_routine(
    catalogue: Catalogue,
    name: str,
    *,
    seconds: int | None = None,
    pregnancy_safe: bool = False,
    position: str | None = None,
    partner: bool = False,
) -> Plan:
    """The ordered, timed steps of a routine.

    `pregnancy_safe` drops every flagged point (and a step left empty) and does each step its
    pregnancy way where it has one (never lying on the back or the belly, or on a ball); `position`
    keeps only the steps done in that position; `partner` uses a helper's way where a step gives
    one (not in a pregnancy-safe routine, whose steps are done alone in their pregnancy way).
    """
    routine = catalogue.routine_by_id.get(name)
    if routine is None:
        raise UnknownRoutine(name, [r.id for r in catalogue.routines])
    planned: list[PlannedStep] = []
    removed: list[Point] = []
    for step in routine.steps:
        if pregnancy_safe and step.pregnancy is not None:
            step = step._replace(position=step.pregnancy.position, tool=step.pregnancy.tool, partner=None)
        if position is not None and step.position != position:
            continue
        points = tuple(catalogue.by_code[c] for c in step.points)
        if pregnancy_safe:
            removed.extend(p for p in points if p.pregnancy_caution)
            points = tuple(p for p in points if not p.pregnancy_caution)
        if not points:
            continue
        hold = seconds if seconds is not None else step.hold_seconds
        number = len(planned) + 1
        holds = tuple(Hold(number, side, hold) for side in _sides(step, points))
        method = step.partner if partner and step.partner else step.tool
        planned.append(PlannedStep(number, step, points, holds, method))
    if not planned:
        where = f" in the {position.replace('-', ' ')} position" if position else ""
        raise NoStepsLeft(f"no step of the {routine.id} routine is left{where}"
                          + (" once pregnancy-flagged points are removed" if pregnancy_safe else ""))
    return Plan(routine, tuple(planned), tuple(dict.fromkeys(removed)))


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class Controls(Protocol):
    """Commands from the person during a run: "skip", "pause" (toggles) or "quit"; None if none."""

    def poll(self) -> str | None: ...


class NoControls:
    def poll(self) -> str | None:
        return None


class Progress:
    """What has been done so far: read after a run, or after an interruption (mutable)."""

    def __init__(self) -> None:
        self.holds_done = 0
        self.steps_done = 0
        self.steps_skipped = 0
        self.seconds_pressed = 0.0
        self.finished = False
        self.quit = False


# listener(kind, planned_step, hold, seconds_left); kinds: "step", "hold", "tick", "pause"
# (the rest between steps), "paused", "resumed", "skipped".
Listener = Callable[[str, PlannedStep, Hold | None, float], None]


def run_plan(
    plan: Plan, clock: Clock, listener: Listener, progress: Progress | None = None, controls: Controls | None = None
) -> Progress:
    """Count every hold down on `clock`, telling `listener` and obeying `controls`.

    Returns (and fills) `progress`, which stays meaningful if the run is interrupted.
    """
    progress = progress if progress is not None else Progress()
    controls = controls or NoControls()
    for index, planned in enumerate(plan.steps):
        listener("step", planned, None, planned.seconds)
        for hold in planned.holds:
            listener("hold", planned, hold, hold.seconds)
            outcome = _count_down(clock, hold.seconds, controls, progress, partial(_tell, listener, planned, hold))
            if outcome == "quit":
                progress.quit = True
                return progress
            if outcome == "skip":
                progress.steps_skipped += 1
                listener("skipped", planned, hold, 0)
                break
            progress.holds_done += 1
        else:
            progress.steps_done += 1
        if index < len(plan.steps) - 1 and plan.pause_seconds:
            listener("pause", planned, None, plan.pause_seconds)
            outcome = _count_down(clock, plan.pause_seconds, controls, None, lambda kind, left: None)
            if outcome == "quit":
                progress.quit = True
                return progress
    progress.finished = True
    return progress


def _tell(listener: Listener, planned: PlannedStep, hold: Hold, kind: str, left: float) -> None:
    listener(kind, planned, hold, left)


def _count_down(
    clock: Clock, seconds: float, controls: Controls, progress: Progress | None, tell: Callable[[str, float], None]
) -> str | None:
    """Wait `seconds` of running time, ticking; a pause stops the count. Returns "skip", "quit" or None."""
    left = float(seconds)
    tell("tick", left)
    paused = False
    while left > 0:
        command = controls.poll()
        if command in ("skip", "quit"):
            return command
        if command == "pause":
            paused = not paused
            tell("paused" if paused else "resumed", left)
        before = clock.now()
        clock.sleep(TICK_SECONDS if paused else min(TICK_SECONDS, left))
        if paused:
            continue
        spent = clock.now() - before
        left = max(0.0, left - spent)
        if progress is not None:
            progress.seconds_pressed += spent
        tell("tick", left)
    return None
