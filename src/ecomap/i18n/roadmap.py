"""The roadmap's words (investments, payback, phases, KPIs) in zh and en: the ``analyze`` text
lines (merged into messages.TEMPLATES), the report's roadmap section and internal transfers
(merged into report.STRINGS) and the KPI statuses (a label domain)."""

from __future__ import annotations

from collections.abc import Mapping

# ``ecomap analyze``: the investments, each phase and the KPIs.
ROADMAP_TEXT_ZH: Mapping[str, str] = {
    "text.roadmap": "== 投资与回收 ==",
    "text.roadmap.total": "  一次性投资 {total}（{count} 笔，不计入收入、成本与利润率）· "
                          "满负荷年净额 {net} · 回收期 {payback} · 年化 ROI {roi}",
    "text.roadmap.path": "    路径 {name}：投资 {investment}，年净额 {net}，回收期 {payback}",
    "text.roadmap.phase": "  {id} {name}（第 {start}–{end} 月）：收入 {revenue}/年 · "
                          "成本 {costs}/年 · 净额 {net}/年 · 投资 {investment} · "
                          "期末累计现金 {cash}{own}",
    "text.roadmap.phase.own": "，本阶段投资回收 {payback}",
    "text.roadmap.scenario": "，一次性投资 {total}，回收期 {payback}，年化 ROI {roi}",
    "text.months": "{n} 个月",
    "text.months.never": "无法回收",
    "text.kpis": "== 关键指标 ==",
    "text.kpi.target": "目标 {target}",
    "text.kpi.current": "当前 {current}",
    "text.kpi.no_current": "当前未填",
    "text.kpi.phase": "阶段 {phase}",
}
ROADMAP_TEXT_EN: Mapping[str, str] = {
    "text.roadmap": "== Investments and payback ==",
    "text.roadmap.total": "  one-off investments {total} ({count}, never in revenue, costs or "
                          "margin) · yearly net at full run rate {net} · payback {payback} · "
                          "ROI {roi} a year",
    "text.roadmap.path": "    path {name}: investment {investment}, net {net}/yr, "
                         "payback {payback}",
    "text.roadmap.phase": "  {id} {name} (months {start}–{end}): revenue {revenue}/yr · "
                          "costs {costs}/yr · net {net}/yr · investment {investment} · "
                          "cumulative cash at its end {cash}{own}",
    "text.roadmap.phase.own": ", its investment pays back in {payback}",
    "text.roadmap.scenario": ", one-off investments {total}, payback {payback}, "
                             "ROI {roi} a year",
    "text.months": "{n} months",
    "text.months.never": "never",
    "text.kpis": "== KPIs ==",
    "text.kpi.target": "target {target}",
    "text.kpi.current": "current {current}",
    "text.kpi.no_current": "no current value",
    "text.kpi.phase": "phase {phase}",
}

# A KPI's status (analysis/kpis.py STATUSES).
KPI_STATUSES: Mapping[str, Mapping[str, str]] = {
    "zh": {"met": "已达成", "not_met": "未达成", "no_current": "无当前值",
           "not_comparable": "无法比较"},
    "en": {"met": "met", "not_met": "not met", "no_current": "no current value",
           "not_comparable": "cannot compare"},
}

# The report: the roadmap section, the KPI table and the internal transfers.
ROADMAP_STRINGS: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "sec_roadmap": "转型路线图",
        "rm_timeline": "阶段与新增",
        "rm_phase_maps": "各阶段的生态图",
        "rm_phase_maps_note": "每张图是地图在该阶段的样子：本阶段新增的参与者和价值流标「新」，"
                              "风险标记按该阶段的地图分析。",
        "rm_months": "第 {start}–{end} 月",
        "rm_from_start": "起步：{participants} 个参与者、{flows} 条价值流",
        "rm_new_participants": "新增参与者",
        "rm_new_flows": "新增价值流",
        "rm_nothing_new": "本阶段没有新增参与者或价值流。",
        "rm_figures": "年收入 {revenue} · 年成本 {costs} · 年净额 {net}",
        "rm_cash": "累计现金曲线",
        "rm_cash_note": "一次性投资在所属阶段开始时支付；每个阶段按当时已有的价值流的年净额运行，"
                        "最后一个阶段之后按其净额延续。曲线穿过零线处即回收期。",
        "rm_best": "乐观（投资取低、净额取高）",
        "rm_worst": "保守（投资取高、净额取低）",
        "rm_payback_mark": "回收 {months}",
        "rm_month": "第 {n} 月",
        "rm_investments": "投资与回报",
        "rm_total": "一次性投资合计 {total} · 满负荷年净额 {net} · 回收期 {payback} · "
                    "年化 ROI {roi}",
        "rm_by_phase": "按阶段",
        "rm_by_path": "按价值路径",
        "rm_none": "没有一次性投资。",
        "col_phase": "阶段",
        "col_months": "月份",
        "col_investment": "一次性投资",
        "col_revenue_yr": "年收入",
        "col_costs_yr": "年成本",
        "col_net_yr": "年净额",
        "col_cash_end": "期末累计现金",
        "col_payback": "回收期",
        "col_roi": "年化 ROI",
        "kpi_title": "关键指标",
        "col_kpi": "指标",
        "col_target": "目标",
        "col_current": "当前值",
        "col_unit": "单位",
        "col_frequency": "频率",
        "col_status": "状态",
        "kpi_note": "「≥80%」这类目标与当前值按数字比较；不带比较符的目标按「≥」理解；"
                    "单位不一致（一个是百分比、一个不是）时标为无法比较。",
        "rev_transfers": "内部转移（焦点组织内部单元之间，不计入收入与成本）",
        "rev_transfers_total": "合计 {money}/年",
        "col_flow": "价值流",
    },
    "en": {
        "sec_roadmap": "Roadmap",
        "rm_timeline": "Phases and what each adds",
        "rm_phase_maps": "The map in each phase",
        "rm_phase_maps_note": "Each diagram is the map as it stands in that phase: what the phase "
                              "adds is marked new, and the risk marks come from that phase's "
                              "own analysis.",
        "rm_months": "months {start}–{end}",
        "rm_from_start": "Starts with {participants} participants and {flows} flows",
        "rm_new_participants": "New participants",
        "rm_new_flows": "New flows",
        "rm_nothing_new": "No participant or flow is new in this phase.",
        "rm_figures": "revenue {revenue}/yr · costs {costs}/yr · net {net}/yr",
        "rm_cash": "Cumulative cash",
        "rm_cash_note": ("One-off investments are paid at the start of their phase; each phase "
                         "runs at the yearly net of the flows that exist by then, and after the "
                         "last phase its net goes on. The curve crosses zero at the payback."),
        "rm_best": "best case (low investment, high net)",
        "rm_worst": "worst case (high investment, low net)",
        "rm_payback_mark": "payback {months}",
        "rm_month": "month {n}",
        "rm_investments": "Investments and returns",
        "rm_total": ("One-off investments {total} · yearly net at full run rate {net} · "
                     "payback {payback} · ROI {roi} a year"),
        "rm_by_phase": "By phase",
        "rm_by_path": "By value path",
        "rm_none": "No one-off investments.",
        "col_phase": "Phase",
        "col_months": "Months",
        "col_investment": "One-off investment",
        "col_revenue_yr": "Revenue / yr",
        "col_costs_yr": "Costs / yr",
        "col_net_yr": "Net / yr",
        "col_cash_end": "Cash at its end",
        "col_payback": "Payback",
        "col_roi": "ROI a year",
        "kpi_title": "KPIs",
        "col_kpi": "KPI",
        "col_target": "Target",
        "col_current": "Current",
        "col_unit": "Unit",
        "col_frequency": "Frequency",
        "col_status": "Status",
        "kpi_note": ("Targets such as ‘≥80%’ are compared with the current value as numbers; a "
                     "target without a comparison reads as ‘≥’; a percentage against a value "
                     "that is not one cannot be compared."),
        "rev_transfers": ("Internal transfers (between the focus organisation's own units: "
                          "not revenue or cost)"),
        "rev_transfers_total": "total {money}/yr",
        "col_flow": "Flow",
    },
}
