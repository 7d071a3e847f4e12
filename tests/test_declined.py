"""What acupoint never suggests points for (the catalogue's safety.declined): starting labour and
ending a pregnancy. A search for it gets the catalogue's message and no points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.errors import CatalogueError
from acupoint_cli.data.loader import parse_catalogue
from acupoint_cli.features.errors import NotForSelfCare
from acupoint_cli.features.search import find


@pytest.mark.parametrize(("query", "topic", "said"), [
    ("inducing labor naturally", "starting labour", ("midwife",)),
    ("pressure points to induce labour", "starting labour", ("midwife",)),
    ("how to bring on labor at 40 weeks", "starting labour", ("midwife",)),
    ("acupressure to start contractions", "starting labour", ("midwife",)),
    ("points for miscarriage", "ending a pregnancy", ("midwife",)),
    ("Can acupressure end a pregnancy?", "ending a pregnancy", ("midwife",)),
    # signs of an emergency send to the emergency number
    ("chest pain spreading to my left arm", "a possible heart attack", ("999", "911")),
    ("am I having a heart attack", "a possible heart attack", ("999", "911")),
    ("my face is drooping on one side", "a possible stroke", ("999", "911")),
    ("slurred speech and dizziness", "a possible stroke", ("999", "911")),
])
def test_a_declined_topic_offers_no_points(catalogue: Catalogue, query: str, topic: str, said: tuple[str, ...]) -> None:
    """No points, and the message says whom to ask or which number to call."""
    with pytest.raises(NotForSelfCare) as caught:
        find(catalogue, query)
    assert caught.value.topic == topic and all(word in caught.value.message for word in said)


@pytest.mark.parametrize("query", ["lower back pain", "labour palace", "pain after a long labour of love",
                                   "start my day with energy"])
def test_near_words_are_not_declined(catalogue: Catalogue, query: str) -> None:
    find(catalogue, query)  # raises nothing


def test_the_cli_says_why_on_stderr_with_status_1(run: Callable[..., Any]) -> None:
    for args in (["find", "induce labour"], ["find", "induce labour", "--json"]):
        result = run(*args)
        assert result.exit_code == 1 and result.stdout == "", args
        assert result.stderr.startswith("acupoint: no points are suggested for starting or speeding up labour")
        assert result.stderr.count("\n") == 1 and "midwife" in result.stderr


def test_a_declined_topic_must_cite_known_sources(mutated: Callable[..., str]) -> None:
    text = mutated(lambda d: d["safety"]["declined"][0].update(sources=["nowhere"]))
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "test.yaml")
    assert any("'nowhere' is not a source" in str(p) for p in caught.value.problems)

