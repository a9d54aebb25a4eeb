"""Running an outside program (Graphviz, rsvg-convert) on bytes: under a timeout that kills its
whole process group, in a fixed locale and time zone, and with anything it says on stderr
(fontconfig's cache notices aside) treated as a failure."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
from dataclasses import dataclass

from ecomap.errors import RenderError

# stderr lines that are not about the picture: fontconfig's cache notices on a fresh machine
# (it rebuilds the cache and says so; the output is the same).
_HARMLESS = (
    re.compile(r"^Fontconfig (warning|error): .*(cache|No writable cache directories)", re.I),
    re.compile(r"^\s*$"),
)
# The same bytes in every locale and time zone: cairo stamps a PDF's date in local time
# ("+08'00"), which render/page.py can only replace when it is UTC ("Z"). Not SOURCE_DATE_EPOCH:
# cairo 1.16 then writes the date without its "D:".
FIXED_ENV = {"LC_ALL": "C.UTF-8", "TZ": "UTC"}


@dataclass(frozen=True)
class Finished:
    """A tool's run: its standard output, the stderr lines that matter, its exit code."""

    out: bytes
    problems: tuple[str, ...]  # stderr lines that matter
    returncode: int


def run_tool(cmd: list[str], data: bytes, timeout: float, *, name: str, not_found: str,
             too_slow: str) -> Finished:
    """Run ``cmd`` (the program ``name``) with ``data`` on stdin; RenderError when it cannot
    start (``not_found`` when it is not installed) or takes longer than ``timeout`` seconds
    (``too_slow``)."""
    env = dict(os.environ, **FIXED_ENV)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, env=env)
    except OSError as exc:
        # Only "no such file" means not installed; a program that is there but cannot be run
        # (no x bit, a broken binary) says why.
        if exc.errno == errno.ENOENT:
            raise RenderError(not_found) from None
        raise RenderError(f"cannot run {name} ({cmd[0]!r}): {exc.strerror}") from None
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        # Kill the whole process group: the program may have children.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise RenderError(too_slow) from None
    problems = tuple(line for line in err.decode("utf-8", "replace").splitlines()
                     if not any(p.search(line) for p in _HARMLESS))
    return Finished(out, problems, proc.returncode)
