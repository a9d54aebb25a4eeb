"""Builds every requested output of one map in memory, then writes them atomically."""

from __future__ import annotations

import json
import os
import tempfile
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


def dump_json(document: Any) -> bytes:
    """Stable JSON: key order as built, UTF-8 text (Chinese stays readable in diffs)."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


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
    from ecomap.layout.options import Marks
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

        # The report offers both layouts; the requested (or chosen) one comes first.
        other = "radial" if chosen == "layered" else "layered"
        rendered[other] = svg_render.render_diagram(
            build_diagram(eco, diagram_options(request, other, result.selected), marks), "svg")
        files[f"report{suffix}.html"] = render_report(
            result, [ReportDiagram.of(r) for r in rendered.values()], request.lang
        ).encode("utf-8")
    if "json" in request.formats:
        files[f"analysis{suffix}.json"] = dump_json(to_json(result))
    return files


def write_atomic(folder: Path, files: dict[str, bytes], protect: Path | None = None) -> list[Path]:
    """Write each file to a temporary name in its folder, then rename it into place.

    A failure part-way leaves every previous output whole; ``protect`` (the input map) is never
    a target.
    """
    if protect is not None:  # checked for every file before the first is written
        for name in files:
            if (folder / name).resolve() == protect.resolve():
                raise OSError(f"refusing to write over the input map {protect}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        target = folder / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        written.append(target)
    return written
