"""Routine plans and the timed run, driven by a fake clock."""

from __future__ import annotations

import pytest

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.features.routine import PAUSE_SECONDS, Progress, UnknownRoutine, plan_routine, run_plan


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


class ScriptedKeys:
    """Key presses at given clock times: the fake person at the keyboard."""

    def __init__(self, clock: FakeClock, presses: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.presses = sorted(presses)

    def poll(self) -> str | None:
        if self.presses and self.clock.t >= self.presses[0][0]:
            return self.presses.pop(0)[1]
        return None


def test_skip_ends_the_step_and_the_run_goes_on(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back", seconds=10)
    clock = FakeClock()
    events: list[tuple[str, int]] = []
    progress = run_plan(plan, clock, lambda kind, step, hold, left: events.append((kind, step.number)),
                        controls=ScriptedKeys(clock, [(2.0, "skip")]))
    assert progress.finished and progress.steps_skipped == 1 and progress.steps_done == len(plan.steps) - 1
    assert ("skipped", 1) in events and ("step", 2) in events
    assert clock.t == pytest.approx(plan.total_seconds - 18)  # step 1 had two 10 s holds; 2 s were used


def test_pause_stops_the_count_until_resumed(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back", seconds=10)
    clock = FakeClock()
    kinds: list[str] = []
    progress = run_plan(plan, clock, lambda kind, step, hold, left: kinds.append(kind),
                        controls=ScriptedKeys(clock, [(3.0, "pause"), (60.0, "pause")]))
    assert progress.finished and "paused" in kinds and "resumed" in kinds
    pressed = plan.total_seconds - PAUSE_SECONDS * (len(plan.steps) - 1)
    assert progress.seconds_pressed == pytest.approx(pressed)  # the 57 s paused are not pressing time
    assert clock.t == pytest.approx(plan.total_seconds + 57)


def test_quit_stops_the_run_with_its_progress(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back", seconds=10)
    clock = FakeClock()
    progress = run_plan(plan, clock, lambda *event: None, controls=ScriptedKeys(clock, [(50.0, "quit")]))
    # By t=50: step 1 (left and right, 20 s), rest 5, step 2 (10 s), rest 5, step 3 (10 s).
    assert progress.quit and not progress.finished and progress.steps_done == 3 and progress.holds_done == 4


def test_guided_run_on_a_fake_clock_prints_steps_keys_and_summary(catalogue: Catalogue) -> None:
    import io

    from rich.console import Console

    from acupoint_cli.interface.guided import KEY_HELP, run_guided

    plan = plan_routine(catalogue, "neck-shoulder", seconds=5)
    out = io.StringIO()
    clock = FakeClock()
    status = run_guided(Console(file=out, width=80), plan, clock, ScriptedKeys(clock, [(1.0, "skip")]))
    text = out.getvalue()
    assert status == 0 and KEY_HELP in text and "Skipped step 1." in text
    assert f"Step {len(plan.steps)}/{len(plan.steps)}" in text
    assert f"Done: {len(plan.steps) - 1} of {len(plan.steps)} steps, 1 skipped" in text


def test_guided_run_shows_each_steps_map_as_the_step_begins(catalogue: Catalogue) -> None:
    import io

    from rich.console import Console

    from acupoint_cli.features.figures import point_figures
    from acupoint_cli.interface.guided import run_guided

    plan = plan_routine(catalogue, "neck-shoulder", seconds=5)
    maps = {s.number: point_figures(s.points) for s in plan.steps}
    out = io.StringIO()
    clock = FakeClock()
    assert run_guided(Console(file=out, width=60), plan, clock, ScriptedKeys(clock, []), maps=maps) == 0
    text = out.getvalue()
    for step in plan.steps:  # the step's panel, then its map, before the next step
        start = text.index(f"Step {step.number}/")
        end = text.index(f"Step {step.number + 1}/") if step.number < len(plan.steps) else len(text)
        for figure in maps[step.number]:
            assert figure.view.title in text[start:end], (step.number, figure.view.id)
        assert all(p.code in text[start:end] for p in step.points)
