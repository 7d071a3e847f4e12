"""In-process speed of `find` over the bundled catalogue and a generated catalogue ten times its size.

Run: python benchmarks/find_speed.py
Prints, for each catalogue, the time of the first query (indexes built on first use) and the
median and 95th percentile per query over the relevance set's queries, repeated.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.loader import load_catalogue
from acupoint_cli.data.records import Meridian
from acupoint_cli.features.search import find

QUERIES = [case["query"] for case in yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "tests" / "relevance.yaml").read_text(encoding="utf-8"))["queries"]]


def tenfold(catalogue: Catalogue) -> Catalogue:
    """Nine synthetic copies of every point under new channel codes, with names made unique."""
    meridians = list(catalogue.meridians)
    points = list(catalogue.points)
    for copy in range(1, 10):
        for meridian in catalogue.meridians:
            code = f"Z{copy}{meridian.code.replace('-', '')}"
            meridians.append(Meridian(code, f"{meridian.name} {copy}", (code,), meridian.points))
            for point in (p for p in catalogue.points if p.meridian == meridian.code):
                points.append(point._replace(
                    code=f"{code}-{point.number}", meridian=code, english=f"{point.english} {copy}",
                    pinyin=f"{point.pinyin}{copy}", aliases=tuple(f"{a} {copy}" for a in point.aliases),
                    group_names=(), legacy_codes=()))
    return Catalogue(catalogue.records._replace(meridians=tuple(meridians), points=tuple(points)), catalogue.path)


def measure(catalogue: Catalogue, rounds: int = 5) -> tuple[float, float, float]:
    start = time.perf_counter()
    find(catalogue, "lower back")
    first = time.perf_counter() - start
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            find(catalogue, query)
            times.append(time.perf_counter() - start)
    times.sort()
    return first * 1000, statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def main() -> int:
    bundled = load_catalogue()
    print(f"{'catalogue':28} {'points':>7} {'first query':>12} {'median':>9} {'p95':>9}")
    for label, catalogue in (("bundled", bundled), ("generated, 10x", tenfold(bundled))):
        first, median, p95 = measure(catalogue)
        print(f"{label:28} {len(catalogue.points):7d} {first:9.1f} ms {median:6.2f} ms {p95:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
