"""The partner scorecards of partner_types_and_mechanisms.txt, kept apart as the lesson keeps
them: 第2步 伙伴筛选 (``screening``, for choosing a partner: its weighted score) and
机制3 质量管理 (``quality``: the 客户评分 weighted from its 评估指标, the 投诉率 and the tier
they give together)."""

from __future__ import annotations

from ecomap.amounts import json_number
from ecomap.i18n import Words
from ecomap.model import QUALITY_FIELDS, SCREENING_FIELDS, Participant


def screening_json(p: Participant) -> dict[str, object] | None:
    """``{service_quality, coverage, cost, integration, weighted}``; None without ``screening``."""
    s = p.screening
    if s is None:
        return None
    result: dict[str, object] = {k: json_number(getattr(s, k)) for k in SCREENING_FIELDS}
    result["weighted"] = json_number(s.weighted)
    return result


def quality_json(p: Participant, locale: str) -> dict[str, object] | None:
    """``{satisfaction, response, complaint_handling, price, rating, complaint_rate, tier,
    tier_label}``; None without ``quality``. Thresholds are strict on both: gold needs a rating
    above 4.8 and a complaint rate below 0.5% (model.QualityReview.tier)."""
    q = p.quality
    if q is None:
        return None
    result: dict[str, object] = {k: json_number(getattr(q, k)) for k in QUALITY_FIELDS}
    result["rating"] = json_number(q.rating)
    result["complaint_rate"] = round(float(q.complaint_rate), 6)  # a fraction: 0.004 is 0.4%
    result["tier"] = q.tier
    result["tier_label"] = Words(locale).label("tier_word", q.tier)
    return result


def legacy_score_json(p: Participant, locale: str) -> dict[str, object] | None:
    """analysis.json's ``score`` as format 1 had it (``quality``, ``coverage``, ``cost``,
    ``integration``, ``weighted``, ``tier``, ``tier_label``), kept for its readers: the four
    scores are the screening's, the tier is now the quality review's (null without one)."""
    if p.screening is None and p.quality is None:
        return None
    s = p.screening
    result: dict[str, object] = {
        "quality": json_number(s.service_quality) if s else None,
        "coverage": json_number(s.coverage) if s else None,
        "cost": json_number(s.cost) if s else None,
        "integration": json_number(s.integration) if s else None,
        "weighted": json_number(s.weighted) if s else None,
        "tier": p.tier,
        "tier_label": Words(locale).label("tier_word", p.tier) if p.tier else None,
    }
    return result
