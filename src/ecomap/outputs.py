"""Builds every requested output of one map in memory, then writes them atomically."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecomap.model import Ecosystem

if TYPE_CHECKING:
    from ecomap.analysis.result import AnalysisResult
    from ecomap.analysis.scenarios import ScenarioResult
    from ecomap.layout.options import DiagramOptions

FORMATS = ("svg", "html", "json", "png", "pdf", "dot")
DEFAULT_FORMATS = ("svg", "html", "json")
LAYOUTS = ("layered", "radial")


@dataclass(frozen=True)
class RenderRequest:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    layout: str | None = None      # None: chosen by the renderer for the map's size
    scenario: str | None = None
    lang: str | None = None
    theme: str = "light"
    max_nodes: int | None = None
    view: str | None = None


# Kept readable by ensure_ascii=False but never raw: C1 controls, line separators and bidi
# controls (U+202E would reorder a diff or a terminal showing the file). Only JSON strings
# can hold them, so the \\u escape means the same value.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def dump_json(document: Any) -> bytes:
    """Stable JSON: key order as built, UTF-8 text (Chinese stays readable in diffs)."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def analysis_result(eco: Ecosystem, scenario: str | None) -> AnalysisResult:
    """The map analysed once: with ``scenario`` applied (and only that one), else every
    scenario beside the base."""
    from ecomap.analysis import analyze, analyze_scenario

    return analyze_scenario(eco, scenario) if scenario else analyze(eco)


def diagram_options(request: RenderRequest, layout: str | None,
                    selected: ScenarioResult | None) -> DiagramOptions:
    """The diagram's options; a selected scenario marks what it removes and changes."""
    from ecomap.layout.options import DiagramOptions

    if selected is None:
        return DiagramOptions(layout=layout, theme=request.theme, lang=request.lang,
                              max_nodes=request.max_nodes, view=request.view)
    applied = selected.applied
    return DiagramOptions(layout=layout, theme=request.theme, lang=request.lang,
                          max_nodes=request.max_nodes, view=request.view,
                          removed_participants=frozenset(applied.removed_participants),
                          removed_flows=frozenset(f.ref for f in applied.lost_flows),
                          changed=frozenset(applied.changed_flows))


def build(eco: Ecosystem, request: RenderRequest) -> dict[str, bytes]:
    """File name → content for every requested format; raises before anything is written."""
    from ecomap.analysis import to_json
    from ecomap.layout.dot import build as build_diagram
    from ecomap.layout.dot import choose_layout
    from ecomap.layout.options import REPORT_LAYERED_MAX, Marks
    from ecomap.render import svg as svg_render

    stem = eco.name if not request.scenario else f"{eco.name}.{request.scenario}"
    suffix = f".{request.scenario}" if request.scenario else ""
    result = analysis_result(eco, request.scenario)
    marks = Marks.from_analysis(result.shown)
    files: dict[str, bytes] = {}
    chosen = request.layout or choose_layout(len(eco.participants))
    diagram = build_diagram(eco, diagram_options(request, chosen, result.selected), marks)
    if "dot" in request.formats:
        files[f"{stem}.dot"] = diagram.dot.encode("utf-8")
    rendered: dict[str, svg_render.Rendered] = {}
    if "svg" in request.formats or "html" in request.formats:
        rendered[chosen] = svg_render.render_diagram(diagram, "svg")
    if "svg" in request.formats:
        files[f"{stem}.svg"] = rendered[chosen].data
    # Slides choose their own arrangement unless --layout forces one.
    slide_options = diagram_options(request, request.layout, result.selected)
    for fmt in ("png", "pdf"):
        if fmt in request.formats:
            files[f"{stem}.{fmt}"] = svg_render.render_slide(eco, slide_options, marks, fmt).data
    if "html" in request.formats:
        from ecomap.report import ReportDiagram, render_report

        # The report offers both layouts, the requested (or chosen) one first; the layered
        # one only where dot can lay out a map of this size in reasonable time.
        other = "radial" if chosen == "layered" else "layered"
        left_out = other == "layered" and len(eco.participants) > REPORT_LAYERED_MAX
        if not left_out:
            rendered[other] = svg_render.render_diagram(
                build_diagram(eco, diagram_options(request, other, result.selected), marks),
                "svg")
        files[f"report{suffix}.html"] = render_report(
            result, [ReportDiagram.of(r) for r in rendered.values()], request.lang,
            layered_left_out_above=REPORT_LAYERED_MAX if left_out else None,
        ).encode("utf-8")
    if "json" in request.formats:
        files[f"analysis{suffix}.json"] = dump_json(to_json(result))
    return files


class OutputPathError(OSError):
    """An output would land outside the ``-o`` folder, or cannot be named safely."""


def output_folder(out_root: Path, stem: str, source: str = "the map") -> Path:
    """``out_root/stem``, the folder of one map's outputs; OutputPathError when the stem (the
    map's file name) cannot name a folder inside ``out_root``: ``maps/...yaml`` has the stem
    ``..``, ``maps/.yaml`` none at all, and a hidden name would clash with ecomap's own
    staging folders."""
    if not _plain_name(stem) or stem.startswith("."):
        raise OutputPathError(f"{source}: cannot name its outputs' folder {stem!r} inside "
                              f"{out_root}: rename the map (a name that does not start with "
                              "'.')")
    return out_root / stem


def _plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and not any(c in name for c in "/\\\0")


def write_atomic(folder: Path, files: dict[str, bytes], protect: Path | None = None) -> list[Path]:
    """Replace the outputs in ``folder`` with ``files`` as one set: a reader, a crash or a
    ``kill -9`` at any moment sees the old set or the new one, never a mix.

    Every file is written into a hidden staging folder beside ``folder``; the files of
    ``folder`` that this set does not replace (another scenario's outputs) are hard-linked
    into it; then the two folders are swapped in one atomic step (Linux renameat2
    RENAME_EXCHANGE; elsewhere two renames, undone by the next run if a crash falls between
    them). Writers into one ``-o`` folder take turns (a lock on it), and each removes the
    staging folders that killed runs left. ``protect`` (the input map) is never a target.
    """
    for name in files:
        if not _plain_name(name):
            raise OutputPathError(f"refusing to write {name!r}: not a plain file name")
    if protect is not None:  # checked for every file before the first is written
        for name in files:
            if (folder / name).resolve() == protect.resolve():
                raise OSError(f"refusing to write over the input map {protect}")
    root = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputPathError(f"refusing to write into {folder}: it is not a folder of its own "
                              "(a symlink or a file)")
    with _locked(root):
        _recover(root, folder.name)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_STAGING}", dir=root))
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the outputs from other users
        try:
            for name, content in files.items():
                with open(staging / name, "wb") as f:
                    f.write(content)
                os.chmod(staging / name, 0o644)
            if folder.exists():
                _link_others(folder, staging, files)
                _swap(staging, folder)
            else:
                os.rename(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after a swap: the old set
    return [folder / name for name in files]


_STAGING = ".ecomap-staging-"   # .STEM.ecomap-staging-XXXX: a set being written
_OLD = ".ecomap-old"            # .STEM.ecomap-old: the old set during a two-rename swap


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """An exclusive lock on the ``-o`` folder itself (no lock file left behind)."""
    try:
        import fcntl
    except ImportError:  # not POSIX (Windows): renders into one folder are not serialised
        yield
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _recover(root: Path, stem: str) -> None:
    """Under the lock: what a killed run of this map left. Staging folders go; an old set
    whose replacement never arrived (a crash between two renames) is put back."""
    old = root / f".{stem}{_OLD}"
    if old.is_dir() and not (root / stem).exists():
        os.rename(old, root / stem)
    for leftover in root.glob(f".{stem}{_STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    folder = root / stem
    if folder.is_dir():  # the per-file temp names of ecomap before 0.x wrote sets
        for stale in folder.glob(".*.tmp"):
            if stale.is_file():
                stale.unlink()


def _link_others(folder: Path, staging: Path, files: dict[str, bytes]) -> None:
    """The files of ``folder`` that this set leaves alone, hard-linked into ``staging`` (no
    copy, same inode: the input map, if it lives there, is never rewritten)."""
    for entry in os.scandir(folder):
        if entry.name in files or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        if entry.is_dir(follow_symlinks=False):
            raise OutputPathError(f"refusing to replace {folder}: it holds a folder "
                                  f"({entry.name}); ecomap keeps each map's outputs in a "
                                  "folder of their own")
        os.link(entry.path, staging / entry.name, follow_symlinks=False)


def _swap(staging: Path, folder: Path) -> None:
    """``staging`` becomes ``folder`` in one step; ``staging`` then holds the old set."""
    if _exchange(staging, folder):
        return
    old = folder.parent / f".{folder.name}{_OLD}"
    os.rename(folder, old)      # a crash here: _recover puts `old` back
    os.rename(staging, folder)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE); False where the system or file system lacks it."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
