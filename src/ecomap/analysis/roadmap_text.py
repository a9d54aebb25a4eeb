"""``ecomap analyze`` text for investments, payback and ROI, the roadmap phases and the KPIs."""

from __future__ import annotations

from fractions import Fraction

from ecomap.amounts import Value
from ecomap.analysis.core import Analysis
from ecomap.analysis.roadmap import Investments, Months, compute_investments


def months_text(m: Months | None, zh: bool) -> str:
    """``5.8–9.6 个月``; an end that never comes reads 无法回收 / never."""
    if m is None:
        return "—"
    never = "无法回收" if zh else "never"

    unit = " 个月" if zh else " months"

    def one(x: Fraction | None) -> str:
        return never if x is None else f"{float(x):.1f}".removesuffix(".0")
    low, high = one(m.low), one(m.high)
    if m.low is None and m.high is None:
        return never
    if m.high is None:  # the best case pays back, the worst never does
        return f"{low}{unit}–{never}"
    return (low if low == high else f"{low}–{high}") + unit


def _pct(v: Value | None) -> str:
    if v is None:
        return "—"
    low, high = f"{float(v.low):.1%}", f"{float(v.high):.1%}"
    return low if low == high else f"{low}–{high}"


def roadmap_lines(analysis: Analysis, loc: str) -> list[str]:
    """The investments, each phase and the KPIs; nothing for a map with none of them."""
    eco, ctx = analysis.eco, analysis.ctx
    zh = loc == "zh"
    inv = compute_investments(ctx)

    def m(v: Value) -> str:
        return ctx.money(v, loc)

    out: list[str] = []
    if not inv.total.is_zero() or eco.phases:
        out += ["", "== 投资与回收 ==" if zh else "== Investments and payback =="]
        count = len(inv.flows)
        out.append(
            f"  一次性投资 {m(inv.total)}（{count} 笔，不计入收入、成本与利润率）· "
            f"满负荷年净额 {m(inv.net)} · 回收期 {months_text(inv.payback_months, zh)} · "
            f"年化 ROI {_pct(inv.roi)}" if zh else
            f"  one-off investments {m(inv.total)} ({count}, never in revenue, costs or margin) · "
            f"yearly net at full run rate {m(inv.net)} · payback "
            f"{months_text(inv.payback_months, zh)} · ROI {_pct(inv.roi)} a year")
        for p in inv.by_path:
            out.append(
                f"    路径 {p.name}：投资 {m(p.investment)}，年净额 {m(p.net)}，"
                f"回收期 {months_text(p.payback_months, zh)}" if zh else
                f"    path {p.name}: investment {m(p.investment)}, net {m(p.net)}/yr, "
                f"payback {months_text(p.payback_months, zh)}")
        for f in inv.phases:
            ph = f.phase
            own = (f"，本阶段投资回收 {months_text(f.payback_months, zh)}" if zh else
                   f", its investment pays back in {months_text(f.payback_months, zh)}"
                   ) if f.payback_months is not None else ""
            out.append(
                f"  {ph.id} {ph.name}（第 {ph.start}–{ph.end} 月）：收入 {m(f.revenue)}/年 · "
                f"成本 {m(f.costs)}/年 · 净额 {m(f.net)}/年 · 投资 {m(f.investment)} · "
                f"期末累计现金 {m(f.cumulative_cash)}{own}" if zh else
                f"  {ph.id} {ph.name} (months {ph.start}–{ph.end}): revenue {m(f.revenue)}/yr · "
                f"costs {m(f.costs)}/yr · net {m(f.net)}/yr · investment {m(f.investment)} · "
                f"cumulative cash at its end {m(f.cumulative_cash)}{own}")
    if eco.kpis:
        out += ["", "== 关键指标 ==" if zh else "== KPIs =="]
        for k in eco.kpis:
            bits = [k.name]
            if k.target:
                bits.append(f"目标 {k.target}" if zh else f"target {k.target}")
            bits.append((f"当前 {k.current}" if zh else f"current {k.current}") if k.current
                        else ("当前未填" if zh else "no current value"))
            if k.unit and k.unit not in k.target:  # "≥80%" already says "%"
                bits.append(k.unit)
            if k.frequency:
                bits.append(k.frequency)
            if k.phase:
                bits.append(f"阶段 {k.phase}" if zh else f"phase {k.phase}")
            out.append("  " + " · ".join(bits))
    return out


def scenario_investment_text(base: Analysis, after: Investments, loc: str) -> str:
    """``，一次性投资 110万–220万元，回收期 …`` where a scenario's investments (``after``)
    change the investments or the payback (mode B's cheaper 三电中心); empty where they
    change neither."""
    zh = loc == "zh"
    before = compute_investments(base.ctx)
    if (before.total, before.payback_months) == (after.total, after.payback_months):
        return ""
    total, months = base.ctx.money(after.total, loc), months_text(after.payback_months, zh)
    return (f"，一次性投资 {total}，回收期 {months}，年化 ROI {_pct(after.roi)}" if zh else
            f", one-off investments {total}, payback {months}, ROI {_pct(after.roi)} a year")
