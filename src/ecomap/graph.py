"""Ecosystem → networkx MultiDiGraph (participants as nodes, flows as keyed edges)."""

from __future__ import annotations

import networkx as nx

from ecomap.model import Ecosystem


def build_graph(eco: Ecosystem) -> nx.MultiDiGraph:
    """Nodes are participant ids (attributes: ``participant``, ``layer``, ``internal``);
    edges go ``source → target`` keyed by the flow's ``ref`` with the Flow as ``flow``.

    Node and edge insertion follow map order, so every traversal is deterministic.
    """
    graph = nx.MultiDiGraph(focus=eco.focus, title=eco.title)
    for p in eco.participants:
        graph.add_node(p.id, participant=p, layer=p.layer, internal=eco.is_internal(p.id))
    for f in eco.flows:
        graph.add_edge(f.source, f.target, key=f.ref, flow=f, kind=f.kind)
    return graph


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """The simple undirected view used for connectivity (who can still reach the focus)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple
