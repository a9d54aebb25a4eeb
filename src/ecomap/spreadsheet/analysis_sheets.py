"""The analysis sheets: money per participant, flows per year, revenue, loss simulation, risk
register, findings, scenarios, and the summary that opens the workbook.

Each figure comes from the analysis and is written twice: as a number (low and high columns
for a range, never a made-up middle) and as the report writes it (report/format.py), with the
report's column names (i18n.STRINGS) and the workbook's own words (i18n.WORKBOOK).
"""

from __future__ import annotations

from pathlib import PurePath

from ecomap import i18n
from ecomap.amounts import Value
from ecomap.i18n.deck import CURRENCY_WORDS
from ecomap.model import CATEGORIES
from ecomap.report.context import ReportContext
from ecomap.report.sections import revenue as revenue_section
from ecomap.report.sections import risks as risks_section
from ecomap.report.sections import scenarios as scenarios_section
from ecomap.report.sections import summary as summary_section
from ecomap.spreadsheet.cells import LIST_SEPARATOR, Column, Sheet, number
from ecomap.spreadsheet.map_sheets import (
    import_command,
    import_sheet_name,
    not_carried_text,
    share_text,
)


def summary_sheet(ctx: ReportContext, workbook: str) -> Sheet:
    """The first sheet: the headline figures as the report writes them, how the two map sheets
    read back (the import command for ``workbook``) and what they cannot carry."""
    t, w, eco = ctx.t, i18n.WORKBOOK[ctx.lang], ctx.eco
    rev = revenue_section.build(ctx)
    head = summary_section.build(ctx, rev, risks_section.build(ctx))
    top = head["top_risk"]
    rows: list[tuple[str, str]] = [
        (w["row_title"], eco.title or eco.name), (w["row_file"], PurePath(eco.path).name),
        (w["row_focus"], ctx.name(eco.focus)), (t["kpi_revenue"], str(head["revenue"])),
        (t["kpi_costs"], str(head["costs"])), (t["kpi_net"], str(head["net"])),
        (t["kpi_margin"], str(head["margin"])),
        (t["kpi_top_risk"], t["at_risk_of"].format(name=top["name"], money=top["money"])
         if top else t["kpi_none"]),
        ("", ""),
        ("", w["note_sheets"].format(participants=import_sheet_name("participants", ctx.lang),
                                     flows=import_sheet_name("flows", ctx.lang))),
        ("", w["note_import"].format(command=import_command(eco, workbook))),
    ]
    missing = not_carried_text(eco, ctx.lang)
    if missing:
        rows.append(("", w["note_not_carried"].format(items=missing)))
    return Sheet(w["sheet_summary"], (Column(w["col_item"], tuple(r[0] for r in rows)),
                                      Column(w["col_text"], tuple(r[1] for r in rows))),
                 wrap=True)


def analysis_sheets(ctx: ReportContext) -> list[Sheet]:
    """The analysis sheets in order; a sheet with nothing to list is left out."""
    sheets = [_money_sheet(ctx), _flows_sheet(ctx), _revenue_sheet(ctx), _loss_sheet(ctx),
              _risks_sheet(ctx), _findings_sheet(ctx), _scenarios_sheet(ctx)]
    return [s for s in sheets if s.rows]


def _money(ctx: ReportContext, header: str, values: list[Value | None], unit: str
           ) -> list[Column]:
    """Number columns for ``values`` (a low and a high column when any is a range, never a
    made-up middle) and the report's readable text beside them."""
    w = i18n.WORKBOOK[ctx.lang]
    lows = tuple(number(v.low) if v is not None else None for v in values)
    columns: list[Column]
    if any(v is not None and v.is_range for v in values):
        highs = tuple(number(v.high) if v is not None else None for v in values)
        columns = [Column(w["number_low"].format(col=header, unit=unit), lows, "money"),
                   Column(w["number_high"].format(col=header, unit=unit), highs, "money")]
    else:
        columns = [Column(w["number"].format(col=header, unit=unit), lows, "money")]
    return [*columns, Column(header, tuple(ctx.fmt.money(v) if v is not None else None
                                           for v in values))]


def _units(ctx: ReportContext) -> tuple[str, str]:
    """(per year, one-off): 元/年 and 元, CNY/yr and CNY."""
    currency = CURRENCY_WORDS[ctx.lang].get(ctx.eco.currency, ctx.eco.currency)
    w = i18n.WORKBOOK[ctx.lang]
    return w["per_year"].format(currency=currency), currency


def _money_sheet(ctx: ReportContext) -> Sheet:
    t, w, eco, analysis = ctx.t, i18n.WORKBOOK[ctx.lang], ctx.eco, ctx.analysis
    yearly, _ = _units(ctx)
    people = eco.participants
    layers = {layer.id: layer.name for layer in eco.layers}
    figures = [analysis.figures[p.id] for p in people]
    flags = [i18n.Words(ctx.lang).join(i18n.label(i18n.CHECKS, ctx.lang, c)
                                       for c in analysis.findings_about(p.id)) or None
             for p in people]
    return Sheet(w["sheet_money"], (
        Column(w["col_id"], tuple(p.id for p in people)),
        Column(t["col_name"], tuple(p.name for p in people)),
        Column(t["col_layer"], tuple(layers.get(p.layer, p.layer) for p in people)),
        *_money(ctx, t["col_in"], [f.money_in for f in figures], yearly),
        *_money(ctx, t["col_out"], [f.money_out for f in figures], yearly),
        *_money(ctx, t["col_net"], [f.net for f in figures], yearly),
        Column(t["col_risk"], tuple(flags))))


def _flows_sheet(ctx: ReportContext) -> Sheet:
    t, w, eco = ctx.t, i18n.WORKBOOK[ctx.lang], ctx.eco
    yearly, once = _units(ctx)
    flows = eco.flows
    columns = [
        Column(w["col_id"], tuple(f.id for f in flows)),
        Column(t["col_from"], tuple(ctx.name(f.source) for f in flows)),
        Column(t["col_to"], tuple(ctx.name(f.target) for f in flows)),
        Column(t["col_kind"], tuple(ctx.kind_name(f.kind) for f in flows)),
        Column(t["col_label"], tuple(f.label for f in flows)),
        Column(t["col_amount"], tuple(f.amount.text if f.amount else None for f in flows)),
        Column(t["col_volume"], tuple(number(f.volume) if f.volume is not None else None
                                      for f in flows), "count"),
        Column(t["col_share"], tuple(share_text(f.share) if f.share else None for f in flows)),
        *_money(ctx, t["col_annual"], [ctx.analysis.ctx.annual(f) for f in flows], yearly),
    ]
    if any(f.is_once for f in flows):
        columns += _money(ctx, w["col_once"], [f.annual if f.is_once else None
                                               for f in flows], once)
    columns += [
        Column(t["col_category"], tuple(i18n.label(i18n.CATEGORIES, ctx.lang, f.category)
                                        or None for f in flows)),
        Column(t["col_path"], tuple(LIST_SEPARATOR[ctx.lang].join(f.paths) or None
                                    for f in flows)),
    ]
    return Sheet(w["sheet_flows"], tuple(columns))


def _revenue_sheet(ctx: ReportContext) -> Sheet:
    """One row per category, per counterparty, per cost counterparty, then the totals."""
    t, w, rev = ctx.t, i18n.WORKBOOK[ctx.lang], ctx.analysis.revenue
    yearly, _ = _units(ctx)
    rows: list[tuple[str, str, Value]] = []
    rows += [(t["rev_by_category"], i18n.label(i18n.CATEGORIES, ctx.lang, c),
              rev.by_category[c]) for c in CATEGORIES if c in rev.by_category]
    rows += [(t["rev_by_counterparty"], ctx.name(pid), v)
             for pid, v in sorted(rev.by_counterparty.items(), key=lambda kv: -kv[1].mid)]
    rows += [(w["group_costs"], ctx.name(pid), v)
             for pid, v in sorted(rev.costs_by_counterparty.items(), key=lambda kv: -kv[1].mid)]
    rows += [(w["group_total"], t["rev_total"], rev.total),
             (w["group_total"], t["rev_costs"], rev.costs),
             (w["group_total"], t["rev_net"], rev.net)]
    total = rev.total.mid
    revenue_groups = (t["rev_by_category"], t["rev_by_counterparty"])
    shares = [float(v.mid / total) if total and group in revenue_groups else None
              for group, _, v in rows]
    # The last row is the margin: a percentage (none for a range: no made-up middle), and the
    # report's text (≤ when costs are partly unquantified) in the readable column.
    money = _money(ctx, t["col_annual"], [*(v for _, _, v in rows), None], yearly)
    money[-1] = Column(money[-1].header, (*money[-1].values[:-1], ctx.fmt.margin(rev)))
    margin = rev.margin
    return Sheet(w["sheet_revenue"], (
        Column(w["col_group"], (*(g for g, _, _ in rows), w["group_total"])),
        Column(w["col_item"], (*(n for _, n, _ in rows), t["rev_margin"])),
        *money,
        Column(t["col_share"], (*shares, float(margin.low) if margin is not None
                                and not margin.is_range else None), "percent"),
    ))


def _loss_sheet(ctx: ReportContext) -> Sheet:
    t, w = ctx.t, i18n.WORKBOOK[ctx.lang]
    yearly, _ = _units(ctx)
    loss = ctx.analysis.loss
    words = i18n.Words(ctx.lang)
    return Sheet(w["sheet_loss"], (
        Column(t["col_name"], tuple(ctx.name(e.participant) for e in loss)),
        *_money(ctx, w["col_at_risk"], [e.money_at_risk for e in loss], yearly),
        Column(t["col_lost_flows"], tuple(len(e.lost_flows) for e in loss), "count"),
        Column(t["col_cut_off"], tuple(words.join(ctx.name(p) for p in e.cut_off) or None
                                       for e in loss)),
        Column(t["col_paths_broken"], tuple(words.join(e.paths_broken) or None for e in loss)),
    ))


def _risks_sheet(ctx: ReportContext) -> Sheet:
    t, w = ctx.t, i18n.WORKBOOK[ctx.lang]
    rows, _ = risks_section.declared(ctx)
    words = i18n.Words(ctx.lang)
    return Sheet(w["sheet_risks"], (
        Column(w["col_id"], tuple(r["id"] for r in rows)),
        Column(t["col_risk_name"], tuple(r["name"] for r in rows)),
        Column(t["col_about"], tuple(words.join(p["name"] for p in r["about"]) or None
                                     for r in rows)),
        Column(t["col_likelihood"], tuple(r["likelihood"] for r in rows)),
        Column(t["col_impact"], tuple(r["impact"] for r in rows)),
        Column(t["col_mitigation"], tuple(r["mitigation"] or None for r in rows)),
        Column(t["col_where"], tuple(r["where"] for r in rows)),
    ))


def _findings_sheet(ctx: ReportContext) -> Sheet:
    t, w = ctx.t, i18n.WORKBOOK[ctx.lang]
    findings = ctx.analysis.findings
    words = i18n.Words(ctx.lang)
    return Sheet(w["sheet_findings"], (
        Column(t["col_severity"], tuple(i18n.label(i18n.SEVERITIES, ctx.lang, f.severity)
                                        for f in findings)),
        Column(w["col_check_id"], tuple(f.check for f in findings)),
        Column(t["col_check"], tuple(i18n.label(i18n.CHECKS, ctx.lang, f.check)
                                     for f in findings)),
        Column(t["col_subjects"], tuple(words.join(ctx.name(p) for p in f.subjects) or None
                                        for f in findings)),
        Column(t["col_message"], tuple(f.message(ctx.lang) for f in findings)),
        Column(t["col_where"], tuple(f.where or None for f in findings)),
    ))


def _scenarios_sheet(ctx: ReportContext) -> Sheet:
    t, w = ctx.t, i18n.WORKBOOK[ctx.lang]
    yearly, _ = _units(ctx)
    chosen = ctx.result.scenarios
    texts = [scenarios_section.column(ctx, s) for s in chosen]
    return Sheet(w["sheet_scenarios"], (
        Column(w["col_id"], tuple(s.id for s in chosen)),
        Column(w["col_scenario"], tuple(c["name"] for c in texts)),
        *_money(ctx, t["scen_revenue"], [s.revenue.total for s in chosen], yearly),
        *_money(ctx, t["scen_revenue_delta"], [s.revenue_delta for s in chosen], yearly),
        *_money(ctx, t["scen_net"], [s.revenue.net for s in chosen], yearly),
        *_money(ctx, t["scen_net_delta"], [s.net_delta for s in chosen], yearly),
        Column(t["scen_margin"], tuple(c["margin"] for c in texts)),
        Column(t["scen_lost"], tuple(len(s.applied.lost_flows) for s in chosen), "count"),
        Column(t["scen_cut"], tuple(i18n.Words(ctx.lang).join(p["name"] for p in c["cut_off"])
                                    or None for c in texts)),
    ))
