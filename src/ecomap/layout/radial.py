"""The radial layout: one ring per layer around the focus, drawn by ``neato -n2`` from the
positions, node sizes and edge routes computed here (ring sizing, ordering, spacing, labels)."""

from __future__ import annotations

import functools
import math
from collections import defaultdict

from ecomap.layout.dotlang import attr_list, num, q
from ecomap.layout.geometry import Box, Curve, Point, bezier, chord_normal
from ecomap.layout.labels import Grid, place_label
from ecomap.layout.measure import text_width
from ecomap.layout.paint import (
    edge_label_html,
    edge_label_size,
    edge_style,
    edge_width,
    header,
    layer_label,
    money_scale,
    node_attrs,
    node_size,
)
from ecomap.layout.routes import free_bend, route_edge
from ecomap.layout.scene import Scene, SceneNode, nodes_by_layer
from ecomap.layout.style import FONT_SIZE, Theme, layer_color


def _pair(a: str, b: str) -> tuple[str, str]:
    """The unordered pair of two participants, as a key."""
    return (a, b) if a <= b else (b, a)



# Rings are ellipses this much wider than high: the picture fills a 16:9 slide better.
ASPECT = 1.45
RING_GAP = 45.0  # least radial room between two rings, for edge labels
LABEL_ROOM = 1.5  # an annulus holds its edge labels with this much room to spare
NODE_GAP = 18.0  # along a ring, between two nodes
PARALLEL = 11.0  # between parallel edges of one pair
BAND_PAD = 14.0  # at least, from a participant's box to the edge of its ring's band


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


def radial_dot(scene: Scene, theme: Theme) -> str:
    lang = scene.lang
    sizes = {n.key: node_size(n, lang) for n in scene.nodes}
    by_layer = nodes_by_layer(scene)
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
    label_size = {e.key: edge_label_size(e, lang) for e in scene.edges}
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
    radii = _room_for_bands(rings, ring_layer, angle, radii, sizes)
    # The outermost band ends just outside its farthest box (not a fixed way beyond its ring:
    # with few participants out there, that band was the largest and emptiest of the picture).
    outer = max((_reach(_on_ring(radii[-1], angle[n.key]), sizes[n.key])[1] for n in rings[-1]),
                default=0.0) + BAND_PAD if rings else 30.0
    cx, cy = ASPECT * outer + 10.0, outer + 10.0

    pos: dict[str, tuple[float, float]] = {}
    for r, ring in enumerate(rings):
        for n in ring:
            x, y = _on_ring(radii[r], angle[n.key])
            pos[n.key] = (cx + x, cy + y)

    lines = header(scene, theme, {"splines": "line", "overlap": "true", "notranslate": "true"})
    # Background bands: one disc per ring, outermost first. A band ends half way between the
    # farthest box edge of its own ring and the nearest box edge of the next, measured on the
    # same ellipses the bands are drawn with, so that no node straddles two bands.
    def reach(node: SceneNode) -> tuple[float, float]:
        x, y = pos[node.key]
        return _reach((x - cx, y - cy), sizes[node.key])

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
                   f"E {num(cx)} {num(cy)} {num(d * ASPECT)} {num(d)}")
    lines.append(f"  graph {attr_list(_background=' '.join(ops))};")
    # Invisible corners so that the bands are inside the drawing.
    for name, x, y in (("aux-corner-0", cx - ASPECT * outer, cy - outer),
                       ("aux-corner-1", cx + ASPECT * outer, cy + outer)):
        corner = attr_list(id=name, shape="point", style="invis", width=0.01,
                           pos=f"{num(x)},{num(y)}!")
        lines.append(f"  {q(name)} {corner};")
    # Ring names in the gap at the top of each ring.
    ring_boxes: list[Box] = []
    for r in range(len(rings)):
        if radii[r] == 0:
            continue
        name = f"aux-ring-{scene.layer_ids[ring_layer[r]]}"
        ring_label = layer_label(scene.layers[ring_layer[r]], band_size, theme)
        ring_attrs = attr_list(id=name, shape="plaintext", label=ring_label,
                               pos=f"{num(cx)},{num(cy + radii[r])}!", **{"class": "ring"})
        lines.append(f"  {q(name)} {ring_attrs};")
        ring_boxes.append(Box(cx, cy + radii[r], text_width(scene.layers[ring_layer[r]],
                                                            band_size) * 1.1 + 8, band_size * 1.6))
    for node in scene.nodes:
        w, hh = sizes[node.key]
        x, y = pos[node.key]
        attrs = node_attrs(node, scene, theme)
        attrs.update(width=w / 72, height=hh / 72, fixedsize="true", pos=f"{num(x)},{num(y)}!")
        lines.append(f"  {q(node.key)} {attr_list(**attrs)};")

    # Edges: straight where the way is clear, else bent just enough to pass no other node;
    # parallel when one pair has several; clipped at the node boxes. Each label is a node of
    # its own, placed along its edge where it hits no node and no other label.
    scale = money_scale(scene)
    # Parallel edges of one pair side by side, spaced by their drawn widths (the money view
    # draws them up to 10 pt wide).
    pair_edges: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for e in scene.edges:
        pair_edges[_pair(e.source, e.target)].append(
            (e.key, edge_width(e, theme, scale.get(e.key))))
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
        attrs = edge_style(e, theme, scale.get(e.key))
        if key not in pair_bend:
            pair_bend[key] = free_bend(pos[key[0]], pos[key[1]], box_of[key[0]],
                                        box_of[key[1]], node_grid)
        bend = pair_bend[key]
        if key[0] != e.source:
            offset, bend = -offset, -bend  # the same side of the pair's axis both ways
        route = routes[e.key] = route_edge(pos[e.source], box_of[e.source], pos[e.target],
                                       box_of[e.target], offset, bend, arrow=10.0 * 0.8)
        if route is not None:
            attrs["pos"] = route[0]
            # Its arrowhead, between the line's end and the tip: no label may hide it.
            (ex, ey), (tx, ty) = route[1][3], route[2]
            labels.add(Box((ex + tx) / 2, (ey + ty) / 2, abs(tx - ex) + 8, abs(ty - ey) + 8))
        lines.append(f"  {q(e.source)} -> {q(e.target)} {attr_list(**attrs)};")
    label_lines = []
    for e in scene.edges:
        label = edge_label_html(e, lang, theme)
        route = routes[e.key]
        if label is None or route is None:
            continue
        lw, lh = label_size[e.key]
        curve = route[1]
        box = place_label(functools.partial(bezier, curve), chord_normal(curve[0], curve[3]),
                          lw, lh, labels)
        labels.add(box)
        name = f"label-{e.key}"
        label_attrs = attr_list(
            id=name, label=label, shape="box", style="rounded,filled", color=theme.background,
            fillcolor=theme.background, penwidth=0.0, fixedsize="true", width=lw / 72,
            height=lh / 72, margin="0,0", fontsize=FONT_SIZE["edge"],
            pos=f"{num(box.x)},{num(box.y)}!", **{"class": f"flow-label kind-{e.kind}"})
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


def _room_for_bands(rings: list[list[SceneNode]], ring_layer: list[int],
                    angle: dict[str, float], radii: list[float],
                    sizes: dict[str, tuple[float, float]]) -> list[float]:
    """Radii pushed out until the boxes of two neighbouring layers' rings are 2 × BAND_PAD
    apart, so that the band edge half way between leaves each box clearly inside its own band
    (before, some sat on the edge)."""
    radii = list(radii)
    for r in range(len(rings) - 1):
        if ring_layer[r] == ring_layer[r + 1]:
            continue  # the focus at the centre shares its layer's band
        for _ in range(3):  # a box's reach moves about as far as its ring's radius
            farthest = max(_reach(_on_ring(radii[r], angle[n.key]), sizes[n.key])[1]
                           for n in rings[r])
            nearest = min(_reach(_on_ring(radii[r + 1], angle[n.key]), sizes[n.key])[0]
                          for n in rings[r + 1])
            short = 2 * BAND_PAD - (nearest - farthest)
            if short <= 0.01:
                break
            for outer in range(r + 1, len(radii)):
                radii[outer] += short
    return radii


def _reach(at: Point, size: tuple[float, float]) -> tuple[float, float]:
    """How near and how far a box centred at ``at`` (from the centre) reaches, measured on the
    ellipses the bands are drawn with (in units of their vertical radius)."""
    x, y = at
    w, hh = size
    points = [(x + dx * w / 2, y + dy * hh / 2) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
              if dx or dy]
    radial = [math.hypot(px / ASPECT, py) for px, py in points]
    return min(radial), max(radial)


def _on_ring(radius: float, angle: float) -> Point:
    """Where a node at ``angle`` on the ring of ``radius`` sits, from the centre."""
    return ASPECT * radius * math.cos(angle), radius * math.sin(angle)


def _half_through(size: tuple[float, float], ux: float, uy: float) -> float:
    """From a box's centre to its border in the direction (ux, uy)."""
    w, hh = size
    return min(w / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf,
               hh / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf)

