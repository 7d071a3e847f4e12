"""The catalogue's records: plain immutable values (NamedTuples), built once by validation or by
the snapshot codec, and never changed. `Records` is one catalogue's whole content.

NamedTuples rather than dataclasses, and no `from __future__ import annotations`: both would
make defining these 18 classes, which every command does, cost twice as much (about 3 ms).
"""

from typing import NamedTuple

# The closed vocabularies of techniques and routine steps.
PRESSURES = ("light", "moderate", "firm")
POSITIONS = ("sitting", "lying-back", "lying-front", "lying-side", "standing")
SIDES = ("both", "midline")
# Positions a pregnant person should not be asked to take (lying on the back or the belly); a step
# in one of them, or on a ball, needs a `pregnancy` way to be kept in a pregnancy-safe routine.
NOT_IN_PREGNANCY = ("lying-back", "lying-front")
# How a pregnancy caution differs from "avoid it throughout pregnancy".
PREGNANCY_NUANCES = ("after-third-month", "some-sources")
STEP_SIDES = ("together", "each")
# The caution kind of points not for pressing on oneself (the rule is in data/README.md).
NOT_FOR_SELF = "not-for-self"
# The body-map views that show both sides of the body, mirror-symmetric about x = 0.5 (the
# `symmetric` views of data/views.json; a test keeps the two in step). Kept here so that JSON
# output can give a point's mirror without reading the views.
SYMMETRIC_VIEWS = ("front", "back")


class Source(NamedTuple):
    id: str
    title: str  # a readable name, shown beside a point
    citation: str  # the full reference: authors, title, publisher or address, year
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
    references: tuple[str, ...] = ()  # where the key points come from (addresses or citations)


class CautionKind(NamedTuple):
    id: str
    label: str
    advice: str


class Caution(NamedTuple):
    kind: str
    note: str  # plain words for the person pressing
    why: str = ""  # provenance: which sources say what, and why acupoint chose (--verbose, --json)
    sources: tuple[str, ...] = ()  # `Source` ids
    nuance: str = ""  # pregnancy only: one of PREGNANCY_NUANCES, or "" for the whole pregnancy


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


class Site(NamedTuple):
    """One spot of a point that has several (EX-B2 has one beside each vertebra from T1 to L5): where
    it is drawn, placed like `Where` (on the person's right side for a point on both sides), and a
    short label that tells it from the others ("T1", "index-middle web"); "" when there is none."""

    where: Where
    label: str


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
    sites: tuple[Site, ...]  # every spot of a point with several, `where` among them; () for one spot
    location: str
    find_it: str
    indications: tuple[tuple[str, int], ...]
    technique: Technique
    cautions: tuple[Caution, ...]
    categories: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def self_care(self) -> bool:
        """False for a point a lay person should not press on themselves (a NOT_FOR_SELF caution):
        shown for students, never offered for a complaint or put in a routine."""
        return all(c.kind != NOT_FOR_SELF for c in self.cautions)

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

    @property
    def every_site(self) -> tuple[Site, ...]:
        """Every spot of the point on the person's right side (or the midline): its `sites` in the
        catalogue's order, or its one `where` spot, unlabelled. The left side's are their `mirrored()`."""
        return self.sites or (Site(self.where, ""),)


class StepWay(NamedTuple):
    """Another way to do a step: its position and tool (a pregnancy-safe routine's)."""

    position: str
    tool: str


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
    pregnancy: StepWay | None = None  # the way to do it in a pregnancy-safe routine, where needed


class Routine(NamedTuple):
    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]


class RedFlags(NamedTuple):
    """Signs that need a doctor before any pressing, for the routines of one part of the body."""

    routines: tuple[str, ...]  # `Routine` ids
    title: str  # what the pain is ("back pain", "neck or shoulder pain")
    emergency: tuple[str, ...]  # get emergency help now
    urgent: tuple[str, ...]  # see a doctor within a day
    sources: tuple[str, ...]  # `Source` ids


class Declined(NamedTuple):
    """Something acupoint never suggests points for (starting labour): what a person may write for
    it, and what to tell them instead."""

    topic: str
    phrases: tuple[str, ...]  # as people write it ("induce labour", "bring on labor")
    message: str  # one or two plain sentences: why not, and whom to ask
    sources: tuple[str, ...]  # `Source` ids


class Safety(NamedTuple):
    notice: str
    stop_if: str
    general: tuple[str, ...]
    red_flags: tuple[RedFlags, ...]
    declined: tuple[Declined, ...] = ()

    def red_flags_for(self, routine: str) -> RedFlags | None:
        return next((r for r in self.red_flags if routine in r.routines), None)


class Resolution(NamedTuple):
    """What a user's text resolved to, and how: a point plus any older meaning of the code."""

    point: Point
    matched_as: str
    legacy_meanings: tuple[Point, ...] = ()
    same_name: tuple[Point, ...] = ()
    today: Point | None = None  # what the code names in today's numbering, when an older reading won


class Records(NamedTuple):
    """Everything one catalogue file says, validated."""

    sources: tuple[Source, ...]
    meridians: tuple[Meridian, ...]
    regions: tuple[Region, ...]
    symptoms: tuple[Symptom, ...]
    caution_kinds: tuple[CautionKind, ...]
    safety: Safety
    points: tuple[Point, ...]
    routines: tuple[Routine, ...]


# The field layout of every record kept in a snapshot: part of the cache's stamp, so that a
# cache written by code with other record fields is never read as this one.
LAYOUT = ";".join(",".join(r._fields) for r in (Source, Meridian, Region, Symptom, CautionKind, RedFlags,
                                                Declined, Safety, Hanzi, Where, Site, Technique, Caution, Point,
                                                StepWay, Step, Routine, Records))
