"""Whole-process start-up of acupoint beside the interpreter floor and a peer look-up tool.

Run (from the repository, in the environment where acupoint is installed; install it from
the wheel, `pip install .`, to measure what users run: an editable install has no packaged
snapshot, so its cold start parses YAML):

    pip install pycountry          # the peer; needed only here, not by acupoint
    python benchmarks/startup.py [--runs N]

Each command runs N times (default 21) after one warm-up run, the commands taking turns (one
run of each, then the next round); the table gives the median, the spread (max - min), the
peak resident memory (one extra run under GNU time), and each median as a ratio to the peer
(a pycountry look-up) and to the floor (`python -c pass`). The catalogue cache is warm except
in the rows marked cold, which empty their private cache directory before each run.
This is a benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
ACUPOINT = str(Path(PYTHON).with_name("acupoint"))
TIME = "/usr/bin/time"  # GNU time, for peak memory (Debian package 'time')


def commands(copy: Path) -> list[tuple[str, list[str], bool, dict[str, str]]]:
    """(label, argv, cold cache?, extra environment) for every row of the table.

    `copy` is a copy of the bundled catalogue, standing for a teacher's own catalogue file: its
    cold start shows the cost of parsing YAML, which the bundled catalogue avoids once installed
    from a wheel (the wheel carries a validated snapshot; an editable install does not).
    """
    rows = [
        ("python -c pass (floor)", [PYTHON, "-c", "pass"], False, {}),
        ("python -c 'import typer'", [PYTHON, "-c", "import typer"], False, {}),
        ("pycountry lookup('DE') (peer)",
         [PYTHON, "-c", "import pycountry; pycountry.countries.lookup('DE')"], False, {}),
    ]
    for args in (["show", "BL-40"], ["find", "lower back"], ["list", "--json"],
                 ["routine", "--region", "lower-back", "--no-timer"], ["--help"], ["--version"]):
        rows.append(("acupoint " + " ".join(a if " " not in a else repr(a) for a in args), [ACUPOINT, *args], False,
                     {}))
    rows.append(("acupoint show BL-40, cold cache", [ACUPOINT, "show", "BL-40"], True, {}))
    rows.append(("  same, another catalogue file, warm", [ACUPOINT, "show", "BL-40"], False,
                 {"ACUPOINT_CATALOGUE": str(copy)}))
    rows.append(("  same, another catalogue file, cold", [ACUPOINT, "show", "BL-40"], True,
                 {"ACUPOINT_CATALOGUE": str(copy)}))
    return rows


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run, in seconds."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {done.returncode}")
    return elapsed


def peak_rss_kib(argv: list[str], env: dict[str, str]) -> int | None:
    """Peak resident memory of one run, from GNU time (forked by a small process, unlike ours)."""
    if not Path(TIME).is_file():
        return None
    done = subprocess.run([TIME, "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    return int(done.stderr.strip().splitlines()[-1])


def measure(
    rows: list[tuple[str, list[str], bool, dict[str, str]]], runs: int, cache: Path
) -> list[tuple[str, float, float, int | None]]:
    """(label, median ms, spread ms, peak RSS KiB) of each row, the rows taking turns run by run.

    Taking turns, rather than running each command N times in a row, exposes every command to
    the same moments of a noisy machine, so that the ratios to the peer and the floor hold
    even when the absolute times drift.
    """
    # As installed: pip compiles bytecode at install time, so let an editable install keep it too.
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    caches = [cache / str(index) for index in range(len(rows))]  # each row its own: a cold row empties only its own
    envs = [{**base, "ACUPOINT_CACHE_DIR": str(directory), "NO_COLOR": "1", **extra}
            for directory, (*_, extra) in zip(caches, rows, strict=True)]
    for (_, argv, _, _), env in zip(rows, envs, strict=True):
        run_once(argv, env)  # warm-up: the cache and the OS page cache
    times: list[list[float]] = [[] for _ in rows]
    for _ in range(runs):
        for (_, argv, cold, _), env, directory, taken in zip(rows, envs, caches, times, strict=True):
            if cold:
                shutil.rmtree(directory, ignore_errors=True)
            taken.append(run_once(argv, env))
    return [(label, statistics.median(taken) * 1000, (max(taken) - min(taken)) * 1000, peak_rss_kib(argv, env))
            for (label, argv, _, _), env, taken in zip(rows, envs, times, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    options = parser.parse_args()
    try:
        import pycountry  # noqa: F401
    except ImportError:
        print("pycountry is not installed here: pip install pycountry (benchmark only)", file=sys.stderr)
        return 2
    from acupoint_cli.data.loader import bundled_path

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "my-points.yaml"
        shutil.copy(bundled_path(), copy)
        snapshot = "yes" if (Path(bundled_path()).parent / "points.snapshot").is_file() else "no (editable install)"
        results = measure(commands(copy), options.runs, Path(tmp) / "cache")
    floor, peer = results[0][1], results[2][1]
    print(f"{options.runs} runs each, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"packaged snapshot: {snapshot}")
    print(f"{'command':48} {'median':>9} {'spread':>8} {'x peer':>7} {'x floor':>8} {'peak RSS':>9}")
    for label, median, spread, peak in results:
        memory = f"{peak / 1024:6.1f} MB" if peak is not None else "     n/a"
        print(f"{label:48} {median:6.1f} ms {spread:5.1f} ms {median / peer:6.2f}x {median / floor:7.2f}x {memory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
