"""Model → DOT: the entry point. Builds the scene and hands it to one of the two layouts,
``layered`` (dot, one band per layer) or ``radial`` (neato -n2 with computed positions)."""

from __future__ import annotations

from dataclasses import dataclass

from ecomap.layout.layered import flat_edges, layered_dot
from ecomap.layout.options import AUTO_RADIAL_ABOVE, DiagramOptions, Marks
from ecomap.layout.radial import radial_dot
from ecomap.layout.scene import Scene, build_scene
from ecomap.layout.style import THEMES
from ecomap.model import Ecosystem

__all__ = ["DiagramOptions", "Marks", "Diagram", "build", "to_dot", "choose_layout"]


@dataclass(frozen=True)
class Diagram:
    """The DOT text, the Graphviz engine to run it with, and what the SVG must contain."""

    dot: str
    engine: str  # "dot" or "neato" (with -n2)
    layout: str
    scene: Scene

    @property
    def flow_ids(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.scene.edges)

    @property
    def xlabel_flows(self) -> frozenset[str]:
        """Flows whose label dot places after the layout, where it may cover something."""
        return flat_edges(self.scene) if self.layout == "layered" else frozenset()

    @property
    def engine_args(self) -> tuple[str, ...]:
        return ("neato", "-n2") if self.engine == "neato" else ("dot",)


def choose_layout(participants: int) -> str:
    return "radial" if participants > AUTO_RADIAL_ABOVE else "layered"


def to_dot(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None) -> str:
    return build(eco, options, marks).dot


def build(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None) -> Diagram:
    scene = build_scene(eco, options, marks)
    theme = THEMES[options.theme]
    layout = options.layout or choose_layout(len(scene.nodes))
    if layout == "radial":
        return Diagram(radial_dot(scene, theme), "neato", layout, scene)
    return Diagram(layered_dot(scene, theme), "dot", layout, scene)
