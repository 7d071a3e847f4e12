"""How well a point's place texts answer a query's place words: BM25F over named fields.

A point has four place fields: the first clause of its location text (where the point is: "great
toe, medial side of the distal phalanx"), the rest of the location (its measures and details),
its find-it text in lay words, and the words of its body region. A query word's count in each field
is scaled by the field's length against that field's average length (`LENGTH_NORM`, BM25's b),
weighted by the field's weight (`FIELD_WEIGHTS`) and summed into one frequency, which saturates
(`K1`) and counts by how rare the word is among the points (idf). This is BM25F as Robertson and
Zaragoza give it ("The Probabilistic Relevance Framework: BM25 and Beyond", Foundations and
Trends in Information Retrieval 3(4), 2009, section 3.2), normalised to 0..1 by the query's
total idf. A word naming a landmark the point lies well to the side of ("1.5 B-cun lateral to the
spine") counts `ASIDE_WEIGHT` of itself: the point is not there.
"""

import math
from collections import Counter
from collections.abc import Mapping
from functools import cached_property

from ..data.catalogue import FIELD_BREAK

FIELDS = ("head", "location", "find_it", "region")
FIELD_WEIGHTS = {"head": 3.0, "location": 1.0, "find_it": 0.5, "region": 1.0}
LENGTH_NORM = {"head": 0.5, "location": 0.75, "find_it": 0.5, "region": 0.0}
K1 = 1.2
ASIDE_WEIGHT = 0.4


class PlaceModel:
    """BM25F statistics of one catalogue's place fields, each worked out on first use."""

    def __init__(self, place_words: Mapping[str, str], region_words: Mapping[str, frozenset[str]],
                 postings: Mapping[str, frozenset[str]]) -> None:
        self._place_words = place_words
        self._region_words = region_words  # code -> the words of the point's region
        self._postings = postings
        self._cache: dict[str, dict[str, float]] = {}

    @cached_property
    def _average(self) -> dict[str, float]:
        totals = Counter[str]()
        split = f" {FIELD_BREAK} "
        for code, text in self._place_words.items():
            # Words counted by their spaces: this runs over every point on a first query.
            head, _, rest = text.partition(split)
            location, _, find_it = rest.partition(split)
            for field, part in (("head", head), ("location", location), ("find_it", find_it)):
                totals[field] += part.count(" ") + 1 if part else 0
            totals["region"] += len(self._region_words.get(code, ()))
        count = max(len(self._place_words), 1)
        return {field: max(totals[field] / count, 1.0) for field in FIELDS}

    def _fields(self, code: str) -> list[list[str]]:
        texts = self._place_words[code].split(f" {FIELD_BREAK} ")
        return [text.split() for text in texts] + [sorted(self._region_words.get(code, ()))]

    def _weighted(self, code: str) -> dict[str, float]:
        """Word -> its frequency over the point's fields, each count weighted and length-normalised."""
        held = self._cache.get(code)
        if held is None:
            average = self._average
            held = {}
            for name, words in zip(FIELDS, self._fields(code), strict=True):
                norm = FIELD_WEIGHTS[name] / (1 - LENGTH_NORM[name] + LENGTH_NORM[name] * len(words) / average[name])
                for word in words:
                    held[word] = held.get(word, 0.0) + norm
            self._cache[code] = held
        return held

    def idf(self, word: str) -> float:
        points = len(self._place_words)
        having = len(self._postings.get(word, ()))
        return math.log(1 + (points - having + 0.5) / (having + 0.5))

    def score(self, code: str, words: set[str], aside: frozenset[str] = frozenset()) -> float:
        """How well the point's place fields answer `words`, from 0 (not at all) towards 1."""
        if not words:
            return 0.0
        weighted = self._weighted(code)
        idf = {word: self.idf(word) for word in words}
        gained = 0.0
        for word in words:
            frequency = weighted.get(word, 0.0) * (ASIDE_WEIGHT if word in aside else 1.0)
            gained += idf[word] * frequency / (K1 + frequency)
        total = sum(idf.values())
        return gained / total if total else 0.0
