"""What is known of a map file before it is read: its size limit, what kind of file a path
names, and the stem its outputs are named by. Kept apart from the YAML reader (source.py) and
the model (model.py), which take about 30 ms to import: a render whose outputs are up to date
is found with these alone (cli.py, freshness.py)."""

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
