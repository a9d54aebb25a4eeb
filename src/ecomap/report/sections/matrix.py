"""§ Value-exchange matrix (工具2): what each pair gives the other; the focus's pairs first."""

from __future__ import annotations

from typing import Any

from ecomap import i18n
from ecomap.amounts import Value
from ecomap.analysis.balance import Pair
from ecomap.model import KINDS, Flow
from ecomap.report.context import ReportContext
from ecomap.report.format import sign


def _gives(ctx: ReportContext, flows: list[Flow]) -> list[dict[str, Any]]:
    return [{"kind": k, "kind_name": ctx.kind_name(k),
             "labels": [f.label for f in flows if f.kind == k]}
            for k in KINDS if any(f.kind == k for f in flows)]


def _rates(ctx: ReportContext, gives: list[Flow]) -> list[str]:
    """The map's own rates of the money flows one side of a pair gives the other ("980
    CNY/month × 3万"), in map order: the pair's own flows, not a pass over every flow of the
    map for each pair (that was 8,000 × 16,000 steps on a 2,000-participant map)."""
    out = []
    for f in gives:
        if f.kind == "money" and f.amount:
            text = f.amount.text
            if f.volume is not None:
                text += f" × {ctx.fmt.number(f.volume)}"
            for share in f.share:  # a percentage, or a range of them (5-10%)
                low, high = (f"{float(x) * 100:g}" for x in (share.low, share.high))
                text += f" × {low}%" if low == high else f" × {low}–{high}%"
            out.append(text)
    return out


def _money(ctx: ReportContext, value: Value, flows: list[Flow]) -> str:
    if not value.is_zero():
        return ctx.fmt.money(value)
    return ctx.t["unquantified"] if any(f.kind == "money" for f in flows) else ""


def pair_row(ctx: ReportContext, pair: Pair) -> dict[str, Any]:
    b = ctx.eco.participants_by_id.get(pair.b)
    net = pair.b_gives_money - pair.a_gives_money
    return {
        "a": pair.a, "b": pair.b, "a_name": ctx.name(pair.a), "b_name": ctx.name(pair.b),
        "b_type": i18n.label(i18n.PARTNER_TYPES, ctx.lang, b.partner_type if b else None),
        "b_gives": _gives(ctx, pair.b_gives), "a_gives": _gives(ctx, pair.a_gives),
        "b_money": _money(ctx, pair.b_gives_money, pair.b_gives),
        "a_money": _money(ctx, pair.a_gives_money, pair.a_gives),
        "b_rates": _rates(ctx, pair.b_gives), "a_rates": _rates(ctx, pair.a_gives),
        "net": ctx.fmt.money(net, signed=True), "net_sort": float(net.mid),
        "net_sign": sign(net), "show_net": not net.is_zero(),
    }


def build(ctx: ReportContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the focus's pairs, the other pairs)."""
    rows = [(pair.a == ctx.eco.focus, pair_row(ctx, pair)) for pair in ctx.analysis.pairs]
    return [r for focus, r in rows if focus], [r for focus, r in rows if not focus]
