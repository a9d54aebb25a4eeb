"""``ecomap analyze`` text for investments, payback and ROI, the roadmap phases and the KPIs.

Every word comes from the vocabulary (i18n/roadmap.py); the report shows payback months with
the same ``months_text``."""

from __future__ import annotations

from fractions import Fraction

from ecomap.amounts import Value
from ecomap.analysis.core import Analysis
from ecomap.analysis.roadmap import Investments, Months
from ecomap.i18n import Phrase, Words


def months_text(m: Months | None, lang: str) -> str:
    """``5.8–9.6 个月``; an end that never comes reads 无法回收 / never."""
    if m is None:
        return "—"
    w = Words(lang)
    never = w.say("text.months.never")

    def one(x: Fraction | None) -> str:
        return never if x is None else f"{float(x):.1f}".removesuffix(".0")
    low, high = one(m.low), one(m.high)
    if m.low is None and m.high is None:
        return never
    if m.high is None:  # the best case pays back, the worst never does
        return f"{w.say('text.months', n=low)}–{never}"
    return w.say("text.months", n=low if low == high else f"{low}–{high}")


def percent_text(v: Value | None) -> str:
    """A ratio (an ROI) in percent to one decimal; a range when its ends differ once shown."""
    if v is None:
        return "—"
    low, high = f"{float(v.low):.1%}", f"{float(v.high):.1%}"
    return low if low == high else f"{low}–{high}"


def roadmap_lines(analysis: Analysis, loc: str) -> list[str]:
    """The investments, each phase and the KPIs; nothing for a map with none of them."""
    eco, ctx = analysis.eco, analysis.ctx
    say = Words(loc).say
    inv = analysis.investments

    def m(v: Value) -> str:
        return ctx.money(v, loc)

    out: list[str] = []
    if not inv.total.is_zero() or eco.phases:
        out += ["", say("text.roadmap")]
        out.append(say("text.roadmap.total", total=m(inv.total), count=len(inv.flows),
                       net=m(inv.net), payback=months_text(inv.payback_months, loc),
                       roi=percent_text(inv.roi)))
        for p in inv.by_path:
            out.append(say("text.roadmap.path", name=p.name, investment=m(p.investment),
                           net=m(p.net), payback=months_text(p.payback_months, loc)))
        for f in inv.phases:
            ph = f.phase
            own = (Phrase.of("text.roadmap.phase.own",
                             payback=months_text(f.payback_months, loc))
                   if f.payback_months is not None else None)
            out.append(say("text.roadmap.phase", id=ph.id, name=ph.name, start=ph.start,
                           end=ph.end, revenue=m(f.revenue), costs=m(f.costs), net=m(f.net),
                           investment=m(f.investment), cash=m(f.cumulative_cash), own=own))
    if eco.kpis:
        out += ["", say("text.kpis")]
        for k in eco.kpis:
            bits = [k.name]
            if k.target:
                bits.append(say("text.kpi.target", target=k.target))
            bits.append(say("text.kpi.current", current=k.current) if k.current
                        else say("text.kpi.no_current"))
            if k.unit and k.unit not in k.target:  # "≥80%" already says "%"
                bits.append(k.unit)
            if k.frequency:
                bits.append(k.frequency)
            if k.phase:
                bits.append(say("text.kpi.phase", phase=k.phase))
            out.append("  " + " · ".join(bits))
    return out


def scenario_investment_text(base: Analysis, after: Investments, loc: str) -> str:
    """``，一次性投资 110万–220万元，回收期 …`` where a scenario's investments (``after``)
    change the investments or the payback (mode B's cheaper 三电中心); empty where they
    change neither."""
    before = base.investments
    if (before.total, before.payback_months) == (after.total, after.payback_months):
        return ""
    return Words(loc).say("text.roadmap.scenario", total=base.ctx.money(after.total, loc),
                          payback=months_text(after.payback_months, loc),
                          roi=percent_text(after.roi))
