"""A JSON cache of parsed catalogue files, so that a command does not parse YAML every time.

Parsing the bundled catalogue with PyYAML's C loader takes about 120 ms; reading the same data
as JSON about 2 ms. The cache holds the parsed data only (never pickle, never code), one file
per catalogue path, stamped with the catalogue's size, mtime and the tool's version; anything
that does not match, or does not parse, is ignored and rewritten. The loader validates cached
data exactly as it validates YAML, so a damaged cache can cost time but never correctness.
Writing is atomic (a temporary file renamed into place) and failures to write are ignored:
a read-only or missing cache directory only means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = 1


def cache_dir() -> Path:
    """$ACUPOINT_CACHE_DIR, else $XDG_CACHE_HOME/acupoint, else ~/.cache/acupoint."""
    explicit = os.environ.get("ACUPOINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "acupoint"


def _stamp(file: str, size: int, mtime_ns: int) -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "path": file, "size": size, "mtime_ns": mtime_ns}


def _entry(file: str) -> Path:
    return cache_dir() / (hashlib.sha256(file.encode("utf-8")).hexdigest()[:32] + ".json")


def read(file: str, size: int, mtime_ns: int) -> Any | None:
    """The cached parsed data of `file` in this state, or None."""
    try:
        with open(_entry(file), encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("stamp") != _stamp(file, size, mtime_ns):
        return None
    return stored.get("data")


def write(file: str, size: int, mtime_ns: int, data: Any) -> None:
    """Store parsed data for `file`; silently does nothing if the cache cannot be written."""
    entry = _entry(file)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"stamp": _stamp(file, size, mtime_ns), "data": data}, out, ensure_ascii=False)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, TypeError, ValueError):
        return
