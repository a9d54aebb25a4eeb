"""Partner scorecard (机制3): weighted score 40/25/20/15 and tier 金牌/银牌/铜牌/黄牌."""

from __future__ import annotations

from ecomap.amounts import json_number
from ecomap.model import SCORE_FIELDS, Participant

TIER_ZH = {"gold": "金牌", "silver": "银牌", "bronze": "铜牌", "yellow": "黄牌"}
TIER_EN = {"gold": "gold", "silver": "silver", "bronze": "bronze", "yellow": "yellow card"}


def scorecard(p: Participant, locale: str) -> dict[str, object] | None:
    """The JSON ``score`` of a participant, None without ``scores``. Thresholds are strict:
    gold needs more than 4.8, so exactly 4.8 is silver (model.Scores.tier)."""
    if p.scores is None:
        return None
    result: dict[str, object] = {k: json_number(getattr(p.scores, k)) for k in SCORE_FIELDS}
    result["weighted"] = json_number(p.scores.weighted)
    result["tier"] = p.scores.tier
    result["tier_label"] = (TIER_ZH if locale == "zh" else TIER_EN)[p.scores.tier]
    return result
