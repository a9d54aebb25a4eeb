"""Amounts: parsing 万/亿/k/M/B, ranges and periods; exact annual values; locale formatting.

Every figure is kept as a ``fractions.Fraction`` so that ``10万 × 30% × 2000`` is exactly
60,000,000 and sums never drift; ranges are carried as intervals through every sum.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

MAGNITUDES: dict[str, int] = {
    "": 1, "万": 10_000, "亿": 100_000_000,
    "k": 1_000, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000,
}
PERIODS_PER_YEAR: dict[str, int] = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
# A one-off amount (一次性, an investment) has no periods per year: it is never annualised.
ONCE = "once"
PERIOD_ALIASES: dict[str, str] = {
    "d": "day", "天": "day", "日": "day", "wk": "week", "周": "week", "mo": "month", "月": "month",
    "q": "quarter", "季": "quarter", "季度": "quarter", "yr": "year", "y": "year", "年": "year",
    "annum": "year", "一次性": ONCE, "one-off": ONCE, "oneoff": ONCE,
}
CURRENCY_ALIASES: dict[str, str] = {"元": "CNY", "RMB": "CNY", "¥": "CNY", "$": "USD", "€": "EUR"}

# Digits are ASCII or full-width (what a Chinese input method types), nothing else: Python's
# \d would also take Arabic-Indic and other digits, which the JSON Schema cannot match.
_DIGIT = "[0-9０-９]"
_NUMBER = rf"({_DIGIT}[0-9０-９,]*(?:\.{_DIGIT}+)?|\.{_DIGIT}+)\s*(万|亿|[kKMB])?"
_AMOUNT_RE = re.compile(
    rf"^\s*(?P<cur1>[¥$€])?\s*{_NUMBER}(?:\s*(?:-|–|~|to)\s*{_NUMBER})?"
    r"\s*(?P<cur>[A-Z]{3}|元|RMB)?\s*(?:/\s*(?P<per>[A-Za-z\u4e00-\u9fff]+)"
    r"|\s+(?P<once>once|one-off|一次性)|(?P<once_zh>一次性))?\s*$"
)


class AmountSyntaxError(ValueError):
    """The text is not an amount; the message says what was expected."""


# The numeric range of a map (README "Limits"). Checked from the text, before a Fraction is
# built: ``Fraction("1e999999999")`` computes 10**999999999 and never returns, and a 4,300-digit
# integer exceeds Python's int/str conversion limit. Inside these bounds every product ecomap
# forms (amount × volume × share × periods) stays far below float's 1.8e308, so reports and
# charts never meet inf or NaN.
MAX_NUMBER_CHARS = 40            # characters of one written number (digits, point, exponent)
MAX_EXPONENT = 100               # |e| in 1e15, 2.5E-3
MAX_AMOUNT = 10**15              # an amount per unit and period: 1,000万亿 / a quadrillion
MAX_VOLUME = 10**12              # units per period, and a participant's count
_NUMBER_TEXT = re.compile(r"^([-+]?)([0-9,]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$")
# Full-width digits (what a Chinese input method types) read as their ASCII twins.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _limit_text(limit: int) -> str:
    """1e15 (the README's "Limits" spelling) for a power of ten; 5 for a small bound."""
    return str(limit) if limit < 10**6 else f"{limit:.0e}".replace("e+", "e")


def exact_number(text: str, what: str = "number", limit: int = MAX_AMOUNT,
                 bounds: str = "") -> Fraction:
    """The exact value of a written number (``1,200``, ``2.5e3``, ``.5``), at most ``limit``;
    AmountSyntaxError naming the limit (or ``bounds``, "between 0 and 5") when it is out of
    range. Digits and exponent are checked on the text: no huge power of ten is computed."""
    written = text.strip().translate(_FULL_WIDTH)
    if len(written) > MAX_NUMBER_CHARS:
        raise AmountSyntaxError(f"{what} is too long ({len(written)} characters; a number has "
                                f"at most {MAX_NUMBER_CHARS})")
    m = _NUMBER_TEXT.match(written)
    if not m or not any(c.isdigit() for c in (m.group(2) or "") + (m.group(3) or "")):
        raise AmountSyntaxError(f"{what} must be a number (got {text!r})")
    exponent = int(m.group(4) or 0)  # at most 40 characters: cheap
    if exponent > MAX_EXPONENT:
        bound = bounds or (f"at least -{_limit_text(limit)}" if m.group(1) == "-"
                           else f"at most {_limit_text(limit)}")
        raise AmountSyntaxError(f"{what} must be {bound} (got {written})")
    if exponent < -MAX_EXPONENT:
        raise AmountSyntaxError(f"{what} is too small to be exact (got {written}; the exponent "
                                f"must be at least -{MAX_EXPONENT})")
    value = Fraction(written.replace(",", ""))
    if bounds and value > limit:
        raise AmountSyntaxError(f"{what} must be {bounds} (got {written})")
    check_range(value, limit, what, written)
    return value


def check_range(value: Fraction, limit: int, what: str, written: str) -> None:
    """AmountSyntaxError naming the limit when ``value`` is above ``limit``."""
    if value > limit:
        raise AmountSyntaxError(f"{what} must be at most {_limit_text(limit)} (got {written})")


@dataclass(frozen=True)
class Value:
    """An exact number or a closed range ``[low, high]``; arithmetic is interval arithmetic."""

    low: Fraction
    high: Fraction

    @staticmethod
    def of(x: int | Fraction | float | str) -> Value:
        f = Fraction(x)
        return Value(f, f)

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def __add__(self, other: Value) -> Value:
        return Value(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Value) -> Value:
        return Value(self.low - other.high, self.high - other.low)

    def __neg__(self) -> Value:
        return Value(-self.high, -self.low)

    def scale(self, factor: Fraction | int) -> Value:
        """Multiply by a non-negative exact factor (volumes, shares, periods)."""
        return Value(self.low * factor, self.high * factor)

    def __mul__(self, other: Value) -> Value:
        products = [a * b for a in (self.low, self.high) for b in (other.low, other.high)]
        return Value(min(products), max(products))

    def divide(self, other: Value) -> Value | None:
        """Ratio of two values (None when the divisor can be zero)."""
        if other.low <= 0 <= other.high:
            return None
        quotients = [a / b for a in (self.low, self.high) for b in (other.low, other.high)]
        return Value(min(quotients), max(quotients))

    @property
    def mid(self) -> Fraction:
        return (self.low + self.high) / 2

    def is_zero(self) -> bool:
        return self.low == 0 and self.high == 0

    def to_json(self) -> float | int | dict[str, float | int]:
        if self.is_range:
            return {"low": json_number(self.low), "high": json_number(self.high)}
        return json_number(self.low)


ZERO = Value(Fraction(0), Fraction(0))


def change(old: Value, new: Value) -> Value:
    """``new − old`` for two versions of one uncertain figure: low against low, high against
    high, as a range from least to most. A range both share cancels to zero, where interval
    subtraction would widen it into ``[low − high, high − low]``."""
    low, high = new.low - old.low, new.high - old.high
    return Value(min(low, high), max(low, high))


def total(values: list[Value] | tuple[Value, ...]) -> Value:
    result = ZERO
    for v in values:
        result = result + v
    return result


def json_number(f: Fraction) -> int | float:
    """An exact integer stays an int; anything else is rounded to cents."""
    if f.denominator == 1:
        return int(f)
    return round(float(f), 2) if abs(f) >= Fraction(1, 100) else round(float(f), 6)


@dataclass(frozen=True)
class Amount:
    """A rate as written in the map: per-unit value, currency, and period (None = one-off)."""

    value: Value
    currency: str
    per: str | None
    text: str

    @property
    def is_once(self) -> bool:
        """An investment (``1500万 CNY once``): summed apart, never revenue, cost or margin."""
        return self.per == ONCE

    @property
    def periods_per_year(self) -> int:
        # A price per event counts once per year unless `per` says otherwise (SPEC §1); a
        # `once` amount is its own total (analysis/roadmap.py keeps it out of annual figures).
        return PERIODS_PER_YEAR[self.per] if self.per and self.per != ONCE else 1

    def annual(self) -> Value:
        return self.value.scale(self.periods_per_year)


def parse_number(text: str, magnitude: str | None) -> Fraction:
    return exact_number(text, "amount") * MAGNITUDES[magnitude or ""]


def normalise_period(word: str) -> str:
    """``month``/``月``/``mo`` → ``month``; raises with the allowed words otherwise."""
    key = word.strip()
    lower = key.lower().rstrip("s") if key.isascii() else key
    if lower in PERIODS_PER_YEAR or lower == ONCE:
        return lower
    if lower in PERIOD_ALIASES:
        return PERIOD_ALIASES[lower]
    raise AmountSyntaxError(
        f"period must be one of {', '.join(PERIODS_PER_YEAR)}, {ONCE} (got {word!r})"
    )


def normalise_currency(code: str) -> str:
    return CURRENCY_ALIASES.get(code, code)


def parse_amount(text: str, default_currency: str) -> Amount:
    """Parse ``980 CNY/month``, ``3.5亿 CNY/year``, ``150-300 CNY/year``, ``880 CNY``, ``2500万``.
    """
    m = _AMOUNT_RE.match(text)
    if not m:
        raise AmountSyntaxError(
            "amount must look like '980 CNY/month', '3.5亿 CNY/year', '150-300 CNY/year', "
            f"'880 CNY' or '1500万 CNY once' (got {text!r})"
        )
    groups = m.groups()
    # "7-12万" means 7万 to 12万: a bare low end borrows the high end's magnitude.
    low = parse_number(groups[1], groups[2] or (groups[4] if groups[3] else None))
    high = parse_number(groups[3], groups[4]) if groups[3] else low
    if high < low:
        raise AmountSyntaxError(f"range must go from low to high (got {text!r})")
    check_range(high, MAX_AMOUNT, "amount", text.strip())
    currency = normalise_currency(m.group("cur") or m.group("cur1") or default_currency)
    per = normalise_period(m.group("per")) if m.group("per") else None
    if m.group("once") or m.group("once_zh"):
        per = ONCE
    return Amount(Value(low, high), currency, per, text.strip())


_PERCENT = rf"({_DIGIT}+(?:\.{_DIGIT}+)?)"
# Compiled on first use (re's cache), as _QUANTITY below: most maps write no share or volume.
_SHARE = rf"^\s*{_PERCENT}\s*%?\s*(?:(?:-|–|~|to)\s*{_PERCENT}\s*)?%\s*$"


def parse_share(text: str) -> Value:
    """``30%`` → 3/10, ``5-10%`` → [1/20, 1/10]. Shares are written as percentages so that 30
    and 0.3 cannot be confused."""
    m = re.match(_SHARE, text)
    if not m:
        raise AmountSyntaxError(
            f"share must be a percentage such as '30%' or a range such as '5-10%' (got {text!r})")
    low = exact_number(m.group(1), "share") / 100
    high = exact_number(m.group(2), "share") / 100 if m.group(2) else low
    if high > 1:
        raise AmountSyntaxError(f"share must be at most 100% (got {text!r})")
    if high < low:
        raise AmountSyntaxError(f"range must go from low to high (got {text!r})")
    return Value(low, high)


# A volume or count as text always has its magnitude (a plain number is a YAML number).
_QUANTITY = rf"^\s*({_DIGIT}[0-9０-９,]*(?:\.{_DIGIT}+)?|\.{_DIGIT}+)\s*(万|亿|[kKMB])\s*$"


def parse_quantity(text: str) -> Fraction | None:
    """``10万`` → 100000, ``1.5k`` → 1500 (a volume or count written with a magnitude);
    None when the text is not one."""
    m = re.match(_QUANTITY, text)
    return parse_number(m.group(1), m.group(2)) if m else None


# ---------------------------------------------------------------- formatting

def _trim(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sig(x: float, significant: int = 4) -> str:
    """At most ``significant`` significant digits, no trailing zeros: 3.528, 7650, 352.8."""
    if x == 0:
        return "0"
    whole = len(str(int(abs(x)))) if abs(x) >= 1 else 1
    return _trim(x, max(0, significant - whole))


@functools.lru_cache(maxsize=8)
def _words(locale: str) -> tuple[tuple[tuple[float, str], ...], Mapping[str, str]]:
    """The magnitudes and money forms of ``locale`` (ecomap.i18n; any other locale reads as
    en). Imported here, not at the top: ecomap.i18n itself imports this module."""
    from ecomap.i18n.labels import MAGNITUDES, MONEY_FORMS

    lang = locale if locale in MONEY_FORMS else "en"
    return MAGNITUDES[lang], MONEY_FORMS[lang]


def format_number(f: Fraction, locale: str = "zh") -> str:
    """A figure for people: 3.528亿 / 7650万 / 980 in zh; 352.8M / 76.5M / 980 in en."""
    x = float(f)
    a = abs(x)
    units = _words(locale)[0]
    for i, (limit, suffix) in enumerate(units):
        if a >= limit:
            text = _sig(x / limit)
            # 99,999,999 rounds to "10000万": carry into the next unit, "1亿" (and 1M, not 1000K)
            if i > 0 and abs(float(text)) * limit >= units[i - 1][0]:
                return _sig(x / units[i - 1][0]) + units[i - 1][1]
            return text + suffix
    return _sig(x, 6)


def format_value(v: Value, locale: str = "zh") -> str:
    if v.is_range:
        return f"{format_number(v.low, locale)}–{format_number(v.high, locale)}"
    return format_number(v.low, locale)


def format_money(v: Value, currency: str, locale: str = "zh") -> str:
    """``3.528亿元/年`` is what a deck shows; currency symbol only where it is unambiguous."""
    if v.is_range and v.high < 0:
        # "-(150万–300万元)" reads as one loss; "-300万–-150万元" does not.
        return "-(" + format_money(-v, currency, locale) + ")"
    text = format_value(v, locale)
    if currency == "CNY":
        return _words(locale)[1]["cny"].format(x=text)
    if currency == "USD":
        return f"${text}"
    return f"{text} {currency}"


def format_figure(v: Value, currency: str, locale: str = "zh") -> str:
    """A money figure for a reader (text output, report, diff): like :func:`format_money`, but
    a range whose ends read the same is shown once, as ``约3.52亿元`` / ``~¥352.8M``, and a loss
    outside zh/CNY puts its sign before the symbol (``-¥352.8M``, not ``¥-352.8M``)."""
    forms = _words(locale)[1]
    # The sign goes before the symbol where the symbol leads (-¥352.8M); "-300万元" as it is.
    if v.high < 0 and not (currency == "CNY" and forms["cny"].startswith("{x}")):
        return "-" + format_figure(-v, currency, locale)
    if v.is_range and format_value(Value(v.low, v.low), locale) == format_value(
            Value(v.high, v.high), locale):
        return forms["about"].format(x=format_money(Value(v.low, v.low), currency, locale))
    return format_money(v, currency, locale)
