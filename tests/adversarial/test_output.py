"""Output the system refuses (issue 16, case 4): one `acupoint:` line and status 74, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = [["find", "hoku"], ["find", "hoku", "--json"], ["show", "BL-40"], ["show", "B54", "--json"],
            ["list", "--json"], ["list", "--meridians"], ["routine", "--no-timer"], ["map", "LI-4"],
            ["--version"], ["--help"]]


def run(args: list[str], stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "acupoint_cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=60)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_line_and_status_74(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = run(args, stdout=full.fileno())
    assert result.returncode == 74, result.stderr
    assert result.stderr == "acupoint: cannot write the output: No space left on device.\n"


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_standard_output_is_one_line_and_status_74(args: list[str]) -> None:
    code = ("import os, sys\nos.close(1)\nsys.stdout = None\nsys.argv = ['acupoint', *sys.argv[1:]]\n"
            "from acupoint_cli.__main__ import main\nmain()")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=False, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (74, "acupoint: cannot write the output: standard output is closed.\n")


def test_a_command_that_writes_nothing_to_stdout_does_not_fail_on_a_closed_one(tmp_path) -> None:
    code = ("import os, sys\nos.close(1)\nsys.stdout = None\nsys.argv = ['acupoint', *sys.argv[1:]]\n"
            "from acupoint_cli.__main__ import main\nmain()")
    target = tmp_path / "map.svg"
    result = subprocess.run([sys.executable, "-c", code, "map", "LI-4", "--svg", str(target)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, timeout=60)
    assert result.returncode == 0 and "<svg" in target.read_text(encoding="utf-8")
