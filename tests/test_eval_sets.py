"""The users' relevance sets in tests/eval/ are well formed: every file parses, every case has a
known kind and its answer key, and every code in a key is a point of the catalogue. (Their scores
are printed by tests/relevance.py, never asserted: the held-out parts are not tuned against.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from acupoint_cli.data.catalogue import Catalogue

EVAL = Path(__file__).with_name("eval")
KINDS = {"exact", "lay", "place", "typo", "symptom"}


@pytest.mark.parametrize("path", sorted(EVAL.glob("*.yaml")), ids=lambda p: p.name)
def test_every_case_is_well_formed_and_names_real_points(catalogue: Catalogue, path: Path) -> None:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    assert cases, path
    queries = set()
    for case in cases:
        assert case["kind"] in KINDS and isinstance(case["query"], str) and case["query"].strip(), case
        assert case["query"] not in queries, case["query"]
        queries.add(case["query"])
        key = case["grades"] if case["kind"] == "symptom" else case["accept"]
        assert key and all(code in catalogue.by_code for code in key), case["query"]
        if case["kind"] == "symptom":
            assert all(grade in (1, 2, 3) for grade in case["grades"].values()), case["query"]


def test_no_query_is_in_two_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(EVAL.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]:
            assert case["query"] not in seen, (case["query"], seen.get(case["query"]), path.name)
            seen[case["query"]] = path.name
