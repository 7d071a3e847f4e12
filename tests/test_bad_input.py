"""Every bad input through the real CLI: one clear line (or a list of catalogue problems) on
stderr, a documented exit status, never a traceback, nothing half-printed on stdout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import mutate

from acupoint_cli.data import loader
from acupoint_cli.interface.errors import ExitStatus

EXIT_NOT_FOUND, EXIT_USAGE, EXIT_BAD_CATALOGUE = ExitStatus.NOT_FOUND, ExitStatus.USAGE, ExitStatus.BAD_CATALOGUE


def _bomb() -> str:
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        text += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    return text


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, raw_data: dict[str, Any]) -> dict[str, str]:
    """Bad catalogue files, each broken in one way, built from the real catalogue where it matters."""
    tmp_path = tmp_path_factory.mktemp("bad")

    def mutated(change: Any) -> str:
        return mutate(raw_data, change)

    def point(data: dict[str, Any], code: str) -> dict[str, Any]:
        return next(p for p in data["points"] if p["code"] == code)

    texts: dict[str, str | bytes] = {
        "not-utf8": b"sources: []\nname: \xff\xfe\n",
        "not-yaml": "sources: [unclosed\n  points: {\n",
        "bomb": _bomb(),
        "deep": "[" * 100_000 + "]" * 100_000,
        "empty": "",
        "a-list": "- just\n- a list\n",
        "python-tag": "!!python/object/apply:os.system ['echo hacked']\n",
        "wrong-type": mutated(lambda d: point(d, "LI-4")["technique"].update(hold_seconds="long")),
        "duplicate": mutated(lambda d: d["points"].append(dict(point(d, "GV-4")))),
        "dangling": mutated(lambda d: d["routines"][0]["steps"][0]["points"].append("ZZ-1")),
        "missing-field": mutated(lambda d: point(d, "BL-40").pop("location")),
        "two-problems": mutated(lambda d: (point(d, "BL-40").update(region="nowhere"),
                                           point(d, "LI-4").update(number="four"))),
    }
    made = {"missing": str(tmp_path / "missing.yaml"), "directory": str(tmp_path)}
    for name, text in texts.items():
        path = tmp_path / f"{name}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        made[name] = str(path)
    return made


CASES: list[tuple[str, list[str], int, list[str]]] = [
    # id, command line ({name} = a file from `files`), exit status, phrases expected on stderr
    ("empty query", ["find", ""], EXIT_USAGE, ["query is empty", 'acupoint find "lower back"']),
    ("blank query", ["find", "  \t "], EXIT_USAGE, ["query is empty"]),
    ("empty point", ["show", ""], EXIT_USAGE, ["point is empty", "acupoint show BL-40"]),
    ("blank point", ["show", "   "], EXIT_USAGE, ["point is empty"]),
    ("100 kB query", ["find", "q" * 100_000], EXIT_NOT_FOUND, ["nothing matches", '"...']),
    ("ANSI escape", ["find", "\x1b[31mzzqq\x1b[0m"], EXIT_NOT_FOUND, ["\\x1b[31m"]),
    ("terminal title escape", ["show", "\x1b]0;owned\x07"], EXIT_NOT_FOUND, ["\\x1b]0;owned\\x07"]),
    ("control characters", ["show", "zz\x00\x08\x7fqq"], EXIT_NOT_FOUND, ["\\x00\\x08\\x7f"]),
    ("emoji", ["find", "😀😀"], EXIT_NOT_FOUND, ["nothing matches"]),
    ("mixed scripts", ["show", "Ωмега合谷x"], EXIT_NOT_FOUND, ["no point matches"]),
    ("impossible code", ["show", "BL-99"], EXIT_NOT_FOUND, ["BL-99 does not exist", "points 1 to 67"]),
    ("point zero", ["show", "LU-0"], EXIT_NOT_FOUND, ["LU-0 does not exist", "points 1 to 11"]),
    ("impossible code, find", ["find", "ub 99"], EXIT_NOT_FOUND, ["BL-99 does not exist"]),
    ("impossible extra point", ["show", "EX-UE-99"], EXIT_NOT_FOUND, ["does not exist"]),
    ("unknown name", ["show", "hegoo"], EXIT_NOT_FOUND, ["no point matches", "Did you mean", "LI-4"]),
    ("limit zero", ["find", "back", "--limit", "0"], EXIT_USAGE, ["'--limit'", "1<=x<=500", "find --help"]),
    ("limit negative", ["find", "back", "--limit", "-3"], EXIT_USAGE, ["'--limit'", "-3"]),
    ("limit too big", ["find", "back", "-n", "501"], EXIT_USAGE, ["501"]),
    ("limit not a number", ["find", "back", "--limit", "lots"], EXIT_USAGE, ["'lots'"]),
    ("seconds not a number", ["routine", "--seconds", "abc", "--no-timer"], EXIT_USAGE, ["'--seconds'", "'abc'"]),
    ("seconds too short", ["routine", "--seconds", "1", "--no-timer"], EXIT_USAGE, ["'--seconds'", "5<=x<=600"]),
    ("unknown routine", ["routine", "--region", "nowhere"], EXIT_USAGE, ["no routine named", "lower-back"]),
    ("unknown position", ["routine", "--position", "upside-down"], EXIT_USAGE, ["unknown position", "sitting"]),
    ("unknown region, find", ["find", "back", "--region", "nowhere"], EXIT_USAGE, ["unknown region", "lower-back"]),
    ("unknown channel, find", ["find", "back", "--meridian", "XX"], EXIT_USAGE, ["unknown channel", "BL"]),
    ("unknown region, list", ["list", "--region", "moon"], EXIT_USAGE, ["unknown region"]),
    ("unknown channel, list", ["list", "--meridian", "moon"], EXIT_USAGE, ["unknown channel"]),
    ("unknown command", ["lookup", "BL-40"], EXIT_USAGE, ["no such command 'lookup'", "acupoint --help"]),
    ("unknown option", ["find", "back", "--fuzzy"], EXIT_USAGE, ["no such option: --fuzzy"]),
    ("query that looks like an option", ["find", "-x"], EXIT_USAGE, ["no such option: -x"]),
    ("missing query", ["find"], EXIT_USAGE, ["missing argument"]),
    ("extra argument", ["show", "BL-40", "LI-4"], EXIT_USAGE, ["unexpected extra argument", "LI-4"]),
    ("missing catalogue", ["--catalogue", "{missing}", "show", "BL-40"], EXIT_BAD_CATALOGUE,
     ["{missing}", "cannot be read"]),
    ("catalogue is a directory", ["--catalogue", "{directory}", "find", "back"], EXIT_BAD_CATALOGUE,
     ["is a directory"]),
    ("catalogue not UTF-8", ["--catalogue", "{not-utf8}", "show", "BL-40"], EXIT_BAD_CATALOGUE,
     ["line 2: file: is not UTF-8 text"]),
    ("catalogue not YAML", ["--catalogue", "{not-yaml}", "show", "BL-40"], EXIT_BAD_CATALOGUE,
     ["not valid YAML", "line ", "column "]),
    ("YAML bomb", ["--catalogue", "{bomb}", "list"], EXIT_BAD_CATALOGUE, ["line 2: file: uses a YAML alias"]),
    ("deep nesting", ["--catalogue", "{deep}", "list"], EXIT_BAD_CATALOGUE, ["nested more than 64 levels deep"]),
    ("empty catalogue", ["--catalogue", "{empty}", "list"], EXIT_BAD_CATALOGUE, ["must be a mapping"]),
    ("catalogue is a list", ["--catalogue", "{a-list}", "list"], EXIT_BAD_CATALOGUE, ["must be a mapping"]),
    ("unsafe YAML tag", ["--catalogue", "{python-tag}", "list"], EXIT_BAD_CATALOGUE, ["not valid YAML"]),
    ("wrong type", ["--catalogue", "{wrong-type}", "show", "LI-4"], EXIT_BAD_CATALOGUE,
     ["LI-4 technique: hold_seconds: must be a whole number", "line "]),
    ("duplicate code", ["--catalogue", "{duplicate}", "show", "GV-4"], EXIT_BAD_CATALOGUE,
     ["points GV-4: code: duplicate"]),
    ("dangling reference", ["--catalogue", "{dangling}", "routine", "--no-timer"], EXIT_BAD_CATALOGUE,
     ["'ZZ-1' is not a point in this catalogue"]),
    ("missing field", ["--catalogue", "{missing-field}", "show", "BL-40"], EXIT_BAD_CATALOGUE,
     ["BL-40: location: missing required field"]),
    ("validate lists every problem", ["validate", "{two-problems}"], EXIT_BAD_CATALOGUE,
     ["2 problem(s)", "unknown region 'nowhere'", "number: must be a whole number"]),
    ("validate a missing file", ["validate", "{missing}"], EXIT_BAD_CATALOGUE, ["cannot be read"]),
]


@pytest.mark.parametrize(("args", "status", "phrases"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_a_clear_message_and_status(run, files, args: list[str], status: int,
                                                   phrases: list[str]) -> None:
    result = run(*[arg.format(**files) if "{" in arg else arg for arg in args])
    assert result.exit_code == status, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("acupoint: ") and "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\x00" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert len(first) < 300, first  # a sentence (with the choices), not a dump of the input
    for phrase in phrases:
        assert phrase.format(**files) in result.stderr, result.stderr


def test_the_table_covers_at_least_forty_distinct_inputs() -> None:
    assert len({tuple(args) for _, args, _, _ in CASES}) == len(CASES) >= 40


def test_environment_variable_selects_a_catalogue_and_the_option_wins(run, files) -> None:
    bad = run("show", "BL-40", env={"ACUPOINT_CATALOGUE": files["missing"]})
    assert bad.exit_code == EXIT_BAD_CATALOGUE and files["missing"] in bad.stderr
    good = run("--catalogue", loader.bundled_path(), "show", "BL-40", env={"ACUPOINT_CATALOGUE": files["missing"]})
    assert good.exit_code == 0 and "BL-40" in good.stdout


def test_validate_a_good_catalogue(run) -> None:
    result = run("validate", loader.bundled_path())
    assert result.exit_code == 0 and "valid: 409 points in 19 channels" in result.stdout and result.stderr == ""


# ---- output: terminals, widths, colour, encodings, pipes -----------------------------------
SCREENS = [["show", "BL-40"], ["find", "lower back"], ["list", "--meridian", "LI"], ["routine", "--no-timer"],
           ["list", "--meridians"], ["routine", "--list"]]


@pytest.mark.parametrize("args", SCREENS, ids=[" ".join(a) for a in SCREENS])
def test_forty_columns_still_render_within_the_width(run, args: list[str]) -> None:
    result = run(*args, env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


@pytest.mark.parametrize(("flags", "env", "coloured"), [
    ([], {}, False),                                   # not a terminal
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR: no escape codes at all
    (["--color"], {}, True),                           # the flag wins over detection
    (["--color"], {"NO_COLOR": "1"}, True),            # and over NO_COLOR
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
])
def test_colour_only_when_wanted(run, flags: list[str], env: dict[str, str], coloured: bool) -> None:
    result = run(*flags, "show", "BL-40", env=env)
    assert result.exit_code == 0 and ("\x1b[" in result.stdout) is coloured


def _process(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "acupoint_cli", *args], capture_output=True,
                          env={**os.environ, **env}, check=False, timeout=60)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"},
                                 {"LC_ALL": "C", "LANG": "C"}, {"LC_ALL": "POSIX"}],
                         ids=["ascii", "latin-1", "C locale", "POSIX locale"])
@pytest.mark.parametrize("args", [["show", "BL-40"], ["find", "委中", "--json"], ["routine", "--no-timer"]])
def test_narrow_encodings_and_c_locale_degrade_instead_of_failing(env: dict[str, str], args: list[str]) -> None:
    done = _process(args, **env)
    assert done.returncode == 0 and b"Traceback" not in done.stderr and done.stderr == b""
    if env.get("PYTHONIOENCODING") == "ascii":
        assert done.stdout.isascii()
    if "--json" in args:
        import json

        assert json.loads(done.stdout)[0]["code"] == "BL-40"


def test_a_closed_pipe_ends_quietly() -> None:
    producer = subprocess.Popen([sys.executable, "-m", "acupoint_cli", "list"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # like `acupoint list | head -1`
    producer.wait(timeout=60)
    assert producer.stderr is not None and producer.stderr.read() == b""
    assert producer.returncode in (0, -13)  # finished first, or ended by SIGPIPE like `cat`


def test_the_tool_writes_nowhere_but_its_cache(tmp_path: Path) -> None:
    home, cache, work = tmp_path / "home", tmp_path / "cache", tmp_path / "work"
    for directory in (home, work):
        directory.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(cache), "ACUPOINT_CACHE_DIR": ""}
    for args in (["find", "back"], ["show", "BL-40"], ["routine", "--no-timer"], ["list", "--json"]):
        subprocess.run([sys.executable, "-m", "acupoint_cli", *args], cwd=work, env=env, capture_output=True,
                       check=True, timeout=60)
    assert list(home.iterdir()) == [] and list(work.iterdir()) == []
    assert {p.parent for p in cache.rglob("*") if p.is_file()} <= {cache / "acupoint"}
