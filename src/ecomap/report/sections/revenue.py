"""§ Revenue: totals, by category, by counterparty, costs, concentration, unquantified flows."""

from __future__ import annotations

from typing import Any

from ecomap import i18n
from ecomap.model import CATEGORIES
from ecomap.report.charts import BarRow, bar_chart
from ecomap.report.context import ReportContext
from ecomap.report.format import sign, sort_key

# A multiple of a token service revenue (e.g. one 880元 upgrade) says nothing to a board.
MAX_MULTIPLE = 100


def costs_note(ctx: ReportContext) -> str:
    """The caveat beside the margin: costs the map names without an amount, as the analysis
    counts them (``Revenue.unquantified_costs``, the same count ``analyze`` prints)."""
    n = len(ctx.analysis.revenue.unquantified_costs)
    if not n:
        return ""
    return ctx.t["costs_unquantified_one"] if n == 1 else ctx.t["costs_unquantified"].format(n=n)


def build(ctx: ReportContext) -> dict[str, Any]:
    rev, fmt, t = ctx.analysis.revenue, ctx.fmt, ctx.t
    cats = [c for c in CATEGORIES if c in rev.by_category]
    cat_chart = bar_chart([BarRow(i18n.label(i18n.CATEGORIES, ctx.lang, c), rev.by_category[c],
                                  f"cat-{c}") for c in cats], fmt) if cats else None
    counterparties = []
    for pid, v in sorted(rev.by_counterparty.items(), key=lambda kv: -sort_key(kv[1])):
        share = v.mid / rev.total.mid if rev.total.mid else None
        counterparties.append({"id": pid, "name": ctx.name(pid), "value": fmt.money(v),
                               "sort": sort_key(v), "share": fmt.percent(share),
                               "share_sort": float(share or 0)})
    cost_rows = [{"id": pid, "name": ctx.name(pid), "value": fmt.money(v), "sort": sort_key(v)}
                 for pid, v in sorted(rev.costs_by_counterparty.items(),
                                      key=lambda kv: -sort_key(kv[1]))]
    compare_chart = bar_chart([
        BarRow(t["rev_service"], rev.service, "cmp-service"),
        BarRow(t["rev_ecosystem"], rev.ecosystem, "cmp-eco"),
        BarRow(t["rev_total"], rev.total, "cmp-total"),
    ], fmt)
    conc = ctx.analysis.concentration
    concentration = t["concentration"].format(
        name=ctx.name(conc.top), share=fmt.percent(conc.top_share),
        hhi=f"{float(conc.hhi):.2f}") if conc is not None else None
    multiple = rev.total_to_service
    return {
        "total": fmt.money(rev.total), "costs": fmt.money(rev.costs),
        "net": fmt.money(rev.net, signed=True), "net_sign": sign(rev.net),
        "margin": fmt.margin(rev),
        "service": fmt.money(rev.service), "ecosystem": fmt.money(rev.ecosystem),
        "multiple": fmt.times(multiple.low)
        if multiple is not None and not multiple.is_range and 0 < multiple.low <= MAX_MULTIPLE
        else None,
        "unquantified": [ctx.flow_text(r) for r in rev.unquantified],
        "cat_chart": cat_chart, "compare_chart": compare_chart,
        "counterparties": counterparties, "cost_rows": cost_rows,
        "concentration": concentration,
        "costs_unquantified": [ctx.flow_text(r) for r in rev.unquantified_costs],
        "costs_unquantified_note": costs_note(ctx),
        # Money between the focus organisation's own units: neither revenue nor cost, listed
        # so that a salary meant as a cost is seen (SPEC §1).
        "transfers": [{"flow": ctx.flow_text(x.flow), "from": ctx.name(x.source),
                       "from_id": x.source, "to": ctx.name(x.target), "to_id": x.target,
                       "value": fmt.money(x.annual) if x.annual is not None
                       else t["unquantified"], "sort": sort_key(x.annual)}
                      for x in rev.transfers],
        "transfers_total": t["rev_transfers_total"].format(
            money=fmt.money(rev.internal_transfers)),
    }
