"""The start-up fast path: which command lines skip Typer, and that they answer exactly as Typer does."""

from __future__ import annotations

import pytest
from conftest import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import acupoint_cli.__main__ as entry
from acupoint_cli.__main__ import fast_call, main


@pytest.mark.parametrize(("args", "expected"), [
    (["show", "BL-40"], ("show", "BL-40", False)),
    (["find", "lower back", "--json"], ("find", "lower back", True)),
    (["show", "--json", "B54"], ("show", "B54", True)),
    (["find", ""], ("find", "", False)),
    (["show"], None),                                  # missing argument: Typer's usage error
    (["show", "BL-40", "extra"], None),                # too many arguments
    (["find", "-x"], None),                            # an option, not a query
    (["find", "--", "-x"], None),
    (["find", "back", "--limit", "3"], None),
    (["list"], None),
    (["routine", "--no-timer"], None),
    (["--version"], None),
    (["--help"], None),
    ([], None),
    (["show", "--help"], None),
    (["--catalogue", "x.yaml", "show", "BL-40"], None),
])
def test_fast_path_takes_only_the_plain_look_ups(args: list[str], expected) -> None:
    assert fast_call(args) == expected


def fast(args: list[str]) -> tuple[int, str, str]:
    assert fast_call(args) is not None
    return tuple(invoke(main, args))


def typer_way(run, args: list[str]) -> tuple[int, str, str]:
    """The same command line through the Typer application: the entry point with no fast path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(entry, "fast_call", lambda args: None)
        return tuple(invoke(main, args))


@pytest.mark.parametrize("args", [
    ["show", "BL-40"], ["show", "B54", "--json"], ["show", "BL-99"], ["show", "hoku"], ["show", "  "],
    ["show", "zzzz"], ["find", "lower back"], ["find", "sea of vitality", "--json"], ["find", "qqqqxx"],
    ["find", ""], ["find", "\x1b[31mred"], ["find", "qqqqxx", "--json"],
])
def test_fast_path_answers_exactly_as_typer(run, args: list[str]) -> None:
    code, out, err = fast(args)
    assert (code, out, err) == typer_way(run, args)
    assert out or err  # every case says something


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(["show", "find"]), text=st.text(max_size=30).filter(lambda t: not t.startswith("-")),
       as_json=st.booleans())
def test_fast_path_matches_typer_on_any_text(run, command: str, text: str, as_json: bool) -> None:
    args = [command, text, *(["--json"] if as_json else [])]
    assert fast(args) == typer_way(run, args)
