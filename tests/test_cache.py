"""The parsed-catalogue cache: used when fresh, ignored when stale, damaged or unwritable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from acupoint_cli import cache
from acupoint_cli.loader import _load, bundled_path, load_catalogue


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A private copy of the catalogue and an empty cache directory."""
    _load.cache_clear()
    catalogue = tmp_path / "points.yaml"
    shutil.copy(bundled_path(), catalogue)
    directory = tmp_path / "cache"
    monkeypatch.setenv("ACUPOINT_CACHE_DIR", str(directory))
    return catalogue, directory


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json")) if directory.is_dir() else []


def test_first_load_writes_one_entry_and_the_next_reads_it(setup) -> None:
    catalogue, directory = setup
    first = load_catalogue(catalogue)
    [entry] = entries(directory)
    _load.cache_clear()
    os.utime(entry)  # the entry is read, not rewritten: its content stays identical
    before = entry.read_bytes()
    assert load_catalogue(catalogue) == first and entry.read_bytes() == before


def test_warm_start_does_not_import_yaml(setup) -> None:
    catalogue, _ = setup
    code = ("import sys\nfrom acupoint_cli.loader import load_catalogue\n"
            f"load_catalogue({str(catalogue)!r})\nprint('yaml' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs == ["True\n", "False\n"]


def test_stale_entry_is_ignored_when_the_catalogue_changes(setup) -> None:
    catalogue, _ = setup
    assert load_catalogue(catalogue).by_code["BL-40"].english == "Middle of the Crease"
    text = catalogue.read_text(encoding="utf-8").replace("english: Middle of the Crease", "english: Knee Crease Centre")
    catalogue.write_text(text, encoding="utf-8")
    _load.cache_clear()
    assert load_catalogue(catalogue).by_code["BL-40"].english == "Knee Crease Centre"


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"stamp": 1}', b"\xff\xfe"])
def test_corrupt_entry_is_rebuilt(setup, damage: bytes) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    entry.write_bytes(damage)
    _load.cache_clear()
    assert len(load_catalogue(catalogue).points) == 409
    assert json.loads(entry.read_text(encoding="utf-8"))["stamp"]["size"] == catalogue.stat().st_size


def test_tampered_entry_is_validated_not_trusted(setup) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["data"]["points"][0]["region"] = "nowhere"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    _load.cache_clear()
    assert load_catalogue(catalogue).points[0].region == "chest"


def test_unwritable_cache_directory_only_means_no_cache(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, directory = setup
    blocker = directory.parent / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ACUPOINT_CACHE_DIR", str(blocker / "cache"))
    assert len(load_catalogue(catalogue).points) == 409


def test_two_processes_on_a_cold_cache_both_succeed(setup) -> None:
    catalogue, directory = setup
    env = {**os.environ, "ACUPOINT_CATALOGUE": str(catalogue), "ACUPOINT_CACHE_DIR": str(directory)}
    command = [sys.executable, "-m", "acupoint_cli", "show", "BL-40", "--json"]
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert all(json.loads(out)["code"] == "BL-40" for out, _ in results)
    assert len(entries(directory)) == 1 and not list(directory.glob(".tmp-*"))


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ACUPOINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "acupoint"
