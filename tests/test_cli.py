"""Every command through the CLI: text, JSON, exit statuses, stdout/stderr separation, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import flat

from acupoint_cli import __version__
from acupoint_cli.interface.cli import app
from acupoint_cli.interface.errors import ExitStatus

EXIT_NOT_FOUND, EXIT_USAGE, EXIT_BAD_CATALOGUE = ExitStatus.NOT_FOUND, ExitStatus.USAGE, ExitStatus.BAD_CATALOGUE

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"acupoint {__version__}\n"


def test_every_command_is_listed_and_documented_with_examples(run) -> None:
    assert COMMANDS == ["find", "list", "map", "routine", "show", "validate"]
    top = run("--help").stdout
    for name in COMMANDS:
        assert name in top
        page = run(name, "--help")
        assert page.exit_code == 0 and "Examples:" in page.stdout and f"acupoint {name}" in page.stdout


def test_no_arguments_shows_help(run) -> None:
    result = run()
    assert "Usage" in result.stdout + result.stderr


# ---- find -------------------------------------------------------------------------------------
def test_find_text(run) -> None:
    result = run("find", "lower back")
    assert result.exit_code == 0 and result.stderr == ""
    assert "BL-23" in result.stdout and "Shènshū" in result.stdout


def test_find_json_contract(run_json) -> None:
    items = run_json("find", "hoku")
    assert items[0]["code"] == "LI-4"
    for item in items:
        assert {"code", "pinyin", "english", "score", "matched"} <= item.keys()
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)


def test_find_legacy_lists_both_meanings(run_json) -> None:
    items = run_json("find", "B54")
    assert [i["code"] for i in items[:2]] == ["BL-40", "BL-54"]
    assert "older bladder numbering" in items[0]["matched"] and items[1]["matched"] == "code BL-54"


def test_find_nothing_json_is_empty_list_and_exit_1(run) -> None:
    result = run("find", "xyzzyq", "--json")
    assert result.exit_code == EXIT_NOT_FOUND
    assert json.loads(result.stdout) == [] and result.stderr == ""


def test_find_nothing_text_says_so_on_stderr(run) -> None:
    result = run("find", "xyzzyq qqqq")
    assert result.exit_code == EXIT_NOT_FOUND and result.stdout == ""
    assert result.stderr.startswith("acupoint: nothing matches") and result.stderr.count("\n") == 1


def test_find_limit_and_filters(run_json) -> None:
    assert len(run_json("find", "back", "--limit", "2")) == 2
    assert all(i["region"] == "hand" for i in run_json("find", "back", "--region", "hand"))
    assert all(not i["pregnancy_caution"] for i in run_json("find", "back", "--pregnancy-safe", "-n", "100"))
    assert all(i["code"].startswith("GV-") for i in run_json("find", "back", "--meridian", "Du"))


@pytest.mark.parametrize(("args", "message"), [
    (("find", "   "), "the query is empty"),
    (("find", "back", "--region", "elbowpit"), "unknown region"),
    (("find", "back", "--meridian", "XQ"), "unknown channel"),
])
def test_find_usage_errors(run, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_USAGE and message in result.stderr and result.stdout == ""


def test_find_limit_zero_is_a_usage_error(run) -> None:
    assert run("find", "back", "--limit", "0").exit_code == EXIT_USAGE


# ---- show -------------------------------------------------------------------------------------
def test_show_text_has_every_section(run) -> None:
    result = run("show", "UB40")
    assert result.exit_code == 0
    for part in ("BL-40", "Wěizhōng", "委中", "Commanding Middle", "Location", "Find it", "How to press",
                 "Helps with", "Cautions", "Sources", "B54"):
        assert part in result.stdout, part


def test_show_json_has_every_catalogue_field(run_json, raw_data) -> None:
    data = run_json("show", "BL-40")
    entry = next(p for p in raw_data["points"] if p["code"] == "BL-40")
    assert set(entry) <= set(data)
    assert data["code"] == "BL-40" and data["matched_as"] == "code"


@pytest.mark.parametrize(("typed", "older"), [("BL48", "BL-53"), ("UB47", "BL-52"), ("BL-54", "BL-40")])
def test_show_legacy_meaning_is_visible(run, run_json, typed: str, older: str) -> None:
    assert f"Older texts use {typed} for {older}" in flat(run("show", typed).stdout)
    assert run_json("show", typed)["older_numbering"][0]["code"] == older


@pytest.mark.parametrize(("typed", "older", "today"), [("B48", "BL-53", "BL-48"), ("B54", "BL-40", "BL-54")])
def test_show_a_bare_b_code_gives_the_articles_point_and_todays_reading(run, run_json, typed: str, older: str,
                                                                        today: str) -> None:
    shown = flat(run("show", typed, "--no-map").stdout)
    assert f"{typed} is an older bladder number: today this point is {older}" in shown
    assert f"In today's numbering {typed} is {today}" in shown
    data = run_json("show", typed)
    assert (data["code"], data["matched_as"], data["today_numbering"]["code"]) == (older, "older code", today)


def test_show_unknown_point_suggests_and_exits_1(run) -> None:
    result = run("show", "weizong")
    assert result.exit_code == EXIT_NOT_FOUND and result.stdout == ""
    assert "Did you mean: BL-40 Wěizhōng" in result.stderr


def test_show_impossible_number_names_the_range(run) -> None:
    result = run("show", "BL-99")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stderr == "acupoint: BL-99 does not exist: the Bladder channel has points 1 to 67.\n"


def test_show_control_characters_are_not_echoed_raw(run) -> None:
    result = run("show", "\x1b[31mred")
    assert result.exit_code == EXIT_NOT_FOUND and "\x1b" not in result.stderr and "\\x1b" in result.stderr


# ---- list -------------------------------------------------------------------------------------
def test_list_json_is_every_point_once(run_json, catalogue) -> None:
    items = run_json("list")
    assert [i["code"] for i in items] == [p.code for p in catalogue.points]


def test_list_meridian_in_order(run_json) -> None:
    items = run_json("list", "--meridian", "bladder")
    numbers = [i["number"] for i in items]
    assert items and all(i["meridian"] == "BL" for i in items) and numbers == sorted(numbers)


def test_list_text_groups_by_channel(run) -> None:
    out = run("list").stdout
    assert out.index("Large Intestine (LI)") < out.index("Bladder (BL)") < out.index("Governing Vessel (GV)")


def test_list_region(run_json) -> None:
    assert {i["region"] for i in run_json("list", "--region", "lower back")} == {"lower-back"}


# ---- routine ----------------------------------------------------------------------------------
def test_routine_piped_prints_safety_then_all_steps(run) -> None:
    result = run("routine", "--region", "lower-back")
    out = flat(result.stdout)
    assert result.exit_code == 0
    assert out.index("Safety first") < out.index("Step 1/") < out.index("BL-23", out.index("Step 1/"))
    assert "losing control of your bowels" in out and "not a substitute for medical care" in out


def test_routine_json(run_json, catalogue) -> None:
    data = run_json("routine", "--region", "lower-back", "--seconds", "20")
    assert data["region"] == "lower-back" and data["safety"]["red_flags"]
    assert all(s["hold_seconds"] == 20 for s in data["steps"])
    assert [p["code"] for p in data["steps"][1]["points"]] == ["BL-23", "BL-52"]


def test_routine_pregnancy_safe_says_what_it_left_out(run, run_json) -> None:
    data = run_json("routine", "--pregnancy-safe")
    assert {"LI-4", "CV-6"} <= set(data["removed_for_pregnancy"])
    assert "Left out for pregnancy" in run("routine", "--pregnancy-safe", "--no-timer").stdout


def test_routine_unknown_region(run) -> None:
    result = run("routine", "--region", "elbow")
    assert result.exit_code == EXIT_USAGE and "choose one of: lower-back" in result.stderr


# ---- catalogue errors -------------------------------------------------------------------------
def test_invalid_catalogue_has_its_own_exit_status(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\npoints: []\n", encoding="utf-8")
    result = run("show", "BL-40", env={"ACUPOINT_CATALOGUE": str(bad)})
    assert result.exit_code == EXIT_BAD_CATALOGUE and result.stdout == ""
    assert result.stderr.startswith(f"acupoint: invalid catalogue {bad}:")
    assert "sources: missing required field" in result.stderr


def test_catalogue_problems_never_print_a_control_character(run, tmp_path: Path, mutated) -> None:
    """A problem names what the file says (an unknown field, a code): shown escaped, never acted on."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(mutated(lambda d: d["points"][0].update({"colour\x1b[2J": "red", "english": "Name\x1b]0;x\x07"})),
                   encoding="utf-8")
    result = run("show", "BL-40", env={"ACUPOINT_CATALOGUE": str(bad)})
    assert result.exit_code == EXIT_BAD_CATALOGUE and "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "colour\\x1b[2J: unknown field" in result.stderr
    assert "english: contains a control character (U+001B)" in result.stderr


def test_routine_list(run, run_json, catalogue) -> None:
    data = run_json("routine", "--list")
    assert [r["region"] for r in data] == [r.id for r in catalogue.routines]
    assert {"lower-back", "upper-back", "neck-shoulder", "sciatica", "hip", "mid-back"} <= {r["region"] for r in data}
    assert all(r["steps"] and r["total_seconds"] > 0 and r["summary"] for r in data)
    assert "neck-shoulder" in run("routine", "--list").stdout


@pytest.mark.parametrize("region", ["lower-back", "upper-back", "neck-shoulder", "sciatica", "hip", "mid-back"])
def test_every_routine_runs_with_no_timer_and_shows_the_safety_note(run, catalogue, region: str) -> None:
    result = run("routine", "--region", region, "--no-timer")
    out = flat(result.stdout)
    flags = catalogue.safety.red_flags_for(region)
    assert result.exit_code == 0 and "Step 1/" in out and "not a substitute for medical care" in out
    assert flags.emergency[0] in out and flags.urgent[-1] in out and "Stop if the pain gets sharper" in out


def test_quiet_shortens_but_keeps_the_essentials(run) -> None:
    loud = flat(run("routine", "--no-timer").stdout)
    quiet = flat(run("routine", "--no-timer", "--quiet").stdout)
    general = "Do not press on broken skin"
    assert len(quiet) < len(loud) and general in loud and general not in quiet
    for essential in ("not a substitute for medical care", "Stop if the pain gets sharper", "where a saddle",
                      "you have had cancer"):
        assert essential in quiet


def test_position_keeps_only_those_steps(run_json) -> None:
    data = run_json("routine", "--region", "lower-back", "--position", "sitting")
    assert data["steps"] and {s["position"] for s in data["steps"]} == {"sitting"}


def test_position_with_no_steps_left_and_unknown_position(run) -> None:
    none_left = run("routine", "--region", "mid-back", "--position", "standing")
    assert none_left.exit_code == EXIT_NOT_FOUND and "standing position" in none_left.stderr
    unknown = run("routine", "--position", "upside-down")
    assert unknown.exit_code == EXIT_USAGE and "choose one of: sitting" in unknown.stderr


def test_partner_uses_the_helpers_way_for_back_points(run_json) -> None:
    alone = run_json("routine", "--region", "sciatica")["steps"][0]["tool"]
    helped = run_json("routine", "--region", "sciatica", "--partner")["steps"][0]["tool"]
    assert "tennis ball" in alone and helped.startswith("a helper")
    hand = [s for s in run_json("routine", "--region", "upper-back", "--partner")["steps"]
            if s["points"][0]["code"] == "SI-3"]
    assert "thumb of the other hand" in hand[0]["tool"]  # no helper needed for a hand point


def test_json_gives_the_view_coordinates_and_mirror(run_json) -> None:
    bl40 = run_json("show", "BL-40")["map"]
    assert bl40 == {"view": "back", "x": 0.597, "y": 0.733, "side": "right",
                    "mirror": {"view": "back", "x": 0.403, "y": 0.733, "side": "left"}}
    assert run_json("show", "GV-4")["map"] == {"view": "back", "x": 0.5, "y": 0.402, "side": "midline",
                                                "mirror": None}
    li4 = run_json("show", "hoku")["map"]  # a hand view stands for both hands: the same spot
    assert li4["view"] == "hand-back" and li4["mirror"] == {**{k: li4[k] for k in ("view", "x", "y")}, "side": "left"}
    assert all(set(p["map"]) == {"view", "x", "y", "side", "mirror"} for p in run_json("list"))
    steps = run_json("routine", "--region", "lower-back")["steps"]
    assert steps[1]["points"][0]["map"]["view"] == "back"


def test_list_by_category(run_json, run) -> None:
    listed = run_json("list", "--category", "he-sea", "--json")
    assert {p["code"] for p in listed} >= {"LU-5", "LI-11", "ST-36", "BL-40"} and len(listed) == 12
    result = run("list", "--category", "nonsense")
    assert result.exit_code == 2 and "unknown category" in result.stderr and "He-Sea" in result.stderr
