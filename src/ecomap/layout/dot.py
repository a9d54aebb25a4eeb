"""Model → DOT: the entry point. Builds the scene and hands it to a layout: ``layered`` (dot,
one band per layer), ``radial`` (neato -n2 with computed positions), or, for the slide formats,
the slide arrangements (layout/slide.py) among which the renderer keeps the one that fits."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ecomap.layout.layered import flat_edges, layered_dot
from ecomap.layout.options import AUTO_RADIAL_ABOVE, DiagramOptions, Marks
from ecomap.layout.scene import Scene, build_scene
from ecomap.layout.style import THEMES
from ecomap.model import Ecosystem

__all__ = ["DiagramOptions", "Marks", "Diagram", "DrawnEdge", "build", "build_slides",
           "slide_collapse_sizes", "to_dot", "choose_layout"]

# A slide of a map over AUTO_RADIAL_ABOVE participants collapses it (unless --max-nodes or
# --layout says otherwise) to the first of these sizes whose drawing fits the page.
SLIDE_COLLAPSE_TO = (30, 24, 20, 16, 12)
# Widths (em) a slide connector's label lines wrap at: narrow labels make a drawing narrower,
# wide ones make it lower; each is tried.
SLIDE_LABEL_EMS = (12.0, 18.0)


@dataclass(frozen=True)
class DrawnEdge:
    """One line the SVG must contain: its id and the map's flows it stands for."""

    key: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Diagram:
    """The DOT text, the Graphviz engine to run it with, and what the SVG must contain."""

    dot: str
    engine: str  # "dot" or "neato" (with -n2)
    layout: str  # "layered", "radial", or the slide arrangement ("slide-columns", …)
    scene: Scene
    edges: tuple[DrawnEdge, ...]
    # Edges whose label dot places after the layout, where it may cover something.
    xlabel_flows: frozenset[str] = frozenset()
    # Graph attributes given to the engine on its command line (the slide's aspect ratio).
    graph_args: tuple[str, ...] = ()

    @property
    def flow_ids(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.edges)

    @property
    def engine_args(self) -> tuple[str, ...]:
        engine = ("neato", "-n2") if self.engine == "neato" else ("dot",)
        return (*engine, *self.graph_args)


def choose_layout(participants: int) -> str:
    return "radial" if participants > AUTO_RADIAL_ABOVE else "layered"


def to_dot(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None) -> str:
    return build(eco, options, marks).dot


def build(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None) -> Diagram:
    scene = build_scene(eco, options, marks)
    layout = options.layout or choose_layout(len(scene.nodes))
    return _web(scene, options, layout)


def _web(scene: Scene, options: DiagramOptions, layout: str) -> Diagram:
    theme = THEMES[options.theme]
    flows = tuple(DrawnEdge(e.key, e.refs) for e in scene.edges)
    if layout == "radial":
        # Imported here, like layout/slide.py below: a one-shot layered render (every map up to
        # AUTO_RADIAL_ABOVE participants) should not pay for the modules it does not run.
        from ecomap.layout.radial import radial_dot

        return Diagram(radial_dot(scene, theme), "neato", layout, scene, flows)
    return Diagram(layered_dot(scene, theme), "dot", layout, scene, flows, flat_edges(scene))


def slide_collapse_sizes(eco: Ecosystem, options: DiagramOptions) -> tuple[int | None, ...]:
    """The participant limits a slide tries in turn: none for a map that fits as it is, or
    when --max-nodes or --layout says what to draw."""
    if options.max_nodes is None and options.layout is None \
            and len(eco.participants) > AUTO_RADIAL_ABOVE:
        return SLIDE_COLLAPSE_TO
    return (None,)


def build_slides(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None,
                 collapse_to: int | None = None) -> tuple[Diagram, ...]:
    """The candidate drawings of a 16:9 slide, best guess first; the renderer lays each out and
    keeps the one that comes out largest on the page.

    ``--layout radial`` keeps the radial picture (one candidate), ``--layout layered`` the layers
    as columns. Otherwise the flows between two participants are drawn as one connector, in each
    arrangement of layout/slide.py, with the map collapsed to ``collapse_to`` participants when
    given.
    """
    if collapse_to is not None:
        options = replace(options, max_nodes=collapse_to)
    scene = build_scene(eco, options, marks)
    if options.layout == "radial":
        return (_web(scene, options, "radial"),)
    from ecomap.layout.slide import connectors, slide_arrangements, slide_dot

    theme = THEMES[options.theme]
    diagrams = []
    arrangements = slide_arrangements(scene)
    if options.layout == "layered":  # forced: the layers as columns, innermost on the left
        arrangements = [(name, order) for name, order in arrangements if name == "columns"]
    for name, order in arrangements:
        conns = connectors(scene, order)
        edges = tuple(DrawnEdge(c.key, tuple(r for e in c.edges for r in e.refs)) for c in conns)
        flat = frozenset(c.key for c in conns if c.flat)
        for em in SLIDE_LABEL_EMS:
            diagrams.append(Diagram(slide_dot(scene, theme, name, order, em), "dot",
                                    f"slide-{name}", scene, edges, flat))
    return tuple(diagrams)
