"""Find and read a catalogue file: from the cache when it is fresh, else parse and validate it.

A warm start restores the records from the cache and imports neither PyYAML nor the
validator. Only safe YAML loading is used.
"""

import os
import stat
from contextlib import suppress
from functools import lru_cache
from typing import Any

from . import bundled_file
from .catalogue import Catalogue
from .errors import CatalogueError, Problem

# A catalogue larger than this is refused unread (the bundled one is about 0.5 MB).
MAX_BYTES = 20 * 1024 * 1024
# Deeper YAML nesting is refused before PyYAML's C composer recurses on it (a 100,000-deep
# document crashes the interpreter); a catalogue needs 6 levels.
MAX_DEPTH = 64


def bundled_path() -> str:
    """The catalogue shipped with the tool."""
    return bundled_file("points.yaml")


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Read, validate and index a catalogue file (the bundled one by default).

    Within one process the result is reused while the file's size and mtime are unchanged:
    the records are immutable, and tests and long-lived callers load the same file often.
    """
    file = os.fspath(path) if path is not None else bundled_path()
    try:
        status = os.stat(file)
    except OSError as exc:
        raise _file_problem(file, f"cannot be read ({exc.strerror})") from exc
    return _load(file, status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=4)
def _load(file: str, size: int, mtime_ns: int) -> Catalogue:
    from . import cache

    def parsed() -> Catalogue:
        """The file parsed and validated, and cached for the next start."""
        catalogue = parse_catalogue(read_text(file), file)
        cache.write(file, size, mtime_ns, catalogue)
        return catalogue

    packaged = cache.read_packaged(file, parsed) if file == bundled_path() else None
    return packaged or cache.read(file, size, mtime_ns, parsed) or parsed()


def check_file(path: str) -> Catalogue:
    """Read and validate a catalogue file afresh, never from the cache (`acupoint validate`)."""
    return parse_catalogue(read_text(path), path)


def read_text(file: str) -> str:
    """The text of a catalogue file, or a CatalogueError saying in plain words why not."""
    try:
        status = os.stat(file)
        size = status.st_size
        if stat.S_ISDIR(status.st_mode):
            raise _file_problem(file, "is a directory, not a catalogue file")
        if size > MAX_BYTES:
            raise _file_problem(file, f"is too large ({size / 2**20:.0f} MB; a catalogue may have at most "
                                      f"{MAX_BYTES // 2**20} MB)")
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _file_problem(file, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _file_problem(file, f"is not UTF-8 text (byte {exc.start + 1})", line) from exc


def _file_problem(path: str, message: str, line: int | None = None) -> CatalogueError:
    """The error for a problem of the file as a whole, not of one entry."""
    return CatalogueError(path, [Problem("file", "", message, line)])


def parse_catalogue(text: str, path: str = "<string>") -> Catalogue:
    """Validate and index a catalogue given as YAML text."""
    from .validate import build_catalogue

    return build_catalogue(_parse_yaml(text, path), path, text)


def _parse_yaml(text: str, path: str) -> Any:
    """Safe YAML only; refuses aliases and deep nesting before building anything.

    The event pre-scan costs about 40 ms on the bundled catalogue, paid only when a file is
    parsed (a cache miss, `validate`), never on a warm start.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _prescan(text, path, fast)
        return yaml.load(text, Loader=fast)  # noqa: S506 - a SafeLoader, never the full one
    except yaml.YAMLError as exc:
        if fast is not yaml.SafeLoader:
            # libyaml (PyYAML 6.0.4 on) refuses deep nesting itself, in its own words, and can do so
            # before the pre-scan has seen the events that go too deep ('[' * 1001 is scanned whole
            # first). The pure-Python parser has no such limit, so it tells whether depth or an alias
            # is the reason. Only a file that fails pays for this second look.
            with suppress(yaml.YAMLError):
                _prescan(text, path, yaml.SafeLoader)
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise CatalogueError(path, [Problem(where, "", f"not valid YAML: {problem}")]) from exc


def _prescan(text: str, path: str, loader: Any) -> None:
    """Walk the YAML events with `loader`, refusing nesting deeper than MAX_DEPTH and aliases."""
    import yaml

    nested = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closed = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, nested):
            depth += 1
            if depth > MAX_DEPTH:
                raise _file_problem(path, f"is nested more than {MAX_DEPTH} levels deep", event.start_mark.line + 1)
        elif isinstance(event, closed):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise _file_problem(path, "uses a YAML alias (*name); write the value out instead",
                                event.start_mark.line + 1)
