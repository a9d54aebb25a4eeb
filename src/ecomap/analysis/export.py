"""``analysis.json`` (docs/analysis-json.md): an AnalysisResult as plain, deterministic JSON data.

An output only: nothing in ecomap reads this document back (the report and the diagram marks
take the typed ``AnalysisResult``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ecomap.amounts import Value
from ecomap.analysis.balance import Pair
from ecomap.analysis.findings import Finding
from ecomap.analysis.result import AnalysisResult
from ecomap.analysis.revenue import Revenue
from ecomap.analysis.roadmap import Investments
from ecomap.analysis.scenarios import ScenarioResult
from ecomap.analysis.scorecard import legacy_score_json, quality_json, screening_json
from ecomap.model import KINDS, Flow


def number(f: Fraction) -> int | float:
    """An exact integer stays an int; anything else a float to 6 places (shares, volumes)."""
    return int(f) if f.denominator == 1 else round(float(f), 6)


def ratio(v: Value | None) -> float | dict[str, float] | None:
    """Ratios (margin, multiples) to 4 places; a range as low/high."""
    if v is None:
        return None
    if v.is_range:
        return {"low": round(float(v.low), 4), "high": round(float(v.high), 4)}
    return round(float(v.low), 4)


def money(v: Value | None) -> Any:
    return v.to_json() if v is not None else None


def finding_json(f: Finding, locale: str, full: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {"check": f.check, "severity": f.severity, "subjects": list(f.subjects)}
    if full:
        data["flows"] = list(f.flows)
    data["message"] = f.message(locale)
    if full:
        data["where"] = f.where
        if f.money_at_risk is not None:
            data["money_at_risk"] = f.money_at_risk.to_json()
    return data


def _share(v: Value) -> Any:
    return number(v.low) if not v.is_range else {"low": number(v.low), "high": number(v.high)}


def flow_json(f: Flow, annual: Value | None) -> dict[str, Any]:
    data = {
        "ref": f.ref, "id": f.id, "from": f.source, "to": f.target, "kind": f.kind,
        "label": f.label, "amount": f.amount.text if f.amount else None,
        "volume": number(f.volume) if f.volume is not None else None,
        "share": [_share(s) for s in f.share], "annual": money(annual),
        "category": f.category,
        # one path as its name (as before); a flow on several paths lists them
        "path": f.path if len(f.paths) <= 1 else list(f.paths),
        "sensitivity": f.sensitivity, "consent": f.consent, "where": str(f.span),
    }
    if f.is_once:  # an investment: its one-off value instead of an annual one
        data["once"] = money(f.annual)
    if f.phase is not None:
        data["phase"] = f.phase
    return data


def revenue_json(r: Revenue) -> dict[str, Any]:
    return {
        "total": r.total.to_json(),
        "by_category": {k: v.to_json() for k, v in r.by_category.items()},
        "by_counterparty": {k: v.to_json() for k, v in r.by_counterparty.items()},
        "costs": r.costs.to_json(),
        "costs_by_counterparty": {k: v.to_json() for k, v in r.costs_by_counterparty.items()},
        "net": r.net.to_json(), "margin": ratio(r.margin),
        "service": r.service.to_json(), "ecosystem": r.ecosystem.to_json(),
        "ecosystem_to_service": ratio(r.ecosystem_to_service),
        "total_to_service": ratio(r.total_to_service),
        "unquantified": list(r.unquantified),
        "unquantified_costs": list(r.unquantified_costs),
        "margin_bound": r.margin_bound, "margin_note": r.margin_note,
        "internal_transfers": [{"flow": t.flow, "from": t.source, "to": t.target,
                                "annual": money(t.annual)} for t in r.transfers],
        "internal_transfers_total": r.internal_transfers.to_json(),
    }


def investments_json(inv: Investments) -> dict[str, Any]:
    return {
        "total": inv.total.to_json(),
        "flows": [{"flow": ref, "amount": v.to_json()} for ref, v in inv.flows],
        "by_phase": {k: v.to_json() for k, v in inv.by_phase.items()},
        "payback_months": inv.payback_months.to_json() if inv.payback_months else None,
        "roi": ratio(inv.roi), "net": inv.net.to_json(),
        "by_path": [{"path": p.name, "investment": p.investment.to_json(),
                     "net": p.net.to_json(), "payback_months": p.payback_months.to_json(),
                     "roi": ratio(p.roi)} for p in inv.by_path],
    }


def phases_json(inv: Investments) -> list[dict[str, Any]]:
    return [{"id": f.phase.id, "name": f.phase.name, "months": [f.phase.start, f.phase.end],
             "revenue": f.revenue.to_json(), "costs": f.costs.to_json(), "net": f.net.to_json(),
             "investment": f.investment.to_json(),
             "cumulative_cash": f.cumulative_cash.to_json(),
             "payback_months": f.payback_months.to_json() if f.payback_months else None}
            for f in inv.phases]


def _gives(flows: list[Flow]) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for f in flows:
        by_kind.setdefault(f.kind, []).append(f.label)
    return {k: by_kind[k] for k in KINDS if k in by_kind}


def pair_json(p: Pair) -> dict[str, Any]:
    return {"a": p.a, "b": p.b, "a_gives": _gives(p.a_gives), "b_gives": _gives(p.b_gives),
            "a_gives_money": p.a_gives_money.to_json(),
            "b_gives_money": p.b_gives_money.to_json()}


def scenario_json(s: ScenarioResult, locale: str) -> dict[str, Any]:
    a = s.applied
    return {
        "id": s.id, "name": s.name, "revenue_delta": s.revenue_delta.to_json(),
        "revenue": revenue_json(s.revenue), "net_delta": s.net_delta.to_json(),
        "investments": investments_json(s.investments),
        "lost_flows": [f.ref for f in a.lost_flows], "cut_off": list(a.cut_off),
        "paths_broken": list(a.paths_broken),
        "removed_participants": list(a.removed_participants),
        "changed_flows": list(a.changed_flows),
        "findings_added": [finding_json(f, locale, full=False) for f in s.findings_added],
        "findings_removed": [finding_json(f, locale, full=False) for f in s.findings_removed],
    }


def to_json(result: AnalysisResult, locale: str | None = None) -> dict[str, Any]:
    """The ``analysis.json`` document; ``locale`` (default: the map's) picks the messages.

    It describes ``result.shown`` (the selected scenario's map, else the base); ``scenarios``
    lists the map's scenarios and ``scenario`` says how the selected one differs."""
    analysis = result.shown
    eco = analysis.eco
    loc = locale or eco.locale
    layers = [{"id": layer.id, "name": layer.name,
               "participants": [p.id for p in eco.participants if p.layer == layer.id]}
              for layer in eco.layers]
    participants = []
    for p in eco.participants:
        fig = analysis.figures[p.id]
        participants.append({
            "id": p.id, "name": p.name, "layer": p.layer, "role": p.role,
            "partner_type": p.partner_type, "internal": eco.is_internal(p.id),
            "region": p.region, "count": p.count,
            "url": p.url, "tags": list(p.tags), "note": p.note,
            "money_in": fig.money_in.to_json(), "money_out": fig.money_out.to_json(),
            "net": fig.net.to_json(), "gives": dict(fig.gives), "gets": dict(fig.gets),
            "score": legacy_score_json(p, loc),
            "screening": screening_json(p), "quality": quality_json(p, loc),
            # risk: the risk-node checks (what the diagram marks); checks: every finding's check.
            "risk": [c for c in analysis.findings_about(p.id) if c.startswith("risk.")],
            "checks": analysis.findings_about(p.id),
            "betweenness": round(analysis.betweenness.get(p.id, 0.0), 4),
            "where": str(p.span),
        })
    conc = analysis.concentration
    investments = analysis.investments
    data: dict[str, Any] = {
        "ecomap": eco.version, "title": eco.title, "description": eco.description,
        "locale": eco.locale, "currency": eco.currency, "period": "year", "focus": eco.focus,
        "source": eco.path, "layers": layers, "participants": participants,
        "flows": [flow_json(f, analysis.ctx.annual(f)) for f in eco.flows],
        "revenue": revenue_json(analysis.revenue),
        "investments": investments_json(investments),
        "concentration": None if conc is None else {
            "top": conc.top, "top_share": round(float(conc.top_share), 4),
            "hhi": round(float(conc.hhi), 4)},
        "findings": [finding_json(f, loc) for f in analysis.findings],
        "loss": [{"participant": e.participant, "money_at_risk": e.money_at_risk.to_json(),
                  "lost_flows": [f.ref for f in e.lost_flows], "cut_off": list(e.cut_off),
                  "paths_broken": list(e.paths_broken)} for e in analysis.loss],
        "cut_vertices": list(analysis.cut_vertices),
        "bridges": [{"a": b.a, "b": b.b, "flows": list(b.flows), "cut_off": list(b.cut_off)}
                    for b in analysis.bridges],
        "pairs": [pair_json(p) for p in analysis.pairs],
        "paths": [{"name": t.name, "participants": list(t.participants),
                   "steps": [{"flow": f.ref, "from": f.source, "to": f.target, "kind": f.kind,
                              "label": f.label} for f in t.steps],
                   "money": t.money.to_json()} for t in analysis.paths],
        "risks": [{"id": r.id, "name": r.name, "about": list(r.about),
                   "likelihood": r.likelihood, "impact": r.impact,
                   "mitigation": r.mitigation, "where": str(r.span)} for r in eco.risks],
        "scenarios": [scenario_json(s, loc) for s in result.scenarios],
    }
    if eco.phases:
        data["phases"] = phases_json(investments)
    if eco.kpis:
        data["kpis"] = [{"name": k.name, "target": k.target, "current": k.current,
                         "unit": k.unit, "frequency": k.frequency, "phase": k.phase}
                        for k in eco.kpis]
    if result.selected is not None:
        data["scenario"] = scenario_json(result.selected, loc)
    return data
