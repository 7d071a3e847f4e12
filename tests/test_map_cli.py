"""The body maps through the commands: show, map (text, JSON, SVG) and routine, at every width."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ARTICLE_POINTS
from rich.cells import cell_len
from rich.console import Console

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.records import Point, Site, Where
from acupoint_cli.features.bodymap.raster import to_text
from acupoint_cli.features.figures import MAP_WIDTH, numbered_figures, point_figures
from acupoint_cli.features.routine import plan_routine
from acupoint_cli.interface.errors import ExitStatus
from acupoint_cli.interface.render import MapFigure, show_panel, step_panel
from acupoint_cli.interface.serialise import map_dict, sites_list

EXIT_NOT_FOUND, EXIT_USAGE = ExitStatus.NOT_FOUND, ExitStatus.USAGE

BRAILLE = re.compile("[\u2800-\u28ff]")
SVG = "{http://www.w3.org/2000/svg}"
WIDTHS = (40, 60, 80, 120)


def recorded(width: int, *renderables: object) -> list[str]:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None, legacy_windows=False)
    for renderable in renderables:
        console.print(renderable)
    return console.export_text().split("\n")


def fits(lines: list[str], width: int) -> bool:
    return all(cell_len(line) <= width for line in lines)


# ---- every width ------------------------------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_every_points_figure_renders_within_the_width(catalogue: Catalogue, width: int) -> None:
    for point in catalogue.points:
        lines = recorded(width, *map(MapFigure, point_figures([point])))
        assert fits(lines, width), point.code
        assert any(BRAILLE.search(line) for line in lines) and "●" in "".join(lines), point.code
        drawing = [line for line in lines if BRAILLE.search(line)]
        assert max(map(cell_len, drawing)) <= MAP_WIDTH  # compact on a wide console too


@pytest.mark.parametrize("width", WIDTHS)
def test_show_map_and_routine_render_within_the_width(catalogue: Catalogue, width: int) -> None:
    for code in ("BL-40", "LI-4", "BL-23", "GV-4", "GV-20", "KI-1", "BL-60"):
        resolution = catalogue.lookup(code)
        figures = [MapFigure(f) for f in point_figures([resolution.point])]
        assert fits(recorded(width, show_panel(resolution, catalogue, code), *figures), width), code
    article = [catalogue.by_code[c] for c in ARTICLE_POINTS]
    lines = recorded(width, *map(MapFigure, point_figures(article)))
    assert fits(lines, width) and lines.count("") >= 5
    for routine in catalogue.routines:
        plan = plan_routine(catalogue, routine.id)
        overview = [MapFigure(f) for f in numbered_figures([(s.number, s.points) for s in plan.steps])]
        steps = [part for s in plan.steps
                 for part in (step_panel(s, len(plan.steps)), *map(MapFigure, point_figures(s.points)))]
        assert fits(recorded(width, *overview, *steps), width), routine.id


# ---- content ----------------------------------------------------------------------------------
def test_figures_name_the_view_and_the_sides(catalogue: Catalogue) -> None:
    (back,) = point_figures([catalogue.by_code["BL-40"]])
    assert back.title == "Back of the body, seen from behind: the person's right is on your right"
    assert [(m.label, m.kind) for m in back.marks] == [("BL-40", "point"), ("", "mirror")]
    assert back.marks[1].x == pytest.approx(1 - back.marks[0].x) and "○" in back.legend[0]
    (hand,) = point_figures([catalogue.by_code["LI-4"]])
    assert hand.title.startswith("Back of the right hand") and len(hand.marks) == 1
    assert hand.legend == ("Shown on the right hand; the left hand has the same point.",)
    (spine,) = point_figures([catalogue.by_code["GV-4"]])
    assert len(spine.marks) == 1 and spine.legend == ()  # a midline point has no mirror
    views = [f.view.id for f in point_figures([catalogue.by_code[c] for c in ("BL-40", "LI-4", "BL-23", "GV-4")])]
    assert views == ["back", "hand-back"]


def with_spots(point: Point, *spots: tuple[float, float, str]) -> Point:
    """The point with several spots on its map's view, its map spot first."""
    where = point.where
    return point._replace(sites=(Site(where, "main"), *(Site(Where(where.view, x, y), label) for x, y, label in spots)))


def test_every_spot_of_a_point_is_marked_its_code_by_the_main_one(catalogue: Catalogue) -> None:
    row = with_spots(catalogue.by_code["BL-23"], (0.514, 0.196, "T1"), (0.514, 0.44, "L5"))  # back: both sides
    (back,) = point_figures([row])
    assert [(m.x, m.y, m.label, m.kind) for m in back.marks] == [
        (0.541, 0.402, "BL-23", "point"), (0.459, 0.402, "", "mirror"),
        (0.514, 0.196, "", "point"), (0.486, 0.196, "", "mirror"),
        (0.514, 0.44, "", "point"), (0.486, 0.44, "", "mirror")]
    assert back.legend[-1] == "BL-23 has several spots on each side: all are marked."
    hand = with_spots(catalogue.by_code["LI-4"], (0.5, 0.55, "other"))  # a view of one side: no mirrors
    (figure,) = point_figures([hand])
    assert [(m.label, m.kind) for m in figure.marks] == [("LI-4", "point"), ("", "point")]
    assert figure.legend == ("Shown on the right hand; the left hand has the same point.",
                             "LI-4 has several spots: all are marked.")
    text = to_text(figure.rows(MAP_WIDTH))
    assert text.count("●") == 2 and "LI-4" in text


def test_a_routines_numbers_mark_every_spot(catalogue: Catalogue) -> None:
    row = with_spots(catalogue.by_code["BL-23"], (0.514, 0.196, "T1"))
    (back,) = numbered_figures([(3, [row])])
    assert [(m.label, m.kind) for m in back.marks] == [("3", "point"), ("3", "mirror"), ("3", "point"), ("3", "mirror")]
    assert back.legend == ("Steps: 3 BL-23", "A number on both sides: press both sides.",
                           "BL-23 has several spots on each side: all are marked.")


def test_json_sites_give_every_spot_on_each_side(catalogue: Catalogue) -> None:
    row = with_spots(catalogue.by_code["BL-23"], (0.514, 0.196, "T1"))
    assert sites_list(row) == [
        {"view": "back", "x": 0.541, "y": 0.402, "side": "right", "label": "main"},
        {"view": "back", "x": 0.459, "y": 0.402, "side": "left", "label": "main"},
        {"view": "back", "x": 0.514, "y": 0.196, "side": "right", "label": "T1"},
        {"view": "back", "x": 0.486, "y": 0.196, "side": "left", "label": "T1"}]
    assert map_dict(row)["map"] == map_dict(catalogue.by_code["BL-23"])["map"]  # the main spot as before
    assert sites_list(catalogue.by_code["GV-4"]) == [
        {"view": "back", "x": 0.5, "y": 0.402, "side": "midline", "label": None}]
    li4 = catalogue.by_code["LI-4"]  # one spot, on a view of one side: its mirror is the same place
    assert sites_list(li4) == [{"view": "hand-back", "x": 0.392, "y": 0.515, "side": side, "label": None}
                               for side in ("right", "left")]


def test_routine_overview_numbers_the_steps(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "lower-back")
    figures = {f.view.id: f for f in numbered_figures([(s.number, s.points) for s in plan.steps])}
    assert set(figures) == {"back", "front", "hand-back", "foot-top", "sole"}
    back = figures["back"]
    assert {m.label for m in back.marks} == {"2", "3", "4", "5", "6"}
    assert back.legend[0].startswith("Steps: 2 BL-23, BL-52; 3 GV-4, GV-3; 4 BL-27")
    assert {m.label for m in figures["hand-back"].marks} == {"1", "9"}


# ---- the commands -----------------------------------------------------------------------------
def test_show_draws_the_map_after_the_panel_and_no_map_leaves_it_out(run) -> None:
    shown = run("show", "BL-40").stdout
    assert BRAILLE.search(shown) and "● BL-40" in shown and "○" in shown
    assert shown.index("Sources") < shown.index("Back of the body, seen from behind")
    plain = run("show", "BL-40", "--no-map")
    assert plain.exit_code == 0 and not BRAILLE.search(plain.stdout) and "Sources" in plain.stdout
    assert "●" not in plain.stdout and "Back of the body" not in plain.stdout
    assert not BRAILLE.search(run("show", "BL-40", "--json").stdout)


def test_map_draws_one_figure_per_view(run) -> None:
    result = run("map", "BL-40", "hoku", "sea of vitality", "Ming Men")
    out = result.stdout
    assert result.exit_code == 0 and result.stderr == ""
    assert out.count("Back of the body") == 1 and out.count("Back of the right hand") == 1
    for label in ("BL-40", "LI-4", "BL-23", "GV-4"):
        assert label in out, label


def test_map_names_a_point_once(run) -> None:
    once = run("map", "BL-40").stdout
    assert run("map", "BL-40", "UB40", "Commanding Middle", "委中").stdout == once


def test_map_json(run_json) -> None:
    items = run_json("map", "BL-40", "LI-4", "GV-4")
    assert [i["code"] for i in items] == ["BL-40", "LI-4", "GV-4"]
    assert items[0]["map"]["mirror"] == {"view": "back", "x": 0.403, "y": 0.733, "side": "left"}
    assert items[2]["map"]["mirror"] is None and items[2]["sides"] == "midline"


LEVELS = [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)]


def test_map_json_lists_every_site_of_jiaji_on_both_sides(run_json) -> None:
    """EX-B2: 17 spots on the person's right (T1..L5) and their 17 mirrors on the left, 34 in all,
    each right spot followed by its mirror; `map` is still the one main spot (T9)."""
    (item,) = run_json("map", "EX-B2")
    assert item["map"] == {"view": "back", "x": 0.514, "y": 0.335, "side": "right",
                           "mirror": {"view": "back", "x": 0.486, "y": 0.335, "side": "left"}}
    sites = item["sites"]
    assert len(sites) == 34
    assert [s["label"] for s in sites] == [level for level in LEVELS for _ in ("right", "left")]
    assert [s["side"] for s in sites] == ["right", "left"] * 17
    assert {s["view"] for s in sites} == {"back"}
    assert {s["x"] for s in sites[0::2]} == {0.514} and {s["x"] for s in sites[1::2]} == {0.486}
    ys = [s["y"] for s in sites[0::2]]
    assert ys == sorted(ys) and len(set(ys)) == 17 and [s["y"] for s in sites[1::2]] == ys
    assert {"view": "back", "x": 0.514, "y": 0.335, "side": "right", "label": "T9"} in sites


def test_map_json_lists_both_lumbar_points_of_each_hand(run_json) -> None:
    """EX-UE7: two spots on the back of the hand; a hand view stands for either hand, so each spot's
    left twin has the same coordinates: 4 entries."""
    (item,) = run_json("map", "EX-UE7")
    assert item["map"]["view"] == "hand-back" and (item["map"]["x"], item["map"]["y"]) == (0.52, 0.55)
    assert [(s["x"], s["y"], s["side"]) for s in item["sites"]] == [
        (0.52, 0.55, "right"), (0.52, 0.55, "left"), (0.735, 0.562, "right"), (0.735, 0.562, "left")]
    assert [s["label"] for s in item["sites"]] == ["between 2nd and 3rd metacarpals"] * 2 + [
        "between 4th and 5th metacarpals"] * 2


def test_show_json_gives_the_same_sites_and_a_midline_group_once(run_json) -> None:
    assert run_json("show", "EX-B2")["sites"] == run_json("map", "EX-B2")[0]["sites"]
    group = run_json("show", "EX-HN1")
    assert [(s["side"], s["label"]) for s in group["sites"]] == [
        ("midline", "1 B-cun in front of GV-20"), ("midline", "1 B-cun beside GV-20, right and left"),
        ("midline", "1 B-cun behind GV-20")]
    assert run_json("show", "BL-40")["sites"] == [
        {"view": "back", "x": 0.597, "y": 0.733, "side": "right", "label": None},
        {"view": "back", "x": 0.403, "y": 0.733, "side": "left", "label": None}]


def drawing(text: str) -> str:
    """The figure rows of command output: the lines with braille, without the title and legend."""
    return "\n".join(line for line in text.split("\n") if BRAILLE.search(line))


@pytest.mark.parametrize(("command", "code", "right", "left"), [
    ("map", "EX-B2", 17, 17), ("show", "EX-B2", 17, 17), ("map", "EX-UE7", 2, 0), ("map", "EX-UE9", 4, 0),
    ("show", "EX-UE11", 5, 0), ("map", "EX-LE10", 4, 0), ("map", "EX-LE12", 5, 0), ("map", "EX-UE10", 4, 0),
    ("map", "EX-HN1", 3, 0), ("map", "EX-UE2", 2, 2), ("map", "EX-LE1", 2, 2), ("map", "EX-LE5", 2, 2),
])
def test_the_text_figure_marks_every_site(run, command: str, code: str, right: int, left: int) -> None:
    out = run(command, code).stdout
    figure = drawing(out)
    assert figure.count("●") == right and figure.count("○") == left, figure
    assert code in figure and figure.count(code) == 1  # the code once, beside the main spot
    assert f"{code} has several spots" in out


def test_svg_draws_a_circle_at_every_site(run, tmp_path: Path) -> None:
    target = tmp_path / "sites.svg"
    assert run("map", "EX-B2", "EX-UE7", "EX-UE9", "--svg", str(target)).exit_code == 0
    root = ET.fromstring(target.read_bytes())
    nested = {n.get("data-view"): n for n in root.findall(f"{SVG}svg")}
    assert set(nested) == {"back", "hand-back"}
    back = [(float(c.get("cx")), float(c.get("cy")), c.get("fill")) for c in nested["back"].iter(f"{SVG}circle")]
    assert len(back) == 34 and len({(x, y) for x, y, _ in back}) == 34
    assert sum(fill == "#ffffff" for *_, fill in back) == 17  # the mirrors on the left, hollow
    assert len(nested["hand-back"].findall(f".//{SVG}circle")) == 6  # 2 + 4 spots on the right hand
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels.count("EX-B2") == 1 and labels.count("EX-UE7") == 1 and labels.count("EX-UE9") == 1


def test_a_routines_numbered_figures_mark_every_site(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, "mid-back")  # step 1: EX-B2
    first = next(s for s in plan.steps if "EX-B2" in [p.code for p in s.points])
    figures = {f.view.id: f for f in numbered_figures([(s.number, s.points) for s in plan.steps])}
    jiaji = [m for m in figures["back"].marks if m.label == str(first.number)]
    assert len(jiaji) >= 34 and {(m.x, m.y) for m in jiaji} >= {
        (x, s.where.y) for s in catalogue.by_code["EX-B2"].sites for x in (0.514, 0.486)}
    lower = {f.view.id: f for f in numbered_figures([(s.number, s.points) for s in plan_routine(
        catalogue, "lower-back").steps])}
    hand = [(m.x, m.y) for m in lower["hand-back"].marks if m.label == "1"]  # step 1: EX-UE7
    assert hand == [(0.52, 0.55), (0.735, 0.562)]


@pytest.mark.parametrize(("args", "status", "words"), [
    (("map", "BL-40", "zzzz"), EXIT_NOT_FOUND, "no point matches \"zzzz\""),
    (("map", "BL-99"), EXIT_NOT_FOUND, "BL-99 does not exist"),
    (("map", " "), EXIT_USAGE, "the point is empty"),
])
def test_map_errors_are_one_line(run, args: tuple[str, ...], status: int, words: str) -> None:
    result = run(*args)
    assert result.exit_code == status and result.stdout == ""
    assert words in result.stderr and result.stderr.count("\n") == 1


def test_map_without_points_is_a_usage_error(run) -> None:
    assert run("map").exit_code == EXIT_USAGE


def test_svg_is_written_whole_with_one_circle_per_mark(run, tmp_path: Path) -> None:
    target = tmp_path / "points.svg"
    result = run("map", "BL-40", "LI-4", "BL-23", "GV-4", "--svg", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("acupoint: wrote") and result.stderr.count("\n") == 1
    root = ET.fromstring(target.read_bytes())
    assert root.tag == f"{SVG}svg"
    nested = root.findall(f"{SVG}svg")
    assert [n.get("data-view") for n in nested] == ["back", "hand-back"]
    circles = {n.get("data-view"): len(n.findall(f".//{SVG}circle")) for n in nested}
    assert circles == {"back": 5, "hand-back": 1}  # BL-40 and BL-23 on both sides, GV-4 once; LI-4
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"BL-40", "LI-4", "BL-23", "GV-4", "Back of the body"} <= labels
    assert sorted(p.name for p in tmp_path.iterdir()) == ["points.svg"]  # no temporary file left


def test_svg_of_one_view_and_replacing_a_file(run, tmp_path: Path) -> None:
    target = tmp_path / "one.svg"
    target.write_text("old", encoding="utf-8")
    assert run("map", "GB-20", "--svg", str(target)).exit_code == 0
    root = ET.fromstring(target.read_bytes())
    assert root.get("data-view") == "back" and len(root.findall(f".//{SVG}circle")) == 2
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not a private temporary


def test_svg_with_json_writes_both(run, tmp_path: Path) -> None:
    target = tmp_path / "both.svg"
    result = run("map", "LI-4", "--svg", str(target), "--json")
    assert json.loads(result.stdout)[0]["code"] == "LI-4" and target.is_file()


@pytest.mark.parametrize("where", ["missing/dir/out.svg", "."])
def test_svg_to_a_missing_directory_or_a_directory_fails_cleanly(run, tmp_path: Path, where: str) -> None:
    target = tmp_path / where
    result = run("map", "BL-40", "--svg", str(target))
    assert result.exit_code == EXIT_USAGE and result.stdout == ""
    assert result.stderr.startswith("acupoint: cannot write") and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_routine_shows_the_numbered_maps_before_the_steps(run) -> None:
    out = run("routine", "--region", "lower-back", "--no-timer").stdout
    first_map, first_step = out.index("Back of the right hand"), out.index("Step 1/")
    assert out.index("Safety first") < first_map < first_step
    assert out.index("Steps: 2 BL-23, BL-52; 3 GV-4, GV-3;") < first_step
    assert not BRAILLE.search(out[first_step:])  # printed at once: no map per step
    plain = run("routine", "--region", "lower-back", "--no-timer", "--no-map").stdout
    assert not BRAILLE.search(plain) and "Step 9/9" in plain


def test_no_color_output_has_no_escape_codes(run, catalogue: Catalogue) -> None:
    for args in (("show", "BL-40"), ("map", "BL-40", "LI-4"), ("routine", "--no-timer")):
        result = run(*args, env={"NO_COLOR": "1", "TERM": "xterm-256color"})
        assert result.exit_code == 0 and "\x1b" not in result.stdout and BRAILLE.search(result.stdout), args
    buffer = io.StringIO()  # on a terminal, NO_COLOR leaves bold and dim but never a colour
    console = Console(file=buffer, force_terminal=True, no_color=True, width=60)
    console.print(MapFigure(point_figures([catalogue.by_code["BL-40"]])[0]))
    codes = re.findall(r"\x1b\[([0-9;]*)m", buffer.getvalue())
    assert codes and not [c for c in codes if re.search(r"(^|;)(3[0-9]|9[0-7])(;|$)", c)], codes
