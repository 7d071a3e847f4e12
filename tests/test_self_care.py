"""Points a lay person should not press on themselves (issue 17, item 2): shown, never offered as self-care."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import Result, flat

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.errors import CatalogueError
from acupoint_cli.data.loader import parse_catalogue
from acupoint_cli.features.routine import plan_routine
from acupoint_cli.features.search import find

# From docs/research/safety-layer.md, section 4.2: over the carotid (neck), on or at the eye, over
# the windpipe, on the large vessels of the groin, on the tongue, the nipple, the perineum.
NOT_FOR_SELF = ("ST-9 ST-10 LI-18 CV-22 BL-1 ST-1 EX-HN7 EX-HN10 EX-HN11 EX-HN12 EX-HN13 ST-17 ST-30 SP-12 "
                "LR-12 CV-1 GV-1").split()


def test_the_listed_points_and_only_they_are_not_for_self_pressing(catalogue: Catalogue) -> None:
    assert sorted(p.code for p in catalogue.points if not p.self_care) == sorted(NOT_FOR_SELF)


def test_no_complaint_or_place_offers_one(catalogue: Catalogue) -> None:
    queries = [s.label for s in catalogue.symptoms] + [r.label for r in catalogue.regions] + [
        "high blood pressure", "sore throat", "eye strain", "front of the neck", "groin", "tongue"]
    for query in queries:
        offered = [m.point.code for m in find(catalogue, query, limit=20) if m.tier in ("symptom", "place")]
        assert not set(offered) & set(NOT_FOR_SELF), query


def test_a_code_or_a_name_still_finds_it_with_the_mark(run: Callable[..., Result], run_json) -> None:
    [match] = run_json("find", "ST9", "--limit", "1")
    assert match["code"] == "ST-9" and match["self_care"] is False
    shown = flat(run("find", "Renying", "--limit", "1").stdout)  # the table may wrap the mark
    assert "! not for" in shown and "self-pressing" in shown


def test_show_says_so_first_and_gives_no_pressing_instructions(run: Callable[..., Result]) -> None:
    text = flat(run("show", "ST-9", "--no-map").stdout)
    assert text.index("Not for pressing on yourself") < text.index("Location")
    assert "How to press not on yourself" in text and "Rest one fingertip" not in text
    assert "Not for pressing on yourself" not in flat(run("show", "BL-40", "--no-map").stdout)


def test_no_routine_uses_one(catalogue: Catalogue) -> None:
    for routine in catalogue.routines:
        plan = plan_routine(catalogue, routine.id)
        assert all(point.self_care for step in plan.steps for point in step.points), routine.id


def test_a_catalogue_whose_routine_uses_one_is_refused(mutated: Callable[..., str]) -> None:
    def change(data: dict[str, Any]) -> None:
        data["routines"][0]["steps"][0]["points"].append("ST-9")

    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(mutated(change), "test.yaml")
    assert any("ST-9 is not for pressing on yourself" in str(p) for p in caught.value.problems)


def test_no_pressing_directions_for_a_point_not_for_self(catalogue: Catalogue) -> None:
    """JSON carries `technique.how` even where `show` hides it: it must not teach self-pressing."""
    teaching = [p.code for p in catalogue.points
                if not p.self_care and not p.technique.how.startswith(("Not a point to press on yourself",
                                                                       "Do not press it"))]
    assert teaching == []
