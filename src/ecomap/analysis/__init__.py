"""The analysis of SPEC §3: risks, balance, revenue, compliance, paths, scenarios, scorecard.

The names below are loaded on first use (PEP 562): validate.py needs only the check registry,
and `ecomap render --format svg` the analysis without its JSON and text writers (export.py,
text.py), so that a one-shot command imports only what it runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ecomap.analysis.checks import Check
    from ecomap.analysis.core import Analysis, analyze_map
    from ecomap.analysis.export import to_json
    from ecomap.analysis.findings import Finding, has_errors
    from ecomap.analysis.result import AnalysisResult, analyze, analyze_base, analyze_scenario
    from ecomap.analysis.scenarios import ScenarioResult, apply_scenario, run_scenario
    from ecomap.analysis.text import format_text

    CHECKS: Mapping[str, Check]  # check id → Check (its default severity), SPEC §3 order

__all__ = ["CHECKS", "Analysis", "AnalysisResult", "Finding", "ScenarioResult", "analyze",
           "analyze_base", "analyze_map", "analyze_scenario", "apply_scenario", "format_text",
           "has_errors", "run_scenario", "to_json"]

# Public name → the module of this package that defines it.
_HOME = {"Analysis": "core", "analyze_map": "core", "to_json": "export", "Finding": "findings",
         "has_errors": "findings", "AnalysisResult": "result", "analyze": "result",
         "analyze_base": "result", "analyze_scenario": "result", "ScenarioResult": "scenarios",
         "apply_scenario": "scenarios", "run_scenario": "scenarios", "format_text": "text"}


def __getattr__(name: str) -> Any:
    if name == "CHECKS":
        value: Any = importlib.import_module("ecomap.analysis.checks").registry()
    elif name in _HOME:
        value = getattr(importlib.import_module(f"ecomap.analysis.{_HOME[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # looked up once
    return value
