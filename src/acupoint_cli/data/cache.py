"""A cache of validated catalogues, so that a command neither parses YAML nor re-validates.

Parsing the bundled catalogue with PyYAML's C loader takes about 120 ms and validating it
about 14 ms; restoring the records from this cache takes a few. An entry is written only
after the catalogue file validated, and holds its records as JSON (never pickle, never code),
one file per catalogue path:

    line 1   a JSON stamp: format, tool version, record layout, path, size, mtime, the number
             of points, the names of the stored indexes, and the CRC-32 of the records line,
             of the point lines together, and of each index line
    line 2   the records other than the points, which it lists by code (`Catalogue.snapshot()`)
    then     one line per point (`Catalogue.point_snapshot()`), decoded when a command first
             uses the point: `show BL-40` decodes 1 of 409 lines, saving about 5 ms
    then     one line per stored index (`Catalogue.index_snapshot()`), each checked and decoded
             only when a command uses it: a first `find` saves 30 ms

An entry whose stamp does not match the file and this code, whose checksum is wrong
(truncated, damaged, half-written) or whose records do not rebuild is ignored and rewritten:
damage costs time, never correctness. The checksum detects accidents, not forgery; an entry
is as trusted as the catalogue file beside it. Writing is atomic (a temporary file renamed
into place), and failure to write is ignored: a read-only or missing cache directory only
means no cache.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from typing import Any

from .. import __version__
from .catalogue import LAYOUT, Catalogue

FORMAT = 8
PACKAGED = "points.snapshot"  # the name of a wheel's snapshot, beside its points.yaml


def cache_dir() -> str:
    """$ACUPOINT_CACHE_DIR, else $XDG_CACHE_HOME/acupoint, else ~/.cache/acupoint.

    Plain os.path, not pathlib: this runs on every start, and pathlib costs about 3 ms to import.
    """
    explicit = os.environ.get("ACUPOINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "acupoint")


def _code_stamp() -> dict[str, Any]:
    """What ties an entry to this code: the entry format, the tool's version and the record layout."""
    return {"format": FORMAT, "version": __version__, "layout": zlib.crc32(LAYOUT.encode())}


def _stamp(file: str, size: int, mtime_ns: int) -> dict[str, Any]:
    return {**_code_stamp(), "path": file, "size": size, "mtime_ns": mtime_ns}


def _content_stamp(content: bytes) -> dict[str, Any]:
    """The stamp of a packaged snapshot: the catalogue's content, since installing changes mtimes."""
    return {**_code_stamp(), "size": len(content), "content_crc": zlib.crc32(content)}


def _entry(file: str) -> str:
    return os.path.join(cache_dir(), f"{zlib.crc32(file.encode('utf-8', 'surrogateescape')):08x}-{len(file)}.json")


def read(file: str, size: int, mtime_ns: int, reread: Callable[[], Catalogue]) -> Catalogue | None:
    """The cached catalogue of `file` in this state, or None.

    `reread()` parses the file again: the catalogue's points if a stored one does not rebuild
    (see `Catalogue.from_snapshot`).
    """
    return _read_entry(_entry(file), _stamp(file, size, mtime_ns), file, reread)


def read_packaged(file: str, reread: Callable[[], Catalogue]) -> Catalogue | None:
    """The snapshot a wheel carries beside its catalogue (see hatch_build.py), if it matches the file.

    It makes the first run after installing as fast as a warm start. Checking it costs reading
    the catalogue's bytes and a CRC-32 (under 1 ms); a source checkout has no snapshot.
    """
    snapshot = os.path.join(os.path.dirname(file), PACKAGED)
    if not os.path.isfile(snapshot):
        return None
    try:
        with open(file, "rb") as handle:
            content = handle.read()
    except OSError:
        return None
    return _read_entry(snapshot, _content_stamp(content), file, reread)


def write_packaged(file: str, catalogue: Catalogue, target: str) -> None:
    """Write the snapshot of the catalogue `file` for a wheel (used at build time only)."""
    with open(file, "rb") as handle:
        content = handle.read()
    with open(target, "wb") as out:
        out.write(_encode(_content_stamp(content), catalogue))


def _read_entry(path: str, expected: dict[str, Any], file: str, reread: Callable[[], Catalogue]
                ) -> Catalogue | None:
    try:
        with open(path, "rb") as handle:
            header = handle.readline()
            records, *lines = handle.read().split(b"\n")
        stamp = json.loads(header)
        crcs, count, names = stamp.pop("crc"), stamp.pop("points"), stamp.pop("indexes")
        points, indexes = lines[:count], lines[count:]
        if (stamp != expected or len(names) != len(indexes)
                or crcs[:2] != [zlib.crc32(records), zlib.crc32(b"\n".join(points))]):
            return None
        stored = dict(zip(names, zip(indexes, crcs[2:], strict=True), strict=True))
        return Catalogue.from_snapshot(json.loads(records), points, file, reread,
                                       lambda name: _checked(*stored[name]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _checked(data: bytes, crc: int) -> Any:
    if zlib.crc32(data) != crc:
        raise ValueError("damaged cache entry")
    return json.loads(data)


def _encode(stamp: dict[str, Any], catalogue: Catalogue) -> bytes:
    indexes = catalogue.index_snapshot()
    records, *stored = [json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                        for part in (catalogue.snapshot(), *indexes.values())]
    points = [line.encode("utf-8") for line in catalogue.point_snapshot()]
    crcs = [zlib.crc32(records), zlib.crc32(b"\n".join(points)), *map(zlib.crc32, stored)]
    header = json.dumps({**stamp, "points": len(points), "indexes": list(indexes), "crc": crcs}, ensure_ascii=False)
    return b"\n".join([header.encode("utf-8"), records, *points, *stored])


def write(file: str, size: int, mtime_ns: int, catalogue: Catalogue) -> None:
    """Store a validated catalogue for `file`; silently does nothing if the cache cannot be written."""
    from .files import write_atomically

    entry = _entry(file)
    try:
        data = _encode(_stamp(file, size, mtime_ns), catalogue)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        write_atomically(entry, data, prefix=".tmp-", shared=False)
    except (OSError, TypeError, ValueError):
        return
