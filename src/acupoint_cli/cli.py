"""Command line: parse arguments, call the domain, render, map errors to exit statuses.

Exit statuses: 0 success, 1 nothing found / unknown point, 2 usage error (including an
unknown routine or region), 3 invalid catalogue, 130 interrupted (Ctrl-C), 141 closed pipe.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated, NoReturn

import typer

from . import __version__

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_BAD_CATALOGUE = 3
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="acupoint",
    help=(
        "Offline look-up of acupressure points: which points help, where each is, how to press it, "
        "and whether it is safe for you.\n\n"
        "Examples:\n\n"
        "  acupoint find \"lower back\"\n\n"
        "  acupoint show B54\n\n"
        "  acupoint routine --region lower-back\n\n"
        "  acupoint list --meridian GB --json"
    ),
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _fail(message: str, code: int) -> NoReturn:
    """One clear sentence on stderr, then the documented exit status."""
    sys.stderr.write(f"acupoint: {message}\n")
    raise typer.Exit(code)


def _catalogue():  # -> Catalogue (import kept lazy for --help and --version)
    from .loader import CatalogueError, load_catalogue

    try:
        return load_catalogue(os.environ.get("ACUPOINT_CATALOGUE") or None)
    except CatalogueError as exc:
        lines = [f"invalid catalogue {exc.path}:"] + [f"  {p}" for p in exc.problems[:20]]
        if len(exc.problems) > 20:
            lines.append(f"  ... and {len(exc.problems) - 20} more")
        _fail("\n".join(lines), EXIT_BAD_CATALOGUE)


def _print_json(data: object) -> None:
    from .serialise import dumps

    sys.stdout.write(dumps(data) + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"acupoint {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Offline look-up of acupressure points."""


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]


@app.command()
def find(
    query: Annotated[str, typer.Argument(help="A symptom, name, code (any notation), body place or typo.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500, help="At most this many results.")] = 10,
    region: Annotated[str | None, typer.Option(help="Only points in this body region, e.g. lower-back.")] = None,
    meridian: Annotated[str | None, typer.Option(help="Only points of this channel, e.g. BL, UB, Ren.")] = None,
    pregnancy_safe: Annotated[
        bool, typer.Option("--pregnancy-safe", help="Leave out points flagged for pregnancy.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Rank the points that match a query, best first.

    Examples:

      acupoint find "lower back"

      acupoint find hoku

      acupoint find B48

      acupoint find "stiff neck" --limit 5 --json
    """
    from .search import EmptyQuery, suggest
    from .search import find as search

    catalogue = _catalogue()
    region_id = _region(catalogue, region)
    meridian_code = _meridian(catalogue, meridian)
    try:
        matches = search(catalogue, query, limit=limit, region=region_id, meridian=meridian_code,
                         pregnancy_safe=pregnancy_safe)
    except EmptyQuery:
        _fail("the query is empty; give a symptom, name or code, e.g. acupoint find \"lower back\"", EXIT_USAGE)
    if as_json:
        from .serialise import match_dict

        _print_json([match_dict(m) for m in matches])
    elif matches:
        from .render import find_table, make_console

        make_console().print(find_table(matches, catalogue))
    if not matches:
        hints = suggest(catalogue, query)
        hint = f" Nearest names: {'; '.join(hints)}." if hints else ""
        if not as_json:
            sys.stderr.write(f"acupoint: nothing matches {_quote(query)}.{hint}\n")
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command()
def show(
    point: Annotated[
        str, typer.Argument(help="A code in any notation (BL40, UB-40, B54, Ren6), a name or characters.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Everything about one point: names, where it is, how to find and press it, cautions.

    Examples:

      acupoint show BL-40

      acupoint show B48

      acupoint show "sea of energy"

      acupoint show 合谷 --json
    """
    from .catalogue import PointNotFound
    from .search import suggest

    catalogue = _catalogue()
    if not point.strip():
        _fail("the point is empty; give a code or name, e.g. acupoint show BL-40", EXIT_USAGE)
    try:
        resolution = catalogue.lookup(point)
    except PointNotFound:
        ref = catalogue.parse_code(point)
        if ref is not None and not catalogue.code_in_range(ref):
            meridian = catalogue.meridian_by_code[ref.meridian]
            _fail(f"{ref.code} does not exist: the {meridian.name} channel has points 1 to {meridian.points}.",
                  EXIT_NOT_FOUND)
        hints = suggest(catalogue, point)
        hint = f" Did you mean: {'; '.join(hints)}?" if hints else ""
        _fail(f"no point matches {_quote(point)}.{hint}", EXIT_NOT_FOUND)
    if as_json:
        from .serialise import resolution_dict

        _print_json(resolution_dict(resolution, catalogue))
        return
    from .render import make_console, show_panel

    make_console().print(show_panel(resolution, catalogue, point))


@app.command("list")
def list_points(
    meridian: Annotated[str | None, typer.Option(help="Only this channel, in order, e.g. GB or Gallbladder.")] = None,
    region: Annotated[str | None, typer.Option(help="Only points in this body region, e.g. hand.")] = None,
    meridians: Annotated[
        bool, typer.Option("--meridians", help="List the channels with their code variants and point counts.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the catalogue, grouped by channel.

    Examples:

      acupoint list

      acupoint list --meridian BL

      acupoint list --meridians

      acupoint list --region lower-back --json
    """
    catalogue = _catalogue()
    if meridians:
        if as_json:
            from .serialise import meridian_dict

            _print_json([meridian_dict(m) for m in catalogue.meridians])
        else:
            from .render import make_console, meridian_table

            make_console().print(meridian_table(catalogue))
        return
    region_id = _region(catalogue, region)
    meridian_code = _meridian(catalogue, meridian)
    pool = catalogue.by_region[region_id] if region_id else catalogue.points
    points = [p for p in pool if meridian_code in (None, p.meridian)]
    if as_json:
        from .serialise import point_dict

        _print_json([point_dict(p, catalogue) for p in points])
    else:
        from .render import list_tables, make_console

        console = make_console()
        for table in list_tables(points, catalogue):
            console.print(table)
    if not points:
        if not as_json:
            sys.stderr.write("acupoint: no points match these filters.\n")
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command()
def routine(
    region: Annotated[str, typer.Option("--region", "-r", help="Which routine, e.g. lower-back.")] = "lower-back",
    seconds: Annotated[int | None, typer.Option(min=5, max=600, help="Hold each point this many seconds.")] = None,
    no_timer: Annotated[bool, typer.Option("--no-timer", help="Print the steps at once, without countdown.")] = False,
    pregnancy_safe: Annotated[
        bool, typer.Option("--pregnancy-safe", help="Leave out every point flagged for pregnancy.")
    ] = False,
    position: Annotated[
        str | None,
        typer.Option(help="Only the steps done in this position: sitting, standing, lying-back, lying-side."),
    ] = None,
    partner: Annotated[
        bool, typer.Option("--partner", help="Someone is there to help: use their way for points on the back.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="A shorter safety note (the red flags always stay).")
    ] = False,
    list_all: Annotated[
        bool, typer.Option("--list", help="List the routines with what they cover and how long they take.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """A guided pressing sequence, with a live countdown for each hold in a terminal.

    A safety note comes first. When output is not a terminal, or with --no-timer, the
    steps are printed at once. Ctrl-C stops cleanly with a summary (exit status 130).

    Examples:

      acupoint routine --region lower-back

      acupoint routine --region lower-back --no-timer --seconds 30

      acupoint routine --region lower-back --pregnancy-safe --json

      acupoint routine --region neck-shoulder --position sitting

      acupoint routine --list
    """
    from .catalogue import POSITIONS
    from .routine import NoStepsLeft, UnknownRoutine, plan_routine

    catalogue = _catalogue()
    if list_all:
        plans = [plan_routine(catalogue, r.id, seconds=seconds) for r in catalogue.routines]
        if as_json:
            from .serialise import routine_summary_dict

            _print_json([routine_summary_dict(p) for p in plans])
        else:
            from .render import make_console, routine_table

            make_console().print(routine_table(plans))
        return
    if position is not None and position not in POSITIONS:
        _fail(f"unknown position {_quote(position)}; choose one of: {', '.join(POSITIONS)}.", EXIT_USAGE)
    try:
        plan = plan_routine(catalogue, region, seconds=seconds, pregnancy_safe=pregnancy_safe,
                            position=position, partner=partner)
    except UnknownRoutine as exc:
        _fail(f"no routine named {_quote(region)}; choose one of: {', '.join(exc.known)}.", EXIT_USAGE)
    except NoStepsLeft as exc:
        _fail(f"{exc}.", EXIT_NOT_FOUND)
    if as_json:
        from .serialise import plan_dict

        _print_json(plan_dict(plan, catalogue))
        return
    from .render import make_console, routine_header, safety_panel, step_panel

    console = make_console()
    console.print(routine_header(plan))
    console.print(safety_panel(plan, catalogue, quiet=quiet))
    if no_timer or not console.is_terminal:
        for planned in plan.steps:
            console.print(step_panel(planned, len(plan.steps)))
        return
    from .guided import run_guided

    if not run_guided(console, plan):
        raise typer.Exit(EXIT_INTERRUPTED)


def _region(catalogue, region: str | None) -> str | None:
    if region is None:
        return None
    found = catalogue.region(region)
    if found is None:
        _fail(f"unknown region {_quote(region)}; choose one of: {', '.join(r.id for r in catalogue.regions)}.",
              EXIT_USAGE)
    return found.id


def _meridian(catalogue, meridian: str | None) -> str | None:
    if meridian is None:
        return None
    found = catalogue.meridian(meridian)
    if found is None:
        _fail(f"unknown channel {_quote(meridian)}; choose one of: {', '.join(m.code for m in catalogue.meridians)}.",
              EXIT_USAGE)
    return found.code


def _quote(text: str) -> str:
    """Quote user text for a message, with control characters made visible, never raw."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text[:80])
    return f'"{shown}"' + ("..." if len(text) > 80 else "")


def main() -> None:
    """Console-script entry point.

    A closed pipe (`acupoint list | head`) ends the tool silently by SIGPIPE, as it does
    `cat` or `ls` (the shell reports 141), so that status 1 keeps meaning "nothing found".
    Ctrl-C outside a routine ends with status 130 (Typer's handling).
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()
