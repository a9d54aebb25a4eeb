"""Value paths: each named ``path`` is a chain of flows that delivers value only whole."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from ecomap.amounts import ZERO, Value
from ecomap.analysis.base import Context
from ecomap.analysis.checks import Hit, check, hit
from ecomap.errors import Span
from ecomap.model import Flow


@dataclass(frozen=True)
class PathTrace:
    """A path traced in order: participants from its start, steps (flows) in chain order."""

    name: str
    participants: tuple[str, ...]
    steps: tuple[Flow, ...]
    money: Value  # annual money carried by the path's money flows


def trace_paths(ctx: Context) -> list[PathTrace]:
    """Paths in order of their first flow. A path is traced breadth-first from its starts
    (participants that only send within the path; else the first flow's source), following
    flows in map order, so 宁德时代 → 蔚来能源 → 换电站 → 车主 reads as the seed draws it."""
    groups: dict[str, list[Flow]] = {}
    for f in ctx.eco.flows:
        for name in f.paths:  # a data source that feeds several products is on each path
            groups.setdefault(name, []).append(f)
    return [_trace(name, flows) for name, flows in groups.items()]


def _trace(name: str, flows: list[Flow]) -> PathTrace:
    targets = {f.target for f in flows}
    starts = list(dict.fromkeys(f.source for f in flows if f.source not in targets))
    if not starts:
        starts = [flows[0].source]
    out: dict[str, list[Flow]] = {}
    for f in flows:
        out.setdefault(f.source, []).append(f)
    order: list[str] = []
    seen: set[str] = set()
    # Pending starts are visited in turn; anything left (a disconnected fragment) follows in
    # order of first appearance.
    candidates = starts + [p for f in flows for p in (f.source, f.target)]
    for start in candidates:
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            for f in out.get(node, ()):
                if f.target not in seen:
                    seen.add(f.target)
                    queue.append(f.target)
    rank = {p: i for i, p in enumerate(order)}
    steps = sorted(flows, key=lambda f: (rank[f.source], rank[f.target], f.index))
    money = ZERO
    for f in flows:
        annual = f.annual
        if f.kind == "money" and annual is not None:
            money = money + annual
    return PathTrace(name, tuple(order), tuple(steps), money)


@check("path.broken", default="warning")
def broken_path(ctx: Context, trace: PathTrace, lost: list[str], span: Span | None,
                scenario_name: str) -> Iterator[Hit]:
    """``path.broken``: a scenario loses a flow of a path that the base map has whole."""
    yield hit(trace.participants, span, lost, trace.money, scenario=scenario_name,
              path=trace.name, lost=len(lost), money=ctx.money_param(trace.money))
