"""The live, guided run of a routine in a terminal: a Rich countdown for every hold, and keys.

Kept apart from `render.py` because it is interactive (it owns time, keys and Ctrl-C), and
from `routine.py` because the domain knows nothing about terminals.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from ..features.routine import Clock, Controls, Hold, Plan, PlannedStep, SystemClock, run_plan
from ..features.routine import Progress as RunProgress
from .render import MapFigure, hold_label, step_panel, summary_line

if TYPE_CHECKING:
    from ..features.figures import Figure

KEYS = {"s": "skip", "n": "skip", "p": "pause", " ": "pause", "q": "quit"}
KEY_HELP = "Keys: s skip the step, p pause or go on, q quit, Ctrl-C stop."


class TerminalKeys:
    """Single key presses from a terminal (cbreak mode, restored on exit); nothing elsewhere."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdin
        self.saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        try:
            import termios
            import tty

            fd = self.stream.fileno()
            if os.isatty(fd):
                self.saved = termios.tcgetattr(fd)
                tty.setcbreak(fd)
        except (ImportError, OSError, ValueError):
            self.saved = None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.saved is not None:
            import termios

            termios.tcsetattr(self.stream.fileno(), termios.TCSADRAIN, self.saved)

    def poll(self) -> str | None:
        if self.saved is None:
            return None
        fd = self.stream.fileno()
        ready, _, _ = select.select([fd], [], [], 0)
        if not ready:
            return None
        return KEYS.get(os.read(fd, 1).decode("utf-8", "ignore").lower())


def run_guided(
    console: Console,
    plan: Plan,
    clock: Clock | None = None,
    controls: Controls | None = None,
    maps: dict[int, list[Figure]] | None = None,
) -> int:
    """Run the plan with a countdown bar per hold; its exit status: 0 when it finished or the person
    quit with q, 130 after Ctrl-C, 128 + the signal's number after one of ENDING_SIGNALS.

    `maps` gives the body-map figures of each step (by step number), drawn as the step begins.
    """
    state = RunProgress()
    total = len(plan.steps)
    bars = Progress(
        TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn(compact=True),
        console=console, transient=True,
    )
    task_ids: dict[Hold, TaskID] = {}

    def listener(kind: str, planned: PlannedStep, hold: Hold | None, left: float) -> None:
        if kind == "step":
            console.print(step_panel(planned, total))
            for figure in (maps or {}).get(planned.number, ()):
                console.print(MapFigure(figure))
        elif kind == "hold" and hold is not None:
            task_ids[hold] = bars.add_task(hold_label(hold), total=hold.seconds)
        elif kind == "tick" and hold is not None:
            bars.update(task_ids[hold], completed=hold.seconds - left)
            if left <= 0:
                bars.remove_task(task_ids.pop(hold))
        elif kind == "paused":
            console.print("[yellow]Paused: press p to go on.[/]")
        elif kind == "skipped" and hold is not None:
            bars.remove_task(task_ids.pop(hold))
            console.print(f"[dim]Skipped step {planned.number}.[/]")
        elif kind == "pause":
            console.print(f"[dim]Rest {int(left)} s, then the next step.[/]")

    console.print(f"[dim]{KEY_HELP}[/]")
    try:
        with _ending_signals_stop_the_run(), TerminalKeys() if controls is None else nullcontext(controls) as keys, \
                bars:
            run_plan(plan, clock or SystemClock(), listener, state, keys)
    except KeyboardInterrupt:
        console.print(summary_line(state, total, interrupted=True))
        return INTERRUPTED
    except Ended as ended:  # the terminal closed, or the system asked the tool to end
        console.print(summary_line(state, total, interrupted=True))
        return SIGNALLED + ended.signum
    console.print(summary_line(state, total, interrupted=state.quit))
    return 0


# Exit statuses of a guided run that did not finish: Ctrl-C, or 128 + the number of the signal
# that ended it (143 for SIGTERM), as a shell reports a process a signal ended.
INTERRUPTED = 130
SIGNALLED = 128
# Signals that end a guided run: each restores the terminal (cursor, key echo) and prints the summary.
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name))


class Ended(Exception):
    """A signal in ENDING_SIGNALS arrived during the run."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


@contextmanager
def _ending_signals_stop_the_run() -> Iterator[None]:
    """While the countdown runs, a SIGTERM, SIGHUP or SIGQUIT unwinds it like Ctrl-C does."""

    def end(signum: int, frame: FrameType | None) -> None:
        raise Ended(signum)

    previous = {signum: signal.signal(signum, end) for signum in ENDING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

