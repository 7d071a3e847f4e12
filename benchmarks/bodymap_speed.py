"""In-process cost of a body map for `show`: the packaged drawing against drawing it now, and reading a view.

Run: python benchmarks/bodymap_speed.py [--runs N]
Prints the median over N runs (default 300), caches emptied before each, of: drawing the back
view's outline at 60 columns now; taking the drawing a wheel carries (views.rasters, read and
decoded); reading views.json and checking the one view drawn (`get_view`); and checking them
all (`load_views`). The packaged drawings earn their place only while the first figure beats
the second by about 1 ms or more. Outside a wheel install there are no packaged drawings, so
they are first written beside a temporary copy of views.json. A benchmark, not a test: it
prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable

from acupoint_cli.data import views
from acupoint_cli.features.bodymap import packaged, raster
from acupoint_cli.features.figures import BODY_ROWS, MAP_WIDTH, full_width_sizes


def median_ms(action: Callable[[], object], reset: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        reset()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def forget_views() -> None:
    for cached in (views.get_view, views.load_views, views.file_text, views._bundled_entries):
        cached.cache_clear()


def forget_none() -> None:
    pass


def forget_drawings() -> None:
    packaged.packaged_rasters.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        where = "wheel install"
        if not packaged.packaged_rasters():
            where = "drawings written for this run"
            copy = os.path.join(folder, "views.json")
            shutil.copyfile(views.views_path(), copy)
            views.views_path = lambda: copy  # the drawings are looked for beside views.json
            packaged.write_rasters(os.path.join(folder, packaged.RASTERS), raster.full_drawings(full_width_sizes()))
            forget_views()
            forget_drawings()
        back = views.get_view("back")
        size = raster.figure_size(back.aspect, MAP_WIDTH, BODY_ROWS)
        assert packaged.stored_raster(back, *size) is not None, "no packaged drawing of the back view"
        rows = [
            (f"draw the back view now ({size[0]} x {size[1]} dots)", lambda: raster._outline(back, *size), forget_none),
            ("take the packaged drawing (views.rasters)", lambda: packaged.stored_raster(back, *size), forget_drawings),
            ("read views.json, check one view (get_view)", lambda: views.get_view("back"), forget_views),
            ("read views.json, check all views (load_views)", views.load_views, forget_views),
        ]
        print(f"{runs} runs each, {where}")
        for label, action, reset in rows:
            print(f"{label:50} {median_ms(action, reset, runs):7.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
