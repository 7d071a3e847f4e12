"""Module boundaries: domain code never imports Typer or Rich; quick paths stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import acupoint_cli

PACKAGE = Path(acupoint_cli.__file__).parent
DOMAIN = ["normalise", "catalogue", "loader", "validate", "cache", "search", "routine", "serialise", "commands",
          "__main__", "bodymap", "figures"]


def imported_modules(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_modules_import_neither_typer_nor_rich() -> None:
    for module in DOMAIN:
        assert not imported_modules(module) & {"typer", "rich", "click"}, module


def test_rendering_does_not_import_the_cli() -> None:
    for module in ("render", "guided"):
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        assert "typer" not in imported_modules(module) and "from .cli" not in source


def loaded_after(*args: str) -> set[str]:
    code = (
        "import sys\nfrom acupoint_cli.__main__ import main\nsys.argv = ['acupoint', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    return set(done.stderr.rsplit("MODULES ", 1)[1].split())


def test_help_and_version_load_neither_yaml_nor_rapidfuzz() -> None:
    for args in (["--help"], ["--version"]):
        loaded = loaded_after(*args)
        assert "yaml" not in loaded and "rapidfuzz" not in loaded, args


def test_json_output_does_not_load_rich_tables() -> None:
    loaded = loaded_after("show", "BL-40", "--json")
    assert "rich.table" not in loaded and "rich.panel" not in loaded


def test_show_does_not_load_rich_tables() -> None:
    """Its label-value panel is drawn by render.Fields: rich.table would cost it about 4 ms."""
    assert "rich.table" not in loaded_after("show", "BL-40")
    assert "rich.table" in loaded_after("find", "lower back")  # the check can fail


def test_plain_look_ups_skip_typer_and_json_skips_rich() -> None:
    for args in (["show", "BL-40"], ["find", "lower back"]):
        assert "typer" not in loaded_after(*args), args
        loaded = loaded_after(*args, "--json")
        assert "typer" not in loaded and "rich" not in loaded, args
    assert "typer" in loaded_after("find", "lower back", "--limit", "3")  # the check can fail


def test_only_drawing_paths_read_the_body_maps() -> None:
    for args in (["show", "BL-40", "--json"], ["find", "lower back"], ["list", "--json"], ["--version"],
                 ["routine", "--json"]):
        loaded = loaded_after(*args)
        assert "acupoint_cli.bodymap" not in loaded and "acupoint_cli.figures" not in loaded, args
    assert "acupoint_cli.bodymap" not in loaded_after("show", "BL-40", "--no-map")
    drawn = loaded_after("show", "BL-40")
    assert {"acupoint_cli.bodymap", "acupoint_cli.figures"} <= drawn and "typer" not in drawn


def test_the_body_map_module_is_light() -> None:
    loaded_after("show", "BL-40")  # a warm cache: no YAML parsing, no validation
    loaded = loaded_after("show", "BL-40")
    assert not {"xml", "urllib", "http", "yaml", "acupoint_cli.validate"} & loaded
