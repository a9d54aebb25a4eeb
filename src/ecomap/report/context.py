"""What every section builder reads: the typed result, the language, names and formatting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ecomap.analysis.core import Analysis
from ecomap.analysis.findings import Finding
from ecomap.analysis.result import AnalysisResult
from ecomap.model import Ecosystem, Flow
from ecomap.render import i18n
from ecomap.report.format import Fmt

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class ReportContext:
    result: AnalysisResult
    lang: str
    t: Mapping[str, str] = field(init=False)
    fmt: Fmt = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "t", i18n.STRINGS[self.lang])
        object.__setattr__(self, "fmt", Fmt(self.lang, self.eco.currency))

    @property
    def analysis(self) -> Analysis:
        return self.result.shown

    @property
    def eco(self) -> Ecosystem:
        return self.result.shown.eco

    @cached_property
    def _names(self) -> dict[str, str]:
        # A scenario's report also names what the scenario removed (drawn struck out).
        names = dict(self.result.selected.applied.names) if self.result.selected else {}
        names.update((p.id, p.name) for p in self.result.base.eco.participants)
        names.update((p.id, p.name) for p in self.eco.participants)
        return names

    @cached_property
    def flows_by_ref(self) -> dict[str, Flow]:
        """The shown map's flows, and the base's where a scenario removed them."""
        flows = {f.ref: f for f in self.result.base.eco.flows}
        flows.update((f.ref, f) for f in self.eco.flows)
        return flows

    def name(self, pid: str) -> str:
        return self._names.get(pid, pid)

    def who(self, pids: Iterable[str]) -> list[dict[str, str]]:
        return [{"id": pid, "name": self.name(pid)} for pid in pids]

    def flow_text(self, ref: str) -> str:
        f = self.flows_by_ref.get(ref)
        if f is None:
            return ref
        return f"{self.name(f.source)} → {self.name(f.target)}：{f.label}".rstrip("：")

    def kind_name(self, kind: str) -> str:
        return i18n.label(i18n.KINDS, self.lang, kind)

    def finding_row(self, f: Finding, where: bool = True) -> dict[str, object]:
        return {"check": f.check, "check_name": i18n.label(i18n.CHECKS, self.lang, f.check),
                "severity": f.severity,
                "severity_name": i18n.label(i18n.SEVERITIES, self.lang, f.severity),
                "sev_sort": SEVERITY_RANK.get(f.severity, 0), "subjects": self.who(f.subjects),
                "message": f.message(self.lang), "where": f.where if where else ""}
