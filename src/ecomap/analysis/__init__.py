"""The analysis of SPEC §3: risks, balance, revenue, compliance, paths, scenarios, scorecard."""

from __future__ import annotations

from ecomap.analysis.checks import registry
from ecomap.analysis.core import Analysis, analyze_map
from ecomap.analysis.export import to_json
from ecomap.analysis.findings import Finding, has_errors
from ecomap.analysis.scenarios import ScenarioResult, apply_scenario, run_scenario, scenario_diff
from ecomap.analysis.text import format_text
from ecomap.model import Ecosystem

__all__ = ["CHECKS", "Analysis", "Finding", "ScenarioResult", "analyze", "analyze_scenario",
           "apply_scenario", "format_text", "has_errors", "scenario_diff", "to_json"]

CHECKS = registry()  # check id → Check (its default severity), SPEC §3 order


def analyze(eco: Ecosystem) -> Analysis:
    """The whole analysis of a map, its scenarios included (``Analysis.scenarios``)."""
    base = analyze_map(eco)
    base.scenarios = [run_scenario(base, s) for s in eco.scenarios]
    return base


def analyze_scenario(eco: Ecosystem, scenario_id: str) -> Analysis:
    """The analysis of the map with scenario ``scenario_id`` applied (``--scenario``);
    ``Analysis.scenario`` says how it differs from the base. KeyError for an unknown id."""
    scenario = eco.scenario(scenario_id)
    if scenario is None:
        raise KeyError(scenario_id)
    return run_scenario(analyze_map(eco), scenario).analysis
