"""The catalogue against the independent reference tables in ../shared/reference.

Every disagreement must be listed in EXCEPTIONS with its reason; anything else fails.
The tables live beside the repository (shared/ in CI). Without them these tests skip,
unless ACUPOINT_REQUIRE_REFERENCE=1 (set by .ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from acupoint_cli.data.catalogue import Catalogue

# The skip reason; conftest.py counts the skips that carry it and says in pytest's summary what was not checked.
REFERENCE_MISSING = "reference tables not found"

REFERENCE = Path(os.environ.get("ACUPOINT_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))

# (code, field) -> why the catalogue differs from the reference table on purpose.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("SP-18", "english_name"): "iaomai swaps the English names of SP-18 and SP-19; 天谿 is a heavenly stream or "
                               "cleft, so the wiki table's 'Celestial Cleft' is used",
    ("SP-19", "english_name"): "胸鄉 is 'chest village' (the wiki table's name); iaomai gives it to SP-18",
    ("ST-16", "pinyin"): "tone-review in the reference: 膺 is read yīng, so Yīngchuāng (not Yìngchuāng)",
    ("HT-6", "pinyin"): "tone-review in the reference: 郄 is read xì (as in 郄穴, Xi-Cleft), so Yīnxì (not Yīnxī)",
    ("SI-10", "pinyin"): "tone-review in the reference: 臑 is read nào, so Nàoshū (not Nāoshū)",
    ("BL-4", "pinyin"): "tone-review in the reference: 曲 is read qū in this name, so Qūchā (not Qǔchā)",
    ("BL-5", "pinyin"): "tone-review in the reference: 處 meaning 'place' is read chù, so Wǔchù (not Wǔchǔ)",
    ("BL-38", "pinyin"): "tone-review in the reference: 郄 is read xì, so Fúxì (not Fúxī)",
    ("BL-45", "pinyin"): "tone-review in the reference: 譩 is read yī, so Yīxǐ (not Yìxǐ)",
    ("KI-9", "pinyin"): "tone-review in the reference: 築 is read zhù, so Zhùbīn (not Zhúbīn)",
    ("PC-4", "pinyin"): "tone-review in the reference: 郄 is read xì, so Xìmén (not Xīmén)",
    ("LR-5", "pinyin"): "tone-review in the reference: 蠡 is read lí in this name, so Lígōu (not Lǐgōu)",
    ("LR-14", "pinyin"): "tone-review in the reference: 期 is read qī, so Qīmén (not Qímén)",
    ("GV-6", "pinyin"): "tone-review in the reference: 脊 is read jǐ, so Jǐzhōng (not Jìzhōng)",
    ("ST-44", "hanzi_traditional"): "the traditional form of 内 is 內 (U+5167), as in PC-6 內關; the reference copies "
                                    "the WHO 2008 heading's 内庭",
    ("GV-26", "english_name"): "水溝 is 'water trough'; the reference's 'Center of Man' translates its other name "
                               "人中 (Renzhong), kept as an alias",
    ("EX-HN10", "english_name"): "聚泉 is 'gathering spring'; the reference's 'Phantom Seal' translates neither "
                                 "character",
    ("EX-HN4", "english_name"): "魚腰 is 'fish waist'; the reference's 'Fishbone' is a mistranslation",
    ("EX-UE8", "english_name"): "外勞宮 is 'outer labour palace'; the reference's 'Stiff Neck' translates its other "
                                "name 落枕 (Luozhen), kept as an alias",
}


def table(name: str) -> dict[str, dict[str, str]]:
    if not (REFERENCE / name).is_file():
        if os.environ.get("ACUPOINT_REQUIRE_REFERENCE") == "1":
            pytest.fail(f"reference table {REFERENCE / name} is missing")
        pytest.skip(f"{REFERENCE_MISSING} at {REFERENCE}")
    with open(REFERENCE / name, encoding="utf-8", newline="") as handle:
        return {row.get("code") or row["old_code"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, str]]:
    return table("points.tsv") | table("extra_points.tsv")


def disagreements(catalogue: Catalogue, reference: dict[str, dict[str, str]],
                  exceptions: dict[tuple[str, str], str] = EXCEPTIONS) -> list[str]:
    found = []
    for point in catalogue.points:
        row = reference.get(point.code)
        if row is None:
            found.append(f"{point.code}: not a WHO code in the reference")
            continue
        checks = {
            "pinyin": (point.pinyin, row["pinyin"].strip()),
            "hanzi_traditional": (point.hanzi.traditional, row["hanzi_traditional"]),
            "hanzi_simplified": (point.hanzi.simplified, row["hanzi_simplified"]),
            "english_name": (point.english, row["english_name"] or point.english),
            "meridian": (f"{point.meridian} {point.number}", f"{row['meridian']} {row['number']}"),
        }
        for field, (ours, theirs) in checks.items():
            if ours != theirs and (point.code, field) not in exceptions:
                found.append(f"{point.code}: {field} {ours!r} != reference {theirs!r}")
        if row["pregnancy_caution"] == "yes" and not point.pregnancy_caution:
            found.append(f"{point.code}: the reference flags pregnancy, the catalogue does not")
        if row["pregnancy_caution"] != "yes" and point.pregnancy_caution:
            caution = next(c for c in point.cautions if c.kind == "pregnancy")
            says_why = bool(caution.why and caution.sources)  # which other sources flag it, and why
            if not says_why and (point.code, "pregnancy") not in exceptions:
                found.append(f"{point.code}: flagged for pregnancy beyond the reference without saying why")
    return found


def test_catalogue_agrees_with_the_reference(catalogue: Catalogue, reference) -> None:
    assert disagreements(catalogue, reference) == []


def test_exceptions_are_all_still_needed(catalogue: Catalogue, reference) -> None:
    """A listed exception whose disagreement has gone is stale and must be removed."""
    raw = disagreements(catalogue, reference, exceptions={})
    stale = [key for key in EXCEPTIONS
             if not any(d.startswith(f"{key[0]}: {key[1]}") or (key[1] == "pregnancy" and d.startswith(key[0]))
                        for d in raw)]
    assert stale == []


def test_legacy_codes_follow_the_crosswalk(catalogue: Catalogue) -> None:
    crosswalk = table("legacy_bladder_numbering.tsv")
    expected = {row["modern_who_code"]: row["old_code_gach_style"] for row in crosswalk.values()}
    for point in catalogue.points:
        if point.code in expected:
            assert point.legacy_codes == (expected[point.code],), point.code
        else:
            assert point.legacy_codes == (), point.code
    old_meanings = {row["old_code_gach_style"]: row["modern_who_code"] for row in crosswalk.values()}
    for old, modern in old_meanings.items():
        if modern in catalogue.by_code:
            assert catalogue.by_code[modern] in catalogue.legacy[catalogue.parse_code(old).code]


def test_locations_carry_the_who_measurement_and_vertebra_level(catalogue: Catalogue) -> None:
    facts = table("who_location_facts.tsv")
    missing = []
    for point in catalogue.points:
        row = facts.get(point.code)
        if row is None:
            continue
        measure = row["measurements"].split(" B-cun")[0]
        if measure and f"{measure} B-cun" not in point.location:
            missing.append(f"{point.code}: location lacks '{measure} B-cun' ({row['measurements']})")
        level = row["vertebra_level"]
        if level and not re.search(rf"\b{level}\b", point.location):
            missing.append(f"{point.code}: location lacks vertebra level {level}")
    assert missing == []
