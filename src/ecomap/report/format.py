"""Every figure on the report, formatted in one language and currency from typed values."""

from __future__ import annotations

import re
from fractions import Fraction

from ecomap.amounts import Value, format_figure, format_number
from ecomap.render import i18n

Number = Value | Fraction | int


def _value(x: Number | None) -> Value | None:
    if x is None or isinstance(x, Value):
        return x
    return Value.of(Fraction(x))


class Fmt:
    """Money through ``amounts.format_figure`` (as ``analyze`` and ``diff`` print it), with
    the report's signs; every figure on the page goes through here."""

    def __init__(self, lang: str, currency: str) -> None:
        self.lang = lang
        self.currency = currency

    def money(self, v: Value | None, signed: bool = False) -> str:
        if v is None:
            return "—"
        text = format_figure(v, self.currency, self.lang)
        if signed and v.low > 0:
            text = "+" + text
        text = re.sub(r"^([¥$])-", r"-\1", text)  # ¥-200K → -¥200K
        return re.sub(r"-(?=[\d¥$(])", "−", text)  # a real minus sign reads better in tables

    def number(self, x: Number | None) -> str:
        v = _value(x)
        if v is None:
            return "—"
        low, high = format_number(v.low, self.lang), format_number(v.high, self.lang)
        return low if low == high else f"{low}–{high}"

    def percent(self, x: Number | None) -> str:
        v = _value(x)
        if v is None:
            return "—"
        low, high = f"{float(v.low) * 100:.1f}%", f"{float(v.high) * 100:.1f}%"
        return low if low == high else f"{low}–{high}"

    def times(self, x: Fraction) -> str:
        return i18n.STRINGS[self.lang]["times"].format(x=f"{float(x):.2f}".rstrip("0").rstrip("."))


def sort_key(x: Number | None) -> float:
    """The number a table sorts by: the value, or the middle of a range; 0 when absent."""
    v = _value(x)
    return float(v.mid) if v is not None else 0.0


def sign(v: Value | None) -> int:
    if v is None:
        return 0
    return (v.mid > 0) - (v.mid < 0)
