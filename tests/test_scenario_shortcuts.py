"""A scenario's shortcuts give what its map analysed from scratch gives.

A scenario takes over what it shares with its base (analysis/structure.py: reach, blocks,
betweenness, who each loss cuts off; the findings of the checks that read no money when only
money changed) and simulates only the losses its findings read. Each scenario of generated
maps — removals (of cut vertices, path members, internal units), additions, every kind of
``set`` (amounts, category, label, kind, ends, path, sensitivity, phase), ``base:`` chains,
phases, ``checks:`` overrides — must come out equal to its map analysed with nothing taken
over, field by field, so that a shortcut cannot drift from the analysis it stands for.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import networkx as nx
import pytest

from ecomap.analysis.core import Analysis, analyze_map
from ecomap.analysis.reach import Reach
from ecomap.analysis.scenarios import analyse_scenario, run_scenario
from ecomap.model import Ecosystem
from ecomap.validate import load_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bench_analysis import generate  # noqa: E402


def variety(eco: Ecosystem, seed: int) -> list[str]:
    """Scenario lines (YAML flow style) of every kind, chosen on ``eco``."""
    rng = random.Random(seed)
    base = analyze_map(eco)
    ids = [p.id for p in eco.participants if p.id != eco.focus]
    by_kind = {k: [f for f in eco.flows if f.kind == k and f.id] for k in
               ("money", "data", "asset", "service")}
    on_path = [f for f in eco.flows if f.paths and f.id]
    internal = [p.id for p in eco.participants if p.internal and p.id != eco.focus]
    lines = []

    def add(body: str) -> None:
        lines.append(f"  - {{id: v{len(lines)}, name: 变化{len(lines)}, {body}}}")

    for pid in (base.cut_vertices[:2] + rng.sample(ids, 2) + internal[:1]
                + [f.source for f in on_path[:1] if f.source != eco.focus]):
        add(f"remove: [{pid}]")
    money = rng.sample(by_kind["money"], 3)
    add(f"set: {{{money[0].id}: {{amount: 7 CNY/month, volume: 3}}}}")
    add(f"set: {{{money[1].id}: {{category: finance}}}}")
    add(f"set: {{{money[2].id}: {{amount: 1-2万 CNY/year}}, {money[0].id}: {{note: 备注}}}}")
    add(f"set: {{{rng.choice(eco.flows).id}: {{label: 新名字}}}}")
    service = rng.choice(by_kind["service"])
    add(f"set: {{{service.id}: {{kind: asset}}}}")
    moved = rng.choice([f for f in eco.flows if f.id and f.source != eco.focus])
    target = rng.choice([p for p in ids if p != moved.source])
    add(f"set: {{{moved.id}: {{to: {target}}}}}")
    add(f"set: {{{moved.id}: {{from: {eco.focus}}}}}" if moved.target != eco.focus else
        f"set: {{{moved.id}: {{label: 挪}}}}")
    if on_path:
        add(f"set: {{{on_path[0].id}: {{path: other_path}}}}")
        a, b = on_path[0].source, on_path[0].target
        add(f"remove: [{rng.choice(ids)}], add: {{flows: [{{from: {a}, to: {b}, kind: service, "
            f"label: 绕行, path: {on_path[0].paths[0]}}}]}}")
    if by_kind["data"]:
        data = rng.choice(by_kind["data"])
        add(f"set: {{{data.id}: {{sensitivity: sensitive, consent: false}}}}")
    if eco.phases:
        add(f"set: {{{rng.choice(eco.flows).id}: {{phase: {eco.phases[-1].id}}}}}")
    add(f"add: {{participants: {{nova: {{name: 新星, layer: service}}}}, flows: "
        f"[{{from: nova, to: {eco.focus}, kind: money, label: 新收入, amount: 5万 CNY/year}}, "
        f"{{from: {eco.focus}, to: nova, kind: data, label: 数据, sensitivity: sensitive}}]}}")
    add(f"remove: [{rng.choice(ids)}], set: {{{money[0].id}: {{amount: 9 CNY/month}}}}")
    add(f"base: v{len(lines) - 2}, set: {{{money[1].id}: {{amount: 3 CNY/year}}}}")
    add(f"base: v0, remove: [{rng.choice(ids)}]")
    add(f"base: v{len(lines) - 1}, set: {{{money[2].id}: {{label: 链}}}}")
    return lines


def maps() -> list[tuple[str, str]]:
    found = []
    for name, participants, flows, seed, roadmap in (
            ("sparse", 40, 55, 1, True), ("medium", 60, 150, 2, True),
            ("dense", 45, 200, 3, False), ("sampled", 310, 420, 4, True)):
        # "sampled": above risk.EXACT_BETWEENNESS_UP_TO, betweenness from a sample of sources
        text = generate(participants, flows, seed=seed, roadmap=roadmap, scenarios=4)
        eco = load_text(text, f"{name}.yaml")
        text += "\n".join(variety(eco, seed)) + "\n"
        found.append((name, text))
        if name == "medium":  # the same with overrides: ignored, raised and lowered checks
            found.append(("overridden", text.replace(
                "focus: p0\n", "focus: p0\nchecks: {balance.one_way: ignore, risk.broker: "
                "ignore, compliance.data_export: info, balance.under_rewarded: error, "
                "risk.single_source: info}\n")))
    return found


MAPS = maps()


def assert_same_analysis(shared: Analysis, full: Analysis) -> None:
    assert shared.eco == full.eco
    assert shared.findings == full.findings
    assert shared.loss == full.loss
    assert shared.cut_vertices == full.cut_vertices
    assert shared.bridges == full.bridges
    assert shared.betweenness == full.betweenness
    assert shared.revenue == full.revenue
    assert shared.concentration == full.concentration
    assert shared.figures == full.figures
    assert shared.paths == full.paths
    assert shared.investments == full.investments
    assert shared.pairs == full.pairs
    assert shared.reach.before == full.reach.before


@pytest.mark.parametrize("name,text", MAPS, ids=[name for name, _ in MAPS])
def test_scenarios_equal_their_maps_analysed_from_scratch(name: str, text: str) -> None:
    eco = load_text(text, f"{name}.yaml")
    assert len(eco.scenarios) >= 20
    base = analyze_map(eco)
    taken_over = 0
    for scenario in eco.scenarios:
        fast = run_scenario(base, scenario)
        selected, shared = analyse_scenario(base, scenario)
        full = analyze_map(selected.applied.eco, list(selected.extra))  # nothing taken over
        assert fast == selected, scenario.id
        assert_same_analysis(shared, full)
        taken_over += shared.structure is base.structure
        before = {f.identity() for f in base.findings}
        after = {f.identity() for f in full.findings}
        assert fast.revenue == full.revenue and fast.investments == full.investments
        assert fast.findings_added == tuple(f for f in full.findings
                                            if f.identity() not in before), scenario.id
        assert fast.findings_removed == tuple(f for f in base.findings
                                              if f.identity() not in after), scenario.id
    assert taken_over >= 8  # the shortcuts were taken (amounts, labels, kinds changed)


@pytest.mark.parametrize("name,text", MAPS[:3], ids=[name for name, _ in MAPS[:3]])
def test_losses_skip_only_what_cannot_cut_off(name: str, text: str) -> None:
    """Only articulation points and path members are searched for who their loss cuts off;
    a full search for every participant finds nobody else."""
    eco = load_text(text, f"{name}.yaml")
    analysis = analyze_map(eco)
    reach = Reach(eco)
    for p in eco.participants:
        if p.id == eco.focus:
            continue
        loss = reach.lose([p.id])
        entry = analysis.loss_by_participant[p.id]
        assert (entry.cut_off, entry.paths_broken) == (loss.cut_off, loss.paths_broken)
        assert {f.index for f in entry.lost_flows} == loss.lost_flows
    assert analysis.cut_vertices == [p.id for p in eco.participants
                                     if p.id in analysis.loss_by_participant
                                     and analysis.loss_by_participant[p.id].cut_off]


@pytest.mark.parametrize("seed", range(40))
def test_blocks_match_networkx(seed: int) -> None:
    """The articulation points and bridges of the focus's component, against networkx's
    biconnected components, on sparse and dense random maps."""
    from ecomap.analysis.base import Context

    rng = random.Random(seed)
    participants = rng.choice((12, 40, 120))
    flows = int(participants * rng.choice((1.0, 1.2, 2.0, 3.0)))
    ctx = Context(load_text(generate(participants, flows, seed=seed), "r.yaml"))
    graph = nx.Graph({node: list(others) for node, others in ctx.simple.items()})
    component = graph.subgraph(nx.node_connected_component(graph, ctx.eco.focus))
    seen: set[str] = set()
    points: set[str] = set()
    bridges = set()
    for block in nx.biconnected_component_edges(component):
        nodes = {n for edge in block for n in edge}
        points |= nodes & seen
        seen |= nodes
        if len(block) == 1:
            bridges.add(frozenset(block[0]))
    assert ctx.blocks[0] == points
    assert {frozenset(edge) for edge in ctx.blocks[1]} == bridges
    assert len(ctx.blocks[1]) == len(bridges)
