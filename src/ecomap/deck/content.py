"""What each slide of the deck says, as typed values in the reader's language (no PowerPoint).

Every figure comes from the report's section builders (report/sections/), so the deck, the
report and ``analyze`` agree on each number and on how it is written (ranges, ``≤`` margins).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ecomap import i18n
from ecomap.amounts import Value
from ecomap.analysis.result import AnalysisResult
from ecomap.analysis.roadmap_text import months_text
from ecomap.i18n.deck import CHART_SCALES, CURRENCY_WORDS, DECK
from ecomap.model import CATEGORIES
from ecomap.report.context import ReportContext
from ecomap.report.sections import revenue as revenue_section
from ecomap.report.sections import risks as risks_section
from ecomap.report.sections import scenarios as scenarios_section
from ecomap.report.sections import summary as summary_section

# A list beside a table (lost flows, broken paths) shows this many items, then "… and n more".
MAX_LISTED = 6


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class TitleSlide:
    title: str
    subtitle: str
    figures: tuple[Figure, ...]
    note: str  # the caveat under the figures (costs without an amount); "" for none
    source: str


@dataclass(frozen=True)
class PictureSlide:
    png: bytes
    alt: str


@dataclass(frozen=True)
class Chart:
    """A native bar chart: money per category, in the unit ``axis_title`` names."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per category)
    axis_title: str
    horizontal: bool = True  # bars (categories down the side) or columns (along the bottom)


@dataclass(frozen=True)
class ChartSlide:
    """A chart on the left, the table of its figures as the report writes them on the right."""

    title: str
    chart: Chart
    table: Table


@dataclass(frozen=True)
class Listing:
    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableSlide:
    """A table (split over several slides when long) and, beside it, short lists or a chart."""

    title: str
    table: Table
    lists: tuple[Listing, ...] = ()
    chart: Chart | None = None


Slide = TitleSlide | PictureSlide | ChartSlide | TableSlide


def deck_slides(result: AnalysisResult, lang: str, diagram_png: bytes,
                money_png: bytes | None) -> list[Slide]:
    """The slides in order; ``money_png`` None leaves out the money-only view."""
    ctx = ReportContext(result, lang)
    d = DECK[lang]
    rev = revenue_section.build(ctx)
    risks = risks_section.build(ctx)
    title = ctx.eco.title or ctx.eco.name
    slides: list[Slide] = [title_slide(ctx, rev, risks)]
    slides.append(PictureSlide(diagram_png, d["picture_alt"].format(title=title,
                                                                    what=d["map_slide"])))
    if money_png is not None:
        slides.append(PictureSlide(money_png, d["picture_alt"].format(title=title,
                                                                      what=d["money_slide"])))
    chart = revenue_chart(ctx, rev)
    if chart is not None:
        slides.append(chart)
    slides += risk_slides(ctx, risks)
    slides += scenario_slides(ctx)
    slides += phase_slides(ctx)
    return slides


def title_slide(ctx: ReportContext, rev: dict[str, Any],
                risks: dict[str, Any]) -> TitleSlide:
    t, d = ctx.t, DECK[ctx.lang]
    head = summary_section.build(ctx, rev, risks)
    top = head["top_risk"]
    top_text = t["at_risk_of"].format(name=top["name"], money=top["money"]) if top \
        else t["kpi_none"]
    subtitle = ctx.eco.description
    if ctx.result.selected is not None:
        scenario = d["scenario_subtitle"].format(name=ctx.result.selected.name
                                                 or ctx.result.selected.id)
        subtitle = f"{scenario}\n{subtitle}" if subtitle else scenario
    return TitleSlide(
        title=ctx.eco.title or ctx.eco.name, subtitle=subtitle,
        figures=(Figure(t["kpi_revenue"], str(head["revenue"])),
                 Figure(t["kpi_net"], str(head["net"])),
                 Figure(t["kpi_margin"], str(head["margin"])),
                 Figure(d["top_risk"], top_text)),
        note=str(head["costs_note"]),
        source=d["source"].format(file=PurePath(ctx.eco.path).name))


def chart_unit(lang: str, currency: str, largest: float) -> tuple[int, str]:
    """(divisor, unit words) for a money axis: 万元 / CNY m."""
    scale, word = next(((s, w) for s, w in CHART_SCALES[lang] if largest >= s),
                       CHART_SCALES[lang][-1])
    if lang == "zh":
        return scale, word + CURRENCY_WORDS["zh"].get(currency, f" {currency}")
    return scale, f"{currency}{word}"


def money_chart(ctx: ReportContext, names: tuple[str, ...], values: list[Value], axis: str,
                series_name: str, horizontal: bool = True) -> Chart:
    """Money per category in the unit that suits the largest (万元, CNY m); a range gives a
    low and a high series, never a made-up middle."""
    d = DECK[ctx.lang]
    largest = max((max(abs(float(v.low)), abs(float(v.high))) for v in values), default=0.0)
    divisor, unit = chart_unit(ctx.lang, ctx.eco.currency, largest)
    low = tuple(round(float(v.low / divisor), 2) for v in values)
    series: tuple[tuple[str, tuple[float, ...]], ...]
    if any(v.is_range for v in values):
        high = tuple(round(float(v.high / divisor), 2) for v in values)
        series = ((d["series_low"], low), (d["series_high"], high))
    else:
        series = ((series_name, low),)
    return Chart(names, series, axis.format(unit=unit), horizontal)


def revenue_chart(ctx: ReportContext, rev: dict[str, Any]) -> ChartSlide | None:
    """Revenue by category: a native bar chart beside a table of the same figures as the
    report writes them."""
    revenue = ctx.analysis.revenue
    cats = [c for c in CATEGORIES if c in revenue.by_category]
    if not cats:
        return None
    t, d = ctx.t, DECK[ctx.lang]
    values = [revenue.by_category[c] for c in cats]
    names = tuple(i18n.label(i18n.CATEGORIES, ctx.lang, c) for c in cats)
    chart = money_chart(ctx, names, values, d["chart_axis"], t["kpi_revenue"])
    total = revenue.total.mid
    rows = [(name, ctx.fmt.money(v), ctx.fmt.percent(v.mid / total if total else None))
            for name, v in zip(names, values, strict=True)]
    rows += [(t["rev_total"], str(rev["total"]), ""), (t["rev_costs"], str(rev["costs"]), ""),
             (t["rev_net"], str(rev["net"]), ""), (t["rev_margin"], str(rev["margin"]), "")]
    return ChartSlide(title=t["sec_revenue"], chart=chart,
                      table=Table((t["col_category"], t["col_annual"], t["col_share"]),
                                  tuple(rows), (2.2, 2.0, 1.0)))


def _joined(ctx: ReportContext, people: list[dict[str, str]]) -> str:
    names = [p["name"] for p in people]
    return i18n.Words(ctx.lang).join(names) if names else "—"


def risk_slides(ctx: ReportContext, risks: dict[str, Any]) -> list[TableSlide]:
    """The loss simulation (participants whose loss costs money or cuts someone off), the
    declared risks and every finding; a section with nothing to list gets no slide."""
    t = ctx.t
    slides: list[TableSlide] = []
    loss = [r for r in risks["loss"] if r["sort"] > 0 or r["cut_off"] or r["paths"]]
    rows: tuple[tuple[str, ...], ...]
    if loss:
        rows = tuple((r["name"], r["money"], str(r["lost"]), _joined(ctx, r["cut_off"]),
                      i18n.Words(ctx.lang).join(r["paths"]) or "—") for r in loss)
        slides.append(TableSlide(t["loss_title"], Table(
            (t["col_name"], t["col_money_at_risk"], t["col_lost_flows"], t["col_cut_off"],
             t["col_paths_broken"]), rows, (1.6, 1.4, 0.9, 2.0, 2.0))))
    declared = risks["declared"]
    if declared:
        rows = tuple((str(r["n"]), r["name"], _joined(ctx, r["about"]), r["likelihood"],
                      r["impact"], r["mitigation"] or "—") for r in declared)
        slides.append(TableSlide(t["declared_title"], Table(
            ("#", t["col_risk_name"], t["col_about"], t["col_likelihood"], t["col_impact"],
             t["col_mitigation"]), rows, (0.4, 2.0, 1.6, 0.9, 0.9, 3.0))))
    findings = risks["findings"]
    if findings:
        rows = tuple((r["severity_name"], r["check_name"], _joined(ctx, r["subjects"]),
                      r["message"]) for r in findings)
        slides.append(TableSlide(t["sec_findings"], Table(
            (t["col_severity"], t["col_check"], t["col_subjects"], t["col_message"]),
            rows, (0.8, 1.6, 1.6, 4.4))))
    return slides


def _listing(ctx: ReportContext, heading: str, items: list[str]) -> Listing:
    shown = items[:MAX_LISTED]
    if len(items) > MAX_LISTED:
        shown.append(ctx.t["more"].format(n=len(items) - MAX_LISTED))
    return Listing(heading, tuple(shown) or (DECK[ctx.lang]["nothing"],))


def scenario_slides(ctx: ReportContext) -> list[TableSlide]:
    """One slide per scenario (the selected one in a ``--scenario`` render): its figures beside
    the base map's, the change, and what it loses."""
    t, d = ctx.t, DECK[ctx.lang]
    result = ctx.result
    chosen = (result.selected,) if result.selected is not None else result.scenarios
    base_ctx = ReportContext(AnalysisResult(result.base), ctx.lang)
    base = scenarios_section.build(base_ctx)["scen_base"]
    slides = []
    for s in chosen:
        col = scenarios_section.column(ctx, s)
        rows = ((t["scen_revenue"], base["revenue"], col["revenue"], col["revenue_delta"]),
                (t["scen_net"], base["net"], col["net"], col["net_delta"]),
                (t["scen_margin"], base["margin"], col["margin"], ""))
        lists = (_listing(ctx, t["scen_lost"], col["lost"]),
                 _listing(ctx, t["scen_cut"], [p["name"] for p in col["cut_off"]]),
                 _listing(ctx, t["scen_paths"], col["paths"]))
        slides.append(TableSlide(
            d["scenario_slide"].format(name=col["name"]),
            Table((t["col_metric"], t["col_base"], d["col_scenario"], d["col_change"]), rows,
                  (1.4, 1.3, 1.3, 1.3)), lists))
    return slides


def phase_slides(ctx: ReportContext) -> list[TableSlide]:
    """One slide per roadmap phase: its run-rate figures, its investment, the cash so far."""
    d, fmt = DECK[ctx.lang], ctx.fmt
    investments = ctx.analysis.investments
    # The cash curve of the whole roadmap on every phase's slide: where this phase leaves it.
    cash = money_chart(ctx, tuple(f.phase.name for f in investments.phases),
                       [f.cumulative_cash for f in investments.phases], d["cash_axis"],
                       d["phase_cash"], horizontal=False)
    slides = []
    for f in investments.phases:
        p = f.phase
        rows = [(d["phase_revenue"], fmt.money(f.revenue)), (d["phase_costs"], fmt.money(f.costs)),
                (d["phase_net"], fmt.money(f.net, signed=True)),
                (d["phase_investment"], fmt.money(f.investment)),
                (d["phase_cash"], fmt.money(f.cumulative_cash, signed=True))]
        if f.payback_months is not None:
            rows.append((d["phase_payback"], months_text(f.payback_months, ctx.lang)))
        slides.append(TableSlide(
            d["phase_slide"].format(name=p.name, start=p.start, end=p.end),
            Table((ctx.t["col_metric"], p.name), tuple(rows), (2.4, 1.6)), chart=cash))
    return slides

