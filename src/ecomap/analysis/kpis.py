"""Whether each KPI of the map (seed 003's 指标体系) meets its target.

Targets and current values are kept as written (``≥80%``, ``78%``); they are compared only when
both read as a number in the same unit:

- a target is a comparison (``≥`` ``>=`` ``≧`` ``>`` ``≤`` ``<=`` ``≦`` ``<`` ``=``; full-width
  ``＞`` ``＜`` ``＝`` too) with a number, or a range ``80-90%`` (met inside it, ends included).
  A bare number (``93%``) is a level to reach, read as ``≥`` — a KPI that must stay below a
  level says so with ``≤``/``<`` (投诉率 <0.5%);
- a number is percent when it carries ``%``/``％`` or the KPI's ``unit`` is ``%``; a target in
  percent against a current value that is not (or the other way round), or any other text after
  the number that is not the KPI's unit, cannot be compared: ``not_comparable``, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import AmountSyntaxError, exact_number
from ecomap.model import Kpi

MET = "met"
NOT_MET = "not_met"
NO_CURRENT = "no_current"
NOT_COMPARABLE = "not_comparable"
STATUSES = (MET, NOT_MET, NO_CURRENT, NOT_COMPARABLE)

_OPERATORS = {"≥": ">=", ">=": ">=", "≧": ">=", "＞＝": ">=", ">": ">", "＞": ">",
              "≤": "<=", "<=": "<=", "≦": "<=", "＜＝": "<=", "<": "<", "＜": "<",
              "=": "=", "==": "=", "＝": "="}
_OPERATOR = "|".join(sorted(map(re.escape, _OPERATORS), key=len, reverse=True))
_NUMBER = r"[0-9０-９][0-9０-９,.]*"
_TARGET = re.compile(rf"^({_OPERATOR})?\s*({_NUMBER})\s*([%％]?)"
                     rf"(?:\s*[-–~～至]\s*({_NUMBER})\s*([%％]?))?\s*(.*?)$")
_CURRENT = re.compile(rf"^({_NUMBER})\s*([%％]?)\s*(.*?)$")


@dataclass(frozen=True)
class KpiStatus:
    kpi: Kpi
    status: str  # one of STATUSES


@dataclass(frozen=True)
class _Reading:
    value: Fraction
    percent: bool


def _number(text: str) -> Fraction | None:
    try:
        return exact_number(text)
    except AmountSyntaxError:
        return None


def _is_percent(sign: str, unit: str) -> bool:
    return bool(sign) or unit.strip() in ("%", "％")


def _suffix_ok(rest: str, unit: str) -> bool:
    """Text after the number is fine when it is the KPI's unit (``55 分`` with unit 分)."""
    rest = rest.strip()
    return not rest or rest == unit.strip()


def kpi_status(kpi: Kpi) -> str:
    """met / not_met / no_current / not_comparable for one KPI (see the module's rules)."""
    if not kpi.current.strip():
        return NO_CURRENT
    target = _TARGET.match(kpi.target.strip())
    current = _CURRENT.match(kpi.current.strip())
    if target is None or current is None:
        return NOT_COMPARABLE
    op, low_text, low_sign, high_text, high_sign, rest = target.groups()
    now_text, now_sign, now_rest = current.groups()
    if not (_suffix_ok(rest, kpi.unit) and _suffix_ok(now_rest, kpi.unit)):
        return NOT_COMPARABLE
    low, now = _number(low_text), _number(now_text)
    high = _number(high_text) if high_text else None
    if low is None or now is None or (high_text and high is None):
        return NOT_COMPARABLE
    percent = _is_percent(low_sign or high_sign or "", kpi.unit)
    if _is_percent(now_sign, kpi.unit) != percent:
        return NOT_COMPARABLE
    if high is not None:
        if op is not None:  # "≥80-90%" says two things at once
            return NOT_COMPARABLE
        return MET if low <= now <= high else NOT_MET
    met = {">=": now >= low, ">": now > low, "<=": now <= low, "<": now < low,
           "=": now == low}[_OPERATORS[op] if op else ">="]
    return MET if met else NOT_MET


def kpi_statuses(kpis: tuple[Kpi, ...]) -> tuple[KpiStatus, ...]:
    return tuple(KpiStatus(k, kpi_status(k)) for k in kpis)
