"""The diagrams the report shows, with the ids the diagram stage gave their elements.

The report never guesses which SVG element is which flow: the diagram's scene says it. Each
SVG edge ``<g id="flow-<n>">`` (``n``: the flow's position in the map the diagram drew, set
once in ``layout.scene``) maps to the refs of the flows it stands for and to its two ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ecomap.render.svg import Rendered


@dataclass(frozen=True)
class ReportDiagram:
    layout: str
    svg: str
    nodes: dict[str, str]  # SVG node id → participant id ("+<layer>" for a "+N more" node)
    edges: dict[str, dict[str, Any]]  # SVG edge id → {"refs", "from", "to", "kinds"}

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9_-]", "", self.layout.lower()) or "view"

    @staticmethod
    def of(rendered: Rendered) -> ReportDiagram:
        scene = rendered.diagram.scene
        pid = {n.key: n.pid for n in scene.nodes}
        edges = {e.key: {"refs": list(e.refs), "from": pid[e.source], "to": pid[e.target],
                         "kinds": [e.kind], "removed": e.removed}
                 for e in scene.edges}
        return ReportDiagram(rendered.diagram.layout, rendered.data.decode("utf-8"), pid, edges)
