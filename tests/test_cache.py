"""The parsed-catalogue cache: used when fresh, ignored when stale, damaged or unwritable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acupoint_cli.data import cache
from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.loader import _load, bundled_path, load_catalogue, parse_catalogue


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


def stamp(entry: Path) -> dict:
    return json.loads(entry.read_bytes().split(b"\n", 1)[0])


def bare_stamp(entry: Path) -> dict:
    """The stamp without what describes the data lines."""
    return {k: v for k, v in stamp(entry).items() if k not in ("crc", "points", "indexes")}


def test_warm_start_imports_neither_yaml_nor_the_validator(setup) -> None:
    catalogue, _ = setup
    code = ("import sys\nfrom acupoint_cli.data.loader import load_catalogue\n"
            f"load_catalogue({str(catalogue)!r})\n"
            "print('yaml' in sys.modules, 'acupoint_cli.data.validate' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs == ["True True\n", "False False\n"]


def test_snapshot_round_trip_restores_equal_hashable_records(catalogue) -> None:
    restored = Catalogue.from_snapshot(json.loads(json.dumps(catalogue.snapshot())), catalogue.point_snapshot(),
                                       "copy", reread=pytest.fail)
    assert restored == catalogue and restored.path == "copy"
    assert hash(restored.points) == hash(catalogue.points)  # no list survived as a list
    assert restored.by_code["BL-40"].technique == catalogue.by_code["BL-40"].technique


def test_stale_entry_is_ignored_when_the_catalogue_changes(setup) -> None:
    catalogue, _ = setup
    assert load_catalogue(catalogue).by_code["BL-40"].english == "Middle of the Crease"
    text = catalogue.read_text(encoding="utf-8").replace("english: Middle of the Crease", "english: Knee Crease Centre")
    catalogue.write_text(text, encoding="utf-8")
    _load.cache_clear()
    assert load_catalogue(catalogue).by_code["BL-40"].english == "Knee Crease Centre"


def test_entry_written_for_other_record_fields_is_ignored(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    state = (str(catalogue), stamp(entry)["size"], stamp(entry)["mtime_ns"])
    assert cache.read(*state, pytest.fail) is not None
    monkeypatch.setattr(cache, "LAYOUT", cache.LAYOUT + ",new_field")
    assert cache.read(*state, pytest.fail) is None


def _forged(header: dict, records: bytes, points: list[bytes], **indexes: bytes) -> bytes:
    """A well-formed entry with correct checksums around its data lines."""
    crcs = [zlib.crc32(records), zlib.crc32(b"\n".join(points)), *map(zlib.crc32, indexes.values())]
    stamped = {**header, "points": len(points), "indexes": list(indexes), "crc": crcs}
    return b"\n".join([json.dumps(stamped).encode(), records, *points, *indexes.values()])


def _lines(entry: Path) -> list[bytes]:
    return entry.read_bytes().split(b"\n")


def _data(entry: Path) -> tuple[bytes, list[bytes]]:
    """An entry's records line and point lines."""
    lines = _lines(entry)
    return lines[1], lines[2:2 + stamp(entry)["points"]]


def _forge_point(entry: Path, code: str) -> None:
    """Give the point `code` a line of another shape, with every checksum right."""
    records, points = _data(entry)
    forged = [b"[1, 2]" if line.startswith(f'["{code}",'.encode()) else line for line in points]
    indexes = dict(zip(stamp(entry)["indexes"], _lines(entry)[2 + len(points):], strict=True))
    entry.write_bytes(_forged(bare_stamp(entry), records, forged, **indexes))


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


@pytest.mark.parametrize("damage", [
    lambda good, header: b"",
    lambda good, header: b"{not json",
    lambda good, header: b'{"stamp": 1}',
    lambda good, header: b"\xff\xfe",
    lambda good, header: good[: len(good) // 2],                          # truncated
    lambda good, header: _flip(good, good.index(b"\n") + 50),           # one bit of the records flipped
    lambda good, header: _flip(good, good.index(b'"BL-40","BL"') + 30),  # one bit of a point flipped
    lambda good, header: good.split(b"\n", 1)[0],                        # header only
    lambda good, header: _forged(header, b"[1, 2]", []),                 # right checksum, wrong shape
    lambda good, header: _forged(header, b'"text"', []),
    lambda good, header: _forged(header, good.split(b"\n")[2], []),      # a point where the records go
], ids=["empty", "not-json", "old-format", "not-utf8", "truncated", "damaged", "damaged-point", "header-only",
        "wrong-shape", "wrong-type", "point-as-records"])
def test_damaged_entry_is_never_trusted_and_is_rebuilt(setup, damage) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    good = entry.read_bytes()
    entry.write_bytes(damage(good, bare_stamp(entry)))
    _load.cache_clear()
    assert load_catalogue(catalogue) == parse_catalogue(catalogue.read_text(encoding="utf-8"))
    assert entry.read_bytes() == good  # rewritten whole


def test_edited_entry_with_a_stale_checksum_is_not_trusted(setup) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    good = entry.read_bytes()
    assert b'"chest"' in good
    entry.write_bytes(good.replace(b'"chest"', b'"hands"', 1))
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
    assert cache.cache_dir() == str(tmp_path / "acupoint")


def test_restored_catalogue_has_the_same_indexes_as_a_parsed_one(setup) -> None:
    catalogue, directory = setup
    parsed = load_catalogue(catalogue)
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert restored is not parsed and restored._stored("by_name")  # the indexes came from the entry
    assert restored.by_name.keys() == parsed.by_name.keys()
    assert all([(p.code, k, n) for p, k, n in restored.by_name[key]] == [(p.code, k, n) for p, k, n in entries]
               for key, entries in parsed.by_name.items())
    assert restored.by_place_word == parsed.by_place_word and restored.place_words == parsed.place_words
    assert {code: [p.code for p in points] for code, points in restored.legacy.items()} == {
        code: [p.code for p in points] for code, points in parsed.legacy.items()}


def test_restored_points_are_rebuilt_as_they_are_used_and_stay_the_same_objects(setup) -> None:
    catalogue, _ = setup
    parsed = load_catalogue(catalogue)
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert restored.lookup("B54").legacy_meanings[0].code == "BL-40"  # the older code, from the stored index
    assert set(restored.by_code._entries) == {"BL-54", "BL-40"}  # of 409 points, the two it used
    assert list(restored.by_code) == list(parsed.by_code) and restored.order == parsed.order
    kept = restored.by_code["BL-40"]
    assert restored.points == parsed.points and restored.points[parsed.order["BL-40"]] is kept


def test_a_stored_point_that_does_not_rebuild_switches_to_the_parsed_file(setup) -> None:
    """A point is decoded when first used: one of another shape (a forged entry: the checksum
    catches accidents) makes the catalogue's points those of the file parsed again, which is
    cached afresh."""
    catalogue, directory = setup
    parsed = load_catalogue(catalogue)
    [entry] = entries(directory)
    good = entry.read_bytes()
    _forge_point(entry, "BL-40")
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert restored.by_code["LI-4"] == parsed.by_code["LI-4"] and entry.read_bytes() != good
    assert restored.get("BL-40") == parsed.by_code["BL-40"] and entry.read_bytes() == good
    assert restored.points == parsed.points


def test_a_file_found_invalid_only_when_a_stored_point_fails_is_status_3(setup) -> None:
    """The far case: a forged entry stamped for an invalid file, found out while `show` runs."""
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    _forge_point(entry, "BL-40")
    before = catalogue.stat()
    catalogue.write_bytes(catalogue.read_bytes().replace(b"code: BL-40", b"code: BL-4X"))  # same size
    os.utime(catalogue, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the entry's stamp
    env = {**os.environ, "ACUPOINT_CATALOGUE": str(catalogue), "ACUPOINT_CACHE_DIR": str(directory)}
    result = subprocess.run([sys.executable, "-m", "acupoint_cli", "show", "BL-40"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr.startswith(f"acupoint: invalid catalogue {catalogue}:\n  ")
    assert "Traceback" not in result.stderr


def test_damaged_index_line_is_computed_instead(setup) -> None:
    catalogue, directory = setup
    parsed = load_catalogue(catalogue)
    [entry] = entries(directory)
    good = entry.read_bytes()
    *others, last = stamp(entry)["indexes"]
    entry.write_bytes(_flip(good, len(good) - 20))  # inside the last line: a stored index
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert restored._stored(last) is None and all(restored._stored(other) is not None for other in others)
    assert restored.place_words == parsed.place_words and restored.by_place_word == parsed.by_place_word


@pytest.mark.parametrize("indexes", [
    {"by_name": b"garbage", "by_place_word": b"[1]", "place_words": b"7"},
    {"by_name": b'{"x": [["NO-1", "name", "x"]]}', "by_place_word": b'{"a": 3}', "place_words": b'{"BL-40": 1}'},
    {"by_name": b"5"},
], ids=["not-json", "wrong-codes-and-types", "missing"])
def test_stored_indexes_of_another_shape_are_computed_instead(setup, indexes: dict[str, bytes]) -> None:
    catalogue, directory = setup
    parsed = load_catalogue(catalogue)
    [entry] = entries(directory)
    entry.write_bytes(_forged(bare_stamp(entry), *_data(entry), **indexes))
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert restored.by_place_word == parsed.by_place_word and restored.place_words == parsed.place_words
    assert restored.by_name.keys() == parsed.by_name.keys()


def test_a_stored_entry_that_does_not_rebuild_switches_to_the_computed_index(setup) -> None:
    """Entries are rebuilt as they are used; one naming a point the catalogue lacks (a forged entry:
    the checksum catches accidents) makes the whole index computed."""
    catalogue, directory = setup
    parsed = load_catalogue(catalogue)
    [entry] = entries(directory)
    entry.write_bytes(_forged(bare_stamp(entry), *_data(entry),
                              by_name=b'{"hegu": "LI-4\\tpinyin\\tHegu", "x": "NO-1\\tname\\tx"}'))
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert [(p.code, kind, label) for p, kind, label in restored.by_name["hegu"]] == [("LI-4", "pinyin", "Hegu")]
    assert set(restored.by_name) == {"hegu", "x"}  # the stored index, so far
    assert restored.by_name.get("x") is None
    assert restored.by_name.keys() == parsed.by_name.keys()
    assert restored.by_name["hegu"][0][2] == "Hégǔ"  # now the computed index


def test_packaged_snapshot_is_used_only_while_it_matches_the_catalogue_content(setup) -> None:
    catalogue, directory = setup
    parsed = parse_catalogue(catalogue.read_text(encoding="utf-8"))
    assert cache.read_packaged(str(catalogue), pytest.fail) is None  # no snapshot beside it
    cache.write_packaged(str(catalogue), parsed, str(catalogue.parent / cache.PACKAGED))
    restored = cache.read_packaged(str(catalogue), pytest.fail)
    assert restored == parsed and restored.place_words == parsed.place_words
    os.utime(catalogue, (1, 1))  # installing changes mtimes: the content is what counts
    assert cache.read_packaged(str(catalogue), pytest.fail) == parsed
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert cache.read_packaged(str(catalogue), pytest.fail) is None


def test_names_with_a_tab_are_not_stored_but_computed(
    setup, mutated: Callable[[Callable[[dict[str, Any]], object]], str]
) -> None:
    """A stored name entry is 'code<TAB>kind<TAB>name' lines: a name holding a tab or line break
    could not be read back, so such a catalogue stores no name index."""
    catalogue, directory = setup
    catalogue.write_text(mutated(lambda data: next(p for p in data["points"] if p["code"] == "LI-4")
                                 ["aliases"].append("Tiger\tMouth")), encoding="utf-8")
    parsed = load_catalogue(catalogue)
    assert "by_name" not in parsed.index_snapshot() and "by_place_word" in parsed.index_snapshot()
    _load.cache_clear()
    restored = load_catalogue(catalogue)
    assert restored is not parsed and restored._stored("by_name") is None
    assert [(p.code, kind, label) for p, kind, label in restored.by_name["tigermouth"]] == [
        ("LI-4", "alias", "Tiger\tMouth")]
