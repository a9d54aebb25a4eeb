"""``ecomap diff --format json``: the MapDiff as plain, deterministic JSON data.

Keys (stable; new keys may be added, none renamed):

- ``ecomap_diff`` (format version, 1), ``changed`` (bool), ``currency``, ``period`` ("year")
- ``old`` / ``new``: ``source`` (path or git spec), ``title``, ``focus``, ``currency``, and
  with ``--from-phase``/``--to-phase`` ``phase`` (``{id, name, start_month, end_month}``)
- ``summary``: counts — ``participants_added|removed|changed``, ``flows_added|removed|changed``,
  ``findings_added|resolved``, ``errors_added``, ``errors_resolved``
- ``map``: ``[{field, old, new}]`` for title, description, focus, locale, currency, layers, checks
- ``participants``: ``added`` / ``removed`` (participant objects), ``changed``
  (``{id, name, changes: [{field, old, new}]}``)
- ``flows``: ``added`` / ``removed`` (flow objects as in analysis.json, with ``annual``),
  ``changed`` (``{ref, id, from, to, kind, label, annual: {old, new, delta},
  changes: [{field, old, new}]}``)
- ``revenue``: ``total``, ``costs``, ``net`` (each ``{old, new, delta}``), ``by_category``
  (category → ``{old, new, delta}``), ``margin`` (``{old, new, delta}`` as ratios)
- ``loss``: ``[{participant, name, old, new, delta, old_rank, new_rank}]``
- ``findings``: ``added`` / ``resolved`` (finding objects as in analysis.json)
- ``risks``: ``added`` / ``removed`` / ``changed``; ``scenarios``: ``added`` / ``removed``
  (``{id, name}``), ``changed`` (``{id, name, revenue_delta: {old, new, delta},
  net_delta: {old, new, delta}}``)

Money is annual, in the map's currency; a range is ``{"low": x, "high": y}``. A ``delta`` is
``null`` when either side is missing, or when the two versions use different currencies.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ecomap.amounts import Amount, Value
from ecomap.analysis.core import Analysis
from ecomap.analysis.export import finding_json, flow_json, money, number, ratio
from ecomap.diff.compare import Change, Delta, MapDiff
from ecomap.model import (
    QUALITY_FIELDS,
    SCREENING_FIELDS,
    Participant,
    Phase,
    QualityReview,
    Risk,
    Screening,
)

FORMAT_VERSION = 1


def value_json(value: object, field: str = "") -> Any:
    """A field's value as JSON data: amounts as written, exact numbers as numbers."""
    if field == "layers" and isinstance(value, tuple):  # ordered (id, name) pairs
        return [{"id": k, "name": v} for k, v in value]
    if field == "checks" and isinstance(value, tuple):  # sorted (check, level) pairs
        return dict(value)
    if isinstance(value, Amount):
        return value.text
    if isinstance(value, Fraction):
        return number(value)
    if isinstance(value, Value):  # a share: a number, or low/high for a range
        return number(value.low) if not value.is_range else {
            "low": number(value.low), "high": number(value.high)}
    if isinstance(value, Screening):
        data: dict[str, Any] = {k: number(getattr(value, k)) for k in SCREENING_FIELDS}
        data["weighted"] = number(value.weighted)
        return data
    if isinstance(value, QualityReview):
        data = {k: number(getattr(value, k)) for k in QUALITY_FIELDS}
        data.update(rating=number(value.rating), complaint_rate=number(value.complaint_rate),
                    tier=value.tier)
        return data
    if isinstance(value, tuple):
        return [value_json(x) for x in value]
    return value


def change_json(c: Change) -> dict[str, Any]:
    return {"field": c.field, "old": value_json(c.old, c.field),
            "new": value_json(c.new, c.field)}


def delta_json(d: Delta, comparable: bool = True, as_ratio: bool = False) -> dict[str, Any]:
    show = ratio if as_ratio else money
    delta = d.delta if comparable else None
    return {"old": show(d.old), "new": show(d.new), "delta": show(delta)}


def participant_json(p: Participant) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "layer": p.layer, "role": p.role,
            "partner_type": p.partner_type, "internal": p.internal, "region": p.region,
            "count": p.count, "where": str(p.span)}


def risk_json(r: Risk) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "about": list(r.about), "likelihood": r.likelihood,
            "impact": r.impact, "mitigation": r.mitigation, "where": str(r.span)}


def to_json(diff: MapDiff, locale: str | None = None) -> dict[str, Any]:
    """The ``ecomap diff --format json`` document; ``locale`` (default: the new map's) picks
    the finding messages."""
    old, new = diff.old, diff.new
    loc = locale or new.eco.locale
    same = diff.money_comparable
    rev = diff.revenue

    def side(a: Analysis, phase: Phase | None) -> dict[str, Any]:
        doc: dict[str, Any] = {"source": a.eco.path, "title": a.eco.title,
                               "focus": a.eco.focus, "currency": a.eco.currency}
        if phase is not None:
            doc["phase"] = {"id": phase.id, "name": phase.name, "start_month": phase.start,
                            "end_month": phase.end}
        return doc

    old_phase, new_phase = diff.phases if diff.phases is not None else (None, None)

    return {
        "ecomap_diff": FORMAT_VERSION,
        "changed": diff.changed,
        "currency": new.eco.currency,
        "period": "year",
        "old": side(old, old_phase),
        "new": side(new, new_phase),
        "summary": {
            "participants_added": len(diff.participants_added),
            "participants_removed": len(diff.participants_removed),
            "participants_changed": len(diff.participants_changed),
            "flows_added": len(diff.flows_added),
            "flows_removed": len(diff.flows_removed),
            "flows_changed": len(diff.flows_changed),
            "findings_added": len(diff.findings_added),
            "findings_resolved": len(diff.findings_resolved),
            "errors_added": sum(f.severity == "error" for f in diff.findings_added),
            "errors_resolved": sum(f.severity == "error" for f in diff.findings_resolved),
        },
        "map": [change_json(c) for c in diff.map_changes],
        "participants": {
            "added": [participant_json(p) for p in diff.participants_added],
            "removed": [participant_json(p) for p in diff.participants_removed],
            "changed": [{"id": d.id, "name": d.new.name,
                         "changes": [change_json(c) for c in d.changes]}
                        for d in diff.participants_changed],
        },
        "flows": {
            "added": [flow_json(f, new.ctx.annual(f)) for f in diff.flows_added],
            "removed": [flow_json(f, old.ctx.annual(f)) for f in diff.flows_removed],
            "changed": [{"ref": d.new.ref, "id": d.new.id, "from": d.new.source,
                         "to": d.new.target, "kind": d.new.kind, "label": d.new.label,
                         "annual": delta_json(d.annual, same),
                         "changes": [change_json(c) for c in d.changes]}
                        for d in diff.flows_changed],
        },
        "revenue": {
            "total": delta_json(rev.total, same),
            "by_category": {c: delta_json(d, same) for c, d in rev.by_category.items()},
            "costs": delta_json(rev.costs, same),
            "net": delta_json(rev.net, same),
            "margin": delta_json(rev.margin, as_ratio=True),
        },
        "loss": [{"participant": e.participant, "name": e.name,
                  "old": money(e.money_at_risk.old), "new": money(e.money_at_risk.new),
                  "delta": money(e.money_at_risk.delta if same else None),
                  "old_rank": e.old_rank, "new_rank": e.new_rank} for e in diff.loss],
        "findings": {
            "added": [finding_json(f, loc) for f in diff.findings_added],
            "resolved": [finding_json(f, loc) for f in diff.findings_resolved],
        },
        "risks": {
            "added": [risk_json(r) for r in diff.risks_added],
            "removed": [risk_json(r) for r in diff.risks_removed],
            "changed": [{"id": d.new.id, "name": d.new.name,
                         "changes": [change_json(c) for c in d.changes]}
                        for d in diff.risks_changed],
        },
        "scenarios": {
            "added": [{"id": s.id, "name": s.name} for s in diff.scenarios_added],
            "removed": [{"id": s.id, "name": s.name} for s in diff.scenarios_removed],
            "changed": [{"id": s.id, "name": s.name,
                         "revenue_delta": delta_json(s.revenue_delta, same),
                         "net_delta": delta_json(s.net_delta, same)}
                        for s in diff.scenarios_changed],
        },
    }
