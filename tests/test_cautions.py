"""Cautions in plain words for the person pressing, with provenance apart (issue 17, item 3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from conftest import Result, flat

from acupoint_cli.data.catalogue import Catalogue

# Words that speak of where a caution came from rather than what to do: they belong in `why`.
PROVENANCE = re.compile(r"\b(database|datasets?|tables?|references?|iaomai|sources?|textbooks?|flag(s|ged)?)\b",
                        re.IGNORECASE)


def test_no_caution_note_speaks_of_databases_tables_or_source_ids(catalogue: Catalogue) -> None:
    ids = {s.id for s in catalogue.sources}
    found = [(p.code, c.note) for p in catalogue.points for c in p.cautions
             if PROVENANCE.search(c.note) or any(i in c.note for i in ids)]
    assert found == []


def test_every_caution_names_its_sources(catalogue: Catalogue) -> None:
    assert [(p.code, c.kind) for p in catalogue.points for c in p.cautions if not c.sources] == []


def test_every_cited_source_has_a_full_citation(catalogue: Catalogue) -> None:
    cited = {s for p in catalogue.points for s in (*p.sources, *(i for c in p.cautions for i in c.sources))}
    cited |= {s for flags in catalogue.safety.red_flags for s in flags.sources}
    by_id = catalogue.source_by_id
    assert cited <= by_id.keys()
    assert [i for i in sorted(cited) if len(by_id[i].citation) < 40 or by_id[i].title == i] == []


def test_show_prints_readable_source_names(run: Callable[..., Result], catalogue: Catalogue) -> None:
    shown = flat(run("show", "BL-23", "--no-map").stdout)
    sources = shown.split("Sources", 1)[1]
    assert catalogue.source_by_id["who2008"].title in sources
    assert "who2008" not in sources and "reference-tables" not in sources


def test_show_verbose_gives_the_reasons_and_the_citations(run: Callable[..., Result], catalogue: Catalogue) -> None:
    plain = flat(run("show", "BL-23", "--no-map").stdout)
    verbose = flat(run("show", "BL-23", "--no-map", "--verbose").stdout)
    caution = next(c for c in catalogue.get("BL-23").cautions if c.kind == "pregnancy")  # type: ignore[union-attr]
    assert "Why:" not in plain and "Why:" in verbose and caution.why[:40] in verbose
    assert catalogue.source_by_id["who1999"].citation[:40] in verbose


def test_json_carries_provenance_and_every_citation(run_json: Callable[..., Any]) -> None:
    point = run_json("show", "BL-23", "--json")
    pregnancy = next(c for c in point["cautions"] if c["kind"] == "pregnancy")
    assert pregnancy["why"] and pregnancy["sources"]
    ids = {r["id"] for r in point["references"]}
    assert ids == {*point["sources"], *(i for c in point["cautions"] for i in c["sources"])}
    assert all(r["citation"] for r in point["references"])
