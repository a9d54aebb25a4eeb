"""§ Headline figures: revenue, net, margin, compliance errors, participants, the top risk."""

from __future__ import annotations

from typing import Any

from ecomap.report.context import ReportContext


def build(ctx: ReportContext, rev: dict[str, Any], risks: dict[str, Any]) -> dict[str, Any]:
    loss = risks["loss"]
    counts = {layer.id: 0 for layer in ctx.eco.layers}
    for p in ctx.eco.participants:
        counts[p.layer] += 1
    return {
        "revenue": rev["total"], "costs": rev["costs"], "net": rev["net"],
        "net_sign": rev["net_sign"], "margin": rev["margin"], "multiple": rev["multiple"],
        "costs_note": rev["costs_unquantified_note"],
        "participants": len(ctx.eco.participants),
        "layers": [{"name": layer.name, "n": counts[layer.id]} for layer in ctx.eco.layers],
        "top_risk": loss[0] if loss and loss[0]["sort"] > 0 else None,
        "compliance_errors": sum(1 for r in risks["compliance"] if r["severity"] == "error"),
    }
