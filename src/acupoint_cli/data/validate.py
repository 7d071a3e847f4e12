"""Validate parsed catalogue data and build the immutable records from it.

Validation collects all problems before failing, each naming the entry and the field, so
that a person fixing a hand-edited catalogue sees everything in one run. Only data parsed
from the catalogue file itself passes through here; a cache hit restores records that were
validated when their snapshot was written (see `snapshot`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Any

from .catalogue import Catalogue, prefix_table
from .errors import CatalogueError, Problem
from .normalise import format_code, name_key, parse_code, pinyin_keys
from .records import (
    NOT_IN_PREGNANCY,
    POSITIONS,
    PREGNANCY_NUANCES,
    PRESSURES,
    SIDES,
    STEP_SIDES,
    Caution,
    CautionKind,
    Declined,
    Hanzi,
    Meridian,
    Point,
    Records,
    RedFlags,
    Region,
    Routine,
    Safety,
    Site,
    Source,
    Step,
    StepWay,
    Symptom,
    Technique,
    Where,
)
from .text import first_unsafe
from .views import View, contains, load_views


def build_catalogue(data: Any, path: str, text: str | None = None) -> Catalogue:
    """Validate parsed catalogue data and build the records.

    With the YAML `text`, each problem also gets the line of the entry it names.
    """
    checker = _Checker()
    catalogue = checker.build(data, path)
    if checker.problems or catalogue is None:
        lines = _entry_lines(text) if text is not None else {}
        raise CatalogueError(path, [p._replace(line=_line_of(p.entry, lines)) for p in checker.problems])
    return catalogue


_ITEM = re.compile(r"^(\s*)-\s")
_NAME = re.compile(r"\b(?:code|id):\s*['\"]?([^'\",}\s]+)")


def _entry_lines(text: str) -> dict[tuple[str, str], int]:
    """(top-level key, item index or its code/id) -> line of that list item, read off the text.

    A light scan, not a second parse: items are the lines starting with the first indent of
    "- " met under each top-level key. It only adds line numbers to messages.
    """
    lines: dict[tuple[str, str], int] = {}
    key, indent, count = "", None, 0
    rows = text.splitlines()
    for number, line in enumerate(rows, 1):
        if line and not line[0].isspace() and not line.startswith(("#", "-")):
            key, indent, count = line.split(":", 1)[0].strip(), None, 0
            continue
        item = _ITEM.match(line)
        if not item or not key or (indent is not None and len(item.group(1)) != indent):
            continue
        indent = len(item.group(1))
        lines[(key, str(count))] = number
        count += 1
        name = _NAME.search(line) or _NAME.search(rows[number] if number < len(rows) else "")
        if name:
            lines.setdefault((key, name.group(1)), number)
    return lines


def _line_of(entry: str, lines: dict[tuple[str, str], int]) -> int | None:
    """The line of an entry named like 'points[12] BL-40' or 'symptoms sciatica'."""
    head, _, rest = entry.partition(" ")
    key, _, index = head.partition("[")
    if index:
        return lines.get((key, index.rstrip("]")))
    return lines.get((key, rest.split(" ")[0])) if rest else None


# Field specs: name -> (kind, required). Kinds: str, int, strs (list of str), weights
# (mapping str -> int), or a nested spec dict / [spec] for a list of mappings.
_SOURCE = {"id": ("str", True), "title": ("str", True), "citation": ("str", True), "use": ("str", True)}
_MERIDIAN = {"code": ("str", True), "name": ("str", True), "variants": ("strs", True), "points": ("int", True)}
_REGION = {"id": ("str", True), "label": ("str", True), "words": ("strs", False)}
_SYMPTOM = {"id": ("str", True), "label": ("str", True), "synonyms": ("strs", False), "key_points": ("strs", False),
            "references": ("strs", False)}
_CAUTION_KIND = {"id": ("str", True), "label": ("str", True), "advice": ("str", True)}
_RED_FLAGS = {"routines": ("strs", True), "title": ("str", True), "emergency": ("strs", True),
              "urgent": ("strs", True), "sources": ("strs", True)}
_DECLINED = {"topic": ("str", True), "phrases": ("strs", True), "message": ("str", True), "sources": ("strs", True)}
_SAFETY = {"notice": ("str", True), "stop_if": ("str", True), "general": ("strs", True),
           "red_flags": ([_RED_FLAGS], True), "declined": ([_DECLINED], False)}
_TECHNIQUE = {
    "pressure": ("str", True), "hold_seconds": ("int", True), "positions": ("strs", True),
    "sides": ("str", True), "how": ("str", True),
}
_CAUTION = {"kind": ("str", True), "note": ("str", True), "why": ("str", False), "sources": ("strs", False),
            "nuance": ("str", False)}
_POINT = {
    "code": ("str", True), "meridian": ("str", True), "number": ("int", True), "pinyin": ("str", True),
    "hanzi": ({"traditional": ("str", True), "simplified": ("str", True)}, True),
    "english": ("str", True), "aliases": ("strs", False), "group_names": ("strs", False),
    "legacy_codes": ("strs", False),
    "region": ("str", True), "map": ("where", True), "sites": ("list", False), "location": ("str", True),
    "find_it": ("str", True),
    "indications": ("weights", True), "technique": (_TECHNIQUE, True), "cautions": ([_CAUTION], False),
    "categories": ("strs", False), "sources": ("strs", True),
}
_STEP = {
    "points": ("strs", True), "position": ("str", True), "tool": ("str", True), "pressure": ("str", True),
    "hold_seconds": ("int", True), "breathing": ("str", True), "feel": ("str", True),
    "sides": ("str", True), "partner": ("str", False),
    "pregnancy": ({"position": ("str", True), "tool": ("str", True)}, False),
}
_ROUTINE = {"id": ("str", True), "title": ("str", True), "summary": ("str", True), "steps": ([_STEP], True)}
_TOP: dict[str, tuple[Any, bool]] = {
    "schema": ("int", True), "sources": ([_SOURCE], True), "meridians": ([_MERIDIAN], True),
    "regions": ([_REGION], True), "symptoms": ([_SYMPTOM], True), "caution_kinds": ([_CAUTION_KIND], True),
    "safety": (_SAFETY, True), "points": ([_POINT], True), "routines": ([_ROUTINE], False),
}
_VALID = {
    "str": lambda v: isinstance(v, str) and v.strip() != "",
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
    "strs": lambda v: isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v),
    "weights": lambda v: isinstance(v, dict) and bool(v) and all(
        isinstance(k, str) and isinstance(w, int) and not isinstance(w, bool) for k, w in v.items()),
    "where": lambda v: isinstance(v, dict),  # its fields are checked in _Checker.where
}
MAX_SITE_LABEL = 40  # a site's label tells one spot of a point from its others: "T1", "index-middle web"
_TYPE_NAMES = {"str": "text", "int": "a whole number", "list": "a list", "strs": "a list of texts",
               "weights": "a mapping of symptom ids to weights", "where": "a mapping {view, x, y}"}


def _on_a_ball(tool: str) -> bool:
    """Whether a step's tool has the person lie on a ball (or balls), which pregnancy rules out."""
    return re.search(r"\bballs?\b", tool, re.IGNORECASE) is not None


class _Checker:
    """Shape checks first (types, required and unknown keys), then cross-references."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._views: dict[str, View] | None = None
        self._views_read = False

    def problem(self, entry: str, field: str, message: str) -> None:
        self.problems.append(Problem(entry, field, message))

    # ---- shape ---------------------------------------------------------------------------
    def shape(self, value: Any, spec: dict[str, tuple[Any, bool]], entry: str) -> bool:
        if not isinstance(value, dict):
            self.problem(entry, "", "must be a mapping of fields")
            return False
        ok = True
        for key in value:
            if key not in spec:
                self.problem(entry, str(key), f"unknown field (expected one of: {', '.join(spec)})")
                ok = False
        for key, (kind, required) in spec.items():
            if key not in value or value[key] is None:
                if required:
                    self.problem(entry, key, "missing required field")
                    ok = False
                continue
            ok = self.kind(value[key], kind, entry, key) and ok
        return ok

    def kind(self, value: Any, kind: Any, entry: str, field: str) -> bool:
        if isinstance(kind, dict):
            return self.shape(value, kind, f"{entry} {field}")
        if isinstance(kind, list):
            return len(self.items(value, kind[0], entry, field)) == len(value) if isinstance(value, list) else \
                self.kind(value, "list", entry, field)
        valid = _VALID[kind](value)
        if not valid:
            self.problem(entry, field, f"must be {_TYPE_NAMES[kind]}" + (" (not empty)" if kind == "str" else ""))
        elif kind in ("str", "strs"):
            unsafe = next(filter(None, map(first_unsafe, [value] if kind == "str" else value)), None)
            if unsafe:
                what, does = (("a control character", "would act on the terminal it is printed to")
                              if unicodedata.category(unsafe) == "Cc" else
                              ("an invisible formatting character", "would make the text read other than it is"))
                self.problem(entry, field, f"contains {what} (U+{ord(unsafe):04X}), which {does}; remove it")
                return False
        return valid

    def items(self, value: list[Any], spec: dict[str, tuple[Any, bool]], entry: str, field: str) -> list[Any]:
        """The items of a list that have the right shape; each other one is a problem."""
        valid = []
        prefix = f"{entry} " if entry != "catalogue" else ""
        for i, item in enumerate(value):
            name = (item.get("code") or item.get("id") or "") if isinstance(item, dict) else ""
            if self.shape(item, spec, f"{prefix}{field}[{i}] {name}".rstrip()):
                valid.append(item)
        return valid

    # ---- build ---------------------------------------------------------------------------
    def build(self, data: Any, path: str) -> Catalogue | None:
        """Check the top level, keep the well-shaped entries, then check cross-references.

        Entries with a broken shape are reported and left out, so that the problems of the
        remaining entries (unknown regions, dangling codes) are reported in the same run.
        """
        lists = {key for key, (kind, _) in _TOP.items() if isinstance(kind, list)}
        top = {key: ("list" if key in lists else kind, required) for key, (kind, required) in _TOP.items()}
        if not self.shape(data, top, "catalogue"):
            return None
        written = {p["code"] for p in data.get("points") or []
                   if isinstance(p, dict) and isinstance(p.get("code"), str)}
        data = {**data, **{key: self.items(data.get(key) or [], _TOP[key][0][0], "catalogue", key) for key in lists}}
        sources = tuple(Source(**s) for s in data["sources"])
        meridians = tuple(Meridian(m["code"], m["name"], tuple(m["variants"]), m["points"])
                          for m in data["meridians"])
        regions = tuple(Region(r["id"], r["label"], tuple(r.get("words") or ())) for r in data["regions"])
        symptoms = tuple(Symptom(s["id"], s["label"], tuple(s.get("synonyms") or ()), tuple(s.get("key_points") or ()),
                                 tuple(s.get("references") or ())) for s in data["symptoms"])
        caution_kinds = tuple(CautionKind(**c) for c in data["caution_kinds"])
        raw_safety = data["safety"]
        red_flags = tuple(RedFlags(tuple(r["routines"]), r["title"], tuple(r["emergency"]), tuple(r["urgent"]),
                                   tuple(r["sources"])) for r in raw_safety["red_flags"])
        declined = tuple(Declined(d["topic"], tuple(d["phrases"]), d["message"], tuple(d["sources"]))
                         for d in raw_safety.get("declined") or ())
        safety = Safety(raw_safety["notice"], raw_safety["stop_if"], tuple(raw_safety["general"]), red_flags, declined)
        for label, items, key in (("sources", sources, "id"), ("meridians", meridians, "code"),
                                  ("regions", regions, "id"), ("symptoms", symptoms, "id"),
                                  ("caution_kinds", caution_kinds, "id")):
            self.unique(label, [getattr(i, key) for i in items], key)
        prefixes = self.check_meridians(meridians)
        ids = {
            "meridian": {m.code: m for m in meridians}, "region": {r.id for r in regions},
            "symptom": {s.id for s in symptoms}, "caution": {c.id for c in caution_kinds},
            "source": {s.id for s in sources},
        }
        points = tuple(self.point(raw, i, ids, prefixes) for i, raw in enumerate(data["points"]))
        self.unique("points", [p.code for p in points], "code")
        self.check_names(points)
        codes = {p.code for p in points} | written  # a malformed point is reported once, not as missing
        self.check_key_points(symptoms, points, codes)
        routines = tuple(self.routine(raw, i, codes, points) for i, raw in enumerate(data.get("routines") or []))
        self.unique("routines", [r.id for r in routines], "id")
        self.check_red_flags(red_flags, routines, ids["source"])
        for topic in declined:
            for source in topic.sources:
                if source not in ids["source"]:
                    self.problem(f"safety declined {topic.topic}", "sources", f"{source!r} is not a source")
        return Catalogue(Records(sources, meridians, regions, symptoms, caution_kinds, safety, points, routines), path)

    def unique(self, label: str, values: list[str], field: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.problem(f"{label} {value}", field, "duplicate")
            seen.add(value)

    def check_meridians(self, meridians: tuple[Meridian, ...]) -> dict[str, str]:
        prefixes, clashes = prefix_table(meridians)
        for meridian, variant, owner in clashes:
            self.problem(f"meridians {meridian.code}", "variants", f"{variant!r} already names meridian {owner}")
        return prefixes

    def point(self, raw: dict[str, Any], index: int, ids: dict[str, Any], prefixes: dict[str, str]) -> Point:
        entry = f"points[{index}] {raw.get('code', '?')}"
        meridian = ids["meridian"].get(raw["meridian"])
        if meridian is None:
            self.problem(entry, "meridian", f"unknown meridian {raw['meridian']!r}")
        else:
            if raw["code"] != format_code(raw["meridian"], raw["number"]):
                self.problem(entry, "code", f"should be {format_code(raw['meridian'], raw['number'])} "
                             "for its meridian and number")
            if not 1 <= raw["number"] <= meridian.points:
                self.problem(entry, "number", f"{meridian.code} has points 1 to {meridian.points}")
        if raw["region"] not in ids["region"]:
            self.problem(entry, "region", f"unknown region {raw['region']!r}")
        for symptom, weight in raw["indications"].items():
            if symptom not in ids["symptom"]:
                self.problem(entry, "indications", f"{symptom!r} is not in the symptom vocabulary")
            if weight not in (1, 2, 3):
                self.problem(entry, "indications", f"weight of {symptom!r} must be 1, 2 or 3")
        for old in raw.get("legacy_codes") or ():
            if parse_code(old, prefixes) is None:
                self.problem(entry, "legacy_codes", f"{old!r} is not a point code")
        self.known_sources(entry, "sources", raw["sources"], ids["source"])
        cautions = self.cautions(entry, raw.get("cautions") or (), ids)
        before = len(self.problems)
        where = self.where(entry, raw["map"])
        sites = self.sites(entry, raw.get("sites"), where if len(self.problems) == before else None)
        technique = Technique(**{**raw["technique"], "positions": tuple(raw["technique"]["positions"])})
        self.technique(entry, "technique", technique.pressure, technique.hold_seconds, technique.positions)
        if technique.sides not in SIDES:
            self.problem(entry, "technique sides", f"must be one of {', '.join(SIDES)}")
        return Point(
            code=raw["code"], meridian=raw["meridian"], number=raw["number"], pinyin=raw["pinyin"].strip(),
            hanzi=Hanzi(**raw["hanzi"]), english=raw["english"], aliases=tuple(raw.get("aliases") or ()),
            group_names=tuple(raw.get("group_names") or ()),
            legacy_codes=tuple(raw.get("legacy_codes") or ()), region=raw["region"], where=where, sites=sites,
            location=" ".join(raw["location"].split()), find_it=" ".join(raw["find_it"].split()),
            indications=tuple(sorted(raw["indications"].items(), key=lambda kv: -kv[1])),
            technique=technique, cautions=cautions, categories=tuple(raw.get("categories") or ()),
            sources=tuple(raw["sources"]),
        )

    def cautions(self, entry: str, raw: Any, ids: dict[str, Any]) -> tuple[Caution, ...]:
        cautions = tuple(Caution(c["kind"], c["note"], " ".join(c.get("why", "").split()),
                                 tuple(c.get("sources") or ()), c.get("nuance", "")) for c in raw)
        for caution in cautions:
            if caution.kind not in ids["caution"]:
                self.problem(entry, "cautions", f"unknown caution kind {caution.kind!r}")
            self.known_sources(entry, "cautions sources", caution.sources, ids["source"])
            if caution.nuance and (caution.kind != "pregnancy" or caution.nuance not in PREGNANCY_NUANCES):
                self.problem(entry, "cautions nuance", "only a pregnancy caution has a nuance, one of "
                             + ", ".join(PREGNANCY_NUANCES))
        return cautions

    def known_sources(self, entry: str, field: str, sources: Any, known: Collection[str]) -> None:
        for source in sources:
            if source not in known:
                self.problem(entry, field, f"unknown source {source!r}")

    def where(self, entry: str, raw: dict[str, Any], field: str = "map", keys: tuple[str, ...] = ("view", "x", "y"),
              decimals: int | None = None) -> Where:
        """The point's place on a body-map view: a known view, x and y in [0, 1] (with at most
        `decimals` decimals, if given), on the body. `keys` are the fields `raw` may have."""
        problems = len(self.problems)
        for key in raw:
            if key not in keys:
                self.problem(entry, field, f"unknown field {key!r} (expected {', '.join(keys)})")
        view_id, x, y = raw.get("view"), raw.get("x"), raw.get("y")
        views = self.views()
        if not isinstance(view_id, str):
            self.problem(entry, field, "view: missing or not a text")
        elif views is not None and view_id not in views:
            self.problem(entry, field, f"unknown view {view_id!r} (expected one of: {', '.join(views)})")
        for axis, value in (("x", x), ("y", y)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.problem(entry, field, f"{axis}: missing or not a number")
            elif not 0 <= value <= 1:
                self.problem(entry, field, f"{axis} = {value} is outside [0, 1]")
            elif decimals is not None and round(value, decimals) != value:
                self.problem(entry, field, f"{axis} = {value} has more than {decimals} decimals")
        if len(self.problems) > problems or views is None:
            return Where(str(view_id), 0.0, 0.0)
        assert isinstance(view_id, str) and isinstance(x, int | float) and isinstance(y, int | float)  # checked above
        if not contains(views[view_id], x, y):
            self.problem(entry, field, f"({x}, {y}) is outside the outline of the {view_id} view")
        return Where(view_id, float(x), float(y))

    def sites(self, entry: str, raw: Any, main: Where | None) -> tuple[Site, ...]:
        """Every spot of a point that has several: each placed as `map` is (3 decimals at most), on the
        map's view (one figure shows the whole point), no spot twice, and the map's spot among them.
        `main` is the map's spot, or None when `map` itself has a problem."""
        if raw is None:
            return ()
        if not isinstance(raw, list) or len(raw) < 2:
            self.problem(entry, "sites", "must list two or more spots {view, x, y, label}, the map's among them")
            return ()
        problems = len(self.problems)
        sites: list[Site] = []
        seen: dict[Where, int] = {}
        for index, item in enumerate(raw):
            field = f"sites[{index}]"
            if not isinstance(item, dict):
                self.problem(entry, field, "must be a mapping {view, x, y, label}")
                continue
            label = item.get("label", "")
            if "label" in item and not self.kind(label, "str", entry, f"{field} label"):
                continue
            label = " ".join(label.split())
            if len(label) > MAX_SITE_LABEL:
                self.problem(entry, f"{field} label", f"must be at most {MAX_SITE_LABEL} characters")
                continue
            before = len(self.problems)
            where = self.where(entry, item, field, ("view", "x", "y", "label"), decimals=3)
            if len(self.problems) > before:
                continue
            if main is not None and where.view != main.view:
                self.problem(entry, field, f"view {where.view!r} is not the map's view {main.view!r}: every spot of "
                             "a point is drawn on one figure")
            elif where in seen:
                self.problem(entry, field, f"({where.x}, {where.y}) is the same spot as sites[{seen[where]}]")
            else:
                seen[where] = index
                sites.append(Site(where, label))
        if main is not None and len(self.problems) == problems and main not in seen:
            self.problem(entry, "sites", f"must include the map's spot ({main.view}, {main.x}, {main.y})")
        return tuple(sites)

    def views(self) -> dict[str, View] | None:
        """The bundled body-map views (read once); None, and one problem, if they cannot be read."""
        if not self._views_read:
            self._views_read = True
            try:
                self._views = load_views()
            except (OSError, ValueError, KeyError, TypeError) as exc:
                self.problem("views", "", f"the body-map views cannot be read ({exc})")
        return self._views

    def technique(self, entry: str, field: str, pressure: str, seconds: int, positions: tuple[str, ...]) -> None:
        if pressure not in PRESSURES:
            self.problem(entry, f"{field} pressure", f"must be one of {', '.join(PRESSURES)}")
        if not 5 <= seconds <= 600:
            self.problem(entry, f"{field} hold_seconds", "must be between 5 and 600")
        for position in positions:
            if position not in POSITIONS:
                self.problem(entry, f"{field} position", f"{position!r} is not one of {', '.join(POSITIONS)}")

    def check_names(self, points: tuple[Point, ...]) -> None:
        """An alias or English name may not also name another point, or a look-up would guess.

        Pinyin may repeat (LI-18 and ST-32 are both Futu); the characters then tell them apart.
        A name that covers several points on purpose ("Sea of Vitality": BL-23 and BL-52) is
        a group name, and may not be any point's own name.
        """
        owners: dict[str, str] = {}
        for point in points:
            for key in pinyin_keys(point.pinyin) | {name_key(point.hanzi.traditional),
                                                     name_key(point.hanzi.simplified)}:
                owners.setdefault(key, point.code)
        for point in points:
            for name in (point.english, *point.aliases):
                owner = owners.setdefault(name_key(name), point.code)
                if owner != point.code:
                    self.problem(f"points {point.code}", "aliases", f"{name!r} already names {owner}")
        for point in points:
            for name in point.group_names:
                other = owners.get(name_key(name))
                if other is not None:
                    self.problem(f"points {point.code}", "group_names", f"{name!r} is the own name of {other}")

    def pregnancy_way(self, where: str, step: dict[str, Any], way: StepWay | None, points: list[Point]) -> None:
        """A step a pregnancy-safe routine keeps must have a pregnancy-safe way: not lying on the
        back or the belly, and not on a ball."""
        if way is not None:
            self.technique(where, "pregnancy", step["pressure"], step["hold_seconds"], (way.position,))
            if way.position in NOT_IN_PREGNANCY or _on_a_ball(way.tool):
                self.problem(where, "pregnancy", "must be a position other than lying on the back or the belly, "
                             "without a ball")
        elif (step["position"] in NOT_IN_PREGNANCY or _on_a_ball(step["tool"])) \
                and any(not p.pregnancy_caution for p in points):
            self.problem(where, "pregnancy", "a pregnancy-safe routine keeps this step: give the way to do it "
                         "in pregnancy ({position, tool}), not lying on the back or the belly, without a ball")

    def check_red_flags(
        self, red_flags: tuple[RedFlags, ...], routines: tuple[Routine, ...], sources: Collection[str]
    ) -> None:
        """Every routine shows one list of red flags, each list from named sources."""
        owners: dict[str, str] = {}
        for flags in red_flags:
            entry = f"safety red_flags {flags.title}"
            self.known_sources(entry, "sources", flags.sources, sources)
            for routine in flags.routines:
                if owners.setdefault(routine, flags.title) != flags.title:
                    self.problem(entry, "routines", f"{routine!r} already has the red flags of {owners[routine]}")
        known = {r.id for r in routines}
        for name in sorted(set(owners) - known):
            self.problem(f"safety red_flags {owners[name]}", "routines", f"{name!r} is not a routine")
        for name in sorted(known - set(owners)):
            self.problem(f"routines {name}", "", "no red_flags list in safety names this routine")

    def check_key_points(self, symptoms: tuple[Symptom, ...], points: tuple[Point, ...], codes: set[str]) -> None:
        """A key point must exist and list the symptom among its indications."""
        by_code = {p.code: p for p in points}
        for symptom in symptoms:
            for code in symptom.key_points:
                point = by_code.get(code)
                if code not in codes:
                    self.problem(f"symptoms {symptom.id}", "key_points", f"{code!r} is not a point in this catalogue")
                elif point is not None and symptom.id not in dict(point.indications):
                    self.problem(f"symptoms {symptom.id}", "key_points", f"{code} does not list {symptom.id!r}")

    def routine(self, raw: dict[str, Any], index: int, codes: set[str], points: tuple[Point, ...]) -> Routine:
        entry = f"routines[{index}] {raw.get('id', '?')}"
        by_code = {p.code: p for p in points}
        steps = []
        for n, step in enumerate(raw["steps"]):
            where = f"{entry} steps[{n}]"
            for code in step["points"]:
                if code not in codes:
                    self.problem(where, "points", f"{code!r} is not a point in this catalogue")
                elif code in by_code and not by_code[code].self_care:
                    self.problem(where, "points", f"{code} is not for pressing on yourself; a routine cannot use it")
            self.technique(where, "", step["pressure"], step["hold_seconds"], (step["position"],))
            if step["sides"] not in STEP_SIDES:
                self.problem(where, "sides", f"must be one of {', '.join(STEP_SIDES)}")
            way = StepWay(**step["pregnancy"]) if step.get("pregnancy") else None
            self.pregnancy_way(where, step, way, [by_code[c] for c in step["points"] if c in by_code])
            steps.append(Step(tuple(step["points"]), step["position"], step["tool"], step["pressure"],
                              step["hold_seconds"], step["breathing"], step["feel"], step["sides"],
                              step.get("partner"), way))
        if not steps:
            self.problem(entry, "steps", "a routine needs at least one step")
        return Routine(raw["id"], raw["title"], raw["summary"], tuple(steps))
