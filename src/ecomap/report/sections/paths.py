"""§ Value paths: each named chain of flows, step by step, with the money it carries."""

from __future__ import annotations

from typing import Any

from ecomap.report.context import ReportContext


def build(ctx: ReportContext) -> list[dict[str, Any]]:
    paths = []
    for trace in ctx.analysis.paths:
        steps = []
        for f in trace.steps:
            annual = ctx.analysis.ctx.annual(f)
            steps.append({"from": ctx.name(f.source), "to": ctx.name(f.target),
                          "from_id": f.source, "to_id": f.target, "kind": f.kind,
                          "kind_name": ctx.kind_name(f.kind), "label": f.label,
                          "annual": ctx.fmt.money(annual) if annual is not None else ""})
        paths.append({"name": trace.name, "chain": ctx.who(trace.participants), "steps": steps,
                      "money": ctx.t["path_money"].format(money=ctx.fmt.money(trace.money))
                      if not trace.money.is_zero() else ""})
    return paths
