"""The validated map: frozen dataclasses, the only input every later stage reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from ecomap.amounts import Amount, Value
from ecomap.errors import Span

KINDS = ("money", "data", "asset", "service")
PARTNER_TYPES = ("capability", "resource", "traffic", "innovation")
CATEGORIES = ("service", "data", "commission", "subscription", "finance", "other")
SENSITIVITIES = ("public", "desensitized", "sensitive")
LEVELS = ("low", "medium", "high")
REGIONS = ("domestic", "overseas")
SEVERITIES = ("error", "warning", "info", "ignore")
LOCALES = ("zh", "en")
SCORE_FIELDS = ("quality", "coverage", "cost", "integration")
# The seed's partner-screening weights (partner_types_and_mechanisms.txt, 第2步 伙伴筛选).
SCORE_WEIGHTS: Mapping[str, Fraction] = MappingProxyType({
    "quality": Fraction(40, 100), "coverage": Fraction(25, 100),
    "cost": Fraction(20, 100), "integration": Fraction(15, 100),
})


@dataclass(frozen=True)
class Layer:
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


@dataclass(frozen=True)
class Scores:
    """Partner scorecard inputs, each 0–5 (机制3 质量管理机制)."""

    quality: Fraction
    coverage: Fraction
    cost: Fraction
    integration: Fraction

    @property
    def weighted(self) -> Fraction:
        return sum((getattr(self, k) * w for k, w in SCORE_WEIGHTS.items()), Fraction(0))

    @property
    def tier(self) -> str:
        """金牌 >4.8, 银牌 >4.5, 铜牌 >4.0, else 黄牌 — the seed's thresholds on a 5-point scale."""
        score = self.weighted
        if score > Fraction(48, 10):
            return "gold"
        if score > Fraction(45, 10):
            return "silver"
        if score > 4:
            return "bronze"
        return "yellow"


@dataclass(frozen=True)
class Participant:
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
    scores: Scores | None = None
    phase: str | None = None  # the roadmap phase from which it exists (None: from the first)


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
    id: str
    name: str
    span: Span
    remove: tuple[str, ...] = ()
    add_participants: tuple[Participant, ...] = ()
    add_flows: tuple[Flow, ...] = ()
    set: tuple[FlowChange, ...] = ()
    base: str | None = None  # the scenario it builds on (applied first, as a chain)


def map_stem(path: str) -> str:
    """A map file's stem (``maps/nio_baas.yaml`` → ``nio_baas``), the name of its outputs."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


@dataclass(frozen=True)
class Ecosystem:
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
