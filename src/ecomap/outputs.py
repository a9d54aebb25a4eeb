"""Builds every requested output of one map in memory, then writes them atomically."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ecomap.model import Ecosystem

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


def analysis_document(eco: Ecosystem, scenario: str | None) -> dict[str, Any]:
    from ecomap.analysis import analyze, analyze_scenario, to_json

    result = analyze_scenario(eco, scenario) if scenario else analyze(eco)
    return to_json(result)


def _diagram_options(eco: Ecosystem, request: RenderRequest, layout: str | None) -> Any:
    from ecomap.layout.dot import DiagramOptions

    removed: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    if request.scenario:
        from ecomap.analysis.scenarios import scenario_diff

        gone_participants, gone_flows, changed_flows = scenario_diff(eco, request.scenario)
        removed = frozenset(gone_participants) | frozenset(gone_flows)
        changed = frozenset(changed_flows)
    return DiagramOptions(layout=layout, theme=request.theme, lang=request.lang,
                          max_nodes=request.max_nodes, view=request.view,
                          removed=removed, changed=changed)


def _marks(document: dict[str, Any]) -> Any:
    from ecomap.layout.options import Marks

    return Marks.from_analysis(document)


def build(eco: Ecosystem, request: RenderRequest) -> dict[str, bytes]:
    """File name → content for every requested format; raises before anything is written."""
    from ecomap.layout.dot import choose_layout, to_dot
    from ecomap.render import svg as svg_render

    stem = eco.name if not request.scenario else f"{eco.name}.{request.scenario}"
    suffix = f".{request.scenario}" if request.scenario else ""
    document = analysis_document(eco, request.scenario)
    marks = _marks(document)
    files: dict[str, bytes] = {}
    chosen = request.layout or choose_layout(len(eco.participants))
    options = _diagram_options(eco, request, chosen)
    if "dot" in request.formats:
        files[f"{stem}.dot"] = to_dot(eco, options, marks).encode("utf-8")
    if "svg" in request.formats:
        files[f"{stem}.svg"] = svg_render.render(eco, options, marks, fmt="svg")
    # Slides choose their own arrangement unless --layout forces one.
    slide_options = replace(options, layout=request.layout)
    for fmt in ("png", "pdf"):
        if fmt in request.formats:
            files[f"{stem}.{fmt}"] = svg_render.render(eco, slide_options, marks, fmt=fmt)
    if "html" in request.formats:
        from ecomap.render.html import render_report

        # The report offers both layouts; the requested (or chosen) one comes first.
        first = files.get(f"{stem}.svg") or svg_render.render(eco, options, marks, fmt="svg")
        other = "radial" if chosen == "layered" else "layered"
        second = svg_render.render(eco, _diagram_options(eco, request, other), marks, fmt="svg")
        svgs = {chosen: first.decode("utf-8"), other: second.decode("utf-8")}
        files[f"report{suffix}.html"] = render_report(document, svgs, request.lang).encode("utf-8")
    if "json" in request.formats:
        files[f"analysis{suffix}.json"] = dump_json(document)
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
