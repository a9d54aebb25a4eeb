"""``ecomap render MAP --watch``: re-render one map on every save, in a warm process.

The loop polls the map's file (size, mtime, inode; then a content hash, so a save that
changes nothing renders nothing) a few dozen times a second. On a change it renders the SVG
first, in this process, where the imports, the text ruler and Graphviz's fonts are warm: that
is the drawing the browser and the editor wait for. The whole set (SVG, report, JSON, phase
diagrams…, exactly what a one-shot render writes) is built in a second, equally warm process
on the other core and written as one set when it arrives, unless a newer save superseded it.
A bad save prints its ``path:line:col: error:`` lines and leaves the last good outputs (and the
served page, with the error shown over it) in place. Ctrl-C ends with exit 0.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecomap.errors import printable

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from ecomap.analysis.core import Analysis
    from ecomap.model import Ecosystem
    from ecomap.outputs import RenderRequest

# The map, loaded and checked against the request, its outputs' folder and the bytes it was
# read from (cli._prepared, bound to -o and the request); picklable: the second process calls
# it too.
Loader = Callable[[Path], "tuple[Ecosystem, Path, bytes]"]

POLL_SECONDS = 0.02
SETTLE_SECONDS = 0.15  # how long a failed read waits for the rest of a save before reporting


def _echo(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(printable(text, keep_newlines=True) + "\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):  # a closed terminal: keep rendering
        pass


def _failure_text(exc: BaseException) -> str:
    """An expected failure as the lines a one-shot render prints."""
    import click

    from ecomap.errors import EcomapError

    if isinstance(exc, EcomapError):
        return str(exc)  # path:line:col: error: … already
    if isinstance(exc, click.ClickException):
        return f"error: {exc.format_message()}"
    return f"error: {exc}"


def _expected() -> tuple[type[BaseException], ...]:
    import click

    from ecomap.errors import EcomapError, RenderError

    return EcomapError, RenderError, OSError, click.ClickException


@dataclass(frozen=True)
class _Stamp:
    size: int
    mtime_ns: int
    inode: int


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = os.stat(path)
    except OSError:  # between an editor's delete and rename: wait for the file
        return None
    return _Stamp(st.st_size, st.st_mtime_ns, st.st_ino)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# ---------------------------------------------------------------- the second process

def _finisher(conn: Connection, load: Loader, request: RenderRequest) -> None:
    """Build whole output sets on request: (seq, map) in, (seq, files, error text) out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the watcher's to handle
    from ecomap.freshness import key_of, with_stamp
    from ecomap.outputs import build  # warm before the first job

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the watcher is gone
            return
        seq, path = job
        try:
            # Stamped as a one-shot render stamps its set: `ecomap render` after a watch
            # finds the outputs up to date.
            eco, _folder, data = load(path)
            key = key_of(data, path, request)
            conn.send((seq, with_stamp(build(eco, request), request, key), ""))
        except _expected() as exc:
            conn.send((seq, {}, _failure_text(exc)))
        except Exception as exc:  # noqa: BLE001 — reported by the watcher, never a traceback
            conn.send((seq, {}, f"internal error: {type(exc).__name__}: {exc}"))


class _Finisher:
    """The second process; one job at a time, only the newest waiting one is kept."""

    def __init__(self, load: Loader, request: RenderRequest) -> None:
        self._load, self._request = load, request
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._busy = False
        self._waiting: tuple[int, Path] | None = None

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process with threads
        parent, child = context.Pipe()
        self._proc = context.Process(target=_finisher, args=(child, self._load, self._request),
                                     name="ecomap-watch-finisher", daemon=True)
        self._proc.start()
        child.close()
        self._conn, self._busy = parent, False

    def submit(self, seq: int, path: Path) -> None:
        self._waiting = (seq, path)
        self._send()

    def _send(self) -> None:
        if self._busy or self._waiting is None:
            return
        if self._proc is None or not self._proc.is_alive():
            self.start()
        assert self._conn is not None
        self._conn.send(self._waiting)
        self._waiting, self._busy = None, True

    def result(self) -> tuple[int, dict[str, bytes], str] | None:
        """A finished job, if one is in."""
        if self._conn is None or not self._busy:
            return None
        try:
            if not self._conn.poll():
                if self._proc is not None and not self._proc.is_alive():
                    raise EOFError
                return None
            done: tuple[int, dict[str, bytes], str] = self._conn.recv()
        except (EOFError, OSError):  # it died: say so, start another for the next job
            self._busy, self._proc = False, None
            self._send()
            return (-1, {}, "internal error: the rendering process ended unexpectedly")
        self._busy = False
        self._send()
        return done

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join(5)


# ---------------------------------------------------------------- the loop

class _Watcher:
    def __init__(self, path: Path, load: Loader, request: RenderRequest, site: Any) -> None:
        self.path, self.load, self.request, self.site = path, load, request, site
        self.finisher = _Finisher(load, request)
        self.stamp: _Stamp | None = None
        self.digest: str | None = None
        self.seq = 0          # the newest good version of the map
        self.folder: Path | None = None
        self.seen_at = 0.0    # when that version's save was noticed
        self.drawing = ""     # the SVG's file name ("" without --format svg)
        # The last good save's analysis: the next save takes over what depends only on the
        # structure they share (most saves change names, amounts or labels, not who trades).
        self.analysis: Analysis | None = None

    def tick(self) -> None:
        stamp = _stamp(self.path)
        if stamp is not None and stamp != self.stamp:
            self.stamp = stamp
            digest = _digest(self.path)
            if digest is not None and digest != self.digest:
                self.digest = digest
                self.render(time.perf_counter())
        done = self.finisher.result()
        if done is not None:
            self.finish(*done)

    def render(self, seen_at: float) -> None:
        from ecomap.outputs import first_diagram, write_atomic

        try:
            eco, folder, _data = self.load(self.path)
            first, analysis = first_diagram(eco, self.request, like=self.analysis)
            if first:
                write_atomic(folder, first, protect=self.path)
        except _expected() as exc:
            # An editor that truncates and then writes can be read in between (an empty or
            # cut map): a moment later the file has changed again, and the next tick reads it.
            time.sleep(SETTLE_SECONDS)
            if _stamp(self.path) != self.stamp:
                return
            self.fail(_failure_text(exc))
            return
        self.seq += 1
        self.folder, self.seen_at = folder, seen_at
        self.analysis = analysis
        if self.site.error:
            self.site.show_error("")
        if first:
            self.drawing = next(iter(first))
            # Without a report the page is the drawing; with one, the page waits for it.
            self.site.publish(first, "" if "html" in self.request.formats else self.drawing)
            _echo(f"{folder / self.drawing} ({self._ms()})")
        self.finisher.submit(self.seq, self.path)

    def finish(self, seq: int, files: dict[str, bytes], error: str) -> None:
        if seq != self.seq and seq != -1:
            return  # a newer save is being rendered: its set will be written
        if error:
            if _stamp(self.path) == self.stamp:  # else it read a newer save: that one reports
                self.fail(error)
            return
        from ecomap.freshness import is_stamp
        from ecomap.outputs import write_atomic

        assert self.folder is not None
        try:
            write_atomic(self.folder, files, protect=self.path)
        except _expected() as exc:
            self.fail(_failure_text(exc))
            return
        outputs = {name: data for name, data in files.items() if not is_stamp(name)}
        reports = [n for n in outputs if n.endswith(".html")]  # one: report[.variant].html
        self.site.publish(outputs, reports[0] if reports else self.drawing)
        _echo(f"{self.folder}{os.sep} {len(outputs)} files ({self._ms()})")

    def fail(self, message: str) -> None:
        _echo(message, err=True)
        _echo("kept the last good outputs; fix the map and save again", err=True)
        self.site.show_error(message)

    def _ms(self) -> str:
        return f"{(time.perf_counter() - self.seen_at) * 1000:.0f} ms after the save"


def watch(path: Path, load: Loader, request: RenderRequest, port: int,
          open_browser: bool) -> None:
    """Render ``path`` on every change and serve the outputs until Ctrl-C (or SIGTERM)."""
    from ecomap import live

    site = live.Site(path.name)
    watcher = _Watcher(path, load, request, site)
    server, url = live.serve(site, port)  # first: a port in use ends the command at once
    watcher.finisher.start()  # its imports load while this process renders the first SVG
    # Ctrl-C stops, also where the shell started us with SIGINT ignored (`ecomap … &`).
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _echo(f"watching {path}, serving {url} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while True:
            watcher.tick()
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
        site.stop()
        server.shutdown()
        server.server_close()
        watcher.finisher.stop()
    _echo("stopped")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
