"""Safe YAML for catalogue files: PyYAML's safe loader, behind a pre-scan that bounds the work.

Before anything is built, a walk over the parser's events refuses what would cost time or
memory out of proportion to a catalogue, or make it mean something other than it says:
nesting deeper than MAX_DEPTH (PyYAML's C composer recurses: a 100,000-deep document crashes
the interpreter), more than MAX_EVENTS nodes (a 20 MB flow list of ten million items took 54 s
and 3.6 GB), aliases (a "billion laughs" document), a key given twice in one mapping (PyYAML
keeps the last one silently) and numbers longer than MAX_DIGITS (Python refuses to convert
over 4,300 digits). Each is one problem, with its line. The pre-scan costs about 40 ms on the
bundled catalogue and is paid only when a file is parsed (a cache miss, `validate`).
"""

from contextlib import suppress
from typing import Any

from .errors import CatalogueError, Problem, file_problem

MAX_DEPTH = 64  # a catalogue needs 6 levels
# Nodes of the YAML document (the bundled catalogue has about 37,000): enough for a catalogue of
# about 5,000 points, whose parsing and validation stay within 10 s and 1 GB on a small machine.
MAX_EVENTS = 500_000
MAX_DIGITS = 18  # a point's number, a hold in seconds, a weight: none is longer


def parse_yaml(text: str, path: str) -> Any:
    """The data of a catalogue's YAML text, or a CatalogueError naming the first thing refused."""
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
    except ValueError as exc:  # a value the constructor cannot convert (a date such as 2024-02-30)
        raise file_problem(path, "has a value that YAML cannot convert (a date or a number); quote it "
                                 "to keep it as text") from exc


class _Mapping:
    """A mapping being scanned: the keys seen so far, and whether the next node is a key."""

    __slots__ = ("keys", "expect_key")

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.expect_key = True


def _prescan(text: str, path: str, loader: Any) -> None:
    """Walk the YAML events with `loader`, refusing what the module docstring lists."""
    import yaml

    frames: list[_Mapping | None] = []  # one per open collection; None for a sequence
    for count, event in enumerate(yaml.parse(text, Loader=loader)):
        if count > MAX_EVENTS:
            raise file_problem(path, f"has more than {MAX_EVENTS:,} YAML nodes; a catalogue needs far fewer",
                               _line(event))
        if isinstance(event, yaml.AliasEvent):
            raise file_problem(path, "uses a YAML alias (*name); write the value out instead", _line(event))
        if isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            frames.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        frame = frames[-1] if frames else None
        if frame is not None:
            if frame.expect_key and isinstance(event, yaml.ScalarEvent):
                if event.value in frame.keys:
                    raise file_problem(path, f"gives the key {event.value!r} twice in one mapping", _line(event))
                frame.keys.add(event.value)
            frame.expect_key = not frame.expect_key
        if isinstance(event, yaml.ScalarEvent) and not event.style and _too_long_number(event.value):  # plain
            raise file_problem(path, f"has a number of {len(event.value)} characters; a catalogue's numbers "
                                     f"have at most {MAX_DIGITS} digits", _line(event))
        if isinstance(event, yaml.CollectionStartEvent):
            frames.append(_Mapping() if isinstance(event, yaml.MappingStartEvent) else None)
            if len(frames) > MAX_DEPTH:
                raise file_problem(path, f"is nested more than {MAX_DEPTH} levels deep", _line(event))


def _too_long_number(value: str) -> bool:
    return len(value) > MAX_DIGITS and value.lstrip("+-").replace("_", "").replace(".", "", 1).isdigit()


def _line(event: Any) -> int | None:
    """The line (from 1) where a YAML event starts, where the parser says."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None
