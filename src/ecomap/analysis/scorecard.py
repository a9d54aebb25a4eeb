"""Partner scorecard (机制3): the score weighted by model.SCORE_WEIGHTS, and its tier."""

from __future__ import annotations

from ecomap.amounts import json_number
from ecomap.i18n import Words
from ecomap.model import SCORE_FIELDS, Participant


def scorecard(p: Participant, locale: str) -> dict[str, object] | None:
    """The JSON ``score`` of a participant, None without ``scores``. Thresholds are strict:
    gold needs more than 4.8, so exactly 4.8 is silver (model.Scores.tier)."""
    if p.scores is None:
        return None
    result: dict[str, object] = {k: json_number(getattr(p.scores, k)) for k in SCORE_FIELDS}
    result["weighted"] = json_number(p.scores.weighted)
    result["tier"] = p.scores.tier
    result["tier_label"] = Words(locale).label("tier_word", p.scores.tier)
    return result
