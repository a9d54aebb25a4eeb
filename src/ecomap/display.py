"""A map's copy for text output: every free text field escaped with errors.printable.

The analyze and diff text outputs are many lines by design, built from names, labels and
notes; escaping them on the way in (not the finished text) is what keeps a name holding "\\n"
from printing a line of its own, while the output's own line breaks stay.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from ecomap.errors import printable
from ecomap.model import (
    Ecosystem,
    Flow,
    FlowChange,
    Kpi,
    Layer,
    Participant,
    Phase,
    Risk,
    Scenario,
)


def _participant(p: Participant) -> Participant:
    return replace(p, name=printable(p.name), role=printable(p.role), note=printable(p.note),
                   tags=tuple(printable(t) for t in p.tags))


def _flow(f: Flow) -> Flow:
    return replace(f, label=printable(f.label), note=printable(f.note),
                   paths=tuple(printable(name) for name in f.paths))


def _change(c: FlowChange) -> FlowChange:
    fields = {k: _printable_field(k, v) for k, v in c.fields.items()}
    return replace(c, fields=MappingProxyType(fields))


def _printable_field(key: str, value: object) -> object:
    if isinstance(value, str) and key in ("label", "note"):
        return printable(value)
    if key == "paths" and isinstance(value, tuple):
        return tuple(printable(name) for name in value)
    return value


def _phase(phase: Phase) -> Phase:
    return replace(phase, name=printable(phase.name))


def _kpi(k: Kpi) -> Kpi:
    return replace(k, name=printable(k.name), target=printable(k.target),
                   current=printable(k.current), unit=printable(k.unit),
                   frequency=printable(k.frequency))


def _layer(layer: Layer) -> Layer:
    return replace(layer, name=printable(layer.name))


def _risk(r: Risk) -> Risk:
    return replace(r, name=printable(r.name), mitigation=printable(r.mitigation))


def _scenario(s: Scenario) -> Scenario:
    return replace(s, name=printable(s.name),
                   add_participants=tuple(map(_participant, s.add_participants)),
                   add_flows=tuple(map(_flow, s.add_flows)), set=tuple(map(_change, s.set)))


def for_text(eco: Ecosystem) -> Ecosystem:
    """``eco`` with its text printable; ids, amounts and positions unchanged."""
    return replace(eco, title=printable(eco.title), description=printable(eco.description),
                   layers=tuple(map(_layer, eco.layers)),
                   participants=tuple(map(_participant, eco.participants)),
                   flows=tuple(map(_flow, eco.flows)), risks=tuple(map(_risk, eco.risks)),
                   scenarios=tuple(map(_scenario, eco.scenarios)),
                   phases=tuple(map(_phase, eco.phases)), kpis=tuple(map(_kpi, eco.kpis)))
