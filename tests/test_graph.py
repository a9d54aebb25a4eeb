"""The connectivity graph's cut points: root's component only, on random graphs (against
networkx on the component copied out), disconnected ones and long chains."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from ecomap.graph import Graph, cut_points


def random_graph(seed: int) -> Graph:
    """A few dozen nodes, sparse enough for cut points, sometimes in several components."""
    rng = random.Random(seed)
    n = rng.randint(1, 60)
    graph: Graph = {f"p{i}": {} for i in range(n)}
    for _ in range(rng.randint(0, 2 * n)):
        u, v = f"p{rng.randrange(n)}", f"p{rng.randrange(n)}"
        if u != v:
            graph[u][v] = graph[v][u] = None
    return graph


def networkx_cut_points(graph: Graph, root: str) -> tuple[frozenset[str], set[frozenset[str]]]:
    """Articulation points and bridges of root's component, as networkx finds them."""
    g = nx.Graph({node: list(others) for node, others in graph.items()})
    component = g.subgraph(nx.node_connected_component(g, root))
    return (frozenset(nx.articulation_points(component)),
            {frozenset(edge) for edge in nx.bridges(component)})


@pytest.mark.parametrize("seed", range(200))
def test_cut_points_match_networkx(seed: int) -> None:
    graph = random_graph(seed)
    root = random.Random(seed).choice(list(graph))
    points, bridges = cut_points(graph, root)
    assert len(bridges) == len({frozenset(b) for b in bridges})  # each bridge once
    assert (points, {frozenset(b) for b in bridges}) == networkx_cut_points(graph, root)


def test_a_long_chain_needs_no_recursion() -> None:
    n = 20_000  # far beyond Python's recursion limit
    graph: Graph = {f"p{i}": {} for i in range(n)}
    for i in range(n - 1):
        graph[f"p{i}"][f"p{i + 1}"] = graph[f"p{i + 1}"][f"p{i}"] = None
    points, bridges = cut_points(graph, "p0")
    assert points == frozenset(f"p{i}" for i in range(1, n - 1))
    assert len(bridges) == n - 1


def test_a_root_outside_the_graph_has_no_cut_points() -> None:
    assert cut_points({"a": {"b": None}, "b": {"a": None}}, "z") == (frozenset(), [])


def test_a_root_joining_two_parts_is_a_cut_point() -> None:
    graph: Graph = {"hub": {"a": None, "b": None}, "a": {"hub": None}, "b": {"hub": None}}
    assert cut_points(graph, "hub") == (frozenset({"hub"}), [("hub", "a"), ("hub", "b")])
