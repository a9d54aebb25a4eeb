"""§ Roadmap: the phases and what each adds, the cumulative cash curve crossing zero at the
payback, the investments per phase and per value path, and the KPIs with their status.

Shown for a map with phases, one-off investments or KPIs; None (no section) otherwise."""

from __future__ import annotations

from typing import Any

from ecomap import i18n
from ecomap.analysis.kpis import kpi_statuses
from ecomap.analysis.roadmap import Investments, Months
from ecomap.analysis.roadmap_text import months_text, percent_text
from ecomap.report.charts import cash_chart
from ecomap.report.context import ReportContext


def _timeline(ctx: ReportContext, inv: Investments) -> list[dict[str, Any]]:
    """Each phase: its months, its figures, the participants and flows it adds (a flow is new
    in the phase from which it and both its ends exist, as the analysis counts it)."""
    eco, fmt, t = ctx.eco, ctx.fmt, ctx.t
    rows = []
    for i, f in enumerate(inv.phases):
        ph = f.phase
        people = [p for p in eco.participants if eco.phase_index(p.phase) == i]
        flows = [x for x in eco.flows if eco.flow_phase(x) == i]
        row: dict[str, Any] = {
            "id": ph.id, "name": ph.name,
            "months": t["rm_months"].format(start=ph.start, end=ph.end),
            "figures": t["rm_figures"].format(revenue=fmt.money(f.revenue),
                                              costs=fmt.money(f.costs),
                                              net=fmt.money(f.net, signed=True)),
            "investment": fmt.money(f.investment) if not f.investment.is_zero() else "",
            "start": t["rm_from_start"].format(participants=len(people), flows=len(flows))
            if i == 0 else "",
            # The first phase holds everything without a phase: named only where the map
            # says so (`phase:` on it), the rest is counted.
            "participants": ctx.who(p.id for p in people if i > 0 or p.phase is not None),
            "flows": [{"kind": x.kind, "kind_name": ctx.kind_name(x.kind),
                       "text": ctx.flow_text(x.ref)}
                      for x in flows if i > 0 or x.phase is not None],
        }
        rows.append(row)
    return rows


def _paybacks(ctx: ReportContext, inv: Investments) -> list[tuple[float, str]]:
    m = inv.payback_months
    if m is None:
        return []
    marks = []
    for month in dict.fromkeys(x for x in (m.low, m.high) if x is not None):
        text = months_text(Months(month, month), ctx.lang)
        marks.append((float(month), ctx.t["rm_payback_mark"].format(months=text)))
    return marks


def build(ctx: ReportContext) -> dict[str, Any] | None:
    eco, fmt, t, lang = ctx.eco, ctx.fmt, ctx.t, ctx.lang
    inv = ctx.analysis.investments
    has_money = not inv.total.is_zero()
    if not (eco.phases or has_money or eco.kpis):
        return None
    chart = None
    if inv.curve_best:
        chart = cash_chart(inv.curve_best, inv.curve_worst,
                           [(p.name, p.start, p.end) for p in eco.phases],
                           _paybacks(ctx, inv), fmt, t["rm_month"].format(n=""))
    phases = [{"id": f.phase.id, "name": f.phase.name,
               "months": f"{f.phase.start}–{f.phase.end}",
               "investment": fmt.money(f.investment), "revenue": fmt.money(f.revenue),
               "costs": fmt.money(f.costs), "net": fmt.money(f.net, signed=True),
               "cash": fmt.money(f.cumulative_cash, signed=True),
               "payback": months_text(f.payback_months, lang)} for f in inv.phases]
    paths = [{"name": p.name, "investment": fmt.money(p.investment),
              "net": fmt.money(p.net, signed=True),
              "payback": months_text(p.payback_months, lang), "roi": percent_text(p.roi)}
             for p in inv.by_path]
    kpis = [{"name": s.kpi.name, "target": s.kpi.target or "—",
             "current": s.kpi.current or "—", "unit": s.kpi.unit or "—",
             "frequency": s.kpi.frequency or "—", "phase": _phase_name(ctx, s.kpi.phase),
             "status": s.status, "status_name": i18n.label(i18n.KPI_STATUSES, lang, s.status)}
            for s in kpi_statuses(eco.kpis)]
    return {
        "timeline": _timeline(ctx, inv), "chart": chart,
        "total": t["rm_total"].format(total=fmt.money(inv.total), net=fmt.money(inv.net),
                                      payback=months_text(inv.payback_months, lang),
                                      roi=percent_text(inv.roi)) if has_money else "",
        "phases": phases, "paths": paths, "kpis": kpis,
    }


def _phase_name(ctx: ReportContext, phase: str | None) -> str:
    found = next((p for p in ctx.eco.phases if p.id == phase), None)
    return found.name if found is not None else (phase or "—")
