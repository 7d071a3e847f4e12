"""Look-ups by every name form, for every point the source articles name, and the legacy codes."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import ARTICLE_POINTS

from acupoint_cli.data.catalogue import Catalogue, PointNotFound


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize("code", ARTICLE_POINTS)
def test_article_point_is_complete(catalogue: Catalogue, code: str) -> None:
    point = catalogue.by_code[code]
    assert point.pinyin and point.hanzi.traditional and point.english
    assert len(point.location) > 40 and len(point.find_it) > 40 and len(point.technique.how) > 30
    assert point.indications and point.sources


@pytest.mark.parametrize("code", ARTICLE_POINTS)
def test_article_point_resolves_by_every_name_form(catalogue: Catalogue, code: str) -> None:
    point = catalogue.by_code[code]
    spaced = " ".join(point.pinyin[i:i + 3] for i in range(0, len(point.pinyin), 3))
    forms = [
        code, code.replace("-", ""), code.lower(), point.pinyin, plain(point.pinyin).lower(), plain(spaced),
        point.hanzi.traditional, point.hanzi.simplified, point.english, point.english.upper(), *point.aliases,
    ]
    for form in forms:
        found = catalogue.get(form)
        assert found is point, f"{form!r} resolved to {found and found.code}, not {code}"


@pytest.mark.parametrize(("typed", "code"), [
    ("Hoku", "LI-4"), ("Commanding Middle", "BL-40"), ("Sea of Energy", "CV-6"), ("Womb and Vitals", "BL-53"),
    ("the sea of vitality", "BL-23"), ("Lumbar Yang Gate", "GV-3"), ("Life Gate", "GV-4"),
])
def test_lay_names_from_the_articles(catalogue: Catalogue, typed: str, code: str) -> None:
    assert catalogue.lookup(typed).point.code == code


def test_group_name_resolves_to_first_and_names_the_others(catalogue: Catalogue) -> None:
    resolution = catalogue.lookup("Sea of Vitality")
    assert resolution.point.code == "BL-23"
    assert [p.code for p in resolution.same_name] == ["BL-52"]


@pytest.mark.parametrize(("typed", "today", "older"), [
    ("UB-38", "BL-38", "BL-43"), ("BL36", "BL-36", "BL-41"), ("bladder 50", "BL-50", "BL-36"),
    ("BL48", "BL-48", "BL-53"), ("B40", "BL-40", "BL-45"), ("B36", "BL-36", "BL-41"),
])
def test_legacy_bladder_codes_resolve_to_today_and_keep_the_old_meaning(
    catalogue: Catalogue, typed: str, today: str, older: str
) -> None:
    """BL, UB and Bladder codes are today's numbering; so is a bare B code whose older reading is
    the lesser-known point (B40 is Weizhong, BL-40, not BL-45)."""
    resolution = catalogue.lookup(typed)
    assert resolution.point.code == today and resolution.matched_as == "code"
    assert [p.code for p in resolution.legacy_meanings] == [older] and resolution.today is None


@pytest.mark.parametrize(("typed", "older", "today"), [("B48", "BL-53", "BL-48"), ("B47", "BL-52", "BL-47"),
                                                       ("B54", "BL-40", "BL-54"), ("B38", "BL-43", "BL-38"),
                                                       ("B50", "BL-36", "BL-50")])
def test_a_bare_b_code_reads_as_the_articles_meant_it(catalogue: Catalogue, typed: str, older: str,
                                                      today: str) -> None:
    """The popular articles write B47, B48, B54 in the older numbering for the well-known back,
    hip and knee points; today's reading stays visible."""
    resolution = catalogue.lookup(typed)
    assert resolution.point.code == older and resolution.matched_as == "older code"
    assert resolution.today is not None and resolution.today.code == today


def test_every_old_bladder_number_keeps_both_readings(catalogue: Catalogue) -> None:
    for number in range(36, 55):
        resolution = catalogue.lookup(f"B{number}")
        others = [p.code for p in resolution.legacy_meanings] + ([resolution.today.code] if resolution.today else [])
        assert len(others) == 1 and others[0] != resolution.point.code


def test_older_code_alone_answers_when_todays_point_is_missing(mutated) -> None:
    from acupoint_cli.data.loader import parse_catalogue

    text = mutated(lambda d: d.update(points=[p for p in d["points"] if p["code"] != "BL-48"]))
    resolution = parse_catalogue(text).lookup("B48")
    assert resolution.matched_as == "older code" and resolution.point.code == "BL-53"


def test_codes_outside_the_old_range_carry_no_legacy_note(catalogue: Catalogue) -> None:
    assert catalogue.lookup("BL23").legacy_meanings == ()


def test_get_returns_none_and_lookup_raises(catalogue: Catalogue) -> None:
    assert catalogue.get("no such point") is None
    with pytest.raises(PointNotFound) as caught:
        catalogue.lookup("no such point")
    assert isinstance(caught.value, LookupError) and caught.value.query == "no such point"


def test_code_range(catalogue: Catalogue) -> None:
    assert catalogue.code_in_range(catalogue.parse_code("BL-67"))
    assert not catalogue.code_in_range(catalogue.parse_code("BL-99"))
    assert not catalogue.code_in_range(catalogue.parse_code("LU-0"))


def test_points_are_in_channel_order(catalogue: Catalogue) -> None:
    meridians = [m.code for m in catalogue.meridians]
    keys = [(meridians.index(p.meridian), p.number) for p in catalogue.points]
    assert keys == sorted(keys)


@pytest.mark.parametrize("typed", ["lower-back", "lower back", "Lower Back", "lower_back"])
def test_region_by_id_or_label(catalogue: Catalogue, typed: str) -> None:
    assert catalogue.region(typed).id == "lower-back"
    assert catalogue.region("elbowpit") is None


def test_records_and_catalogue_are_immutable(catalogue) -> None:
    point = catalogue.by_code["BL-40"]
    with pytest.raises(AttributeError):
        point.code = "BL-41"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        catalogue.points = ()
    assert catalogue.by_code["BL-40"] is point  # indexes are still filled through cached properties
