"""BM25F over a point's place fields: the properties the ranking relies on, on a small made-up catalogue."""

from __future__ import annotations

import pytest

from acupoint_cli.features.rank import PlaceModel

# code -> "first clause | rest of the location | find-it text"
PLACES = {
    "A-1": "kneeback crease centre | between two tendon | bend knee feel crease",
    "A-2": "calf | below kneeback crease 2 cun | feel crease then go down",
    "A-3": "calf | spine far | kneeback",
    "A-4": "spine | beside spine 1 5 cun | count down from neck",
}
REGIONS = {"A-1": frozenset({"knee"}), "A-2": frozenset({"leg"}), "A-3": frozenset({"leg"}),
           "A-4": frozenset({"back"})}


@pytest.fixture()
def model() -> PlaceModel:
    postings: dict[str, set[str]] = {}
    for code, text in PLACES.items():
        for word in text.split():
            if word != "|":
                postings.setdefault(word, set()).add(code)
    return PlaceModel(PLACES, REGIONS, {w: frozenset(c) for w, c in postings.items()})


def test_scores_run_from_nothing_towards_one(model: PlaceModel) -> None:
    assert model.score("A-1", set()) == 0.0
    assert model.score("A-4", {"kneeback"}) == 0.0
    assert all(0.0 < model.score(code, {"kneeback", "crease"}) < 1.0 for code in ("A-1", "A-2", "A-3"))


def test_the_first_clause_outweighs_a_mention_further_on(model: PlaceModel) -> None:
    """A-1 is at the knee crease; A-2 is measured from it and A-3 only mentions it in passing."""
    scores = {code: model.score(code, {"kneeback"}) for code in ("A-1", "A-2", "A-3")}
    assert scores["A-1"] > scores["A-2"] > 0 and scores["A-1"] > scores["A-3"] > 0, scores


def test_a_rarer_word_counts_more(model: PlaceModel) -> None:
    assert model.idf("tendon") > model.idf("crease")


def test_a_landmark_the_point_lies_aside_of_counts_less(model: PlaceModel) -> None:
    assert model.score("A-4", {"spine"}, aside=frozenset({"spine"})) < model.score("A-4", {"spine"})


def test_the_region_is_a_field(model: PlaceModel) -> None:
    assert model.score("A-1", {"knee"}) > 0.0 and model.score("A-2", {"knee"}) == 0.0
