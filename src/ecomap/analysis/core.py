"""One map analysed: every check family run on one graph, findings overridden and sorted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ecomap.analysis import balance, compliance, paths, risk
from ecomap.analysis.base import Context
from ecomap.analysis.checks import declaration
from ecomap.analysis.deprecations import check_deprecated_keys
from ecomap.analysis.findings import Finding, apply_overrides
from ecomap.analysis.reach import Reach
from ecomap.analysis.revenue import (
    Concentration,
    Revenue,
    check_rate_without_volume,
    compute_revenue,
    concentration,
)
from ecomap.analysis.structure import Losses, Structure, same_shape
from ecomap.model import Ecosystem

if TYPE_CHECKING:
    from ecomap.analysis.roadmap import Investments


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
    # What its scenarios take over (reach, blocks, betweenness, who each loss cuts off).
    structure: Structure = field(repr=False, compare=False)

    @cached_property
    def investments(self) -> Investments:
        """One-off investments, payback, ROI and the phases' cash (analysis/roadmap.py): the
        JSON, the text, the report, the deck and every scenario's comparison read this one."""
        from ecomap.analysis.roadmap import compute_investments  # a diagram or check needs none

        return compute_investments(self.ctx)

    @cached_property
    def finding_identities(self) -> frozenset[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """What each scenario's findings are told apart from the base's by (Finding.identity)."""
        return frozenset(f.identity() for f in self.findings)

    @cached_property
    def findings_by_check(self) -> dict[str, list[Finding]]:
        """Check id → its findings, in finding order."""
        result: dict[str, list[Finding]] = {}
        for f in self.findings:
            result.setdefault(f.check, []).append(f)
        return result

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

    ``like`` is an analysis of a map this one was made from (a scenario's base): what depends
    only on the structure they share is taken over (analysis/structure.py)."""
    ctx = Context(eco)
    structure = Structure.of(ctx, like.structure if like else None, reach_before)
    losses = Losses(ctx, structure)
    revenue = compute_revenue(ctx)
    conc = concentration(revenue)
    figures = balance.participant_figures(ctx)
    found = _check(ctx, structure, losses, revenue, conc, figures, extra, like)
    return Analysis(
        eco=eco, ctx=ctx, reach=structure.reach, figures=figures, revenue=revenue,
        concentration=conc, findings=apply_overrides(found, eco.checks), loss=losses.ranked(),
        cut_vertices=structure.cuts, bridges=structure.bridges,
        betweenness=_betweenness(eco, structure), paths=paths.trace_paths(ctx),
        structure=structure,
    )


def map_findings(eco: Ecosystem, extra: list[Finding] | None = None,
                 like: Analysis | None = None) -> tuple[Context, Revenue, list[Finding]]:
    """``eco``'s findings (overrides applied, sorted) and revenue, as ``analyze_map`` finds
    them, without the rest of its analysis: what a scenario shows of its map. Each
    participant's loss is simulated only where a finding reads it, not for every participant
    as the loss table needs."""
    ctx = Context(eco)
    structure = Structure.of(ctx, like.structure if like else None)
    revenue = compute_revenue(ctx)
    found = _check(ctx, structure, Losses(ctx, structure), revenue, concentration(revenue),
                   balance.participant_figures(ctx), extra, like)
    return ctx, revenue, apply_overrides(found, eco.checks)


def _betweenness(eco: Ecosystem, structure: Structure) -> dict[str, float]:
    # The only costly figure that nothing else needs: skipped when the map ignores it.
    return {} if eco.checks.get("risk.broker") == "ignore" else structure.betweenness


def _check(ctx: Context, structure: Structure, losses: Losses, revenue: Revenue,
           conc: Concentration | None, figures: dict[str, balance.Figures],
           extra: list[Finding] | None, like: Analysis | None) -> list[Finding]:
    """Every check family on one map, in SPEC order (before the map's overrides). A map with
    the shape of ``like``'s takes over its findings of the checks that read no money."""
    kept = (like.findings_by_check if like is not None and same_shape(ctx.eco, like.eco)
            else None)

    def unless_kept(run: Callable[[Context], list[Finding]]) -> list[Finding]:
        # ``like``'s findings went through the overrides, which change nothing a second time.
        if kept is None or declaration(run).reads_money:
            return run(ctx)
        return kept.get(declaration(run).id, [])

    found: list[Finding] = []
    found += unless_kept(risk.check_isolated)
    found += risk.check_cut_vertices(ctx, structure.cuts, losses, structure.bridges)
    found += risk.check_single_sources(ctx, losses)
    found += risk.check_brokers(ctx, _betweenness(ctx.eco, structure), losses)
    found += risk.check_concentration(ctx, revenue, conc)
    found += unless_kept(balance.check_one_way)
    found += balance.check_under_rewarded(ctx, figures)
    found += unless_kept(balance.check_data_given_free)
    found += unless_kept(compliance.check_sensitive_data_shared)
    found += unless_kept(compliance.check_no_consent)
    found += unless_kept(compliance.check_data_export)
    found += check_rate_without_volume(ctx)
    found += check_deprecated_keys(ctx)
    found += extra or []
    return found
