"""Ecosystem → the undirected graph the connectivity checks walk, and its cut points.

The graph is a plain adjacency mapping that the breadth-first searches and Brandes'
betweenness (analysis/risk.py) walk over index lists; articulation points and bridges come
from networkx (the base dependency for graph algorithms), given that graph.
"""

from __future__ import annotations

from ecomap.model import Ecosystem

# Node → its neighbours (values unused), both in a fixed order: nodes in map order, each
# node's neighbours in the order their first flow appears, as networkx's Graph keeps them.
Graph = dict[str, dict[str, None]]


def connectivity_graph(eco: Ecosystem) -> Graph:
    """Participants as nodes, one edge per pair that exchanges anything (self-flows dropped).

    Nodes follow map order and each node's edges the order of its first outgoing flow to each
    partner, so every traversal (cut vertices, betweenness) is deterministic.
    """
    graph: Graph = {p.id: {} for p in eco.participants}
    targets: dict[str, dict[str, None]] = {p.id: {} for p in eco.participants}
    for f in eco.flows:
        targets.setdefault(f.source, {})[f.target] = None
    for u, vs in targets.items():
        for v in vs:
            if u != v:
                graph.setdefault(u, {})[v] = None
                graph.setdefault(v, {})[u] = None
    return graph


def cut_points(graph: Graph, root: str) -> tuple[frozenset[str], list[tuple[str, str]]]:
    """Articulation points and bridges of ``root``'s connected component (empty when ``root``
    is not in ``graph``), as networkx finds them on the whole graph (its depth-first searches
    are iterative), kept to ``root``'s component: no component is copied out. A bridge is a
    biconnected component of one edge (networkx's own ``bridges`` walks chains, about four
    times slower on a 2,000-participant map)."""
    if root not in graph:
        return frozenset(), []
    # Imported here: the rest of the analysis walks the plain dicts, and networkx's import
    # (0.1-0.2 s) is paid only by a command that analyses a map.
    import networkx as nx

    nxgraph = nx.Graph()
    nxgraph.add_nodes_from(graph)
    nxgraph.add_edges_from((u, v) for u, others in graph.items() for v in others)
    component = nx.node_connected_component(nxgraph, root)
    points = frozenset(p for p in nx.articulation_points(nxgraph) if p in component)
    bridges = [edges[0] for edges in nx.biconnected_component_edges(nxgraph)
               if len(edges) == 1 and edges[0][0] in component]
    return points, bridges


def same_graph(a: Graph, b: Graph) -> bool:
    """The same nodes and edges in the same order (traversals, and so the figures, agree)."""
    return list(a) == list(b) and all(list(edges) == list(b[node]) for node, edges in a.items())
