"""Shell-completion candidates: point codes, body regions, channels and routines.

Called by Typer's completion machinery (see `cli`); the result is (value, help) pairs, with
the point's pinyin and English name as help so shells that show descriptions (zsh, fish)
show them. Any problem with the catalogue means no candidates, never an error in the shell.
"""

from __future__ import annotations

MAX_CANDIDATES = 60


def candidates(kind: str, incomplete: str, catalogue_path: str | None = None) -> list[tuple[str, str]]:
    """Values of `kind` ("point", "region", "meridian" or "routine") starting with `incomplete`."""
    from ..data.errors import CatalogueError
    from ..data.loader import load_catalogue
    from .commands import chosen_catalogue

    try:
        catalogue = load_catalogue(chosen_catalogue(catalogue_path))
    except CatalogueError:
        return []
    if kind == "point":
        pairs = [(p.code, f"{p.pinyin} {p.english}") for p in catalogue.points]
    elif kind == "region":
        pairs = [(r.id, r.label) for r in catalogue.regions]
    elif kind == "meridian":
        pairs = [(m.code, m.name) for m in catalogue.meridians]
    else:
        pairs = [(r.id, r.title) for r in catalogue.routines]
    prefix = incomplete.casefold().replace("-", "")
    return [pair for pair in pairs if pair[0].casefold().replace("-", "").startswith(prefix)][:MAX_CANDIDATES]
