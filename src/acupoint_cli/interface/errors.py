"""Exit statuses, and the one table that turns each expected exception into a message and a status.

Domain code raises typed exceptions (an invalid catalogue, an unknown routine, an empty query);
the interface raises `UsageError` and `NotFound` with a sentence already written for the user.
`describe` is the only place that decides what the user reads and which status the tool exits
with; the entry point calls it for whatever a command raises (httpie's way). An exception not
in the table is a bug, and is left to show as one.
"""

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from ..data.errors import CatalogueError
from ..data.text import visible
from ..features.errors import EmptyQuery, NoStepsLeft, NotForSelfCare, UnknownRoutine
from .output import OutputError

# At most this many of an invalid catalogue's problems are listed (`validate` lists them all).
MAX_PROBLEMS_SHOWN = 20


class ExitStatus(IntEnum):
    """The documented exit statuses (README, "Exit statuses")."""

    SUCCESS = 0
    NOT_FOUND = 1  # nothing found, or no such point
    USAGE = 2  # a bad option value, an empty query, an unknown region, channel or routine...
    BAD_CATALOGUE = 3  # the catalogue file cannot be used
    OUTPUT_FAILED = 74  # standard output could not be written (a full disk, a closed output): EX_IOERR
    INTERRUPTED = 130  # Ctrl-C, or a guided routine stopped
    CLOSED_PIPE = 141  # the output closed early: SIGPIPE ends the tool, as it does `cat`


class UsageError(Exception):
    """The command line asks for something that cannot be done; the message says what to give."""


class NotFound(Exception):
    """Nothing answers the request; the message says so, with hints where there are any."""


class ListedProblems(CatalogueError):
    """`validate`'s report: every problem of a catalogue, under a heading that counts them."""


def quote(text: str) -> str:
    """Quote user text for a message, with control characters made visible, never raw."""
    return f'"{visible(text[:80])}"' + ("..." if len(text) > 80 else "")


def _catalogue(exc: CatalogueError) -> str:
    listed = isinstance(exc, ListedProblems)
    shown = exc.problems if listed else exc.problems[:MAX_PROBLEMS_SHOWN]
    heading = f"invalid catalogue {exc.path}:" + (f" {len(exc.problems)} problem(s):" if listed else "")
    lines = [heading] + [f"  {visible(str(p))}" for p in shown]  # a problem may quote the file's text
    if len(exc.problems) > len(shown):
        lines.append(f"  ... and {len(exc.problems) - len(shown)} more")
    return "\n".join(lines)


# Exception type -> (its message, its status). Looked up along the exception's class hierarchy.
_TABLE: dict[type[BaseException], tuple[Callable[[Any], str], ExitStatus]] = {
    UsageError: (str, ExitStatus.USAGE),
    NotFound: (str, ExitStatus.NOT_FOUND),
    CatalogueError: (_catalogue, ExitStatus.BAD_CATALOGUE),
    EmptyQuery: (lambda exc: 'the query is empty; give a symptom, name or code, e.g. acupoint find "lower back"',
                 ExitStatus.USAGE),
    UnknownRoutine: (lambda exc: f"no routine named {quote(exc.name)}; choose one of: {', '.join(exc.known)}.",
                     ExitStatus.USAGE),
    NoStepsLeft: (lambda exc: f"{exc}.", ExitStatus.NOT_FOUND),
    NotForSelfCare: (lambda exc: exc.message, ExitStatus.NOT_FOUND),
    OutputError: (lambda exc: f"cannot write the output: {exc.reason}.", ExitStatus.OUTPUT_FAILED),
}
EXPECTED = tuple(_TABLE)


def describe(exc: BaseException) -> tuple[str, ExitStatus]:
    """The message (without the `acupoint: ` prefix) and the exit status for an expected exception."""
    for kind in type(exc).__mro__:
        if kind in _TABLE:
            message, status = _TABLE[kind]
            return message(exc), status
    raise exc
