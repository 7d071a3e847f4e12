"""Text folding and every code notation a reader meets (issue 2, item 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.normalise import (
    _fold_unicode,
    _unicode_patterns,
    fold,
    name_key,
    parse_code,
    pinyin_keys,
    stem,
    tokens,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BL40", "BL-40"), ("bl-40", "BL-40"), ("BL 40", "BL-40"), ("UB40", "BL-40"), ("B40", "BL-40"),
        ("Bladder 40", "BL-40"), ("urinary bladder 40", "BL-40"), ("Bl.40", "BL-40"),
        ("K27", "KI-27"), ("KID27", "KI-27"), ("KI27", "KI-27"), ("Kidney 27", "KI-27"),
        ("LV3", "LR-3"), ("LIV3", "LR-3"), ("LR3", "LR-3"), ("Liver 3", "LR-3"),
        ("SJ5", "TE-5"), ("TW5", "TE-5"), ("TB5", "TE-5"), ("TE5", "TE-5"), ("San Jiao 5", "TE-5"),
        ("Du4", "GV-4"), ("GV4", "GV-4"), ("du-4", "GV-4"), ("Ren6", "CV-6"), ("CV6", "CV-6"),
        ("P6", "PC-6"), ("PC6", "PC-6"), ("H7", "HT-7"), ("HT7", "HT-7"), ("Co4", "LI-4"), ("LI4", "LI-4"),
        ("EX-UE-7", "EX-UE7"), ("EX-UE7", "EX-UE7"), ("ex ue 7", "EX-UE7"), ("ST 36", "ST-36"),
        ("  gb-20  ", "GB-20"),
    ],
)
def test_every_code_notation_parses(catalogue: Catalogue, text: str, code: str) -> None:
    ref = parse_code(text, catalogue.prefixes)
    assert ref is not None and ref.code == code


@pytest.mark.parametrize("text", ["", "BL", "40", "XX40", "hoku", "BL-40-2", "lower back 40x"])
def test_non_codes_do_not_parse(catalogue: Catalogue, text: str) -> None:
    assert parse_code(text, catalogue.prefixes) is None


def test_fold_strips_tones_case_and_punctuation() -> None:
    assert fold("Wěi-Zhōng!") == "wei zhong"
    assert fold("Will’s Chamber") == "wills chamber"


@pytest.mark.parametrize("typed", ["Wěizhōng", "weizhong", "Wei Zhong", "WEI-ZHONG", "wei zhong"])
def test_name_key_ignores_tones_spaces_and_case(typed: str) -> None:
    assert name_key(typed) == "weizhong"


def test_name_key_drops_a_leading_article_but_keeps_inner_words() -> None:
    assert name_key("The Sea of Vitality") == name_key("sea of vitality") == "seaofvitality"


def test_pinyin_u_umlaut_may_be_typed_as_u_or_v() -> None:
    assert pinyin_keys("Zhōnglǚshū") == {"zhonglushu", "zhonglvshu"}


def test_tokens_fold_the_pain_family_and_drop_stopwords() -> None:
    assert tokens("Sore lower back") == ["pain", "lower", "back"]
    assert tokens("aching in my hips") == ["pain", "hip"]
    assert tokens("webbing between the thumbs") == ["web", "between", "thumb"]


@pytest.mark.parametrize(("word", "stemmed"), [("webbing", "web"), ("ribs", "rib"), ("pressed", "press"),
                                               ("dizziness", "dizziness"), ("sciatica", "sciatica")])
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_shortcut_folds_exactly_as_the_unicode_path(text: str) -> None:
    assert fold(text) == _fold_unicode(text)
    assert fold(text).split() == _unicode_patterns()[2].findall(fold(text))  # the words `tokens` reads


def test_non_ascii_text_still_folds() -> None:
    assert fold("Wěi Zhōng’s “Point”") == "wei zhongs point" and tokens("委中 ǚ") == ["委中", "u"]
