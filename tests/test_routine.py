"""Routine plans and the timed run, driven by a fake clock."""

from __future__ import annotations

import pytest

from acupoint_cli.catalogue import Catalogue
from acupoint_cli.routine import PAUSE_SECONDS, Progress, UnknownRoutine, plan_routine, run_plan


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0
        self.slept = 0.0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds
        self.slept += seconds


def test_every_step_of_every_routine_names_catalogue_points(catalogue: Catalogue) -> None:
    for routine in catalogue.routines:
        for step in routine.steps:
            assert step.points and all(code in catalogue.by_code for code in step.points)


def test_plan_sides_and_total(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back", seconds=10)
    sides = {s.points[0].code: [h.side for h in s.holds] for s in plan.steps}
    assert sides["EX-UE7"] == ["left", "right"]
    assert sides["BL-23"] == ["both sides"]
    assert sides["CV-6"] == ["centre"]
    holds = sum(len(s.holds) for s in plan.steps)
    assert plan.total_seconds == holds * 10 + PAUSE_SECONDS * (len(plan.steps) - 1)


def test_pregnancy_safe_removes_every_flagged_point(catalogue: Catalogue) -> None:
    for routine in catalogue.routines:
        plan = plan_routine(catalogue, routine.id, pregnancy_safe=True)
        kept = [p for s in plan.steps for p in s.points]
        assert not any(p.pregnancy_caution for p in kept)
        flagged = {c for s in routine.steps for c in s.points if catalogue.by_code[c].pregnancy_caution}
        assert {p.code for p in plan.removed} == flagged


def test_unknown_routine(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownRoutine) as caught:
        plan_routine(catalogue, "elbow")
    assert "lower-back" in caught.value.known


def test_full_run_on_a_fake_clock(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back", seconds=5)
    clock = FakeClock()
    events: list[tuple[str, int]] = []
    progress = run_plan(plan, clock, lambda kind, step, hold, left: events.append((kind, step.number)))
    assert progress.finished and progress.steps_done == len(plan.steps)
    assert progress.holds_done == sum(len(s.holds) for s in plan.steps)
    assert clock.slept == pytest.approx(plan.total_seconds)
    assert progress.seconds_pressed == pytest.approx(plan.total_seconds - PAUSE_SECONDS * (len(plan.steps) - 1))
    assert [e for e in events if e[0] == "step"] == [("step", s.number) for s in plan.steps]
    assert sum(1 for e in events if e[0] == "pause") == len(plan.steps) - 1


def test_interrupted_run_keeps_its_progress(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back", seconds=5)
    clock = FakeClock()
    progress = Progress()

    def listener(kind, step, hold, left) -> None:
        if kind == "step" and step.number == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_plan(plan, clock, listener, progress)
    assert progress.steps_done == 2 and not progress.finished
