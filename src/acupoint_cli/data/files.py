"""Writing a file whole or not at all: snapshots and `map --svg` both need it."""

from __future__ import annotations

import os


def write_atomically(path: str, data: bytes, *, prefix: str, shared: bool) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    A reader never sees half a file, and a failure leaves no temporary file behind; OSError
    propagates. `shared` gives the file the mode of an ordinary new file (the umask's), not
    the owner-only mode of a temporary one.
    """
    import tempfile  # only when writing: with its imports, about 4 ms

    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=prefix, suffix=".tmp")
    try:
        if shared:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
