"""A map file before it is parsed: its size limit, what kind of file a path names, the stem
its outputs are named by, and its bytes, read safely. Kept apart from the YAML reader
(source.py) and the model (model.py), which take about 30 ms to import: a render whose outputs
are up to date is found with these alone (cli.py, freshness.py)."""

from __future__ import annotations

import os
import stat

MAX_BYTES = 10 * 1024 * 1024  # a 2,000-participant / 8,000-flow map is about 1.5 MB


def map_stem(path: str) -> str:
    """A map file's stem (``maps/nio_baas.yaml`` → ``nio_baas``), the name of its outputs."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def not_a_file(mode: int) -> str:
    """What a non-regular file is ("a FIFO (named pipe)"), or "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def kind_of(path: str) -> str:
    """not_a_file() of what ``path`` names, following symlinks ("" when missing)."""
    try:
        return not_a_file(os.stat(path).st_mode)
    except OSError:
        return ""


class MapTooLarge(OSError):
    """A map file over MAX_BYTES; ``size`` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"file is too large ({size:,} bytes)")
        self.size = size


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A map file's bytes (the parser's and the render key's: one reader for both). Only a
    regular file is read: a FIFO would block forever and /dev/zero never ends, so the file is
    opened without blocking and its kind checked on the open descriptor (no race with a swapped
    path). OSError when it cannot be read, with what the path is for anything but a regular
    file; MapTooLarge (an OSError) over MAX_BYTES, with the file's real size."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = not_a_file(os.fstat(fd).st_mode)
        if kind:
            raise OSError(f"it is {kind}, not a file")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:  # the real size, not the MAX_BYTES + 1 read
                raise MapTooLarge(max(os.fstat(fd).st_size, len(data)))
    finally:
        os.close(fd)
    return data
