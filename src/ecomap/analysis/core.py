"""One map analysed: every check family run on one graph, findings overridden and sorted."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ecomap.analysis import balance, compliance, paths, risk
from ecomap.analysis.base import Context
from ecomap.analysis.findings import Finding, apply_overrides
from ecomap.analysis.reach import Reach
from ecomap.analysis.revenue import (
    Concentration,
    Revenue,
    check_rate_without_volume,
    compute_revenue,
    concentration,
)
from ecomap.analysis.roadmap import Investments, compute_investments
from ecomap.graph import same_graph
from ecomap.model import Ecosystem


@dataclass(frozen=True)
class Analysis:
    """Everything ``analysis.json``, the report and the text output show about one map.

    Built once by :func:`analyze_map` and never changed: a scenario's analysis is a second
    ``Analysis`` beside the base (``ecomap.analysis.result.AnalysisResult``).
    """

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
    paths: list[paths.PathTrace]

    @cached_property
    def investments(self) -> Investments:
        """One-off investments, payback, ROI and the phases' cash (analysis/roadmap.py): the
        JSON, the text, the report, the deck and every scenario's comparison read this one."""
        return compute_investments(self.ctx)

    @cached_property
    def pairs(self) -> list[balance.Pair]:
        """The value-exchange matrix: only the shown map's JSON and report read it, so a
        scenario's analysis never pays for it."""
        return balance.pairs(self.ctx)

    @cached_property
    def loss_by_participant(self) -> dict[str, risk.LossEntry]:
        return {e.participant: e for e in self.loss}

    def findings_about(self, pid: str) -> list[str]:
        """Check ids of the findings that name ``pid`` among their subjects, in finding order."""
        return self._about.get(pid, [])

    @cached_property
    def _about(self) -> dict[str, list[str]]:
        # One pass over the findings for all participants (a 2,000-participant map has
        # thousands of findings).
        about: dict[str, dict[str, None]] = {}
        for f in self.findings:
            for pid in f.subjects:
                about.setdefault(pid, {})[f.check] = None
        return {pid: list(checks) for pid, checks in about.items()}


def analyze_map(eco: Ecosystem, extra: list[Finding] | None = None,
                reach_before: frozenset[str] | None = None,
                like: Analysis | None = None) -> Analysis:
    """Analyse ``eco`` without its scenarios (``extra`` findings join before the overrides).

    ``like`` is an analysis of a map this one was made from (a scenario's base): where the
    two have the same graph (a scenario that changes amounts or labels), its structure —
    blocks and betweenness — is taken over instead of computed again."""
    ctx = Context(eco)
    shared_between: dict[str, float] | None = None
    if like is not None and same_graph(ctx.simple, like.ctx.simple):
        ctx.__dict__["simple"] = like.ctx.simple
        if "blocks" in like.ctx.__dict__:  # a cached_property value, computed once
            ctx.__dict__["blocks"] = like.ctx.__dict__["blocks"]
        shared_between = like.betweenness
    reach = Reach(eco, before=reach_before)
    loss = risk.loss_simulation(ctx, reach, risk.articulation_points(ctx))
    cuts = risk.cut_vertices(ctx, loss)
    losses = {e.participant: e for e in loss}
    bridges = risk.bridges(ctx, reach)
    # The only costly check that nothing else needs: skipped when the map ignores it.
    between = ({} if eco.checks.get("risk.broker") == "ignore" else
               shared_between if shared_between is not None else risk.betweenness(ctx))
    revenue = compute_revenue(ctx)
    conc = concentration(revenue)
    figures = balance.participant_figures(ctx)
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
    found += check_rate_without_volume(ctx)
    found += extra or []
    return Analysis(
        eco=eco, ctx=ctx, reach=reach, figures=figures, revenue=revenue, concentration=conc,
        findings=apply_overrides(found, eco.checks), loss=loss, cut_vertices=cuts,
        bridges=bridges, betweenness=between, paths=paths.trace_paths(ctx),
    )
