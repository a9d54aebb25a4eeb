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

if TYPE_CHECKING:
    from ecomap.analysis.core import Analysis
    from ecomap.analysis.result import AnalysisResult
    from ecomap.analysis.scenarios import ScenarioResult
    from ecomap.layout.options import DiagramOptions, Marks
    from ecomap.model import Ecosystem
    from ecomap.render.svg import Rendered

FORMATS = ("svg", "html", "json", "png", "pdf", "dot", "pptx")
DEFAULT_FORMATS = ("svg", "html", "json")
DIAGRAM_FORMATS = ("svg", "png", "pdf", "dot")  # what a roadmap phase is drawn in
SCENARIO_FORMATS = frozenset({"html", "json", "pptx"})  # the outputs that list every scenario
LAYOUTS = ("layered", "radial")


@dataclass(frozen=True)
class RenderRequest:
    """What ``ecomap render`` was asked for: formats and the diagram's options."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    layout: str | None = None      # None: chosen by the renderer for the map's size
    scenario: str | None = None
    lang: str | None = None
    theme: str = "light"
    max_nodes: int | None = None
    view: str | None = None
    phase: str | None = None       # only the diagrams of the map as it stands in that phase


# Kept readable by ensure_ascii=False but never raw: C1 controls, line separators and bidi
# controls (U+202E would reorder a diff or a terminal showing the file). Only JSON strings
# can hold them, so the \\u escape means the same value. Compiled on first use (re's cache):
# a render of the SVG alone writes no JSON.
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def dump_json(document: Any) -> bytes:
    """Stable JSON: key order as built, UTF-8 text (Chinese stays readable in diffs)."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def variant_suffix(request: RenderRequest, locale: object = None) -> str:
    """What sets a render's drawing apart from the default one, as file-name parts in a fixed
    order (``.rent_cut.money.radial.print.max12.en``): the full, money-only and radial versions
    of a map, in Chinese and in English, live side by side in one folder. ``--layout`` counts
    whenever it is given (the automatic choice depends on the map's size, a name should not);
    the light theme is the default; ``--lang`` counts when it is not the language of the map's
    ``locale``."""
    from ecomap.i18n import pick_lang

    lang = pick_lang(request.lang, locale)
    parts = [request.scenario, request.view, request.layout,
             request.theme if request.theme != "light" else None,
             f"max{request.max_nodes}" if request.max_nodes is not None else None,
             lang if lang != pick_lang(None, locale) else None]
    return "".join(f".{p}" for p in parts if p)


def analysis_result(eco: Ecosystem, scenario: str | None, *, every_scenario: bool = True,
                    like: Analysis | None = None) -> AnalysisResult:
    """The map analysed once: with ``scenario`` applied (and only that one), else every
    scenario beside the base, or the base alone without ``every_scenario`` (the diagrams draw
    the base; the report, JSON and deck list the scenarios). ``like``: the analysis of an
    earlier version of the map, whose structural figures are taken over where they still hold
    (a live preview's last save)."""
    from ecomap.analysis import analyze, analyze_base, analyze_scenario

    if scenario:
        return analyze_scenario(eco, scenario, like=like)
    return analyze(eco, like=like) if every_scenario else analyze_base(eco, like=like)


def diagram_options(request: RenderRequest, layout: str | None,
                    selected: ScenarioResult | None, phase: str | None = None
                    ) -> DiagramOptions:
    """The diagram's options; a selected scenario marks what it removes, adds and changes,
    and names itself; a ``phase`` draws the map as it stands in that roadmap phase."""
    from ecomap.layout.options import DiagramOptions

    if selected is None:
        return DiagramOptions(layout=layout, theme=request.theme, lang=request.lang,
                              max_nodes=request.max_nodes, view=request.view, phase=phase)
    applied = selected.applied
    return DiagramOptions(layout=layout, theme=request.theme, lang=request.lang,
                          max_nodes=request.max_nodes, view=request.view,
                          removed_participants=frozenset(applied.removed_participants),
                          removed_flows=frozenset(f.ref for f in applied.lost_flows),
                          changed=frozenset(applied.changed_flows),
                          added_participants=frozenset(applied.added_participants),
                          added_flows=frozenset(applied.added_flows),
                          previous=applied.previous, scenario=selected.name or selected.id,
                          phase=phase)


def phase_marks(result: AnalysisResult, phase: str) -> Marks:
    """The marks of a phase's diagram: the analysis of the map as it stands in that phase (a
    partner that is a single source until a second one joins is a risk in the phases before;
    the whole map's analysis would not mark it). With a scenario, of the scenario's map."""
    from ecomap.analysis.core import analyze_map
    from ecomap.layout.options import Marks
    from ecomap.phase_view import in_phase

    return Marks.from_analysis(analyze_map(in_phase(result.shown.eco, phase)))


def drawn_map(eco: Ecosystem, selected: ScenarioResult | None) -> Ecosystem:
    """The map the diagram draws: a scenario's (its changes and additions applied, what it
    removes kept to be drawn struck out), else the map as written."""
    if selected is None or selected.applied.drawn is None:
        return eco
    return selected.applied.drawn


def _diagram_files(eco: Ecosystem, request: RenderRequest, result: AnalysisResult,
                   marks: Marks, stem: str, chosen: str, phase: str | None = None,
                   svg_for_report: bool = False, png_for_deck: bool = False
                   ) -> tuple[dict[str, bytes], Rendered | None, bytes]:
    """``stem``.dot/.svg/.png/.pdf as requested, the rendered SVG (also when only the report
    needs it) and the slide PNG (also when only the deck needs it; else empty)."""
    from ecomap.layout.dot import build as build_diagram
    from ecomap.render import svg as svg_render

    files: dict[str, bytes] = {}
    diagram = build_diagram(eco, diagram_options(request, chosen, result.selected, phase), marks)
    if "dot" in request.formats:
        files[f"{stem}.dot"] = diagram.dot.encode("utf-8")
    rendered = None
    if "svg" in request.formats or svg_for_report:
        rendered = svg_render.render_diagram(diagram, "svg")
    if "svg" in request.formats and rendered is not None:
        files[f"{stem}.svg"] = rendered.data
    # Slides choose their own arrangement unless --layout forces one.
    slide_options = diagram_options(request, request.layout, result.selected, phase)
    slides: dict[str, bytes] = {}
    for fmt in ("png", "pdf"):
        if fmt in request.formats or (fmt == "png" and png_for_deck):
            slides[fmt] = svg_render.render_slide(eco, slide_options, marks, fmt).data
            if fmt in request.formats:
                files[f"{stem}.{fmt}"] = slides[fmt]
    return files, rendered, slides.get("png", b"")


def build(eco: Ecosystem, request: RenderRequest) -> dict[str, bytes]:
    """File name → content for every requested format; raises before anything is written.

    A map with phases also gets one diagram per phase (``<stem>.<phase>.svg``, and .png, .pdf,
    .dot when asked); ``request.phase`` asks for that phase's diagrams only (the report and
    the analysis cover every phase: a plain render writes them)."""
    from ecomap.layout.dot import build as build_diagram
    from ecomap.layout.options import REPORT_LAYERED_MAX
    from ecomap.render import svg as svg_render

    variant = variant_suffix(request, eco.locale)
    stem = f"{eco.name}{variant}"
    suffix = f".{request.scenario}" if request.scenario else ""  # what the analysis depends on
    result, marks, chosen, drawn = _drawing_inputs(eco, request)
    if request.phase is not None:
        return _diagram_files(drawn, request, result, phase_marks(result, request.phase),
                              f"{stem}.{request.phase}", chosen, request.phase)[0]
    files, base_svg, slide_png = _diagram_files(drawn, request, result, marks, stem, chosen,
                                                svg_for_report="html" in request.formats,
                                                png_for_deck="pptx" in request.formats)
    # The report shows each phase's diagram in its roadmap section, up to the size at which
    # it also shows the layered view (above it, each is a file beside the report).
    embed_phases = "html" in request.formats and len(eco.participants) <= REPORT_LAYERED_MAX
    phase_svgs: dict[str, str] = {}
    for phase in eco.phases:
        phase_files, phase_svg, _ = _diagram_files(
            drawn, request, result, phase_marks(result, phase.id), f"{stem}.{phase.id}", chosen,
            phase.id, svg_for_report=embed_phases)
        files.update(phase_files)
        if embed_phases and phase_svg is not None:
            phase_svgs[phase.id] = phase_svg.data.decode("utf-8")
    rendered: dict[str, svg_render.Rendered] = {}
    if base_svg is not None:
        rendered[chosen] = base_svg
    if "pptx" in request.formats:
        files[f"{stem}.pptx"] = _deck(drawn, request, result, marks, slide_png)
    if "html" in request.formats:
        from ecomap.report import ReportDiagram, render_report

        # The report offers both layouts, the requested (or chosen) one first; the layered
        # one only where dot can lay out a map of this size in reasonable time.
        other = "radial" if chosen == "layered" else "layered"
        left_out = other == "layered" and len(eco.participants) > REPORT_LAYERED_MAX
        if not left_out:
            rendered[other] = svg_render.render_diagram(
                build_diagram(drawn, diagram_options(request, other, result.selected), marks),
                "svg")
        files[f"report{variant}.html"] = render_report(
            result, [ReportDiagram.of(r) for r in rendered.values()], request.lang,
            layered_left_out_above=REPORT_LAYERED_MAX if left_out else None,
            phase_diagrams=phase_svgs,
        ).encode("utf-8")
    if "json" in request.formats:
        from ecomap.analysis import to_json  # the writers load only for the outputs asked for

        files[f"analysis{suffix}.json"] = dump_json(to_json(result))
    return files


def _drawing_inputs(eco: Ecosystem, request: RenderRequest, like: Analysis | None = None
                    ) -> tuple[AnalysisResult, Marks, str, Ecosystem]:
    """What every diagram of a render is drawn from: the analysis (every scenario's only for
    the outputs that list them), its marks, the layout chosen for the map's size and the map
    as drawn (a scenario's)."""
    from ecomap.layout.dot import choose_layout
    from ecomap.layout.options import Marks

    # A phase's render writes its diagrams alone (build).
    lists_scenarios = request.phase is None and bool(SCENARIO_FORMATS & set(request.formats))
    result = analysis_result(eco, request.scenario, like=like, every_scenario=lists_scenarios)
    return (result, Marks.from_analysis(result.shown),
            request.layout or choose_layout(len(eco.participants)),
            drawn_map(eco, result.selected))


def first_diagram(eco: Ecosystem, request: RenderRequest, like: Analysis | None = None
                  ) -> tuple[dict[str, bytes], Analysis | None]:
    """The SVG alone, byte-identical to the one ``build`` makes (the phase's with
    ``request.phase``), for a live preview that shows the drawing before the report is done
    (empty when no SVG is asked for), and the base analysis it was drawn from, to pass as
    ``like`` with the next version of the map."""
    from dataclasses import replace

    if "svg" not in request.formats:
        return {}, None
    svg_only = replace(request, formats=("svg",))
    stem = f"{eco.name}{variant_suffix(request, eco.locale)}"
    result, marks, chosen, drawn = _drawing_inputs(eco, svg_only, like)
    if request.phase is not None:
        stem += f".{request.phase}"
        marks = phase_marks(result, request.phase)
    files = _diagram_files(drawn, svg_only, result, marks, stem, chosen, request.phase)[0]
    return files, result.base


def _deck(eco: Ecosystem, request: RenderRequest, result: AnalysisResult, marks: Marks,
          diagram_png: bytes) -> bytes:
    """The PowerPoint deck: the slide PNG, the money-only view's (unless the diagram is that
    view already) and the analysis as native tables and charts."""
    from dataclasses import replace

    from ecomap.deck import render_deck
    from ecomap.i18n import pick_lang
    from ecomap.render.svg import render_slide

    money_png = None
    if request.view != "money":
        options = replace(diagram_options(request, request.layout, result.selected), view="money")
        money_png = render_slide(eco, options, marks, "png").data
    return render_deck(result, pick_lang(request.lang, eco.locale), diagram_png, money_png)


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


def replace_file(path: Path, content: bytes, protect: Path | None = None) -> Path:
    """Write one output file named by the user (``export -o FILE``) atomically: a temporary
    file beside it, synced, then renamed over it, so that a reader or a crash sees the old
    file or the new one, never half of one. ``protect`` (the input map) is never the target,
    not even through a symlink."""
    if protect is not None and path.resolve() == protect.resolve():
        raise OSError(f"refusing to write over the input map {protect}")
    if path.is_dir():
        raise OutputPathError(f"refusing to write {path}: it is a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = synced_temp(path.parent, path.name, content)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def synced_temp(folder: Path, name: str, content: bytes) -> str:
    """``content`` in a new hidden ``.NAME.*.tmp`` file in ``folder``, synced to disk and
    readable by all (0644): ready to be renamed or linked to ``name``. Removed again if
    writing it fails."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


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


def tidy(folder: Path) -> None:
    """Under the lock writers take: remove what killed renders of ``folder`` left, as the
    next write_atomic would; a render skipped as up to date leaves the ``-o`` folder clean."""
    if folder.parent.is_dir():
        with _locked(folder.parent):
            _recover(folder.parent, folder.name)


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
