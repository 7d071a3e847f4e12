"""The relevance set's scores stay at or above issue 4's targets (run tests/relevance.py to see misses)."""

from __future__ import annotations

from relevance import TOP_1, score

from acupoint_cli.data.catalogue import Catalogue


def test_relevance_targets(catalogue: Catalogue) -> None:
    scores = score(catalogue)
    assert scores.count(*TOP_1, "typo", "legacy", "place", "symptom") >= 100
    assert scores.rate(*TOP_1) >= 0.98, scores.misses
    assert scores.rate("typo", "legacy") >= 0.95, scores.misses
    assert scores.rate("place") >= 0.90, scores.misses
    assert scores.rate("symptom") >= 0.90, scores.misses
