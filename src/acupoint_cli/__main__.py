"""Entry point of `acupoint` and `python -m acupoint_cli`.

The two commonest command lines, `show TEXT` and `find TEXT` (with or without `--json`), skip
Typer: importing it costs about 45 ms, most of a look-up's start-up (see
benchmarks/startup.py). They call the same `commands` functions as the Typer application, so
their output and exit statuses are the same (tests/test_entry.py compares both ways); every
other command line, including any option other than --json, goes through Typer.

A closed pipe (`acupoint list | head`) ends the tool silently by SIGPIPE, as it does `cat` or
`ls` (the shell reports 141), so that status 1 keeps meaning "nothing found".
"""

from __future__ import annotations

import signal
import sys


def fast_call(args: list[str]) -> tuple[str, str, bool] | None:
    """(command, text, as_json) for a command line the fast path runs exactly as Typer would, else None."""
    if not args or args[0] not in ("show", "find"):
        return None
    rest = [arg for arg in args[1:] if arg != "--json"]
    if len(rest) != 1 or rest[0].startswith("-"):
        return None
    return args[0], rest[0], len(rest) < len(args) - 1


def main(args: list[str] | None = None) -> None:
    """Run one command line (default: this process's arguments) and exit with its status."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    call = fast_call(sys.argv[1:] if args is None else args)
    from .interface import commands, errors, output

    commands.tolerate_narrow_output()
    output.guard_stdout()
    try:
        status = run(call, args)
        sys.stdout.flush()  # a full disk shows here, while the error table can still say so
    except KeyboardInterrupt:  # quietly, as Typer ends on Ctrl-C
        status = errors.ExitStatus.INTERRUPTED
    except errors.EXPECTED as exc:
        message, status = errors.describe(exc)
        if isinstance(exc, output.OutputError):
            output.discard_stdout()
        if sys.stderr is not None:  # `2>&-`: the status alone says it
            sys.stderr.write(f"acupoint: {message}\n")
    raise SystemExit(int(status))


def run(call: tuple[str, str, bool] | None, args: list[str] | None) -> int:
    """The status of a command line: through the fast path when `call` is one, else Typer."""
    from .interface import commands

    if call is None:
        from .interface.cli import run as run_typer

        return run_typer(args)
    command, text, as_json = call
    return (commands.show if command == "show" else commands.find)(text, as_json=as_json)


if __name__ == "__main__":
    main()
