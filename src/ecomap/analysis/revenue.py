"""The focus's revenue model: by category and counterparty, costs, net, margin, ecosystem share.

Money is consolidated over the focus organisation (the focus and its ``internal`` units, SPEC
§1): revenue is money from outside into any of its units, costs are money from any of them to
outside, and money between two of its units is an internal transfer — neither revenue nor cost,
but listed with its amount (``internal_transfers``), so that a salary meant as a cost is seen.
One-off (``once``) amounts are investments (analysis/roadmap.py), never in these figures.
Ranges stay ranges through every sum.

The margin is only as good as the costs: with a cost flow that has no amount it is an upper
bound (``margin_bound = "upper"``), and with no quantified cost at all it is unknown (None, with
``margin_note`` saying why) — never a bare 100%.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import ZERO, Value, total
from ecomap.analysis.base import Context
from ecomap.analysis.checks import Hit, check, hit
from ecomap.i18n import Label, Money, Phrase
from ecomap.model import CATEGORIES

ONE = Value.of(1)


@dataclass(frozen=True)
class Transfer:
    """Money between two units of the focus organisation (annual; None without an amount)."""

    flow: str
    source: str
    target: str
    annual: Value | None


# Why a margin is unknown or a bound (margin_note).
NO_COSTS = "no_costs"                      # the map lists no cost flow at all
COSTS_UNQUANTIFIED = "costs_unquantified"  # cost flows, none with an amount
COSTS_PARTLY = "costs_partly_quantified"   # some cost flows without an amount: an upper bound


@dataclass(frozen=True)
class Revenue:
    """The focus's annual revenue model: income by category and counterparty, costs, net
    and margin, and the flows whose amounts are unknown."""

    total: Value
    by_category: dict[str, Value]
    by_counterparty: dict[str, Value]
    costs: Value
    costs_by_counterparty: dict[str, Value]
    net: Value
    margin: Value | None
    service: Value
    ecosystem: Value
    ecosystem_to_service: Value | None
    total_to_service: Value | None
    unquantified: tuple[str, ...]
    internal_transfers: Value
    unquantified_costs: tuple[str, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    margin_bound: str | None = None  # "upper" when unquantified costs make it an upper bound
    margin_note: str | None = None   # NO_COSTS | COSTS_UNQUANTIFIED | COSTS_PARTLY


@dataclass(frozen=True)
class Concentration:
    """How much of the focus's revenue one counterparty brings: the top one, its share
    and the Herfindahl–Hirschman index."""

    top: str
    top_share: Fraction
    hhi: Fraction


def compute_revenue(ctx: Context) -> Revenue:
    eco = ctx.eco
    by_category: dict[str, Value] = {}
    by_counterparty: dict[str, Value] = {}
    costs_by: dict[str, Value] = {}
    unquantified: list[str] = []
    unquantified_costs: list[str] = []
    internal = ZERO
    transfers: list[Transfer] = []
    for f in eco.flows:
        if f.kind != "money":
            continue
        annual = ctx.annual(f)
        if ctx.is_internal_transfer(f):
            transfers.append(Transfer(f.ref, f.source, f.target, annual))
            if annual is not None:
                internal = internal + annual
            continue
        if ctx.is_revenue(f):
            if annual is None:
                unquantified.append(f.ref)
                continue
            cat = f.category or "other"
            by_category[cat] = by_category.get(cat, ZERO) + annual
            by_counterparty[f.source] = by_counterparty.get(f.source, ZERO) + annual
        elif ctx.is_cost(f):
            if annual is None:
                unquantified_costs.append(f.ref)
            else:
                costs_by[f.target] = costs_by.get(f.target, ZERO) + annual
    order = ctx.order
    by_category = {c: by_category[c] for c in CATEGORIES if c in by_category}
    by_counterparty = dict(sorted(by_counterparty.items(), key=lambda kv: order[kv[0]]))
    costs_by = dict(sorted(costs_by.items(), key=lambda kv: order[kv[0]]))
    revenue = total(list(by_category.values()))
    costs = total(list(costs_by.values()))
    service = by_category.get("service", ZERO)
    ecosystem = total([v for c, v in by_category.items() if c != "service"])
    # Ratios of sums that share flows are computed from independent parts, so that a range
    # does not widen itself: margin = 1 − costs/total, total/service = 1 + ecosystem/service.
    cost_ratio = costs.divide(revenue)
    margin = ONE - cost_ratio if cost_ratio is not None else None
    bound = note = None
    if unquantified_costs and costs_by:
        bound, note = "upper", COSTS_PARTLY
    elif unquantified_costs:
        margin, note = None, COSTS_UNQUANTIFIED
    elif not costs_by:
        margin, note = None, NO_COSTS
    eco_ratio = ecosystem.divide(service)
    return Revenue(
        total=revenue, by_category=by_category, by_counterparty=by_counterparty, costs=costs,
        costs_by_counterparty=costs_by, net=revenue - costs, margin=margin, service=service,
        ecosystem=ecosystem, ecosystem_to_service=eco_ratio,
        total_to_service=ONE + eco_ratio if eco_ratio is not None else None,
        unquantified=tuple(unquantified), internal_transfers=internal,
        unquantified_costs=tuple(unquantified_costs), transfers=tuple(transfers),
        margin_bound=bound, margin_note=note,
    )


@check("model.rate_without_volume", default="warning")
def check_rate_without_volume(ctx: Context) -> Iterator[Hit]:
    """``model.rate_without_volume``: a per-unit rate (``/day``, ``/month``, a price per event)
    with no ``volume`` counts one unit for the whole year — 代步车费 120元/天 becomes 4.38万/年
    for one car. Counted as written, never silently: the finding names the flow."""
    for f in ctx.eco.flows:
        amount = f.amount
        if amount is None or f.volume is not None or amount.is_once or amount.per == "year":
            continue
        rate = (Phrase.of("model.rate_without_volume.per", per=Label("period", amount.per))
                if amount.per else Phrase.of("model.rate_without_volume.event"))
        counted = Phrase.of("model.rate_without_volume.unit" if amount.per
                            else "model.rate_without_volume.once")
        yield hit((f.source, f.target), f.span, (f.ref,), ref=f.ref, label=f.label,
                  amount=amount.text, rate=rate, counted=counted,
                  money=Money(ctx.annual(f) or ZERO, ctx.eco.currency))


def concentration(revenue: Revenue) -> Concentration | None:
    """Share of each counterparty in the focus's revenue (mids of ranges) and the HHI Σ share²."""
    whole = revenue.total.mid
    if whole <= 0:
        return None
    shares = [(pid, v.mid / whole) for pid, v in revenue.by_counterparty.items()]
    top, top_share = max(shares, key=lambda kv: kv[1])  # first of equals: map order
    return Concentration(top, top_share, sum((s * s for _, s in shares), Fraction(0)))

