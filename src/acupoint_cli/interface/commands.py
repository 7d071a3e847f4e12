"""What each command does: load the catalogue, call the domain, print, and return the exit status.

Independent of argument parsing, so that the Typer application (`cli`) and the start-up fast
path (`__main__`) run the very same code. A command returns `ExitStatus.SUCCESS` or
`NOT_FOUND` (an empty result); anything else is an exception, which `errors.describe` turns
into one message on stderr and a documented status.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING

from .errors import ExitStatus, ListedProblems, NotFound, UsageError, quote

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console

    from ..data.catalogue import Catalogue
    from ..data.records import Resolution
    from ..features.routine import Plan
    from .options import RoutineOutput, RoutineRequest


def chosen_catalogue(path: str | None) -> str | None:
    """The catalogue file to use: `path`, else $ACUPOINT_CATALOGUE, else None (the bundled one)."""
    return path or os.environ.get("ACUPOINT_CATALOGUE") or None


def _catalogue(path: str | None) -> Catalogue:
    """The chosen catalogue (a CatalogueError says why it cannot be used)."""
    from ..data.loader import load_catalogue

    return load_catalogue(chosen_catalogue(path))


def _print_json(data: object) -> None:
    from .serialise import dumps

    sys.stdout.write(dumps(data, ascii_only=not unicode_output()) + "\n")


def unicode_output() -> bool:
    """Whether stdout can take any character (UTF-8), or only its own charset (ASCII, Latin-1...)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def tolerate_narrow_output() -> None:
    """On an output that cannot encode every character (PYTHONIOENCODING=ascii), print `?` instead
    of failing: text degrades, JSON escapes instead (see `_print_json`)."""
    if not unicode_output() and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def find(
    query: str,
    *,
    limit: int = 10,
    region: str | None = None,
    meridian: str | None = None,
    pregnancy_safe: bool = False,
    as_json: bool = False,
    catalogue_path: str | None = None,
    color: bool | None = None,
) -> ExitStatus:
    """Print the ranked matches of a query; status 1 (with near names) when none match."""
    from ..features.search import find as search_points
    from ..features.search import suggest

    catalogue = _catalogue(catalogue_path)
    region_id, meridian_code = _filters(catalogue, region, meridian)
    impossible = _impossible_code(catalogue, query)
    if impossible:  # 'BL-99': say so, rather than list codes that look alike
        if as_json:
            _print_json([])
        raise NotFound(impossible)
    matches = search_points(catalogue, query, limit=limit, region=region_id, meridian=meridian_code,
                            pregnancy_safe=pregnancy_safe)
    if as_json:
        from .serialise import match_dict

        _print_json([match_dict(m) for m in matches])
    elif matches:
        from .render import find_table, make_console

        make_console(color=color).print(find_table(matches, catalogue))
    if matches:
        return ExitStatus.SUCCESS
    if as_json:  # the near names are for people; JSON says [] alone
        return ExitStatus.NOT_FOUND
    hints = suggest(catalogue, query)
    hint = f" Nearest names: {'; '.join(hints)}." if hints else ""
    raise NotFound(f"nothing matches {quote(query)}.{hint}")


def show(
    point: str, *, as_json: bool = False, draw_map: bool = True, verbose: bool = False,
    catalogue_path: str | None = None, color: bool | None = None,
) -> ExitStatus:
    """Print everything about one point, in any notation, then its body map; status 1 with suggestions if unknown."""
    catalogue = _catalogue(catalogue_path)
    resolution = _resolve(catalogue, point, "show")
    if as_json:
        from .serialise import resolution_dict

        _print_json(resolution_dict(resolution, catalogue))
        return ExitStatus.SUCCESS
    from .render import make_console, print_figures, show_panel

    console = make_console(color=color)
    console.print(show_panel(resolution, catalogue, point, verbose))
    if draw_map:
        from ..features.figures import point_figures

        print_figures(console, point_figures([resolution.point]))
    return ExitStatus.SUCCESS


def map_points(
    points: list[str], *, svg_file: str | None = None, as_json: bool = False, catalogue_path: str | None = None,
    color: bool | None = None,
) -> ExitStatus:
    """Draw several points on their body maps, one figure per view; or write the figures as one SVG file.

    A point named twice (BL-40 and B54) is drawn once. With --svg the file is the only output
    besides a confirmation line on stderr (and the JSON, with --json).
    """
    catalogue = _catalogue(catalogue_path)
    found = list({p.code: p for p in (_resolve(catalogue, text, "map").point for text in points)}.values())
    if not found:
        raise UsageError("give at least one point, e.g. acupoint map BL-40 LI-4")
    if as_json:
        from .serialise import map_dict

        _print_json([map_dict(p) for p in found])
    if svg_file is None and as_json:
        return ExitStatus.SUCCESS
    from ..features.figures import point_figures

    figures = point_figures(found)
    if svg_file is not None:
        from ..features.figures import svg

        _write_text(svg_file, svg(figures))
        views = ", ".join(f.view.id for f in figures)
        sys.stderr.write(f"acupoint: wrote {quote(svg_file)} ({len(found)} point{'s' if len(found) > 1 else ''}"
                         f" on {len(figures)} figure{'s' if len(figures) > 1 else ''}: {views}).\n")
        return ExitStatus.SUCCESS
    from .render import make_console, print_figures

    print_figures(make_console(color=color), figures)
    return ExitStatus.SUCCESS


def _write_text(path: str, text: str) -> None:
    """Write `text` to `path` whole (see `files`), or a UsageError saying why not."""
    from ..data.files import NotReplaceable, write_atomically

    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write {quote(path)}: the directory {quote(directory)} does not exist.")
    if os.path.isdir(path):
        raise UsageError(f"cannot write {quote(path)}: it is a directory.")
    try:
        write_atomically(path, text.encode("utf-8"), prefix=".acupoint-", shared=True)
    except NotReplaceable as exc:
        raise UsageError(f"cannot write {quote(path)}: it is a link, a device or a pipe, not a regular file; "
                         "give the path of a new or regular file.") from exc
    except OSError as exc:
        raise UsageError(f"cannot write {quote(path)}: {exc.strerror or exc}.") from exc


def _resolve(catalogue: Catalogue, point: str, command: str) -> Resolution:
    """The point a user's text names; NotFound (with near names) or UsageError (empty text) if none."""
    if not point.strip():
        raise UsageError(f"the point is empty; give a code or name, e.g. acupoint {command} BL-40")
    resolution = catalogue.resolve(point)
    if resolution is not None:
        return resolution
    impossible = _impossible_code(catalogue, point)
    if impossible:
        raise NotFound(impossible)
    from ..features.search import suggest

    hints = suggest(catalogue, point)
    hint = f" Did you mean: {'; '.join(hints)}?" if hints else ""
    raise NotFound(f"no point matches {quote(point)}.{hint}")


def list_points(
    *,
    meridian: str | None = None,
    region: str | None = None,
    meridians: bool = False,
    as_json: bool = False,
    pager: bool = False,
    pregnancy_safe: bool = False,
    category: str | None = None,
    catalogue_path: str | None = None,
    color: bool | None = None,
) -> ExitStatus:
    """Print the catalogue (or its channels), optionally narrowed to a channel, a region, a kind of
    point (--category) or the points not flagged for pregnancy.

    With `pager`, the tables go through $PAGER (Python's pydoc convention: $MANPAGER, then
    $PAGER, else `less`); otherwise nothing ever pages.
    """
    catalogue = _catalogue(catalogue_path)
    if meridians:
        if as_json:
            from .serialise import meridian_dict

            _print_json([meridian_dict(m) for m in catalogue.meridians])
        else:
            from .render import make_console, meridian_table

            make_console(color=color).print(meridian_table(catalogue))
        return ExitStatus.SUCCESS
    region_id, meridian_code = _filters(catalogue, region, meridian)
    pool = catalogue.by_region[region_id] if region_id else catalogue.points
    kind = _category(catalogue, category)
    points = [p for p in pool if meridian_code in (None, p.meridian) and not (pregnancy_safe and p.pregnancy_caution)
              and (kind is None or p in catalogue.by_category[kind])]
    if as_json:
        from .serialise import point_dict

        _print_json([point_dict(p, catalogue) for p in points])
    else:
        from .render import list_tables, make_console

        console = make_console(color=color)
        with console.pager(styles=console.color_system is not None) if pager else nullcontext():
            for table in list_tables(points, catalogue):
                console.print(table)
    if points:
        return ExitStatus.SUCCESS
    if as_json:
        return ExitStatus.NOT_FOUND
    raise NotFound("no points match these filters.")


def list_routines(*, seconds: int | None = None, as_json: bool = False, catalogue_path: str | None = None,
                  color: bool | None = None) -> ExitStatus:
    """Print every routine with its length."""
    from ..features.routine import plan_routine

    catalogue = _catalogue(catalogue_path)
    plans = [plan_routine(catalogue, r.id, seconds=seconds) for r in catalogue.routines]
    if as_json:
        from .serialise import routine_summary_dict

        _print_json([routine_summary_dict(p) for p in plans])
    else:
        from .render import make_console, routine_table

        make_console(color=color).print(routine_table(plans))
    return ExitStatus.SUCCESS


def routine(request: RoutineRequest, output: RoutineOutput, *, catalogue_path: str | None = None,
            color: bool | None = None) -> int:
    """Print or guide a routine: safety first, the steps numbered on body maps, then each step
    (a live countdown on a terminal, each step with its points' map as it begins)."""
    from ..data.records import POSITIONS
    from ..features.routine import plan_routine

    catalogue = _catalogue(catalogue_path)
    if request.position is not None and request.position not in POSITIONS:
        raise UsageError(f"unknown position {quote(request.position)}; choose one of: {', '.join(POSITIONS)}.")
    plan = plan_routine(catalogue, request.region, seconds=request.seconds, pregnancy_safe=request.pregnancy_safe,
                        position=request.position, partner=request.partner)
    if output.as_json:
        from .serialise import plan_dict

        _print_json(plan_dict(plan, catalogue))
        return ExitStatus.SUCCESS
    from .render import make_console

    console = make_console(color=color)
    _print_plan(console, plan, catalogue, output)
    if output.no_timer or not sys.stdout.isatty():  # --color may force styles into a pipe: never a countdown
        from .render import step_panel

        for planned in plan.steps:
            console.print(step_panel(planned, len(plan.steps)))
        return ExitStatus.SUCCESS
    return _guide(console, plan, output.draw_map)


def _print_plan(console: Console, plan: Plan, catalogue: Catalogue, output: RoutineOutput) -> None:
    """The routine's heading, its safety note and, unless left out, the steps numbered on body maps."""
    from .render import print_figures, routine_header, safety_panel

    console.print(routine_header(plan))
    console.print(safety_panel(plan, catalogue, quiet=output.quiet))
    if output.draw_map:
        from ..features.figures import numbered_figures

        print_figures(console, numbered_figures([(s.number, s.points) for s in plan.steps]))


def _guide(console: Console, plan: Plan, draw_map: bool) -> int:
    """The live countdown, each step with its points' map; its status (see `guided.run_guided`)."""
    from .guided import run_guided

    maps = None
    if draw_map:
        from ..features.figures import point_figures

        maps = {s.number: point_figures(s.points) for s in plan.steps}
    return run_guided(console, plan, maps=maps)


def validate(path: str) -> ExitStatus:
    """Check a catalogue file afresh (never from a snapshot): a summary, or every problem and status 3."""
    from ..data.errors import CatalogueError
    from ..data.loader import check_file

    try:
        catalogue = check_file(path)
    except CatalogueError as exc:
        raise ListedProblems(exc.path, exc.problems) from exc
    sys.stdout.write(f"{path}: valid: {len(catalogue.points)} points in {len(catalogue.meridians)} channels, "
                     f"{len(catalogue.symptoms)} symptoms, {len(catalogue.routines)} routines.\n")
    return ExitStatus.SUCCESS


def _impossible_code(catalogue: Catalogue, text: str) -> str | None:
    """Why a code cannot exist ('BL-99', 'LU-0'), or None if the text is no such code."""
    ref = catalogue.parse_code(text)
    if ref is None or catalogue.code_in_range(ref):
        return None
    meridian = catalogue.meridian_by_code[ref.meridian]
    return f"{ref.code} does not exist: the {meridian.name} channel has points 1 to {meridian.points}."


def _filters(catalogue: Catalogue, region: str | None, meridian: str | None) -> tuple[str | None, str | None]:
    """The region id and channel code that --region and --meridian name (None where not given);
    an unknown one is a usage error listing the known ones."""
    found_region = catalogue.region(region) if region is not None else None
    _known(region, found_region, "region", (r.id for r in catalogue.regions))
    found_meridian = catalogue.meridian(meridian) if meridian is not None else None
    _known(meridian, found_meridian, "channel", (m.code for m in catalogue.meridians))
    return (found_region.id if found_region else None, found_meridian.code if found_meridian else None)


def _category(catalogue: Catalogue, text: str | None) -> str | None:
    """The category key --category names (None where not given); an unknown one is a usage error."""
    from ..data.catalogue import category_key

    key = category_key(text) if text is not None else None
    _known(text, key if key in catalogue.by_category else None, "category", sorted(catalogue.category_names.values()))
    return key


def _known(text: str | None, found: object, kind: str, choices: Iterable[str]) -> None:
    if text is not None and found is None:
        raise UsageError(f"unknown {kind} {quote(text)}; choose one of: {', '.join(choices)}.")
