"""Finger measures: "two thumb widths below the navel" against the catalogue's structured landmarks.

People measure with their fingers ("two thumb widths below the belly button", "a hand width below
the kneecap"); the catalogue's location texts measure in B-cun, read once into `Relation`s
(data/landmarks.py). A person's measure is read here into the same shape, and a point answers
it when its location has a relation in that direction, at about that distance, from a landmark
with the query's words.
"""

import re
from functools import cache

from ..data.catalogue import Catalogue
from ..data.landmarks import DIRECTION_WORDS, Relation, direction, landmark
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
_NUMBERS = {"half a": 0.5, "half": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "six": 6, "seven": 7, "eight": 8}
# A measure's unit: the full pattern is compiled only for a text that has one.
_UNITS = re.compile(r"thumb|finger|hand|cun")


@cache
def _person() -> re.Pattern[str]:
    """A person's finger measure, compiled on first need (about 1 ms; most queries have none)."""
    return re.compile(
        r"(?:^|\b)(half a|half|a|an|one|two|three|four|five|six|seven|eight|\d+(?:\.\d+)?) "
        r"(thumb|finger|hand|b-cun|cun)(?:'?s)?(?:[ -](?:widths?|breadths?))? "
        rf"(?:straight |directly |just )?({DIRECTION_WORDS}) (?:the |my |your )?(.+)$")


def query_relation(text: str) -> Relation | None:
    """A person's measure ("two thumb widths below the belly button"), or None."""
    said = " ".join(text.lower().replace("\u2019", "'").split())
    match = _person().search(said) if _UNITS.search(said) else None
    if match is None:
        return None
    amount, unit, said, words = match.groups()
    count = _NUMBERS.get(amount) or float(amount)
    if unit == "finger":
        cun = FINGERS_CUN.get(int(count), 0.75 * count) if count >= 1 else 0.75 * count
    else:
        cun = count * {"thumb": THUMB_CUN, "hand": HAND_CUN}.get(unit, 1.0)
    land = landmark(words)
    return Relation(direction(said, land), cun, land) if land else None


def measured(catalogue: Catalogue, wanted: Relation) -> list[tuple[Point, float]]:
    """The points `wanted` describes, each with how far off it is, best first.

    How far off, in cun: the difference of the distances, plus MISSING_LANDMARK_CUN for all of
    the query's landmark words the point's landmark lacks, plus OTHER_RELATION_CUN for each other
    measure the point has (KI-14 is 2 cun below the navel and half a cun aside; CV-5 just below).
    """
    found = []
    for code, own in catalogue.relations.items():
        errors = [abs(r.cun - wanted.cun) + MISSING_LANDMARK_CUN * (1 - len(wanted.landmark & r.landmark)
                                                                    / len(wanted.landmark))
                  for r in own if r.direction == wanted.direction and abs(r.cun - wanted.cun) <= TOLERANCE_CUN
                  and len(wanted.landmark & r.landmark) * 2 >= len(wanted.landmark)]
        if errors:
            found.append((catalogue.by_code[code], min(errors) + OTHER_RELATION_CUN * (len(own) - 1)))
    found.sort(key=lambda pe: (pe[1], catalogue.order[pe[0].code]))
    return found
