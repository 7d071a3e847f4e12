"""The snapshot codec: a validated catalogue as bytes, and back, whole or not at all.

A snapshot makes a warm start cheap: parsing the bundled points.yaml with PyYAML's C loader
takes about 120 ms and validating it 14 ms; decoding its snapshot takes about 4. The user's
cache holds one snapshot per catalogue file, and a wheel carries the bundled catalogue's
(hatch_build.py). It is JSON only, never pickle, never code:

    line 1  the header: format, tool version, record layout, a checksum of the word rules the
            stored indexes were made with (`normalise.rules_stamp`), the catalogue's size and CRC-32,
            the names of the stored indexes, and the CRC-32 of everything after this line
    line 2  the records (`Records` as nested lists)
    then    one line per stored index, as `Catalogue.stored_indexes()` gave it

`decode` returns None on any mismatch (another format, tool version or record layout, another
catalogue content), damage (the checksum covers every byte after the header) or shape; the
loader then parses the catalogue file again. The records are decoded at once; a stored index
is decoded when the catalogue first asks for it (`Stored.get`), which never raises: a stored
index that does not decode is simply computed instead. The checksum detects accidents, not
forgery: a snapshot is as trusted as the catalogue file it was made from.
"""

import json
import os
import stat
import zlib
from collections.abc import Mapping
from typing import Any, NamedTuple

from .. import __version__
from .files import write_atomically
from .normalise import rules_stamp
from .records import (
    LAYOUT,
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

FORMAT = 18
# A snapshot larger than this is not read (the bundled one is about 0.6 MB; a catalogue may have
# 20 MB, whose snapshot is smaller than its YAML).
MAX_BYTES = 64 * 1024 * 1024


class Stored:
    """The stored indexes of a snapshot, each decoded when first asked for."""

    def __init__(self, lines: Mapping[str, bytes]) -> None:
        self._lines = lines

    def get(self, name: str) -> Any:
        """The index as stored (JSON values), or None when there is none or it does not decode."""
        line = self._lines.get(name)
        if line is None:
            return None
        try:
            return json.loads(line)
        except (ValueError, RecursionError):
            return None


class Snapshot(NamedTuple):
    records: Records
    stored: Stored


def stamp(content: bytes) -> dict[str, Any]:
    """What ties a snapshot to this code and to a catalogue's content (not its mtime: a copy
    made with `cp -p`, or an edit within the same second, changes the content and so the stamp)."""
    return {"format": FORMAT, "version": __version__, "layout": zlib.crc32(LAYOUT.encode()), "words": rules_stamp(),
            "size": len(content), "content_crc": zlib.crc32(content)}


def encode(records: Records, indexes: Mapping[str, object], expected: Mapping[str, Any]) -> bytes:
    """The snapshot of `records`, with their stored `indexes`, under the stamp `expected`."""
    body = [_json(records), *(_json(value) for value in indexes.values())]
    joined = b"\n".join(body)
    header = {**expected, "indexes": list(indexes), "crc": zlib.crc32(joined)}
    return _json(header) + b"\n" + joined


def decode(data: bytes, expected: Mapping[str, Any]) -> Snapshot | None:
    """The records and stored indexes of a snapshot stamped `expected` (see `stamp`), or None."""
    header_line, _, body = data.partition(b"\n")
    try:
        header = json.loads(header_line)
        names = header.pop("indexes")
        crc = header.pop("crc")
        if header != expected or crc != zlib.crc32(body):
            return None
        records_line, *index_lines = body.split(b"\n")
        if not isinstance(names, list) or len(names) != len(index_lines):
            return None
        return Snapshot(_records(json.loads(records_line)), Stored(dict(zip(names, index_lines, strict=True))))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def read(path: str, expected: Mapping[str, Any]) -> Snapshot | None:
    """The snapshot at `path` if it is a regular file of bounded size stamped `expected`, else None.

    A FIFO, a device or a link to one is never opened for reading whole (nor waited on).
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            return None
        with os.fdopen(handle, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    return decode(data, expected) if len(data) <= MAX_BYTES else None


def write(path: str, data: bytes) -> None:
    """Store a snapshot atomically; a cache that cannot be written only means a slower start."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomically(path, data, prefix=".tmp-", shared=False)
    except OSError:
        return


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _point(code: str, meridian: str, number: int, pinyin: str, hanzi: list[str], english: str, aliases: list[str],
           group_names: list[str], legacy_codes: list[str], region: str, where: list[Any], sites: list[list[Any]],
           location: str, find_it: str, indications: list[list[Any]], technique: list[Any], cautions: list[list[Any]],
           categories: list[str], sources: list[str]) -> Point:
    pressure, hold, positions, sides, how = technique
    view, x, y = where
    return Point(code, meridian, number, pinyin, Hanzi(*hanzi), english, tuple(aliases), tuple(group_names),
                 tuple(legacy_codes), region, Where(view, x, y),
                 tuple(Site(Where(*spot), label) for spot, label in sites), location, find_it,
                 tuple((s, w) for s, w in indications),
                 Technique(pressure, hold, tuple(positions), sides, how), tuple(_caution(*c) for c in cautions),
                 tuple(categories), tuple(sources))


def _caution(kind: str, note: str, why: str, sources: list[str], nuance: str) -> Caution:
    return Caution(kind, note, why, tuple(sources), nuance)


def _step(points: list[str], position: str, tool: str, pressure: str, hold: int, breathing: str, feel: str,
          sides: str, partner: str | None, pregnancy: list[str] | None) -> Step:
    way = StepWay(*pregnancy) if pregnancy is not None else None
    return Step(tuple(points), position, tool, pressure, hold, breathing, feel, sides, partner, way)


def _records(data: list[Any]) -> Records:
    """Records from their JSON form (every tuple a list); TypeError or ValueError on another shape."""
    sources, meridians, regions, symptoms, kinds, safety, points, routines = data
    return Records(
        tuple(Source(*s) for s in sources),
        tuple(Meridian(code, name, tuple(variants), count) for code, name, variants, count in meridians),
        tuple(Region(i, label, tuple(words)) for i, label, words in regions),
        tuple(Symptom(i, label, tuple(synonyms), tuple(key), tuple(refs))
              for i, label, synonyms, key, refs in symptoms),
        tuple(CautionKind(*k) for k in kinds),
        Safety(safety[0], safety[1], tuple(safety[2]),
               tuple(RedFlags(tuple(r), t, tuple(e), tuple(u), tuple(s)) for r, t, e, u, s in safety[3]),
               tuple(Declined(t, tuple(p), m, tuple(s)) for t, p, m, s in safety[4])),
        tuple(_point(*p) for p in points),
        tuple(Routine(i, title, summary, tuple(_step(*s) for s in steps))
              for i, title, summary, steps in routines),
    )
