"""The check registry: each check declares its id and default severity once, with ``@check``.

A check function yields ``Hit``s (subjects, position, message parameters); the decorator turns
them into Findings of its check. ``model``/validate's ``checks:`` keys, the JSON schema's check
keys and the report's titles all come from ``registry()``; the words come from ecomap.i18n.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec

from ecomap.amounts import Value
from ecomap.analysis.findings import Finding, make
from ecomap.errors import Span

P = ParamSpec("P")

# SPEC §3's order of the families; within one, the order the checks are declared in.
FAMILIES = ("model", "risk", "balance", "compliance", "path")
# The modules that declare checks: imported by registry() so that it is always complete.
FAMILY_MODULES = ("ecomap.analysis.revenue", "ecomap.analysis.risk", "ecomap.analysis.balance",
                  "ecomap.analysis.compliance", "ecomap.analysis.paths",
                  "ecomap.analysis.deprecations")
SEVERITY_LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Check:
    """A registered check: its id (``family.name``) and default severity."""

    id: str
    default: str  # severity when the map's ``checks:`` does not override it
    # False when the check reads no flow's amount, volume, share, category, note or phase and
    # no money figure: a scenario whose flows differ from its base's only in those (an amount
    # changed) has the base's findings of this check, which it takes over.
    reads_money: bool = True

    @property
    def family(self) -> str:
        return self.id.split(".")[0]


@dataclass(frozen=True)
class Hit:
    """One finding of the check that yields it, before its id and severity are attached."""

    subjects: tuple[str, ...]
    span: Span | None
    params: tuple[tuple[str, object], ...]
    flows: tuple[str, ...] = ()
    money_at_risk: Value | None = None


def hit(subjects: Iterable[str], span: Span | None, flows: Iterable[str] = (),
        money_at_risk: Value | None = None, **params: object) -> Hit:
    """A Hit; ``params`` fill the check's message template (ecomap.i18n.messages), so a
    template cannot name a parameter ``subjects``, ``span``, ``flows`` or ``money_at_risk``."""
    return Hit(tuple(subjects), span, tuple(params.items()), tuple(flows), money_at_risk)


_REGISTRY: dict[str, Check] = {}
_BY_FUNCTION: dict[Callable[..., list[Finding]], Check] = {}


def check(check_id: str, default: str, reads_money: bool = True
          ) -> Callable[[Callable[P, Iterable[Hit]]], Callable[P, list[Finding]]]:
    """Declare a check: ``@check("risk.cut_vertex", default="warning")`` on a function that
    yields its Hits; the decorated function returns the Findings. ``reads_money=False``
    promises that it reads no money (Check.reads_money)."""
    if check_id.split(".")[0] not in FAMILIES or default not in SEVERITY_LEVELS:
        raise ValueError(f"check {check_id!r}: unknown family or severity {default!r}")
    if check_id in _REGISTRY:
        raise ValueError(f"check {check_id!r} is declared twice")
    declared = _REGISTRY[check_id] = Check(check_id, default, reads_money)

    def decorate(fn: Callable[P, Iterable[Hit]]) -> Callable[P, list[Finding]]:
        @wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> list[Finding]:
            return [make(declared.id, declared.default, h.subjects, h.params, h.span, h.flows,
                         h.money_at_risk) for h in fn(*args, **kwargs)]
        _BY_FUNCTION[run] = declared
        return run
    return decorate


def declaration(fn: Callable[..., list[Finding]]) -> Check:
    """The check a decorated check function runs."""
    return _BY_FUNCTION[fn]


def registry() -> Mapping[str, Check]:
    """Every check, families in SPEC §3 order."""
    for module in FAMILY_MODULES:
        importlib.import_module(module)
    family = {name: i for i, name in enumerate(FAMILIES)}
    ordered = sorted(enumerate(_REGISTRY.values()), key=lambda ic: (family[ic[1].family], ic[0]))
    return {c.id: c for _, c in ordered}


def check_ids() -> tuple[str, ...]:
    """The ids a map's ``checks:`` may name."""
    return tuple(registry())
