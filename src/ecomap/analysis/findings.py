"""Findings: the check registry, default severities, a map's ``checks:`` overrides, ordering."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from ecomap.amounts import Value
from ecomap.errors import Span

NO_RANK = Fraction(0)
SEVERITY_ORDER: Mapping[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    title_zh: str
    title_en: str


# SPEC §3's table, with the default severity of each check.
CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("model.isolated", "warning", "孤立参与者", "isolated participant"),
    Check("risk.cut_vertex", "warning", "关键连接节点", "cut vertex"),
    Check("risk.single_source", "warning", "单一来源依赖", "single-source dependency"),
    Check("risk.broker", "info", "中间人节点", "broker"),
    Check("risk.concentration", "warning", "收入集中", "revenue concentration"),
    Check("balance.one_way", "info", "单向关系", "one-way relationship"),
    Check("balance.under_rewarded", "warning", "分利过少", "under-rewarded partner"),
    Check("balance.data_given_free", "warning", "数据白送", "data given away"),
    Check("compliance.sensitive_data_shared", "error", "敏感数据外流", "sensitive data shared"),
    Check("compliance.no_consent", "error", "未经授权的数据输出", "data shared without consent"),
    Check("compliance.data_export", "warning", "数据出境", "data export"),
    Check("path.broken", "warning", "价值路径断裂", "value path broken"),
    Check("model.rate_without_volume", "warning", "单价缺少数量", "rate without volume"),
)}


@dataclass(frozen=True)
class Finding:
    """One result of one check: what it is about, a message in zh and en, where in the map."""

    check: str
    subjects: tuple[str, ...]
    message_zh: str
    message_en: str
    span: Span | None
    flows: tuple[str, ...] = ()
    severity: str = ""  # "" = the check's default, filled in by make()
    # Order within one check: risk findings sort by money at risk (largest first).
    rank: Fraction = Fraction(0)
    money_at_risk: Value | None = None

    def message(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message_zh

    @property
    def where(self) -> str:
        return str(self.span) if self.span else ""

    def format_line(self, locale: str) -> str:
        """``path:line:col: severity: message [check.id]`` — the ``ecomap check`` line."""
        return f"{self.where or '-'}: {self.severity}: {self.message(locale)} [{self.check}]"

    def sort_key(self) -> tuple[int, str, Fraction, tuple[str, int, int], tuple[str, ...]]:
        # Positions compare as (path, line, col) numbers, so line 14 comes before line 141.
        pos = (self.span.path, self.span.line, self.span.col) if self.span else ("", 0, 0)
        return (SEVERITY_ORDER.get(self.severity, 9), self.check, self.rank, pos, self.subjects)

    def identity(self) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """What makes two findings "the same" across a map and its scenario."""
        return (self.check, self.subjects, self.flows)


def make(check: str, subjects: Iterable[str], zh: str, en: str, span: Span | None,
         flows: Iterable[str] = (), money_at_risk: Value | None = None) -> Finding:
    """A finding with its check's default severity (ranked by money at risk when given)."""
    rank = -money_at_risk.mid if money_at_risk is not None else NO_RANK
    return Finding(check, tuple(subjects), zh, en, span, tuple(flows), CHECKS[check].severity,
                   rank, money_at_risk)


def apply_overrides(findings: Iterable[Finding], overrides: Mapping[str, str]) -> list[Finding]:
    """Apply a map's ``checks:`` (severity or ``ignore``) and sort deterministically."""
    result = []
    for f in findings:
        level = overrides.get(f.check)
        if level == "ignore":
            continue
        if level and level != f.severity:
            f = replace(f, severity=level)
        result.append(f)
    return sorted(result, key=Finding.sort_key)


def has_errors(findings: Iterable[Finding]) -> bool:
    """``ecomap check`` exits 1 when this is true."""
    return any(f.severity == "error" for f in findings)
