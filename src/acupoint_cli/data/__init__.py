"""The data layer: the catalogue's records, reading and validating `points.yaml`, the snapshot
that makes a warm start cheap, and small file helpers. Imports nothing from the layers above.

In a wheel this folder also holds the bundled files (points.yaml, views.json and the build's
snapshot); in a source checkout they are in the repository's top-level data/ folder.
"""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def bundled_file(name: str) -> str:
    """A file shipped with the tool (`points.yaml`, `views.json`...): inside the installed package,
    else in the source checkout's data/ folder.

    Plain os.path, not pathlib: this runs on every start, and pathlib costs about 3 ms to import.
    """
    packaged = os.path.join(_HERE, name)
    checkout = os.path.normpath(os.path.join(_HERE, "..", "..", "..", "data", name))
    return packaged if os.path.isfile(packaged) else checkout
