"""The catalogue: one catalogue file's records, and the indexes over them, each built on first use.

`Catalogue.get` answers None for an unknown point; `Catalogue.lookup` raises `PointNotFound`
(a LookupError) carrying the text. Both accept any notation a reader meets: WHO codes, older
codes, pinyin with or without tones, characters, English and lay names. The records are plain
values (records.py); nothing here reads a file or raises a catalogue error: the costliest
indexes may come ready-made from the snapshot (`stored`), else they are computed.
"""

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

from . import landmarks
from .normalise import CodeRef, fold, name_key, name_words, parse_code, pinyin_keys, prefix_key, tokens
from .records import (
    CautionKind,
    Meridian,
    Point,
    Records,
    Region,
    Resolution,
    Routine,
    Safety,
    Source,
    Symptom,
)

# A bare "B" before a point number: the older bladder numbering's usual spelling (see `readings`).
_OLDER_STYLE = re.compile(r"^b[ \-_.]*\d{1,3}$")
# Where a location text's first clause (where the point is: "Great toe, medial side of the distal
# phalanx") ends and its measures and details begin.
_HEAD_END = re.compile(r"[:;(]")
# Between the fields of a point's place words (see `Catalogue.place_words`): never a token.
FIELD_BREAK = "|"
# A name index entry: the point, what kind of name matched ("pinyin", "alias"...), the name as written.
NameEntry = tuple[Point, str, str]
# The indexes worth keeping in a snapshot: the costliest to build (about 15 ms together on the
# bundled catalogue), each of which decodes in under 1.5 ms.
STORED_INDEXES = ("by_name", "by_name_words", "place_words", "by_place_word", "symptom_phrases", "category_keys",
                  "relations")


class PointNotFound(LookupError):
    """No point answers to the text (the search module can suggest near names)."""

    def __init__(self, query: str) -> None:
        super().__init__(f"no point matches {query!r}")
        self.query = query


class Catalogue:
    """A catalogue's records and its indexes (pycountry's way: each index is built when first used).

    `stored(name)` gives an index as a snapshot stored it (see `stored_indexes`), or None; an
    index stored in another shape, or naming a point this catalogue lacks, is computed instead.
    """

    def __init__(self, records: Records, path: str = "", stored: Callable[[str], Any] | None = None) -> None:
        self.records = records
        self.path = path
        self._stored = stored or (lambda name: None)

    def __eq__(self, other: object) -> bool:
        """Equal when the records are; where a catalogue was read from does not count."""
        return isinstance(other, Catalogue) and self.records == other.records

    def __hash__(self) -> int:
        return hash(self.records)

    # ---- the records -----------------------------------------------------------------------
    @property
    def sources(self) -> tuple[Source, ...]:
        return self.records.sources

    @property
    def meridians(self) -> tuple[Meridian, ...]:
        return self.records.meridians

    @property
    def regions(self) -> tuple[Region, ...]:
        return self.records.regions

    @property
    def symptoms(self) -> tuple[Symptom, ...]:
        return self.records.symptoms

    @property
    def caution_kinds(self) -> tuple[CautionKind, ...]:
        return self.records.caution_kinds

    @property
    def safety(self) -> Safety:
        return self.records.safety

    @property
    def points(self) -> tuple[Point, ...]:
        return self.records.points

    @property
    def routines(self) -> tuple[Routine, ...]:
        return self.records.routines

    # ---- what a snapshot keeps -------------------------------------------------------------
    def stored_indexes(self) -> dict[str, object]:
        """The indexes of STORED_INDEXES as JSON values, one string per entry: JSON decodes that
        several times faster than lists of strings. A name with a tab or a line break (only a
        custom catalogue could have one) leaves `by_name` out: it is then computed."""
        indexes: dict[str, object] = {
            "symptom_phrases": {key: "\n".join(" ".join(p) for p in phrases)
                                for key, phrases in self.symptom_phrases.items()},
            "place_words": dict(self.place_words),
            "category_keys": dict(self.category_keys),
            "relations": {code: landmarks.encode(found) for code, found in self.relations.items()},
            "by_place_word": {word: " ".join(sorted(codes)) for word, codes in self.by_place_word.items()},
        }
        for index_name in ("by_name", "by_name_words"):
            index: dict[str, tuple[NameEntry, ...]] = getattr(self, index_name)
            names = {key: [(p.code, kind, label) for p, kind, label in found] for key, found in index.items()}
            if not any("\t" in label or "\n" in label for found in names.values() for _, _, label in found):
                indexes[index_name] = {key: "\n".join("\t".join(entry) for entry in found)
                                       for key, found in names.items()}
        return {name: indexes[name] for name in STORED_INDEXES if name in indexes}

    def _from_store(self, name: str, entry: Callable[[str], Any]) -> dict[str, Any] | None:
        """A stored index (key -> one string per entry) with each entry converted by `entry`, or
        None when there is none or it has another shape."""
        stored = self._stored(name)
        if not isinstance(stored, dict):
            return None
        try:
            return {key: entry(value) for key, value in stored.items()}
        except (KeyError, ValueError, TypeError, AttributeError):
            return None

    # ---- indexes ---------------------------------------------------------------------------
    @cached_property
    def by_code(self) -> dict[str, Point]:
        """Code -> point, in catalogue order."""
        return {p.code: p for p in self.points}

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Meridian prefix keys ('ub', 'bladder', 'sj', 'ren') -> canonical code."""
        return prefix_table(self.meridians)[0]

    def _name_entries(self, stored: str) -> tuple[NameEntry, ...]:
        """A stored name index entry: 'code<TAB>kind<TAB>name' lines (KeyError for a code this
        catalogue lacks, ValueError for another shape)."""
        found = []
        for line in stored.split("\n"):
            code, kind, label = line.split("\t")
            found.append((self.by_code[code], kind, label))
        return tuple(found)

    @cached_property
    def by_name(self) -> dict[str, tuple[NameEntry, ...]]:
        """Name key -> (point, kind, the name as written) over pinyin, characters and names."""
        return self._from_store("by_name", self._name_entries) or self._name_index()

    def _name_index(self) -> dict[str, tuple[NameEntry, ...]]:
        index: dict[str, list[NameEntry]] = {}

        def add(key: str, point: Point, kind: str, label: str) -> None:
            entries = index.setdefault(key, [])
            if all(p is not point for p, _, _ in entries):
                entries.append((point, kind, label))

        for point in self.points:
            for key in pinyin_keys(point.pinyin):
                add(key, point, "pinyin", point.pinyin)
            for chars in {point.hanzi.traditional, point.hanzi.simplified}:
                add(name_key(chars), point, "characters", chars)
            add(name_key(point.english), point, "name", point.english)
            for alias in point.aliases:
                add(name_key(alias), point, "alias", alias)
            for name in point.group_names:
                add(name_key(name), point, "shared name", name)
        return {key: tuple(entries) for key, entries in index.items()}

    @cached_property
    def by_name_words(self) -> dict[str, tuple[NameEntry, ...]]:
        """The words of each English name, alias and shared name (`name_words`) -> its points."""
        return self._from_store("by_name_words", self._name_entries) or self._name_word_index()

    def _name_word_index(self) -> dict[str, tuple[NameEntry, ...]]:
        index: dict[str, list[NameEntry]] = {}
        for point in self.points:
            named = [(point.english, "name"), *((a, "alias") for a in point.aliases),
                     *((g, "shared name") for g in point.group_names)]
            for label, kind in named:
                key = name_words(label)
                entries = index.setdefault(key, []) if key else []
                if key and all(p is not point for p, _, _ in entries):
                    entries.append((point, kind, label))
        return {key: tuple(entries) for key, entries in index.items()}

    @cached_property
    def symptom_phrases(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Symptom id -> the tokens of each way of saying it (label, synonyms, id), in order."""

        def phrases(stored: str) -> tuple[tuple[str, ...], ...]:
            return tuple(tuple(line.split()) for line in _text(stored).split("\n"))

        stored = self._from_store("symptom_phrases", phrases)
        if stored is not None and stored.keys() == self.symptom_by_id.keys():
            return stored
        return {s.id: tuple(tuple(tokens(p)) for p in (s.label, *s.synonyms, s.id.replace("-", " ")))
                for s in self.symptoms}

    @cached_property
    def place_words(self) -> dict[str, str]:
        """Code -> the tokens of the point's place texts, in order, joined by spaces, in three fields
        split by FIELD_BREAK: the location's first clause, the rest of the location, the find-it text."""
        stored = self._from_store("place_words", _text)
        if stored is not None and stored.keys() == self.by_code.keys():
            return stored
        return {p.code: _place_fields(p) for p in self.points}

    @cached_property
    def by_place_word(self) -> dict[str, frozenset[str]]:
        """Location word -> codes of the points whose location text uses it (an inverted index)."""
        by_code = self.by_code

        def codes(stored: str) -> frozenset[str]:
            found = frozenset(_text(stored).split())
            if not found <= by_code.keys():
                raise KeyError("a stored code this catalogue lacks")
            return found

        return self._from_store("by_place_word", codes) or self._place_index()

    def _place_index(self) -> dict[str, frozenset[str]]:
        postings: dict[str, set[str]] = {}
        for code, words in self.place_words.items():
            for word in words.split():
                if word != FIELD_BREAK:
                    postings.setdefault(word, set()).add(code)
        return {word: frozenset(codes) for word, codes in postings.items()}

    @cached_property
    def relations(self) -> dict[str, tuple[landmarks.Relation, ...]]:
        """Code -> the measured relations of the location text of a point one may press on oneself
        ("2 B-cun below the umbilical centre"), for the points that have any (landmarks.py)."""
        stored = self._from_store("relations", lambda value: landmarks.decode(_text(value)))
        if stored is not None and stored.keys() <= self.by_code.keys():
            return stored

        def located(head: str) -> str | None:
            ref = self.parse_code(head)
            point = self.by_code.get(ref.code) if ref is not None else None
            return point.location if point is not None else None

        found = {p.code: landmarks.relations(p.location, located) for p in self.points if p.self_care}
        return {code: own for code, own in found.items() if own}

    @cached_property
    def by_group_name(self) -> dict[str, tuple[Point, ...]]:
        """Name key -> the points that share a group name ("Sea of Vitality": BL-23 and BL-52)."""
        index: dict[str, list[Point]] = {}
        for point in self.points:
            for name in point.group_names:
                index.setdefault(name_key(name), []).append(point)
        return {key: tuple(points) for key, points in index.items()}

    @cached_property
    def category_keys(self) -> dict[str, str]:
        """Each category as written -> its `category_key`, once per distinct text (the 409 points
        name 233 categories)."""
        written = dict.fromkeys(category for point in self.points for category in point.categories)
        stored = self._from_store("category_keys", _text)
        if stored is not None and stored.keys() == written.keys():
            return stored
        return {category: category_key(category) for category in written}

    @cached_property
    def by_category(self) -> dict[str, tuple[Point, ...]]:
        """A category's kind in words (`category_key`: 'he sea', 'back shu') -> its points, in order."""
        keys = self.category_keys
        index: dict[str, list[Point]] = {}
        for point in self.points:
            for key in dict.fromkeys(keys[category] for category in point.categories):
                if key:
                    index.setdefault(key, []).append(point)
        return {key: tuple(points) for key, points in index.items()}

    @cached_property
    def category_names(self) -> dict[str, str]:
        """`category_key` -> the kind as first written ('he sea' -> 'He-Sea'), for messages."""
        names: dict[str, str] = {}
        for category, key in self.category_keys.items():
            names.setdefault(key, _kind(category))
        return names

    @cached_property
    def legacy(self) -> dict[str, tuple[Point, ...]]:
        """Code in today's form ('BL-48') -> the points it meant in an older numbering."""
        index: dict[str, list[Point]] = {}
        for point in self.points:
            for old in point.legacy_codes:
                ref = parse_code(old, self.prefixes)
                if ref is not None:
                    index.setdefault(ref.code, []).append(point)
        return {code: tuple(points) for code, points in index.items()}

    @cached_property
    def by_symptom(self) -> dict[str, tuple[tuple[Point, int], ...]]:
        """Symptom id -> (point, weight), heaviest first, then catalogue order."""
        index: dict[str, list[tuple[Point, int]]] = {s.id: [] for s in self.symptoms}
        for point in self.points:
            for symptom, weight in point.indications:
                index.setdefault(symptom, []).append((point, weight))
        return {s: tuple(sorted(v, key=lambda pw: -pw[1])) for s, v in index.items()}

    @cached_property
    def by_region(self) -> dict[str, tuple[Point, ...]]:
        """Region id -> its points, in catalogue order."""
        index: dict[str, list[Point]] = {r.id: [] for r in self.regions}
        for point in self.points:
            index.setdefault(point.region, []).append(point)
        return {region: tuple(points) for region, points in index.items()}

    @cached_property
    def order(self) -> dict[str, int]:
        """Catalogue position of each code: the deterministic tie-break of every ranking."""
        return {code: i for i, code in enumerate(self.by_code)}

    @cached_property
    def region_by_id(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}

    @cached_property
    def symptom_by_id(self) -> dict[str, Symptom]:
        return {s.id: s for s in self.symptoms}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def caution_by_id(self) -> dict[str, CautionKind]:
        return {c.id: c for c in self.caution_kinds}

    @cached_property
    def meridian_by_code(self) -> dict[str, Meridian]:
        return {m.code: m for m in self.meridians}

    @cached_property
    def routine_by_id(self) -> dict[str, Routine]:
        return {r.id: r for r in self.routines}

    # ---- look-ups ------------------------------------------------------------------------
    def parse_code(self, text: str) -> CodeRef | None:
        return parse_code(text, self.prefixes)

    def meridian(self, text: str) -> Meridian | None:
        """A meridian by any of its variants ('UB', 'bladder', 'sj')."""
        code = self.prefixes.get(prefix_key(text))
        return self.meridian_by_code.get(code) if code else None

    def region(self, text: str) -> Region | None:
        """A body region by its id or label ('lower-back', 'lower back', 'Hip and buttock')."""
        key = name_key(text)
        return next((r for r in self.regions if key in (name_key(r.id), name_key(r.label))), None)

    def readings(self, text: str) -> tuple[tuple[Point, str], ...]:
        """What a code means, as (point, "code" | "older code"), the likelier reading first.

        Today's numbering comes first, except for a bare "B" code (B47, B48, B54: how the
        popular acupressure literature wrote the older bladder numbering) whose older reading is
        the better-known point (`prominence`): "B48" is then BL-53, the hip point, before BL-48.
        """
        ref = self.parse_code(text)
        if ref is None:
            return ()
        point = self.by_code.get(ref.code)
        found = [(point, "code")] if point is not None else []
        found += [(p, "older code") for p in self.legacy.get(ref.code, ()) if p.code != ref.code]
        if point is not None and len(found) > 1 and _OLDER_STYLE.match(fold(text)) \
                and self.prominence[found[1][0].code] > self.prominence[point.code]:
            found[0], found[1] = found[1], found[0]
        return tuple(found)

    @cached_property
    def prominence(self) -> dict[str, int]:
        """How much the catalogue leans on each point: the routine steps and the symptoms' key
        points that name it. The prior between two readings of a code."""
        counts = dict.fromkeys(self.by_code, 0)
        named = [c for r in self.routines for s in r.steps for c in s.points]
        named += [c for s in self.symptoms for c in s.key_points]
        for code in named:
            if code in counts:
                counts[code] += 1
        return counts

    def resolve(self, text: str) -> Resolution | None:
        """Resolve one point from any notation, or None. Codes win over names."""
        readings = self.readings(text)
        if readings:
            (point, kind), rest = readings[0], readings[1:]
            today = next((p for p, k in rest if k == "code"), None)
            return Resolution(point, kind, tuple(p for p, k in rest if k != "code"), today=today)
        if self.parse_code(text) is not None:
            return None
        matches = sorted(self.by_name.get(name_key(text), ()), key=lambda m: self.order[m[0].code])
        if matches:
            point, kind, _ = matches[0]
            return Resolution(point, kind, same_name=tuple(m[0] for m in matches[1:]))
        return None

    def get(self, text: str) -> Point | None:
        resolution = self.resolve(text)
        return resolution.point if resolution else None

    def lookup(self, text: str) -> Resolution:
        resolution = self.resolve(text)
        if resolution is None:
            raise PointNotFound(text)
        return resolution

    def cited(self, point: Point) -> list[Source]:
        """The sources of a point and of its cautions, each once, in catalogue order."""
        ids = {*point.sources, *(s for c in point.cautions for s in c.sources)}
        return [s for s in self.sources if s.id in ids]

    def code_in_range(self, ref: CodeRef) -> bool:
        """Whether a parsed code is a real point number for its meridian (BL-99 is not)."""
        meridian = self.meridian_by_code.get(ref.meridian)
        return meridian is not None and 1 <= ref.number <= meridian.points


def prefix_table(meridians: tuple[Meridian, ...]) -> tuple[dict[str, str], list[tuple[Meridian, str, str]]]:
    """The one table of meridian prefixes (key -> code), and each variant that another meridian
    already claims, as (meridian, variant, the code that has it): the validator's problems."""
    table: dict[str, str] = {}
    clashes = []
    for meridian in meridians:
        for variant in (meridian.code, *meridian.variants):
            owner = table.setdefault(prefix_key(variant), meridian.code)
            if owner != meridian.code:
                clashes.append((meridian, variant, owner))
    return table, clashes


def _kind(category: str) -> str:
    """The kind of point a category names: 'He-Sea (Water) point of the Kidney channel' -> 'He-Sea'."""
    kind = re.sub(r"\s*\([^)]*\)", "", category.split(" point")[0] if " point" in category else category)
    return re.sub(r"^(?i:point of the |one of )", "", kind).strip()


def category_key(text: str) -> str:
    """Key for a category's kind, or for a person's words for it ('he-sea points' ~ 'He-Sea')."""
    return name_words(_kind(text))


def _place_fields(point: Point) -> str:
    """A point's place words, field by field (see `Catalogue.place_words`)."""
    cut = _HEAD_END.search(point.location)
    head, rest = (point.location[:cut.start()], point.location[cut.start():]) if cut else (point.location, "")
    return f" {FIELD_BREAK} ".join(" ".join(tokens(text)) for text in (head, rest, point.find_it))


def _text(value: object) -> str:
    """A stored entry that must be a string (a forged or foreign snapshot may hold anything)."""
    if type(value) is not str:
        raise TypeError("a stored entry is not text")
    return value
