"""The live, guided run of a routine in a terminal: a Rich countdown for every hold.

Kept apart from `render.py` because it is interactive (it owns time and Ctrl-C), and from
`routine.py` because the domain knows nothing about terminals.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from .render import hold_label, step_panel, summary_line
from .routine import Clock, Hold, Plan, PlannedStep, SystemClock, run_plan
from .routine import Progress as RunProgress


def run_guided(console: Console, plan: Plan, clock: Clock | None = None) -> bool:
    """Run the plan with a countdown bar per hold; False if the person stopped it (Ctrl-C)."""
    state = RunProgress()
    total = len(plan.steps)
    bars = Progress(
        TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn(compact=True),
        console=console, transient=True,
    )
    task_ids: dict[Hold, int] = {}

    def listener(kind: str, planned: PlannedStep, hold: Hold | None, left: float) -> None:
        if kind == "step":
            console.print(step_panel(planned, total))
        elif kind == "hold" and hold is not None:
            task_ids[hold] = bars.add_task(hold_label(hold), total=hold.seconds)
        elif kind == "tick" and hold is not None:
            bars.update(task_ids[hold], completed=hold.seconds - left)
            if left <= 0:
                bars.remove_task(task_ids.pop(hold))
        elif kind == "pause":
            console.print(f"[dim]Rest {int(left)} s, then the next step.[/]")

    try:
        with bars:
            run_plan(plan, clock or SystemClock(), listener, state)
    except KeyboardInterrupt:
        console.print(summary_line(state.steps_done, total, state.seconds_pressed, interrupted=True))
        return False
    console.print(summary_line(state.steps_done, total, state.seconds_pressed, interrupted=False))
    return True
