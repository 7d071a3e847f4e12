"""Catalogues that would cost out of proportion, or mean other than they say (issue 16, cases 2, 3, 10, 12)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import mutate

from acupoint_cli.data import yaml_reader
from acupoint_cli.data.errors import CatalogueError
from acupoint_cli.data.loader import parse_catalogue


def refused(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "test.yaml")
    return [str(problem) for problem in caught.value.problems]


def point(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in data["points"] if p["code"] == code)


@pytest.mark.parametrize(("text", "line", "key"), [
    ("a: 1\nb: 2\na: 3\n", 3, "a"),
    ("points:\n  - code: LU-1\n    meridian: LU\n    code: LU-2\n", 4, "code"),
])
def test_a_key_given_twice_in_one_mapping_is_refused_with_its_line(text: str, line: int, key: str) -> None:
    assert refused(text) == [f"line {line}: file: gives the key {key!r} twice in one mapping"]


def test_the_same_key_in_two_mappings_is_fine(raw_data: dict[str, Any]) -> None:
    assert len(parse_catalogue(mutate(raw_data, lambda d: None)).points) == 409  # every point has `code:`


def test_a_duplicate_key_in_the_real_catalogue_is_found(raw_data: dict[str, Any]) -> None:
    text = mutate(raw_data, lambda d: None).replace("  english: Middle of the Crease\n",
                                                    "  english: Middle of the Crease\n  english: Knee\n", 1)
    [problem] = refused(text)
    assert "gives the key 'english' twice" in problem and problem.startswith("line ")


@pytest.mark.parametrize("digits", [19, 4301, 100_000])
def test_a_number_too_long_for_a_catalogue_is_refused_before_python_converts_it(raw_data, digits: int) -> None:
    text = mutate(raw_data, lambda d: point(d, "LU-1").update(number=1)).replace(
        "number: 1\n", f"number: {'9' * digits}\n", 1)
    [problem] = refused(text)
    assert f"has a number of {digits} characters" in problem


def test_code_as_a_list_or_a_mapping_is_a_problem_not_a_crash(raw_data: dict[str, Any]) -> None:
    for code in (["LU", 1], {"a": 1}):
        found = refused(mutate(raw_data, lambda d, c=code: point(d, "LU-1").update(code=c)))
        assert any("code: must be text" in p for p in found), found


def test_ten_million_items_are_refused_after_the_node_limit() -> None:
    [problem] = refused("[" + "1," * 10_000_000 + "1]")
    assert f"has more than {yaml_reader.MAX_EVENTS:,} YAML nodes" in problem


def test_the_node_limit_counts_every_node(monkeypatch: pytest.MonkeyPatch, raw_data: dict[str, Any]) -> None:
    text = mutate(raw_data, lambda d: None)
    events = sum(1 for _ in yaml.parse(text, Loader=yaml.SafeLoader))  # every event, the last one included
    monkeypatch.setattr(yaml_reader, "MAX_EVENTS", events - 2)  # the check counts from 0
    assert "YAML nodes" in refused(text)[0]
    monkeypatch.setattr(yaml_reader, "MAX_EVENTS", events - 1)
    assert len(parse_catalogue(text).points) == 409


def test_a_value_yaml_cannot_convert_is_a_problem() -> None:
    assert refused("sources: []\ndate: 2024-02-30\n") == [
        "file: has a value that YAML cannot convert (a date or a number); quote it to keep it as text"]
