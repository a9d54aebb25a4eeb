"""§ Scenarios side by side with the base map: revenue, net, margin, what is lost."""

from __future__ import annotations

from typing import Any

from ecomap.analysis.scenarios import ScenarioResult
from ecomap.report.context import ReportContext
from ecomap.report.format import sign


def column(ctx: ReportContext, s: ScenarioResult) -> dict[str, Any]:
    fmt, rev, a = ctx.fmt, s.revenue, s.applied
    return {
        "id": s.id, "name": s.name or s.id,
        "revenue": fmt.money(rev.total),
        "revenue_delta": fmt.money(s.revenue_delta, signed=True),
        "revenue_delta_sign": sign(s.revenue_delta),
        "net": fmt.money(rev.net, signed=True),
        "net_delta": fmt.money(s.net_delta, signed=True), "net_delta_sign": sign(s.net_delta),
        "margin": fmt.margin(rev),
        "lost": [ctx.flow_text(f.ref) for f in a.lost_flows],
        "cut_off": ctx.who(a.cut_off), "paths": list(a.paths_broken),
        "added": [ctx.finding_row(f, where=False) for f in s.findings_added],
        "removed": [ctx.finding_row(f, where=False) for f in s.findings_removed],
    }


def build(ctx: ReportContext) -> dict[str, Any]:
    rev = ctx.analysis.revenue
    return {"scenarios": [column(ctx, s) for s in ctx.result.scenarios],
            "scen_base": {"revenue": ctx.fmt.money(rev.total),
                          "net": ctx.fmt.money(rev.net, signed=True),
                          "margin": ctx.fmt.margin(rev)}}
