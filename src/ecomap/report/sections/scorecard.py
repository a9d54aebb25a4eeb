"""§ Partner scorecard (机制3): the four scores, the weighted score and the tier, best first."""

from __future__ import annotations

from typing import Any

from ecomap.model import SCORE_FIELDS
from ecomap.render import i18n
from ecomap.report.context import ReportContext


def build(ctx: ReportContext) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for p in ctx.eco.participants:
        sc = p.scores
        if sc is None:
            continue
        rows.append({
            "id": p.id, "name": p.name,
            "type": i18n.label(i18n.PARTNER_TYPES, ctx.lang, p.partner_type),
            **{k: f"{float(getattr(sc, k)):g}" for k in SCORE_FIELDS},
            **{k + "_sort": float(getattr(sc, k)) for k in SCORE_FIELDS},
            "weighted": f"{float(sc.weighted):.2f}", "weighted_sort": float(sc.weighted),
            "tier": sc.tier, "tier_name": i18n.label(i18n.TIERS, ctx.lang, sc.tier),
        })
    rows.sort(key=lambda r: -r["weighted_sort"])
    return rows
