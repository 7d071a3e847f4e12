"""Writing a file whole or not at all, under one policy for what may be replaced.

Snapshots and `map --svg` both need it: a reader never sees half a file, and a failure
leaves no temporary file behind. A target may be a new path or a regular file, which is
replaced and keeps its permissions; a symbolic link, a FIFO, a device, a socket or a
directory in its place is refused (`NotReplaceable`), never written through or replaced.
A temporary file that a killed writer left behind is removed by the next writer in its
folder once it is STALE_SECONDS old.
"""

import os
import stat
import time

STALE_SECONDS = 60.0  # far longer than writing a snapshot or a drawing takes


class NotReplaceable(OSError):
    """The target exists and is not a regular file."""


def write_atomically(path: str, data: bytes, *, prefix: str, shared: bool) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    `shared` gives a new file the mode of an ordinary new file (the umask's), not the
    owner-only mode of a temporary one; an existing file keeps its own mode. OSError
    (NotReplaceable among them) propagates.
    """
    import tempfile  # only when writing: with its imports, about 4 ms

    mode = _mode_to_keep(path, shared)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _remove_stale(directory, prefix)


def _mode_to_keep(path: str, shared: bool) -> int | None:
    """The mode the written file gets (None: the temporary file's owner-only mode)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        if not shared:
            return None
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
    if not stat.S_ISREG(status.st_mode):
        raise NotReplaceable(f"{path} is not a regular file")
    return stat.S_IMODE(status.st_mode)


def _remove_stale(directory: str, prefix: str) -> None:
    """Remove this writer's kind of temporary files that a killed process left in `directory`."""
    now = time.time()
    try:
        names = [name for name in os.listdir(directory) if name.startswith(prefix) and name.endswith(".tmp")]
        for name in names:
            full = os.path.join(directory, name)
            status = os.lstat(full)
            if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_SECONDS:
                os.unlink(full)
    except OSError:
        pass
