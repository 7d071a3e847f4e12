"""Hypothesis: no text makes find or show raise; exit statuses stay documented; JSON stays JSON."""

from __future__ import annotations

import json

from conftest import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupoint_cli.__main__ import main
from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.features.search import EmptyQuery, find

texts = st.text(min_size=0, max_size=60) | st.sampled_from(["BL-99", "LU-0", "B48", "ex-ue-99", "\x1b[2J", "合"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=texts)
def test_find_never_raises_beyond_empty_query(catalogue: Catalogue, query: str) -> None:
    try:
        results = find(catalogue, query)
    except EmptyQuery:
        assert not query.strip()
        return
    assert len(results) <= 10


@settings(max_examples=60, deadline=None)
@given(query=texts, command=st.sampled_from(["find", "show"]), dashes=st.booleans())
def test_cli_exits_0_1_or_2_with_valid_json(query: str, command: str, dashes: bool) -> None:
    # "--" ends the options, so text that starts with a dash ("-h") is still the query; other
    # text is also tried without it, which takes the start-up fast path.
    args = [command, "--json", "--", query] if dashes or query.startswith("-") else [command, query, "--json"]
    result = invoke(main, args)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") <= 1
    if result.exit_code == 0:
        json.loads(result.stdout)
    if result.exit_code == 1 and command == "find":
        assert json.loads(result.stdout) == []
