"""Two analysed versions of a map → a MapDiff: what changed, in business terms.

Participants match by id. Flows match by ``id`` where both versions have it; the rest by
``from→to:kind`` and label, several alike paired in map order; what is then left pairs by
``from→to:kind`` alone when exactly one old and one new flow remain there (a relabelled flow).
Money deltas are taken end by end (new low − old low, new high − old high): both versions
describe the same uncertain figure, so an unchanged range cancels to zero instead of widening
into ``[low − high, high − low]`` as interval subtraction would.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import ZERO, Amount, Value, change
from ecomap.analysis.core import Analysis
from ecomap.analysis.findings import Finding
from ecomap.analysis.result import AnalysisResult
from ecomap.analysis.scenarios import ScenarioResult
from ecomap.model import CATEGORIES, Flow, Participant, Phase, Risk, Scenario

PARTICIPANT_FIELDS = ("name", "layer", "role", "partner_type", "internal", "region", "count",
                      "url", "tags", "note", "screening", "quality", "phase")
FLOW_FIELDS = ("id", "source", "target", "kind", "label", "amount", "volume", "share",
               "category", "paths", "sensitivity", "consent", "note", "phase")
RISK_FIELDS = ("name", "about", "likelihood", "impact", "mitigation")
MAP_FIELDS = ("title", "description", "focus", "locale", "currency", "layers", "checks")
TOP_LOSS = 5  # the loss-simulation entries a director reads: the top of either version


@dataclass(frozen=True)
class Change:
    """One field that differs; values as the model holds them (formatted by the outputs)."""

    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Delta:
    """A figure in both versions. ``None`` = not there (or not quantified) in that version."""

    old: Value | None
    new: Value | None

    @property
    def delta(self) -> Value | None:
        if self.old is None or self.new is None:
            return None
        return change(self.old, self.new)

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class ParticipantDiff:
    old: Participant
    new: Participant
    changes: tuple[Change, ...]

    @property
    def id(self) -> str:
        return self.new.id


@dataclass(frozen=True)
class FlowDiff:
    old: Flow
    new: Flow
    changes: tuple[Change, ...]
    annual: Delta


@dataclass(frozen=True)
class RevenueDiff:
    """The focus's revenue model in both versions (SPEC §3 钱从哪里来)."""

    total: Delta
    by_category: dict[str, Delta]  # every category either version has, CATEGORIES order
    costs: Delta
    net: Delta
    margin: Delta  # a ratio; None where there is no revenue

    @property
    def changed(self) -> bool:
        return any(d.changed for d in (self.total, self.costs, self.net, self.margin,
                                       *self.by_category.values()))


@dataclass(frozen=True)
class LossChange:
    """A participant among the top of the loss simulation whose money at risk or rank moved."""

    participant: str
    name: str
    money_at_risk: Delta
    old_rank: int | None  # 1 = the largest money at risk; None = not in that version
    new_rank: int | None


@dataclass(frozen=True)
class RiskDiff:
    old: Risk
    new: Risk
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ScenarioDiff:
    """A scenario of both versions whose effect changed."""

    id: str
    name: str
    revenue_delta: Delta
    net_delta: Delta


@dataclass(frozen=True)
class MapDiff:
    old: Analysis
    new: Analysis
    map_changes: tuple[Change, ...]
    participants_added: tuple[Participant, ...]     # new map order
    participants_removed: tuple[Participant, ...]   # old map order
    participants_changed: tuple[ParticipantDiff, ...]
    flows_added: tuple[Flow, ...]
    flows_removed: tuple[Flow, ...]
    flows_changed: tuple[FlowDiff, ...]
    revenue: RevenueDiff
    loss: tuple[LossChange, ...]
    findings_added: tuple[Finding, ...]     # errors first (Finding.sort_key)
    findings_resolved: tuple[Finding, ...]
    risks_added: tuple[Risk, ...]
    risks_removed: tuple[Risk, ...]
    risks_changed: tuple[RiskDiff, ...]
    scenarios_added: tuple[Scenario, ...]
    scenarios_removed: tuple[Scenario, ...]
    scenarios_changed: tuple[ScenarioDiff, ...]
    # ``diff --from-phase A --to-phase B``: the two roadmap phases compared (old's, new's), so
    # every header names them; None for two versions of a map.
    phases: tuple[Phase, Phase] | None = None

    @property
    def changed(self) -> bool:
        """Whether the versions differ in anything this diff reports (comments, layout of the
        YAML, key order and the spelling of an unchanged amount do not count)."""
        return bool(self.map_changes or self.participants_added or self.participants_removed
                    or self.participants_changed or self.flows_added or self.flows_removed
                    or self.flows_changed or self.revenue.changed or self.loss
                    or self.findings_added or self.findings_resolved or self.risks_added
                    or self.risks_removed or self.risks_changed or self.scenarios_added
                    or self.scenarios_removed or self.scenarios_changed)

    @property
    def money_comparable(self) -> bool:
        """Deltas only mean something in one currency."""
        return self.old.eco.currency == self.new.eco.currency

    def name(self, pid: str) -> str:
        """A participant's name, the new version's where it still exists."""
        return _name(self.old, self.new, pid)


def _name(old: Analysis, new: Analysis, pid: str) -> str:
    for eco in (new.eco, old.eco):
        p = eco.participants_by_id.get(pid)
        if p is not None:
            return p.name
    return pid


# ---------------------------------------------------------------- fields

def _comparable(value: object) -> object:
    # An amount is the same when it means the same: "980 CNY/month" == "980元/月".
    if isinstance(value, Amount):
        return (value.value, value.currency, value.per)
    return value


def field_changes(old: object, new: object, fields: Iterable[str]) -> tuple[Change, ...]:
    changes = []
    for name in fields:
        a, b = getattr(old, name), getattr(new, name)
        if _comparable(a) != _comparable(b):
            changes.append(Change(name, a, b))
    return tuple(changes)


def _map_fields(old: Analysis, new: Analysis) -> tuple[Change, ...]:
    changes = []
    for name in MAP_FIELDS:
        a: object = getattr(old.eco, name)
        b: object = getattr(new.eco, name)
        if name == "layers":  # spans differ between versions; what the reader sees does not
            a = tuple((layer.id, layer.name) for layer in old.eco.layers)
            b = tuple((layer.id, layer.name) for layer in new.eco.layers)
        elif name == "checks":
            a, b = tuple(sorted(old.eco.checks.items())), tuple(sorted(new.eco.checks.items()))
        if a != b:
            changes.append(Change(name, a, b))
    return tuple(changes)


# ---------------------------------------------------------------- matching

def match_flows(old: Sequence[Flow], new: Sequence[Flow]
                ) -> tuple[list[tuple[Flow, Flow]], list[Flow], list[Flow]]:
    """(pairs in new map order, removed in old map order, added in new map order)."""
    pairs: list[tuple[Flow, Flow]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()

    def pair(a: Flow, b: Flow) -> None:
        pairs.append((a, b))
        used_old.add(a.index)
        used_new.add(b.index)

    by_id = {f.id: f for f in new if f.id is not None}
    for f in old:
        if f.id is not None and f.id in by_id:
            pair(f, by_id[f.id])

    def by_key(key: Callable[[Flow], Hashable], only_single: bool) -> None:
        olds: dict[Hashable, list[Flow]] = defaultdict(list)
        news: dict[Hashable, list[Flow]] = defaultdict(list)
        for f in old:
            if f.index not in used_old:
                olds[key(f)].append(f)
        for f in new:
            if f.index not in used_new:
                news[key(f)].append(f)
        for k, before in olds.items():
            after = news.get(k, [])
            if only_single and (len(before) != 1 or len(after) != 1):
                continue  # ambiguous: better reported as removed and added than mismatched
            # Several alike: the i-th old is the i-th new; the surplus is added or removed.
            for a, b in zip(before, after, strict=False):
                pair(a, b)

    by_key(lambda f: (f.source, f.target, f.kind, f.label), only_single=False)
    by_key(lambda f: (f.source, f.target, f.kind), only_single=True)
    pairs.sort(key=lambda ab: ab[1].index)
    removed = [f for f in old if f.index not in used_old]
    added = [f for f in new if f.index not in used_new]
    return pairs, removed, added


def _finding_key(f: Finding) -> tuple[str, tuple[str, ...]]:
    # Flow refs can shift between versions ("#2"); check and subjects are what a reader means.
    return (f.check, f.subjects)


def finding_changes(old: Sequence[Finding], new: Sequence[Finding]
                    ) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(added, resolved), as multisets of (check, subjects), each in Finding order."""
    before = Counter(_finding_key(f) for f in old)
    after = Counter(_finding_key(f) for f in new)
    added, resolved = [], []
    seen: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for f in new:
        k = _finding_key(f)
        seen[k] += 1
        if seen[k] > before[k]:
            added.append(f)
    seen.clear()
    for f in old:
        k = _finding_key(f)
        seen[k] += 1
        if seen[k] > after[k]:
            resolved.append(f)
    return (tuple(sorted(added, key=Finding.sort_key)),
            tuple(sorted(resolved, key=Finding.sort_key)))


# ---------------------------------------------------------------- figures

def _revenue(old: Analysis, new: Analysis) -> RevenueDiff:
    a, b = old.revenue, new.revenue
    categories = [c for c in CATEGORIES if c in a.by_category or c in b.by_category]
    return RevenueDiff(
        total=Delta(a.total, b.total),
        by_category={c: Delta(a.by_category.get(c, ZERO), b.by_category.get(c, ZERO))
                     for c in categories},
        costs=Delta(a.costs, b.costs), net=Delta(a.net, b.net),
        margin=Delta(a.margin, b.margin),
    )


def _loss(old: Analysis, new: Analysis) -> tuple[LossChange, ...]:
    old_rank = {e.participant: i for i, e in enumerate(old.loss, 1)}
    new_rank = {e.participant: i for i, e in enumerate(new.loss, 1)}
    old_money = {e.participant: e.money_at_risk for e in old.loss}
    new_money = {e.participant: e.money_at_risk for e in new.loss}
    candidates = [e.participant for e in new.loss[:TOP_LOSS]]
    candidates += [e.participant for e in old.loss[:TOP_LOSS] if e.participant not in candidates]
    result = []
    for pid in candidates:
        # Not in a version = nothing at risk there (its rank, None, tells it apart).
        money = Delta(old_money.get(pid, ZERO), new_money.get(pid, ZERO))
        if all(v is None or v.is_zero() for v in (money.old, money.new)):
            continue  # ranks among participants with nothing at risk are ties, not news
        if money.changed or old_rank.get(pid) != new_rank.get(pid):
            result.append(LossChange(pid, _name(old, new, pid), money, old_rank.get(pid),
                                     new_rank.get(pid)))
    return tuple(result)


def _scenarios(old: Sequence[ScenarioResult], new: Sequence[ScenarioResult]
               ) -> tuple[ScenarioDiff, ...]:
    before = {s.id: s for s in old}
    result = []
    for s in new:
        b = before.get(s.id)
        if b is None:
            continue
        revenue, net = Delta(b.revenue_delta, s.revenue_delta), Delta(b.net_delta, s.net_delta)
        if revenue.changed or net.changed:
            result.append(ScenarioDiff(s.id, s.name, revenue, net))
    return tuple(result)


def _risk_changes(old: Sequence[Risk], new: Sequence[Risk]
                   ) -> tuple[tuple[Risk, ...], tuple[Risk, ...], tuple[RiskDiff, ...]]:
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    changed = []
    for r in new:
        if r.id in before:
            changes = field_changes(before[r.id], r, RISK_FIELDS)
            if changes:
                changed.append(RiskDiff(before[r.id], r, changes))
    return (tuple(r for r in new if r.id not in before),
            tuple(r for r in old if r.id not in after), tuple(changed))


def compare(old_result: AnalysisResult, new_result: AnalysisResult) -> MapDiff:
    """What changed from ``old`` to ``new`` (both analysed with ``ecomap.analysis.analyze``)."""
    old, new = old_result.base, new_result.base
    o, n = old.eco, new.eco
    old_p, new_p = o.participants_by_id, n.participants_by_id
    changed_p = []
    for p in n.participants:
        if p.id in old_p:
            changes = field_changes(old_p[p.id], p, PARTICIPANT_FIELDS)
            if changes:
                changed_p.append(ParticipantDiff(old_p[p.id], p, changes))
    pairs, removed, added = match_flows(o.flows, n.flows)
    changed_f = []
    for a, b in pairs:
        changes = field_changes(a, b, FLOW_FIELDS)
        if changes:
            changed_f.append(FlowDiff(a, b, changes, Delta(old.ctx.annual(a),
                                                           new.ctx.annual(b))))
    findings_added, findings_resolved = finding_changes(old.findings, new.findings)
    risks_added, risks_removed, risks_changed = _risk_changes(o.risks, n.risks)
    old_s = {s.id for s in o.scenarios}
    new_s = {s.id for s in n.scenarios}
    return MapDiff(
        old=old, new=new, map_changes=_map_fields(old, new),
        participants_added=tuple(p for p in n.participants if p.id not in old_p),
        participants_removed=tuple(p for p in o.participants if p.id not in new_p),
        participants_changed=tuple(changed_p),
        flows_added=tuple(added), flows_removed=tuple(removed), flows_changed=tuple(changed_f),
        revenue=_revenue(old, new), loss=_loss(old, new),
        findings_added=findings_added, findings_resolved=findings_resolved,
        risks_added=risks_added, risks_removed=risks_removed, risks_changed=risks_changed,
        scenarios_added=tuple(s for s in n.scenarios if s.id not in old_s),
        scenarios_removed=tuple(s for s in o.scenarios if s.id not in new_s),
        scenarios_changed=_scenarios(old_result.scenarios, new_result.scenarios),
    )


def margin_points(d: Delta) -> Value | None:
    """A margin's change in percentage points (0.02 → 2)."""
    delta = d.delta
    return None if delta is None else delta.scale(Fraction(100))
