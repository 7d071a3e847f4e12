"""The guided routine in a real pseudo-terminal: the countdown appears and Ctrl-C ends cleanly."""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

pty = pytest.importorskip("pty")


@dataclass(frozen=True)
class Terminal:
    pid: int
    fd: int


@contextmanager
def terminal(*args: str) -> Iterator[Terminal]:
    """Run acupoint with a pseudo-terminal as its terminal.

    The process is killed if the test fails before it has ended.
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin/stdout/stderr are the terminal
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
        env.pop("NO_COLOR", None)
        os.execvpe(sys.executable, [sys.executable, "-m", "acupoint_cli", *args], env)
    try:
        yield Terminal(pid, fd)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise


def read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def finish(term: Terminal) -> tuple[int, bytes]:
    """Read what is left until the process ends; its exit status and the output."""
    rest = read_until(term.fd, b"\x00never", 10)
    _, status = os.waitpid(term.pid, 0)
    os.close(term.fd)
    return os.waitstatus_to_exitcode(status), rest


def test_countdown_appears_and_ctrl_c_exits_130_with_a_summary() -> None:
    with terminal("routine", "--region", "lower-back", "--seconds", "30") as term:
        shown = read_until(term.fd, b"Hold (left)", 20)
        assert b"Safety first" in shown and b"Step 1/" in shown and b"Hold (left)" in shown
        time.sleep(1.2)  # let the bar tick at least once
        os.write(term.fd, b"\x03")  # Ctrl-C, delivered by the terminal as SIGINT
        code, rest = finish(term)
    assert code == 130
    assert b"Stopped: 0 of 9 steps" in rest and b"Traceback" not in shown + rest


def test_piped_output_prints_at_once(tmp_path) -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "acupoint_cli", "routine", "--region", "lower-back"],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0 and "Step 9/9" in done.stdout and "\x1b[" not in done.stdout


def test_keys_skip_and_quit_in_a_real_terminal() -> None:
    with terminal("routine", "--region", "neck-shoulder", "--seconds", "30") as term:
        shown = read_until(term.fd, b"Hold (both sides)", 20)
        assert b"Keys: s skip" in shown
        os.write(term.fd, b"s")
        shown += read_until(term.fd, b"Step 2/", 10)
        assert b"Skipped step 1." in shown and b"Step 2/" in shown
        os.write(term.fd, b"q")
        code, rest = finish(term)
    assert code == 0
    assert b"Stopped: 0 of 7 steps, 1 skipped" in rest and b"Traceback" not in shown + rest


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT], ids=lambda s: s.name)
def test_a_signal_that_ends_the_routine_restores_the_terminal_and_prints_the_summary(signum: int) -> None:
    """Issue 16, case 7: the cursor was left hidden and the terminal in cbreak mode without echo."""
    import termios

    with terminal("routine", "--region", "lower-back", "--seconds", "30") as term:
        shown = read_until(term.fd, b"Hold (left)", 20)
        before = termios.tcgetattr(term.fd)
        assert b"\x1b[?25l" in shown  # the live bar hid the cursor
        assert not before[3] & termios.ECHO  # and the keys are read one by one, unechoed
        os.kill(term.pid, signum)
        rest = read_until(term.fd, b"Stopped:", 10)
        after = termios.tcgetattr(term.fd)
        code, tail = finish(term)
    assert code == 128 + signum
    assert b"Stopped: 0 of 9 steps" in rest and b"Traceback" not in shown + rest + tail
    assert b"\x1b[?25h" in rest  # the cursor is shown again
    assert after[3] & termios.ECHO and after[3] & termios.ICANON  # echo and line editing are back
