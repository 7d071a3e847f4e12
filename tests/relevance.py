"""Score `acupoint find` on the relevance sets: tests/relevance.yaml, and the users' set in tests/eval/.

Run: python tests/relevance.py [--tune-misses] [--tune-only]
It prints the first set's scores by kind and each miss, then the users' set (written from the
users' side, from references, never from the tool's output: see the files' headers), its tune
parts and its held-out parts side by side (batch B was written later, by another evaluator). The
held-out parts' misses are never printed: tune on the tune parts only (`--tune-misses` lists their
misses; `--tune-only` leaves the held-out columns out, so that a tuning session never sees them
until the end).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.loader import load_catalogue
from acupoint_cli.features.errors import NotForSelfCare
from acupoint_cli.features.search import find

SET = Path(__file__).with_name("relevance.yaml")
# The users' set in two batches written apart (B later, by another evaluator, without exact-code
# queries), each split into a tune part and a held-out part.
USERS = {name: Path(__file__).with_name("eval") / file for name, file in (
    ("tune", "users_tune.yaml"), ("held out", "users_heldout.yaml"),
    ("tune B", "users_tune_b.yaml"), ("held out B", "users_heldout_b.yaml"))}
# The users' set: (kind, measure) in the order printed; exact names and codes count at rank 1,
# lay names, places and typos in the top 3, symptoms by the first result and by nDCG@5.
USER_MEASURES = (("exact", "top-1"), ("lay", "in top 3"), ("place", "in top 3"), ("typo", "in top 3"),
                 ("symptom", "top-1 acceptable"), ("symptom", "nDCG@5"))
TOP_1 = ("code", "name", "lay")
TOP_3 = ("typo", "legacy", "place")


@dataclass
class Scores:
    hits: dict[str, list[float]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def rate(self, *kinds: str) -> float:
        values = [v for k in kinds for v in self.hits.get(k, [])]
        return sum(values) / len(values) if values else 0.0

    def count(self, *kinds: str) -> int:
        return sum(len(self.hits.get(k, [])) for k in kinds)


def ranked(catalogue: Catalogue, query: str) -> list[str]:
    """The codes `find` ranks first; none for what acupoint never suggests points for."""
    try:
        return [m.point.code for m in find(catalogue, query, limit=5)] if query.strip() else []
    except NotForSelfCare:
        return []


def score(catalogue: Catalogue) -> Scores:
    scores = Scores()
    for case in yaml.safe_load(SET.read_text(encoding="utf-8"))["queries"]:
        kind, query, accept = case["kind"], case["query"], set(case["accept"])
        codes = ranked(catalogue, query)
        if kind in TOP_1:
            value = float(codes[:1] != [] and codes[0] in accept)
        elif kind in TOP_3:
            value = float(bool(accept & set(codes[:3])))
        else:
            value = sum(c in accept for c in codes[:5]) / 5
        scores.hits.setdefault(kind, []).append(value)
        if value < 1:
            scores.misses.append(f"{kind:8} {query!r}: got {codes}")
    return scores


def score_users(catalogue: Catalogue, path: Path) -> tuple[dict[tuple[str, str], list[float]], list[str]]:
    """Each measure's values over one part of the users' set, and the misses."""
    values: dict[tuple[str, str], list[float]] = {}
    misses = []
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]:
        kind, query = case["kind"], case["query"]
        codes = ranked(catalogue, query)
        if kind == "symptom":
            grades: dict[str, int] = case["grades"]
            ideal = sorted(grades.values(), reverse=True)[:5]
            gain = sum(grades.get(c, 0) / math.log2(i + 2) for i, c in enumerate(codes[:5]))
            best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
            found = {("symptom", "top-1 acceptable"): float(bool(codes) and codes[0] in grades),
                     ("symptom", "nDCG@5"): gain / best if best else 0.0}
        else:
            depth = 1 if kind == "exact" else 3
            hit = bool(set(case["accept"]) & set(codes[:depth]))
            found = {(kind, "top-1" if depth == 1 else "in top 3"): float(hit)}
        for measure, value in found.items():
            values.setdefault(measure, []).append(value)
        if min(found.values()) < 1:
            misses.append(f"{kind:8} {query!r}: got {codes}")
    return values, misses


def print_users(catalogue: Catalogue, tune_misses: bool, tune_only: bool = False) -> None:
    parts = {name: score_users(catalogue, path) for name, path in USERS.items()
             if path.exists() and (name.startswith("tune") or not tune_only)}
    print("\nusers' set (tests/eval)            " + "  ".join(f"{name:>10}" for name in parts))
    for measure in USER_MEASURES:
        cells = []
        for values, _ in parts.values():
            got = values.get(measure, [])
            cell = "-" if not got else f"{sum(got) / len(got):.1%}" if measure[1] != "nDCG@5" else \
                f"{sum(got) / len(got):.2f}"
            cells.append(f"{cell:>10}")
        counts = "/".join(str(len(values.get(measure, []))) for values, _ in parts.values())
        print(f"  {measure[0]:8} {measure[1]:17} {'  '.join(cells)}  ({counts} queries)")
    if tune_misses:
        for name, (_, misses) in parts.items():
            for miss in misses if name.startswith("tune") else ():
                print(f"  {name} miss:", miss)


def main() -> int:
    scores = score(load_catalogue())
    for label, kinds in (("codes and names  top-1", TOP_1), ("typos and legacy top-3", ("typo", "legacy")),
                         ("body places      top-3", ("place",)), ("symptoms   precision at 5", ("symptom",))):
        print(f"{label:26} {scores.rate(*kinds):7.1%}  ({scores.count(*kinds)} queries)")
    for miss in scores.misses:
        print("  miss:", miss)
    print_users(load_catalogue(), "--tune-misses" in sys.argv[1:], "--tune-only" in sys.argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
