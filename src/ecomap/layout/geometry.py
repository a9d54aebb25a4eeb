"""Plane geometry shared by the layouts and the label repair: points, boxes, and the one cubic
Bézier (its Bernstein weights, a point on it, a piece of it, a path of several)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
# A cubic Bézier by its four control points: Graphviz draws every edge as a chain of these.
Curve = tuple[Point, Point, Point, Point]
Weights = tuple[float, float, float, float]


@dataclass
class Box:
    """An axis-aligned box by its centre and size, in points."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, o: Box, margin: float = 2.0) -> bool:
        return (abs(self.x - o.x) * 2 < self.w + o.w + 2 * margin
                and abs(self.y - o.y) * 2 < self.h + o.h + 2 * margin)


def inside(p: Point, b: Box) -> bool:
    return abs(p[0] - b.x) * 2 <= b.w and abs(p[1] - b.y) * 2 <= b.h


def bernstein(t: float) -> Weights:
    """The weights of the four control points at ``t`` (0..1)."""
    u = 1 - t
    return u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t


@functools.lru_cache(maxsize=64)
def bernstein_samples(samples: int) -> tuple[Weights, ...]:
    """Weights at t = i/samples for the inner points (i = 1 … samples-1), computed once."""
    return tuple(bernstein(i / samples) for i in range(1, samples))


def point_at(c: Curve, w: Weights) -> Point:
    """The point of ``c`` with Bernstein weights ``w``."""
    a, b, cc, d = w
    return (a * c[0][0] + b * c[1][0] + cc * c[2][0] + d * c[3][0],
            a * c[0][1] + b * c[1][1] + cc * c[2][1] + d * c[3][1])


def bezier(c: Curve, t: float) -> Point:
    return point_at(c, bernstein(t))


def sub_curve(c: Curve, t0: float, t1: float) -> Curve:
    """The part of a cubic Bézier between t0 and t1, as a cubic Bézier (blossoming)."""
    def blossom(a: float, b: float, cc: float) -> Point:
        pts = list(c)
        for t in (a, b, cc):
            pts = [((1 - t) * p[0] + t * q[0], (1 - t) * p[1] + t * q[1])
                   for p, q in zip(pts, pts[1:], strict=False)]
        return pts[0]
    return (blossom(t0, t0, t0), blossom(t0, t0, t1), blossom(t0, t1, t1), blossom(t1, t1, t1))


def path_point(curves: Sequence[Curve], t: float) -> Point:
    """The point at ``t`` (0..1) of a chain of curves, each taking an equal share of ``t``."""
    k = min(int(t * len(curves)), len(curves) - 1)
    return bezier(curves[k], t * len(curves) - k)


def bisect(lo: float, hi: float, below: Callable[[float], bool],
           steps: int = 16) -> tuple[float, float]:
    """Narrow [lo, hi] around where ``below`` turns from true to false."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        if below(mid):
            lo = mid
        else:
            hi = mid
    return lo, hi


def chord_normal(start: Point, end: Point) -> Point:
    """The unit vector at a right angle to the chord from ``start`` to ``end``."""
    nx, ny = start[1] - end[1], end[0] - start[0]
    norm = math.hypot(nx, ny) or 1.0
    return nx / norm, ny / norm
