"""The one writer of standard output: a write the system refuses becomes one typed error.

A full disk (`acupoint find hoku >/dev/full`), a closed standard output (`>&-`) or a device
error would otherwise surface as a traceback from deep inside Rich or `json.dumps`, or, for a
closed output, not at all. The entry point installs `GuardedOutput` over `sys.stdout`, flushes
it before exiting, and the error table (errors.py) turns `OutputError` into one line on
stderr and status 74. A closed pipe is not an error: SIGPIPE ends the tool quietly (141).
"""

import os
import sys
from typing import Any, TextIO


class OutputError(Exception):
    """Standard output could not be written; `reason` says why, in the system's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GuardedOutput:
    """Standard output as Rich and `print` see it, with every write and flush guarded."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        stream = self._live()
        try:
            return stream.write(text)
        except OSError as exc:
            raise _failed(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise _failed(exc) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:  # encoding, fileno, reconfigure...: the stream's own
        return getattr(self._live(), name)

    def _live(self) -> TextIO:
        if self._stream is None:
            raise OutputError("standard output is closed")
        return self._stream


def guard_stdout() -> None:
    """Route standard output through `GuardedOutput` (once)."""
    if not isinstance(sys.stdout, GuardedOutput):
        sys.stdout = GuardedOutput(sys.stdout)


def discard_stdout() -> None:
    """After a failed write: send what is still buffered nowhere, so that the interpreter's own
    flush at exit does not fail a second time and print a traceback of its own."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _failed(exc: OSError) -> OutputError:
    return OutputError(exc.strerror or str(exc))
