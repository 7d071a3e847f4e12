"""Find and read a catalogue file: from the cache when it is fresh, else parse and validate it.

A warm start restores the records from the cache and imports neither PyYAML nor the
validator. Only safe YAML loading is used.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, NamedTuple

from .catalogue import Catalogue


class Problem(NamedTuple):
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.entry}: {self.field}" if self.field else self.entry
        return f"{where}: {self.message}"


class CatalogueError(Exception):
    """The catalogue file cannot be used; `problems` lists every reason found."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"invalid catalogue {path}: {first}{more}")


def bundled_path() -> str:
    """The catalogue shipped with the tool: inside the wheel, or data/ in a source checkout.

    Plain os.path, not pathlib: this runs on every start, and pathlib costs about 3 ms to import.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "points.yaml")
    checkout = os.path.normpath(os.path.join(here, "..", "..", "data", "points.yaml"))
    return packaged if os.path.isfile(packaged) else checkout


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Read, validate and index a catalogue file (the bundled one by default).

    Within one process the result is reused while the file's size and mtime are unchanged:
    the records are immutable, and tests and long-lived callers load the same file often.
    """
    file = os.fspath(path) if path is not None else bundled_path()
    try:
        stat = os.stat(file)
    except OSError as exc:
        raise CatalogueError(file, [Problem("file", "", f"cannot be read ({exc.strerror})")]) from exc
    return _load(file, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _load(file: str, size: int, mtime_ns: int) -> Catalogue:
    from . import cache

    packaged = cache.read_packaged(file) if file == bundled_path() else None
    cached = packaged or cache.read(file, size, mtime_ns)
    if cached is not None:
        return cached
    try:
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CatalogueError(file, [Problem("file", "", f"cannot be read ({reason})")]) from exc
    catalogue = parse_catalogue(text, file)
    cache.write(file, size, mtime_ns, catalogue)
    return catalogue


def parse_catalogue(text: str, path: str = "<string>") -> Catalogue:
    """Validate and index a catalogue given as YAML text."""
    from .validate import build_catalogue

    return build_catalogue(_parse_yaml(text, path), path)


def _parse_yaml(text: str, path: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader, never the full one
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise CatalogueError(path, [Problem(where, "", f"not valid YAML: {problem}")]) from exc


