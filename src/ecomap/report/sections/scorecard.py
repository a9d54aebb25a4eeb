"""§ Partner scorecards, apart as the lesson has them: 第2步 伙伴筛选 (the screening criteria and
their weighted score, best first) and 机制3 质量管理 (the 评估指标, the 客户评分, the 投诉率 and
the tier they give together, best first)."""

from __future__ import annotations

from typing import Any

from ecomap import i18n
from ecomap.i18n.report import weighted_header
from ecomap.model import QUALITY_FIELDS, SCREENING_FIELDS, Participant
from ecomap.report.context import ReportContext


def _score(value: Any) -> dict[str, Any]:
    return {"text": f"{float(value):g}", "sort": float(value)}


def _row(ctx: ReportContext, p: Participant) -> dict[str, Any]:
    return {"id": p.id, "name": p.name,
            "type": i18n.label(i18n.PARTNER_TYPES, ctx.lang, p.partner_type)}


def build(ctx: ReportContext) -> dict[str, Any]:
    """``{screening: {columns, rows}, quality: {columns, rows}}``; a table without rows is
    left out of the page."""
    screening, quality = [], []
    for p in ctx.eco.participants:
        if p.screening is not None:
            s = p.screening
            screening.append({
                **_row(ctx, p), "cells": [_score(getattr(s, k)) for k in SCREENING_FIELDS],
                "score": f"{float(s.weighted):.2f}", "score_sort": float(s.weighted)})
        if p.quality is not None:
            q = p.quality
            quality.append({
                **_row(ctx, p), "cells": [_score(getattr(q, k)) for k in QUALITY_FIELDS],
                "rating": f"{float(q.rating):.2f}", "rating_sort": float(q.rating),
                "complaint_rate": f"{float(q.complaint_rate * 100):g}%",
                "complaint_rate_sort": float(q.complaint_rate),
                # best tier first, then rating: the order the tier column sorts by
                "tier_sort": (len(i18n.TIERS["en"]) - list(i18n.TIERS["en"]).index(q.tier)) * 10
                + float(q.rating),
                "tier": q.tier, "tier_name": i18n.label(i18n.TIERS, ctx.lang, q.tier)})
    screening.sort(key=lambda r: -r["score_sort"])
    quality.sort(key=lambda r: -r["tier_sort"])
    return {
        "screening": {"columns": [weighted_header(ctx.lang, "screening", k)
                                  for k in SCREENING_FIELDS], "rows": screening},
        "quality": {"columns": [weighted_header(ctx.lang, "quality", k)
                                for k in QUALITY_FIELDS], "rows": quality},
    }
