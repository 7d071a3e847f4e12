"""Shared fixtures: the bundled catalogue, its raw data for corruption tests, and a CLI runner."""

from __future__ import annotations

import copy
import io
import json
import os
import re
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from acupoint_cli.__main__ import main
from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.loader import bundled_path, load_catalogue

# The points issue 2 names: the ones the back-pain articles use. Every one must be complete.
ARTICLE_POINTS = (
    "LI-4 LI-10 LI-11 CV-6 BL-23 BL-25 BL-27 BL-28 BL-29 BL-30 BL-31 BL-32 BL-33 BL-34 BL-39 BL-40 "
    "BL-43 BL-52 BL-53 BL-62 SP-21 KI-1 KI-27 PC-6 PC-7 GV-3 GV-4 GV-16 GV-26 LU-1 SI-3 SI-11 GB-6 "
    "GB-10 GB-20 GB-21 LR-3 EX-UE7"
).split()


def flat(text: str) -> str:
    """Rendered text without box drawing and line wrapping, for phrase checks."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line, just above pytest's closing line, when the reference comparison did not run."""
    from test_reference import REFERENCE, REFERENCE_MISSING

    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if REFERENCE_MISSING in str(getattr(report, "longrepr", ""))]
    if skipped:
        terminalreporter.write_line(
            f"acupoint: {len(skipped)} reference tests skipped: no fact tables at {REFERENCE}, so the catalogue's "
            "codes, names, characters and flags were not checked against them (set ACUPOINT_REFERENCE to the "
            "folder; CI requires it)", yellow=True)


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep the tests' catalogue cache out of the user's home (subprocesses inherit it)."""
    directory = tmp_path_factory.mktemp("cache")
    os.environ["ACUPOINT_CACHE_DIR"] = str(directory)
    return directory


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def raw_data() -> dict[str, Any]:
    """The bundled catalogue as plain data, parsed once; tests deep-copy before changing it."""
    return yaml.safe_load(Path(bundled_path()).read_text(encoding="utf-8"))


class _NoAliases(yaml.SafeDumper):
    """Writes shared values out in full: a catalogue may not use YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def mutate(raw: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> str:
    """A changed copy of catalogue data, as YAML text."""
    data = copy.deepcopy(raw)
    change(data)
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


@pytest.fixture
def mutated(raw_data: dict[str, Any]) -> Callable[[Callable[[dict[str, Any]], object]], str]:
    """Apply a change to a copy of the real catalogue and return it as YAML text."""
    return lambda change: mutate(raw_data, change)


class Result(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str


def invoke(entry: Callable[[list[str]], None], args: list[str]) -> Result:
    """Run a command line in-process through `entry`, with stdout and stderr captured apart."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            entry(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Invoke the real entry point in-process (the fast path or Typer, as a user would get)."""
    monkeypatch.delenv("ACUPOINT_CATALOGUE", raising=False)

    def run_args(*args: str, env: dict[str, str] | None = None) -> Result:
        with monkeypatch.context() as scoped:
            for key, value in (env or {}).items():
                scoped.setenv(key, value)
            return invoke(main, list(args))

    return run_args


@pytest.fixture
def run_json(run: Callable[..., Result]) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.stderr == "", result.stderr
        return json.loads(result.stdout)

    return invoke


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    return Path(__file__).parent / "golden"
