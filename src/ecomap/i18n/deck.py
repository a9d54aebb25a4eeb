"""Words of the PowerPoint deck (``render --format pptx``) in Chinese and English.

The deck also uses the report's column and figure names (``report.STRINGS``): a table header
reads the same in the report and on the slide. Only what the report does not say is here.
"""

from __future__ import annotations

# One table per language; every key in both, with the same {fields} (tests/test_i18n.py).
DECK: dict[str, dict[str, str]] = {
    "zh": {
        "scenario_subtitle": "情景：{name}",
        "map_slide": "生态全景图",
        "money_slide": "资金流视图（仅货币流）",
        "picture_alt": "{title}：{what}",
        "continued": "{title}（{n}/{total}）",
        "chart_axis": "年收入（{unit}）",
        "series_low": "低值",
        "series_high": "高值",
        "scenario_slide": "情景：{name}",
        "col_scenario": "情景",
        "col_change": "变化",
        "phase_slide": "{name}（第 {start}–{end} 月）",
        "phase_revenue": "年收入（本阶段运行水平）",
        "phase_costs": "年成本",
        "phase_net": "年净收益",
        "phase_investment": "本阶段一次性投资",
        "phase_cash": "期末累计现金（含投资）",
        "phase_payback": "本阶段投资回收期",
        "cash_axis": "各阶段期末累计现金（{unit}）",
        "top_risk": "最大风险",
        "source": "来源：{file} · 由 ecomap 生成",
        "nothing": "无",
    },
    "en": {
        "scenario_subtitle": "Scenario: {name}",
        "map_slide": "Ecosystem map",
        "money_slide": "Money flows only",
        "picture_alt": "{title}: {what}",
        "continued": "{title} ({n}/{total})",
        "chart_axis": "Annual revenue ({unit})",
        "series_low": "Low",
        "series_high": "High",
        "scenario_slide": "Scenario: {name}",
        "col_scenario": "Scenario",
        "col_change": "Change",
        "phase_slide": "{name} (months {start}–{end})",
        "phase_revenue": "Annual revenue (run rate in this phase)",
        "phase_costs": "Annual costs",
        "phase_net": "Annual net",
        "phase_investment": "One-off investment in this phase",
        "phase_cash": "Cumulative cash at its end (investments included)",
        "phase_payback": "Its investment pays back in",
        "cash_axis": "Cumulative cash at the end of each phase ({unit})",
        "top_risk": "Top risk",
        "source": "Source: {file} · made with ecomap",
        "nothing": "none",
    },
}

# The unit a chart's axis counts money in: the largest that keeps the biggest bar ≥ 1.
CHART_SCALES: dict[str, tuple[tuple[int, str], ...]] = {
    "zh": ((100_000_000, "亿"), (10_000, "万"), (1, "")),
    "en": ((1_000_000_000, " bn"), (1_000_000, " m"), (1_000, " k"), (1, "")),
}
# How the currency is named after the scale word (万元, CNY m).
CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "zh": {"CNY": "元", "USD": "美元", "EUR": "欧元"},
    "en": {},
}
