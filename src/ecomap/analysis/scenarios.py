"""Scenarios: apply remove/add/set to a map, analyse the result like the base, and compare."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ecomap.amounts import ZERO, Value, change
from ecomap.analysis.base import Context
from ecomap.analysis.core import Analysis, analyze_map, map_findings
from ecomap.analysis.findings import Finding
from ecomap.analysis.paths import broken_path
from ecomap.analysis.reach import Reach
from ecomap.analysis.revenue import Revenue
from ecomap.analysis.roadmap import Investments, compute_investments
from ecomap.errors import Span
from ecomap.model import Ecosystem, Flow, FlowChange, Scenario


@dataclass(frozen=True)
class Applied:
    """A scenario applied to a map.

    ``eco`` is the scenario's map: the removed participants and their flows are gone, and so
    are the participants cut off from the focus (and their flows), and every flow of a value
    path that lost a flow (the path rule). A path is not broken when the scenario itself adds
    a flow to it: that is a declared re-routing (e.g. a second battery supplier).
    """

    eco: Ecosystem
    removed_participants: tuple[str, ...]  # the scenario's `remove` plus the cut off, map order
    cut_off: tuple[str, ...]
    lost_flows: tuple[Flow, ...]  # flows of the base (or added ones) that did not survive
    changed_flows: tuple[str, ...]  # refs of surviving flows that `set` changed
    paths_broken: tuple[str, ...]
    names: dict[str, str]  # participant id → name, from the base map (the removed included)
    # What the diagram draws: the base map with the scenario's changes applied (`set`), its
    # additions, and what it removes (drawn struck out, hence kept here).
    drawn: Ecosystem | None = None
    added_participants: tuple[str, ...] = ()  # ids the scenario adds
    added_flows: tuple[str, ...] = ()  # refs of the flows the scenario adds
    # ref → the flow as the base map had it, for each flow whose fields `set` changed
    previous: Mapping[str, Flow] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario analysed: what the outputs show of its map beside the base.

    Its map's whole ``Analysis`` (graphs, reach, loss simulation, betweenness, every finding)
    is not kept: on a 2,000-participant map it is about 17 MB, and a map may have a hundred
    scenarios. ``analyse()`` computes it again where it is wanted.
    """

    id: str
    name: str
    applied: Applied
    revenue: Revenue
    investments: Investments
    revenue_delta: Value
    net_delta: Value
    findings_added: tuple[Finding, ...]
    findings_removed: tuple[Finding, ...]
    extra: tuple[Finding, ...]  # the broken-path findings only the base could tell

    def analyse(self) -> Analysis:
        """The scenario's map analysed in full (computed anew at each call)."""
        return analyze_map(self.applied.eco, list(self.extra))


def resolve_chain(eco: Ecosystem, scenario: Scenario) -> Scenario:
    """A scenario with its ``base:`` chain folded in (阶段2 = 阶段1 + …): the bases' removals,
    additions and changes first, its own after (a later ``set`` of a field wins). Validation
    rules out unknown bases and cycles; a repeated id is still guarded against here."""
    chain = [scenario]
    while chain[-1].base is not None:
        base = eco.scenario(chain[-1].base)
        if base is None or base in chain:
            break
        chain.append(base)
    if len(chain) == 1:
        return scenario
    chain.reverse()
    remove = tuple(dict.fromkeys(pid for s in chain for pid in s.remove))
    participants = tuple(p for s in chain for p in s.add_participants)
    fields: dict[str, dict[str, object]] = {}
    spans: dict[str, Span] = {}
    for s in chain:
        for c in s.set:
            fields.setdefault(c.flow_id, {}).update(c.fields)
            spans.setdefault(c.flow_id, c.span)
    # Flows a base added are changed in place; each gets a fresh index after the map's flows.
    added: list[Flow] = []
    for f in (f for s in chain for f in s.add_flows):
        if f.id is not None and f.id in fields:
            f = replace(f, **fields.pop(f.id))  # type: ignore[arg-type]
        added.append(replace(f, index=len(eco.flows) + len(added)))
    changes = tuple(FlowChange(fid, spans[fid], MappingProxyType(values))
                    for fid, values in fields.items())
    return replace(scenario, remove=remove, add_participants=participants,
                   add_flows=tuple(added), set=changes, base=None)


def apply_scenario(eco: Ecosystem, scenario: Scenario,
                   base_reach: Reach | None = None) -> Applied:
    scenario = resolve_chain(eco, scenario)
    if eco.focus in scenario.remove:
        raise ValueError(f"scenario {scenario.id} removes the focus {eco.focus}")
    removed = set(scenario.remove)
    changes = {c.flow_id: c.fields for c in scenario.set}
    kept: list[Flow] = []
    lost: list[Flow] = []
    changed: list[str] = []
    moved: list[str] = []  # ends a `set` took a flow away from
    previous: dict[str, Flow] = {}
    drawn_flows: list[Flow] = []
    for f in eco.flows:
        if f.id is not None and f.id in changes:
            new = replace(f, **changes[f.id])  # type: ignore[arg-type]
            moved += [p for p in (f.source, f.target) if p not in (new.source, new.target)]
            previous[new.ref] = f
            f = new
            changed.append(f.ref)
        drawn_flows.append(f)
        (lost if f.source in removed or f.target in removed else kept).append(f)
    changed_refs = set(changed)
    rerouted = frozenset(name for f in scenario.add_flows for name in f.paths)
    first_broken = [name for name in dict.fromkeys(n for f in lost for n in f.paths)
                    if name not in rerouted]
    participants = tuple(p for p in eco.participants if p.id not in removed)
    candidate = replace(eco, participants=participants + scenario.add_participants,
                        flows=tuple(kept) + scenario.add_flows, scenarios=())
    base_reach = base_reach or Reach(eco)
    # A scenario that removes and adds nothing and moves no flow's end or path (one that changes
    # amounts, labels, kinds) leaves the base's reach as it was.
    restructured = bool(removed or scenario.add_participants or scenario.add_flows) or any(
        (new.source, new.target, new.paths) != (old.source, old.target, old.paths)
        for new, old in ((f, previous[f.ref]) for f in drawn_flows if f.ref in changed_refs))
    reach = (Reach(candidate, before=(base_reach.before or frozenset()) - removed)
             if restructured else base_reach)
    # The removed participants' partners are where the map may have come apart.
    seeds = [p for f in lost for p in (f.source, f.target) if p not in removed]
    seeds += [p for p in moved if p not in removed]
    broken_now = set(first_broken)
    loss = reach.lose(flows=[f.index for f in candidate.flows if broken_now.intersection(f.paths)],
                      exempt_paths=rerouted, seeds=seeds)
    cut = set(loss.cut_off)
    final = replace(candidate,
                    participants=tuple(p for p in candidate.participants if p.id not in cut),
                    flows=tuple(f for f in candidate.flows if f.index not in loss.lost_flows))
    all_lost = sorted(lost + [f for f in candidate.flows if f.index in loss.lost_flows],
                      key=lambda f: f.index)
    order = {p.id: i for i, p in enumerate(eco.participants)}
    gone = sorted(removed | cut, key=lambda pid: order.get(pid, len(order)))
    first = {name: f.index for f in reversed(eco.flows + scenario.add_flows) for name in f.paths}
    broken = sorted(set(first_broken) | set(loss.paths_broken), key=first.__getitem__)
    surviving = {f.ref for f in final.flows}
    drawn = replace(eco, participants=eco.participants + scenario.add_participants,
                    flows=tuple(drawn_flows) + scenario.add_flows, scenarios=())
    return Applied(final, tuple(gone), loss.cut_off, tuple(all_lost),
                   tuple(r for r in changed if r in surviving), tuple(broken),
                   {p.id: p.name for p in eco.participants + scenario.add_participants},
                   drawn, tuple(p.id for p in scenario.add_participants),
                   tuple(f.ref for f in scenario.add_flows), MappingProxyType(previous))


def _delta(base: dict[str, Value], new: dict[str, Value]) -> Value:
    # Flow by flow, each flow's old and new value compared end by end (amounts.change): a
    # range the scenario keeps or narrows does not widen the delta.
    result = ZERO
    for ref in list(base) + [r for r in new if r not in base]:
        result = result + change(base.get(ref, ZERO), new.get(ref, ZERO))
    return result


def run_scenario(base: Analysis, scenario: Scenario) -> ScenarioResult:
    """A scenario's result: only what the outputs show of its map (its findings, revenue and
    investments), not its map's whole analysis (``analyse_scenario``), which it equals."""
    scenario = resolve_chain(base.eco, scenario)
    applied, extra = _apply(base, scenario)
    ctx, revenue, findings = map_findings(applied.eco, extra, like=base)
    return _compare(base, scenario, applied, extra, ctx, revenue, compute_investments(ctx),
                    findings)


def analyse_scenario(base: Analysis, scenario: Scenario) -> tuple[ScenarioResult, Analysis]:
    """A scenario's result and its map's whole analysis (for ``--scenario``, which shows it)."""
    scenario = resolve_chain(base.eco, scenario)
    applied, extra = _apply(base, scenario)
    analysis = analyze_map(applied.eco, extra, like=base)
    return _compare(base, scenario, applied, extra, analysis.ctx, analysis.revenue,
                    analysis.investments, analysis.findings), analysis


def _apply(base: Analysis, scenario: Scenario) -> tuple[Applied, list[Finding]]:
    """The scenario applied to the base map, and the broken-path findings only the base can
    tell (the path as it was, whole)."""
    applied = apply_scenario(base.eco, scenario, base.reach)
    extra: list[Finding] = []
    traces = {t.name: t for t in base.paths}
    lost_refs = {f.ref for f in applied.lost_flows}
    for name in applied.paths_broken:
        trace = traces.get(name)
        if trace is None:
            continue
        lost = [f.ref for f in trace.steps if f.ref in lost_refs]
        extra += broken_path(base.ctx, trace, lost, scenario.span, scenario.name)
    return applied, extra


def _compare(base: Analysis, scenario: Scenario, applied: Applied, extra: list[Finding],
             ctx: Context, revenue: Revenue, investments: Investments,
             findings: list[Finding]) -> ScenarioResult:
    """The scenario's map beside the base: money deltas flow by flow, findings gained and lost
    (the same check about the same participants and flows is the same finding)."""
    base_rev, base_cost = base.ctx.money_by_ref
    new_rev, new_cost = ctx.money_by_ref
    revenue_delta = _delta(base_rev, new_rev)
    net_delta = revenue_delta - _delta(base_cost, new_cost)
    before = base.finding_identities
    after = {f.identity() for f in findings}
    return ScenarioResult(
        scenario.id, scenario.name, applied, revenue, investments, revenue_delta, net_delta,
        tuple(f for f in findings if f.identity() not in before),
        tuple(f for f in base.findings if f.identity() not in after), tuple(extra))


__all__ = ["Applied", "ScenarioResult", "analyse_scenario", "apply_scenario", "resolve_chain",
           "run_scenario"]
