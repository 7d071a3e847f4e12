"""What the tool may write over (issue 16, cases 9 and 11): a new path or a regular file, never
through a link, into a pipe or onto a device; and no temporary file left behind for good."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

from acupoint_cli.data import files


def svg(run: Callable[..., Result], target: Path) -> Result:
    return run("map", "LI-4", "--svg", str(target))


def test_a_new_path_and_a_regular_file_are_written_and_an_existing_file_keeps_its_mode(run, tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    assert svg(run, target).exit_code == 0 and "<svg" in target.read_text(encoding="utf-8")
    target.write_text("old")
    target.chmod(0o600)
    assert svg(run, target).exit_code == 0 and "<svg" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it was 0644 after a replace


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device", "dangling-symlink"])
def test_a_link_a_pipe_or_a_device_is_refused_and_left_as_it_was(run, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "map.svg"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    if kind == "symlink":
        target.symlink_to(victim)
    elif kind == "dangling-symlink":
        target.symlink_to(tmp_path / "nowhere")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/null")
    before = os.lstat(target)
    result = svg(run, target)
    assert result.exit_code == 2 and "not a regular file" in result.stderr and result.stderr.count("\n") == 1
    after = os.lstat(target)
    assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
    assert victim.read_text() == "keep me" and not list(tmp_path.glob(".acupoint-*"))


def test_a_stale_temporary_file_is_removed_by_the_next_writer(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".tmp-killed.tmp", tmp_path / ".tmp-writing.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a snapshot")
    old = time.time() - files.STALE_SECONDS - 5
    os.utime(stale, (old, old))
    files.write_atomically(str(tmp_path / "entry.snapshot"), b"data", prefix=".tmp-", shared=False)
    assert not stale.exists() and fresh.exists()  # another process may still be writing that one
    assert (tmp_path / "entry.snapshot").read_bytes() == b"data"
