"""Find and read a catalogue file: from its snapshot when one matches, else parse and validate it.

A warm start decodes the snapshot and imports neither PyYAML nor the validator. Snapshots of
the user's catalogues are cached in the user's cache directory; only safe YAML loading is used.
"""

import os
import stat
import zlib
from typing import Any

from . import bundled_file, snapshot
from .catalogue import Catalogue
from .errors import file_problem
from .yaml_reader import parse_yaml

PACKAGED = "points.snapshot"  # the name of a wheel's snapshot, beside its points.yaml

# A catalogue larger than this is refused unread (the bundled one is about 0.5 MB).
MAX_BYTES = 20 * 1024 * 1024


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
            raise file_problem(file, "is a directory, not a catalogue file")
        if size > MAX_BYTES:
            raise file_problem(file, f"is too large ({size / 2**20:.0f} MB; a catalogue may have at most "
                                      f"{MAX_BYTES // 2**20} MB)")
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise file_problem(file, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:  # it grew since it was measured, or is no regular file
        raise file_problem(file, f"is too large (a catalogue may have at most {MAX_BYTES // 2**20} MB)")
    return data


def decode_text(data: bytes, file: str) -> str:
    """A catalogue's bytes as text, or a CatalogueError naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise file_problem(file, f"is not UTF-8 text (byte {exc.start + 1})", line) from exc


def parse_catalogue(text: str, path: str = "<string>") -> Catalogue:
    """Validate and index a catalogue given as YAML text."""
    from .validate import build_catalogue

    return build_catalogue(parse_yaml(text, path), path, text)
