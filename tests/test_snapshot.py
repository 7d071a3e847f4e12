"""Snapshots of validated catalogues: used while they match, never trusted when stale or damaged."""

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

from acupoint_cli.data import landmarks, loader, snapshot
from acupoint_cli.data.catalogue import Catalogue
from acupoint_cli.data.loader import bundled_path, cache_entry, load_catalogue, parse_catalogue


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A private copy of the catalogue and an empty cache directory; nothing kept in-process."""
    monkeypatch.setattr(loader, "_loaded", {})
    catalogue = tmp_path / "points.yaml"
    shutil.copy(bundled_path(), catalogue)
    directory = tmp_path / "cache"
    monkeypatch.setenv("ACUPOINT_CACHE_DIR", str(directory))
    return catalogue, directory


def reload(catalogue: Path) -> Catalogue:
    """Load again in this process, as a new process would: from the snapshot if it matches."""
    loader._loaded.clear()
    return load_catalogue(catalogue)


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.snapshot")) if directory.is_dir() else []


def header(entry: Path) -> dict[str, Any]:
    return json.loads(entry.read_bytes().split(b"\n", 1)[0])


def forged(entry: Path, records: bytes | None = None, **indexes: bytes) -> bytes:
    """The entry with its records line or stored indexes replaced, and every checksum right."""
    lines = entry.read_bytes().split(b"\n")
    names = header(entry)["indexes"]
    stored = dict(zip(names, lines[2:], strict=True)) | indexes
    body = b"\n".join([records or lines[1], *stored.values()])
    stamp = {k: v for k, v in header(entry).items() if k not in ("indexes", "crc")}
    return json.dumps({**stamp, "indexes": list(stored), "crc": zlib.crc32(body)}).encode() + b"\n" + body


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


def test_first_load_writes_one_snapshot_and_the_next_reads_it(setup) -> None:
    catalogue, directory = setup
    first = load_catalogue(catalogue)
    [entry] = entries(directory)
    os.utime(entry)
    before = entry.read_bytes()
    assert reload(catalogue) == first and entry.read_bytes() == before  # read, not rewritten


def test_warm_start_imports_neither_yaml_nor_the_validator(setup) -> None:
    catalogue, _ = setup
    code = ("import sys\nfrom acupoint_cli.data.loader import load_catalogue\n"
            f"load_catalogue({str(catalogue)!r})\n"
            "print('yaml' in sys.modules, 'acupoint_cli.data.validate' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs == ["True True\n", "False False\n"]


def test_round_trip_restores_equal_hashable_records(catalogue: Catalogue) -> None:
    stamp = snapshot.stamp(b"content")
    restored = snapshot.decode(snapshot.encode(catalogue.records, catalogue.stored_indexes(), stamp), stamp)
    assert restored is not None and restored.records == catalogue.records
    assert hash(restored.records) == hash(catalogue.records)  # no list survived as a list
    jiaji = next(p for p in restored.records.points if p.code == "EX-B2")  # a point with several spots
    assert len(jiaji.sites) == 17 and jiaji.sites[0] == (("back", 0.514, 0.196), "T1")
    assert snapshot.decode(snapshot.encode(catalogue.records, {}, stamp), snapshot.stamp(b"other")) is None


def test_a_changed_catalogue_is_read_afresh(setup) -> None:
    catalogue, _ = setup
    assert load_catalogue(catalogue).by_code["BL-40"].english == "Middle of the Crease"
    text = catalogue.read_text(encoding="utf-8").replace("english: Middle of the Crease", "english: Knee Crease Centre")
    catalogue.write_text(text, encoding="utf-8")
    assert reload(catalogue).by_code["BL-40"].english == "Knee Crease Centre"


def test_same_size_and_mtime_but_other_content_is_read_afresh(setup) -> None:
    """`cp -p` or `touch -r` can give another catalogue the old one's size and mtime."""
    catalogue, _ = setup
    load_catalogue(catalogue)
    before = catalogue.stat()
    catalogue.write_bytes(catalogue.read_bytes().replace(b"english: Middle of the Crease",
                                                         b"english: Middle of the Crevis"))
    os.utime(catalogue, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert catalogue.stat().st_size == before.st_size
    assert reload(catalogue).by_code["BL-40"].english == "Middle of the Crevis"
    result = subprocess.run([sys.executable, "-m", "acupoint_cli", "show", "BL-40", "--json"],
                            env={**os.environ, "ACUPOINT_CATALOGUE": str(catalogue)}, capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout)["english"] == "Middle of the Crevis"


def test_a_snapshot_of_other_record_fields_is_ignored(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    stamp = snapshot.stamp(catalogue.read_bytes())
    assert snapshot.read(str(entry), stamp) is not None
    monkeypatch.setattr(snapshot, "LAYOUT", snapshot.LAYOUT + ",new_field")
    assert snapshot.read(str(entry), snapshot.stamp(catalogue.read_bytes())) is None


@pytest.mark.parametrize("damage", [
    lambda good, entry: b"",
    lambda good, entry: b"{not json",
    lambda good, entry: b'{"stamp": 1}',
    lambda good, entry: b"\xff\xfe",
    lambda good, entry: b"[" * 100_000 + b"]" * 100_000 + b"\n",              # a header that nests deep
    lambda good, entry: good[: len(good) // 2],                                # truncated
    lambda good, entry: flip(good, good.index(b"\n") + 50),                   # one bit of the records
    lambda good, entry: flip(good, good.index(b'"BL-40","BL"') + 30),         # one bit of a point
    lambda good, entry: flip(good, len(good) - 20),                           # one bit of a stored index
    lambda good, entry: good.split(b"\n", 1)[0],                              # header only
    lambda good, entry: forged(entry, b"[1, 2]"),                             # right checksum, wrong shape
    lambda good, entry: forged(entry, b'"text"'),
    lambda good, entry: forged(entry, b"[" * 5000 + b"]" * 5000),
], ids=["empty", "not-json", "old-format", "not-utf8", "deep-header", "truncated", "damaged", "damaged-point",
        "damaged-index", "header-only", "wrong-shape", "wrong-type", "deep-records"])
def test_a_damaged_snapshot_is_never_trusted_and_is_rewritten(setup, damage) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    good = entry.read_bytes()
    entry.write_bytes(damage(good, entry))
    assert reload(catalogue) == parse_catalogue(catalogue.read_text(encoding="utf-8"))
    assert entry.read_bytes() == good  # rewritten whole


def test_an_edited_snapshot_with_a_stale_checksum_is_not_trusted(setup) -> None:
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    good = entry.read_bytes()
    assert b'"chest"' in good
    entry.write_bytes(good.replace(b'"chest"', b'"hands"', 1))
    assert reload(catalogue).points[0].region == "chest"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_a_device_or_a_huge_file_in_the_snapshots_place_is_not_read(setup) -> None:
    catalogue, directory = setup
    directory.mkdir()
    entry = Path(cache_entry(str(catalogue)))
    stamp = snapshot.stamp(catalogue.read_bytes())
    os.mkfifo(entry)
    assert snapshot.read(str(entry), stamp) is None  # at once: a FIFO with no writer would block a reader
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert snapshot.read(str(entry), stamp) is None
    entry.unlink()
    with open(entry, "wb") as sparse:
        sparse.truncate(snapshot.MAX_BYTES + 1)
    assert snapshot.read(str(entry), stamp) is None
    entry.unlink()
    load_catalogue(catalogue)  # the checks above can fail: a good entry reads
    assert snapshot.read(str(entry), stamp) is not None


def test_an_unwritable_cache_directory_only_means_no_cache(setup, monkeypatch: pytest.MonkeyPatch) -> None:
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
    assert loader.cache_dir() == str(tmp_path / "acupoint")


def never(*args: object) -> None:
    raise AssertionError("computed, though the snapshot stores it")


def test_a_restored_catalogue_takes_its_costly_indexes_from_the_snapshot(setup, monkeypatch) -> None:
    catalogue, _ = setup
    parsed = load_catalogue(catalogue)
    expected = {name: getattr(parsed, name) for name in ("by_name", "by_place_word", "place_words", "legacy",
                                                         "relations")}
    for method in ("_name_index", "_place_index"):
        monkeypatch.setattr(Catalogue, method, never)
    monkeypatch.setattr(landmarks, "relations", never)
    restored = reload(catalogue)
    assert restored is not parsed
    assert restored.by_name == expected["by_name"] and restored.by_place_word == expected["by_place_word"]
    assert restored.place_words == expected["place_words"] and restored.legacy == expected["legacy"]
    assert restored.relations == expected["relations"] and restored.relations["CV-6"]
    assert restored.lookup("UB54").legacy_meanings[0].code == "BL-40"


@pytest.mark.parametrize("indexes", [
    {"by_name": b"garbage", "by_place_word": b"[1]", "place_words": b"7"},
    {"by_name": b'{"x": "NO-1\\tname\\tx"}', "by_place_word": b'{"a": 3}', "place_words": b'{"BL-40": 1}'},
    {"by_name": b'{"hegu": "LI-4\\tpinyin\\tHegu", "x": "NO-1\\tname\\tx"}', "by_place_word": b'{"a": "NO-1"}'},
    {"by_name": b'{"x": ["LI-4", "name"]}', "place_words": b"[" * 5000},
    {"relations": b'{"CV-6": "sideways 1 navel"}'},
    {"relations": b'{"CV-6": "down x navel", "NO-1": "up 1 navel"}'},
], ids=["not-json", "wrong-codes-and-types", "one-entry-names-a-point-it-lacks", "wrong-shape", "no-such-direction",
        "not-a-number"])
def test_stored_indexes_of_another_shape_are_computed_instead(setup, indexes: dict[str, bytes]) -> None:
    """Only a forged snapshot could hold them (the checksum catches accidents): the whole index is
    then computed when first used, and nothing raises."""
    catalogue, directory = setup
    parsed = load_catalogue(catalogue)
    [entry] = entries(directory)
    entry.write_bytes(forged(entry, **indexes))
    restored = reload(catalogue)
    assert restored.by_place_word == parsed.by_place_word and restored.place_words == parsed.place_words
    assert restored.by_name == parsed.by_name
    assert restored.by_name["hegu"][0][2] == "Hégǔ"  # the computed index, not the forged entry
    assert restored.relations == parsed.relations


def test_a_forged_snapshot_of_an_invalid_file_gives_status_3_at_load(setup) -> None:
    """Records that do not decode make the loader parse the file; an invalid file is status 3."""
    catalogue, directory = setup
    load_catalogue(catalogue)
    [entry] = entries(directory)
    catalogue.write_bytes(catalogue.read_bytes().replace(b"code: BL-40", b"code: BL-4X"))
    stamp = {k: v for k, v in header(entry).items() if k not in ("indexes", "crc")}
    stamp.update(snapshot.stamp(catalogue.read_bytes()))
    body = b"[1, 2]"
    entry.write_bytes(json.dumps({**stamp, "indexes": [], "crc": zlib.crc32(body)}).encode() + b"\n" + body)
    env = {**os.environ, "ACUPOINT_CATALOGUE": str(catalogue), "ACUPOINT_CACHE_DIR": str(directory)}
    result = subprocess.run([sys.executable, "-m", "acupoint_cli", "show", "BL-40"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr.startswith(f"acupoint: invalid catalogue {catalogue}:\n  ")
    assert "Traceback" not in result.stderr


def test_the_packaged_snapshot_is_used_only_while_it_matches_the_catalogue_content(setup) -> None:
    catalogue, _ = setup
    content = catalogue.read_bytes()
    parsed = parse_catalogue(content.decode("utf-8"))
    packaged = catalogue.parent / loader.PACKAGED
    packaged.write_bytes(snapshot.encode(parsed.records, parsed.stored_indexes(), snapshot.stamp(content)))
    os.utime(catalogue, (1, 1))  # installing changes mtimes: the content is what counts
    assert snapshot.read(str(packaged), snapshot.stamp(catalogue.read_bytes())) is not None
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert snapshot.read(str(packaged), snapshot.stamp(catalogue.read_bytes())) is None


def test_names_with_a_tab_are_not_stored_but_computed(
    setup, mutated: Callable[[Callable[[dict[str, Any]], object]], str]
) -> None:
    """A stored name entry is 'code<TAB>kind<TAB>name' lines: a name holding a tab or line break
    could not be read back, so such a catalogue stores no name index."""
    catalogue, directory = setup
    catalogue.write_text(mutated(lambda data: next(p for p in data["points"] if p["code"] == "LI-4")
                                 ["aliases"].append("Tiger\tMouth")), encoding="utf-8")
    parsed = load_catalogue(catalogue)
    assert "by_name" not in parsed.stored_indexes() and "by_place_word" in parsed.stored_indexes()
    [entry] = entries(directory)
    assert "by_name" not in header(entry)["indexes"]
    restored = reload(catalogue)
    assert [(p.code, kind, label) for p, kind, label in restored.by_name["tigermouth"]] == [
        ("LI-4", "alias", "Tiger\tMouth")]
