"""The diagrams the report shows, with the ids the diagram stage gave their elements.

The report never guesses which SVG element is which flow: the diagram's scene says it. Each
SVG edge ``<g id="flow-<n>">`` (``n``: the flow's position in the map the diagram drew, set
once in ``layout.scene``) maps to the refs of the flows it stands for and to its two ends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecomap.render.svg import Rendered


@dataclass(frozen=True)
class EdgeBinding:
    """What one SVG edge draws: the refs of its flows (several for a summed edge), its ends
    (participant ids, or "+<layer>" for a "+N more" node), its kind, and whether a scenario
    removed it."""

    refs: tuple[str, ...]
    source: str
    target: str
    kind: str
    removed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"refs": list(self.refs), "from": self.source, "to": self.target,
                "kinds": [self.kind], "removed": self.removed}


@dataclass(frozen=True)
class ReportDiagram:
    layout: str
    svg: str
    nodes: Mapping[str, str]  # SVG node id → participant id ("+<layer>" for a "+N more" node)
    edges: Mapping[str, EdgeBinding]  # SVG edge id → the flows it draws
    # Each "+N more" node's name and the names of the participants it stands for.
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9_-]", "", self.layout.lower()) or "view"

    @staticmethod
    def of(rendered: Rendered) -> ReportDiagram:
        scene = rendered.diagram.scene
        pid = {n.key: n.pid for n in scene.nodes}
        edges = {e.key: EdgeBinding(e.refs, pid[e.source], pid[e.target], e.kind, e.removed)
                 for e in scene.edges}
        groups = tuple((n.name, n.member_names) for n in scene.nodes if n.more)
        return ReportDiagram(rendered.diagram.layout, rendered.data.decode("utf-8"), pid, edges,
                             groups)
