"""The layered layout's second look. dot places the labels of flows within one layer
(xlabels) after the layout, and ``forcelabels`` lets it put them on a participant, another
label or an arrowhead. This reads back from dot's SVG where everything landed, moves each such
label along its flow to a free spot in the SVG itself (PNG and PDF are drawn from that SVG)."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from ecomap.layout.geometry import Box, Curve, Point, chord_normal, path_point
from ecomap.layout.labels import Grid, place_label
from ecomap.layout.measure import text_width

_GROUP_RE = re.compile(r'<g id="([^"]*)" class="([^"]*)">(.*?)</g>', re.S)
_GRAPH_RE = re.compile(r'<g id="[^"]*" class="graph[^"]*"[^>]*>(.*?)<g id=', re.S)
_TEXT_RE = re.compile(r'<text text-anchor="(\w+)" x="([-\d.]+)" y="([-\d.]+)"[^>]*?'
                      r'font-size="([\d.]+)"[^>]*>(.*?)</text>', re.S)
_SHAPE_RE = re.compile(r'<(?:path|polygon) fill="[^"]*" stroke="(?!transparent)[^"]*"'
                       r'[^>]*?(?:points|d)="([^"]*)"')
_LABEL_BG_RE = re.compile(r'<polygon fill="[^"]*" stroke="transparent" points="([^"]*)"')
_PATH_RE = re.compile(r'<path fill="none"[^>]*? d="([^"]*)"')
_ARROW_RE = re.compile(r'<(polygon|ellipse) fill="[^"]*" stroke="(?!transparent)[^"]*"([^>]*)>')
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def _bounds(coords: str) -> Box:
    nums = [float(v) for v in _NUMBER_RE.findall(coords)]
    xs, ys = nums[0::2], nums[1::2]
    return Box((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs),
               max(ys) - min(ys))


def _arrow_box(kind: str, attrs: str) -> Box:
    if kind == "polygon":
        return _bounds(re.search(r'points="([^"]*)"', attrs).group(1))  # type: ignore[union-attr]
    get = dict(re.findall(r'(c?[xy]|r[xy])="([-\d.]+)"', attrs))
    return Box(float(get["cx"]), float(get["cy"]), 2 * float(get["rx"]), 2 * float(get["ry"]))


def _text_boxes(fragment: str) -> list[Box]:
    """Estimated boxes of the text lines in an SVG fragment (baseline, anchor, font size)."""
    boxes = []
    for anchor, x, y, size, body in _TEXT_RE.findall(fragment):
        s = float(size)
        w = text_width(html.unescape(body), s)
        left = float(x) - {"start": 0.0, "middle": w / 2, "end": w}.get(anchor, 0.0)
        top, bottom = float(y) - s * 0.9, float(y) + s * 0.25
        boxes.append(Box(left + w / 2, (top + bottom) / 2, w, bottom - top))
    return boxes


def _segments(d: str) -> list[Curve]:
    """The cubic Bézier pieces of a Graphviz path ("M p C p p p p p p …")."""
    nums = [float(v) for v in _NUMBER_RE.findall(d)]
    pts = list(zip(nums[0::2], nums[1::2], strict=False))
    return [(pts[i], pts[i + 1], pts[i + 2], pts[i + 3]) for i in range(0, len(pts) - 3, 3)]


@dataclass
class Drawn:
    """Where a Graphviz SVG painted what (SVG coordinates: y grows downwards)."""

    nodes: dict[str, list[Box]] = field(default_factory=dict)  # node id → shapes (else text)
    labels: dict[str, Box] = field(default_factory=dict)  # flow id → its label's background
    paths: dict[str, list[Curve]] = field(default_factory=dict)  # flow id → its line
    arrows: dict[str, list[Box]] = field(default_factory=dict)  # flow id → its arrowheads
    title: list[Box] = field(default_factory=list)  # the lines of title and legend


def drawn(svg: str) -> Drawn:
    """Read a Graphviz SVG's participants, flow labels, flow lines and title back."""
    found = Drawn()
    graph = _GRAPH_RE.search(svg)
    found.title = _text_boxes(graph.group(1) if graph else "")
    for gid, cls, body in _GROUP_RE.findall(svg):
        gid = gid.replace("&#45;", "-")
        if cls.startswith("node"):
            found.nodes[gid] = [_bounds(m) for m in _SHAPE_RE.findall(body)] or _text_boxes(body)
        elif cls.startswith("edge"):
            bg = _LABEL_BG_RE.search(body)
            path = _PATH_RE.search(body)
            if bg is not None:
                found.labels[gid] = _bounds(bg.group(1))
            if path is not None:
                found.paths[gid] = _segments(path.group(1))
            found.arrows[gid] = [_arrow_box(kind, attrs) for kind, attrs in _ARROW_RE.findall(body)]
    return found


def moved_xlabels(svg: str, xlabel_flows: frozenset[str]) -> dict[str, Point]:
    """Flow id → new centre (SVG coordinates) of each xlabel that covers something: a
    participant, another label, an arrowhead or the title."""
    return {gid: (box.x, box.y) for gid, box in _moves(drawn(svg), xlabel_flows).items()}


def repair_xlabels(svg: str, xlabel_flows: frozenset[str]) -> str | None:
    """dot's SVG with every xlabel that covers something moved to a free spot; None when none
    does."""
    if not xlabel_flows:
        return None
    found = drawn(svg)
    moves = _moves(found, xlabel_flows)
    if not moves:
        return None
    return _with_moved_labels(svg, found, moves)


def _moves(found: Drawn, xlabel_flows: frozenset[str]) -> dict[str, Box]:
    taken = Grid()
    for box in [*found.title, *(b for boxes in found.nodes.values() for b in boxes),
                *(b for boxes in found.arrows.values() for b in boxes)]:
        taken.add(box)
    for gid, box in found.labels.items():
        if gid not in xlabel_flows:
            taken.add(box)  # a label dot made room for stays put
    moves: dict[str, Box] = {}
    for gid, box in found.labels.items():
        if gid not in xlabel_flows:
            continue
        segments = found.paths.get(gid)
        if segments and taken.hits(box, margin=0.0):
            ends = path_point(segments, 0.0), path_point(segments, 1.0)
            box = place_label(functools.partial(path_point, segments), chord_normal(*ends),
                              box.w, box.h, taken)
            moves[gid] = box
        taken.add(box)
    return moves


_XY_RE = re.compile(r'( x=")([-\d.]+)(" y=")([-\d.]+)(")')


def _with_moved_labels(svg: str, found: Drawn, moves: dict[str, Box]) -> str:
    """The SVG with each moved label's background and lines shifted by the same offset."""
    def shift(m: re.Match[str]) -> str:
        gid = m.group(1).replace("&#45;", "-")
        new = moves.get(gid)
        if new is None:
            return m.group(0)
        old = found.labels[gid]
        dx, dy = new.x - old.x, new.y - old.y
        body = m.group(3)
        bg = _LABEL_BG_RE.search(body)
        assert bg is not None  # a label was found here
        points = " ".join(f"{float(x) + dx:.2f},{float(y) + dy:.2f}" for x, y in
                          (p.split(",") for p in bg.group(1).split()))
        label = body[bg.start():].replace(bg.group(1), points, 1)
        label = _XY_RE.sub(lambda t: f"{t.group(1)}{float(t.group(2)) + dx:.2f}{t.group(3)}"
                           f"{float(t.group(4)) + dy:.2f}{t.group(5)}", label)
        return f'<g id="{m.group(1)}" class="{m.group(2)}">{body[:bg.start()]}{label}</g>'

    return _GROUP_RE.sub(shift, svg)
