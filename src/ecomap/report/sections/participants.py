"""§ Participants by layer: role, type, money in/out/net, risk marks, link, tags and note."""

from __future__ import annotations

from typing import Any

from ecomap.model import Participant
from ecomap.render import i18n
from ecomap.report.context import ReportContext
from ecomap.report.format import sign, sort_key
from ecomap.report.sanitise import safe_link


def participant_row(ctx: ReportContext, p: Participant) -> dict[str, Any]:
    fig = ctx.analysis.figures[p.id]
    layer = next(layer.name for layer in ctx.eco.layers if layer.id == p.layer)
    return {
        "id": p.id, "name": p.name, "role": p.role, "layer": layer,
        "type": i18n.label(i18n.PARTNER_TYPES, ctx.lang, p.partner_type),
        "internal": ctx.eco.is_internal(p.id), "focus": p.id == ctx.eco.focus,
        "count": p.count, "count_text": ctx.fmt.number(p.count) if p.count is not None else "",
        "in": ctx.fmt.money(fig.money_in), "in_sort": sort_key(fig.money_in),
        "out": ctx.fmt.money(fig.money_out), "out_sort": sort_key(fig.money_out),
        "net": ctx.fmt.money(fig.net, signed=True), "net_sort": sort_key(fig.net),
        "net_sign": sign(fig.net),
        "risk": [i18n.label(i18n.CHECKS, ctx.lang, c) for c in ctx.analysis.findings_about(p.id)
                 if c.startswith("risk.")],
        "url": safe_link(p.url), "tags": list(p.tags), "note": p.note,
    }


def build(ctx: ReportContext) -> list[dict[str, Any]]:
    """The layers in map order, each with its participants."""
    return [{"id": layer.id, "name": layer.name,
             "rows": [participant_row(ctx, p) for p in ctx.eco.participants
                      if p.layer == layer.id]}
            for layer in ctx.eco.layers]
