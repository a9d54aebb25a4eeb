"""§ Flows: the table of every flow of the shown map, and the kinds present (filter, legend)."""

from __future__ import annotations

from typing import Any

from ecomap.model import KINDS, Flow
from ecomap.render import i18n
from ecomap.report.context import ReportContext
from ecomap.report.format import sort_key


def flow_row(ctx: ReportContext, f: Flow) -> dict[str, Any]:
    annual = ctx.analysis.ctx.annual(f)
    return {
        "ref": f.ref, "from": f.source, "to": f.target,
        "from_name": ctx.name(f.source), "to_name": ctx.name(f.target),
        "kind": f.kind, "kind_name": ctx.kind_name(f.kind), "label": f.label,
        "amount": f.amount.text if f.amount else "",
        "volume": ctx.fmt.number(f.volume) if f.volume is not None else "",
        "volume_sort": sort_key(f.volume),
        "annual": ctx.fmt.money(annual) if annual is not None else "",
        "annual_sort": sort_key(annual),
        "category": i18n.label(i18n.CATEGORIES, ctx.lang, f.category),
        "path": f.path or "",
        "sensitivity": i18n.label(i18n.SENSITIVITIES, ctx.lang, f.sensitivity),
    }


def build(ctx: ReportContext) -> list[dict[str, Any]]:
    return [flow_row(ctx, f) for f in ctx.eco.flows]


def kinds(ctx: ReportContext, styles: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The flow kinds the map uses, with their colour and line style and how many flows."""
    counts = {k: sum(1 for f in ctx.eco.flows if f.kind == k) for k in KINDS}
    return [{"id": k, "name": ctx.kind_name(k), **styles[k], "n": counts[k]}
            for k in KINDS if counts[k]]
