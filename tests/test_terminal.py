"""The guided routine in a real pseudo-terminal: the countdown appears and Ctrl-C ends cleanly."""

from __future__ import annotations

import os
import select
import signal
import sys
import time

import pytest

pty = pytest.importorskip("pty")


def spawn(*args: str) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin/stdout/stderr are the terminal
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
        env.pop("NO_COLOR", None)
        os.execvpe(sys.executable, [sys.executable, "-m", "acupoint_cli", *args], env)
    return pid, fd


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


def finish(pid: int, fd: int) -> tuple[int, bytes]:
    rest = read_until(fd, b"\x00never", 10)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), rest


def test_countdown_appears_and_ctrl_c_exits_130_with_a_summary() -> None:
    pid, fd = spawn("routine", "--region", "lower-back", "--seconds", "30")
    try:
        shown = read_until(fd, b"Hold (left)", 20)
        assert b"Safety first" in shown and b"Step 1/" in shown and b"Hold (left)" in shown
        time.sleep(1.2)  # let the bar tick at least once
        os.write(fd, b"\x03")  # Ctrl-C, delivered by the terminal as SIGINT
        code, rest = finish(pid, fd)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    assert code == 130
    assert b"Stopped: 0 of 9 steps" in rest and b"Traceback" not in shown + rest


def test_piped_output_prints_at_once(tmp_path) -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "acupoint_cli", "routine", "--region", "lower-back"],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0 and "Step 9/9" in done.stdout and "\x1b[" not in done.stdout


def test_keys_skip_and_quit_in_a_real_terminal() -> None:
    pid, fd = spawn("routine", "--region", "neck-shoulder", "--seconds", "30")
    try:
        shown = read_until(fd, b"Hold (both sides)", 20)
        assert b"Keys: s skip" in shown
        os.write(fd, b"s")
        shown += read_until(fd, b"Step 2/", 10)
        assert b"Skipped step 1." in shown and b"Step 2/" in shown
        os.write(fd, b"q")
        code, rest = finish(pid, fd)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    assert code == 0
    assert b"Stopped: 0 of 7 steps, 1 skipped" in rest and b"Traceback" not in shown + rest
