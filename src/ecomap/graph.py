"""Ecosystem → the undirected graph the connectivity checks walk, and its cut points.

A plain adjacency mapping, not networkx: the checks need a breadth-first search, Brandes'
betweenness (analysis/risk.py) and one depth-first search for articulation points and
bridges, and importing networkx took about a third of a one-shot `ecomap render` (0.1 s of
start-up before any work). tests/test_graph.py checks these against networkx.
"""

from __future__ import annotations

from collections.abc import Iterator

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
    is not in ``graph``): Tarjan's low-link depth-first search, iterative (a chain of
    thousands of participants would overflow Python's recursion)."""
    if root not in graph:
        return frozenset(), []
    points: set[str] = set()
    bridges: list[tuple[str, str]] = []
    depth = {root: 0}
    low = {root: 0}
    root_children = 0
    # (node, its parent, an iterator over its neighbours): the search's own stack.
    stack: list[tuple[str, str | None, Iterator[str]]] = [(root, None, iter(graph[root]))]
    while stack:
        node, parent, neighbours = stack[-1]
        for other in neighbours:
            if other == parent:
                continue
            if other in depth:  # a back edge: a way round `node` to an earlier node
                low[node] = min(low[node], depth[other])
                continue
            depth[other] = low[other] = depth[node] + 1
            stack.append((other, node, iter(graph[other])))
            break
        else:  # every neighbour seen: `node` is done, report to its parent
            stack.pop()
            if parent is None:
                continue
            low[parent] = min(low[parent], low[node])
            if low[node] > depth[parent]:
                bridges.append((parent, node))
            if parent == root:
                root_children += 1
            elif low[node] >= depth[parent]:
                points.add(parent)
    if root_children > 1:
        points.add(root)
    return frozenset(points), bridges


def same_graph(a: Graph, b: Graph) -> bool:
    """The same nodes and edges in the same order (traversals, and so the figures, agree)."""
    return list(a) == list(b) and all(list(edges) == list(b[node]) for node, edges in a.items())
