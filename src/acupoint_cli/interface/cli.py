"""Command line: the Typer application. It parses arguments and help; `commands` does the work.

Each command returns its exit status (errors.ExitStatus); what a command raises is turned into
a message and a status by errors.describe, in the entry point.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from .. import __version__
from . import commands
from .errors import ExitStatus, UsageError

app = typer.Typer(
    name="acupoint",
    help=(
        "Offline look-up of acupressure points: which points help, where each is, how to press it, "
        "and whether it is safe for you.\n\n"
        "Examples:\n\n"
        "  acupoint find \"lower back\"\n\n"
        "  acupoint show B54\n\n"
        "  acupoint map BL-40 LI-4 BL-23 GV-4\n\n"
        "  acupoint routine --region lower-back\n\n"
        "  acupoint list --meridian GB --json"
    ),
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"acupoint {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    catalogue: Annotated[
        str | None,
        typer.Option("--catalogue", metavar="PATH", envvar="ACUPOINT_CATALOGUE", show_envvar=True,
                     help="Use this catalogue file instead of the bundled one (a teacher's or clinic's own)."),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option("--color/--no-color", show_default=False,
                     help="Force colour on, or off. Default: colour only on a terminal, never with NO_COLOR."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Offline look-up of acupressure points."""
    ctx.obj = {"catalogue_path": catalogue or None, "color": color}


def _complete(kind: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A shell-completion function for point codes, regions or channels (see `completion`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from .completion import candidates

        root = ctx.find_root().params
        return candidates(kind, incomplete, root.get("catalogue") or None)

    return complete


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
RegionOption = Annotated[
    str | None,
    typer.Option(help="Only points in this body region, e.g. lower-back.", autocompletion=_complete("region")),
]
MeridianOption = Annotated[
    str | None,
    typer.Option(help="Only points of this channel, e.g. BL, UB, Ren.", autocompletion=_complete("meridian")),
]
NoMapOption = Annotated[bool, typer.Option("--no-map", help="Leave out the body map (the picture of where).")]
PregnancyOption = Annotated[bool, typer.Option("--pregnancy-safe", help="Leave out points flagged for pregnancy.")]


@app.command()
def find(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A symptom, name, code (any notation), body place or typo.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500, help="At most this many results.")] = 10,
    region: RegionOption = None,
    meridian: MeridianOption = None,
    pregnancy_safe: PregnancyOption = False,
    as_json: JsonOption = False,
) -> int:
    """Rank the points that match a query, best first.

    Examples:

      acupoint find "lower back"

      acupoint find hoku

      acupoint find B48

      acupoint find "stiff neck" --limit 5 --json
    """
    return commands.find(query, limit=limit, region=region, meridian=meridian, pregnancy_safe=pregnancy_safe,
                         as_json=as_json, **ctx.obj)


@app.command()
def show(
    ctx: typer.Context,
    point: Annotated[
        str, typer.Argument(help="A code in any notation (BL40, UB-40, B54, Ren6), a name or characters.",
                            autocompletion=_complete("point"))
    ],
    no_map: NoMapOption = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also say why each caution is given, and cite every source in full.")
    ] = False,
    as_json: JsonOption = False,
) -> int:
    """Everything about one point: names, where it is, how to find and press it, cautions, and a
    body map that marks it.

    Examples:

      acupoint show BL-40

      acupoint show B48

      acupoint show "sea of energy" --no-map

      acupoint show BL-23 --verbose

      acupoint show 合谷 --json
    """
    return commands.show(point, as_json=as_json, draw_map=not no_map, verbose=verbose, **ctx.obj)


@app.command("map")
def map_points(
    ctx: typer.Context,
    points: Annotated[
        list[str], typer.Argument(help="Codes in any notation (BL40, UB-40, B54, Ren6), names or characters.",
                                  autocompletion=_complete("point"))
    ],
    svg: Annotated[
        str | None,
        typer.Option("--svg", metavar="FILE", help="Write the figures as one standalone SVG image to FILE instead."),
    ] = None,
    as_json: JsonOption = False,
) -> int:
    """Show where points are: body maps with each point marked, one figure per view (back, hand...).

    A point on both sides is marked on the person's right (filled) and left (hollow) where the
    figure shows both sides. With --svg, all the figures go side by side into one SVG file.

    Examples:

      acupoint map BL-40 LI-4 BL-23 GV-4

      acupoint map hoku "sea of vitality"

      acupoint map BL-40 LI-4 --svg points.svg

      acupoint map GB-21 --json
    """
    return commands.map_points(points, svg_file=svg, as_json=as_json, **ctx.obj)


@app.command("list")
def list_points(
    ctx: typer.Context,
    meridian: MeridianOption = None,
    region: RegionOption = None,
    meridians: Annotated[
        bool, typer.Option("--meridians", help="List the channels with their code variants and point counts.")
    ] = False,
    pager: Annotated[bool, typer.Option("--pager", help="Page the list through $PAGER (default: less).")] = False,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only points of one kind, e.g. he-sea, back-shu, luo.")
    ] = None,
    pregnancy_safe: PregnancyOption = False,
    as_json: JsonOption = False,
) -> int:
    """List the catalogue, grouped by channel.

    Examples:

      acupoint list

      acupoint list --meridian BL

      acupoint list --meridians

      acupoint list --region lower-back --pregnancy-safe

      acupoint list --category he-sea

      acupoint list --region lower-back --json
    """
    return commands.list_points(meridian=meridian, region=region, meridians=meridians, as_json=as_json,
                                pager=pager, pregnancy_safe=pregnancy_safe, category=category, **ctx.obj)


@app.command()
def routine(
    ctx: typer.Context,
    region: Annotated[
        str, typer.Option("--region", "-r", help="Which routine, e.g. lower-back.", autocompletion=_complete("routine"))
    ] = "lower-back",
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
    no_map: NoMapOption = False,
    as_json: JsonOption = False,
) -> int:
    """A guided pressing sequence, with a live countdown for each hold in a terminal.

    A safety note comes first, then body maps with every step's points numbered (--no-map
    leaves them out). When output is not a terminal, or with --no-timer, the steps are
    printed at once; in the guided countdown each step shows its points' map as it begins.
    Ctrl-C stops cleanly with a summary (exit status 130).

    Examples:

      acupoint routine --region lower-back

      acupoint routine --region lower-back --no-timer --seconds 30

      acupoint routine --region lower-back --pregnancy-safe --json

      acupoint routine --region neck-shoulder --position sitting --no-map

      acupoint routine --list
    """
    if list_all:
        return commands.list_routines(seconds=seconds, as_json=as_json, **ctx.obj)
    from .options import RoutineOutput, RoutineRequest

    return commands.routine(RoutineRequest(region, seconds, pregnancy_safe, position, partner),
                            RoutineOutput(no_timer, quiet, as_json, draw_map=not no_map), **ctx.obj)


@app.command()
def validate(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The catalogue file to check.")],
) -> int:
    """Check a catalogue file and list every problem at once, each with its line, entry and field.

    Exit status 0 when the catalogue is valid, 3 when it is not.

    Examples:

      acupoint validate my-points.yaml

      acupoint --catalogue my-points.yaml find "lower back"
    """
    return commands.validate(path)


def run(args: list[str] | None = None) -> int:
    """Run the Typer application and return the command's exit status. A usage error becomes our
    own UsageError (one line, status 2), not Click's usage box; plain `acupoint` prints the help."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ClickUsageError

    try:
        status = app(args=args, prog_name="acupoint", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        sys.stderr.write(exc.format_message() + "\n")
        return ExitStatus.USAGE
    except ClickUsageError as exc:
        message = exc.format_message().rstrip(".")
        command = exc.ctx.command_path if exc.ctx is not None else "acupoint"
        raise UsageError(f"{message[:1].lower()}{message[1:]}; see '{command} --help'.") from None
    except ClickException as exc:
        raise UsageError(exc.format_message()) from None
    return status if isinstance(status, int) else ExitStatus.SUCCESS
