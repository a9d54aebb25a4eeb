"""The analysis of a map as one immutable value: the base, its scenarios, the one selected."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecomap.analysis.core import Analysis, analyze_map
from ecomap.model import Ecosystem

if TYPE_CHECKING:
    from ecomap.analysis.scenarios import ScenarioResult


@dataclass(frozen=True)
class AnalysisResult:
    """What ``analyze`` and ``render`` hand to every output (JSON, text, report, diagram marks).

    ``base`` is the map as written. ``scenarios`` are the map's scenarios, each analysed as a
    map of its own beside the base; ``selected`` is the scenario a ``--scenario`` run shows
    (then ``scenarios`` is empty: only that one is computed, and applied once), and
    ``selected_analysis`` its map's whole analysis, which the outputs describe.
    """

    base: Analysis
    scenarios: tuple[ScenarioResult, ...] = ()
    selected: ScenarioResult | None = None
    selected_analysis: Analysis | None = None

    @property
    def shown(self) -> Analysis:
        """The analysis the outputs describe: the selected scenario's map, else the base."""
        return self.selected_analysis if self.selected_analysis is not None else self.base


def analyze(eco: Ecosystem, like: Analysis | None = None) -> AnalysisResult:
    """The whole analysis of a map, every scenario included. ``like`` is the analysis of an
    earlier version of the map (a live preview's last save): what depends only on the
    structure they share is taken over (analysis/structure.py)."""
    base = analyze_map(eco, like=like)
    if not eco.scenarios:
        return AnalysisResult(base)
    from ecomap.analysis.scenarios import run_scenario  # loaded by the maps that have some

    with _long_lived():
        scenarios = tuple(run_scenario(base, s) for s in eco.scenarios)
    return AnalysisResult(base, scenarios)


@contextmanager
def _long_lived() -> Iterator[None]:
    """Every object alive on entry (the map and its base analysis: millions on a
    2,000-participant map) is left out of the garbage collector's passes until the block
    ends. The scenarios allocate enough to set off full passes again and again, and each
    walked the whole map: a third of their time. Nothing of it is garbage while it runs."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def analyze_base(eco: Ecosystem, like: Analysis | None = None) -> AnalysisResult:
    """The map as written without its scenarios: what its diagrams are drawn from (they show
    the base), not what the report and JSON describe (they list every scenario)."""
    return AnalysisResult(analyze_map(eco, like=like))


def analyze_scenario(eco: Ecosystem, scenario_id: str,
                     like: Analysis | None = None) -> AnalysisResult:
    """The analysis of the map with scenario ``scenario_id`` applied (``--scenario``), beside
    the base it changes (``like`` as for ``analyze``). KeyError for an unknown id."""
    scenario = eco.scenario(scenario_id)
    if scenario is None:
        raise KeyError(scenario_id)
    from ecomap.analysis.scenarios import analyse_scenario

    base = analyze_map(eco, like=like)
    selected, analysis = analyse_scenario(base, scenario)
    return AnalysisResult(base, (), selected, analysis)
