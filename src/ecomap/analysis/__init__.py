"""The analysis of SPEC §3: risks, balance, revenue, compliance, paths, scenarios, scorecard."""

from __future__ import annotations

from ecomap.analysis.core import Analysis, analyze_map
from ecomap.analysis.export import to_json
from ecomap.analysis.findings import CHECKS, Finding, has_errors
from ecomap.analysis.result import AnalysisResult, analyze, analyze_scenario
from ecomap.analysis.scenarios import ScenarioResult, apply_scenario, run_scenario
from ecomap.analysis.text import format_text

__all__ = ["CHECKS", "Analysis", "AnalysisResult", "Finding", "ScenarioResult", "analyze",
           "analyze_map", "analyze_scenario", "apply_scenario", "format_text", "has_errors",
           "run_scenario", "to_json"]
