"""Investments and time: one-off amounts summed, payback and ROI, the roadmap phase by phase.

A ``once`` money flow from the focus organisation to outside is an investment (capex, SPEC §1):
never revenue, cost or margin. The analysis sums them (per phase, per value path) and gives

- **payback**: the months until the cumulative net gain covers the investments. Each phase
  runs at its own annual net (the flows that exist by then, ``phase:``), investments are paid at
  the start of the phase they belong to, and after the last phase its net goes on;
- **ROI**: the yearly net at full run rate (the last phase) divided by all investments — the
  seed's "投资100万, 3年回收, ROI 30%" reading (transformation_roadmap.txt, Q3);
- per value path: the path's investments against the path's own net — how the lesson costs one
  action (会员 500人 × 2,500元 = 125万/年 against 60–100万 → 不到1年).

Ranges stay ranges: the early end of a payback pairs the low investment with the high net, the
late end the high investment with the low net. ``None`` for an end means never.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import ZERO, Value
from ecomap.analysis.base import Context
from ecomap.model import Phase

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Months:
    """A span of months from ``low`` (best case) to ``high`` (worst); None = never."""

    low: Fraction | None
    high: Fraction | None

    def to_json(self) -> float | int | dict[str, float | int | None] | None:
        def one(x: Fraction | None) -> float | int | None:
            return None if x is None else _round(x)
        if self.low == self.high:
            return one(self.low)
        return {"low": one(self.low), "high": one(self.high)}


def _round(x: Fraction) -> int | float:
    """Months to one decimal; a whole number of months stays an int (59, not 59.0)."""
    shown = round(float(x), 1)
    return int(shown) if shown.is_integer() else shown


@dataclass(frozen=True)
class PhaseFigures:
    """One phase at its run rate: the flows that exist by then (annual), its investments."""

    phase: Phase
    revenue: Value
    costs: Value
    net: Value
    investment: Value
    cumulative_cash: Value  # at the end of the phase, investments so far included
    payback_months: Months | None  # its investment against the net it adds; None: no investment


@dataclass(frozen=True)
class PathPayback:
    """One revenue path's investment, yearly net, payback and return on investment."""

    name: str
    investment: Value
    net: Value
    payback_months: Months
    roi: Value | None


@dataclass(frozen=True)
class Investments:
    """The roadmap's money: one-off investments, payback and ROI, each phase's figures
    and the cumulative cash curve."""

    total: Value
    flows: tuple[tuple[str, Value], ...]  # (flow ref, one-off value), map order
    by_phase: dict[str, Value]
    payback_months: Months | None  # None when there is no investment
    roi: Value | None
    net: Value  # the yearly net at full run rate the ROI is taken on
    by_path: tuple[PathPayback, ...]
    phases: tuple[PhaseFigures, ...]
    # The cumulative cash over time, best and worst case: (month, cash) at every bend.
    curve_best: tuple[tuple[Fraction, Fraction], ...] = ()
    curve_worst: tuple[tuple[Fraction, Fraction], ...] = ()




def _payback(investment: Value, net: Value) -> Months:
    """Months for a yearly ``net`` to earn back ``investment`` (flat run rate)."""
    def months(inv: Fraction, gain: Fraction) -> Fraction | None:
        if inv <= 0:
            return Fraction(0)
        return inv / gain * MONTHS_PER_YEAR if gain > 0 else None
    return Months(months(investment.low, net.high), months(investment.high, net.low))


def _roi(net: Value, investment: Value) -> Value | None:
    return net.divide(investment) if investment.low > 0 else None


def _crossing(segments: list[tuple[int, int | None, Fraction, Fraction]]) -> Fraction | None:
    """The month from which the cumulative cash stays ≥ 0; segments are (start, end or None
    for open-ended, yearly net, investment paid at the start), in order."""
    cash = Fraction(0)
    found: Fraction | None = Fraction(0)
    for start, end, net, investment in segments:
        cash -= investment
        if cash < 0:
            found = None
        rate = net / MONTHS_PER_YEAR
        length = None if end is None else end - start
        if found is None and rate > 0:
            needed = -cash / rate
            if length is None or needed <= length:
                found = start + needed
        if length is None:
            return found if cash >= 0 or rate > 0 else None
        cash += rate * length
        if cash < 0:
            found = None
    return found


def compute_investments(ctx: Context) -> Investments:
    eco = ctx.eco
    phases = eco.phases
    count = max(len(phases), 1)
    revenue = [ZERO] * count
    costs = [ZERO] * count
    invest = [ZERO] * count
    flows: list[tuple[str, Value]] = []
    path_inv: dict[str, Value] = {}
    path_net: dict[str, Value] = {}
    for f in eco.flows:
        if f.kind != "money":
            continue
        first = eco.flow_phase(f) if phases else 0
        one_off = ctx.investment(f)
        annual = ctx.annual(f)
        if one_off is not None:
            flows.append((f.ref, one_off))
            invest[first] = invest[first] + one_off
            for name in f.paths:
                path_inv[name] = path_inv.get(name, ZERO) + one_off
            continue
        if annual is None:
            continue
        sign = 1 if ctx.is_revenue(f) else -1 if ctx.is_cost(f) else 0
        if sign == 0:
            continue
        for i in range(first, count):
            if sign > 0:
                revenue[i] = revenue[i] + annual
            else:
                costs[i] = costs[i] + annual
        for name in f.paths:
            path_net[name] = path_net.get(name, ZERO) + (annual if sign > 0 else -annual)
    nets = [r - c for r, c in zip(revenue, costs, strict=True)]
    total_inv = sum(invest[1:], invest[0])
    by_path = tuple(
        PathPayback(name, inv, path_net.get(name, ZERO), _payback(inv, path_net.get(name, ZERO)),
                    _roi(path_net.get(name, ZERO), inv))
        for name, inv in path_inv.items())
    best_curve: tuple[tuple[Fraction, Fraction], ...] = ()
    worst_curve: tuple[tuple[Fraction, Fraction], ...] = ()
    if phases:
        best = [(p.start, p.end if i + 1 < len(phases) else None, nets[i].high, invest[i].low)
                for i, p in enumerate(phases)]
        worst = [(p.start, p.end if i + 1 < len(phases) else None, nets[i].low, invest[i].high)
                 for i, p in enumerate(phases)]
        # A gap between two phases runs at the earlier phase's net (nothing new yet).
        best = _close_gaps(best)
        worst = _close_gaps(worst)
        payback = Months(_crossing(best), _crossing(worst)) if not total_inv.is_zero() else None
        horizon = _horizon(phases[-1].end, payback)
        best_curve, worst_curve = _curve(best, horizon), _curve(worst, horizon)
    else:
        payback = _payback(total_inv, nets[0]) if not total_inv.is_zero() else None
        if payback is not None:
            horizon = _horizon(MONTHS_PER_YEAR, payback)
            best_curve = _curve([(0, None, nets[0].high, total_inv.low)], horizon)
            worst_curve = _curve([(0, None, nets[0].low, total_inv.high)], horizon)
    figures = []
    cash = ZERO
    for i, p in enumerate(phases):
        # Up to the next phase's start: a gap runs at this phase's net.
        months = phases[i + 1].start - p.start if i + 1 < len(phases) else p.months
        cash = cash - invest[i] + nets[i].scale(Fraction(months, MONTHS_PER_YEAR))
        added = nets[i] - (nets[i - 1] if i else ZERO)
        figures.append(PhaseFigures(
            p, revenue[i], costs[i], nets[i], invest[i], cash,
            _payback(invest[i], added) if not invest[i].is_zero() else None))
    return Investments(
        total=total_inv, flows=tuple(flows),
        by_phase={p.id: invest[i] for i, p in enumerate(phases)},
        payback_months=payback, roi=_roi(nets[-1], total_inv), net=nets[-1], by_path=by_path,
        phases=tuple(figures), curve_best=best_curve, curve_worst=worst_curve)


# The cash curve runs at least to the end of the roadmap, on to the payback month when that
# comes later, but not past this: a payback in 40 years is a line that never meets the axis.
MAX_CURVE_MONTHS = 120


def _horizon(end: int, payback: Months | None) -> int:
    """The last month the cash curve shows: the roadmap's end or the late payback, rounded up
    to a half year, at most MAX_CURVE_MONTHS."""
    last = Fraction(end)
    if payback is not None:
        last = max([last] + [m for m in (payback.low, payback.high) if m is not None])
    half_years = -(-last // 6)  # ceiling
    return int(min(max(half_years * 6, 6), max(MAX_CURVE_MONTHS, end)))


def _curve(segments: list[tuple[int, int | None, Fraction, Fraction]], horizon: int
           ) -> tuple[tuple[Fraction, Fraction], ...]:
    """(month, cumulative cash) where the line bends: before and after each investment (paid at
    its phase's start), at each phase's end, and at ``horizon`` (the open last segment). The
    same segments as ``_crossing``: the line meets zero at the payback month."""
    points: list[tuple[Fraction, Fraction]] = []
    cash = Fraction(0)
    for start, end, net, investment in segments:
        if start >= horizon:
            break
        points.append((Fraction(start), cash))
        if investment:
            cash -= investment
            points.append((Fraction(start), cash))
        stop = horizon if end is None else min(end, horizon)
        cash += net / MONTHS_PER_YEAR * (stop - start)
        points.append((Fraction(stop), cash))
    # A point repeated where one segment ends and the next begins says nothing twice.
    return tuple(p for i, p in enumerate(points) if i == 0 or p != points[i - 1])


def _close_gaps(segments: list[tuple[int, int | None, Fraction, Fraction]]
                ) -> list[tuple[int, int | None, Fraction, Fraction]]:
    closed = []
    for i, (start, end, net, inv) in enumerate(segments):
        nxt = segments[i + 1][0] if i + 1 < len(segments) else None
        closed.append((start, nxt if end is not None else None, net, inv))
    if closed and closed[0][0] > 0:  # before the first phase nothing runs and nothing is paid
        closed.insert(0, (0, closed[0][0], Fraction(0), Fraction(0)))
    return closed
