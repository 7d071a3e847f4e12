"""Pregnancy, complete and explained (issue 17, item 1), and the red flags of each routine (item 5).

The expected codes come from docs/research/safety-layer.md (sections 2 to 3), not from the tool:
the traditional rule covers the lower abdomen and the lumbosacral region, the classic distal
points, and (from the fourth month) the upper abdomen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Result, flat

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.errors import CatalogueError
from acupoint_cli.data.loader import parse_catalogue
from acupoint_cli.data.records import NOT_IN_PREGNANCY
from acupoint_cli.features.errors import NoStepsLeft
from acupoint_cli.features.routine import plan_routine
from acupoint_cli.features.search import find


def codes(meridian: str, first: int, last: int) -> list[str]:
    return [f"{meridian}-{n}" for n in range(first, last + 1)]


# The "Done when": none of these in the pregnancy-safe lower-back routine.
NEVER_IN_LOWER_BACK = [*codes("BL", 22, 35), *codes("BL", 51, 54), *codes("GV", 1, 5), "LI-4", "SP-6", "LR-3"]
# Brief, section 3.2: lower abdomen, lumbosacral region, classic distal points.
LOWER_ABDOMEN = [*codes("CV", 2, 7), *codes("ST", 26, 29), "SP-13", "SP-14", *codes("KI", 11, 15), "GB-27",
                 "GB-28", "EX-CA1"]
LUMBOSACRAL = [*codes("BL", 22, 35), *codes("BL", 51, 54), *codes("GV", 2, 5), "EX-B2",
               *(f"EX-B{n}" for n in range(4, 10))]
DISTAL = ["LI-4", "SP-6", "BL-60", "BL-67", "GB-21", "LR-3"]
# Brief, section 3.3: the upper abdomen, traditionally avoided from the fourth month.
UPPER_ABDOMEN = [*codes("ST", 19, 24), "SP-16", *codes("KI", 17, 21), *codes("CV", 9, 15), "GB-25", "LR-13"]
ON_A_BALL = re.compile(r"\bballs?\b", re.IGNORECASE)


def flagged(catalogue: Catalogue) -> dict[str, Any]:
    return {p.code: next(c for c in p.cautions if c.kind == "pregnancy") for p in catalogue.points
            if p.pregnancy_caution}


@pytest.mark.parametrize("group", [LOWER_ABDOMEN, LUMBOSACRAL, DISTAL, UPPER_ABDOMEN],
                         ids=["lower-abdomen", "lumbosacral", "distal", "upper-abdomen"])
def test_the_traditional_rule_is_flagged_in_full(catalogue: Catalogue, group: list[str]) -> None:
    assert [code for code in group if code not in flagged(catalogue)] == []


def test_the_upper_abdomen_says_from_the_fourth_month(catalogue: Catalogue) -> None:
    cautions = flagged(catalogue)
    assert {code: cautions[code].nuance for code in UPPER_ABDOMEN} == dict.fromkeys(UPPER_ABDOMEN, "after-third-month")


def test_every_flag_names_its_sources_and_says_why(catalogue: Catalogue) -> None:
    missing = [code for code, caution in flagged(catalogue).items() if not (caution.sources and caution.why)]
    assert missing == []


def test_the_pregnancy_safe_lower_back_routine(run_json: Callable[..., Any]) -> None:
    plan = run_json("routine", "--region", "lower-back", "--pregnancy-safe", "--json")
    kept = {p["code"] for step in plan["steps"] for p in step["points"]}
    assert kept and not kept & set(NEVER_IN_LOWER_BACK)
    assert {step["position"] for step in plan["steps"]}.isdisjoint(NOT_IN_PREGNANCY)
    assert not any(ON_A_BALL.search(step["tool"]) for step in plan["steps"])
    assert set(plan["removed_for_pregnancy"]) >= {"BL-23", "BL-52", "GV-4", "LI-4", "CV-6"}


@pytest.mark.parametrize("partner", [False, True], ids=["alone", "with-partner"])
def test_no_routine_keeps_a_flagged_point_or_an_unsafe_position(catalogue: Catalogue, partner: bool) -> None:
    for routine in catalogue.routines:
        try:
            plan = plan_routine(catalogue, routine.id, pregnancy_safe=True, partner=partner)
        except NoStepsLeft:
            continue
        for step in plan.steps:
            assert not any(p.pregnancy_caution for p in step.points), routine.id
            assert step.step.position not in NOT_IN_PREGNANCY, (routine.id, step.number)
            assert not ON_A_BALL.search(step.method), (routine.id, step.number)


def test_a_routine_that_lost_most_of_its_points_says_so(run: Callable[..., Result],
                                                       run_json: Callable[..., Any]) -> None:
    plan = run_json("routine", "--region", "lower-back", "--pregnancy-safe", "--json")
    assert "midwife or doctor" in plan["pregnancy_advice"]
    shown = flat(run("routine", "--region", "lower-back", "--pregnancy-safe", "--no-timer").stdout)
    assert "Most of this routine is traditionally avoided in pregnancy" in shown
    assert run_json("routine", "--region", "lower-back", "--json")["pregnancy_advice"] is None


def test_find_and_list_leave_flagged_points_out(catalogue: Catalogue, run_json: Callable[..., Any]) -> None:
    found = find(catalogue, "lower back pain", limit=50, pregnancy_safe=True)
    assert found and not any(m.point.pregnancy_caution for m in found)
    listed = run_json("list", "--meridian", "BL", "--pregnancy-safe", "--json")
    assert listed and not any(p["pregnancy_caution"] for p in listed)
    assert len(listed) < len(run_json("list", "--meridian", "BL", "--json"))


def test_a_step_kept_in_pregnancy_needs_a_pregnancy_way(mutated: Callable[..., str]) -> None:
    def drop_way(data: dict[str, Any]) -> None:
        step = next(s for s in data["routines"][0]["steps"] if s.get("pregnancy"))
        del step["pregnancy"]

    with pytest.raises(CatalogueError, match="give the way to do it in pregnancy"):
        parse_catalogue(mutated(drop_way))


def test_a_pregnancy_way_may_not_lie_on_the_back_or_use_a_ball(mutated: Callable[..., str]) -> None:
    def unsafe_way(data: dict[str, Any]) -> None:
        step = next(s for s in data["routines"][0]["steps"] if s.get("pregnancy"))
        step["pregnancy"] = {"position": "lying-back", "tool": "a tennis ball"}

    with pytest.raises(CatalogueError, match="other than lying on the back or the belly"):
        parse_catalogue(mutated(unsafe_way))


@pytest.mark.parametrize(("caution", "message"), [
    ({"kind": "nerve", "note": "n", "nuance": "after-third-month"}, "only a pregnancy caution has a nuance"),
    ({"kind": "pregnancy", "note": "n", "nuance": "sometimes"}, "only a pregnancy caution has a nuance"),
    ({"kind": "pregnancy", "note": "n", "sources": ["nowhere"]}, "unknown source 'nowhere'"),
])
def test_caution_fields_are_checked(mutated: Callable[..., str], caution: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(mutated(lambda data: data["points"][0].setdefault("cautions", []).append(caution)))


def test_each_routine_shows_the_red_flags_of_its_part_of_the_body(run: Callable[..., Result],
                                                                  run_json: Callable[..., Any]) -> None:
    neck = run_json("routine", "--region", "neck-shoulder", "--json")["safety"]["red_flags"]
    back = run_json("routine", "--region", "lower-back", "--json")["safety"]["red_flags"]
    assert neck["title"] == "neck or shoulder pain" and back["title"] == "back pain"
    assert any("stiff neck with a high temperature" in f for f in neck["emergency"])
    assert not any("saddle" in f for f in neck["emergency"] + neck["urgent"])
    assert any("saddle" in f for f in back["emergency"])
    shown = flat(run("routine", "--region", "neck-shoulder", "--no-timer").stdout)
    assert "if your neck or shoulder pain comes with" in shown and "back pain comes with" not in shown


def test_every_routine_has_one_list_of_red_flags_from_named_sources(catalogue: Catalogue) -> None:
    for routine in catalogue.routines:
        flags = catalogue.safety.red_flags_for(routine.id)
        assert flags is not None and flags.emergency and flags.urgent and flags.sources, routine.id


def test_a_routine_without_red_flags_is_refused(mutated: Callable[..., str]) -> None:
    def forget(data: dict[str, Any]) -> None:
        for flags in data["safety"]["red_flags"]:
            flags["routines"] = [r for r in flags["routines"] if r != "hip"]

    with pytest.raises(CatalogueError, match="no red_flags list in safety names this routine"):
        parse_catalogue(mutated(forget))
