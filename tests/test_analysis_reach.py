"""The fast loss simulation agrees with a plain search on random maps (cut-off and path rule)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ecomap.analysis import analyze
from ecomap.analysis.reach import Reach
from ecomap.model import Ecosystem
from ecomap.validate import load_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bench_analysis import generate  # noqa: E402


def reference_loss(eco: Ecosystem, pid: str) -> tuple[set[int], set[str]]:
    """The definition, computed the slow way: full searches from the focus every round."""
    reach = Reach(eco)
    before = reach.before or frozenset()
    lost = set(reach.touching[pid])
    cut: set[str] = set()
    while True:
        for idxs in reach.path_flows.values():
            if lost & set(idxs):
                lost |= set(idxs)
        now = reach.reachable({pid} | cut, lost)
        new = {p for p in before if p not in now and p != pid and p not in cut}
        if not new:
            return lost, cut
        cut |= new
        for p in new:
            lost |= set(reach.touching[p])


@pytest.mark.parametrize("seed", range(8))
def test_loss_matches_reference(seed: int) -> None:
    # Sparse maps (few flows per participant) have many cut vertices and bridges.
    eco = load_text(generate(participants=40, flows=48, seed=seed), "random.yaml")
    analysis = analyze(eco).base
    for entry in analysis.loss:
        lost, cut = reference_loss(eco, entry.participant)
        assert {f.index for f in entry.lost_flows} == lost, entry.participant
        assert set(entry.cut_off) == cut, entry.participant
    from ecomap.analysis.risk import articulation_points

    assert set(articulation_points(analysis.ctx)) <= set(analysis.cut_vertices)
    assert set(analysis.cut_vertices) == {e.participant for e in analysis.loss if e.cut_off}


def test_deterministic_on_a_larger_map() -> None:
    from ecomap.analysis import to_json

    text = generate(participants=400, flows=1600, seed=3)
    first = to_json(analyze(load_text(text, "big.yaml")))
    second = to_json(analyze(load_text(text, "big.yaml")))
    assert first == second


@pytest.mark.parametrize("seed", range(4))
def test_betweenness_matches_networkx(seed: int) -> None:
    import networkx as nx

    from ecomap.analysis.base import Context
    from ecomap.analysis.risk import betweenness

    ctx = Context(load_text(generate(participants=120, flows=300, seed=seed), "r.yaml"))
    ours = betweenness(ctx)
    graph = nx.Graph({node: list(others) for node, others in ctx.simple.items()})
    theirs = nx.betweenness_centrality(graph, normalized=True)
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[k] - theirs[k]) < 1e-12 for k in ours)
