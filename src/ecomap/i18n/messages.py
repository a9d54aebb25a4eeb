"""Sentence templates in every language: one per check id (the finding's message), per phrase of
a message, and per line of the ``analyze`` text output. ``params.fill`` fills them; zh and en of
one key take the same parameters (tests/test_i18n.py)."""

from __future__ import annotations

from collections.abc import Mapping

from ecomap.i18n.diff_messages import DIFF_EN, DIFF_ZH
from ecomap.i18n.roadmap import ROADMAP_TEXT_EN, ROADMAP_TEXT_ZH

# ``{name}`` a participant's name, ``{money}`` a params.Money, ``{paths}`` a params.Joined…
CHECK_ZH: Mapping[str, str] = {
    "model.isolated": "孤立参与者：{name} 没有任何价值流",
    "model.rate_without_volume": "流 {ref}（{label}）的金额 {amount} 是{rate}，但没有 volume："
                                 "{counted}为 {money}/年；请加上 volume（如车辆数、次数/年）",
    "model.rate_without_volume.per": "每{per}单价",
    "model.rate_without_volume.event": "单次价格",
    "model.rate_without_volume.unit": "按 1 个单位全年计",
    "model.rate_without_volume.once": "按每年 1 次计",
    "model.deprecated_key": "{name}：`{key}` 是旧写法，请改为 `{replacement}`；{why}",
    "model.deprecated_key.scores": "它是第2步 伙伴筛选的评分（quality 改名 service_quality，"
                                   "按 `screening` 读入），不再给出伙伴等级：金/银/铜牌与黄牌"
                                   "由机制3 质量管理的 `quality` 得出（客户满意度、服务响应速度、"
                                   "投诉处理、价格合理性与投诉率 complaint_rate）",
    "risk.cut_vertex": "关键连接节点：{name} 一旦流失，{cut_off} 将与核心断开；"
                       "损失 {lost} 条流、收入 {money}/年{paths}",
    "risk.cut_vertex.paths": "，价值路径 {paths} 失效",
    "risk.single_source": "单一来源依赖：{what} 只来自 {name}；{name} 流失将损失收入 "
                          "{money}/年{paths}",
    "risk.single_source.what": "{receiver} 的{kind}（{labels}）",
    "risk.single_source.paths": "（经由路径 {paths}）",
    "risk.broker": "中介节点：{name} 的中介中心度 {betweenness:.2f}（平均 {mean:.2f}），"
                   "大量联系经过它",
    "risk.concentration": "收入集中：{name} 贡献 {share:.0%} 的收入（{money}/年），HHI {hhi:.2f}",
    "balance.one_way": "单向关系：{givers} 向 {takers} 提供{kinds}，没有任何回流",
    "balance.under_rewarded": "分利过少：{name} 提供{kinds}，{got}——合作可能破裂",
    "balance.under_rewarded.nets": "净收入 {money}/年",
    "balance.under_rewarded.no_money": "却收不到任何资金",
    "balance.data_given_free": "数据白送：向 {name} 提供数据（{labels}），对方没有任何回报——"
                               "数据是新石油，但你在白送",
    "compliance.sensitive_data_shared": "敏感数据外流：「{label}」从 {source} 流向组织外的 "
                                        "{target}，应脱敏处理或留在组织内",
    "compliance.no_consent": "未经用户授权：{sensitivity}数据「{label}」流向 {target}，"
                             "缺少 consent: true（用户授权）",
    "compliance.data_export": "数据出境：「{label}」流向境外的 {target}，须先完成数据出境安全评估"
                              "（《数据出境安全评估办法》）",
    "path.broken": "价值路径断裂：情景「{scenario}」使路径 {path} 失去 {lost} 条流，"
                   "整条路径失效，涉及资金 {money}/年",
}
CHECK_EN: Mapping[str, str] = {
    "model.isolated": "isolated participant: {name} has no flow",
    "model.rate_without_volume": "flow {ref} ({label}) has a {rate} {amount} but no volume: it "
                                 "is counted {counted}, {money}/yr; add `volume` (units, or "
                                 "events a year)",
    "model.rate_without_volume.per": "per-{per} rate",
    "model.rate_without_volume.event": "per-event rate",
    "model.rate_without_volume.unit": "as one unit all year",
    "model.rate_without_volume.once": "once a year",
    "model.deprecated_key": "{name}: `{key}` is deprecated, write `{replacement}`; {why}",
    "model.deprecated_key.scores": "it holds the 第2步 partner-screening scores (read as "
                                   "`screening`, with quality renamed service_quality) and no "
                                   "longer gives a tier: gold/silver/bronze/yellow card come "
                                   "from mechanism 3's `quality` (customer satisfaction, "
                                   "response speed, complaint handling, price fairness and "
                                   "complaint_rate)",
    "risk.cut_vertex": "cut vertex: losing {name} cuts {cut_off} off from the focus; "
                       "{lost} flows and {money} a year lost{paths}",
    "risk.cut_vertex.paths": "; path {paths} broken",
    "risk.single_source": "single source: {what} come(s) from {name} only; losing {name} puts "
                          "{money} a year at risk{paths}",
    "risk.single_source.what": "{kind} of {receiver} ({labels})",
    "risk.single_source.paths": " (through path {paths})",
    "risk.broker": "broker: {name} has betweenness {betweenness:.2f} (mean {mean:.2f}); "
                   "many connections run through it",
    "risk.concentration": "revenue concentration: {name} brings {share:.0%} of revenue "
                          "({money} a year), HHI {hhi:.2f}",
    "balance.one_way": "one-way relationship: {givers} give(s) {takers} {kinds} "
                       "and get(s) nothing back",
    "balance.under_rewarded": "under-rewarded: {name} contributes {kinds} but {got} "
                              "— the partnership may break",
    "balance.under_rewarded.nets": "nets {money} a year",
    "balance.under_rewarded.no_money": "gets no money at all",
    "balance.data_given_free": "data given away: {name} receives data ({labels}) and gives "
                               "nothing back",
    "compliance.sensitive_data_shared": "sensitive data leaves the organisation: '{label}' goes "
                                        "from {source} to {target}; desensitize it or keep it "
                                        "inside",
    "compliance.no_consent": "no user consent: {sensitivity} data '{label}' goes to {target} "
                             "without consent: true",
    "compliance.data_export": "data export: '{label}' goes to {target} overseas; a data-export "
                              "security assessment (数据出境安全评估) is required first",
    "path.broken": "value path broken: scenario '{scenario}' loses {lost} flow(s) of path "
                   "{path}, so the whole path fails, carrying {money} a year",
}

# The ``ecomap analyze`` text output, line by line.
TEXT_ZH: Mapping[str, str] = {
    "text.scenario_title": "{title}（情景：{scenario}）",
    "text.focus": "焦点：{name}",
    "text.money": "== 钱从哪里来 ==",
    "text.figures": "  年收入 {revenue} · 成本 {costs}{open} · 净额 {net} · 利润率 {margin}",
    "text.figures.open": "（另有 {n} 笔未标金额）",
    "text.ecosystem": "  生态收入 {ecosystem} vs 服务收入 {service}{multiple}",
    "text.ecosystem.multiple": "（总收入是传统服务收入的 {x} 倍）",
    "text.category": "    {category}: {money}",
    "text.unquantified_revenue": "  未量化的收入流：{refs}",
    "text.unquantified_costs": "  未量化的成本流：{refs}（成本与利润率只含已量化部分）",
    "text.transfers": "  内部转移（不计收入/成本）：{money}/年",
    "text.transfer": "    {flow}: {source} → {target} {amount}",
    "text.no_amount": "未标金额",
    "new.next": "下一步：",
    "new.schema_step": "# 编辑器补全与校验",
    "text.margin.reason": "（{note}）",
    "text.concentration": "  最大来源 {top} 占 {share}，HHI {hhi}",
    "text.scenario_deltas": "  收入变化 {revenue} · 净额变化 {net}",
    "text.scenario_changes": "== 情景带来的变化 ==",
    "text.scenario_removed": "  移除/断开：{names}",
    "text.scenario_lost": "  失去 {n} 条流：{refs}",
    "text.scenario_changed": "  修改的流：{refs}",
    "text.scenario_broken": "  断裂的价值路径：{paths}",
    "text.section": "== {title} ({n}) ==",
    "text.section.compliance": "合规问题",
    "text.section.risk": "关键节点与依赖",
    "text.section.balance": "利益分配失衡",
    "text.section.other": "其他",
    "more": "…… 另有 {n} 项（--format json 可见全部）",
    "text.risks": "== 风险在哪里：谁流失损失最大 ==",
    "text.loss": "  {rank}. {name}：损失收入 {money}/年，{count} 条流{cut}{paths}",
    "text.loss.cut": "；断开 {names}",
    "text.loss.paths": "；路径 {paths} 失效",
    "text.scenarios": "== 情景 ==",
    "text.scenario": "  {id} {name}：收入变化 {delta}/年，失去 {count} 条流{cut}{paths}",
    "text.scenario.cut": "，断开 {names}",
    "text.scenario.paths": "，路径断裂 {paths}",
    "text.screening": "== 伙伴筛选（第2步：{weights}）==",
    "text.screening.row": "  {name}：{score:.2f}",
    "text.quality": "== 伙伴质量管理（机制3：{weights}；等级看客户评分与投诉率）==",
    "text.quality.row": "  {name}：客户评分 {rating:.2f} · 投诉率 {rate} · {tier}",
    "text.scorecard.weight": "{name}{weight}",
    "text.total": "共 {n} 项发现：{errors} 个错误，{warnings} 个警告",
}
TEXT_EN: Mapping[str, str] = {
    "text.scenario_title": "{title} (scenario: {scenario})",
    "text.focus": "focus: {name}",
    "text.money": "== Where the money comes from ==",
    "text.figures": "  revenue {revenue}/yr · costs {costs}{open} · net {net} · margin {margin}",
    "text.figures.open": " (+{n} without an amount)",
    "text.ecosystem": "  ecosystem revenue {ecosystem} vs service revenue {service}{multiple}",
    "text.ecosystem.multiple": " (total is {x}× service)",
    "text.category": "    {category}: {money}",
    "text.unquantified_revenue": "  unquantified revenue flows: {refs}",
    "text.unquantified_costs": "  unquantified cost flows: {refs} (costs and margin cover "
                               "quantified flows only)",
    "text.transfers": "  internal transfers (not revenue or cost): {money}/yr",
    "text.transfer": "    {flow}: {source} → {target} {amount}",
    "text.no_amount": "no amount",
    "new.next": "next:",
    "new.schema_step": "# editor completion and checking",
    "text.margin.reason": " ({note})",
    "text.concentration": "  top source {top} {share}, HHI {hhi}",
    "text.scenario_deltas": "  revenue delta {revenue} · net delta {net}",
    "text.scenario_changes": "== What the scenario changes ==",
    "text.scenario_removed": "  removed or cut off: {names}",
    "text.scenario_lost": "  {n} flows lost: {refs}",
    "text.scenario_changed": "  changed flows: {refs}",
    "text.scenario_broken": "  value paths broken: {paths}",
    "text.section": "== {title} ({n}) ==",
    "text.section.compliance": "Compliance",
    "text.section.risk": "Risk findings",
    "text.section.balance": "Imbalances",
    "text.section.other": "Other",
    "more": "… {n} more (all of them in --format json)",
    "text.risks": "== Risks: whose loss costs most ==",
    "text.loss": "  {rank}. {name}: {money}/yr at risk, {count} flows{cut}{paths}",
    "text.loss.cut": "; cuts off {names}",
    "text.loss.paths": "; breaks path {paths}",
    "text.scenarios": "== Scenarios ==",
    "text.scenario": "  {id} {name}: revenue delta {delta}/yr, {count} flows lost{cut}{paths}",
    "text.scenario.cut": ", cuts off {names}",
    "text.scenario.paths": ", breaks {paths}",
    "text.screening": "== Partner screening (step 2: {weights}) ==",
    "text.screening.row": "  {name}: {score:.2f}",
    "text.quality": "== Partner quality management (mechanism 3: {weights}; the tier needs "
                    "the rating and the complaint rate) ==",
    "text.quality.row": "  {name}: rating {rating:.2f} · complaint rate {rate} · {tier}",
    "text.scorecard.weight": "{name} {weight}",
    "text.total": "{n} findings: {errors} errors, {warnings} warnings",
}

TEMPLATES: Mapping[str, Mapping[str, str]] = {
    "zh": {**CHECK_ZH, **TEXT_ZH, **ROADMAP_TEXT_ZH, **DIFF_ZH},
    "en": {**CHECK_EN, **TEXT_EN, **ROADMAP_TEXT_EN, **DIFF_EN},
}
