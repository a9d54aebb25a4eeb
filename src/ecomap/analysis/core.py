"""One map analysed: every check family run on one graph, findings overridden and sorted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from ecomap.analysis import balance, compliance, paths, risk
from ecomap.analysis.base import Context
from ecomap.analysis.findings import Finding, apply_overrides
from ecomap.analysis.reach import Reach
from ecomap.analysis.revenue import Concentration, Revenue, compute_revenue, concentration
from ecomap.model import Ecosystem

if TYPE_CHECKING:
    from ecomap.analysis.scenarios import ScenarioResult


@dataclass
class Analysis:
    """Everything ``analysis.json``, the report and the text output show about one map."""

    eco: Ecosystem
    ctx: Context
    reach: Reach
    figures: dict[str, balance.Figures]
    revenue: Revenue
    concentration: Concentration | None
    findings: list[Finding]
    loss: list[risk.LossEntry]
    cut_vertices: list[str]
    bridges: list[risk.Bridge]
    betweenness: dict[str, float]
    pairs: list[balance.Pair]
    paths: list[paths.PathTrace]
    scenarios: list[ScenarioResult] = field(default_factory=list)
    # Set on the analysis of a scenario's map (analyze_scenario): how it differs from the base.
    scenario: ScenarioResult | None = None
    _about_key: tuple[int, int] = (0, -1)
    _about_cache: dict[str, list[str]] = field(default_factory=dict)

    @property
    def graph(self) -> nx.MultiDiGraph:
        return self.ctx.graph

    @property
    def loss_by_participant(self) -> dict[str, risk.LossEntry]:
        return {e.participant: e for e in self.loss}

    def findings_about(self, pid: str) -> list[str]:
        """Check ids of the findings that name ``pid`` among their subjects, in finding order."""
        return self._about().get(pid, [])

    def _about(self) -> dict[str, list[str]]:
        # One pass over the findings for all participants (a 2,000-participant map has
        # thousands of findings); rebuilt only when the findings list is replaced.
        key = id(self.findings), len(self.findings)
        if self._about_key != key:
            about: dict[str, dict[str, None]] = {}
            for f in self.findings:
                for pid in f.subjects:
                    about.setdefault(pid, {})[f.check] = None
            self._about_cache = {pid: list(checks) for pid, checks in about.items()}
            self._about_key = key
        return self._about_cache


def analyze_map(eco: Ecosystem, extra: list[Finding] | None = None,
                reach_before: frozenset[str] | None = None) -> Analysis:
    """Analyse ``eco`` without its scenarios (``extra`` findings join before the overrides)."""
    ctx = Context(eco)
    reach = Reach(eco, before=reach_before)
    loss = risk.loss_simulation(ctx, reach, risk.articulation_points(ctx))
    cuts = risk.cut_vertices(ctx, loss)
    losses = {e.participant: e for e in loss}
    bridges = risk.bridges(ctx, reach)
    # The only costly check that nothing else needs: skipped when the map ignores it.
    between = {} if eco.checks.get("risk.broker") == "ignore" else risk.betweenness(ctx)
    revenue = compute_revenue(ctx)
    conc = concentration(revenue)
    figures = balance.participant_figures(ctx)
    all_pairs = balance.pairs(ctx)
    found: list[Finding] = []
    found += risk.check_isolated(ctx)
    found += risk.check_cut_vertices(ctx, cuts, losses, bridges)
    found += risk.check_single_sources(ctx, losses)
    found += risk.check_brokers(ctx, between, losses)
    found += risk.check_concentration(ctx, revenue, conc)
    found += balance.check_one_way(ctx)
    found += balance.check_under_rewarded(ctx, figures)
    found += balance.check_data_given_free(ctx)
    found += compliance.check_sensitive_data_shared(ctx)
    found += compliance.check_no_consent(ctx)
    found += compliance.check_data_export(ctx)
    found += extra or []
    return Analysis(
        eco=eco, ctx=ctx, reach=reach, figures=figures, revenue=revenue, concentration=conc,
        findings=apply_overrides(found, eco.checks), loss=loss, cut_vertices=cuts,
        bridges=bridges, betweenness=between, pairs=all_pairs, paths=paths.trace_paths(ctx),
    )
