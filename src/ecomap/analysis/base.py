"""What every check family reads: the map, its graph, names, the focus organisation, money."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ecomap.amounts import ZERO, Value
from ecomap.graph import Graph, connectivity_graph, cut_points
from ecomap.i18n import Money, Names, money_text
from ecomap.model import Ecosystem, Flow


@dataclass
class Context:
    """One analysed map. ``org`` is the focus organisation (the focus + ``internal`` units)."""

    eco: Ecosystem

    @cached_property
    def simple(self) -> Graph:
        return connectivity_graph(self.eco)

    @cached_property
    def blocks(self) -> tuple[frozenset[str], list[tuple[str, str]]]:
        """Articulation points and bridges of the focus's component (graph.cut_points,
        networkx's)."""
        return cut_points(self.simple, self.eco.focus)

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
