"""Model → DOT for the two layouts: ``layered`` (dot, one band per layer) and ``radial``
(neato -n2 with positions, node sizes and edge routes computed here).

Every user string reaches DOT through ``text.h`` (HTML-like labels) and every attribute is
set here; nothing from the map is passed through (no URL, href, image or fontpath).
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass

from ecomap.amounts import format_money, format_value
from ecomap.i18n import DIAGRAM as WORDS
from ecomap.i18n import KINDS as KIND_NAMES
from ecomap.layout.labels import Box, Grid, Point, chord_normal, place_label
from ecomap.layout.options import AUTO_RADIAL_ABOVE, DiagramOptions, Marks
from ecomap.layout.scene import Scene, SceneEdge, SceneNode, build_scene
from ecomap.layout.style import FONT_SIZE, GRAPHVIZ_FONT, THEMES, Theme, layer_color
from ecomap.layout.text import h, q, text_width, wrap
from ecomap.model import KINDS, Ecosystem

__all__ = ["DiagramOptions", "Marks", "Diagram", "build", "to_dot", "choose_layout"]

ROLE_EM = 13.0  # a role wraps at this many em
EDGE_LABEL_EM = 12.0
PAD = 8.0  # points of padding inside a node


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
        return _flat_edges(self.scene) if self.layout == "layered" else frozenset()

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
        return Diagram(_radial(scene, theme), "neato", layout, scene)
    return Diagram(_layered(scene, theme), "dot", layout, scene)


# ------------------------------------------------------------------ shared pieces

def _pair(a: str, b: str) -> tuple[str, str]:
    """The unordered pair of two participants, as a key."""
    return (a, b) if a <= b else (b, a)


def _attrs(**attrs: object) -> str:
    """``[a="x", b=<...>]``: values wrapped in <> are HTML-like labels, built with ``h``."""
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, _Html):
            parts.append(f"{key}=<{value.text}>")
        elif isinstance(value, float):
            parts.append(f"{key}={q(_num(value))}")
        else:  # q() takes any value: str() is all it does with one
            parts.append(f"{key}={q(str(value))}")
    return "[" + ", ".join(parts) + "]"


@dataclass(frozen=True)
class _Html:
    text: str


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _amount_text(edge: SceneEdge, lang: str) -> str:
    if edge.annual is None:
        return ""
    per_year = WORDS[lang]["per_year"]
    if edge.kind == "money" or edge.currency:
        return format_money(edge.annual, edge.currency or "CNY", lang) + per_year
    return format_value(edge.annual, lang) + per_year


@functools.lru_cache(maxsize=65536)
def _edge_text(edge: SceneEdge, lang: str) -> tuple[str, str]:
    """(label, amount) as drawn: the label wrapped, the annual amount on its own line."""
    label = wrap(edge.label, EDGE_LABEL_EM, 2) if edge.label else ""
    return label, _amount_text(edge, lang)


def _edge_label_html(edge: SceneEdge, lang: str, theme: Theme) -> _Html | None:
    label, amount = _edge_text(edge, lang)
    if not label and not amount:
        return None
    color = _edge_color(edge, theme)
    size = FONT_SIZE["edge"]
    rows = []
    for i, line in enumerate(label.split("\n") if label else []):
        body = h(line)
        if edge.removed:
            body = ("✕ " if i == 0 else "") + f"<S>{body}</S>"
        rows.append((f"<B>{body}</B>" if edge.changed else body, size, color))
    if amount:
        body = f"<B>{h(amount)}</B>"
        rows.append((f"<S>{body}</S>" if edge.removed else body, size, color))
    # On the background colour: an edge crossing the label passes under it, not through it.
    return _rows(rows, cellpadding=0, bgcolor=theme.background)


def _rows(rows: list[tuple[str, float, str]], cellpadding: int = 1,
          bgcolor: str | None = None) -> _Html:
    """Lines as table rows: Graphviz spaces <BR/> lines by the font size, too tight for CJK."""
    cells = "".join(f'<TR><TD><FONT POINT-SIZE="{_num(size)}" COLOR="{color}">{body}</FONT>'
                    f"</TD></TR>" for body, size, color in rows)
    bg = f' BGCOLOR="{bgcolor}"' if bgcolor else ""
    return _Html(f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
                 f'CELLPADDING="{cellpadding}"{bg}>{cells}</TABLE>')


def _edge_color(edge: SceneEdge, theme: Theme) -> str:
    """Removed wins over changed: a scenario that drops a flow shows it gone."""
    if edge.removed:
        return theme.removed
    return theme.changed if edge.changed else theme.kinds[edge.kind].color


def _edge_width(edge: SceneEdge, theme: Theme, scale: float | None) -> float:
    width = theme.kinds[edge.kind].penwidth
    if scale is not None and edge.annual is not None:
        width = 1.0 + 9.0 * scale
    return width + 1.5 if edge.changed else width


def _edge_style(edge: SceneEdge, theme: Theme, scale: float | None) -> dict[str, object]:
    ks = theme.kinds[edge.kind]
    color = _edge_color(edge, theme)
    style = "dashed" if edge.removed else ks.style
    colorlist = f"{color}:{theme.background}:{color}" if ks.double and not edge.removed else color
    cls = f"flow kind-{edge.kind}" + (" removed" if edge.removed else "") + (
        " changed" if edge.changed else "")
    return {
        "id": edge.key, "class": cls, "color": colorlist, "style": style,
        "penwidth": _edge_width(edge, theme, scale), "arrowhead": ks.arrowhead, "fontcolor": color,
    }


def _money_scale(scene: Scene) -> dict[str, float]:
    """Money view: width proportional to each flow's annual amount (a Sankey-like reading)."""
    if scene.view != "money":
        return {}
    mids = {e.key: float(e.annual.mid) for e in scene.edges if e.annual is not None}
    top = max(mids.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in mids.items()}


def _node_lines(node: SceneNode, lang: str) -> tuple[str, str, str]:
    badge = ""
    if node.removed:
        badge = "✕ "
    elif node.risk:
        badge = "⚠ "
    name = badge + node.name
    role = wrap(node.role, ROLE_EM, 2) if node.role else ""
    count = WORDS[lang]["count"].format(n=f"{node.count:,}") if node.count else ""
    if node.more and node.hidden_flows:
        count = WORDS[lang]["within"].format(n=node.hidden_flows)
    if node.overseas:  # where data sent to it is an export (compliance.data_export)
        count = " · ".join(x for x in (WORDS[lang]["overseas"], count) if x)
    return name, role, count


def _node_size(node: SceneNode, lang: str) -> tuple[float, float]:
    """Estimated drawn size in points (bold face is ≈ 6% wider)."""
    name, role, count = _node_lines(node, lang)
    size = FONT_SIZE["focus"] if node.focus else FONT_SIZE["name"]
    width = max(text_width(name, size) * 1.08, text_width(role, FONT_SIZE["role"]),
                text_width(count, FONT_SIZE["role"]))
    height = size * 1.15 + 2
    if role:
        height += (role.count("\n") + 1) * (FONT_SIZE["role"] * 1.15 + 2)
    if count:
        height += FONT_SIZE["role"] * 1.15 + 2
    return width + 2 * PAD + 8, height + 2 * PAD


def _node_attrs(node: SceneNode, scene: Scene, theme: Theme) -> dict[str, object]:
    name, role, count = _node_lines(node, scene.lang)
    size = FONT_SIZE["focus"] if node.focus else FONT_SIZE["name"]
    fill = layer_color(theme.node_fill, node.layer)
    border = theme.node_border
    text_color = theme.text
    penwidth = 1.2
    style = "rounded,filled"
    cls = f"participant layer-{scene.layer_ids[node.layer]}"
    if node.internal:
        fill = theme.internal_fill
    if node.overseas:
        cls += " overseas"
    if node.focus:
        fill, border, text_color, penwidth = (
            theme.focus_fill, theme.focus_border, theme.focus_text, 2.5)
        cls += " focus"
    if node.more:
        style = "rounded,filled,dashed"
        cls += " more"
    if node.risk:
        border, penwidth = theme.risk, 3.0
        cls += " risk"
    if node.removed:
        fill, border, text_color, style = theme.background, theme.removed, theme.removed, (
            "rounded,filled,dashed")
        cls += " removed"
    name_html = h(name)
    if node.removed:
        name_html = f"<S>{name_html}</S>"
    if node.risk and not node.removed:
        # The badge in the risk colour; the checks that flagged it in the class for the report.
        name_html = name_html.replace("⚠ ", f'<FONT COLOR="{theme.risk}">⚠</FONT> ', 1)
        cls += "".join(f" check-{c.replace('.', '-')}" for c in node.risk)
    sub_color = text_color if node.focus or node.removed else theme.muted
    rows = [(f"<B>{name_html}</B>", size, text_color)]
    rows += [(h(line), FONT_SIZE["role"], sub_color) for line in role.split("\n") if line]
    if count:
        rows.append((h(count), FONT_SIZE["role"], sub_color))
    return {
        "id": node.key, "class": cls, "label": _rows(rows),
        "fillcolor": fill, "color": border, "fontcolor": text_color,
        "penwidth": penwidth, "style": style,
    }


def _title_html(scene: Scene, theme: Theme, widths: bool) -> _Html:
    lang = scene.lang
    words = WORDS[lang]
    rows = [f'<TR><TD><FONT POINT-SIZE="{_num(FONT_SIZE["title"])}" COLOR="{theme.text}">'
            f"<B>{h(scene.title)}</B></FONT></TD></TR>"]
    # A long description would widen the whole picture: wrapped, and at most four lines.
    sub_lines = [wrap(line, 60, 4) for line in scene.subtitle.splitlines() if line.strip()]
    sub = "\n".join("\n".join(sub_lines).split("\n")[:4])
    shown = sum(n.more or 1 for n in scene.nodes)  # a "+N more" node stands for N
    flows = sum(e.merged for e in scene.edges) + sum(n.hidden_flows for n in scene.nodes)
    facts = [f"{shown} {words['participants']}", f"{flows} {words['flow_count']}"]
    if scene.view:
        facts.append(f"{words['view']}: {KIND_NAMES[lang][scene.view]}")
    if scene.collapsed:
        facts.append(words["collapsed"].format(n=scene.collapsed))
    sub = (sub + "\n" if sub else "") + " · ".join(facts)
    rows.append(f'<TR><TD><FONT POINT-SIZE="{_num(FONT_SIZE["subtitle"])}" '
                f'COLOR="{theme.muted}">{h(sub)}</FONT></TD></TR>')
    cells = []
    kinds = [k for k in KINDS if any(e.kind == k for e in scene.edges)]
    if not kinds:  # nothing drawn: the view's kind, else what a map can hold
        kinds = [scene.view] if scene.view else list(KINDS)
    for kind in kinds:
        ks = theme.kinds[kind]
        cells.append(f'<TD><FONT COLOR="{ks.color}">{ks.glyph}</FONT> '
                     f'<FONT COLOR="{theme.text}">{h(KIND_NAMES[lang][kind])}</FONT></TD>')
    if scene.focus:
        cells.append(f'<TD><FONT COLOR="{theme.focus_fill}">■</FONT> '
                     f'<FONT COLOR="{theme.text}">{h(words["focus"])}</FONT></TD>')
    if any(n.risk for n in scene.nodes):
        cells.append(f'<TD><FONT COLOR="{theme.risk}">⚠ □</FONT> '
                     f'<FONT COLOR="{theme.text}">{h(words["risk"])}</FONT></TD>')
    if any(n.removed for n in scene.nodes) or any(e.removed for e in scene.edges):
        cells.append(f'<TD><FONT COLOR="{theme.removed}">✕ ┄┄</FONT> '
                     f'<FONT COLOR="{theme.text}">{h(words["removed"])}</FONT></TD>')
    if any(e.changed for e in scene.edges):
        cells.append(f'<TD><FONT COLOR="{theme.changed}">━━━</FONT> '
                     f'<FONT COLOR="{theme.text}">{h(words["changed"])}</FONT></TD>')
    if widths:
        note = "线宽 ∝ 年金额" if lang == "zh" else "width ∝ annual amount"
        cells.append(f'<TD><FONT COLOR="{theme.muted}">{h(note)}</FONT></TD>')
    rows.append(f'<TR><TD><TABLE BORDER="0" CELLSPACING="8" CELLPADDING="0"><TR>'
                f'{"".join(cells)}</TR></TABLE></TD></TR>')
    return _Html(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3" '
                 f'ID="legend">{"".join(rows)}</TABLE>')


def _header(scene: Scene, theme: Theme, extra: dict[str, object]) -> list[str]:
    widths = bool(_money_scale(scene))  # say "width ∝ amount" only when some width is one
    graph = {
        "id": "ecomap", "class": f"ecomap theme-{theme.name}",
        "bgcolor": theme.background, "fontname": GRAPHVIZ_FONT, "fontcolor": theme.text,
        "label": _title_html(scene, theme, widths), "labelloc": "t", "labeljust": "c",
        "pad": 0.3, "outputorder": "edgesfirst", "charset": "UTF-8",
    }
    graph.update(extra)
    node = _attrs(shape="box", fontname=GRAPHVIZ_FONT, fontsize=FONT_SIZE["name"],
                  margin="0.12,0.06", fontcolor=theme.text)
    edge = _attrs(fontname=GRAPHVIZ_FONT, fontsize=FONT_SIZE["edge"], arrowsize=0.8)
    return ["digraph ecomap {", f"  graph {_attrs(**graph)};", f"  node {node};",
            f"  edge {edge};"]


def _node_name(key: str) -> str:
    return q(key)


# ------------------------------------------------------------------ layered (dot)

def _layered(scene: Scene, theme: Theme) -> str:
    lines = _header(scene, theme, {
        "rankdir": "LR", "nodesep": 0.25, "ranksep": 0.5, "splines": "spline",
        "newrank": "false", "forcelabels": "true",
    })
    scale = _money_scale(scene)
    by_layer: dict[int, list[SceneNode]] = defaultdict(list)
    for node in scene.nodes:
        by_layer[node.layer].append(node)
    layers = sorted(by_layer)
    for i in layers:
        band = f"band-{scene.layer_ids[i]}"
        for node in by_layer[i]:
            lines.append(f"  {_node_name(node.key)} {_attrs(**_node_attrs(node, scene, theme))};")
        members = " ".join(_node_name(n.key) for n in by_layer[i])
        lines.append(f"  {{ rank=same; {q(band)}; {members} }}")
    # Bands in order, innermost first. The band names form a chain of their own, declared last:
    # dot lays that component out last, i.e. above the participants with rankdir=LR. (Flat
    # invisible edges from band name to participants would pin it, but make dot 2.43 fail
    # with "trouble in init_rank" on larger maps.)
    for i in layers:
        band = f"band-{scene.layer_ids[i]}"
        band_label = _Html(f'<FONT POINT-SIZE="{_num(FONT_SIZE["band"])}" '
                           f'COLOR="{theme.muted}"><B>{h(scene.layers[i])}</B></FONT>')
        band_attrs = _attrs(id=f"aux-{band}", shape="plaintext", label=band_label,
                            **{"class": "band"})
        lines.append(f"  {q(band)} {band_attrs};")
    for a, b in zip(layers, layers[1:], strict=False):
        lines.append(f"  {q('band-' + scene.layer_ids[a])} -> {q('band-' + scene.layer_ids[b])} "
                     f"{_attrs(style='invis', weight=100)};")
    # A participant without flows is a component of its own, which dot would set above the
    # band names; tied to its band's name it stays in its column, just under the name.
    linked = {k for e in scene.edges for k in (e.source, e.target)}
    for node in scene.nodes:
        if node.key not in linked:
            band = f"band-{scene.layer_ids[node.layer]}"
            lines.append(f"  {q(band)} -> {_node_name(node.key)} {_attrs(style='invis')};")
    flat = _flat_edges(scene)
    for edge in scene.edges:
        attrs = _edge_style(edge, theme, scale.get(edge.key))
        label = _edge_label_html(edge, scene.lang, theme)
        if label is not None:
            attrs["xlabel" if edge.key in flat else "label"] = label
        lines.append(f"  {_node_name(edge.source)} -> {_node_name(edge.target)} "
                     f"{_attrs(**attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _flat_edges(scene: Scene) -> frozenset[str]:
    """Flows within one band of ``layered``: their labels go beside them (xlabel), because
    dot 2.43's router fails on labelled flat edges ("Unable to reclaim box space")."""
    layer_of = {n.key: n.layer for n in scene.nodes}
    return frozenset(e.key for e in scene.edges if layer_of[e.source] == layer_of[e.target])


# ------------------------------------------------------------------ radial (neato -n2)

# Rings are ellipses this much wider than high: the picture fills a 16:9 slide better.
ASPECT = 1.45
RING_GAP = 45.0  # least radial room between two rings, for edge labels
LABEL_ROOM = 1.5  # an annulus holds its edge labels with this much room to spare
NODE_GAP = 18.0  # along a ring, between two nodes
PARALLEL = 11.0  # between parallel edges of one pair


def _ring_order(scene: Scene, rings: list[list[SceneNode]], sizes: dict[str, tuple[float, float]],
                radii: list[float], gaps: list[float]) -> dict[str, float]:
    """Angles of every node: each ring sorted by the circular barycentre of its neighbours."""
    neighbours: dict[str, list[str]] = defaultdict(list)
    for e in scene.edges:
        if e.source != e.target:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)
    angle: dict[str, float] = {}
    # Unit vectors of placed nodes; a node at the centre has no direction and pulls nowhere.
    unit: dict[str, tuple[float, float]] = {}
    index = {n.key: i for i, n in enumerate(scene.nodes)}

    def place(r: int, order: list[SceneNode]) -> None:
        radius = radii[r]
        if radius == 0:
            for n in order:
                angle[n.key] = 0.0
            return
        start = math.pi / 2 - gaps[r] / 2
        span = 2 * math.pi - gaps[r]
        arcs = [sizes[n.key][0] + NODE_GAP for n in order]
        total = sum(arcs)
        pos = 0.0
        for n, a in zip(order, arcs, strict=True):
            theta = start - (pos + a / 2) / total * span
            angle[n.key] = theta
            unit[n.key] = (math.cos(theta), math.sin(theta))
            pos += a

    def desired(n: SceneNode, start: float) -> float | None:
        xs = ys = 0.0
        for m in neighbours.get(n.key, ()):
            u = unit.get(m)
            if u is not None and m != n.key:
                xs += u[0]
                ys += u[1]
        if abs(xs) < 1e-9 and abs(ys) < 1e-9:
            return None
        return (start - math.atan2(ys, xs)) % (2 * math.pi)

    for r, ring in enumerate(rings):
        place(r, ring)
    for sweep in range(6):
        order_r = range(1, len(rings)) if sweep % 2 == 0 else range(len(rings) - 1, 0, -1)
        for r in order_r:
            ring = rings[r]
            start = math.pi / 2 - gaps[r] / 2
            keyed = []
            for n in ring:
                d = desired(n, start)
                current = (start - angle[n.key]) % (2 * math.pi)
                keyed.append(((current if d is None else d), index[n.key], n))
            keyed.sort(key=lambda t: (t[0], t[1]))
            rings[r] = [t[2] for t in keyed]
            place(r, rings[r])
    return angle


def _radial(scene: Scene, theme: Theme) -> str:
    lang = scene.lang
    sizes = {n.key: _node_size(n, lang) for n in scene.nodes}
    by_layer: dict[int, list[SceneNode]] = defaultdict(list)
    for node in scene.nodes:
        by_layer[node.layer].append(node)
    centre_node = None
    if scene.focus is not None:
        focus = next(n for n in scene.nodes if n.key == scene.focus)
        if focus.layer == min(by_layer):
            centre_node = focus
    rings: list[list[SceneNode]] = []
    ring_layer: list[int] = []
    if centre_node is not None:
        rings.append([centre_node])
        ring_layer.append(centre_node.layer)
    for layer in sorted(by_layer):
        members = [n for n in by_layer[layer] if n is not centre_node]
        if members:
            rings.append(members)
            ring_layer.append(layer)
    band_size = FONT_SIZE["band"]
    ring_of = {n.key: r for r, ring in enumerate(rings) for n in ring}
    label_size = {e.key: _edge_label_size(e, lang) for e in scene.edges}
    # Edge labels sit between the rings their edge joins: that annulus must hold them.
    label_area: dict[int, float] = defaultdict(float)
    for e in scene.edges:
        w, hh = label_size[e.key]
        if w:
            label_area[max(ring_of[e.source], ring_of[e.target])] += (w + 6) * (hh + 6)

    # Radii: far enough out that each ring's nodes fit around it, with the ring label in a
    # gap at the top, and far enough from the ring inside it for the edge labels between.
    radii: list[float] = []
    gaps: list[float] = []
    extent_prev = 0.0
    for r, ring in enumerate(rings):
        if r == 0 and centre_node is not None:
            radii.append(0.0)
            gaps.append(0.0)
            w, hh = sizes[centre_node.key]
            extent_prev = max(w / ASPECT, hh) / 2
            continue
        label_w = text_width(scene.layers[ring_layer[r]], band_size) * 1.1 + 24
        arc = sum(sizes[n.key][0] + NODE_GAP for n in ring) + label_w
        # Radial room in units of the vertical radius: sideways the rings are ASPECT wider.
        extent = max(max(sizes[n.key][0] / ASPECT, sizes[n.key][1]) for n in ring) / 2
        need = arc / (math.pi * (1 + ASPECT))  # about the perimeter of the ellipse
        prev = radii[-1] if radii else 0.0
        inner = prev + extent_prev
        room = math.sqrt(inner * inner + LABEL_ROOM * label_area[r] / math.pi)
        radius = max(need, inner + extent + RING_GAP, room + extent)
        radii.append(radius)
        gaps.append(label_w / radius)
        extent_prev = extent
    angle = _ring_order(scene, rings, sizes, radii, gaps)
    radii = _room_between_rings(scene, ring_of, angle, radii, sizes, label_size)
    outer = (radii[-1] if radii else 0.0) + extent_prev + 30.0
    cx, cy = ASPECT * outer + 10.0, outer + 10.0

    pos: dict[str, tuple[float, float]] = {}
    for r, ring in enumerate(rings):
        for n in ring:
            x, y = _on_ring(radii[r], angle[n.key])
            pos[n.key] = (cx + x, cy + y)

    lines = _header(scene, theme, {"splines": "line", "overlap": "true", "notranslate": "true"})
    # Background bands: one disc per ring, outermost first. A band ends half way between the
    # farthest box edge of its own ring and the nearest box edge of the next, measured on the
    # same ellipses the bands are drawn with, so that no node straddles two bands.
    def reach(node: SceneNode) -> tuple[float, float]:
        x, y = pos[node.key]
        w, hh = sizes[node.key]
        points = [(x + dx * w / 2, y + dy * hh / 2) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                  if dx or dy]
        radial = [math.hypot((px - cx) / ASPECT, py - cy) for px, py in points]
        return min(radial), max(radial)

    bounds = []
    for r in range(len(rings)):
        if r + 1 < len(rings):
            farthest = max(reach(n)[1] for n in rings[r])
            nearest = min(reach(n)[0] for n in rings[r + 1])
            bounds.append((farthest + nearest) / 2 if farthest < nearest
                          else (radii[r] + radii[r + 1]) / 2)
        else:
            bounds.append(outer)
    ops = []
    for r in range(len(rings) - 1, -1, -1):
        if radii[r] == 0:
            continue  # the focus alone at the centre shares the first ring's band
        fill = layer_color(theme.ring_fill, ring_layer[r])
        d = bounds[r]
        ops.append(f"S 5 -solid c 7 -{theme.ring_line} C 7 -{fill} "
                   f"E {_num(cx)} {_num(cy)} {_num(d * ASPECT)} {_num(d)}")
    lines.append(f"  graph {_attrs(_background=' '.join(ops))};")
    # Invisible corners so that the bands are inside the drawing.
    for name, x, y in (("aux-corner-0", cx - ASPECT * outer, cy - outer),
                       ("aux-corner-1", cx + ASPECT * outer, cy + outer)):
        corner = _attrs(id=name, shape="point", style="invis", width=0.01,
                        pos=f"{_num(x)},{_num(y)}!")
        lines.append(f"  {q(name)} {corner};")
    # Ring names in the gap at the top of each ring.
    ring_boxes: list[Box] = []
    for r in range(len(rings)):
        if radii[r] == 0:
            continue
        name = f"aux-ring-{scene.layer_ids[ring_layer[r]]}"
        ring_label = _Html(f'<FONT POINT-SIZE="{_num(band_size)}" COLOR="{theme.muted}">'
                           f"<B>{h(scene.layers[ring_layer[r]])}</B></FONT>")
        ring_attrs = _attrs(id=name, shape="plaintext", label=ring_label,
                            pos=f"{_num(cx)},{_num(cy + radii[r])}!", **{"class": "ring"})
        lines.append(f"  {q(name)} {ring_attrs};")
        ring_boxes.append(Box(cx, cy + radii[r], text_width(scene.layers[ring_layer[r]],
                                                            band_size) * 1.1 + 8, band_size * 1.6))
    for node in scene.nodes:
        w, hh = sizes[node.key]
        x, y = pos[node.key]
        attrs = _node_attrs(node, scene, theme)
        attrs.update(width=w / 72, height=hh / 72, fixedsize="true", pos=f"{_num(x)},{_num(y)}!")
        lines.append(f"  {_node_name(node.key)} {_attrs(**attrs)};")

    # Edges: straight where the way is clear, else bent just enough to pass no other node;
    # parallel when one pair has several; clipped at the node boxes. Each label is a node of
    # its own, placed along its edge where it hits no node and no other label.
    scale = _money_scale(scene)
    # Parallel edges of one pair side by side, spaced by their drawn widths (the money view
    # draws them up to 10 pt wide).
    pair_edges: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for e in scene.edges:
        pair_edges[_pair(e.source, e.target)].append(
            (e.key, _edge_width(e, theme, scale.get(e.key))))
    offset_of: dict[str, float] = {}
    for parallel in pair_edges.values():
        spans = [max(w, 2.0) + PARALLEL - 2.0 for _, w in parallel]
        at = -sum(spans) / 2
        for (ref, _), span in zip(parallel, spans, strict=True):
            offset_of[ref] = at + span / 2
            at += span
    pair_bend: dict[tuple[str, str], float] = {}
    node_grid = Grid()
    box_of: dict[str, Box] = {}
    for node in scene.nodes:
        x, y = pos[node.key]
        box_of[node.key] = Box(x, y, *sizes[node.key])
        node_grid.add(box_of[node.key])
    labels = Grid()  # labels must avoid nodes and each other
    for b in (*box_of.values(), *ring_boxes):
        labels.add(b)
    routes: dict[str, tuple[str, Curve, Point] | None] = {}
    for e in scene.edges:
        key = _pair(e.source, e.target)
        offset = offset_of[e.key]
        attrs = _edge_style(e, theme, scale.get(e.key))
        if key not in pair_bend:
            pair_bend[key] = _free_bend(pos[key[0]], pos[key[1]], box_of[key[0]],
                                        box_of[key[1]], node_grid)
        bend = pair_bend[key]
        if key[0] != e.source:
            offset, bend = -offset, -bend  # the same side of the pair's axis both ways
        route = routes[e.key] = _route(pos[e.source], box_of[e.source], pos[e.target],
                                       box_of[e.target], offset, bend, arrow=10.0 * 0.8)
        if route is not None:
            attrs["pos"] = route[0]
            # Its arrowhead, between the line's end and the tip: no label may hide it.
            (ex, ey), (tx, ty) = route[1][3], route[2]
            labels.add(Box((ex + tx) / 2, (ey + ty) / 2, abs(tx - ex) + 8, abs(ty - ey) + 8))
        lines.append(f"  {_node_name(e.source)} -> {_node_name(e.target)} {_attrs(**attrs)};")
    label_lines = []
    for e in scene.edges:
        label = _edge_label_html(e, lang, theme)
        route = routes[e.key]
        if label is None or route is None:
            continue
        lw, lh = label_size[e.key]
        curve = route[1]
        box = place_label(functools.partial(_bezier, curve), chord_normal(curve[0], curve[3]),
                          lw, lh, labels)
        labels.add(box)
        name = f"label-{e.key}"
        label_attrs = _attrs(
            id=name, label=label, shape="box", style="rounded,filled", color=theme.background,
            fillcolor=theme.background, penwidth=0.0, fixedsize="true", width=lw / 72,
            height=lh / 72, margin="0,0", fontsize=FONT_SIZE["edge"],
            pos=f"{_num(box.x)},{_num(box.y)}!", **{"class": f"flow-label kind-{e.kind}"})
        label_lines.append(f"  {q(name)} {label_attrs};")
    lines.extend(label_lines)
    lines.append("}")
    return "\n".join(lines) + "\n"


ARROW_ROOM = 12.0  # at each end of a flow: its arrowhead and a little air


def _room_between_rings(scene: Scene, ring_of: dict[str, int], angle: dict[str, float],
                        radii: list[float], sizes: dict[str, tuple[float, float]],
                        label_size: dict[str, tuple[float, float]]) -> list[float]:
    """Radii pushed out until every flow between two rings leaves room between the two boxes
    for its label and both arrowheads: on a shorter flow the label would cover its arrow."""
    radii = list(radii)
    for _ in range(4):
        grow = [0.0] * len(radii)
        for e in scene.edges:
            a, b = ring_of[e.source], ring_of[e.target]
            if a == b:
                continue
            inner, outer = (e.source, e.target) if a < b else (e.target, e.source)
            r_in, r_out = min(a, b), max(a, b)
            p, q = _on_ring(radii[r_in], angle[inner]), _on_ring(radii[r_out], angle[outer])
            d = math.hypot(q[0] - p[0], q[1] - p[1]) or 1e-9
            ux, uy = (q[0] - p[0]) / d, (q[1] - p[1]) / d
            gap = d - _half_through(sizes[inner], ux, uy) - _half_through(sizes[outer], ux, uy)
            lw, lh = label_size[e.key]
            need = lw * abs(ux) + lh * abs(uy) + 2 * ARROW_ROOM
            if gap < need:
                # Out by dr along its radius, the outer node moves (ASPECT cos, sin)·dr: the
                # gap grows by the part of that along the flow.
                along = ASPECT * math.cos(angle[outer]) * ux + math.sin(angle[outer]) * uy
                grow[r_out] = max(grow[r_out], min((need - gap) / max(along, 0.5), 400.0))
        if not any(grow):
            break
        shift = 0.0
        for r in range(len(radii)):
            shift += grow[r]  # a ring pushed out pushes every ring outside it as far
            radii[r] += shift
    return radii


def _on_ring(radius: float, angle: float) -> Point:
    """Where a node at ``angle`` on the ring of ``radius`` sits, from the centre."""
    return ASPECT * radius * math.cos(angle), radius * math.sin(angle)


def _half_through(size: tuple[float, float], ux: float, uy: float) -> float:
    """From a box's centre to its border in the direction (ux, uy)."""
    w, hh = size
    return min(w / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf,
               hh / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf)


def _edge_label_size(edge: SceneEdge, lang: str) -> tuple[float, float]:
    """The size of the label as ``_edge_label_html`` draws it (✕ prefix, bold amount)."""
    text, amount = _edge_text(edge, lang)
    if not text and not amount:
        return 0.0, 0.0
    size = FONT_SIZE["edge"]
    bold = 1.1 if edge.changed else 1.0
    first, _, rest = text.partition("\n")
    if edge.removed:
        first = "✕ " + first
    lw = max(text_width(first, size) * bold, text_width(rest, size) * bold,
             text_width(amount, size) * 1.1) + 10
    lines = (text.count("\n") + 1 if text else 0) + (1 if amount else 0)
    return lw, lines * size * 1.32 + 4


Curve = tuple[Point, Point, Point, Point]
_BENDS = (0.0, 45.0, -45.0, 100.0, -100.0, 170.0, -170.0)


def _bezier(c: Curve, t: float) -> Point:
    u = 1 - t
    a, b, cc, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * c[0][0] + b * c[1][0] + cc * c[2][0] + d * c[3][0],
            a * c[0][1] + b * c[1][1] + cc * c[2][1] + d * c[3][1])


def _segment(c: Curve, t0: float, t1: float) -> Curve:
    """The part of a cubic Bézier between t0 and t1, as a cubic Bézier (blossoming)."""
    def blossom(a: float, b: float, cc: float) -> Point:
        pts = list(c)
        for t in (a, b, cc):
            pts = [((1 - t) * p[0] + t * q[0], (1 - t) * p[1] + t * q[1])
                   for p, q in zip(pts, pts[1:], strict=False)]
        return pts[0]
    return (blossom(t0, t0, t0), blossom(t0, t0, t1), blossom(t0, t1, t1), blossom(t1, t1, t1))


def _curve(p0: Point, p1: Point, offset: float, bend: float) -> Curve:
    """Centre to centre, shifted sideways by ``offset``, its middle pushed out by ``bend``."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    ox, oy = nx * offset, ny * offset
    bx, by = nx * bend * 4 / 3, ny * bend * 4 / 3
    return ((p0[0] + ox, p0[1] + oy), (p0[0] + dx / 3 + ox + bx, p0[1] + dy / 3 + oy + by),
            (p0[0] + 2 * dx / 3 + ox + bx, p0[1] + 2 * dy / 3 + oy + by),
            (p1[0] + ox, p1[1] + oy))


def _inside(p: Point, b: Box) -> bool:
    return abs(p[0] - b.x) * 2 <= b.w and abs(p[1] - b.y) * 2 <= b.h


@functools.lru_cache(maxsize=64)
def _weights(samples: int) -> tuple[tuple[float, float, float, float], ...]:
    out = []
    for i in range(1, samples):
        t = i / samples
        u = 1 - t
        out.append((u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t))
    return tuple(out)


def _free_bend(p0: Point, p1: Point, b0: Box, b1: Box, grid: Grid) -> float:
    """The smallest bend at which the edge passes over no other node (straight if it can)."""
    best = (math.inf, 0.0)
    length = math.hypot(p1[0] - p0[0], p1[1] - p0[1])
    weights = _weights(max(6, min(24, int(length / 30))))
    cell = grid.cell
    cells = grid.cells
    for bend in _BENDS:
        c = _curve(p0, p1, 0.0, bend)
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = c
        hit: list[Box] = []
        for a, b, cc, d in weights:
            x = a * x0 + b * x1 + cc * x2 + d * x3
            y = a * y0 + b * y1 + cc * y2 + d * y3
            # A point of the curve over a node other than its two ends (4 pt of slack).
            for o in cells.get((int(x // cell), int(y // cell)), ()):
                if (o is not b0 and o is not b1 and abs(x - o.x) * 2 < o.w + 8
                        and abs(y - o.y) * 2 < o.h + 8 and not any(o is k for k in hit)):
                    hit.append(o)
            if len(hit) >= best[0]:
                break  # no better than a bend already tried
        if not hit:
            return bend
        if len(hit) < best[0]:
            best = (len(hit), bend)
    return best[1]


def _leave(c: Curve, box: Box, from_start: bool) -> float:
    """The parameter where the curve crosses the box's border (bisection; inside at its end)."""
    lo, hi = (0.0, 0.5) if from_start else (0.5, 1.0)
    for _ in range(16):
        mid = (lo + hi) / 2
        if _inside(_bezier(c, mid), box) == from_start:
            lo = mid
        else:
            hi = mid
    return hi if from_start else lo


def _route(p0: Point, b0: Box, p1: Point, b1: Box, offset: float, bend: float,
           arrow: float) -> tuple[str, Curve, Point] | None:
    """The edge as a Graphviz ``pos`` ("e,tip" + a cubic Bézier), its visible curve (up to
    the arrowhead) and the arrow's tip."""
    if p0 == p1:
        return None
    c = _curve(p0, p1, offset, bend)
    t0 = _leave(c, b0, True)
    tip_t = _leave(c, b1, False)
    if tip_t <= t0:
        return None
    tip = _bezier(c, tip_t)
    # The line stops one arrow length before the tip; Graphviz draws the head in between.
    lo, hi = t0, tip_t
    for _ in range(16):
        mid = (lo + hi) / 2
        q = _bezier(c, mid)
        if math.hypot(tip[0] - q[0], tip[1] - q[1]) > arrow:
            lo = mid
        else:
            hi = mid
    if lo <= t0:
        return None
    seg = _segment(c, t0, lo)
    text = f"e,{_num(tip[0])},{_num(tip[1])} " + " ".join(
        f"{_num(x)},{_num(y)}" for x, y in seg)
    return text, seg, tip
