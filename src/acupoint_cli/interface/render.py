"""Rich rendering of what the CLI decided to show. Presentation only: no choices of content.

Imported by the CLI only on the paths that print rich text, so `--help`, `--version` and
`--json` never pay for the heavier Rich modules; rich.table is imported only by the functions
that draw tables. Text from the catalogue or the user always goes in as `Text`, never as a
string Rich would read as markup: a `[/]` in a location or a query prints as written.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

from ..data.normalise import name_key
from ..data.records import NOT_FOR_SELF

if TYPE_CHECKING:  # annotations only: `show` need not import the routine, search and table modules
    from rich.console import OverflowMethod
    from rich.style import Style
    from rich.table import Table

    from ..data.catalogue import Catalogue
    from ..data.records import Point, RedFlags, Resolution
    from ..features.figures import Figure
    from ..features.routine import Hold, Plan, PlannedStep
    from ..features.routine import Progress as RunProgress
    from ..features.search import Match

WEIGHT_WORDS = {3: "key", 2: "often", 1: "also"}
MAP_STYLES = {"outline": "dim", "detail": "dim", "mark": "bold red", "label": "bold"}
SIDE_WORDS = {"both": "both sides", "midline": "one point on the midline"}
NUANCE_WORDS = {"after-third-month": "from the fourth month", "some-sources": "in some traditions"}


def _names(point: Point) -> Text:
    text = Text()
    text.append(point.pinyin, style="bold")
    text.append(f" {point.hanzi.traditional}")
    if point.hanzi.simplified != point.hanzi.traditional:
        text.append(f" ({point.hanzi.simplified})")
    text.append(f"  {point.english}", style="italic")
    return text


def _marked_names(point: Point) -> Text:
    """The names, then a red mark on points to avoid in pregnancy."""
    names = _names(point)
    if not point.self_care:
        names.append(" ")
        names.append("! not for self-pressing", style="bold red")
    if point.pregnancy_caution:
        names.append(" ")
        names.append("! pregnancy", style="bold red")
    return names


def find_table(matches: list[Match], catalogue: Catalogue) -> Table:
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", expand=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Code", style="bold cyan", no_wrap=True)
    table.add_column("Point")
    table.add_column("Region")
    table.add_column("Why", style="dim")
    for rank, match in enumerate(matches, 1):
        point = match.point
        table.add_row(str(rank), Text(point.code), _marked_names(point),
                      Text(catalogue.region_by_id[point.region].label), Text(match.matched))
    return table


class Fields:
    """Labelled values, one under another: the labels in bold in a column as wide as the longest, each
    value wrapped beside its label, as a two-column `Table.grid(padding=(0, 1))` with a bold, unwrapped
    first column and a folding second one draws them, to the byte (tests/test_render.py compares the
    two). `show` uses this because importing rich.table would cost it about 4 ms.

    Where that would leave a value fewer than MIN_VALUE_WIDTH columns (a very narrow terminal),
    each label goes on its own line with its value under it, indented, instead of the grid's
    column of one or two characters. Values are plain text, never Rich markup: a catalogue's
    `[/]` prints as written.
    """

    MIN_VALUE_WIDTH = 20
    INDENT = 2  # of a value under its label
    # Rich's default, "ellipsis", can cut a word that fits: a line of exactly the value's width with a
    # CJK name on it ("Zhìshì 志室  Residence of" at 25 columns) came out as "Residence o…".
    VALUE_OVERFLOW: OverflowMethod = "fold"

    def __init__(self) -> None:
        self.rows: list[tuple[Text, Text]] = []

    def add_row(self, label: str | Text, value: str | Text) -> None:
        self.rows.append((Text(label) if isinstance(label, str) else label,
                          Text(value) if isinstance(value, str) else value))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows:
            return
        bold = console.get_style("bold")
        plain = options.update(overflow="ellipsis", height=None, highlight=False)
        cell = plain.update(justify="left")  # a table column's defaults
        label_width = max(label.cell_len for label, _ in self.rows)
        room = options.max_width - label_width - 1
        if room < self.MIN_VALUE_WIDTH:
            yield from self._stacked(console, plain, bold)
            return
        value_width = min(max(Measurement.get(console, cell.update_width(room), value).maximum
                              for _, value in self.rows), room)
        label_options = cell.update(width=label_width, no_wrap=True)
        value_options = cell.update(width=value_width, no_wrap=False, overflow=self.VALUE_OVERFLOW)
        gap, blank = Segment(" ", bold), Segment(" " * (label_width + 1), bold)
        for label, value in self.rows:
            first = console.render_lines(label, label_options, style=bold)[0]
            for index, line in enumerate(console.render_lines(value, value_options)):
                yield from (*first, gap) if index == 0 else (blank,)
                yield from line
                yield Segment.line()

    def _stacked(self, console: Console, options: ConsoleOptions, bold: Style) -> RenderResult:
        """Each label on a line of its own, its value under it, indented."""
        indent = Segment(" " * self.INDENT)
        label_options = options.update(no_wrap=True)
        value_options = options.update(width=max(options.max_width - self.INDENT, 1), no_wrap=False,
                                       overflow=self.VALUE_OVERFLOW)
        for label, value in self.rows:
            if label.plain:
                yield from console.render_lines(label, label_options, style=bold, pad=False)[0]
                yield Segment.line()
            for line in console.render_lines(value, value_options, pad=False):
                yield indent
                yield from line
                yield Segment.line()


def _cautions(point: Point, catalogue: Catalogue, verbose: bool) -> Text:
    """Each caution in plain words; with `verbose`, why acupoint gives it and on whose word."""
    if not point.cautions:
        return Text("none specific to this point")
    text = Text()
    for caution in point.cautions:
        kind = catalogue.caution_by_id[caution.kind]
        style = "bold red" if caution.kind in ("pregnancy", NOT_FOR_SELF) else "red"
        if text:
            text.append("\n")
        nuance = f" ({NUANCE_WORDS[caution.nuance]})" if caution.nuance else ""
        text.append(f"{kind.label.capitalize()}{nuance}: ", style=style)
        text.append(caution.note)
        if verbose and (caution.why or caution.sources):
            sources = "; ".join(catalogue.source_by_id[s].title for s in caution.sources)
            text.append(f"\nWhy: {caution.why}" + (f" Sources: {sources}." if sources else ""), style="dim")
    return text


def show_panel(resolution: Resolution, catalogue: Catalogue, query: str, verbose: bool = False) -> Panel:
    point = resolution.point
    grid = Fields()
    row = grid.add_row
    notes = [f"Not for pressing on yourself: {c.note}" for c in point.cautions if c.kind == NOT_FOR_SELF]
    if resolution.matched_as == "older code":
        notes.append(f"{query.strip()} is an older bladder number: today this point is {point.code}.")
    if resolution.today is not None:
        today = resolution.today
        notes.append(f"In today's numbering {query.strip()} is {today.code} {today.pinyin} ({today.english}); "
                     f"see `acupoint show {today.code}`.")
    for old in resolution.legacy_meanings:
        notes.append(f"Older texts use {query.strip()} for {old.code} {old.pinyin} "
                     f"({', '.join((old.english, *old.aliases[:1]))}); see `acupoint show {old.code}`.")
    for other in resolution.same_name:
        notes.append(f"{query.strip()} also names {other.code} {other.pinyin} "
                     f"{other.hanzi.traditional}; see `acupoint show {other.code}`.")
    meridian = catalogue.meridian_by_code[point.meridian].name
    if point.aliases:
        row("Also called", ", ".join(point.aliases))
    for name in point.group_names:
        others = [p.code for p in catalogue.by_group_name[name_key(name)] if p.code != point.code]
        row("Shared name", f"{name} (with {', '.join(others)})" if others else name)
    if point.legacy_codes:
        row("Older code", ", ".join(point.legacy_codes) + " (older bladder numbering)")
    row("Channel", f"{meridian} ({point.meridian}), point {point.number}")
    row("Region", catalogue.region_by_id[point.region].label)
    row("Location", point.location)
    row("Find it", point.find_it)
    technique = point.technique
    if point.self_care:
        row("How to press", f"{technique.pressure} pressure, {technique.hold_seconds} s, "
            f"{SIDE_WORDS[technique.sides]}; {', '.join(p.replace('-', ' ') for p in technique.positions)}")
        row("", technique.how)
    else:
        row("How to press", "not on yourself: see the note at the top")
    row("Helps with", ", ".join(f"{catalogue.symptom_by_id[s].label} ({WEIGHT_WORDS[w]})"
                                for s, w in point.indications))
    if point.categories:
        row("Categories", "; ".join(point.categories))
    row(Text("Cautions", style="bold red"), _cautions(point, catalogue, verbose))
    row("Sources", "; ".join(catalogue.source_by_id[s].title for s in point.sources))
    if verbose:
        row("References", "\n".join(f"{s.title}: {s.citation}" for s in catalogue.cited(point)))
    title = Text.assemble((f"{point.code}  ", "bold cyan"), _names(point))
    body = Group(*[Text(n, style="yellow") for n in notes], grid) if notes else grid
    return Panel(body, title=title, title_align="left", border_style="cyan")


def list_tables(points: list[Point], catalogue: Catalogue) -> list[Table]:
    from rich.table import Table

    tables = []
    for meridian in catalogue.meridians:
        rows = [p for p in points if p.meridian == meridian.code]
        if not rows:
            continue
        table = Table(title=Text(f"{meridian.name} ({meridian.code})"), title_justify="left", title_style="bold")
        table.add_column("Code", style="bold cyan", no_wrap=True)
        table.add_column("Point")
        table.add_column("Region")
        for point in rows:
            table.add_row(Text(point.code), _marked_names(point), Text(catalogue.region_by_id[point.region].label))
        tables.append(table)
    return tables


def meridian_table(catalogue: Catalogue) -> Table:
    from rich.table import Table

    table = Table(title="Channels", title_justify="left", title_style="bold")
    table.add_column("Code", style="bold cyan", no_wrap=True)
    table.add_column("Channel")
    table.add_column("Points", justify="right")
    table.add_column("Also written")
    for meridian in catalogue.meridians:
        others = [v for v in meridian.variants if v != meridian.code]
        table.add_row(Text(meridian.code), Text(meridian.name), str(meridian.points), Text(", ".join(others)))
    return table


def safety_panel(plan: Plan, catalogue: Catalogue, quiet: bool = False) -> Panel:
    safety = catalogue.safety
    lines = [Text(safety.notice, style="bold"), Text(safety.stop_if, style="bold")]
    if not quiet:
        lines += [Text(f"- {g}") for g in safety.general]
    flags = safety.red_flags_for(plan.routine.id)
    if flags is not None:
        lines += red_flag_lines(flags)
    if plan.removed:
        lines.append(Text("Left out for pregnancy: " + ", ".join(f"{p.code} {p.pinyin}" for p in plan.removed),
                          style="magenta"))
    if plan.pregnancy_advice:
        lines.append(Text(plan.pregnancy_advice, style="bold magenta"))
    return Panel(Group(*lines), title="Safety first", title_align="left", border_style="yellow")


def red_flag_lines(flags: RedFlags) -> list[Text]:
    """The red flags of a routine's part of the body, most urgent first."""
    return [Text(f"Get emergency help now, before any pressing, if your {flags.title} comes with: "
                 + "; ".join(flags.emergency) + ".", style="bold yellow"),
            Text(f"See a doctor within a day if your {flags.title} comes with: " + "; ".join(flags.urgent) + ".",
                 style="yellow")]


def routine_table(plans: list[Plan]) -> Table:
    from rich.table import Table

    table = Table(title="Routines", title_justify="left", title_style="bold")
    table.add_column("Region", style="bold cyan", no_wrap=True)
    table.add_column("Steps", justify="right")
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("What it covers")
    for plan in plans:
        minutes, seconds = divmod(plan.total_seconds, 60)
        table.add_row(Text(plan.routine.id), str(len(plan.steps)), f"{minutes}:{seconds:02d}",
                      Text(plan.routine.summary))
    return table


def routine_header(plan: Plan) -> Text:
    minutes, seconds = divmod(plan.total_seconds, 60)
    return Text.assemble((plan.routine.title, "bold"), f": {len(plan.steps)} steps, about {minutes} min "
                         f"{seconds:02d} s. ", (plan.routine.summary, "dim"))


def step_panel(planned: PlannedStep, total: int) -> Panel:
    step = planned.step
    grid = Fields()
    for point in planned.points:
        grid.add_row(point.code, Text.assemble(_names(point), "\n", point.find_it))
        for caution in point.cautions:
            grid.add_row("", Text(caution.note, style="red"))
    sides = ", then ".join(h.side for h in planned.holds)
    grid.add_row("Position", step.position.replace("-", " "))
    grid.add_row("With", planned.method)
    grid.add_row("Press", f"{step.pressure}, {planned.holds[0].seconds} s ({sides})")
    grid.add_row("Breathe", step.breathing)
    grid.add_row("Feel", step.feel)
    title = f"Step {planned.number}/{total}"
    return Panel(grid, title=title, title_align="left", border_style="green")


class MapFigure:
    """A body-map figure: its line, the drawing at the width it is given (at most MAP_WIDTH) and its legend.

    It draws when printed, so the drawing fits wherever it is printed.
    """

    def __init__(self, figure: Figure) -> None:
        self.figure = figure

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from ..features.figures import MAP_WIDTH

        yield Text("")
        yield Text(self.figure.title, style="bold")
        styles = {name: console.get_style(style) for name, style in MAP_STYLES.items()}
        for row in self.figure.rows(min(options.max_width, MAP_WIDTH)):  # never wider: it stays compact
            for text, style in row:
                yield Segment(text, styles.get(style))
            yield Segment.line()
        for line in self.figure.legend:
            yield Text(line, style="dim")


def print_figures(console: Console, figures: list[Figure]) -> None:
    for figure in figures:
        console.print(MapFigure(figure))


def hold_label(hold: Hold) -> str:
    return f"Hold ({hold.side})"


def summary_line(progress: RunProgress, total: int, interrupted: bool) -> str:
    verb = "Stopped" if interrupted else "Done"
    skipped = f", {progress.steps_skipped} skipped" if progress.steps_skipped else ""
    return f"{verb}: {progress.steps_done} of {total} steps{skipped}, {int(progress.seconds_pressed)} s of pressing."


def make_console(stderr: bool = False, color: bool | None = None) -> Console:
    """A console for the tool's output.

    `color` True or False (--color / --no-color) wins over detection; otherwise colour and
    styles appear only on a terminal, and never with NO_COLOR set (no escape codes at all,
    not even bold). Catalogue text is never read as emoji codes.
    """
    if color is None:
        color = False if os.environ.get("NO_COLOR") else None
    width = _columns()
    if color is False:
        console = Console(stderr=stderr, highlight=False, emoji=False, color_system=None, width=width)
    else:
        console = Console(stderr=stderr, highlight=False, emoji=False, force_terminal=color,
                          no_color=False if color else None, width=width)
    if not MIN_COLUMNS <= console.width <= MAX_COLUMNS:  # a terminal that reports 0 columns, say
        console.width = min(max(console.width, MIN_COLUMNS), MAX_COLUMNS)
    return console


# The one policy for absurd widths (COLUMNS=0, a 25-digit COLUMNS, a terminal that reports 0):
# output is laid out for the nearest width in this range. Below 20 columns no label and value
# fit side by side; beyond 1000 a line is no longer read as one.
MIN_COLUMNS = 20
MAX_COLUMNS = 1000


def _columns() -> int | None:
    """COLUMNS brought into [MIN_COLUMNS, MAX_COLUMNS], or None when it is unset or not a number
    (Rich then asks the terminal)."""
    text = os.environ.get("COLUMNS", "").strip()
    if not text.isdigit() or not text.isascii():
        return None
    return min(max(int(text) if len(text) < 6 else MAX_COLUMNS, MIN_COLUMNS), MAX_COLUMNS)
