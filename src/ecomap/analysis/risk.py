"""Risk nodes: cut vertices and bridges, single sources, brokers, concentration, loss simulation."""

from __future__ import annotations

import random
import statistics
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ecomap.amounts import Value
from ecomap.analysis.base import Context
from ecomap.analysis.checks import Hit, check, hit
from ecomap.analysis.reach import Loss, Reach
from ecomap.analysis.revenue import Concentration, Revenue
from ecomap.graph import Graph
from ecomap.i18n import Joined, Label, Phrase
from ecomap.model import Flow

# Exact betweenness costs O(V·E); above this many participants it is estimated from a fixed
# sample of sources with a fixed seed (same map → same figures).
EXACT_BETWEENNESS_UP_TO = 300
BETWEENNESS_SAMPLE = 64
BETWEENNESS_SEED = 20250322
# "Outstanding" betweenness: above mean + 2σ of all participants and above this floor.
BROKER_FLOOR = 0.1


@dataclass(frozen=True)
class LossEntry:
    """What the focus loses when ``participant`` leaves (flows in map order)."""

    participant: str
    money_at_risk: Value
    lost_flows: tuple[Flow, ...]
    cut_off: tuple[str, ...]
    paths_broken: tuple[str, ...]


@dataclass(frozen=True)
class Bridge:
    """A pair whose flows are the only link between the focus and ``cut_off``."""

    a: str
    b: str
    flows: tuple[str, ...]
    cut_off: tuple[str, ...]


def articulation_points(ctx: Context) -> list[str]:
    """Articulation points of the focus's component (never the focus), in map order."""
    points = ctx.blocks[0] - {ctx.eco.focus}
    return [p.id for p in ctx.eco.participants if p.id in points]


def loss_entry(ctx: Context, pid: str, loss: Loss) -> LossEntry:
    """What the focus loses with ``pid`` (``loss``: the flows lost, its own, those of the
    participants it cuts off and every flow of a value path that loses one): those flows in
    map order and the focus's annual money in among them."""
    by_index = ctx.flows_by_index
    lost = tuple(sorted((by_index[i] for i in loss.lost_flows), key=lambda f: f.index))
    return LossEntry(pid, ctx.focus_money_in(list(lost)), lost, loss.cut_off, loss.paths_broken)


def rank_losses(entries: list[LossEntry]) -> list[LossEntry]:
    """The loss table's order: money at risk (mid of ranges), largest first, then id."""
    return sorted(entries, key=lambda e: (-e.money_at_risk.mid, e.participant))


def bridges(ctx: Context, reach: Reach) -> list[Bridge]:
    """Pairs whose flows, once lost, cut participants off from the focus (path rule applied)."""
    order = reach.order
    result = []
    for u, v in ctx.blocks[1]:
        a, b = sorted((u, v), key=order.__getitem__)
        pair_flows = [f for f in ctx.touching[a] if {f.source, f.target} == {a, b}]
        loss = reach.lose(flows=[f.index for f in pair_flows])
        result.append(Bridge(a, b, tuple(f.ref for f in pair_flows), loss.cut_off))
    result.sort(key=lambda br: (order[br.a], order[br.b]))
    return result


@check("risk.cut_vertex", default="warning")
def check_cut_vertices(ctx: Context, cuts: list[str], losses: Mapping[str, LossEntry],
                       all_bridges: list[Bridge]) -> Iterator[Hit]:
    for pid in cuts:
        loss = losses[pid]
        links = [br for br in all_bridges if pid in (br.a, br.b)]
        paths = (Phrase.of("risk.cut_vertex.paths", paths=Joined(loss.paths_broken))
                 if loss.paths_broken else None)
        yield hit((pid,), ctx.eco.participant(pid).span,
                  [ref for br in links for ref in br.flows], loss.money_at_risk,
                  name=ctx.name(pid), cut_off=ctx.names(loss.cut_off),
                  lost=len(loss.lost_flows), money=ctx.money_param(loss.money_at_risk),
                  paths=paths)


def single_sources(ctx: Context) -> dict[str, list[tuple[str, str, list[Flow]]]]:
    """Provider → [(receiver, kind, flows)] where the receiver gets that kind from it only.

    Receivers are the focus organisation and the users it serves (user-layer participants
    receiving a flow from the organisation): SPEC's "an asset or service the focus or its
    users get from one provider only". Providers inside the organisation are not
    dependencies, and other partners' supply chains are theirs to manage, so neither is
    reported; that keeps a large map from flooding.
    """
    served = {f.target for f in ctx.eco.flows if f.source in ctx.org and ctx.is_user(f.target)}
    receivers = [p.id for p in ctx.eco.participants if p.id in ctx.org or p.id in served]
    result: dict[str, list[tuple[str, str, list[Flow]]]] = {}
    for r in receivers:
        for kind in ("asset", "service"):
            incoming = [f for f in ctx.touching[r]
                        if f.target == r and f.kind == kind and f.source != r]
            providers = {f.source for f in incoming}
            if len(providers) != 1:
                continue
            (provider,) = providers
            if provider in ctx.org:
                continue
            result.setdefault(provider, []).append((r, kind, incoming))
    return result


@check("risk.single_source", default="warning")
def check_single_sources(ctx: Context, losses: Mapping[str, LossEntry]) -> Iterator[Hit]:
    for provider, items in single_sources(ctx).items():
        loss = losses[provider]
        what = Joined(tuple(Phrase.of("risk.single_source.what", receiver=ctx.name(r),
                                      kind=Label("goods", k),
                                      labels=Joined(tuple(f.label for f in fl)))
                            for r, k, fl in items), sep="clauses")
        paths = (Phrase.of("risk.single_source.paths", paths=Joined(loss.paths_broken))
                 if loss.paths_broken else None)
        yield hit((provider,), ctx.eco.participant(provider).span,
                  [f.ref for _, _, fl in items for f in fl], loss.money_at_risk,
                  what=what, name=ctx.name(provider), money=ctx.money_param(loss.money_at_risk),
                  paths=paths)


def betweenness(ctx: Context) -> dict[str, float]:
    """Normalised betweenness on the undirected graph (networkx's definition).

    Exact up to ``EXACT_BETWEENNESS_UP_TO`` participants; above, estimated from
    ``BETWEENNESS_SAMPLE`` sources drawn with a fixed seed (as networkx's ``k``), so the same
    map always gives the same figures.
    """
    graph = ctx.simple
    nodes = list(graph)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    sources = nodes if n <= EXACT_BETWEENNESS_UP_TO else random.Random(
        BETWEENNESS_SEED).sample(nodes, BETWEENNESS_SAMPLE)
    raw = brandes(graph, nodes, sources)
    scale = n / len(sources) / ((n - 1) * (n - 2))
    return {node: raw[i] * scale for i, node in enumerate(nodes)}


def brandes(graph: Graph, nodes: list[str], sources: list[str]) -> list[float]:
    """Brandes' accumulation from ``sources`` over index lists: the same sums as networkx's
    ``betweenness_centrality`` without its per-neighbour view lookups (3–4× faster here)."""
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[index[m] for m in graph[node]] for node in nodes]
    n = len(nodes)
    total = [0.0] * n
    for source in sources:
        s = index[source]
        order: list[int] = []
        sigma = [0.0] * n
        sigma[s] = 1.0
        dist = [-1] * n
        dist[s] = 0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dw = dist[v] + 1
            sv = sigma[v]
            for w in adjacency[v]:
                if dist[w] < 0:
                    dist[w] = dw
                    queue.append(w)
                if dist[w] == dw:
                    sigma[w] += sv
        delta = [0.0] * n
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            # Predecessors are the neighbours one step closer to the source: no lists to keep.
            dv = dist[w] - 1
            for v in adjacency[w]:
                if dist[v] == dv:
                    delta[v] += sigma[v] * coeff
            if w != s:
                total[w] += delta[w]
    return total


@check("risk.broker", default="info")
def check_brokers(ctx: Context, between: dict[str, float],
                  losses: Mapping[str, LossEntry]) -> Iterator[Hit]:
    """``risk.broker``: betweenness above mean + 2σ and above ``BROKER_FLOOR``; units of the
    focus organisation are left out (the organisation sits in the middle by design)."""
    values = list(between.values())
    if len(values) < 3:
        return
    mean = statistics.fmean(values)
    limit = max(mean + 2 * statistics.pstdev(values), BROKER_FLOOR)
    for p in ctx.eco.participants:
        b = between.get(p.id, 0.0)
        if p.id in ctx.org or b <= limit:
            continue
        yield hit((p.id,), p.span, money_at_risk=losses[p.id].money_at_risk, name=p.name,
                  betweenness=b, mean=mean)


@check("risk.concentration", default="warning")
def check_concentration(ctx: Context, revenue: Revenue,
                        conc: Concentration | None) -> Iterator[Hit]:
    """``risk.concentration``: one counterparty brings more than half the focus's revenue."""
    if conc is None or conc.top_share <= 0.5:
        return
    money = revenue.by_counterparty[conc.top]
    yield hit((conc.top,), ctx.eco.participant(conc.top).span, money_at_risk=money,
              name=ctx.name(conc.top), share=float(conc.top_share), hhi=float(conc.hhi),
              money=ctx.money_param(money))


@check("model.isolated", default="warning", reads_money=False)
def check_isolated(ctx: Context) -> Iterator[Hit]:
    """``model.isolated``: a participant with no flow at all."""
    for p in ctx.eco.participants:
        if not ctx.touching[p.id]:
            yield hit((p.id,), p.span, name=p.name)
