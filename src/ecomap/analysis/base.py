"""What every check family reads: the map, its graph, names, the focus organisation, formatting."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from ecomap.amounts import ZERO, Value, format_figure
from ecomap.graph import connectivity_graph
from ecomap.model import Ecosystem, Flow

KIND_ZH = {"money": "资金", "data": "数据", "asset": "资产", "service": "服务"}
KIND_EN = {"money": "money", "data": "data", "asset": "assets", "service": "services"}


@dataclass
class Context:
    """One analysed map. ``org`` is the focus organisation (the focus + ``internal`` units)."""

    eco: Ecosystem

    @cached_property
    def simple(self) -> nx.Graph:
        return connectivity_graph(self.eco)

    @cached_property
    def focus_component(self) -> nx.Graph:
        focus = self.eco.focus
        if focus not in self.simple:
            return nx.Graph()
        # A plain search over the adjacency dicts: networkx's views cost more than the search.
        adjacency = self.simple._adj
        nodes = {focus}
        stack = [focus]
        while stack:
            for other in adjacency[stack.pop()]:
                if other not in nodes:
                    nodes.add(other)
                    stack.append(other)
        if len(nodes) == self.simple.number_of_nodes():
            return self.simple
        return self.simple.subgraph(nodes).copy()

    @cached_property
    def blocks(self) -> tuple[frozenset[str], list[tuple[str, str]]]:
        """Articulation points and bridges of the focus's component, from one DFS: a node in
        two biconnected blocks is an articulation point, a block of one edge is a bridge."""
        seen: set[str] = set()
        points: set[str] = set()
        bridges: list[tuple[str, str]] = []
        for block in nx.biconnected_component_edges(self.focus_component):
            nodes = {n for edge in block for n in edge}
            points |= nodes & seen
            seen |= nodes
            if len(block) == 1:
                bridges.append(block[0])
        return frozenset(points), bridges

    @cached_property
    def org(self) -> frozenset[str]:
        return frozenset(p.id for p in self.eco.participants if self.eco.is_internal(p.id))

    @cached_property
    def users_layer(self) -> str | None:
        """The outermost layer is the users' (用户层) when a map has more than one layer."""
        return self.eco.layers[-1].id if len(self.eco.layers) > 1 else None

    def is_user(self, pid: str) -> bool:
        return self.eco.participant(pid).layer == self.users_layer and pid not in self.org

    @cached_property
    def order(self) -> dict[str, int]:
        """Participant id → its position in the map (for map-order sorting)."""
        return {p.id: i for i, p in enumerate(self.eco.participants)}

    @cached_property
    def touching(self) -> dict[str, list[Flow]]:
        """Participant id → its flows (both directions), in map order."""
        result: dict[str, list[Flow]] = {p.id: [] for p in self.eco.participants}
        for f in self.eco.flows:
            result[f.source].append(f)
            if f.target != f.source:
                result[f.target].append(f)
        return result

    @cached_property
    def annuals(self) -> dict[int, Value | None]:
        """Flow index → its annual value, computed once (exact Fractions are not free)."""
        return {f.index: f.annual for f in self.eco.flows}

    def annual(self, f: Flow) -> Value | None:
        return self.annuals[f.index]

    @property
    def locale(self) -> str:
        return self.eco.locale

    def name(self, pid: str) -> str:
        p = self.eco.participants_by_id.get(pid)
        return p.name if p else pid

    def names(self, pids: list[str] | tuple[str, ...], limit: int = 5) -> tuple[str, str]:
        """Readable lists of names for messages, zh and en, shortened after ``limit``."""
        ordered = list(pids)
        shown = [self.name(p) for p in ordered[:limit]]
        more = len(ordered) - len(shown)
        zh = "、".join(shown) + (f" 等 {len(ordered)} 个" if more > 0 else "")
        en = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
        return zh, en

    def money(self, v: Value | None, locale: str) -> str:
        """A figure for a message; a range whose ends read the same is shown once, as 约/~."""
        return format_figure(v if v is not None else ZERO, self.eco.currency, locale)

    def focus_money_in(self, flows: list[Flow] | set[Flow]) -> Value:
        """The focus's annual revenue among ``flows`` (money in from outside the organisation)."""
        result = ZERO
        for f in flows:
            if self.is_revenue(f):
                annual = self.annuals[f.index]
                if annual is not None:
                    result = result + annual
        return result

    def is_revenue(self, f: Flow) -> bool:
        # Money the focus receives from its own units is an internal transfer, not revenue.
        return f.kind == "money" and f.target == self.eco.focus and f.source not in self.org

    def is_cost(self, f: Flow) -> bool:
        return f.kind == "money" and f.source == self.eco.focus and f.target not in self.org
