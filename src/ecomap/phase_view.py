"""A map as it stands in one roadmap phase: what exists by then, for ``ecomap diff --from-phase
A --to-phase B`` (the diagram's own phase filter is in layout/scene.py).

A participant exists from its ``phase:`` (none: the first phase); a flow from its own phase and
both its ends' (``Ecosystem.flow_phase``), as the analysis counts each phase's figures. The
focus is always there. Declared risks keep the participants that exist (a risk about none of
them goes), KPIs are those of the phases so far, and scenarios are left out: a phase diff
compares the roadmap's phases, not the what-ifs (each scenario may name later participants).
"""

from __future__ import annotations

from dataclasses import replace

from ecomap.model import Ecosystem


def in_phase(eco: Ecosystem, phase: str) -> Ecosystem:
    """``eco`` as it stands in ``phase`` (one of ``eco.phases``; KeyError otherwise)."""
    at = eco.phase_order[phase]
    people = tuple(p for p in eco.participants
                   if p.id == eco.focus or eco.phase_index(p.phase) <= at)
    kept = {p.id for p in people}
    flows = tuple(f for f in eco.flows if eco.flow_phase(f) <= at
                  and f.source in kept and f.target in kept)
    risks = tuple(replace(r, about=tuple(a for a in r.about if a in kept)) for r in eco.risks
                  if not r.about or any(a in kept for a in r.about))
    kpis = tuple(k for k in eco.kpis if eco.phase_index(k.phase) <= at)
    return replace(eco, participants=people, flows=flows, risks=risks, scenarios=(), kpis=kpis)
