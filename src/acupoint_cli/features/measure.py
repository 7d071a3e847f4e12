"""Distances from landmarks: "two thumb widths below the navel" against the catalogue's locations.

The WHO 2008 location texts measure most points from a landmark in B-cun ("2 B-cun inferior to
the umbilical centre", "3 B-cun proximal to the dorsal wrist crease"); people measure with their
fingers ("two thumb widths below the belly button", "a hand width below the kneecap"). Both are
read here into the same shape, a `Relation` (direction, distance in cun, landmark words), and a
point answers a query when its location has a relation in that direction, at about that
distance, from a landmark with the query's words. A landmark written as another point's code
("3 B-cun below ST35") stands for that point's own location words.
"""

import re
from typing import NamedTuple

from ..data.catalogue import Catalogue
from ..data.normalise import GENERIC_TOKENS, tokens
from ..data.records import Point

# How far a person's finger measure may be from the WHO distance and still answer (cun).
TOLERANCE_CUN = 0.5
# What a landmark word the point's landmark lacks, and each further measure of the point, weigh
# against it, in cun.
MISSING_LANDMARK_CUN = 1.0
OTHER_RELATION_CUN = 0.25
# Finger measures in cun (the proportional "finger cun" of acupressure guides): one thumb width is
# 1 cun; the index and middle fingers together 1.5; three fingers 2; four fingers (a hand) 3.
THUMB_CUN = 1.0
FINGERS_CUN = {1: 0.75, 2: 1.5, 3: 2.0, 4: 3.0}
HAND_CUN = 3.0
# Words for a direction, in the location texts and in people's words, and what each means.
_DIRECTIONS = {
    "down": ("below", "inferior to", "distal to", "caudal to", "down from", "under", "beneath"),
    "up": ("above", "superior to", "proximal to", "cranial to", "up from"),
    "side": ("lateral to", "out from", "out to the side from", "to the side of", "beside", "outside",
             "out to the side of", "away from", "either side of", "on either side of", "next to"),
    "in": ("medial to", "inside", "in from", "within", "into"),
    "front": ("anterior to", "in front of", "forward of"),
    "back": ("posterior to", "behind"),
}
_DIRECTION = {phrase: name for name, phrases in _DIRECTIONS.items() for phrase in phrases}
_DIRECTION_WORDS = "|".join(sorted(map(re.escape, _DIRECTION), key=len, reverse=True))
_TWO_LETTERS = re.compile(r"^[a-z]{2}")
_WHO = re.compile(rf"(\d+(?:\.\d+)?) b-cun (?:straight |directly |further |out |up |down )?({_DIRECTION_WORDS}) "
                  r"(?:the |a )?([a-z0-9 -]{2,60})")
_NUMBERS = {"half a": 0.5, "half": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "six": 6, "seven": 7, "eight": 8}
_PERSON = re.compile(
    r"(?:^|\b)(half a|half|a|an|one|two|three|four|five|six|seven|eight|\d+(?:\.\d+)?) "
    r"(thumb|finger|hand|b-cun|cun)(?:'?s)?(?:[ -](?:widths?|breadths?))? "
    rf"(?:straight |directly |just )?({_DIRECTION_WORDS}) (?:the |my |your )?(.+)$")
# Where a landmark phrase ends in a location text: the next clause or relation.
_LANDMARK_END = re.compile(r"\b(?:on|in|at|over|and|level|between|along|with|where|so|which|just|its|in line|"
                           r"halfway|midway|when|while|toward|towards|from|to|above|below|under|beside|behind)\b")


class Relation(NamedTuple):
    direction: str  # one of _DIRECTIONS
    cun: float
    landmark: frozenset[str]  # the landmark's words, as `tokens` gives them


def _direction(said: str, landmark: frozenset[str]) -> str:
    """The direction a phrase names; "inside" or "into" a hairline is up into the hair, as the
    WHO texts and people both say it ("0.5 B-cun inside the anterior hairline")."""
    direction = _DIRECTION[said]
    return "up" if direction == "in" and "hairline" in landmark else direction


def _landmark(words: str) -> frozenset[str]:
    cut = _LANDMARK_END.search(words)
    return frozenset(tokens(words[:cut.start()] if cut else words)) - GENERIC_TOKENS


def point_relations(point: Point, catalogue: Catalogue) -> tuple[Relation, ...]:
    """The measured relations of a point's location text ("2 B-cun below the umbilical centre")."""
    found: list[Relation] = []
    last = frozenset[str]()
    for clause in re.split(r"[;,:()]", point.location.lower()):
        for number, direction, words in _WHO.findall(clause):
            landmark = words.strip()
            if landmark.split()[:1] == ["it"]:  # "4 B-cun out from it": the landmark named before
                found.append(Relation(_direction(direction, last), float(number), last))
                continue
            other = _point_named(landmark, catalogue)
            land = frozenset(tokens(other.location)) - GENERIC_TOKENS if other is not None else _landmark(landmark)
            if land:
                found.append(Relation(_direction(direction, land), float(number), land))
        last = frozenset(tokens(clause)) - GENERIC_TOKENS or last
    return tuple(found)


def _point_named(landmark: str, catalogue: Catalogue) -> Point | None:
    """The point a landmark names by its code in its first word ('st35', 'ki8', 'lu-5'), if any.
    A one-letter prefix is a vertebra there ('l2 spinous process'), never a code."""
    head = landmark.split()[0] if landmark.split() else ""
    ref = catalogue.parse_code(head) if _TWO_LETTERS.match(head) else None
    return catalogue.by_code.get(ref.code) if ref is not None else None


def query_relation(text: str) -> Relation | None:
    """A person's measure ("two thumb widths below the belly button"), or None."""
    match = _PERSON.search(" ".join(text.lower().replace("\u2019", "'").split()))
    if match is None:
        return None
    amount, unit, direction, words = match.groups()
    count = _NUMBERS.get(amount) or float(amount)
    if unit == "finger":
        cun = FINGERS_CUN.get(int(count), 0.75 * count) if count >= 1 else 0.75 * count
    else:
        cun = count * {"thumb": THUMB_CUN, "hand": HAND_CUN}.get(unit, 1.0)
    landmark = _landmark(words)
    return Relation(_direction(direction, landmark), cun, landmark) if landmark else None


def measured(catalogue: Catalogue, relations: dict[str, tuple[Relation, ...]],
             wanted: Relation) -> list[tuple[Point, float]]:
    """The points `wanted` describes, each with how far off it is, best first.

    How far off, in cun: the difference of the distances, plus MISSING_LANDMARK_CUN for all of
    the query's landmark words the point's landmark lacks, plus OTHER_RELATION_CUN for each other
    measure the point has (KI-14 is 2 cun below the navel and half a cun aside; CV-5 just below).
    """
    found = []
    for code, own in relations.items():
        errors = [abs(r.cun - wanted.cun) + MISSING_LANDMARK_CUN * (1 - len(wanted.landmark & r.landmark)
                                                                    / len(wanted.landmark))
                  for r in own if r.direction == wanted.direction and abs(r.cun - wanted.cun) <= TOLERANCE_CUN
                  and len(wanted.landmark & r.landmark) * 2 >= len(wanted.landmark)]
        if errors:
            found.append((catalogue.by_code[code], min(errors) + OTHER_RELATION_CUN * (len(own) - 1)))
    found.sort(key=lambda pe: (pe[1], catalogue.order[pe[0].code]))
    return found
