"""Shell completion: point codes, regions, channels and routines, from the catalogue in use."""

from __future__ import annotations

import os
import subprocess
import sys

from acupoint_cli.interface.completion import candidates


def test_point_codes_complete_with_their_names() -> None:
    found = candidates("point", "BL-4")
    assert [code for code, _ in found] == ["BL-4", "BL-40", "BL-41", "BL-42", "BL-43", "BL-44", "BL-45", "BL-46",
                                           "BL-47", "BL-48", "BL-49"]
    assert dict(found)["BL-40"] == "Wěizhōng Middle of the Crease"
    assert [code for code, _ in candidates("point", "bl40")] == ["BL-40"]  # case and hyphen do not matter


def test_regions_channels_and_routines_complete() -> None:
    assert [r for r, _ in candidates("region", "low")] == ["lower-back", "lower-leg"]
    assert [m for m, _ in candidates("meridian", "G")] == ["GB", "GV"]
    assert [r for r, _ in candidates("routine", "")] == ["lower-back", "upper-back", "neck-shoulder", "mid-back",
                                                         "sciatica", "hip"]
    assert candidates("point", "ZZ") == []


def test_a_broken_catalogue_completes_nothing_and_raises_nothing(tmp_path) -> None:
    assert candidates("point", "BL", str(tmp_path / "missing.yaml")) == []


def complete_bash(words: str) -> list[str]:
    """What bash would offer, asked the way Typer's bash completion script asks."""
    env = {**os.environ, "_ACUPOINT_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    code = "import sys\nfrom acupoint_cli.__main__ import main\nsys.argv = ['acupoint']\nmain()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    return done.stdout.split()


def test_shell_completion_end_to_end() -> None:
    assert complete_bash("acupoint show LI-1")[:3] == ["LI-1", "LI-10", "LI-11"]
    assert complete_bash("acupoint find back --region upper") == ["upper-back", "upper-arm"]
    assert complete_bash("acupoint routine --region sc") == ["sciatica"]
    assert complete_bash("acupoint list --meridian S") == ["ST", "SP", "SI"]  # catalogue order
