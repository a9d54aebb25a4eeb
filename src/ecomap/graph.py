"""Ecosystem → the undirected networkx graph the connectivity checks walk."""

from __future__ import annotations

import networkx as nx

from ecomap.model import Ecosystem


def connectivity_graph(eco: Ecosystem) -> nx.Graph:
    """Participants as nodes, one edge per pair that exchanges anything (self-flows dropped).

    Nodes follow map order and each node's edges the order of its first outgoing flow to each
    partner, so every traversal (cut vertices, betweenness) is deterministic.
    """
    simple = nx.Graph()
    simple.add_nodes_from(p.id for p in eco.participants)
    targets: dict[str, dict[str, None]] = {p.id: {} for p in eco.participants}
    for f in eco.flows:
        targets.setdefault(f.source, {})[f.target] = None
    simple.add_edges_from((u, v) for u, vs in targets.items() for v in vs if u != v)
    return simple
