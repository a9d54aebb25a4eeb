"""The focus's revenue model: by category and counterparty, costs, net, margin, ecosystem share.

Revenue is the focus participant's money in from outside the focus organisation (SPEC §3);
money the focus gets from its own ``internal`` units is an internal transfer and is neither
revenue nor cost (it is reported apart as ``internal_transfers``). Costs are the focus's money
out to participants outside the organisation. Ranges stay ranges through every sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import ZERO, Value, total
from ecomap.analysis.base import Context
from ecomap.model import CATEGORIES

ONE = Value.of(1)


@dataclass(frozen=True)
class Revenue:
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


@dataclass(frozen=True)
class Concentration:
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
    for f in eco.flows:
        if f.kind != "money":
            continue
        annual = ctx.annual(f)
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
        elif (f.target == eco.focus and f.source in ctx.org and f.source != eco.focus
              and annual is not None):
            internal = internal + annual
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
    eco_ratio = ecosystem.divide(service)
    return Revenue(
        total=revenue, by_category=by_category, by_counterparty=by_counterparty, costs=costs,
        costs_by_counterparty=costs_by, net=revenue - costs, margin=margin, service=service,
        ecosystem=ecosystem, ecosystem_to_service=eco_ratio,
        total_to_service=ONE + eco_ratio if eco_ratio is not None else None,
        unquantified=tuple(unquantified), internal_transfers=internal,
        unquantified_costs=tuple(unquantified_costs),
    )


def concentration(revenue: Revenue) -> Concentration | None:
    """Share of each counterparty in the focus's revenue (mids of ranges) and the HHI Σ share²."""
    whole = revenue.total.mid
    if whole <= 0:
        return None
    shares = [(pid, v.mid / whole) for pid, v in revenue.by_counterparty.items()]
    top, top_share = max(shares, key=lambda kv: kv[1])  # first of equals: map order
    return Concentration(top, top_share, sum((s * s for _, s in shares), Fraction(0)))

