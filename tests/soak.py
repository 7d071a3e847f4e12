"""The slow adversarial soak: real processes, concurrency, kill -9 during cache writes, mutated catalogues.

Run: python tests/soak.py [--concurrency 30] [--mutations 300] [--kills 60] [--seed 1]
It prints one line per part and a summary, and exits 1 if any run showed a traceback, gave a
wrong answer, or left a temporary file behind. It takes a few minutes on two cores (the last
part waits for the temporary files of killed writers to become stale). tests/adversarial/
holds the fast, deterministic cases that CI runs; this is what is run before resolving work
on robustness (README, Development).

What counts as a wrong answer: a status other than the documented ones, a message that is
not one `acupoint: ` line (plus the listed problems of an invalid catalogue), or `show
BL-40 --json` disagreeing with the catalogue file as it is at that moment (a stale cache).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from acupoint_cli.data.errors import CatalogueError
from acupoint_cli.data.files import STALE_SECONDS
from acupoint_cli.data.loader import bundled_path, parse_catalogue

STATUSES = {0, 1, 2, 3}


@dataclass
class Tally:
    runs: int = 0
    tracebacks: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def check(self, what: str, done: subprocess.CompletedProcess[str], expected: str | None,
              statuses: set[int] = STATUSES) -> None:
        """Count a finished run; `expected` is BL-40's English name when the catalogue is valid."""
        self.runs += 1
        if "Traceback" in done.stderr:
            self.tracebacks.append(f"{what}: {done.stderr[-300:]}")
        elif done.returncode not in statuses:
            self.wrong.append(f"{what}: status {done.returncode}: {done.stderr[:200]}")
        elif done.returncode and not done.stderr.startswith("acupoint: "):
            self.wrong.append(f"{what}: message {done.stderr[:200]!r}")
        elif expected is None and done.returncode == 0 and "--json" in done.args:
            self.wrong.append(f"{what}: an invalid catalogue answered: {done.stdout[:100]}")
        elif expected is not None and "--json" in done.args and "BL-40" in done.args:
            answer = json.loads(done.stdout)["english"] if done.returncode == 0 else None
            if answer != expected:
                self.wrong.append(f"{what}: BL-40 is {answer!r}, the file says {expected!r}")


def acupoint(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "acupoint_cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def english_of_bl40(text: str) -> str | None:
    """What a correct tool says BL-40 is called in this catalogue text; None if the file is invalid."""
    try:
        return parse_catalogue(text).by_code["BL-40"].english
    except (CatalogueError, KeyError):
        return None


def concurrency(work: Path, catalogue: Path, tally: Tally, width: int, rounds: int = 5) -> None:
    """`width` processes at once on one cold cache, several times over."""
    expected = english_of_bl40(catalogue.read_text(encoding="utf-8"))
    env = {**os.environ, "ACUPOINT_CACHE_DIR": str(work / "cache-concurrent"), "ACUPOINT_CATALOGUE": str(catalogue)}
    commands = [("show", "BL-40", "--json"), ("find", "lower back", "--json"), ("list", "--json"),
                ("show", "B54", "--json")]
    for round_ in range(rounds if width else 0):
        shutil.rmtree(env["ACUPOINT_CACHE_DIR"], ignore_errors=True)
        with ThreadPoolExecutor(width) as pool:
            runs = list(pool.map(lambda i: acupoint(*commands[i % len(commands)], env=env), range(width)))
        for i, done in enumerate(runs):
            tally.check(f"concurrent round {round_} #{i}", done, expected, {0})


MUTATIONS = [
    lambda text, rng: text.replace("english: Middle of the Crease", f"english: Middle {rng.randint(0, 99)}", 1),
    lambda text, rng: text[: rng.randrange(len(text))],                                   # truncated
    lambda text, rng: _flip(text, rng),                                                   # one character changed
    lambda text, rng: text.replace("  region: ", "  region: nowhere", 1),
    lambda text, rng: text.replace("  english: ", "  english: x\x1b[2J", 1),
    lambda text, rng: text.replace("  english: ", "  english: \u202eevil ", 1),
    lambda text, rng: text.replace("  number: 40\n", "  number: 40\n  number: 41\n", 1),  # a duplicate key
    lambda text, rng: text.replace("  number: 40\n", f"  number: {'9' * 5000}\n", 1),
    lambda text, rng: text.replace("  code: BL-40\n", "  code: [BL, 40]\n", 1),
    lambda text, rng: "[" * rng.choice([65, 1001, 100_000]) + text,
    lambda text, rng: text + "x: &a [1]\ny: *a\n",
    lambda text, rng: "\n".join(rng.sample(text.splitlines(), k=len(text.splitlines()))),  # shuffled lines
    lambda text, rng: text.replace("hold_seconds: 60", "hold_seconds: sixty", 1),
    lambda text, rng: text.replace("Middle of the Crease", "Middle of the Crevis", 1),  # same size
]


def _flip(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text))
    return text[:at] + rng.choice("x: -[]{}'\"\t\n#&*!|>%@`") + text[at + 1:]


def mutations(work: Path, original: str, tally: Tally, count: int, rng: random.Random) -> None:
    """Mutated catalogues in one file and one cache, each checked by `validate` and a warm `show`.

    Each mutation keeps the mtime of the file before it (as `cp -p` or a quick edit would), so a
    cache stamped by mtime would answer from the old content.
    """
    catalogue = work / "mutated.yaml"
    catalogue.write_text(original, encoding="utf-8")
    env = {**os.environ, "ACUPOINT_CACHE_DIR": str(work / "cache-mutations"), "ACUPOINT_CATALOGUE": str(catalogue)}
    acupoint("show", "BL-40", env=env)  # cache the original
    for n in range(count):
        text = MUTATIONS[n % len(MUTATIONS)](original, rng)
        before = catalogue.stat()
        catalogue.write_text(text, encoding="utf-8")
        os.utime(catalogue, ns=(before.st_atime_ns, before.st_mtime_ns))
        expected = english_of_bl40(text)
        statuses = {0} if expected is not None else {3}
        tally.check(f"mutation {n} validate", acupoint("validate", str(catalogue), env=env), expected, statuses)
        for _ in range(2):  # cold (writes the cache), then warm (reads it)
            tally.check(f"mutation {n} show", acupoint("show", "BL-40", "--json", env=env), expected, statuses)


def kills(work: Path, catalogue: Path, tally: Tally, count: int, rng: random.Random) -> int:
    """Cold runs killed with SIGKILL at random moments; the next run must still answer right.

    Returns the number of temporary files left once the last writer has run after they went stale.
    """
    expected = english_of_bl40(catalogue.read_text(encoding="utf-8"))
    cache = work / "cache-kills"
    env = {**os.environ, "ACUPOINT_CACHE_DIR": str(cache), "ACUPOINT_CATALOGUE": str(catalogue)}
    start = time.monotonic()
    acupoint("show", "BL-40", env=env)
    cold = time.monotonic() - start
    writing = 0
    for n in range(count):
        for entry in cache.glob("*.snapshot"):
            entry.unlink()
        process = subprocess.Popen([sys.executable, "-m", "acupoint_cli", "show", "BL-40", "--json"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if n % 2:
            time.sleep(rng.uniform(0.0, 1.0) * cold)  # anywhere in the run
        else:
            writing += _wait_for_a_temporary_file(cache, process)  # while the snapshot is being written
        process.send_signal(signal.SIGKILL)
        process.wait()
        tally.check(f"after kill {n}", acupoint("show", "BL-40", "--json", env=env), expected, {0})
    left = sorted(cache.glob(".tmp-*"))
    print(f"  {writing} kills while a snapshot was being written; {len(left)} temporary files left right after "
          f"the kills; waiting {STALE_SECONDS:.0f} s for them to go stale")
    time.sleep(STALE_SECONDS + 1 if count else 0)
    for entry in cache.glob("*.snapshot"):
        entry.unlink()
    tally.check("the writer after the kills", acupoint("show", "BL-40", "--json", env=env), expected, {0})
    return len(list(cache.glob(".tmp-*")))


def _wait_for_a_temporary_file(cache: Path, process: subprocess.Popen[bytes]) -> int:
    """Poll until the process has a temporary file in the cache (1) or has ended (0)."""
    while process.poll() is None:
        if cache.is_dir() and any(name.startswith(".tmp-") for name in os.listdir(cache)):
            return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=30)
    parser.add_argument("--mutations", type=int, default=300)
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    original = Path(bundled_path()).read_text(encoding="utf-8")
    yaml.safe_load(original)  # the bundled catalogue itself must be sound
    with tempfile.TemporaryDirectory(prefix="acupoint-soak-") as directory:
        work = Path(directory)
        catalogue = work / "points.yaml"
        catalogue.write_text(original, encoding="utf-8")
        tally = Tally()
        parts = [("concurrency", lambda: concurrency(work, catalogue, tally, options.concurrency)),
                 ("mutations", lambda: mutations(work, original, tally, options.mutations, rng)),
                 ("kills", lambda: kills(work, catalogue, tally, options.kills, rng))]
        orphans = 0
        for name, part in parts:
            start, runs, bad = time.monotonic(), tally.runs, len(tally.tracebacks) + len(tally.wrong)
            orphans += part() or 0
            print(f"{name:12} {tally.runs - runs:5} runs  {len(tally.tracebacks) + len(tally.wrong) - bad} bad  "
                  f"{time.monotonic() - start:6.1f} s")
        leftovers = [p for p in work.rglob("*.tmp") if re.match(r"\.(tmp|acupoint)-", p.name)]
    for line in tally.tracebacks + tally.wrong:
        print("  ", line)
    print(f"total: {tally.runs} runs, {len(tally.tracebacks)} tracebacks, {len(tally.wrong)} wrong answers, "
          f"{orphans} orphaned temporary files ({len(leftovers)} anywhere at the end)")
    return 1 if tally.tracebacks or tally.wrong or orphans else 0


if __name__ == "__main__":
    sys.exit(main())
