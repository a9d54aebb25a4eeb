"""The slide target (PNG, PDF): the map laid out for a 16:9 page, not a web drawing shrunk to fit.

Two things make a hub-and-spoke map fit a slide with readable text:

- one connector per pair of participants and direction: the flows between them become one drawn
  line whose label stacks them, each line in its kind's colour (five flows between 蔚来能源 and
  宁德时代 are one line with five label lines, not five curves with five labels);
- an arrangement chosen for the page: layers as columns (innermost on the left), layers as rows,
  or the focus's layer in the middle with the other layers on both sides. Each is laid out by
  ``dot`` and the one whose drawing comes out largest on the page wins (render/svg.py measures).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ecomap.layout.dotlang import Html, attr_list, h, line_table, q
from ecomap.layout.layered import bands
from ecomap.layout.paint import edge_color, edge_line_text, edge_prefix, header, prefix_html
from ecomap.layout.scene import Scene, SceneEdge
from ecomap.layout.style import FONT_SIZE, Theme


@dataclass(frozen=True)
class Connector:
    """The flows between two participants, drawn as one line from ``source`` to ``target``.

    Between two bands the line joins both directions: ``source`` is the participant in the band
    drawn first (left, or top), and each label line says its direction with an arrow. Within a
    band the order on the page is dot's to choose, so each direction is a connector of its own.
    """

    key: str  # SVG id: "conn-<source participant>-<target participant>"
    source: str  # SceneNode.key
    target: str
    edges: tuple[SceneEdge, ...]
    flat: bool  # both ends in one band: dot places its label after the layout (xlabel)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.kind for e in self.edges))

    @property
    def both_ways(self) -> bool:
        return any(e.source == self.target for e in self.edges)


def connectors(scene: Scene, order: list[int]) -> tuple[Connector, ...]:
    """The scene's edges grouped per pair of participants (per direction within a band), in the
    order their first flow comes."""
    rank = {n.key: order.index(n.layer) for n in scene.nodes}
    groups: dict[tuple[str, str], list[SceneEdge]] = defaultdict(list)
    for edge in scene.edges:
        s, t = edge.source, edge.target
        if rank[s] > rank[t]:
            s, t = t, s
        groups[(s, t)].append(edge)
    short = lambda k: k.removeprefix("node-")  # noqa: E731
    return tuple(Connector(f"conn-{short(s)}-{short(t)}", s, t, tuple(edges), rank[s] == rank[t])
                 for (s, t), edges in groups.items())


def slide_arrangements(scene: Scene) -> list[tuple[str, list[int]]]:
    """(name, layer indexes in drawing order) for each arrangement worth trying, best guess
    first: the focus's layer in the middle ("hub"), layers as columns, layers as rows.

    A hub keeps the layers in order outwards on each side: the next ones inward of a split on
    the left, read right to left, the rest on the right; each split is a candidate.
    """
    layers = sorted({n.layer for n in scene.nodes})
    focus_layer = next((n.layer for n in scene.nodes if n.key == scene.focus), layers[0])
    outer = [i for i in layers if i > focus_layer]
    inner = [i for i in layers if i < focus_layer]
    found: list[tuple[str, list[int]]] = []
    for split in range(1, len(outer)):
        order = list(reversed(outer[:split])) + inner + [focus_layer] + outer[split:]
        found.append((f"hub{split}", order))
    found.append(("columns", layers))
    found.append(("rows", layers))
    return found


def slide_dot(scene: Scene, theme: Theme, arrangement: str, order: list[int],
              label_em: float) -> str:
    rankdir = "TB" if arrangement == "rows" else "LR"
    lines = header(scene, theme, {
        "rankdir": rankdir, "nodesep": 0.1, "ranksep": 0.45, "splines": "spline",
        "newrank": "false", "forcelabels": "true", "pad": 0.15,
    }, compact=True)
    lines += bands(scene, theme, order)
    arrows = ("↓", "↑") if rankdir == "TB" else ("→", "←")
    for conn in connectors(scene, order):
        attrs = connector_style(conn, theme)
        label = connector_label(conn, scene.lang, theme, arrows if conn.both_ways else None,
                                label_em)
        # Within one band dot places labels after the layout (xlabel): a labelled flat edge
        # makes dot 2.43's router fail.
        attrs["xlabel" if conn.flat else "label"] = label
        lines.append(f"  {q(conn.source)} -> {q(conn.target)} {attr_list(**attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def connector_style(conn: Connector, theme: Theme) -> dict[str, object]:
    """One kind: that kind's line. Several: a neutral line; the label's lines carry the kinds."""
    kinds = conn.kinds
    removed = all(e.removed for e in conn.edges)
    changed = any(e.changed for e in conn.edges)
    added = all(e.added for e in conn.edges)
    new = any(e.new for e in conn.edges)
    marks = [name for name, on in (("removed", removed), ("changed", changed), ("added", added),
                                   ("new", new)) if on]
    marks += [f"compliance-{c}" for c in sorted({e.compliance for e in conn.edges if e.compliance})]
    cls = " ".join(["connector", *(f"kind-{k}" for k in kinds), *marks])
    if len(kinds) == 1:
        ks = theme.kinds[kinds[0]]
        color = edge_color(conn.edges[0], theme) if len(conn.edges) == 1 else (
            theme.removed if removed else theme.added if added else theme.changed if changed
            else ks.color)
        colorlist = f"{color}:{theme.background}:{color}" if ks.double and not removed else color
        style, arrowhead, width = ("dashed" if removed else ks.style), ks.arrowhead, ks.penwidth
    else:
        color = theme.removed if removed else theme.added if added else theme.changed \
            if changed else theme.muted
        colorlist, style, arrowhead, width = color, "dashed" if removed else "solid", "normal", 1.4
    forward = any(e.source == conn.source for e in conn.edges)
    backward = conn.both_ways
    return {"id": conn.key, "class": cls, "color": colorlist, "style": style,
            "penwidth": width + (1.5 if changed or added or new else 0), "fontcolor": color,
            "dir": "both" if forward and backward else "forward" if forward else "back",
            "arrowhead": arrowhead if forward else None,
            "arrowtail": arrowhead if backward else None}


def connector_label(conn: Connector, lang: str, theme: Theme,
                    arrows: tuple[str, str] | None, em: float) -> Html:
    """One line per flow, in its kind's colour: the label and, on the same line, the amount;
    on a line that joins both directions each flow's first line starts with its arrow."""
    rows: list[tuple[str, float, str]] = []
    # One direction, then the other.
    edges = sorted(conn.edges, key=lambda e: e.source != conn.source)
    for edge in edges:
        for i, (text, was, amount) in enumerate(edge_line_text(edge, lang, em)):
            if arrows:
                text = (arrows[0] if edge.source == conn.source else arrows[1]) + " " + text \
                    if i == 0 else "\u2003" + text
            # The marks (× ＋ ⚠) start the first line; ⚠ in the risk colour.
            marks = edge_prefix(edge)
            lead = ""
            if i == 0 and marks and marks in text:
                head, _, text = text.partition(marks)
                lead = h(head) + prefix_html(edge, theme)
            body = h(text) + (f"<S>{h(was)}</S> " if was else "") + (
                f"<B>{h(amount)}</B>" if amount else "")
            if edge.removed:
                body = f"<S>{body}</S>"
            body = lead + body
            if edge.changed:
                body = f"<B>{body}</B>"
            rows.append((body, FONT_SIZE["edge"], edge_color(edge, theme)))
    return line_table(rows, cellpadding=0, bgcolor=theme.background)
