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
    share: tuple[Fraction, ...] = ()
    category: str | None = None
    path: str | None = None
    sensitivity: str | None = None
    consent: bool | None = None
    note: str = ""

    @property
    def annual(self) -> Value | None:
        """``amount × periods per year × volume × Π share`` (SPEC §1), exact; None if no amount."""
        if self.amount is None:
            return None
        factor = self.volume if self.volume is not None else Fraction(1)
        for s in self.share:
            factor *= s
        return self.amount.annual().scale(factor)

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

    @property
    def name(self) -> str:
        """The map's file stem: the output folder and file names derive from it."""
        base = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0] if "." in base else base

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
