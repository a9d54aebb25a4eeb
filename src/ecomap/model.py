"""The validated map: frozen dataclasses, the only input every later stage reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from ecomap.amounts import Amount, Value
from ecomap.errors import Span
from ecomap.mapfile import map_stem

KINDS = ("money", "data", "asset", "service")
PARTNER_TYPES = ("capability", "resource", "traffic", "innovation")
CATEGORIES = ("service", "data", "commission", "subscription", "finance", "other")
SENSITIVITIES = ("public", "desensitized", "sensitive")
LEVELS = ("low", "medium", "high")
REGIONS = ("domestic", "overseas")
SEVERITIES = ("error", "warning", "info", "ignore")
LOCALES = ("zh", "en")
# partner_types_and_mechanisms.txt has two scorecards, kept apart as the lesson keeps them.
# 第2步 伙伴筛选 (choosing a partner): 服务质量 40% · 覆盖范围 25% · 成本竞争力 20% ·
# 系统对接能力 15%.
SCREENING_WEIGHTS: Mapping[str, Fraction] = MappingProxyType({
    "service_quality": Fraction(40, 100), "coverage": Fraction(25, 100),
    "cost": Fraction(20, 100), "integration": Fraction(15, 100),
})
SCREENING_FIELDS = tuple(SCREENING_WEIGHTS)
# 机制3 质量管理 (running a partner), 评估指标: 客户满意度 40% · 服务响应速度 25% · 投诉处理 20% ·
# 价格合理性 15%; their weighted score is the 客户评分 the tiers are read on.
QUALITY_WEIGHTS: Mapping[str, Fraction] = MappingProxyType({
    "satisfaction": Fraction(40, 100), "response": Fraction(25, 100),
    "complaint_handling": Fraction(20, 100), "price": Fraction(15, 100),
})
QUALITY_FIELDS = tuple(QUALITY_WEIGHTS)
# 机制3's 3级评估体系: (tier, 客户评分 above, 投诉率 below) — both strict, both needed; 黄牌 else.
TIER_RULES: tuple[tuple[str, Fraction, Fraction], ...] = (
    ("gold", Fraction(48, 10), Fraction(5, 1000)),
    ("silver", Fraction(45, 10), Fraction(1, 100)),
    ("bronze", Fraction(4), Fraction(2, 100)),
)
TIERS = (*(rule[0] for rule in TIER_RULES), "yellow")


@dataclass(frozen=True)
class Layer:
    """One ring of the map (核心层, 战略伙伴层…): its id and display name."""

    id: str
    name: str
    span: Span | None = None


# The five-layer template of seeds/ecosystem_map_design.txt, 第二步.
DEFAULT_LAYERS: tuple[Layer, ...] = (
    Layer("core", "核心层"),
    Layer("strategic", "战略伙伴层"),
    Layer("service", "服务提供层"),
    Layer("enabler", "生态赋能层"),
    Layer("users", "用户层"),
)


def _weighted(values: object, weights: Mapping[str, Fraction]) -> Fraction:
    return sum((getattr(values, k) * w for k, w in weights.items()), Fraction(0))


@dataclass(frozen=True)
class Screening:
    """第2步 伙伴筛选: a candidate partner's four screening scores, each 0–5. For choosing a
    partner; it gives no tier (the tier is 机制3's, from how a partner actually performs)."""

    service_quality: Fraction
    coverage: Fraction
    cost: Fraction
    integration: Fraction

    @property
    def weighted(self) -> Fraction:
        return _weighted(self, SCREENING_WEIGHTS)


@dataclass(frozen=True)
class QualityReview:
    """机制3 质量管理: a partner's four 评估指标 (0–5) and its 投诉率 (a fraction: 0.4% is
    0.004). The weighted indicators are its 客户评分; the tier needs the rating AND the rate."""

    satisfaction: Fraction
    response: Fraction
    complaint_handling: Fraction
    price: Fraction
    complaint_rate: Fraction

    @property
    def rating(self) -> Fraction:
        return _weighted(self, QUALITY_WEIGHTS)

    @property
    def tier(self) -> str:
        """金牌 评分>4.8 且 投诉率<0.5%, 银牌 >4.5 且 <1%, 铜牌 >4.0 且 <2%, else 黄牌: a 4.9 with
        1.5% complaints is 铜牌, exactly 4.8 is 银牌."""
        rating, rate = self.rating, self.complaint_rate
        return next((tier for tier, above, below in TIER_RULES if rating > above and rate < below),
                    "yellow")


@dataclass(frozen=True)
class Deprecation:
    """A documented key an older map may still use: read (migrated), and warned about by
    ``model.deprecated_key`` at its place."""

    key: str  # the old key ("scores")
    replacement: str  # what to write instead ("screening")
    subject: str  # the participant (or other id) it is on
    span: Span


@dataclass(frozen=True)
class Participant:
    """One actor of the ecosystem: a company, a team of the focus, a group of users."""

    id: str
    name: str
    layer: str
    span: Span
    role: str = ""
    partner_type: str | None = None
    internal: bool = False
    region: str | None = None
    count: int | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    screening: Screening | None = None  # 第2步 伙伴筛选 (choosing the partner)
    quality: QualityReview | None = None  # 机制3 质量管理 (its tier)
    phase: str | None = None  # the roadmap phase from which it exists (None: from the first)

    @property
    def tier(self) -> str | None:
        """金牌/银牌/铜牌/黄牌 from the quality review; None without one."""
        return self.quality.tier if self.quality is not None else None


@dataclass(frozen=True)
class Flow:
    """One value exchange in one direction; ``index`` is its position in the map."""

    index: int
    ref: str  # the id, else "from->to:kind" (made unique with "#2", "#3" …)
    source: str
    target: str
    kind: str
    label: str
    span: Span
    id: str | None = None
    amount: Amount | None = None
    volume: Fraction | None = None
    share: tuple[Value, ...] = ()  # each a percentage or a range of them; they multiply
    category: str | None = None
    paths: tuple[str, ...] = ()  # the value paths it is on (one data source, several products)
    sensitivity: str | None = None
    consent: bool | None = None
    note: str = ""
    phase: str | None = None  # the roadmap phase from which it exists (None: from the first)

    @property
    def path(self) -> str | None:
        """The first value path the flow is on (None: on none)."""
        return self.paths[0] if self.paths else None

    @property
    def is_once(self) -> bool:
        """A one-off amount: an investment, kept out of every annual figure."""
        return self.amount is not None and self.amount.is_once

    @cached_property
    def annual(self) -> Value | None:
        """``amount × periods per year × volume × Π share`` (SPEC §1), exact; None if no amount.
        For a ``once`` amount this is the one-off total (the investment), not a yearly figure.
        Kept with the flow: a scenario's map shares its base's unchanged flows, and exact
        Fractions are not free (8,000 flows, a hundred scenarios)."""
        if self.amount is None:
            return None
        value = self.amount.annual()
        if self.volume is not None:
            value = value.scale(self.volume)
        for s in self.share:
            value = value * s
        return value

    @property
    def currency(self) -> str | None:
        return self.amount.currency if self.amount else None


@dataclass(frozen=True)
class Risk:
    """A risk the map's author names, with its likelihood, impact and mitigation."""

    id: str
    name: str
    span: Span
    about: tuple[str, ...] = ()
    likelihood: str = "medium"
    impact: str = "medium"
    mitigation: str = ""


@dataclass(frozen=True)
class Phase:
    """One roadmap phase (阶段1 紧急止血, months 0–6): ``start``/``end`` in months from now."""

    id: str
    name: str
    start: int
    end: int
    span: Span

    @property
    def months(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Kpi:
    """A target of the 指标体系 (留存率 ≥80%, 月度); target and current are kept as written."""

    name: str
    span: Span
    target: str = ""
    current: str = ""
    unit: str = ""
    frequency: str = ""
    phase: str | None = None


@dataclass(frozen=True)
class FlowChange:
    """The fields a scenario's ``set`` changes on one flow (None = unchanged)."""

    flow_id: str
    span: Span
    fields: Mapping[str, object]


@dataclass(frozen=True)
class Scenario:
    """A what-if: participants removed or added, flows added or changed, on the map or
    on another scenario (``base``)."""

    id: str
    name: str
    span: Span
    remove: tuple[str, ...] = ()
    add_participants: tuple[Participant, ...] = ()
    add_flows: tuple[Flow, ...] = ()
    set: tuple[FlowChange, ...] = ()
    base: str | None = None  # the scenario it builds on (applied first, as a chain)


@dataclass(frozen=True)
class Ecosystem:
    """The whole validated map."""

    path: str
    title: str
    focus: str
    layers: tuple[Layer, ...]
    participants: tuple[Participant, ...]
    flows: tuple[Flow, ...]
    span: Span
    version: int = 1
    description: str = ""
    locale: str = "zh"
    currency: str = "CNY"
    risks: tuple[Risk, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    checks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    focus_span: Span | None = None
    phases: tuple[Phase, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    deprecations: tuple[Deprecation, ...] = ()

    @property
    def name(self) -> str:
        """The map's file stem: the output folder and file names derive from it."""
        return map_stem(self.path)

    def participant(self, pid: str) -> Participant:
        return self.participants_by_id[pid]

    @cached_property
    def participants_by_id(self) -> Mapping[str, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def layer_index(self) -> Mapping[str, int]:
        """Layer id → ring/band number, 0 = innermost."""
        return {layer.id: i for i, layer in enumerate(self.layers)}

    def is_internal(self, pid: str) -> bool:
        """Inside the focus organisation: the focus itself or a unit marked ``internal``."""
        return pid == self.focus or self.participant(pid).internal

    def scenario(self, sid: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == sid), None)

    @cached_property
    def phase_order(self) -> Mapping[str, int]:
        """Roadmap phase id → its index, 0 = the first phase."""
        return {p.id: i for i, p in enumerate(self.phases)}

    def phase_index(self, phase: str | None) -> int:
        """The index of a ``phase:`` value; none (or an unknown id) means the first phase."""
        return self.phase_order.get(phase, 0) if phase is not None else 0

    def flow_phase(self, f: Flow) -> int:
        """The index of the first phase in which a flow exists: its own and both ends' phases
        (a flow to a partner that joins in phase 3 exists from phase 3)."""
        ends = (self.participants_by_id.get(f.source), self.participants_by_id.get(f.target))
        return max([self.phase_index(f.phase)]
                   + [self.phase_index(p.phase) for p in ends if p is not None])
