"""What every check family reads: the map, its graph, names, the focus organisation, money."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from ecomap.amounts import ZERO, Value
from ecomap.graph import connectivity_graph
from ecomap.i18n import Money, Names, money_text
from ecomap.model import Ecosystem, Flow


@dataclass
class Context:
    """One analysed map. ``org`` is the focus organisation (the focus + ``internal`` units)."""

    eco: Ecosystem

    @cached_property
    def simple(self) -> nx.Graph:
        return connectivity_graph(self.eco)

    @cached_property
    def blocks(self) -> tuple[frozenset[str], list[tuple[str, str]]]:
        """Articulation points and bridges of the focus's component, from one depth-first
        search from the focus (Hopcroft–Tarjan low points), iterative and over the adjacency
        dicts: networkx's biconnected components need the component copied out first, which
        cost more than the search on a 2,000-participant map with a few isolated ones.

        ``low[n]`` is the earliest discovery reachable from ``n``'s subtree by one back edge:
        a parent whose child cannot climb above it separates that child's subtree (an
        articulation point; the root when it has two children or more), and an edge whose
        child cannot even reach the parent is a bridge."""
        adjacency = self.simple._adj
        root = self.eco.focus
        points: set[str] = set()
        bridges: list[tuple[str, str]] = []
        if root not in adjacency:
            return frozenset(), bridges
        discovered = {root: 0}
        low = {root: 0}
        root_children = 0
        stack = [(root, root, iter(adjacency[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            for other in neighbours:
                if other not in discovered:
                    discovered[other] = low[other] = len(discovered)
                    stack.append((other, node, iter(adjacency[other])))
                    break
                if other != parent and discovered[other] < low[node]:
                    low[node] = discovered[other]
            else:
                stack.pop()
                if node == root:
                    continue
                low[parent] = min(low[parent], low[node])
                if parent == root:
                    root_children += 1
                elif low[node] >= discovered[parent]:
                    points.add(parent)
                if low[node] > discovered[parent]:
                    bridges.append((parent, node))
        if root_children > 1:
            points.add(root)
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
    def flows_by_index(self) -> dict[int, Flow]:
        """Flow index → flow (a scenario's map keeps its flows' indexes in the base map)."""
        return {f.index: f for f in self.eco.flows}

    @cached_property
    def annuals(self) -> dict[int, Value | None]:
        """Flow index → its annual value, computed once (exact Fractions are not free).
        A ``once`` amount has none: it is an investment (``investment``), never a yearly figure."""
        return {f.index: None if f.is_once else f.annual for f in self.eco.flows}

    @cached_property
    def money_by_ref(self) -> tuple[dict[str, Value], dict[str, Value]]:
        """(flow ref → annual revenue, flow ref → annual cost), quantified flows only: what a
        scenario's money is compared with, flow by flow."""
        revenue: dict[str, Value] = {}
        costs: dict[str, Value] = {}
        for f in self.eco.flows:
            annual = self.annual(f)
            if annual is None:
                continue
            if self.is_revenue(f):
                revenue[f.ref] = annual
            elif self.is_cost(f):
                costs[f.ref] = annual
        return revenue, costs

    def investment(self, f: Flow) -> Value | None:
        """The one-off value of a ``once`` money flow the focus organisation pays out (capex)."""
        if f.kind == "money" and f.is_once and f.source in self.org and f.target not in self.org:
            return f.annual
        return None

    def annual(self, f: Flow) -> Value | None:
        return self.annuals[f.index]

    @property
    def locale(self) -> str:
        return self.eco.locale

    def name(self, pid: str) -> str:
        p = self.eco.participants_by_id.get(pid)
        return p.name if p else pid

    def names(self, pids: list[str] | tuple[str, ...]) -> Names:
        """Participants' names for a message (shortened when it is shown)."""
        return Names(tuple(self.name(p) for p in pids))

    def money_param(self, v: Value) -> Money:
        """A figure for a message, formatted in the reader's language when it is shown."""
        return Money(v, self.eco.currency)

    def money(self, v: Value | None, locale: str) -> str:
        """A figure in ``locale``; a range whose ends read the same is shown once, as 约/~."""
        return money_text(v, self.eco.currency, locale)

    def focus_money_in(self, flows: list[Flow] | set[Flow]) -> Value:
        """The focus's annual revenue among ``flows`` (money in from outside the organisation)."""
        result = ZERO
        for f in flows:
            if self.is_revenue(f):
                annual = self.annuals[f.index]
                if annual is not None:
                    result = result + annual
        return result

    # Money is consolidated over the focus organisation (SPEC §1): what any of its units gets
    # from outside is revenue, what any of them pays outside is a cost, and money between two
    # of its units is an internal transfer. One-off amounts are investments, neither.
    def is_revenue(self, f: Flow) -> bool:
        return (f.kind == "money" and f.target in self.org and f.source not in self.org
                and not f.is_once)

    def is_cost(self, f: Flow) -> bool:
        return (f.kind == "money" and f.source in self.org and f.target not in self.org
                and not f.is_once)

    def is_internal_transfer(self, f: Flow) -> bool:
        return f.kind == "money" and f.source in self.org and f.target in self.org
