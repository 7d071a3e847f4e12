"""Score `acupoint find` on the relevance set in tests/relevance.yaml.

Run: python tests/relevance.py   (prints the scores by kind, and each miss)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.loader import load_catalogue
from acupoint_cli.features.search import find

SET = Path(__file__).with_name("relevance.yaml")
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


def score(catalogue: Catalogue) -> Scores:
    scores = Scores()
    for case in yaml.safe_load(SET.read_text(encoding="utf-8"))["queries"]:
        kind, query, accept = case["kind"], case["query"], set(case["accept"])
        codes = [m.point.code for m in find(catalogue, query, limit=5)]
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


def main() -> int:
    scores = score(load_catalogue())
    for label, kinds in (("codes and names  top-1", TOP_1), ("typos and legacy top-3", ("typo", "legacy")),
                         ("body places      top-3", ("place",)), ("symptoms   precision at 5", ("symptom",))):
        print(f"{label:26} {scores.rate(*kinds):7.1%}  ({scores.count(*kinds)} queries)")
    for miss in scores.misses:
        print("  miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
