"""Wheel build hook: ship the bundled catalogue already validated, and the body maps already drawn.

Without the snapshot, the first run after installing parses and validates the YAML (about 150
ms more than a warm start). It is a snapshot like those of the user's cache (data/snapshot.py),
stamped with the catalogue's content, so the tool ignores it if the YAML beside it is ever edited. The
drawings are every view at full width (about 3 ms each to draw), stamped with the content of
views.json. Source checkouts and editable installs have neither: they use the user cache and
draw as they go.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueSnapshotHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, os.path.join(self.root, "src"))
        try:
            from acupoint_cli.data import loader, snapshot
            from acupoint_cli.features.bodymap import packaged
            from acupoint_cli.features.bodymap.raster import full_drawings
            from acupoint_cli.features.figures import full_width_sizes
        finally:
            sys.path.pop(0)
        source = os.path.join(self.root, "data", "points.yaml")
        with open(source, "rb") as handle:
            content = handle.read()
        catalogue = loader.parse_catalogue(content.decode("utf-8"), source)  # an invalid catalogue fails the build
        self._directory = tempfile.mkdtemp(prefix="acupoint-build-")
        target = os.path.join(self._directory, loader.PACKAGED)
        with open(target, "wb") as out:
            out.write(snapshot.encode(catalogue.records, catalogue.stored_indexes(), snapshot.stamp(content)))
        build_data["force_include"][target] = f"acupoint_cli/data/{loader.PACKAGED}"
        rasters = os.path.join(self._directory, packaged.RASTERS)
        packaged.write_rasters(rasters, full_drawings(full_width_sizes()))
        build_data["force_include"][rasters] = f"acupoint_cli/data/{packaged.RASTERS}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        directory = getattr(self, "_directory", None)
        if directory:
            import shutil

            shutil.rmtree(directory, ignore_errors=True)
