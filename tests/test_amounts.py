"""amounts.py: parsing (万/亿/k/M/B, ranges, periods, currencies), exact annual values,
interval arithmetic and locale formatting, as tables."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from ecomap.amounts import (
    ZERO,
    Amount,
    AmountSyntaxError,
    Value,
    format_money,
    format_number,
    format_value,
    json_number,
    normalise_currency,
    normalise_period,
    parse_amount,
    parse_quantity,
    parse_share,
    total,
)
from ecomap.errors import Span
from ecomap.model import Flow


@pytest.mark.parametrize("text, low, high, currency, per", [
    ("980 CNY/month", 980, 980, "CNY", "month"),
    ("3.5亿 CNY/year", 350_000_000, 350_000_000, "CNY", "year"),
    ("150-300 CNY/year", 150, 300, "CNY", "year"),
    ("880 CNY", 880, 880, "CNY", None),
    ("7-12万 CNY", 70_000, 120_000, "CNY", None),  # the low end borrows 万
    ("2500万", 25_000_000, 25_000_000, "CNY", None),  # the map's currency
    ("1.5k", 1_500, 1_500, "CNY", None),
    ("1.5K CNY", 1_500, 1_500, "CNY", None),
    ("2M USD/yr", 2_000_000, 2_000_000, "USD", "year"),
    ("1B", 1_000_000_000, 1_000_000_000, "CNY", None),
    ("1.5万~2万 CNY", 15_000, 20_000, "CNY", None),
    ("1.5万–2万 CNY", 15_000, 20_000, "CNY", None),
    ("5 to 10 CNY", 5, 10, "CNY", None),
    ("10-20万元/年", 100_000, 200_000, "CNY", "year"),
    ("1,200,000 CNY/year", 1_200_000, 1_200_000, "CNY", "year"),
    (".5 CNY", F(1, 2), F(1, 2), "CNY", None),
    ("980CNY/Month", 980, 980, "CNY", "month"),
    ("  980 CNY / month  ", 980, 980, "CNY", "month"),
    ("¥30/week", 30, 30, "CNY", "week"),
    ("$5", 5, 5, "USD", None),
    ("€5", 5, 5, "EUR", None),
    ("100 RMB/d", 100, 100, "CNY", "day"),
    ("3 元/月", 3, 3, "CNY", "month"),
    ("3 CNY/天", 3, 3, "CNY", "day"),
    ("3 CNY/日", 3, 3, "CNY", "day"),
    ("3 CNY/周", 3, 3, "CNY", "week"),
    ("3 CNY/季", 3, 3, "CNY", "quarter"),
    ("3 CNY/季度", 3, 3, "CNY", "quarter"),
    ("3 CNY/q", 3, 3, "CNY", "quarter"),
    ("3 CNY/年", 3, 3, "CNY", "year"),
    ("3 CNY/annum", 3, 3, "CNY", "year"),
    ("3 CNY/days", 3, 3, "CNY", "day"),
    ("3 CNY/wk", 3, 3, "CNY", "week"),
    ("3 CNY/mo", 3, 3, "CNY", "month"),
])
def test_parse_amount(text: str, low: int | F, high: int | F, currency: str,
                      per: str | None) -> None:
    a = parse_amount(text, "CNY")
    assert (a.value.low, a.value.high, a.currency, a.per) == (low, high, currency, per)
    assert isinstance(a.value.low, F)
    assert a.text == text.strip()


@pytest.mark.parametrize("text, message", [
    ("800 per year", "amount must look like '980 CNY/month'"),
    ("约50万", "amount must look like"),
    ("", "amount must look like"),
    ("-5 CNY", "amount must look like"),
    ("980 cny/month", "amount must look like"),
    ("5 CNY/fortnight",
     "period must be one of day, week, month, quarter, year, once (got 'fortnight')"),
    ("300-150 CNY", "range must go from low to high (got '300-150 CNY')"),
    ("2万-1万", "range must go from low to high"),
])
def test_parse_amount_errors(text: str, message: str) -> None:
    with pytest.raises(AmountSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_amount(text, "CNY")


@pytest.mark.parametrize("word, period", [
    ("day", "day"), ("days", "day"), ("Day", "day"), ("d", "day"), ("天", "day"), ("日", "day"),
    ("week", "week"), ("weeks", "week"), ("wk", "week"), ("周", "week"),
    ("month", "month"), ("MONTHS", "month"), ("mo", "month"), ("月", "month"),
    ("quarter", "quarter"), ("q", "quarter"), ("季", "quarter"), ("季度", "quarter"),
    ("year", "year"), ("yr", "year"), ("y", "year"), ("年", "year"), ("annum", "year"),
    (" year ", "year"),
])
def test_normalise_period(word: str, period: str) -> None:
    assert normalise_period(word) == period


@pytest.mark.parametrize("word", ["fortnight", "hour", "", "月度", "decade"])
def test_normalise_period_errors(word: str) -> None:
    with pytest.raises(AmountSyntaxError, match="period must be one of"):
        normalise_period(word)


@pytest.mark.parametrize("code, normal", [
    ("元", "CNY"), ("RMB", "CNY"), ("¥", "CNY"), ("$", "USD"), ("€", "EUR"), ("CNY", "CNY"),
    ("JPY", "JPY"),
])
def test_normalise_currency(code: str, normal: str) -> None:
    assert normalise_currency(code) == normal


@pytest.mark.parametrize("text, share", [
    ("30%", F(3, 10)), ("5%", F(1, 20)), ("0%", F(0)), ("100%", F(1)), ("12.5%", F(1, 8)),
    (" 30 % ", F(3, 10)), ("100.0%", F(1)),
])
def test_parse_share(text: str, share: F) -> None:
    assert parse_share(text) == Value(share, share)


@pytest.mark.parametrize("text, low, high", [
    ("5-10%", F(1, 20), F(1, 10)), ("5%-10%", F(1, 20), F(1, 10)), ("5–10%", F(1, 20), F(1, 10)),
    ("0-100%", F(0), F(1)),
])
def test_parse_share_range(text: str, low: F, high: F) -> None:
    """车况认证佣金 每笔5-10% (partner_types_and_mechanisms.txt) is a range of shares."""
    assert parse_share(text) == Value(low, high)


@pytest.mark.parametrize("text, low, high, per", [
    ("1500万 CNY once", 15_000_000, 15_000_000, "once"),
    ("30-40万 CNY once", 300_000, 400_000, "once"),
    ("60-100万元一次性", 600_000, 1_000_000, "once"),
    ("5万 CNY/once", 50_000, 50_000, "once"),
])
def test_parse_once(text: str, low: int, high: int, per: str) -> None:
    """An investment (一次性) keeps its whole value and says it is one-off."""
    amount = parse_amount(text, "CNY")
    assert (amount.value.low, amount.value.high, amount.per) == (low, high, per)
    assert amount.is_once and amount.annual() == amount.value


@pytest.mark.parametrize("text, value", [
    ("10万", 100_000), ("1.5k", 1_500), ("2M", 2_000_000), ("1亿", 100_000_000), ("3B", 3e9),
])
def test_parse_quantity(text: str, value: int) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text, message", [
    ("130%", "share must be at most 100% (got '130%')"),
    ("100.01%", "share must be at most 100%"),
    ("0.3", "share must be a percentage such as '30%' or a range such as '5-10%' (got '0.3')"),
    ("三成", "share must be a percentage"),
    ("-5%", "share must be a percentage"),
    ("30", "share must be a percentage"),
])
def test_parse_share_errors(text: str, message: str) -> None:
    with pytest.raises(AmountSyntaxError) as info:
        parse_share(text)
    assert message in str(info.value)


# ---------------------------------------------------------------- annual values, exactly

@pytest.mark.parametrize("text, annual_low, annual_high", [
    ("980 CNY/month", 11_760, 11_760),
    ("100 CNY/day", 36_500, 36_500),
    ("10 CNY/week", 520, 520),
    ("1万 CNY/quarter", 40_000, 40_000),
    ("3.5亿 CNY/year", 350_000_000, 350_000_000),
    ("880 CNY", 880, 880),  # one-off: once a year
    ("150-300 CNY/year", 150, 300),
])
def test_amount_annual(text: str, annual_low: int, annual_high: int) -> None:
    annual = parse_amount(text, "CNY").annual()
    assert (annual.low, annual.high) == (annual_low, annual_high)


def _flow(amount: str | None, volume: F | int | None = None, share: tuple[F, ...] = ()) -> Flow:
    return Flow(index=0, ref="a->b:money", source="a", target="b", kind="money", label="x",
                span=Span("m.yaml", 1, 1),
                amount=parse_amount(amount, "CNY") if amount else None,
                volume=F(volume) if volume is not None else None,
                share=tuple(Value(s, s) for s in share))


@pytest.mark.parametrize("amount, volume, share, low, high", [
    ("980 CNY/month", 30_000, (), 352_800_000, 352_800_000),      # the BaaS rent
    ("10万", 2_000, (F(3, 10),), 60_000_000, 60_000_000),           # 10万 × 30% × 2000
    ("2000 CNY", 100_000, (F(3, 10),), 60_000_000, 60_000_000),
    ("150-300 CNY/year", 1_000, (F(5, 100), F(60, 100)), 4_500, 9_000),
    ("880 CNY", None, (), 880, 880),
    ("0.1 CNY/day", 3, (F(1, 3),), F(365, 10), F(365, 10)),        # exact, no float drift
])
def test_flow_annual(amount: str, volume: int | None, share: tuple[F, ...], low: F | int,
                     high: F | int) -> None:
    annual = _flow(amount, volume, share).annual
    assert annual is not None
    assert (annual.low, annual.high) == (low, high)


def test_flow_without_amount_has_no_annual() -> None:
    assert _flow(None).annual is None
    assert _flow(None).currency is None


def test_amount_built_directly() -> None:
    a = Amount(Value.of(980), "CNY", "month", "980 CNY/month")
    assert a.periods_per_year == 12
    assert a.annual() == Value.of(11_760)


# ---------------------------------------------------------------- interval arithmetic

R = Value(F(1), F(3))
S = Value(F(-2), F(5))


@pytest.mark.parametrize("got, low, high", [
    (R + S, -1, 8),
    (R - S, -4, 5),
    (-R, -3, -1),
    (R * S, -6, 15),
    (R * R, 1, 9),
    (R.scale(F(1, 2)), F(1, 2), F(3, 2)),
    (R.scale(4), 4, 12),
    (Value.of(7), 7, 7),
    (Value.of("0.1"), F(1, 10), F(1, 10)),
    (total([R, R, Value.of(1)]), 3, 7),
    (total([]), 0, 0),
])
def test_value_arithmetic(got: Value, low: F | int, high: F | int) -> None:
    assert (got.low, got.high) == (low, high)


def test_value_divide_and_properties() -> None:
    assert R.divide(Value(F(1), F(2))) == Value(F(1, 2), F(3))
    assert R.divide(S) is None  # the divisor can be zero
    assert R.divide(ZERO) is None
    assert R.mid == 2 and R.is_range and not Value.of(2).is_range
    assert ZERO.is_zero() and not R.is_zero()


@pytest.mark.parametrize("value, expected", [
    (Value.of(352_800_000), 352_800_000),
    (Value(F(150), F(300)), {"low": 150, "high": 300}),
    (Value.of(F(1, 3)), 0.33),
    (Value.of(F(1, 1000)), 0.001),
])
def test_value_to_json(value: Value, expected: object) -> None:
    assert value.to_json() == expected
    assert isinstance(json_number(F(10)), int)


# ---------------------------------------------------------------- formatting

@pytest.mark.parametrize("number, zh, en", [
    (324_500_000, "3.245亿", "324.5M"),
    (352_800_000, "3.528亿", "352.8M"),
    (76_500_000, "7650万", "76.5M"),
    (60_000_000, "6000万", "60M"),
    (980, "980", "980"),
    (1_500, "1500", "1.5K"),
    (10_000, "1万", "10K"),
    (100_000_000, "1亿", "100M"),
    (1_234_567_890, "12.35亿", "1.235B"),
    (0, "0", "0"),
    (-76_500_000, "-7650万", "-76.5M"),
    (F(1, 3), "0.33333", "0.33333"),
    (999_999, "100万", "1M"),        # rounding carries into the next unit …
    (99_999_999, "1亿", "100M"),     # … not "10000万" / "1000K"
])
def test_format_number(number: int | F, zh: str, en: str) -> None:
    assert format_number(F(number), "zh") == zh
    assert format_number(F(number), "en") == en


@pytest.mark.parametrize("value, locale, expected", [
    (Value(F(150), F(300)), "zh", "150–300"),
    (Value(F(70_000), F(120_000)), "zh", "7万–12万"),
    (Value(F(70_000), F(120_000)), "en", "70K–120K"),
    (Value.of(32_450_000), "zh", "3245万"),
])
def test_format_value(value: Value, locale: str, expected: str) -> None:
    assert format_value(value, locale) == expected


@pytest.mark.parametrize("value, currency, locale, expected", [
    (Value.of(352_800_000), "CNY", "zh", "3.528亿元"),
    (Value.of(352_800_000), "CNY", "en", "¥352.8M"),
    (Value(F(150), F(300)), "CNY", "zh", "150–300元"),
    (Value.of(5_000_000), "USD", "en", "$5M"),
    (Value.of(5_000_000), "USD", "zh", "$500万"),
    (Value.of(980), "EUR", "en", "980 EUR"),
    # a loss given as a range reads as one loss, not "-2.5亿–-1.5亿元"
    (Value(F(-250_000_000), F(-150_000_000)), "CNY", "zh", "-(1.5亿–2.5亿元)"),
    (Value(F(-250_000_000), F(-150_000_000)), "CNY", "en", "-(¥150M–250M)"),
    (Value(F(-20_000_000), F(5_000_000)), "CNY", "zh", "-2000万–500万元"),
])
def test_format_money(value: Value, currency: str, locale: str, expected: str) -> None:
    assert format_money(value, currency, locale) == expected
