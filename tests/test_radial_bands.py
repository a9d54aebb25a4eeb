"""Radial: every participant sits inside its own ring's band, read back from the SVG (the band
ellipses Graphviz drew and each participant's box), and the outermost band hugs its ring."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from ecomap.layout.dot import build
from ecomap.layout.options import DiagramOptions
from ecomap.render.svg import render_diagram
from ecomap.validate import load_map

MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml"))
CLEARANCE = 12.0  # pt between a participant's box and the edges of its band (BAND_PAD is 14)

_ELLIPSE_RE = re.compile(r'<ellipse [^>]*cx="([-\d.]+)" cy="([-\d.]+)" rx="([\d.]+)" '
                         r'ry="([\d.]+)"')
_NODE_RE = re.compile(r'<g id="node-([^"]+)" class="node participant layer-(\S+)[^"]*">.*?'
                      r'<path [^>]*? d="([^"]+)"', re.S)


def bands(svg: str) -> list[tuple[float, float, float, float]]:
    """The band ellipses (cx, cy, rx, ry), innermost first: drawn in the graph's own group,
    before its first node or edge."""
    graph = svg.split('<g id="', 2)[1]
    found = {(float(a), float(b), float(c), float(d))
             for a, b, c, d in _ELLIPSE_RE.findall(graph)}
    return sorted(found, key=lambda e: e[3])


def reach(path: str, band: tuple[float, float, float, float]) -> tuple[float, float]:
    """Nearest and farthest point of a box's outline, in units of the bands' vertical radius."""
    nums = [float(v) for v in re.findall(r"-?[\d.]+", path)]
    xs, ys = nums[0::2], nums[1::2]
    cx, cy, rx, ry = band
    aspect = rx / ry
    mid_x, mid_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    points = [(x, y) for x in (min(xs), mid_x, max(xs)) for y in (min(ys), mid_y, max(ys))
              if (x, y) != (mid_x, mid_y)]
    radial = [math.hypot((x - cx) / aspect, y - cy) for x, y in points]
    return min(radial), max(radial)


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_every_participant_is_inside_its_rings_band(path: Path) -> None:
    diagram = build(load_map(str(path)), DiagramOptions(layout="radial"))
    svg = render_diagram(diagram).data.decode()
    found = bands(svg)
    layers = [diagram.scene.layer_ids[i] for i in sorted({n.layer for n in diagram.scene.nodes})]
    # The focus alone at the centre has no band of its own: it lies in the first ring's.
    skip = len(layers) - len(found)
    nodes = _NODE_RE.findall(svg)
    assert len(nodes) == len(diagram.scene.nodes)
    farthest_out = 0.0
    for key, layer, outline in nodes:
        k = max(layers.index(layer) - skip, 0)
        near, far = reach(outline, found[k])
        inner = found[k - 1][3] if k else 0.0
        if k:
            assert near - inner >= CLEARANCE, (key, near, inner)
        assert found[k][3] - far >= CLEARANCE, (key, far, found[k][3])
        if k == len(found) - 1:
            farthest_out = max(farthest_out, far)
    # The outermost band ends just beyond its farthest participant, not far out.
    assert found[-1][3] - farthest_out <= 2 * CLEARANCE
