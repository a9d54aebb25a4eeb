"""Findings: what a check found, a map's ``checks:`` overrides, ordering (checks.py declares
the checks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from ecomap import i18n
from ecomap.amounts import Value
from ecomap.errors import Span

NO_RANK = Fraction(0)
SEVERITY_ORDER: Mapping[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One result of one check: what it is about, the parameters of its message, where in the map.

    The message is made in the reader's language when it is shown (``message``), from the
    check's template in ecomap.i18n."""

    check: str
    subjects: tuple[str, ...]
    params: tuple[tuple[str, object], ...]
    span: Span | None
    flows: tuple[str, ...] = ()
    severity: str = ""  # the check's default (checks.check), or the map's override
    # Order within one check: risk findings sort by money at risk (largest first).
    rank: Fraction = Fraction(0)
    money_at_risk: Value | None = None

    def message(self, locale: str) -> str:
        return i18n.fill(self.check, locale, dict(self.params))

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


def make(check: str, severity: str, subjects: Iterable[str],
         params: tuple[tuple[str, object], ...], span: Span | None, flows: Iterable[str] = (),
         money_at_risk: Value | None = None) -> Finding:
    """A finding (ranked by money at risk when given); checks.check calls this."""
    rank = -money_at_risk.mid if money_at_risk is not None else NO_RANK
    return Finding(check, tuple(subjects), params, span, tuple(flows), severity, rank,
                   money_at_risk)


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
