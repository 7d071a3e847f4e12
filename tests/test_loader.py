"""The loader names the file, the entry and the field of every problem, all at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acupoint_cli.data.errors import CatalogueError
from acupoint_cli.data.loader import load_catalogue, parse_catalogue

Mutate = Callable[[Callable[[dict[str, Any]], None]], str]


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "test.yaml")
    assert caught.value.path == "test.yaml"
    return [str(p._replace(line=None)) for p in caught.value.problems]  # lines: see test_problem_lines


def lines(text: str) -> list[int | None]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "test.yaml")
    return [p.line for p in caught.value.problems]


def point(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in data["points"] if p["code"] == code)


def test_the_bundled_catalogue_loads(catalogue) -> None:
    assert len(catalogue.points) >= 38
    assert catalogue.routine_by_id["lower-back"].steps


def test_unknown_field(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "BL-40").update(colour="red")))
    assert len(found) == 1
    assert "BL-40: colour: unknown field (expected one of: code, meridian," in found[0]
    assert found[0].startswith("points[")


def test_missing_required_field(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "LI-4").pop("location")))
    assert any(p.endswith("LI-4: location: missing required field") for p in found), found


def test_wrong_type(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "LI-4")["technique"].update(hold_seconds="long")))
    assert any("LI-4 technique: hold_seconds: must be a whole number" in p for p in found), found


def test_duplicate_code(mutated: Mutate) -> None:
    def duplicate(d: dict[str, Any]) -> None:
        d["points"].append(dict(point(d, "GV-4")))

    found = problems(mutated(duplicate))
    assert "points GV-4: code: duplicate" in found


def test_alias_naming_two_points(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "GV-4")["aliases"].append("Hoku")))
    assert "points GV-4: aliases: 'Hoku' already names LI-4" in found


def test_group_name_may_not_be_a_points_own_name(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "GV-4").update(group_names=["Joining Valley"])))
    assert "points GV-4: group_names: 'Joining Valley' is the own name of LI-4" in found


def test_indication_outside_the_vocabulary(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "BL-23")["indications"].update(hangover=2)))
    assert any("BL-23: indications: 'hangover' is not in the symptom vocabulary" in p for p in found), found


def test_routine_naming_a_missing_point(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: d["routines"][0]["steps"][0]["points"].append("BL-99")))
    assert any("routines[0] lower-back steps[0]: points: 'BL-99' is not a point in this catalogue" in p
               for p in found), found


def test_code_must_match_meridian_and_number(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "BL-40").update(number=41)))
    assert any("BL-40: code: should be BL-41" in p for p in found), found


def test_all_problems_are_reported_together(mutated: Mutate) -> None:
    def break_two(d: dict[str, Any]) -> None:
        point(d, "LI-4").pop("find_it")
        point(d, "BL-40")["region"] = "elbowpit"

    found = problems(mutated(break_two))
    assert any("LI-4: find_it: missing required field" in p for p in found)
    assert any("BL-40: region: unknown region 'elbowpit'" in p for p in found)


def test_invalid_yaml_names_line_and_column() -> None:
    found = problems("schema: 1\npoints: [\n  {code: BL-40\n")
    assert len(found) == 1 and found[0].startswith("line ") and "not valid YAML" in found[0]


def test_not_a_mapping() -> None:
    assert problems("- just\n- a list\n") == ["catalogue: must be a mapping of fields"]


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path / "missing.yaml")
    assert "cannot be read" in str(caught.value)


def test_invalid_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"schema: 1\nname: \xff\xfe\n")
    with pytest.raises(CatalogueError, match="is not UTF-8 text") as caught:
        load_catalogue(bad)
    assert caught.value.problems[0].line == 2


def test_unsafe_yaml_tags_are_refused() -> None:
    found = problems("!!python/object/apply:os.system ['echo hacked']\n")
    assert "not valid YAML" in found[0]


def test_key_point_must_list_the_symptom(mutated: Mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        next(s for s in d["symptoms"] if s["id"] == "sciatica")["key_points"].append("LU-1")

    assert "symptoms sciatica: key_points: LU-1 does not list 'sciatica'" in problems(mutated(change))


def test_problems_name_the_line_of_their_entry(mutated: Mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        point(d, "BL-40")["region"] = "nowhere"
        next(s for s in d["symptoms"] if s["id"] == "sciatica")["key_points"].append("LU-1")

    text = mutated(change)
    found = lines(text)
    rows = text.splitlines()
    assert len(found) == 2 and all(found)
    assert "BL-40" in rows[found[0] - 1] or "BL-40" in rows[found[0]]
    assert "sciatica" in rows[found[1] - 1] or "sciatica" in rows[found[1]]


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
    ("[" * 65 + "]" * 65, "nested more than 64 levels deep"),
    ("[" * 1001 + "]" * 1001, "nested more than 64 levels deep"),  # past libyaml's own limit (PyYAML 6.0.4)
    ("{a: " * 1001 + "x" + "}" * 1001, "nested more than 64 levels deep"),
    ("- " * 70 + "x\n", "nested more than 64 levels deep"),
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n",
     "uses a YAML alias"),
])
def test_yaml_bombs_and_deep_nesting_are_refused_before_parsing(text: str, message: str) -> None:
    [found] = problems(text)
    assert message in found and found.startswith("file: ")


def test_a_yaml_library_that_refuses_depth_itself_still_gets_our_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the installed PyYAML's own depth limit and wording, the user reads acupoint's."""
    import yaml

    class Refusing(yaml.SafeLoader):
        def get_event(self) -> yaml.Event:
            raise yaml.scanner.ScannerError(problem="some library's own words")

    monkeypatch.setattr(yaml, "CSafeLoader", Refusing, raising=False)
    [found] = problems("[" * 70 + "]" * 70)
    assert "nested more than 64 levels deep" in found and "library" not in found
    [shallow] = problems("[" * 3 + "]" * 3)  # not too deep: the library's refusal is reported as such
    assert "not valid YAML" in shallow and "nested" not in shallow


def test_huge_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import acupoint_cli.data.loader as loader

    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * 300)
    monkeypatch.setattr(loader, "MAX_BYTES", 1000)
    with pytest.raises(CatalogueError, match="is too large"):
        load_catalogue(big)


def test_a_directory_is_not_a_catalogue(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="is a directory"):
        load_catalogue(tmp_path)


# ---- map: the point's place on a body-map view ------------------------------------------------
def test_map_is_required(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "BL-40").pop("map")))
    assert len(found) == 1 and found[0].startswith("points[") and found[0].endswith(
        "BL-40: map: missing required field"), found


@pytest.mark.parametrize(("change", "message"), [
    ({"view": "elbow"}, "map: unknown view 'elbow' (expected one of: front, back, side,"),
    ({"x": 1.2}, "map: x = 1.2 is outside [0, 1]"),
    ({"y": -0.1}, "map: y = -0.1 is outside [0, 1]"),
    ({"x": "middle"}, "map: x: missing or not a number"),
    ({"y": True}, "map: y: missing or not a number"),
    ({"view": 3}, "map: view: missing or not a text"),
    ({"colour": "red"}, "map: unknown field 'colour' (expected view, x, y)"),
    ({"x": 0.02, "y": 0.02}, "map: (0.02, 0.02) is outside the outline of the back view"),
    ({"x": 0.5, "y": 0.62}, "map: (0.5, 0.62) is outside the outline of the back view"),  # between the legs
])
def test_map_problems_name_the_point(mutated: Mutate, change: dict[str, Any], message: str) -> None:
    found = problems(mutated(lambda d: point(d, "BL-40")["map"].update(change)))
    assert len(found) == 1, found
    assert found[0].startswith("points[") and f"BL-40: {message}" in found[0], found


def test_map_must_be_a_mapping(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "LI-4").update(map="hand")))
    assert any(p.endswith("LI-4: map: must be a mapping {view, x, y}") for p in found), found


def test_map_is_read_into_the_record(catalogue) -> None:
    bl40 = catalogue.by_code["BL-40"]
    assert bl40.where == ("back", 0.597, 0.733) and bl40.mirror == ("back", 0.403, 0.733)


# ---- sites: every spot of a point that has several ---------------------------------------------
MAIN = {"view": "back", "x": 0.597, "y": 0.733}  # BL-40's map spot
OTHER = {"view": "back", "x": 0.59, "y": 0.72, "label": "a little higher"}


def with_sites(*sites: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda d: point(d, "BL-40").update(sites=[dict(s) for s in sites])


def test_sites_are_read_into_the_record_the_map_spot_among_them(mutated: Mutate) -> None:
    bl40 = parse_catalogue(mutated(with_sites({**MAIN, "label": " main \n spot "}, OTHER))).by_code["BL-40"]
    assert bl40.where == ("back", 0.597, 0.733)  # map stays the one main spot
    assert bl40.sites == ((("back", 0.597, 0.733), "main spot"), (("back", 0.59, 0.72), "a little higher"))
    assert bl40.every_site == bl40.sites


def test_a_point_without_sites_has_its_map_spot_as_its_one_site(catalogue) -> None:
    bl40 = catalogue.by_code["BL-40"]
    assert bl40.sites == () and bl40.every_site == ((bl40.where, ""),)


@pytest.mark.parametrize(("sites", "message"), [
    ((MAIN, {**OTHER, "view": "elbow"}), "sites[1]: unknown view 'elbow' (expected one of: front, back, side,"),
    ((MAIN, {**OTHER, "x": 0.02, "y": 0.02}), "sites[1]: (0.02, 0.02) is outside the outline of the back view"),
    ((MAIN, {**OTHER, "x": 0.5, "y": 0.62}), "sites[1]: (0.5, 0.62) is outside the outline of the back view"),
    ((MAIN, OTHER, {**MAIN, "label": "again"}), "sites[2]: (0.597, 0.733) is the same spot as sites[0]"),
    ((MAIN, {**OTHER, "x": 1.5}), "sites[1]: x = 1.5 is outside [0, 1]"),
    ((MAIN, {**OTHER, "y": 0.7205}), "sites[1]: y = 0.7205 has more than 3 decimals"),
    ((MAIN, {**OTHER, "x": "left"}), "sites[1]: x: missing or not a number"),
    ((MAIN, {**OTHER, "colour": "red"}), "sites[1]: unknown field 'colour' (expected view, x, y, label)"),
    ((MAIN, {**OTHER, "view": "front", "x": 0.4}), "sites[1]: view 'front' is not the map's view 'back'"),
    ((MAIN, {**OTHER, "label": "x" * 41}), "sites[1] label: must be at most 40 characters"),
    ((MAIN, {**OTHER, "label": "T1\x1b[2J"}), "sites[1] label: contains a control character (U+001B)"),
    ((MAIN, {**OTHER, "label": 7}), "sites[1] label: must be text"),
    ((MAIN, "back"), "sites[1]: must be a mapping {view, x, y, label}"),
    ((OTHER, {**OTHER, "x": 0.6}), "sites: must include the map's spot (back, 0.597, 0.733)"),
    ((MAIN,), "sites: must list two or more spots {view, x, y, label}, the map's among them"),
], ids=["unknown-view", "outside-outline", "between-the-legs", "duplicate", "outside-the-box", "four-decimals",
        "not-a-number", "unknown-field", "another-view", "long-label", "control-character-in-label",
        "label-not-text", "not-a-mapping", "map-spot-missing", "one-spot"])
def test_site_problems_name_the_point_and_the_site(mutated: Mutate, sites: tuple[Any, ...], message: str) -> None:
    found = problems(mutated(with_sites(*sites) if all(isinstance(s, dict) for s in sites)
                             else lambda d: point(d, "BL-40").update(sites=list(sites))))
    assert len(found) == 1, found
    assert found[0].startswith("points[") and f"BL-40: {message}" in found[0], found


def test_sites_must_be_a_list(mutated: Mutate) -> None:
    found = problems(mutated(lambda d: point(d, "BL-40").update(sites={"view": "back"})))
    assert any(p.endswith("BL-40: sites: must be a list") for p in found), found


def test_a_bad_map_is_reported_once_not_again_through_its_sites(mutated: Mutate) -> None:
    def change(d: dict[str, Any]) -> None:
        with_sites(MAIN, OTHER)(d)
        point(d, "BL-40")["map"]["view"] = "elbow"

    found = problems(mutated(change))
    assert len(found) == 1 and "BL-40: map: unknown view 'elbow'" in found[0], found


@pytest.mark.parametrize(("change", "where", "char"), [
    (lambda d: point(d, "LI-4")["aliases"].append("Hoku\x1b[2J"), "LI-4: aliases", "U+001B"),
    (lambda d: point(d, "BL-40").update(location="behind the knee\x9b31m"), "BL-40: location", "U+009B"),
    (lambda d: point(d, "BL-40").update(english="Middle\x7f"), "BL-40: english", "U+007F"),
    (lambda d: point(d, "BL-40").update(find_it="bend the knee\r"), "BL-40: find_it", "U+000D"),
    (lambda d: d["routines"][0]["steps"][0].update(feel="a dull ache\x07"), "feel", "U+0007"),
], ids=["escape-in-alias", "csi-in-location", "delete-in-name", "carriage-return", "bell-in-routine"])
def test_text_with_a_control_character_is_refused(mutated: Mutate, change, where: str, char: str) -> None:
    """Catalogue text is printed to terminals: an escape sequence in it would act on them."""
    found = problems(mutated(change))
    assert [p for p in found if "control character" in p] == [
        next(p for p in found if where in p)], found
    assert f"contains a control character ({char})" in next(p for p in found if where in p)


@pytest.mark.parametrize(("change", "where", "char"), [
    (lambda d: point(d, "LI-4")["aliases"].append("Hoku\u202eevil"), "LI-4: aliases", "U+202E"),
    (lambda d: point(d, "BL-40").update(english="Middle\u200bCrease"), "BL-40: english", "U+200B"),
    (lambda d: point(d, "BL-40").update(location="behind\u2028the knee"), "BL-40: location", "U+2028"),
    (lambda d: d["routines"][0]["steps"][0].update(feel="an ache\u2066"), "feel", "U+2066"),
], ids=["right-to-left-override", "zero-width-space", "line-separator", "isolate"])
def test_text_with_an_invisible_formatting_character_is_refused(mutated: Mutate, change, where: str,
                                                                char: str) -> None:
    """They make text read other than it is (a right-to-left override reverses what follows)."""
    found = problems(mutated(change))
    assert f"contains an invisible formatting character ({char})" in next(p for p in found if where in p), found


def test_the_character_policy_escapes_what_it_refuses() -> None:
    from acupoint_cli.data.text import first_unsafe, visible

    assert visible("a\x1b[2Jb\u202ec\td\ne\u00e9\u5408") == "a\\x1b[2Jb\\u202ec\\x09d\\x0ae\u00e9\u5408"
    assert first_unsafe("tab\tand\nline are text, 合谷 too") is None and first_unsafe("x\u00a0y") is None
    assert first_unsafe("x\u202ey") == "\u202e" and first_unsafe("\x7f") == "\x7f"


def test_tabs_and_line_breaks_are_ordinary_text(mutated: Mutate) -> None:
    """They are white space, folded like any other (a YAML block scalar ends its lines with one)."""
    text = mutated(lambda d: point(d, "BL-40").update(location="behind the knee,\n\tin the middle of the crease"))
    assert parse_catalogue(text).by_code["BL-40"].location == "behind the knee, in the middle of the crease"
