"""Structured landmarks: each point's location text read as (direction, distance in B-cun, landmark).

The WHO 2008 location texts measure most points from a landmark ("2 B-cun inferior to the
umbilical centre", "3 B-cun proximal to the dorsal wrist crease"). Read here once per catalogue
into `Relation`s, kept in the snapshot, they answer finger measures ("two thumb widths below the
belly button", features/measure.py) and say which landmark a point lies to the side of. A
landmark written as another point's code ("3 B-cun below ST35") stands for that point's own
location words.
"""

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from .normalise import GENERIC_TOKENS, tokens

# Words for a direction, in the location texts and in people's words, and what each means.
DIRECTIONS = {
    "down": ("below", "inferior to", "distal to", "caudal to", "down from", "under", "beneath"),
    "up": ("above", "superior to", "proximal to", "cranial to", "up from"),
    "side": ("lateral to", "out from", "out to the side from", "to the side of", "beside", "outside",
             "out to the side of", "away from", "either side of", "on either side of", "next to"),
    "in": ("medial to", "inside", "in from", "within", "into"),
    "front": ("anterior to", "in front of", "forward of"),
    "back": ("posterior to", "behind"),
}
DIRECTION = {phrase: name for name, phrases in DIRECTIONS.items() for phrase in phrases}
DIRECTION_WORDS = "|".join(sorted(map(re.escape, DIRECTION), key=len, reverse=True))
_TWO_LETTERS = re.compile(r"^[a-z]{2}")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A WHO measure ("2 b-cun inferior to the ...") and where a landmark phrase ends (the next
    clause or relation), compiled on first need: every command imports this module, few read
    landmarks, and compiling these costs about 1.5 ms."""
    return (re.compile(rf"(\d+(?:\.\d+)?) b-cun (?:straight |directly |further |out |up |down )?({DIRECTION_WORDS}) "
                       r"(?:the |a )?([a-z0-9 -]{2,60})"),
            re.compile(r"\b(?:on|in|at|over|and|level|between|along|with|where|so|which|just|its|in line|"
                       r"halfway|midway|when|while|toward|towards|from|to|above|below|under|beside)\b"))


class Relation(NamedTuple):
    direction: str  # one of DIRECTIONS
    cun: float
    landmark: frozenset[str]  # the landmark's words, as `tokens` gives them


def direction(said: str, landmark: frozenset[str]) -> str:
    """The direction a phrase names; "inside" or "into" a hairline is up into the hair, as the
    WHO texts and people both say it ("0.5 B-cun inside the anterior hairline")."""
    named = DIRECTION[said]
    return "up" if named == "in" and "hairline" in landmark else named


def landmark(words: str) -> frozenset[str]:
    """The words of a landmark phrase, up to where the next clause or relation begins."""
    cut = _patterns()[1].search(words)
    return frozenset(tokens(words[:cut.start()] if cut else words)) - GENERIC_TOKENS


def relations(location: str, point_location: Callable[[str], str | None]) -> tuple[Relation, ...]:
    """The measured relations of a location text. `point_location` gives the location text of the
    point a landmark's first word names by its code ('st35', 'ki8'), or None."""
    found: list[Relation] = []
    last = frozenset[str]()
    for clause in re.split(r"[;,:()]", location.lower()):
        for number, said, words in _patterns()[0].findall(clause):
            phrase = words.strip()
            if phrase.split()[:1] == ["it"]:  # "4 B-cun out from it": the landmark named before
                found.append(Relation(direction(said, last), float(number), last))
                continue
            head = phrase.split()[0] if phrase.split() else ""
            # A one-letter prefix is a vertebra there ('l2 spinous process'), never a code.
            other = point_location(head) if _TWO_LETTERS.match(head) else None
            land = frozenset(tokens(other)) - GENERIC_TOKENS if other is not None else landmark(phrase)
            if land:
                found.append(Relation(direction(said, land), float(number), land))
        last = frozenset(tokens(clause)) - GENERIC_TOKENS or last
    return tuple(found)


def encode(found: tuple[Relation, ...]) -> str:
    """Relations as one stored string: a line per relation, 'direction cun word word ...'."""
    return "\n".join(" ".join((r.direction, f"{r.cun:g}", *sorted(r.landmark))) for r in found)


def decode(text: str) -> tuple[Relation, ...]:
    """The relations `encode` stored; raises ValueError on anything else."""
    found = []
    for line in text.split("\n") if text else ():
        said, cun, *words = line.split(" ")
        if said not in DIRECTIONS:
            raise ValueError(f"no direction {said!r}")
        found.append(Relation(said, float(cun), frozenset(words)))
    return tuple(found)
