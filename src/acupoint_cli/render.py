"""Rich rendering of what the CLI decided to show. Presentation only: no choices of content.

Imported by the CLI only on the paths that print rich text, so `--help`, `--version` and
`--json` never pay for the heavier Rich modules.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from .normalise import name_key

if TYPE_CHECKING:  # annotations only: `show` need not import the routine and search modules
    from .catalogue import Catalogue, Point, Resolution
    from .figures import Figure
    from .routine import Hold, Plan, PlannedStep
    from .routine import Progress as RunProgress
    from .search import Match

WEIGHT_WORDS = {3: "key", 2: "often", 1: "also"}
MAP_WIDTH = 60  # a body map is drawn at the console's width, but never wider: it stays compact
MAP_STYLES = {"outline": "dim", "detail": "dim", "mark": "bold red", "label": "bold"}
SIDE_WORDS = {"both": "both sides", "midline": "one point on the midline"}


def _names(point: Point) -> Text:
    text = Text()
    text.append(point.pinyin, style="bold")
    text.append(f" {point.hanzi.traditional}")
    if point.hanzi.simplified != point.hanzi.traditional:
        text.append(f" ({point.hanzi.simplified})")
    text.append(f"  {point.english}", style="italic")
    return text


def _caution_mark(point: Point) -> str:
    return " [bold red]! pregnancy[/]" if point.pregnancy_caution else ""


def find_table(matches: list[Match], catalogue: Catalogue) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Code", style="bold cyan", no_wrap=True)
    table.add_column("Point")
    table.add_column("Region")
    table.add_column("Why", style="dim")
    for rank, match in enumerate(matches, 1):
        point = match.point
        name = _names(point)
        name.append_text(Text.from_markup(_caution_mark(point), emoji=False))
        table.add_row(str(rank), point.code, name, catalogue.region_by_id[point.region].label, match.matched)
    return table


def show_panel(resolution: Resolution, catalogue: Catalogue, query: str) -> Panel:
    point = resolution.point
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()

    def row(label: str, value: str | Text) -> None:
        grid.add_row(label, value)

    notes = []
    if resolution.matched_as == "older code":
        notes.append(f"[yellow]{query.strip()} is an older bladder number: today this point is "
                     f"{point.code}.[/]")
    for old in resolution.legacy_meanings:
        notes.append(f"[yellow]Older texts use {query.strip()} for {old.code} {old.pinyin} "
                     f"({', '.join((old.english, *old.aliases[:1]))}); see `acupoint show {old.code}`.[/]")
    for other in resolution.same_name:
        notes.append(f"[yellow]{query.strip()} also names {other.code} {other.pinyin} "
                     f"{other.hanzi.traditional}; see `acupoint show {other.code}`.[/]")
    meridian = catalogue.meridian_by_code[point.meridian].name
    if point.aliases:
        row("Also called", ", ".join(point.aliases))
    for name in point.group_names:
        others = [p.code for p, _, _ in catalogue.by_name[name_key(name)] if p is not point]
        row("Shared name", f"{name} (with {', '.join(others)})" if others else name)
    if point.legacy_codes:
        row("Older code", ", ".join(point.legacy_codes) + " (older bladder numbering)")
    row("Channel", f"{meridian} ({point.meridian}), point {point.number}")
    row("Region", catalogue.region_by_id[point.region].label)
    row("Location", point.location)
    row("Find it", point.find_it)
    technique = point.technique
    row("How to press", f"{technique.pressure} pressure, {technique.hold_seconds} s, "
        f"{SIDE_WORDS[technique.sides]}; {', '.join(p.replace('-', ' ') for p in technique.positions)}")
    row("", technique.how)
    row("Helps with", ", ".join(f"{catalogue.symptom_by_id[s].label} ({WEIGHT_WORDS[w]})"
                                for s, w in point.indications))
    if point.categories:
        row("Categories", "; ".join(point.categories))
    cautions = Text()
    for caution in point.cautions:
        kind = catalogue.caution_by_id[caution.kind]
        style = "bold red" if caution.kind == "pregnancy" else "red"
        if cautions:
            cautions.append("\n")
        cautions.append(f"{kind.label.capitalize()}: ", style=style)
        cautions.append(caution.note)
    row(Text("Cautions", style="bold red"), cautions if point.cautions else Text("none specific to this point"))
    row("Sources", ", ".join(point.sources))
    title = Text.assemble((f"{point.code}  ", "bold cyan"), _names(point))
    body = Group(*[Text.from_markup(n, emoji=False) for n in notes], grid) if notes else grid
    return Panel(body, title=title, title_align="left", border_style="cyan")


def list_tables(points: list[Point], catalogue: Catalogue) -> list[Table]:
    tables = []
    for meridian in catalogue.meridians:
        rows = [p for p in points if p.meridian == meridian.code]
        if not rows:
            continue
        table = Table(title=f"{meridian.name} ({meridian.code})", title_justify="left", title_style="bold")
        table.add_column("Code", style="bold cyan", no_wrap=True)
        table.add_column("Point")
        table.add_column("Region")
        for point in rows:
            name = _names(point)
            name.append_text(Text.from_markup(_caution_mark(point), emoji=False))
            table.add_row(point.code, name, catalogue.region_by_id[point.region].label)
        tables.append(table)
    return tables


def meridian_table(catalogue: Catalogue) -> Table:
    table = Table(title="Channels", title_justify="left", title_style="bold")
    table.add_column("Code", style="bold cyan", no_wrap=True)
    table.add_column("Channel")
    table.add_column("Points", justify="right")
    table.add_column("Also written")
    for meridian in catalogue.meridians:
        others = [v for v in meridian.variants if v != meridian.code]
        table.add_row(meridian.code, meridian.name, str(meridian.points), ", ".join(others))
    return table


def safety_panel(plan: Plan, catalogue: Catalogue, quiet: bool = False) -> Panel:
    safety = catalogue.safety
    lines = [Text(safety.notice, style="bold"), Text(safety.stop_if, style="bold")]
    if not quiet:
        lines += [Text(f"- {g}") for g in safety.general]
    lines.append(Text("See a doctor first if your back pain comes with: " + "; ".join(safety.red_flags) + ".",
                      style="yellow"))
    if plan.removed:
        lines.append(Text("Left out for pregnancy: " + ", ".join(f"{p.code} {p.pinyin}" for p in plan.removed),
                          style="magenta"))
    return Panel(Group(*lines), title="Safety first", title_align="left", border_style="yellow")


def routine_table(plans: list[Plan]) -> Table:
    table = Table(title="Routines", title_justify="left", title_style="bold")
    table.add_column("Region", style="bold cyan", no_wrap=True)
    table.add_column("Steps", justify="right")
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("What it covers")
    for plan in plans:
        minutes, seconds = divmod(plan.total_seconds, 60)
        table.add_row(plan.routine.id, str(len(plan.steps)), f"{minutes}:{seconds:02d}", plan.routine.summary)
    return table


def routine_header(plan: Plan) -> Text:
    minutes, seconds = divmod(plan.total_seconds, 60)
    return Text.assemble((plan.routine.title, "bold"), f": {len(plan.steps)} steps, about {minutes} min "
                         f"{seconds:02d} s. ", (plan.routine.summary, "dim"))


def step_panel(planned: PlannedStep, total: int) -> Panel:
    step = planned.step
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for point in planned.points:
        grid.add_row(f"{point.code}", Text.assemble(_names(point), "\n", point.find_it))
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
        yield Text("")
        yield Text(self.figure.title, style="bold")
        styles = {name: console.get_style(style) for name, style in MAP_STYLES.items()}
        for row in self.figure.rows(min(options.max_width, MAP_WIDTH)):  # never wider than that: no wrapping
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
    if color is False:
        return Console(stderr=stderr, highlight=False, emoji=False, color_system=None)
    return Console(stderr=stderr, highlight=False, emoji=False, force_terminal=color, no_color=False if color else None)
