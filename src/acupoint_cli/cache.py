"""A cache of validated catalogues, so that a command neither parses YAML nor re-validates.

Parsing the bundled catalogue with PyYAML's C loader takes about 120 ms and validating it
about 14 ms; restoring the records from this cache takes a few. An entry is written only
after the catalogue file validated, and holds its records as JSON (never pickle, never code),
one file per catalogue path:

    line 1   a JSON stamp: format, tool version, record layout, path, size, mtime, and the
             CRC-32 of each following line
    line 2   the records (`Catalogue.snapshot()`)
    line 3   the costliest indexes (`Catalogue.index_snapshot()`), checked and decoded only when
             a command uses them: `show BL-40` never does; a first `find` saves about 30 ms

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
from typing import Any

from . import __version__
from .catalogue import LAYOUT, Catalogue

FORMAT = 4


def cache_dir() -> str:
    """$ACUPOINT_CACHE_DIR, else $XDG_CACHE_HOME/acupoint, else ~/.cache/acupoint.

    Plain os.path, not pathlib: this runs on every start, and pathlib costs about 3 ms to import.
    """
    explicit = os.environ.get("ACUPOINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "acupoint")


def _stamp(file: str, size: int, mtime_ns: int) -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "layout": zlib.crc32(LAYOUT.encode()), "path": file,
            "size": size, "mtime_ns": mtime_ns}


def _entry(file: str) -> str:
    return os.path.join(cache_dir(), f"{zlib.crc32(file.encode('utf-8', 'surrogateescape')):08x}-{len(file)}.json")


def read(file: str, size: int, mtime_ns: int) -> Catalogue | None:
    """The cached catalogue of `file` in this state, or None."""
    try:
        with open(_entry(file), "rb") as handle:
            header = handle.readline()
            records = handle.readline().rstrip(b"\n")
            indexes = handle.read()
        stamp = json.loads(header)
        crcs = stamp.pop("crc")
        if stamp != _stamp(file, size, mtime_ns) or crcs[0] != zlib.crc32(records):
            return None
        return Catalogue.from_snapshot(json.loads(records), file, lambda: _checked(indexes, crcs[1]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _checked(data: bytes, crc: int) -> Any:
    if zlib.crc32(data) != crc:
        raise ValueError("damaged cache entry")
    return json.loads(data)


def write(file: str, size: int, mtime_ns: int, catalogue: Catalogue) -> None:
    """Store a validated catalogue for `file`; silently does nothing if the cache cannot be written."""
    import tempfile  # only on a miss: with its imports, about 4 ms

    entry = _entry(file)
    try:
        parts = [json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                 for part in (catalogue.snapshot(), catalogue.index_snapshot())]
        header = json.dumps({**_stamp(file, size, mtime_ns), "crc": [zlib.crc32(p) for p in parts]},
                            ensure_ascii=False)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(entry), prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(b"\n".join([header.encode("utf-8"), *parts]))
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, TypeError, ValueError):
        return
