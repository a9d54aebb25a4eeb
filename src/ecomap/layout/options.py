"""What the caller asks of a diagram (DiagramOptions) and what the analysis marks on it (Marks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecomap.analysis.core import Analysis

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
    other flow's ref. ``changed`` holds flow refs drawn highlighted.
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
    """Participants the analysis flags: participant id → the risk check ids that hit it."""

    risk: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @staticmethod
    def from_analysis(analysis: Analysis) -> Marks:
        """The risk checks (``risk.*``) whose findings name each participant."""
        risk: dict[str, tuple[str, ...]] = {}
        for p in analysis.eco.participants:
            checks = tuple(sorted(c for c in analysis.findings_about(p.id)
                                  if c.startswith("risk.")))
            if checks:
                risk[p.id] = checks
        return Marks(MappingProxyType(risk))

    @staticmethod
    def of(ids: Mapping[str, tuple[str, ...]] | frozenset[str] | set[str]) -> Marks:
        if isinstance(ids, Mapping):
            return Marks(MappingProxyType({k: tuple(v) for k, v in ids.items()}))
        return Marks(MappingProxyType({k: ("risk",) for k in sorted(ids)}))
