"""§ Risks: money at risk per participant, the declared risks and their matrix, the findings."""

from __future__ import annotations

from typing import Any

from ecomap.model import LEVELS
from ecomap.render import i18n
from ecomap.report.context import ReportContext
from ecomap.report.format import sort_key


def loss_rows(ctx: ReportContext) -> list[dict[str, Any]]:
    return [{
        "id": e.participant, "name": ctx.name(e.participant),
        "money": ctx.fmt.money(e.money_at_risk), "sort": sort_key(e.money_at_risk),
        "lost": len(e.lost_flows), "lost_text": "；".join(ctx.flow_text(f.ref)
                                                         for f in e.lost_flows),
        "cut_off": ctx.who(e.cut_off), "paths": list(e.paths_broken),
    } for e in ctx.analysis.loss]


def declared(ctx: ReportContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The map's own risks, numbered, and the impact × likelihood matrix they are pinned on."""
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    rows = []
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for n, r in enumerate(ctx.eco.risks, start=1):
        row = {"n": n, "id": r.id, "name": r.name or r.id, "about": ctx.who(r.about),
               "likelihood": i18n.label(i18n.LEVELS, ctx.lang, r.likelihood),
               "impact": i18n.label(i18n.LEVELS, ctx.lang, r.impact),
               "lk_sort": rank[r.likelihood], "im_sort": rank[r.impact],
               "score": (rank[r.likelihood] + 1) * (rank[r.impact] + 1),
               "mitigation": r.mitigation, "where": str(r.span)}
        rows.append(row)
        cells.setdefault((r.likelihood, r.impact), []).append(row)
    matrix = [{"impact": im, "impact_name": i18n.label(i18n.LEVELS, ctx.lang, im),
               "cells": [{"score": (rank[lk] + 1) * (rank[im] + 1),
                          "risks": cells.get((lk, im), [])} for lk in LEVELS]}
              for im in reversed(LEVELS)]
    return rows, matrix


def build(ctx: ReportContext) -> dict[str, Any]:
    rows, matrix = declared(ctx)
    findings = [ctx.finding_row(f) for f in ctx.analysis.findings]
    return {
        "loss": loss_rows(ctx), "declared": rows, "matrix": matrix,
        "levels": [{"id": lv, "name": i18n.label(i18n.LEVELS, ctx.lang, lv)} for lv in LEVELS],
        "findings": findings,
        "computed_risks": [r for r in findings
                           if str(r["check"]).startswith(("risk.", "balance."))],
        "compliance": [r for r in findings if str(r["check"]).startswith("compliance.")],
    }
