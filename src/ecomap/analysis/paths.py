"""Value paths: each named ``path`` is a chain of flows that delivers value only whole."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ecomap.amounts import ZERO, Value
from ecomap.analysis.base import Context
from ecomap.analysis.findings import Finding, make
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


def broken_path_finding(ctx: Context, trace: PathTrace, lost: list[str], span: Span | None,
                        scenario_name: str) -> Finding:
    """``path.broken``: a scenario loses a flow of a path that the base map has whole."""
    name, money = trace.name, trace.money
    return make(
        "path.broken", trace.participants,
        f"价值路径断裂：情景「{scenario_name}」使路径 {name} 失去 {len(lost)} 条流，"
        f"整条路径失效，涉及资金 {ctx.money(money, 'zh')}/年",
        f"value path broken: scenario '{scenario_name}' loses {len(lost)} flow(s) of path "
        f"{name}, so the whole path fails, carrying {ctx.money(money, 'en')} a year",
        span, lost, money_at_risk=money)
