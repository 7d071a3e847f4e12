"""What each command does: load the catalogue, call the domain, print, and pick the exit status.

Independent of argument parsing, so that the Typer application (`cli`) and the start-up fast
path (`__main__`) run the very same code. Failures print one sentence on stderr and raise
SystemExit with a documented status:

    0 success, 1 nothing found / unknown point, 2 usage error (including an unknown routine
    or region), 3 invalid catalogue, 130 interrupted (Ctrl-C), 141 closed pipe.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..data.catalogue import Catalogue, Resolution
    from ..data.errors import CatalogueError

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_BAD_CATALOGUE = 3
EXIT_INTERRUPTED = 130


def fail(message: str, code: int) -> NoReturn:
    """One clear sentence on stderr, then the documented exit status."""
    sys.stderr.write(f"acupoint: {message}\n")
    raise SystemExit(code)


def chosen_catalogue(path: str | None) -> str | None:
    """The catalogue file to use: `path`, else $ACUPOINT_CATALOGUE, else None (the bundled one)."""
    return path or os.environ.get("ACUPOINT_CATALOGUE") or None


def _catalogue(path: str | None) -> Catalogue:
    """The chosen catalogue, or its problems on stderr and status 3."""
    from ..data.errors import CatalogueError
    from ..data.loader import load_catalogue

    try:
        return load_catalogue(chosen_catalogue(path))
    except CatalogueError as exc:
        fail_catalogue_error(exc)


def fail_catalogue_error(exc: Exception) -> NoReturn:
    """Status 3 and the problems (at most 20) of an invalid catalogue, else `exc` raised again.

    Also called on whatever a command raises (`__main__`): a cached catalogue rebuilds a point
    when first used, and one that does not rebuild (a forged cache entry) makes the tool parse
    the file again; only then may the file prove invalid.
    """
    from ..data.errors import CatalogueError

    if isinstance(exc, CatalogueError):
        _fail_catalogue(exc, f"invalid catalogue {exc.path}:", limit=20)
    raise exc


def _fail_catalogue(exc: CatalogueError, heading: str, limit: int | None = None) -> NoReturn:
    """A heading and the catalogue's problems, one per line (the first `limit`), then status 3."""
    shown = exc.problems if limit is None else exc.problems[:limit]
    lines = [heading] + [f"  {_visible(str(p))}" for p in shown]  # a problem may quote the file's text
    if len(exc.problems) > len(shown):
        lines.append(f"  ... and {len(exc.problems) - len(shown)} more")
    fail("\n".join(lines), EXIT_BAD_CATALOGUE)


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
) -> None:
    """Print the ranked matches of a query; status 1 (with near names) when none match."""
    from ..features.search import EmptyQuery, suggest
    from ..features.search import find as search_points

    catalogue = _catalogue(catalogue_path)
    region_id, meridian_code = _filters(catalogue, region, meridian)
    impossible = _impossible_code(catalogue, query)
    if impossible:  # 'BL-99': say so, rather than list codes that look alike
        if as_json:
            _print_json([])
        fail(impossible, EXIT_NOT_FOUND)
    try:
        matches = search_points(catalogue, query, limit=limit, region=region_id, meridian=meridian_code,
                                pregnancy_safe=pregnancy_safe)
    except EmptyQuery:
        fail("the query is empty; give a symptom, name or code, e.g. acupoint find \"lower back\"", EXIT_USAGE)
    if as_json:
        from .serialise import match_dict

        _print_json([match_dict(m) for m in matches])
    elif matches:
        from .render import find_table, make_console

        make_console(color=color).print(find_table(matches, catalogue))
    if not matches:
        if not as_json:  # the near names are for people; JSON says [] alone
            hints = suggest(catalogue, query)
            hint = f" Nearest names: {'; '.join(hints)}." if hints else ""
            sys.stderr.write(f"acupoint: nothing matches {_quote(query)}.{hint}\n")
        raise SystemExit(EXIT_NOT_FOUND)


def show(
    point: str, *, as_json: bool = False, draw_map: bool = True, catalogue_path: str | None = None,
    color: bool | None = None,
) -> None:
    """Print everything about one point, in any notation, then its body map; status 1 with suggestions if unknown."""
    catalogue = _catalogue(catalogue_path)
    resolution = _resolve(catalogue, point, "show")
    if as_json:
        from .serialise import resolution_dict

        _print_json(resolution_dict(resolution, catalogue))
        return
    from .render import make_console, print_figures, show_panel

    console = make_console(color=color)
    console.print(show_panel(resolution, catalogue, point))
    if draw_map:
        from ..features.figures import point_figures

        print_figures(console, point_figures([resolution.point]))


def map_points(
    points: list[str], *, svg_file: str | None = None, as_json: bool = False, catalogue_path: str | None = None,
    color: bool | None = None,
) -> None:
    """Draw several points on their body maps, one figure per view; or write the figures as one SVG file.

    A point named twice (BL-40 and B54) is drawn once. With --svg the file is the only output
    besides a confirmation line on stderr (and the JSON, with --json).
    """
    catalogue = _catalogue(catalogue_path)
    found = list({p.code: p for p in (_resolve(catalogue, text, "map").point for text in points)}.values())
    if not found:
        fail("give at least one point, e.g. acupoint map BL-40 LI-4", EXIT_USAGE)
    if as_json:
        from .serialise import map_dict

        _print_json([map_dict(p) for p in found])
    if svg_file is None and as_json:
        return
    from ..features.figures import point_figures

    figures = point_figures(found)
    if svg_file is not None:
        from ..features.figures import svg

        _write_text(svg_file, svg(figures))
        views = ", ".join(f.view.id for f in figures)
        sys.stderr.write(f"acupoint: wrote {_quote(svg_file)} ({len(found)} point{'s' if len(found) > 1 else ''}"
                         f" on {len(figures)} figure{'s' if len(figures) > 1 else ''}: {views}).\n")
        return
    from .render import make_console, print_figures

    print_figures(make_console(color=color), figures)


def _write_text(path: str, text: str) -> None:
    """Write `text` to `path` whole (see `files`), or fail with one line and status 2."""
    from ..data.files import write_atomically

    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        fail(f"cannot write {_quote(path)}: the directory {_quote(directory)} does not exist.", EXIT_USAGE)
    if os.path.isdir(path):
        fail(f"cannot write {_quote(path)}: it is a directory.", EXIT_USAGE)
    try:
        write_atomically(path, text.encode("utf-8"), prefix=".acupoint-", shared=True)
    except OSError as exc:
        fail(f"cannot write {_quote(path)}: {exc.strerror or exc}.", EXIT_USAGE)


def _resolve(catalogue: Catalogue, point: str, command: str) -> Resolution:
    """The point a user's text names, or one line on stderr and status 1 (2 for empty text)."""
    from ..data.catalogue import PointNotFound

    if not point.strip():
        fail(f"the point is empty; give a code or name, e.g. acupoint {command} BL-40", EXIT_USAGE)
    try:
        return catalogue.lookup(point)
    except PointNotFound:
        impossible = _impossible_code(catalogue, point)
        if impossible:
            fail(impossible, EXIT_NOT_FOUND)
        from ..features.search import suggest

        hints = suggest(catalogue, point)
        hint = f" Did you mean: {'; '.join(hints)}?" if hints else ""
        fail(f"no point matches {_quote(point)}.{hint}", EXIT_NOT_FOUND)


def list_points(
    *,
    meridian: str | None = None,
    region: str | None = None,
    meridians: bool = False,
    as_json: bool = False,
    pager: bool = False,
    catalogue_path: str | None = None,
    color: bool | None = None,
) -> None:
    """Print the catalogue (or its channels), optionally narrowed to a channel or region.

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
        return
    region_id, meridian_code = _filters(catalogue, region, meridian)
    pool = catalogue.by_region[region_id] if region_id else catalogue.points
    points = [p for p in pool if meridian_code in (None, p.meridian)]
    if as_json:
        from .serialise import point_dict

        _print_json([point_dict(p, catalogue) for p in points])
    else:
        from .render import list_tables, make_console

        console = make_console(color=color)
        with console.pager(styles=console.color_system is not None) if pager else nullcontext():
            for table in list_tables(points, catalogue):
                console.print(table)
    if not points:
        if not as_json:
            sys.stderr.write("acupoint: no points match these filters.\n")
        raise SystemExit(EXIT_NOT_FOUND)


def routine(
    *,
    region: str = "lower-back",
    seconds: int | None = None,
    no_timer: bool = False,
    pregnancy_safe: bool = False,
    position: str | None = None,
    partner: bool = False,
    quiet: bool = False,
    list_all: bool = False,
    as_json: bool = False,
    draw_map: bool = True,
    catalogue_path: str | None = None,
    color: bool | None = None,
) -> None:
    """Print or guide a routine: safety first, the steps numbered on body maps, then each step
    (a live countdown on a terminal, each step with its points' map as it begins)."""
    from ..data.catalogue import POSITIONS
    from ..features.routine import NoStepsLeft, UnknownRoutine, plan_routine

    catalogue = _catalogue(catalogue_path)
    if list_all:
        plans = [plan_routine(catalogue, r.id, seconds=seconds) for r in catalogue.routines]
        if as_json:
            from .serialise import routine_summary_dict

            _print_json([routine_summary_dict(p) for p in plans])
        else:
            from .render import make_console, routine_table

            make_console(color=color).print(routine_table(plans))
        return
    if position is not None and position not in POSITIONS:
        fail(f"unknown position {_quote(position)}; choose one of: {', '.join(POSITIONS)}.", EXIT_USAGE)
    try:
        plan = plan_routine(catalogue, region, seconds=seconds, pregnancy_safe=pregnancy_safe,
                            position=position, partner=partner)
    except UnknownRoutine as exc:
        fail(f"no routine named {_quote(region)}; choose one of: {', '.join(exc.known)}.", EXIT_USAGE)
    except NoStepsLeft as exc:
        fail(f"{exc}.", EXIT_NOT_FOUND)
    if as_json:
        from .serialise import plan_dict

        _print_json(plan_dict(plan, catalogue))
        return
    from .render import make_console, print_figures, routine_header, safety_panel, step_panel

    console = make_console(color=color)
    console.print(routine_header(plan))
    console.print(safety_panel(plan, catalogue, quiet=quiet))
    if draw_map:
        from ..features.figures import numbered_figures

        print_figures(console, numbered_figures([(s.number, s.points) for s in plan.steps]))
    if no_timer or not sys.stdout.isatty():  # --color may force styles into a pipe: never a countdown
        for planned in plan.steps:
            console.print(step_panel(planned, len(plan.steps)))
        return
    from .guided import run_guided

    maps = None
    if draw_map:
        from ..features.figures import point_figures

        maps = {s.number: point_figures(s.points) for s in plan.steps}
    if not run_guided(console, plan, maps=maps):
        raise SystemExit(EXIT_INTERRUPTED)


def validate(path: str) -> None:
    """Check a catalogue file afresh (never from the cache): a summary, or every problem and status 3."""
    from ..data.errors import CatalogueError
    from ..data.loader import check_file

    try:
        catalogue = check_file(path)
    except CatalogueError as exc:
        _fail_catalogue(exc, f"invalid catalogue {exc.path}: {len(exc.problems)} problem(s):")
    sys.stdout.write(f"{path}: valid: {len(catalogue.points)} points in {len(catalogue.meridians)} channels, "
                     f"{len(catalogue.symptoms)} symptoms, {len(catalogue.routines)} routines.\n")


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


def _known(text: str | None, found: object, kind: str, choices: Iterable[str]) -> None:
    if text is not None and found is None:
        fail(f"unknown {kind} {_quote(text)}; choose one of: {', '.join(choices)}.", EXIT_USAGE)


def _visible(text: str) -> str:
    """Text with control characters made visible (an escape sequence would act on the terminal)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _quote(text: str) -> str:
    """Quote user text for a message, with control characters made visible, never raw."""
    return f'"{_visible(text[:80])}"' + ("..." if len(text) > 80 else "")
