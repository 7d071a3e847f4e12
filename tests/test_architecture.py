"""Module boundaries: domain code never imports Typer or Rich; quick paths stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import acupoint_cli

PACKAGE = Path(acupoint_cli.__file__).parent
# Each layer may import from itself and from the layers before it, never from one after it.
LAYERS = ("data", "userdata", "features", "interface")
DOMAIN = ("data", "userdata", "features")  # never Typer, Rich or Click


def modules() -> dict[str, Path]:
    """Dotted name within the package ('data.loader', '__main__') -> file."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"] = path
    return found


@cache
def known_modules() -> frozenset[str]:
    return frozenset(modules())


def imports(name: str, path: Path) -> tuple[set[str], set[str]]:
    """(modules of this package, other top-level packages) that a module imports, at any depth."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    ours: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top, _, rest = alias.name.partition(".")
                (ours.add(rest) if top == "acupoint_cli" else others.add(top))
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            # `from . import x`: x is a module, or a name in the package's __init__ (`from .. import __version__`)
            names = [target] if node.module else [f"{target}.{a.name}".lstrip(".") for a in node.names]
            ours |= {n if n in known_modules() else (target or "__init__") for n in names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            top, _, rest = node.module.partition(".")
            (ours.add(rest) if top == "acupoint_cli" else others.add(top))
    return ours, others


def layer(name: str) -> int:
    """A module's layer: its folder's place in LAYERS; the package and its entry point sit on top."""
    top = name.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else len(LAYERS)


def test_every_module_sits_in_a_layer_folder() -> None:
    assert {n for n in modules() if layer(n) == len(LAYERS)} == {"__init__", "__main__"}


def test_no_module_imports_from_a_layer_above_it() -> None:
    known = modules()
    for name, path in known.items():
        ours, _ = imports(name, path)
        for target in ours:
            assert layer(target) <= layer(name) or target == "__init__", (name, target)


def test_domain_modules_import_neither_typer_nor_rich() -> None:
    for name, path in modules().items():
        if name.split(".")[0] in DOMAIN:
            assert not imports(name, path)[1] & {"typer", "rich", "click"}, name


def test_no_import_cycles() -> None:
    known = modules()
    graph = {name: {t for t in imports(name, path)[0] if t in known and t not in (name, "__init__")}
             for name, path in known.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name not in done:
            for target in graph[name]:
                visit(target, (*trail, name))
            done.add(name)

    for name in graph:
        visit(name, ())


def test_the_checks_above_can_fail(tmp_path: Path) -> None:
    """The import reader sees relative imports at any depth, so the layer test is not vacuous."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from ..interface.render import x\n    from . import loader\n", encoding="utf-8")
    assert imports("data.probe", module)[0] == {"interface.render", "data.loader"}


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
    loaded_after("list", "--json")  # a warm cache: validating a catalogue reads the views (data.views)
    for args in (["show", "BL-40", "--json"], ["find", "lower back"], ["list", "--json"], ["--version"],
                 ["routine", "--json"]):
        loaded = loaded_after(*args)
        assert "acupoint_cli.features.bodymap" not in loaded and "acupoint_cli.features.figures" not in loaded, args
        assert "acupoint_cli.data.views" not in loaded, args
    assert "acupoint_cli.features.bodymap" not in loaded_after("show", "BL-40", "--no-map")
    drawn = loaded_after("show", "BL-40")
    assert {"acupoint_cli.features.bodymap", "acupoint_cli.features.figures"} <= drawn and "typer" not in drawn
    assert {"acupoint_cli.data.views", "acupoint_cli.features.bodymap.raster"} <= drawn
    assert "acupoint_cli.features.bodymap.svg" not in drawn  # only `map --svg` writes SVG


def test_the_body_map_module_is_light() -> None:
    loaded_after("show", "BL-40")  # a warm cache: no YAML parsing, no validation
    loaded = loaded_after("show", "BL-40")
    assert not {"xml", "urllib", "http", "yaml", "acupoint_cli.data.validate"} & loaded


def test_one_error_flow_no_system_exit_below_the_entry_point_and_no_catch_all() -> None:
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        assert "except Exception" not in source and "except:" not in source, name  # a bug must show as one
        assert ("SystemExit" in source) == (name == "__main__"), name


def test_every_exit_status_of_the_table_is_documented_in_the_readme() -> None:
    from acupoint_cli.interface.errors import ExitStatus

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for status in ExitStatus:
        assert f"\n| {status.value} |" in readme, status


def test_no_function_is_longer_than_sixty_lines() -> None:
    """A function a newcomer can read on one screen (issue 15)."""
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None and node.end_lineno - node.lineno < 60, (name, node.name)
