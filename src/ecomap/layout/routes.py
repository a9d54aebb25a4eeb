"""Edge routes of the radial layout: a curve between two node centres, bent just enough to
pass no other node, clipped at both boxes and stopped short of the arrowhead."""

from __future__ import annotations

import math

from ecomap.layout.dotlang import num
from ecomap.layout.geometry import (
    Box,
    Curve,
    Point,
    bernstein_samples,
    bezier,
    bisect,
    inside,
    point_at,
    sub_curve,
)
from ecomap.layout.labels import Grid

_BENDS = (0.0, 45.0, -45.0, 100.0, -100.0, 170.0, -170.0)


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



def free_bend(p0: Point, p1: Point, b0: Box, b1: Box, grid: Grid) -> float:
    """The smallest bend at which the edge passes over no other node (straight if it can)."""
    best = (math.inf, 0.0)
    length = math.hypot(p1[0] - p0[0], p1[1] - p0[1])
    weights = bernstein_samples(max(6, min(24, int(length / 30))))
    cell = grid.cell
    cells = grid.cells
    for bend in _BENDS:
        c = _curve(p0, p1, 0.0, bend)
        hit: list[Box] = []
        for w in weights:
            x, y = point_at(c, w)
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
    lo, hi = bisect(*((0.0, 0.5) if from_start else (0.5, 1.0)),
                    lambda t: inside(bezier(c, t), box) == from_start)
    return hi if from_start else lo


def route_edge(p0: Point, b0: Box, p1: Point, b1: Box, offset: float, bend: float,
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
    tip = bezier(c, tip_t)
    # The line stops one arrow length before the tip; Graphviz draws the head in between.
    lo, _ = bisect(t0, tip_t, lambda t: math.dist(tip, bezier(c, t)) > arrow)
    if lo <= t0:
        return None
    seg = sub_curve(c, t0, lo)
    text = f"e,{num(tip[0])},{num(tip[1])} " + " ".join(
        f"{num(x)},{num(y)}" for x, y in seg)
    return text, seg, tip
