"""A cache of validated catalogues, so that a command neither parses YAML nor re-validates.

Parsing the bundled catalogue with PyYAML's C loader takes about 120 ms and validating it
about 14 ms; restoring the records from this cache takes a few. An entry is written only
after the catalogue file validated, and holds its records as JSON (never pickle, never code),
one file per catalogue path:

    line 1   a JSON stamp: format, tool version, record layout, path, size, mtime and the
             CRC-32 of the rest of the file
    line 2   the records (`Catalogue.snapshot()`)

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

FORMAT = 2


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
            body = handle.read()
        stamp = json.loads(header)
        if stamp.pop("crc") != zlib.crc32(body) or stamp != _stamp(file, size, mtime_ns):
            return None
        return Catalogue.from_snapshot(json.loads(body), file)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write(file: str, size: int, mtime_ns: int, catalogue: Catalogue) -> None:
    """Store a validated catalogue for `file`; silently does nothing if the cache cannot be written."""
    import tempfile  # only on a miss: with its imports, about 4 ms

    entry = _entry(file)
    try:
        body = json.dumps(catalogue.snapshot(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps({**_stamp(file, size, mtime_ns), "crc": zlib.crc32(body)}, ensure_ascii=False)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(entry), prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header.encode("utf-8") + b"\n" + body)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, TypeError, ValueError):
        return
