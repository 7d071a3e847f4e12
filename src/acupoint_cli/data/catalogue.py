"""The catalogue: immutable records and the in-memory indexes built over them.

`Catalogue.get` answers None for an unknown point; `Catalogue.lookup` raises `PointNotFound`
(a LookupError) carrying "did you mean" suggestions. Both accept any notation a reader meets:
WHO codes, older codes, pinyin with or without tones, characters, English and lay names.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from .normalise import CodeRef, name_key, parse_code, pinyin_keys, prefix_key, tokens

# The closed vocabularies of techniques and routine steps.
PRESSURES = ("light", "moderate", "firm")
POSITIONS = ("sitting", "lying-back", "lying-front", "lying-side", "standing")
SIDES = ("both", "midline")
STEP_SIDES = ("together", "each")
# The body-map views that show both sides of the body, mirror-symmetric about x = 0.5 (the
# `symmetric` views of data/views.json; a test keeps the two in step). Kept here so that JSON
# output can give a point's mirror without reading the views.
SYMMETRIC_VIEWS = ("front", "back")


class Source(NamedTuple):
    id: str
    title: str
    use: str


class Meridian(NamedTuple):
    code: str
    name: str
    variants: tuple[str, ...]
    points: int


class Region(NamedTuple):
    id: str
    label: str
    words: tuple[str, ...]


class Symptom(NamedTuple):
    id: str
    label: str
    synonyms: tuple[str, ...]
    key_points: tuple[str, ...] = ()  # the points the sources name first, most central first


class CautionKind(NamedTuple):
    id: str
    label: str
    advice: str


class Caution(NamedTuple):
    kind: str
    note: str


class Technique(NamedTuple):
    pressure: str
    hold_seconds: int
    positions: tuple[str, ...]
    sides: str
    how: str


class Where(NamedTuple):
    """Where a point is drawn: a body-map view and normalised coordinates on it (x to the
    viewer's right, y down). A point on both sides is placed on the person's right side."""

    view: str
    x: float
    y: float

    def mirrored(self) -> "Where":
        """The same spot on the person's other side: x -> 1 - x on a view of both sides (front,
        back); a view of one side (hand, foot, head, the side of the body) stands for either, so
        the spot is the same."""
        if self.view in SYMMETRIC_VIEWS:
            return Where(self.view, round(1.0 - self.x, 6), self.y)
        return self


class Hanzi(NamedTuple):
    traditional: str
    simplified: str


class Point(NamedTuple):
    code: str
    meridian: str
    number: int
    pinyin: str
    hanzi: Hanzi
    english: str
    aliases: tuple[str, ...]
    group_names: tuple[str, ...]
    legacy_codes: tuple[str, ...]
    region: str
    where: Where
    location: str
    find_it: str
    indications: tuple[tuple[str, int], ...]
    technique: Technique
    cautions: tuple[Caution, ...]
    categories: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def pregnancy_caution(self) -> bool:
        return any(c.kind == "pregnancy" for c in self.cautions)

    @property
    def bilateral(self) -> bool:
        return self.technique.sides == "both"

    @property
    def mirror(self) -> Where | None:
        """Where the point is on the person's left side, for a point on both sides; None on the midline."""
        return self.where.mirrored() if self.bilateral else None


class Step(NamedTuple):
    points: tuple[str, ...]
    position: str
    tool: str
    pressure: str
    hold_seconds: int
    breathing: str
    feel: str
    sides: str  # "together" (both hands at once) or "each" (left, then right)
    partner: str | None = None  # how a helper does it, for points hard to reach alone


class Routine(NamedTuple):
    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]


class Safety(NamedTuple):
    notice: str
    stop_if: str
    general: tuple[str, ...]
    red_flags: tuple[str, ...]


class Resolution(NamedTuple):
    """What a user's text resolved to, and how: a point plus any older meaning of the code."""

    point: Point
    matched_as: str
    legacy_meanings: tuple[Point, ...] = ()
    same_name: tuple[Point, ...] = ()


def _point_from_snapshot(code, meridian, number, pinyin, hanzi, english, aliases, group_names, legacy_codes,
                         region, where, location, find_it, indications, technique, cautions, categories,
                         sources) -> Point:
    pressure, hold, positions, sides, how = technique
    view, x, y = where
    return Point(code, meridian, number, pinyin, Hanzi(*hanzi), english, tuple(aliases), tuple(group_names),
                 tuple(legacy_codes), region, Where(view, x, y), location, find_it,
                 tuple((s, w) for s, w in indications),
                 Technique(pressure, hold, tuple(positions), sides, how), tuple(Caution(*c) for c in cautions),
                 tuple(categories), tuple(sources))


# The field layout of every record kept in a snapshot: part of the cache's stamp, so that a
# cache written by code with other record fields is never read as this one.
LAYOUT = ";".join(",".join(r._fields) for r in (Source, Meridian, Region, Symptom, CautionKind, Safety,
                                                Hanzi, Where, Technique, Caution, Point, Step, Routine))


class PointNotFound(LookupError):
    """No point answers to the text (the search module can suggest near names)."""

    def __init__(self, query: str) -> None:
        super().__init__(f"no point matches {query!r}")
        self.query = query


V = TypeVar("V")


def _all_text(stored: Any) -> bool:
    """Whether a stored index has the shape the cache writes: a dict of strings to strings."""
    return isinstance(stored, dict) and all(type(value) is str for value in stored.values())


class _Rebuilt(Mapping[str, V]):
    """An index (or the points by code) read from the cache, each entry rebuilt on first use: a
    query needs a few of its thousands of entries, and rebuilding them all costs a look-up
    several milliseconds.

    An entry that does not rebuild (a code this catalogue lacks, a record of another shape: only
    a forged entry could have one, as the checksum catches accidents) switches the whole mapping
    to the computed one.
    """

    def __init__(self, stored: Mapping[str, Any], rebuild: Callable[[Any], V], compute: Callable[[], Mapping[str, V]]):
        self._stored, self._rebuild, self._compute = stored, rebuild, compute
        self._entries: dict[str, V] = {}
        self._computed: Mapping[str, V] | None = None

    def __getitem__(self, key: str) -> V:
        if self._computed is not None:
            return self._computed[key]
        if key not in self._entries:
            stored = self._stored[key]
            try:
                self._entries[key] = self._rebuild(stored)
            except (KeyError, ValueError, TypeError):
                self._computed = self._compute()
                return self._computed[key]
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored if self._computed is None else self._computed)

    def __len__(self) -> int:
        return len(self._stored if self._computed is None else self._computed)


class Catalogue:
    """All records of one catalogue file, with indexes built on first use.

    Attributes are fixed at construction; `cached_property` fills the indexes through the
    instance dictionary, which `__setattr__` leaves alone. A catalogue restored from the cache
    holds its points by code, each rebuilt when first used (`show` needs one of 400), and
    makes the `points` tuple only when a command goes through them all.
    """

    def __init__(
        self,
        sources: tuple[Source, ...],
        meridians: tuple[Meridian, ...],
        regions: tuple[Region, ...],
        symptoms: tuple[Symptom, ...],
        caution_kinds: tuple[CautionKind, ...],
        safety: Safety,
        points: tuple[Point, ...] | Mapping[str, Point],
        routines: tuple[Routine, ...],
        path: str = "",
        stored_indexes: Callable[[str], Any] | None = None,
    ) -> None:
        """`points` is a tuple, or a mapping by code in catalogue order; `stored_indexes(name)`
        returns an index saved by `index_snapshot()`, decoded on first use."""
        self.__dict__.update(sources=sources, meridians=meridians, regions=regions, symptoms=symptoms,
                             caution_kinds=caution_kinds, safety=safety, routines=routines, path=path,
                             _stored_indexes=stored_indexes)
        self.__dict__["points" if isinstance(points, tuple) else "by_code"] = points

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Catalogue is immutable: cannot set {name}")

    def _records(self) -> tuple[Any, ...]:
        return (self.sources, self.meridians, self.regions, self.symptoms, self.caution_kinds, self.safety,
                self.points, self.routines)

    def __eq__(self, other: object) -> bool:
        """Equal when the records are; the path a catalogue was read from does not count."""
        return isinstance(other, Catalogue) and self._records() == other._records()

    def __hash__(self) -> int:
        return hash(self.points)

    # ---- snapshot (the cache's form) -------------------------------------------------------
    def snapshot(self) -> list[object]:
        """The records as nested lists (records are tuples), ready for `json.dumps`; the points
        are only listed by code, as each is stored on its own (`point_snapshot`)."""
        return [self.sources, self.meridians, self.regions, self.symptoms, self.caution_kinds, self.safety,
                list(self.by_code), self.routines]

    def point_snapshot(self) -> list[str]:
        """Each point's record as one line of JSON, in catalogue order: what `from_snapshot`
        rebuilds a point from, when a command first uses it."""
        return [json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in self.points]

    def index_snapshot(self) -> dict[str, Any]:
        """The indexes worth storing, by name: the costliest to build (about 40 ms on the bundled
        catalogue), and those that would otherwise rebuild every point (`legacy`, used by `show`).

        Each entry is one string, which JSON decodes several times faster than lists of strings;
        `_Rebuilt` splits an entry only when a query asks for it. A name with a tab or a line
        break (only a custom catalogue could have one) leaves `by_name` out: it is then computed.
        """
        snapshot: dict[str, Any] = {
            "by_place_word": {word: " ".join(sorted(codes)) for word, codes in self.by_place_word.items()},
            "place_words": dict(self.place_words),
            "legacy": {code: " ".join(p.code for p in points) for code, points in self.legacy.items()},
        }
        entries = {key: [(p.code, kind, label) for p, kind, label in found] for key, found in self.by_name.items()}
        if not any("\t" in label or "\n" in label for found in entries.values() for _, _, label in found):
            snapshot["by_name"] = {key: "\n".join("\t".join(entry) for entry in found)
                                   for key, found in entries.items()}
        return snapshot

    @classmethod
    def from_snapshot(cls, data: list, points: list[str] | list[bytes], path: str,
                      reread: Callable[[], "Catalogue"],
                      stored_indexes: Callable[[str], Any] | None = None) -> "Catalogue":
        """Rebuild the records from `snapshot()` and `point_snapshot()` output, every list back
        as a tuple; a point is rebuilt when first used.

        Raises TypeError or ValueError on records of another shape; the cache then rebuilds. A
        point of another shape, found only when used, switches to the points of `reread()`:
        the catalogue file parsed again.
        """
        sources, meridians, regions, symptoms, kinds, safety, codes, routines = data
        by_code = dict(zip(codes, points, strict=True))
        return cls(
            tuple(Source(*s) for s in sources),
            tuple(Meridian(code, name, tuple(variants), count) for code, name, variants, count in meridians),
            tuple(Region(i, label, tuple(words)) for i, label, words in regions),
            tuple(Symptom(i, label, tuple(synonyms), tuple(key)) for i, label, synonyms, key in symptoms),
            tuple(CautionKind(*k) for k in kinds),
            Safety(safety[0], safety[1], tuple(safety[2]), tuple(safety[3])),
            _Rebuilt(by_code, lambda line: _point_from_snapshot(*json.loads(line)), lambda: reread().by_code),
            tuple(Routine(i, title, summary, tuple(Step(tuple(s[0]), *s[1:]) for s in steps))
                  for i, title, summary, steps in routines),
            path,
            stored_indexes,
        )

    # ---- indexes -------------------------------------------------------------------------
    @cached_property
    def points(self) -> tuple[Point, ...]:
        """Every point, in catalogue order (set at construction, unless restored by code)."""
        return tuple(self.by_code.values())

    @cached_property
    def by_code(self) -> Mapping[str, Point]:
        """Code -> point, in catalogue order (set at construction when restored from the cache)."""
        return {p.code: p for p in self.points}

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Meridian prefix keys ('ub', 'bladder', 'sj', 'ren') -> canonical code."""
        table: dict[str, str] = {}
        for meridian in self.meridians:
            for variant in (meridian.code, *meridian.variants):
                table[prefix_key(variant)] = meridian.code
        return table

    def _stored(self, name: str) -> Any:
        """An index saved with the cache entry, as stored, or None (then it is computed)."""
        if self._stored_indexes is None:
            return None
        try:
            return self._stored_indexes(name)
        except (KeyError, ValueError):
            return None

    def _restored(self, name: str, rebuild: Callable[[str], V], compute: Callable[[], dict[str, V]]
                  ) -> Mapping[str, V]:
        """A stored index (key -> one string per entry), rebuilt entry by entry as it is used; else computed."""
        stored = self._stored(name)
        if _all_text(stored):
            return _Rebuilt(stored, rebuild, compute)
        return compute()

    @cached_property
    def by_name(self) -> Mapping[str, list[tuple[Point, str, str]]]:
        """Name key -> [(point, kind, the name as written)] over pinyin, characters and names."""
        def entries(stored: str) -> list[tuple[Point, str, str]]:
            found = []
            for line in stored.split("\n"):
                code, kind, label = line.split("\t")
                found.append((self.by_code[code], kind, label))
            return found

        return self._restored("by_name", entries, self._name_index)

    def _name_index(self) -> dict[str, list[tuple[Point, str, str]]]:
        index: dict[str, list[tuple[Point, str, str]]] = {}

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
        return index

    @cached_property
    def place_words(self) -> dict[str, str]:
        """Code -> the tokens of the point's location and how-to-find text, in order, joined by spaces."""
        stored = self._stored("place_words")
        if _all_text(stored) and stored.keys() == self.by_code.keys():
            return stored
        return {p.code: " ".join(tokens(f"{p.location} {p.find_it}")) for p in self.points}

    @cached_property
    def by_place_word(self) -> Mapping[str, frozenset[str]]:
        """Location word -> codes of the points whose location text uses it (an inverted index)."""
        return self._restored("by_place_word", lambda codes: frozenset(codes.split()), self._place_index)

    def _place_index(self) -> dict[str, frozenset[str]]:
        postings: dict[str, set[str]] = {}
        for code, words in self.place_words.items():
            for word in words.split():
                postings.setdefault(word, set()).add(code)
        return {word: frozenset(codes) for word, codes in postings.items()}

    @cached_property
    def legacy(self) -> Mapping[str, tuple[Point, ...]]:
        """Code in today's form ('BL-48') -> the points it meant in an older numbering."""
        return self._restored("legacy", lambda codes: tuple(self.by_code[c] for c in codes.split()),
                              self._legacy_index)

    def _legacy_index(self) -> dict[str, tuple[Point, ...]]:
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

    def resolve(self, text: str) -> Resolution | None:
        """Resolve one point from any notation, or None. Codes win over names."""
        ref = self.parse_code(text)
        if ref is not None:
            point = self.by_code.get(ref.code)
            legacy = tuple(p for p in self.legacy.get(ref.code, ()) if p.code != ref.code)
            if point is not None:
                return Resolution(point, "code", legacy)
            if legacy:
                return Resolution(legacy[0], "older code", legacy[1:])
            return None
        matches = sorted(self.by_name.get(name_key(text), []), key=lambda m: self.order[m[0].code])
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

    def code_in_range(self, ref: CodeRef) -> bool:
        """Whether a parsed code is a real point number for its meridian (BL-99 is not)."""
        meridian = self.meridian_by_code.get(ref.meridian)
        return meridian is not None and 1 <= ref.number <= meridian.points

