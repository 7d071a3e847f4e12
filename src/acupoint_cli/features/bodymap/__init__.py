"""Body maps drawn from the views of data/views.py: in the terminal with braille dots (`raster`),
or as SVG (`svg`). `marks` holds what both draw over a view, and `packaged` the drawings a wheel
carries ready-made. Pure Python on purpose: the renderer colours the terminal drawing with Rich,
so these modules stay cheap to import and easy to test without it; `features/figures.py`
decides what each figure shows.
"""
