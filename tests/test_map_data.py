"""Every point has a place on a body-map view: inside the outline, mirrored symmetrically, consistent."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from conftest import ARTICLE_POINTS

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.records import SYMMETRIC_VIEWS, Point, Where
from acupoint_cli.data.views import View, load_views


@pytest.fixture(scope="module")
def views() -> dict[str, View]:
    return load_views()


def inside_polygon(polygon: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    """Winding number, written apart from data.views' even-odd test so each checks the other."""
    winding = 0
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        cross = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1)
        if y1 <= y < y2 and cross > 0:
            winding += 1
        elif y2 <= y < y1 and cross < 0:
            winding -= 1
    return winding != 0


def on_body(view: View, x: float, y: float) -> bool:
    return any(inside_polygon(polygon, x, y) for polygon in view.outline)


def test_every_point_lies_inside_its_views_outline(catalogue: Catalogue, views: dict[str, View]) -> None:
    outside = [p.code for p in catalogue.points if not on_body(views[p.where.view], p.where.x, p.where.y)]
    assert outside == []


def test_every_view_is_used_and_codes_are_placed_once(catalogue: Catalogue, views: dict[str, View]) -> None:
    assert {p.where.view for p in catalogue.points} == set(views)
    assert len({p.code for p in catalogue.points}) == len(catalogue.points) == 409


def test_the_symmetric_views_are_those_of_the_data(views: dict[str, View]) -> None:
    assert set(SYMMETRIC_VIEWS) == {v.id for v in views.values() if v.symmetric}


def test_points_on_both_sides_are_drawn_on_the_right_and_midline_points_on_the_midline(catalogue: Catalogue) -> None:
    for point in catalogue.points:
        where = point.where
        if where.view == "front":
            assert (where.x < 0.5 if point.bilateral else where.x == 0.5), point.code  # facing the viewer
        elif where.view == "back":
            assert (where.x > 0.5 if point.bilateral else where.x == 0.5), point.code  # seen from behind


def test_mirrors_are_symmetric_and_on_the_body(catalogue: Catalogue, views: dict[str, View]) -> None:
    for point in catalogue.points:
        mirror = point.mirror
        if not point.bilateral:
            assert mirror is None, point.code
            continue
        assert mirror is not None and mirror.mirrored() == point.where, point.code
        if mirror.view in SYMMETRIC_VIEWS:
            assert mirror.x == pytest.approx(1 - point.where.x, abs=1e-9) and mirror.y == point.where.y
            assert on_body(views[mirror.view], mirror.x, mirror.y), point.code
        else:
            assert mirror == point.where, point.code  # a view of one side stands for either side


def test_where_mirrors_by_view(catalogue: Catalogue) -> None:
    assert Where("back", 0.597, 0.733).mirrored() == Where("back", 0.403, 0.733)
    assert Where("hand-back", 0.392, 0.515).mirrored() == Where("hand-back", 0.392, 0.515)
    assert catalogue.by_code["GV-4"].mirror is None


# The places a reader checks first: each at the landmark the location text names.
def near(where: Where, view: View, landmark: str, tolerance: float = 0.02) -> bool:
    x, y = view.landmark(landmark)
    return abs(where.x - x) <= tolerance and abs(where.y - y) <= tolerance


def test_the_article_points_are_where_the_body_has_them(catalogue: Catalogue, views: dict[str, View]) -> None:
    point = catalogue.by_code
    back, hand = views["back"], views["hand-back"]
    assert point["BL-40"].where.view == "back" and near(point["BL-40"].where, back, "knee-crease-right", 0.005)
    for code in ("BL-23", "BL-52", "GV-4"):  # one level: below the L2 spinous process, at the waist
        assert point[code].where.view == "back" and near(point[code].where, back, "waist-l2", 0.09), code
        assert point[code].where.y == point["BL-23"].where.y, code
    assert point["GV-4"].where.x == 0.5 < point["BL-23"].where.x < point["BL-52"].where.x
    li4 = point["LI-4"].where  # dorsum, beside the middle of the 2nd metacarpal (thumb-index web)
    assert li4.view == "hand-back" and near(li4, hand, "second-metacarpal-midpoint", 0.03)
    assert hand.landmark("thumb-index-web")[0] < li4.x < hand.landmark("second-metacarpal-midpoint")[0]
    assert hand.landmark("knuckle-index")[1] < li4.y < hand.landmark("wrist-crease-radial")[1]
    for code in ARTICLE_POINTS:
        assert point[code].where.view in views


LEVEL = re.compile(r"(?:lower edge|inferior border|underside|lower border|below|caudal to)[^.;]*?\b([CTL][0-9]{1,2})\b")


def level_heights(catalogue: Catalogue) -> dict[str, set[float]]:
    """The heights on `back` of the points whose location names a vertebra level (EX-B2 and EX-HN15 aside)."""
    heights: dict[str, set[float]] = defaultdict(set)
    for point in catalogue.points:
        found = LEVEL.search(point.location)
        if point.where.view == "back" and found and point.code not in ("EX-B2", "EX-HN15"):
            heights[found.group(1)].add(point.where.y)
    return heights


def test_points_at_one_vertebra_level_share_one_height(catalogue: Catalogue) -> None:
    """BL, GV, SI and the extra points were placed by different hands: the spine must agree."""
    heights = level_heights(catalogue)  # EX-B2 is a row from T1 to L5; EX-HN15 is 2 B-cun above the level it names
    assert {"C7", "T1", "T3", "T7", "L2", "L4"} <= set(heights)
    assert {level: ys for level, ys in heights.items() if len(ys) > 1} == {}
    ordered = [min(heights[level]) for level in sorted(heights, key=lambda v: ("CTL".index(v[0]), int(v[1:])))]
    assert ordered == sorted(ordered)


# ---- sites: every spot of a point that has several -----------------------------------------------
SEVERAL = {"EX-HN1": 3, "EX-B2": 17, "EX-UE2": 2, "EX-UE7": 2, "EX-UE9": 4, "EX-UE10": 4, "EX-UE11": 5,
           "EX-LE1": 2, "EX-LE5": 2, "EX-LE10": 4, "EX-LE12": 5}  # spots on the person's right (or the midline)


def test_the_points_with_several_spots_list_them_all(catalogue: Catalogue) -> None:
    assert {p.code: len(p.sites) for p in catalogue.points if p.sites} == SEVERAL
    for point in catalogue.points:
        assert point.every_site == (point.sites or ((point.where, ""),)), point.code
        if point.sites:
            assert point.where in [s.where for s in point.sites], point.code  # map is the main spot among them
            assert all(s.label for s in point.sites), point.code
            assert len({s.label for s in point.sites}) == len(point.sites), point.code


def test_every_site_and_its_mirror_lies_on_the_body_on_the_right_side(catalogue: Catalogue,
                                                                      views: dict[str, View]) -> None:
    for point in catalogue.points:
        for site in point.sites:
            where = site.where
            assert where.view == point.where.view and on_body(views[where.view], where.x, where.y), (point.code, site)
            assert round(where.x, 3) == where.x and round(where.y, 3) == where.y, (point.code, site)
            if point.bilateral and where.view in SYMMETRIC_VIEWS:
                assert (where.x < 0.5) == (where.view == "front") and where.x != 0.5, (point.code, site)
                mirror = where.mirrored()
                assert on_body(views[mirror.view], mirror.x, mirror.y), (point.code, site)


def test_jiaji_is_a_spot_beside_each_vertebra_at_the_catalogues_heights(catalogue: Catalogue) -> None:
    """0.5 B-cun beside the lower border of each spinous process, T1 to L5: at the height every other
    point at that level has on `back`, and at the x of EX-B1 (0.5 B-cun, a third of the way to the
    inner Bladder line at 1.5 B-cun)."""
    jiaji, heights = catalogue.by_code["EX-B2"], level_heights(catalogue)
    levels = [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)]
    assert [s.label for s in jiaji.sites] == levels
    for site in jiaji.sites:
        assert {site.where.y} == heights[site.label], site.label
    xs = {s.where.x for s in jiaji.sites}
    inner = catalogue.by_code["BL-23"].where.x  # 1.5 B-cun
    assert xs == {catalogue.by_code["EX-B1"].where.x} and xs == {round(0.5 + (inner - 0.5) / 3, 3)}


def test_spots_shared_with_other_points_take_their_places(catalogue: Catalogue) -> None:
    """Bafeng's webs include LR-2, ST-44 and GB-43; Baxie's ring-little web is TE-2; the knee eyes
    are EX-LE4 (inner) and, outer, the map's spot beside ST-35."""
    point = catalogue.by_code

    def spots(code: str) -> list[Where]:
        return [s.where for s in point[code].sites]

    assert {point[c].where for c in ("LR-2", "ST-44", "GB-43")} <= set(spots("EX-LE10"))
    assert point["TE-2"].where in spots("EX-UE9")
    assert point["EX-LE4"].where in spots("EX-LE5")
    assert point["EX-UE10"].where.view == "palm"  # Sifeng is on the palm side of the fingers
    assert [s.where.y for s in point["EX-UE7"].sites] == sorted(s.where.y for s in point["EX-UE7"].sites)


def points_in(catalogue: Catalogue, codes: str) -> list[Point]:
    return [catalogue.by_code[c] for c in codes.split()]


@pytest.mark.parametrize("channel", ["BL-11 BL-12 BL-13 BL-14 BL-15 BL-16 BL-17 BL-18 BL-19 BL-20 BL-21 BL-22 "
                                     "BL-23 BL-24 BL-25 BL-26 BL-27 BL-28 BL-29 BL-30",
                                     "GV-14 GV-13 GV-12 GV-11 GV-10 GV-9 GV-8 GV-7 GV-6 GV-5 GV-4 GV-3 GV-2 GV-1",
                                     "CV-22 CV-21 CV-20 CV-19 CV-18 CV-17 CV-16 CV-15 CV-14 CV-13 CV-12 CV-11 CV-10 "
                                     "CV-9 CV-8 CV-7 CV-6 CV-5 CV-4 CV-3 CV-2",
                                     "BL-36 BL-37 BL-40 BL-55 BL-56 BL-57"])
def test_channels_run_down_the_body_in_order(catalogue: Catalogue, channel: str) -> None:
    ys = [p.where.y for p in points_in(catalogue, channel)]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
