"""Where a flow's label goes: the spatial index of what is already drawn, and the search for
a spot along the flow that covers no participant and no other label (both layouts use it)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from ecomap.layout.geometry import Box, Point


class Grid:
    """A spatial hash of boxes, so that label placement stays linear on large maps."""

    def __init__(self, cell: float = 60.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, b: Box) -> list[tuple[int, int]]:
        c = self.cell
        x0, x1 = int((b.x - b.w / 2) // c), int((b.x + b.w / 2) // c)
        y0, y1 = int((b.y - b.h / 2) // c), int((b.y + b.h / 2) // c)
        return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]

    def add(self, b: Box) -> None:
        for k in self._keys(b):
            self.cells[k].append(b)

    def hits(self, b: Box, margin: float = 2.0) -> int:
        """How many boxes of the index ``b`` overlaps, or comes within ``margin`` of."""
        seen: list[Box] = []
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                if b.overlaps(o, margin) and not any(o is s for s in seen):
                    seen.append(o)
        return len(seen)


# Where a label may go, best first: along its flow from the middle outwards, then beside it
# (one, two, three label heights off), where its colour still ties it to the flow.
_ALONG = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8, 0.14, 0.86)
CANDIDATES = tuple(
    [(t, 0) for t in _ALONG]
    + [(t, side * k) for k in (1, 2, 3) for t in _ALONG[:9] for side in (1, -1)]
)


def place_label(point_at: Callable[[float], Point], normal: Point, w: float, h: float,
                taken: Grid) -> Box:
    """A ``w`` × ``h`` box for the label of the flow drawn by ``point_at`` (t in 0..1).

    The first candidate that hits nothing in ``taken``; on a crowded hub, the nearest free
    spot spiralling out from the flow's middle; failing both, the least crowded candidate.
    ``normal`` is the unit vector "beside the flow". The box is not added to ``taken``.
    """
    nx, ny = normal
    best: tuple[int, Box] | None = None
    for t, side in CANDIDATES:
        px, py = point_at(t)
        shift = side * (h / 2 + 3)
        box = Box(px + nx * shift, py + ny * shift, w, h)
        hits = taken.hits(box)
        if hits == 0:
            return box
        if best is None or hits < best[0]:
            best = (hits, box)
    mx, my = point_at(0.5)
    for step in range(1, 13):
        for k in range(16):
            a = 2 * math.pi * k / 16
            box = Box(mx + math.cos(a) * step * h, my + math.sin(a) * step * h, w, h)
            if not taken.hits(box):
                return box
    assert best is not None
    return best[1]
