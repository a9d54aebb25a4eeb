"""``ecomap analyze`` text: headline figures, compliance errors, top risks, imbalances, the rest."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from ecomap.amounts import Value
from ecomap.analysis.findings import Finding
from ecomap.analysis.result import AnalysisResult
from ecomap.analysis.revenue import Revenue
from ecomap.analysis.roadmap_text import roadmap_lines, scenario_investment_text
from ecomap.i18n import Joined, Label, Phrase, Words
from ecomap.i18n.params import weight_text
from ecomap.model import QUALITY_WEIGHTS, SCREENING_WEIGHTS, TIERS, Ecosystem

TOP_RISKS = 5
# Per section: a director reads the first lines; the JSON has them all. Errors are never cut.
SECTION_LINES = 12


def _ratio(v: Value | None, spec: str) -> str:
    """A ratio in ``spec`` format; a range only when its ends differ once formatted."""
    if v is None:
        return "—"
    low, high = format(float(v.low), spec), format(float(v.high), spec)
    return f"{low}–{high}" if low != high else low


def _times(v: Value | None) -> str:
    return _ratio(v, ".2f")


def _margin(rev: Revenue, w: Words) -> str:
    """The margin as a reader must see it, one decimal like the report: ``89.7%``,
    ``≤ 89.7%（上限：部分成本未量化）`` or ``—（成本未量化）`` — never a bare 100%."""
    reason = (w.say("text.margin.reason", note=Label("margin_note", rev.margin_note))
              if rev.margin_note else "")
    if rev.margin is None:
        return "—" + reason
    upper = "≤ " if rev.margin_bound == "upper" else ""
    return upper + _ratio(rev.margin, ".1%") + reason


def _line(f: Finding, w: Words) -> str:
    return f"  [{w.label('severity', f.severity)}] {f.check}  {f.message(w.lang)}  ({f.where})"


def _weights(w: Words, card: str, weights: Mapping[str, Fraction]) -> Joined:
    """服务质量40/覆盖范围25/成本竞争力20/系统对接能力15 (model.SCREENING_WEIGHTS), or
    客户满意度40/… (model.QUALITY_WEIGHTS)."""
    return Joined(tuple(
        Phrase.of("text.scorecard.weight", name=w.label(card, k), weight=weight_text(weights, k))
        for k in weights), sep="slash")


def _scorecards(eco: Ecosystem, w: Words) -> list[str]:
    """The two scorecards apart, each best first (ties in map order): 第2步 伙伴筛选's weighted
    score, then 机制3's rating, complaint rate and tier (best tier first)."""
    out: list[str] = []
    screened = sorted((p for p in eco.participants if p.screening is not None),
                      key=lambda p: -p.screening.weighted)  # type: ignore[union-attr]
    if screened:
        out += ["", w.say("text.screening", weights=_weights(w, "screening", SCREENING_WEIGHTS))]
        out += [w.say("text.screening.row", name=p.name,
                      score=float(p.screening.weighted))  # type: ignore[union-attr]
                for p in screened]
    reviewed = [(p, p.quality) for p in eco.participants if p.quality is not None]
    reviewed.sort(key=lambda pq: (TIERS.index(pq[1].tier), -pq[1].rating))
    if reviewed:
        out += ["", w.say("text.quality", weights=_weights(w, "quality", QUALITY_WEIGHTS))]
        out += [w.say("text.quality.row", name=p.name, rating=float(q.rating),
                      rate=f"{float(q.complaint_rate * 100):g}%",
                      tier=w.label("tier_word", q.tier)) for p, q in reviewed]
    return out


def format_text(result: AnalysisResult, locale: str | None = None) -> str:
    """What a director reads in a terminal, in the map's language (or ``locale``)."""
    analysis, selected, scenarios = result.shown, result.selected, result.scenarios
    eco, ctx, rev = analysis.eco, analysis.ctx, analysis.revenue
    w = Words(locale or eco.locale)
    say = w.say

    def m(v: Value | None) -> str:
        return ctx.money(v, w.lang)

    out: list[str] = []
    title = eco.title
    if selected is not None:
        title = say("text.scenario_title", title=title, scenario=selected.name)
    out.append(title)
    out.append(say("text.focus", name=ctx.name(eco.focus)))
    out.append("")
    out.append(say("text.money"))
    # Costs without an amount make the net and margin upper bounds: said on the same line,
    # where a reader of the figures cannot miss it.
    open_costs = len(rev.unquantified_costs)
    out.append(say("text.figures", revenue=m(rev.total), costs=m(rev.costs),
                   open=Phrase.of("text.figures.open", n=open_costs) if open_costs else None,
                   net=m(rev.net), margin=_margin(rev, w)))
    out.append(say("text.ecosystem", ecosystem=m(rev.ecosystem), service=m(rev.service),
                   multiple=Phrase.of("text.ecosystem.multiple", x=_times(rev.total_to_service))
                   if rev.total_to_service else None))
    for cat, v in rev.by_category.items():
        out.append(say("text.category", category=w.label("category_word", cat), money=m(v)))
    if rev.unquantified:
        out.append(say("text.unquantified_revenue", refs=", ".join(rev.unquantified)))
    if rev.unquantified_costs:
        out.append(say("text.unquantified_costs", refs=", ".join(rev.unquantified_costs)))
    if rev.transfers:
        # Money between the organisation's own units: neither revenue nor cost, never dropped.
        out.append(say("text.transfers", money=m(rev.internal_transfers)))
        for t in rev.transfers[:SECTION_LINES]:
            amount = m(t.annual) if t.annual is not None else say("text.no_amount")
            out.append(say("text.transfer", flow=t.flow, source=ctx.name(t.source),
                           target=ctx.name(t.target), amount=amount))
    if analysis.concentration is not None:
        c = analysis.concentration
        out.append(say("text.concentration", top=ctx.name(c.top),
                       share=f"{float(c.top_share):.0%}", hhi=f"{float(c.hhi):.2f}"))
    if selected is not None:
        s = selected
        a = s.applied
        out.append(say("text.scenario_deltas", revenue=m(s.revenue_delta), net=m(s.net_delta)))
        out.append("")
        out.append(say("text.scenario_changes"))
        gone = [a.names.get(p, p) for p in a.removed_participants]
        if gone:
            out.append(say("text.scenario_removed", names=Joined(tuple(gone))))
        lost = ", ".join(f.ref for f in a.lost_flows[:10])
        lost += " …" if len(a.lost_flows) > 10 else ""
        out.append(say("text.scenario_lost", n=len(a.lost_flows), refs=lost))
        if a.changed_flows:
            out.append(say("text.scenario_changed", refs=", ".join(a.changed_flows)))
        if a.paths_broken:
            out.append(say("text.scenario_broken", paths=", ".join(a.paths_broken)))
        for f in s.findings_added[:SECTION_LINES]:
            out.append("  + " + f"{f.check}  {f.message(w.lang)}")
        for f in s.findings_removed[:SECTION_LINES]:
            out.append("  − " + f"{f.check}  {f.message(w.lang)}")
    out += roadmap_lines(analysis, w.lang)

    shown: set[int] = set()

    def section(family: str, items: list[Finding]) -> None:
        if not items:
            return
        out.append("")
        out.append(say("text.section", title=say(f"text.section.{family}"), n=len(items)))
        for n, f in enumerate(items):
            shown.add(id(f))
            if n < SECTION_LINES or f.severity == "error":
                out.append(_line(f, w))
        hidden = sum(1 for n, f in enumerate(items) if n >= SECTION_LINES and f.severity != "error")
        if hidden:
            out.append("  " + say("more", n=hidden))

    findings = analysis.findings
    section("compliance", [f for f in findings if f.check.startswith("compliance.")])

    out.append("")
    out.append(say("text.risks"))
    for i, e in enumerate(analysis.loss[:TOP_RISKS], 1):
        out.append(say(
            "text.loss", rank=i, name=ctx.name(e.participant), money=m(e.money_at_risk),
            count=len(e.lost_flows),
            cut=Phrase.of("text.loss.cut", names=ctx.names(e.cut_off)) if e.cut_off else None,
            paths=Phrase.of("text.loss.paths", paths=Joined(e.paths_broken))
            if e.paths_broken else None))
    section("risk", [f for f in findings if f.check.startswith("risk.")])
    section("balance", [f for f in findings if f.check.startswith("balance.")])
    section("other", [f for f in findings if id(f) not in shown])

    if scenarios:
        out.append("")
        out.append(say("text.scenarios"))
        for s in scenarios:
            a = s.applied
            out.append(say(
                "text.scenario", id=s.id, name=s.name, delta=m(s.revenue_delta),
                count=len(a.lost_flows),
                cut=Phrase.of("text.scenario.cut", names=ctx.names(a.cut_off))
                if a.cut_off else None,
                paths=Phrase.of("text.scenario.paths", paths=Joined(a.paths_broken))
                if a.paths_broken else None)
                + scenario_investment_text(analysis, s.investments, w.lang))
    out += _scorecards(eco, w)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    out.append("")
    out.append(say("text.total", n=len(findings), errors=errors, warnings=warnings))
    return "\n".join(out) + "\n"
