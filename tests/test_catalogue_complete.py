"""The complete catalogue (issue 3): every WHO point and extra point, each complete, cautions as data."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from acupoint_cli.data.catalogue import Catalogue

CHANNEL_SIZES = {"LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67, "KI": 27, "PC": 9,
                 "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
                 "EX-HN": 15, "EX-CA": 1, "EX-B": 9, "EX-UE": 11, "EX-LE": 12}


def test_list_json_holds_every_who_code_once_and_complete(run_json) -> None:
    items = run_json("list")
    codes = [i["code"] for i in items]
    assert len(codes) == len(set(codes)) == 361 + 48
    expected = {f"{m}-{n}" if not m.startswith("EX-") else f"{m}{n}"
                for m, size in CHANNEL_SIZES.items() for n in range(1, size + 1)}
    assert set(codes) == expected
    for item in items:
        assert item["pinyin"] and item["hanzi"]["traditional"] and item["english"], item["code"]
        assert item["location"] and item["find_it"] and item["indications"], item["code"]


def test_declared_channel_sizes_match_the_points(catalogue: Catalogue) -> None:
    counts = Counter(p.meridian for p in catalogue.points)
    assert {m.code: m.points for m in catalogue.meridians} == CHANNEL_SIZES == dict(counts)


def test_every_indication_is_in_the_vocabulary_and_every_symptom_is_used(catalogue: Catalogue) -> None:
    vocabulary = {s.id for s in catalogue.symptoms}
    used = {s for p in catalogue.points for s, _ in p.indications}
    assert used <= vocabulary
    assert vocabulary - used == set()


@pytest.mark.parametrize("code", ["LI-4", "SP-6", "BL-60", "BL-67", "GB-21", "BL-31", "BL-32", "BL-33", "BL-34",
                                  "CV-2", "CV-3", "CV-4", "CV-5", "CV-6", "CV-7", "ST-12", "ST-17", "EX-CA1"])
def test_pregnancy_flags(catalogue: Catalogue, code: str) -> None:
    assert catalogue.by_code[code].pregnancy_caution


@pytest.mark.parametrize(("code", "kind"), [
    ("ST-9", "major-vessel"), ("ST-9", "throat"), ("BL-1", "eye"), ("ST-1", "eye"), ("CV-22", "throat"),
    ("LU-1", "chest-wall"), ("KI-27", "chest-wall"), ("GV-20", "children"), ("BL-40", "major-vessel"),
])
def test_caution_flags_are_data(catalogue: Catalogue, code: str, kind: str) -> None:
    assert kind in {c.kind for c in catalogue.by_code[code].cautions}


def test_disagreeing_pregnancy_sources_are_named_in_the_provenance(catalogue: Catalogue) -> None:
    """iaomai does not flag BL-60, the textbooks do: `why` says so; the plain note does not."""
    caution = next(c for c in catalogue.by_code["BL-60"].cautions if c.kind == "pregnancy")
    assert "iaomai" in caution.why and "iaomai" not in caution.note


def test_categories_where_they_apply(catalogue: Catalogue) -> None:
    def has(code: str, word: str) -> bool:
        return any(word.lower() in c.lower() for c in catalogue.by_code[code].categories)

    assert has("BL-23", "Back-Shu") and has("LI-4", "Yuan") and has("BL-40", "He-Sea") and has("PC-6", "Luo")


def test_list_meridians(run, run_json) -> None:
    data = run_json("list", "--meridians")
    assert [m["code"] for m in data][:3] == ["LU", "LI", "ST"]
    bladder = next(m for m in data if m["code"] == "BL")
    assert bladder["points"] == 67 and {"UB", "B"} <= set(bladder["variants"])
    assert "Triple Energizer" in run("list", "--meridians").stdout


def test_list_one_channel_in_order(run_json) -> None:
    numbers = [i["number"] for i in run_json("list", "--meridian", "GB")]
    assert numbers == list(range(1, 45))


def test_every_category_names_a_kind_of_point(catalogue: Catalogue) -> None:
    """An unquoted comma in a YAML flow list splits one category in two ("... with the Triple
    Energizer", "Stomach and Large Intestine channels"): every real category names a point."""
    for point in catalogue.points:
        for category in point.categories:
            assert "point" in category.lower(), (point.code, category)


def test_no_hyphenated_word_is_broken_by_a_folded_line(catalogue: Catalogue) -> None:
    """A folded YAML line that ends in 'finger-' reads 'finger- widths': keep such words on one line."""
    broken = re.compile(r"[A-Za-z]- [a-z]")
    for point in catalogue.points:
        for text in (point.location, point.find_it, point.technique.how, *(c.note for c in point.cautions)):
            assert not broken.search(text), (point.code, broken.search(text))
