"""The data layer's typed errors: what is wrong with a catalogue file, each problem with its place."""

from typing import NamedTuple


class Problem(NamedTuple):
    entry: str
    field: str
    message: str
    line: int | None = None  # in the catalogue file, where known

    def __str__(self) -> str:
        where = f"{self.entry}: {self.field}" if self.field else self.entry
        return f"{f'line {self.line}: ' if self.line else ''}{where}: {self.message}"


class CatalogueError(Exception):
    """The catalogue file cannot be used; `problems` lists every reason found."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"invalid catalogue {path}: {first}{more}")


def file_problem(path: str, message: str, line: int | None = None) -> CatalogueError:
    """The error for a problem of the file as a whole, not of one entry."""
    return CatalogueError(path, [Problem("file", "", message, line)])
