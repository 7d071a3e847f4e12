"""Ranking: tiers, multi-word queries, filters, legacy codes, typos and a deterministic order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.features.search import CODE_SCORE, FUZZY_MAX, LEGACY_SCORE, NAME_SCORE, EmptyQuery, find, suggest


def codes(catalogue: Catalogue, query: str, **options) -> list[str]:
    return [m.point.code for m in find(catalogue, query, **options)]


def test_lower_back_ranks_lower_back_points_first(catalogue: Catalogue) -> None:
    top = codes(catalogue, "lower back", limit=6)
    assert {"BL-23", "BL-52", "GV-4", "BL-40"} <= set(top), top
    assert all(catalogue.by_code[c].indications[0][0] == "lower-back-pain" or
               dict(catalogue.by_code[c].indications).get("lower-back-pain") == 3 for c in top[:4])


@pytest.mark.parametrize("query", ["hoku", "Hoku", "HOKU", "hegu", "Hégǔ", "合谷", "LI4", "Co-4"])
def test_hoku_finds_li4_first(catalogue: Catalogue, query: str) -> None:
    assert codes(catalogue, query)[0] == "LI-4"


def test_sea_of_vitality_finds_both_points_first(catalogue: Catalogue) -> None:
    assert codes(catalogue, "sea of vitality")[:2] == ["BL-23", "BL-52"]


def test_exact_code_outranks_everything(catalogue: Catalogue) -> None:
    results = find(catalogue, "BL-40")
    assert results[0].point.code == "BL-40" and results[0].score == CODE_SCORE


def test_legacy_code_lists_both_meanings_labelled(catalogue: Catalogue) -> None:
    results = find(catalogue, "B48")
    assert [m.point.code for m in results[:2]] == ["BL-53", "BL-48"]
    assert "older bladder numbering" in results[0].matched and results[1].score == LEGACY_SCORE
    modern = find(catalogue, "BL48")
    assert [m.point.code for m in modern[:2]] == ["BL-48", "BL-53"] and modern[1].score == LEGACY_SCORE


def test_exact_name_beats_any_fuzzy_match(catalogue: Catalogue) -> None:
    results = find(catalogue, "Inner Pass")
    assert results[0].point.code == "PC-6" and results[0].score == NAME_SCORE
    assert all(m.score <= FUZZY_MAX for m in results if m.tier == "fuzzy")


@pytest.mark.parametrize(("typo", "code"), [("hegoo", "LI-4"), ("commanding midle", "BL-40"),
                                            ("weizong", "BL-40"), ("shen shu", "BL-23")])
def test_typos_find_the_point_in_the_top_three(catalogue: Catalogue, typo: str, code: str) -> None:
    assert code in codes(catalogue, typo, limit=3)


def test_typo_inside_a_symptom_is_read_as_the_nearest_word(catalogue: Catalogue) -> None:
    results = find(catalogue, "sciatca")
    assert results and "sciatica" in dict(results[0].point.indications)
    assert results[0].tier == "fuzzy" and results[0].score <= FUZZY_MAX
    assert "'sciatca' as 'sciatica'" in results[0].matched


def test_a_close_name_typo_beats_words_read_through_typos(catalogue: Catalogue) -> None:
    results = find(catalogue, "commanding midle")
    assert results[0].point.code == "BL-40" and results[0].matched == "similar to Commanding Middle"


def test_multi_word_query_prefers_points_indexed_for_both(catalogue: Catalogue) -> None:
    results = find(catalogue, "sciatica hip", limit=20)
    both = [m for m in results if {"sciatica", "hip-pain"} <= dict(m.point.indications).keys()]
    only_one = [m for m in results if m not in both]
    assert both and only_one
    assert min(m.score for m in both) > max(m.score for m in only_one)


def test_region_word_narrows(catalogue: Catalogue) -> None:
    top = codes(catalogue, "neck pain", limit=3)
    assert all("neck-pain" in dict(catalogue.by_code[c].indications) for c in top)


def test_body_place_words_find_the_point(catalogue: Catalogue) -> None:
    assert "LI-4" in codes(catalogue, "web between thumb and index finger", limit=3)


def test_filters(catalogue: Catalogue) -> None:
    assert set(codes(catalogue, "back", region="hand", limit=50)) <= {p.code for p in catalogue.points
                                                                        if p.region == "hand"}
    assert all(c.startswith("GV-") for c in codes(catalogue, "back", meridian="GV", limit=50))
    safe = find(catalogue, "lower back", pregnancy_safe=True, limit=100)
    assert safe and not any(m.point.pregnancy_caution for m in safe)
    assert "CV-6" in codes(catalogue, "lower back", limit=100)
    assert "CV-6" not in [m.point.code for m in safe]


def test_ties_break_on_catalogue_order_and_results_repeat(catalogue: Catalogue) -> None:
    results = find(catalogue, "back", limit=100)
    keys = [(-m.score, catalogue.order[m.point.code]) for m in results]
    assert keys == sorted(keys)
    assert results == find(catalogue, "back", limit=100)


def test_limit(catalogue: Catalogue) -> None:
    assert len(find(catalogue, "back", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_raises(catalogue: Catalogue, query: str) -> None:
    with pytest.raises(EmptyQuery):
        find(catalogue, query)


def test_nothing_found_and_suggestions(catalogue: Catalogue) -> None:
    assert find(catalogue, "xyzzyq") == []
    assert suggest(catalogue, "weizong")[0].startswith("BL-40")
    assert suggest(catalogue, "qqqqqqqqqq") == []


@pytest.mark.parametrize(("query", "code"), [
    ("zhonglvshu", "BL-29"), ("zhong lu shu", "BL-29"), ("Zhōnglǚshū", "BL-29"),  # ü as v or u, tones or none
    ("the inner pass", "PC-6"), ("Wills Chamber", "BL-52"), ("will's chamber", "BL-52"),  # articles, apostrophes
    ("肾俞", "BL-23"), ("腎俞", "BL-23"),  # simplified and traditional
])
def test_name_forms_find_the_point_first(catalogue: Catalogue, query: str, code: str) -> None:
    assert codes(catalogue, query)[0] == code


def test_every_moved_bladder_code_lists_both_meanings(catalogue: Catalogue) -> None:
    for number in range(36, 55):
        results = find(catalogue, f"UB{number}", limit=3)
        assert results[0].point.code == f"BL-{number}" and results[0].tier == "code"
        assert results[1].tier == "legacy" and results[1].point.code != f"BL-{number}"
        assert f"UB{number} meant {results[1].point.code}" in results[1].matched
        bare = find(catalogue, f"B{number}", limit=3)
        assert {m.point.code for m in bare[:2]} == {m.point.code for m in results[:2]}
        assert {m.tier for m in bare[:2]} == {"code", "legacy"}


def test_suggestions_include_symptoms(catalogue: Catalogue) -> None:
    assert "migraine" in suggest(catalogue, "migrane")


RELEVANCE_QUERIES = [case["query"] for case in yaml.safe_load(
    (Path(__file__).with_name("relevance.yaml")).read_text(encoding="utf-8"))["queries"]]


@pytest.mark.parametrize("limit", [1, 3, 10])
@pytest.mark.parametrize("filters", [{}, {"region": "lower-back"}, {"pregnancy_safe": True}, {"meridian": "BL"}])
def test_skipping_the_fuzzy_band_never_changes_the_answer(catalogue: Catalogue, limit: int, filters: dict) -> None:
    """A short list may skip fuzzy matching; it must equal the head of a list long enough not to."""
    for query in RELEVANCE_QUERIES:
        full = find(catalogue, query, limit=500, **filters)
        assert find(catalogue, query, limit=limit, **filters) == full[:limit], query


def test_a_well_answered_query_does_not_import_rapidfuzz() -> None:
    code = ("import sys\nfrom acupoint_cli.data.loader import load_catalogue\n"
            "from acupoint_cli.features.search import find\n"
            "c = load_catalogue()\nfind(c, 'lower back')\nprint('rapidfuzz' in sys.modules)\n"
            "find(c, 'hegoo')\nprint('rapidfuzz' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(("query", "expected"), [
    ("hoku point", "LI-4"), ("where is hoku", "LI-4"), ("LI4 point", "LI-4"), ("hegu point", "LI-4"),
    ("the sea of energy pressure point", "CV-6"), ("wombs & vitals massage", "BL-53"),
])
def test_words_that_frame_a_look_up_do_not_hide_the_name(catalogue: Catalogue, query: str, expected: str) -> None:
    assert codes(catalogue, query)[0] == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("Ma36", "ST-36"), ("E36", "ST-36"), ("V40", "BL-40"), ("VB20", "GB-20"), ("MC6", "PC-6"), ("KS6", "PC-6"),
    ("RP6", "SP-6"), ("MP6", "SP-6"), ("Mi 6", "SP-6"), ("F3", "LR-3"), ("Le3", "LR-3"), ("GI4", "LI-4"),
    ("Di4", "LI-4"), ("Ni3", "KI-3"), ("IG3", "SI-3"), ("VG20", "GV-20"), ("LG20", "GV-20"), ("VC6", "CV-6"),
    ("KG6", "CV-6"), ("3E5", "TE-5"),
])
def test_european_notations(catalogue: Catalogue, query: str, expected: str) -> None:
    """French (E, V, VB, MC, RP, F, GI, IG, VG, VC) and German (Ma, Mi, MP, Le, Di, Ni, KS, LG, KG) codes."""
    assert codes(catalogue, query)[0] == expected


def test_codes_written_in_a_longer_query_are_each_found(catalogue: Catalogue) -> None:
    assert codes(catalogue, "B23 and B47")[:2] == ["BL-23", "BL-52"]
    assert codes(catalogue, "B27-B34", limit=8) == [f"BL-{n}" for n in range(27, 35)]
    assert codes(catalogue, "B54 behind the knees")[0] == "BL-40"


def test_a_vertebra_is_not_read_as_a_code(catalogue: Catalogue) -> None:
    assert "LU-5" not in codes(catalogue, "below L5", limit=5) and "ST-1" not in codes(catalogue, "S1 level", limit=5)


@pytest.mark.parametrize(("query", "expected"), [
    ("two finger widths below the navel", "CV-6"),  # 1.5 cun: WHO 2008 CV-6
    ("two thumb widths below the belly button", "CV-5"),  # 2 cun
    ("four finger widths above the inner ankle bone", "SP-6"),  # 3 cun above the medial malleolus
    ("a hand width below the kneecap", "ST-36"),  # 3 cun below ST-35, at the knee
    ("three finger widths above the back of the wrist crease", "TE-5"),  # 2 cun proximal to the dorsal crease
])
def test_a_measure_from_a_landmark_finds_the_point_there(catalogue: Catalogue, query: str, expected: str) -> None:
    assert codes(catalogue, query)[0] == expected


def test_a_measure_in_the_other_direction_does_not(catalogue: Catalogue) -> None:
    assert "CV-6" not in codes(catalogue, "two finger widths above the navel", limit=3)
    assert "CV-14" not in codes(catalogue, "two finger widths below the navel", limit=3)


@pytest.mark.parametrize(("query", "expected"), [
    ("pain behind the knee", "BL-40"), ("crease behind the knee", "BL-40"), ("bottom of the foot", "KI-1"),
    ("top of the head", "GV-20"), ("belly button", "CV-8"), ("base of the skull", "GB-20"),
])
def test_lay_words_for_a_place_find_the_point_there(catalogue: Catalogue, query: str, expected: str) -> None:
    assert expected in codes(catalogue, query, limit=3)


@pytest.mark.parametrize(("query", "expected"), [
    ("I have bad cramps every month", "SP-6"), ("feel sick in the car", "PC-6"),
])
def test_a_whole_sentence_complaint(catalogue: Catalogue, query: str, expected: str) -> None:
    assert codes(catalogue, query)[0] == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("bottom of the fot", "KI-1"), ("top of the haed", "GV-20"), ("hoku piont", "LI-4"), ("sciatca", "GB-30"),
    ("carpel tunnel", "PC-7"), ("premenstrual", "SP-6"),
])
def test_a_misspelt_word_is_read_as_a_catalogue_word_before_phrases(catalogue: Catalogue, query: str,
                                                                    expected: str) -> None:
    assert expected in codes(catalogue, query, limit=3)


@pytest.mark.parametrize("word", ["month", "car", "stairs", "phone"])
def test_a_real_word_is_never_corrected(catalogue: Catalogue, word: str) -> None:
    assert all("read" not in m.matched for m in find(catalogue, f"pain when I use the {word}"))


@pytest.mark.parametrize(("query", "kind", "count"), [
    ("he-sea", "He-Sea", 12), ("back shu points", "Back-Shu", 14), ("Luo-Connecting", "Luo-Connecting", 14),
])
def test_a_kind_of_point_finds_every_point_of_it(catalogue: Catalogue, query: str, kind: str, count: int) -> None:
    """The catalogue's categories: one He-Sea point for each of the twelve channels; 14 Back-Shu points
    (the twelve organs' and BL-16, BL-17); 14 Luo points (the twelve channels', GV-1 and CV-15; SP-21 is
    the Great Luo, a kind of its own)."""
    found = [m for m in find(catalogue, query, limit=50) if m.matched == f"category {kind}"]
    assert len(found) == count


@pytest.mark.parametrize(("query", "expected"), [
    ("my lower back aches after sitting", {"BL-23", "BL-40", "BL-52", "GV-4"}),
    ("what pressure point helps lower back pain?", {"BL-23", "BL-40", "BL-52", "GV-4"}),
    ("constipated for days", {"ST-25", "TE-6", "BL-25"}),
])
def test_the_rest_of_a_sentence_is_context_for_a_complaint(catalogue: Catalogue, query: str,
                                                          expected: set[str]) -> None:
    assert codes(catalogue, query)[0] in expected


def test_depression_is_a_mood_in_a_query_and_a_hollow_in_a_location(catalogue: Catalogue) -> None:
    assert find(catalogue, "depression")[0].tier == "symptom"
    assert "hollow" in catalogue.place_words["BL-40"].split() or "hollow" in catalogue.place_words["GB-20"].split()


@pytest.mark.parametrize(("query", "expected"), [
    ("below the second lumbar vertebra", "GV-4"), ("below the seventh cervical vertebra", "GV-14"),
])
def test_vertebrae_in_lay_words(catalogue: Catalogue, query: str, expected: str) -> None:
    assert expected in codes(catalogue, query, limit=3)


@pytest.mark.parametrize(("query", "expected"), [
    ("Back Ravine", "SI-3"), ("Welcome Perfume", "LI-20"), ("Celestial Pillar", "BL-10"),
])
def test_a_name_in_another_translation_of_its_characters(catalogue: Catalogue, query: str, expected: str) -> None:
    """溪 is a stream, ravine or creek; 香 a fragrance or perfume; 天 heavenly or celestial."""
    assert codes(catalogue, query)[0] == expected


@pytest.mark.parametrize(("query", "expected"), [("BL-4O", "BL-40"), ("GB2O", "GB-20"), ("kne pain", "ST-35")])
def test_typed_o_for_zero_and_a_dropped_letter(catalogue: Catalogue, query: str, expected: str) -> None:
    assert codes(catalogue, query)[0] == expected


@pytest.mark.parametrize("query", ["wrist crease on the little finger side",
                                   "outer edge of the hand below the little finger knuckle",
                                   "hollow at the base of the thumb on the back of the wrist"])
def test_a_place_with_a_body_part_is_not_read_as_its_pain(catalogue: Catalogue, query: str) -> None:
    """Without a complaint, "hand" and "wrist" are where to look, not "hand and wrist pain"."""
    assert all(m.tier == "place" for m in find(catalogue, query, limit=5)), query


def test_a_body_part_alone_still_means_its_complaint(catalogue: Catalogue) -> None:
    assert any(m.tier == "symptom" for m in find(catalogue, "lower back", limit=5))


def test_on_the_spine_and_beside_it_are_told_apart(catalogue: Catalogue) -> None:
    """GV-4 is on the spine at waist level; BL-23 is 1.5 cun beside it, level with it."""
    on, beside = codes(catalogue, "on the spine at waist level"), codes(catalogue, "beside the spine at waist level")
    assert on.index("GV-4") < on.index("BL-23"), on
    assert beside.index("BL-23") < beside.index("GV-4"), beside


@pytest.mark.parametrize(("query", "first", "then"), [("inner corner of the big toenail", "SP-1", "LR-1"),
                                                      ("outer corner of the big toenail", "LR-1", "SP-1")])
def test_which_corner_of_the_big_toenail(catalogue: Catalogue, query: str, first: str, then: str) -> None:
    """SP-1 is at the nail's inner (medial) corner, LR-1 at its outer one (WHO 2008)."""
    found = codes(catalogue, query)
    assert found.index(first) < found.index(then), found


def test_inside_the_hairline_is_up_into_the_hair(catalogue: Catalogue) -> None:
    """GB-15 is 0.5 B-cun within the anterior hairline, above the pupil; the query's words after the
    measure ("above the pupil") choose it among the points measured alike."""
    assert codes(catalogue, "half a thumb width into the hairline above the pupil")[0] == "GB-15"
    assert "GV-23" in codes(catalogue, "one thumb width inside the front hairline")[:3]


def test_a_misspelt_word_among_known_words_is_read_as_meant(catalogue: Catalogue) -> None:
    found = find(catalogue, "lower back at wasit level", limit=3)
    assert "BL-23" in [m.point.code for m in found]
    assert any("read 'wasit' as 'waist'" in m.matched for m in found)


@pytest.mark.parametrize("query", ["I have bad cramps every month", "feel sick in the car", "sore wrists from typing"])
def test_a_real_word_is_never_read_as_another(catalogue: Catalogue, query: str) -> None:
    """'every' is not 'very', 'sick' is not 'stick', 'typing' is not 'type'."""
    assert not any("(read" in m.matched for m in find(catalogue, query)), query


def test_english_knows_common_words_only() -> None:
    from acupoint_cli.features.english import english

    assert english({"waist", "typing", "every", "wasit", "pian", "aalii"}) == {"waist", "typing", "every"}
    assert english(set()) == set()


@pytest.mark.parametrize(("query", "code"), [("人中", "GV-26"), ("落枕", "EX-UE8"), ("落枕穴", "EX-UE8"),
                                             ("Listening Palace", "SI-19"), ("Crooked Marsh", "PC-3")])
def test_other_names_in_characters_and_translations(catalogue: Catalogue, query: str, code: str) -> None:
    assert codes(catalogue, query)[0] == code


@pytest.mark.parametrize(("query", "said"), [("back dimples", "back dimples"),
                                             ("pain behind the knee", "back of the knee"),
                                             ("bump at the back of the head", "bump at the back of the head")])
def test_a_reason_shows_a_place_in_words_not_as_an_index_token(catalogue: Catalogue, query: str, said: str) -> None:
    reasons = [m.matched for m in find(catalogue, query, limit=3)]
    assert all(said in reason for reason in reasons), reasons
    assert not any(token in reason for reason in reasons for token in ("psis", "kneeback", "occipitalbump")), reasons


@pytest.mark.parametrize(("query", "code"), [
    ("stomach point below the navel", "CV-6"),  # a name inside a longer query (the articles' "stomach point")
    ("two finger widths beside the spine at the level of the fourth lumbar vertebra", "BL-25"),  # WHO: L4, 1.5 cun
    ("tailbone pain", "BL-35"),  # coccyx pain: BL-35 and GV-3 are the local points (what-when-how, part 2)
    ("I lose my temper too easily", "LR-3"),
])
def test_sentences_people_type(catalogue: Catalogue, query: str, code: str) -> None:
    assert codes(catalogue, query)[0] == code


def test_a_name_that_is_also_a_place_is_read_as_the_place_inside_a_sentence(catalogue: Catalogue) -> None:
    """EX-LE1 is called 'Hip Bone'; inside a place query the words are the hip bone."""
    found = find(catalogue, "between the front hip bone and the bony knob at the top of the thigh", limit=3)
    assert all("in the query" not in m.matched for m in found), found


def test_a_typo_is_read_as_the_word_that_makes_a_phrase(catalogue: Catalogue) -> None:
    found = find(catalogue, "back of the nee", limit=3)
    assert "BL-40" in [m.point.code for m in found]
    assert all("read 'nee' as 'knee'" in m.matched for m in found)


def test_killing_me_is_pain(catalogue: Catalogue) -> None:
    assert find(catalogue, "my lower back is killing me", limit=1)[0].tier == "symptom"
