"""The name of every code in every language: one table per domain, ``TABLE[lang][code]``.

The codes themselves are the model's (model.KINDS, model.CATEGORIES…) and the check registry's
(analysis/checks.py); tests/test_i18n.py proves each has a label here in each language.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecomap.i18n.roadmap import KPI_STATUSES

Table = Mapping[str, Mapping[str, str]]

# A flow kind as a legend, a filter or a column names it.
KINDS: Table = {
    "zh": {"money": "资金流", "data": "数据流", "asset": "资产流", "service": "服务流"},
    "en": {"money": "Money", "data": "Data", "asset": "Asset", "service": "Service"},
}

# What a flow of a kind carries, inside a sentence ("提供资金、数据" / "gives money, data").
GOODS: Table = {
    "zh": {"money": "资金", "data": "数据", "asset": "资产", "service": "服务"},
    "en": {"money": "money", "data": "data", "asset": "assets", "service": "services"},
}

# The five layers of the default template (model.DEFAULT_LAYERS; seeds/ecosystem_map_design.txt).
LAYERS: Table = {
    "zh": {"core": "核心层", "strategic": "战略伙伴层", "service": "服务提供层",
           "enabler": "生态赋能层", "users": "用户层"},
    "en": {"core": "Core", "strategic": "Strategic partners", "service": "Service providers",
           "enabler": "Enablers", "users": "Users"},
}

CATEGORIES: Table = {
    "zh": {"service": "服务收入", "data": "数据收入", "commission": "佣金收入",
           "subscription": "订阅收入", "finance": "金融收入", "other": "其他收入"},
    "en": {"service": "Service", "data": "Data", "commission": "Commission",
           "subscription": "Subscription", "finance": "Finance", "other": "Other"},
}

# The same categories inside a sentence of the text output ("    service: ¥1.2M").
CATEGORY_WORDS: Table = {
    "zh": CATEGORIES["zh"],
    "en": {"service": "service", "data": "data", "commission": "commission",
           "subscription": "subscription", "finance": "finance", "other": "other"},
}

PARTNER_TYPES: Table = {
    "zh": {"capability": "能力补充型", "resource": "资源共享型", "traffic": "流量互导型",
           "innovation": "创新共创型"},
    "en": {"capability": "Capability", "resource": "Resource sharing",
           "traffic": "Traffic exchange", "innovation": "Co-innovation"},
}

REGIONS: Table = {
    "zh": {"domestic": "境内", "overseas": "境外"},
    "en": {"domestic": "domestic", "overseas": "overseas"},
}

LEVELS: Table = {
    "zh": {"low": "低", "medium": "中", "high": "高"},
    "en": {"low": "low", "medium": "medium", "high": "high"},
}

SEVERITIES: Table = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}

SENSITIVITIES: Table = {
    "zh": {"public": "公开", "desensitized": "脱敏", "sensitive": "敏感"},
    "en": {"public": "public", "desensitized": "desensitized", "sensitive": "sensitive"},
}

TIERS: Table = {
    "zh": {"gold": "金牌", "silver": "银牌", "bronze": "铜牌", "yellow": "黄牌"},
    "en": {"gold": "Gold", "silver": "Silver", "bronze": "Bronze", "yellow": "Yellow card"},
}

# A tier inside a sentence (analysis.json's ``tier_label``, the text output's scorecard).
TIER_WORDS: Table = {
    "zh": TIERS["zh"],
    "en": {"gold": "gold", "silver": "silver", "bronze": "bronze", "yellow": "yellow card"},
}

# The lesson's two scorecards, one name per weight in its own words
# (partner_types_and_mechanisms.txt); their weights are model.SCREENING_WEIGHTS / QUALITY_WEIGHTS.
# 第2步 伙伴筛选: choosing a partner.
SCREENING_NAMES: Table = {
    "zh": {"service_quality": "服务质量", "coverage": "覆盖范围", "cost": "成本竞争力",
           "integration": "系统对接能力"},
    "en": {"service_quality": "service quality", "coverage": "coverage",
           "cost": "cost competitiveness", "integration": "system integration"},
}
# 机制3 质量管理, 评估指标: running a partner (its weighted score is the 客户评分 of the tiers).
QUALITY_NAMES: Table = {
    "zh": {"satisfaction": "客户满意度", "response": "服务响应速度",
           "complaint_handling": "投诉处理", "price": "价格合理性"},
    "en": {"satisfaction": "customer satisfaction", "response": "response speed",
           "complaint_handling": "complaint handling", "price": "price fairness"},
}

# Check titles (the report's findings table and risk flags); ids from analysis/checks.py.
CHECKS: Table = {
    "zh": {
        "model.isolated": "孤立参与者",
        "model.rate_without_volume": "单价缺少数量",
        "model.deprecated_key": "旧写法",
        "risk.cut_vertex": "关键连接节点",
        "risk.single_source": "单一来源依赖",
        "risk.broker": "中介节点",
        "risk.concentration": "收入集中",
        "balance.one_way": "单向关系",
        "balance.under_rewarded": "分利过少",
        "balance.data_given_free": "数据白送",
        "compliance.sensitive_data_shared": "敏感数据外流",
        "compliance.no_consent": "未经用户授权",
        "compliance.data_export": "数据出境",
        "path.broken": "价值路径断裂",
    },
    "en": {
        "model.isolated": "Isolated participant",
        "model.rate_without_volume": "Rate without volume",
        "model.deprecated_key": "Deprecated key",
        "risk.cut_vertex": "Cut vertex",
        "risk.single_source": "Single source",
        "risk.broker": "Broker",
        "risk.concentration": "Revenue concentration",
        "balance.one_way": "One-way relationship",
        "balance.under_rewarded": "Under-rewarded partner",
        "balance.data_given_free": "Data given away",
        "compliance.sensitive_data_shared": "Sensitive data shared",
        "compliance.no_consent": "No user consent",
        "compliance.data_export": "Data export",
        "path.broken": "Value path broken",
    },
}

# Field names of the map format, as ``ecomap diff`` names a changed field.
FIELDS: Table = {
    "zh": {
        # participants
        "name": "名称", "layer": "层级", "role": "角色", "partner_type": "伙伴类型",
        "internal": "内部单位", "region": "地区", "count": "代表数量", "url": "链接",
        "tags": "标签", "note": "备注", "screening": "伙伴筛选评分", "quality": "质量管理评分",
        # flows
        "id": "id", "source": "来自", "target": "流向", "kind": "类型", "label": "内容",
        "amount": "金额", "volume": "数量", "share": "比例", "category": "收入类别",
        "paths": "价值路径", "phase": "阶段", "sensitivity": "敏感级别",
        "consent": "用户授权",
        # risks
        "about": "涉及", "likelihood": "可能性", "impact": "影响", "mitigation": "应对措施",
        # the map
        "title": "标题", "description": "描述", "focus": "焦点", "locale": "语言",
        "currency": "币种", "layers": "层级结构", "checks": "检查设置",
    },
    "en": {
        "name": "name", "layer": "layer", "role": "role", "partner_type": "partner type",
        "internal": "internal", "region": "region", "count": "count", "url": "url",
        "tags": "tags", "note": "note", "screening": "screening scores",
        "quality": "quality review",
        "id": "id", "source": "from", "target": "to", "kind": "kind", "label": "label",
        "amount": "amount", "volume": "volume", "share": "share", "category": "category",
        "paths": "path", "phase": "phase", "sensitivity": "sensitivity",
        "consent": "consent",
        "about": "about", "likelihood": "likelihood", "impact": "impact",
        "mitigation": "mitigation",
        "title": "title", "description": "description", "focus": "focus", "locale": "locale",
        "currency": "currency", "layers": "layers", "checks": "checks",
    },
}

# Why a margin is unknown or only an upper bound (analysis/revenue.py margin_note).
MARGIN_NOTES: Table = {
    "zh": {"no_costs": "未列成本", "costs_unquantified": "成本未量化",
           "costs_partly_quantified": "上限：部分成本未量化"},
    "en": {"no_costs": "no costs listed", "costs_unquantified": "costs not quantified",
           "costs_partly_quantified": "upper bound: some costs not quantified"},
}

# How a figure reads (amounts.format_number / format_money / format_figure): the magnitudes a
# number is written in, largest first, the yuan around a number, a range shown once ("about").
MAGNITUDES: Mapping[str, tuple[tuple[float, str], ...]] = {
    "zh": ((1e8, "亿"), (1e4, "万")),
    "en": ((1e9, "B"), (1e6, "M"), (1e3, "K")),
}
MONEY_FORMS: Table = {
    "zh": {"cny": "{x}元", "about": "约{x}"},
    "en": {"cny": "¥{x}", "about": "~{x}"},
}

# The periods of a rate (amounts.PERIODS_PER_YEAR), as a unit: "每天单价" / "per-day rate".
PERIODS: Table = {
    "zh": {"day": "天", "week": "周", "month": "月", "quarter": "季度", "year": "年"},
    "en": {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"},
}

# User-facing words of the diagram (legend, subtitle facts, node badges).
DIAGRAM: Table = {
    "zh": {
        "more": "另 {n} 家", "flows": "{n} 条{kind}", "per_year": "/年", "once": " 一次性",
        "focus": "焦点",
        "risk": "风险节点", "removed": "已移除", "changed": "变化", "participants": "参与者",
        "flow_count": "价值流", "view": "视图", "collapsed": "已合并 {n} 家",
        "legend": "图例", "count": "×{n}", "within": "组内 {n} 条流", "overseas": "境外",
        "width_note": "线宽 ∝ 年金额", "new": "本阶段新增", "new_badge": "新",
        "phase": "{name}（第 {start}–{end} 月）",
        "added": "情景新增", "scenario": "情景：{name}", "compliance": "合规错误",
        "compliance_warning": "合规警告",
        "partner_type": "伙伴类型", "tier": "评级",
    },
    "en": {
        "more": "+{n} more", "flows": "{n} {kind} flows", "per_year": "/yr", "once": " once",
        "focus": "focus",
        "risk": "risk node", "removed": "removed", "changed": "changed",
        "participants": "participants", "flow_count": "flows", "view": "view",
        "collapsed": "{n} collapsed", "legend": "Legend", "count": "×{n}", "overseas": "overseas",
        "within": "{n} flows within", "width_note": "width ∝ annual amount",
        "added": "added by the scenario", "scenario": "Scenario: {name}",
        "compliance": "compliance error", "compliance_warning": "compliance warning",
        "partner_type": "partner type", "tier": "tier",
        "new": "new in this phase", "new_badge": "new", "phase": "{name} (months {start}–{end})",
    },
}

# Every domain by name: what the completeness test walks and Words.label looks up.
DOMAINS: Mapping[str, Table] = {
    "kind": KINDS, "goods": GOODS, "layer": LAYERS, "category": CATEGORIES,
    "category_word": CATEGORY_WORDS, "partner_type": PARTNER_TYPES, "region": REGIONS,
    "level": LEVELS, "severity": SEVERITIES, "sensitivity": SENSITIVITIES, "tier": TIERS,
    "tier_word": TIER_WORDS, "screening": SCREENING_NAMES, "quality": QUALITY_NAMES,
    "check": CHECKS, "field": FIELDS,
    "diagram": DIAGRAM, "period": PERIODS, "margin_note": MARGIN_NOTES,
    "kpi_status": KPI_STATUSES,
}
