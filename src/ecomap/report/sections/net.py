"""§ Net money per participant: a diverging bar chart of everyone money passes through."""

from __future__ import annotations

from typing import Any

from ecomap.report.charts import BarRow, diverging_chart
from ecomap.report.context import ReportContext
from ecomap.report.format import sort_key


def build(ctx: ReportContext) -> dict[str, Any] | None:
    figures = ctx.analysis.figures
    rows = [BarRow(p.name, figures[p.id].net, pid=p.id) for p in ctx.eco.participants
            if not figures[p.id].money_in.is_zero() or not figures[p.id].money_out.is_zero()]
    rows.sort(key=lambda r: -sort_key(r.value))
    return diverging_chart(rows, ctx.fmt) if rows else None
