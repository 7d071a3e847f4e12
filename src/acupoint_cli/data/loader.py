"""Find and read a catalogue file: from its snapshot when one matches, else parse and validate it.

A warm start decodes the snapshot and imports neither PyYAML nor the validator. Snapshots of
the user's catalogues are cached in the user's cache directory; only safe YAML loading is used.
"""

import os
import stat
import zlib
from contextlib import suppress
from typing import Any

from . import bundled_file, snapshot
from .catalogue import Catalogue
from .errors import CatalogueError, Problem

PACKAGED = "points.snapshot"  # the name of a wheel's snapshot, beside its points.yaml

# A catalogue larger than this is refused unread (the bundled one is about 0.5 MB).
MAX_BYTES = 20 * 1024 * 1024
# Deeper YAML nesting is refused before PyYAML's C composer recurses on it (a 100,000-deep
# document crashes the interpreter); a catalogue needs 6 levels.
MAX_DEPTH = 64


def bundled_path() -> str:
    """The catalogue shipped with the tool."""
    return bundled_file("points.yaml")


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Read a catalogue file (the bundled one by default): from a snapshot made from the same
    content when there is one, else parsed, validated and snapshotted for the next start.

    Within one process the result is reused while the content is the same: the records are
    immutable, and tests and long-lived callers load the same file often.
    """
    file = os.fspath(path) if path is not None else bundled_path()
    content = read_bytes(file)
    expected = snapshot.stamp(content)
    key = (file, expected["size"], expected["content_crc"])
    catalogue = _loaded.get(key)
    if catalogue is None:
        catalogue = _load(file, content, expected)
        if len(_loaded) >= _LOADED_KEPT:
            del _loaded[next(iter(_loaded))]
        _loaded[key] = catalogue
    return catalogue


_LOADED_KEPT = 4
_loaded: dict[tuple[str, int, int], Catalogue] = {}


def _load(file: str, content: bytes, expected: dict[str, Any]) -> Catalogue:
    # A wheel carries the bundled catalogue's snapshot beside it (hatch_build.py): a first run
    # after installing is as fast as a warm one.
    packaged = [os.path.join(os.path.dirname(file), PACKAGED)] if file == bundled_path() else []
    for entry in (*packaged, cache_entry(file)):
        found = snapshot.read(entry, expected)
        if found is not None:
            return Catalogue(found.records, file, found.stored.get)
    catalogue = parse_catalogue(decode_text(content, file), file)
    snapshot.write(cache_entry(file), snapshot.encode(catalogue.records, catalogue.stored_indexes(), expected))
    return catalogue


def cache_dir() -> str:
    """$ACUPOINT_CACHE_DIR, else $XDG_CACHE_HOME/acupoint, else ~/.cache/acupoint."""
    explicit = os.environ.get("ACUPOINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "acupoint")


def cache_entry(file: str) -> str:
    """Where the snapshot of a catalogue file is cached: one entry per path."""
    name = f"{zlib.crc32(file.encode('utf-8', 'surrogateescape')):08x}-{len(file)}.snapshot"
    return os.path.join(cache_dir(), name)


def check_file(path: str) -> Catalogue:
    """Read and validate a catalogue file afresh, never from a snapshot (`acupoint validate`)."""
    return parse_catalogue(decode_text(read_bytes(path), path), path)


def read_bytes(file: str) -> bytes:
    """The bytes of a catalogue file, or a CatalogueError saying in plain words why not."""
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
    if len(data) > MAX_BYTES:  # it grew since it was measured, or is no regular file
        raise _file_problem(file, f"is too large (a catalogue may have at most {MAX_BYTES // 2**20} MB)")
    return data


def decode_text(data: bytes, file: str) -> str:
    """A catalogue's bytes as text, or a CatalogueError naming the first byte that is not UTF-8."""
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
                raise _file_problem(path, f"is nested more than {MAX_DEPTH} levels deep", _line(event))
        elif isinstance(event, closed):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise _file_problem(path, "uses a YAML alias (*name); write the value out instead", _line(event))


def _line(event: Any) -> int | None:
    """The line (from 1) where a YAML event starts, where the parser says."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None
