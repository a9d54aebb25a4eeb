"""What the caller asks of a diagram (DiagramOptions) and what the analysis marks on it (Marks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecomap.analysis.core import Analysis
    from ecomap.model import Flow

LAYOUTS = ("layered", "radial")
THEME_NAMES = ("light", "dark", "print")
VIEWS = ("money", "data", "asset", "service")
# Above this many participants the radial picture reads better than very wide bands.
AUTO_RADIAL_ABOVE = 40
# Above this many participants the report leaves the layered view out unless --layout asks
# for it: dot needs about 1 s for 500 participants but over a minute (the Graphviz timeout)
# for 2,000, and the default render of a big map must finish.
REPORT_LAYERED_MAX = 500


@dataclass(frozen=True)
class DiagramOptions:
    """``layout`` None = chosen by size; ``lang`` None = the map's locale.

    ``removed_participants`` (participant ids) and ``removed_flows`` (flow refs) are drawn as
    removed — a scenario shows what went, not just an absence; a flow is also drawn removed
    when one of its ends is. They are separate sets because a participant id may equal some
    other flow's ref. ``changed`` holds flow refs drawn highlighted; ``previous`` the flows
    as they were before a scenario's ``set`` (their old amount is drawn struck out beside the
    new one). ``added_participants`` and ``added_flows`` are what a scenario adds (drawn as
    new); ``scenario`` is the scenario's name, said on the diagram.
    ``phase`` must be one of the map's phases.
    """

    layout: str | None = None
    theme: str = "light"
    lang: str | None = None
    max_nodes: int | None = None
    view: str | None = None
    removed_participants: frozenset[str] = frozenset()
    removed_flows: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    subtitle: str | None = None  # None = the map's description
    added_participants: frozenset[str] = frozenset()
    added_flows: frozenset[str] = frozenset()
    previous: Mapping[str, Flow] = field(default_factory=lambda: MappingProxyType({}),
                                         compare=False)
    scenario: str | None = None
    # A roadmap phase id: draw the map as it stands in that phase (what starts later is left
    # out, what starts in it is marked new). None = the whole map.
    phase: str | None = None

    def __post_init__(self) -> None:
        if self.layout is not None and self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)} (got {self.layout!r})")
        if self.theme not in THEME_NAMES:
            raise ValueError(f"theme must be one of {', '.join(THEME_NAMES)} (got {self.theme!r})")
        if self.lang is not None and self.lang not in ("zh", "en"):
            raise ValueError(f"lang must be zh or en (got {self.lang!r})")
        if self.view is not None and self.view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)} (got {self.view!r})")
        if self.max_nodes is not None and self.max_nodes < 2:
            raise ValueError(f"max_nodes must be at least 2 (got {self.max_nodes})")


@dataclass(frozen=True)
class Marks:
    """What the analysis says about the map's parts, as the diagram draws it.

    ``risk``: participant id → the risk check ids that hit it. ``compliance``: flow ref →
    "error" or "warning", the worst compliance finding naming the flow (drawn ⚠). ``at_risk``:
    participant id → the focus's annual money at risk if it left (the loss simulation, mid of
    a range), which a collapse keeps the largest of.
    """

    risk: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    compliance: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    at_risk: Mapping[str, Fraction] = field(default_factory=lambda: MappingProxyType({}))

    @staticmethod
    def from_analysis(analysis: Analysis) -> Marks:
        """The risk checks (``risk.*``) whose findings name each participant, the compliance
        findings' flows, and the loss simulation's money at risk."""
        risk: dict[str, tuple[str, ...]] = {}
        for p in analysis.eco.participants:
            checks = tuple(sorted(c for c in analysis.findings_about(p.id)
                                  if c.startswith("risk.")))
            if checks:
                risk[p.id] = checks
        compliance: dict[str, str] = {}
        for f in analysis.findings:
            if not f.check.startswith("compliance.") or f.severity not in _SEVERE:
                continue
            for ref in f.flows:
                if _SEVERE.index(f.severity) < _SEVERE.index(compliance.get(ref, "warning")) \
                        or ref not in compliance:
                    compliance[ref] = f.severity
        at_risk = {e.participant: e.money_at_risk.mid for e in analysis.loss
                   if e.money_at_risk.mid > 0}
        return Marks(MappingProxyType(risk), MappingProxyType(compliance),
                     MappingProxyType(at_risk))

    @staticmethod
    def of(ids: Mapping[str, tuple[str, ...]] | frozenset[str] | set[str]) -> Marks:
        if isinstance(ids, Mapping):
            return Marks(MappingProxyType({k: tuple(v) for k, v in ids.items()}))
        return Marks(MappingProxyType({k: ("risk",) for k in sorted(ids)}))


_SEVERE = ("error", "warning")  # the compliance findings drawn, worst first
