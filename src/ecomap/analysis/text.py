"""``ecomap analyze`` text: headline figures, compliance errors, top risks, imbalances, the rest."""

from __future__ import annotations

from ecomap.amounts import Value
from ecomap.analysis.findings import Finding
from ecomap.analysis.result import AnalysisResult
from ecomap.analysis.scorecard import TIER_EN, TIER_ZH

CATEGORY = {
    "zh": {"service": "服务收入", "data": "数据收入", "commission": "佣金收入",
           "subscription": "订阅收入", "finance": "金融收入", "other": "其他收入"},
    "en": {"service": "service", "data": "data", "commission": "commission",
           "subscription": "subscription", "finance": "finance", "other": "other"},
}
SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
            "en": {"error": "error", "warning": "warning", "info": "info"}}
TOP_RISKS = 5
# Per section: a director reads the first lines; the JSON has them all. Errors are never cut.
SECTION_LINES = 12


def _ratio(v: Value | None, spec: str) -> str:
    """A ratio in ``spec`` format; a range only when its ends differ once formatted."""
    if v is None:
        return "—"
    low, high = format(float(v.low), spec), format(float(v.high), spec)
    return f"{low}–{high}" if low != high else low


def _pct(v: Value | None) -> str:
    return _ratio(v, ".0%")


def _times(v: Value | None) -> str:
    return _ratio(v, ".2f")


def _line(f: Finding, loc: str) -> str:
    level = SEVERITY[loc].get(f.severity, f.severity)
    return f"  [{level}] {f.check}  {f.message(loc)}  ({f.where})"


def format_text(result: AnalysisResult, locale: str | None = None) -> str:
    """What a director reads in a terminal, in the map's language (or ``locale``)."""
    analysis, selected, scenarios = result.shown, result.selected, result.scenarios
    eco, ctx, rev = analysis.eco, analysis.ctx, analysis.revenue
    loc = locale or eco.locale
    zh = loc == "zh"

    def m(v: Value | None) -> str:
        return ctx.money(v, loc)

    out: list[str] = []
    focus = ctx.name(eco.focus)
    title = eco.title
    if selected is not None:
        sname = selected.name
        title += f"（情景：{sname}）" if zh else f" (scenario: {sname})"
    out.append(title)
    out.append(f"焦点：{focus}" if zh else f"focus: {focus}")
    out.append("")
    out.append("== 钱从哪里来 ==" if zh else "== Where the money comes from ==")
    # Costs without an amount make the net and margin upper bounds: said on the same line,
    # where a reader of the figures cannot miss it.
    open_costs = len(rev.unquantified_costs)
    if zh:
        costs = m(rev.costs) + (f"（另有 {open_costs} 笔未标金额）" if open_costs else "")
        out.append(f"  年收入 {m(rev.total)} · 成本 {costs} · 净额 {m(rev.net)} · "
                   f"利润率 {_pct(rev.margin)}")
        out.append(f"  生态收入 {m(rev.ecosystem)} vs 服务收入 {m(rev.service)}"
                   + (f"（总收入是传统服务收入的 {_times(rev.total_to_service)} 倍）"
                      if rev.total_to_service else ""))
    else:
        costs = m(rev.costs) + (f" (+{open_costs} without an amount)" if open_costs else "")
        out.append(f"  revenue {m(rev.total)}/yr · costs {costs} · net {m(rev.net)} · "
                   f"margin {_pct(rev.margin)}")
        out.append(f"  ecosystem revenue {m(rev.ecosystem)} vs service revenue {m(rev.service)}"
                   + (f" (total is {_times(rev.total_to_service)}× service)"
                      if rev.total_to_service else ""))
    for cat, v in rev.by_category.items():
        out.append(f"    {CATEGORY[loc].get(cat, cat)}: {m(v)}")
    if rev.unquantified:
        refs = ", ".join(rev.unquantified)
        out.append(f"  未量化的收入流：{refs}" if zh else f"  unquantified revenue flows: {refs}")
    if rev.unquantified_costs:
        refs = ", ".join(rev.unquantified_costs)
        out.append(f"  未量化的成本流：{refs}（成本与利润率只含已量化部分）" if zh
                   else f"  unquantified cost flows: {refs} (costs and margin cover quantified "
                        "flows only)")
    if analysis.concentration is not None:
        c = analysis.concentration
        top, share, hhi = ctx.name(c.top), f"{float(c.top_share):.0%}", f"{float(c.hhi):.2f}"
        out.append(f"  最大来源 {top} 占 {share}，HHI {hhi}" if zh
                   else f"  top source {top} {share}, HHI {hhi}")
    if selected is not None:
        s = selected
        a = s.applied
        out.append(f"  收入变化 {m(s.revenue_delta)} · 净额变化 {m(s.net_delta)}" if zh else
                   f"  revenue delta {m(s.revenue_delta)} · net delta {m(s.net_delta)}")
        out.append("")
        out.append("== 情景带来的变化 ==" if zh else "== What the scenario changes ==")
        gone = [a.names.get(p, p) for p in a.removed_participants]
        if gone:
            out.append(f"  移除/断开：{'、'.join(gone)}" if zh
                       else f"  removed or cut off: {', '.join(gone)}")
        lost = ", ".join(f.ref for f in a.lost_flows[:10])
        lost += " …" if len(a.lost_flows) > 10 else ""
        out.append(f"  失去 {len(a.lost_flows)} 条流：{lost}" if zh
                   else f"  {len(a.lost_flows)} flows lost: {lost}")
        if a.changed_flows:
            changed = ", ".join(a.changed_flows)
            out.append(f"  修改的流：{changed}" if zh else f"  changed flows: {changed}")
        if a.paths_broken:
            broken = ", ".join(a.paths_broken)
            out.append(f"  断裂的价值路径：{broken}" if zh else f"  value paths broken: {broken}")
        for f in s.findings_added[:SECTION_LINES]:
            out.append("  + " + f"{f.check}  {f.message(loc)}")
        for f in s.findings_removed[:SECTION_LINES]:
            out.append("  − " + f"{f.check}  {f.message(loc)}")

    shown: set[int] = set()

    def section(title_zh: str, title_en: str, items: list[Finding]) -> None:
        if not items:
            return
        out.append("")
        out.append(f"== {title_zh if zh else title_en} ({len(items)}) ==")
        for n, f in enumerate(items):
            shown.add(id(f))
            if n < SECTION_LINES or f.severity == "error":
                out.append(_line(f, loc))
        hidden = sum(1 for n, f in enumerate(items) if n >= SECTION_LINES and f.severity != "error")
        if hidden:
            out.append(f"  …… 另有 {hidden} 项（--format json 可见全部）" if zh
                       else f"  … {hidden} more (all of them in --format json)")

    findings = analysis.findings
    section("合规问题", "Compliance", [f for f in findings if f.check.startswith("compliance.")])

    out.append("")
    out.append("== 风险在哪里：谁流失损失最大 ==" if zh else "== Risks: whose loss costs most ==")
    for i, e in enumerate(analysis.loss[:TOP_RISKS], 1):
        name = ctx.name(e.participant)
        extra = ""
        if e.cut_off:
            names = ctx.names(e.cut_off)[0 if zh else 1]
            extra += f"；断开 {names}" if zh else f"; cuts off {names}"
        if e.paths_broken:
            extra += (f"；路径 {'、'.join(e.paths_broken)} 失效" if zh
                      else f"; breaks path {', '.join(e.paths_broken)}")
        money, count = m(e.money_at_risk), len(e.lost_flows)
        out.append(f"  {i}. {name}：损失收入 {money}/年，{count} 条流{extra}" if zh
                   else f"  {i}. {name}: {money}/yr at risk, {count} flows{extra}")
    section("关键节点与依赖", "Risk findings", [f for f in findings if f.check.startswith("risk.")])
    section("利益分配失衡", "Imbalances", [f for f in findings if f.check.startswith("balance.")])
    section("其他", "Other", [f for f in findings if id(f) not in shown])

    if scenarios:
        out.append("")
        out.append("== 情景 ==" if zh else "== Scenarios ==")
        for s in scenarios:
            a = s.applied
            delta, count = m(s.revenue_delta), len(a.lost_flows)
            line = (f"  {s.id} {s.name}：收入变化 {delta}/年，失去 {count} 条流" if zh
                    else f"  {s.id} {s.name}: revenue delta {delta}/yr, {count} flows lost")
            if a.cut_off:
                names = ctx.names(a.cut_off)[0 if zh else 1]
                line += f"，断开 {names}" if zh else f", cuts off {names}"
            if a.paths_broken:
                line += (f"，路径断裂 {'、'.join(a.paths_broken)}" if zh
                         else f", breaks {', '.join(a.paths_broken)}")
            out.append(line)
    scored = sorted(((p.name, p.scores) for p in eco.participants if p.scores is not None),
                    key=lambda ns: -ns[1].weighted)  # best first; ties in map order
    if scored:
        out.append("")
        out.append("== 伙伴评分卡（质量40/覆盖25/成本20/对接15）==" if zh
                   else "== Partner scorecard (quality 40 / coverage 25 / cost 20 / "
                        "integration 15) ==")
        tiers = TIER_ZH if zh else TIER_EN
        for name, sc in scored:
            out.append(f"  {name}{'：' if zh else ': '}{float(sc.weighted):.2f} {tiers[sc.tier]}")
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    out.append("")
    out.append(f"共 {len(findings)} 项发现：{errors} 个错误，{warnings} 个警告" if zh else
               f"{len(findings)} findings: {errors} errors, {warnings} warnings")
    return "\n".join(out) + "\n"
