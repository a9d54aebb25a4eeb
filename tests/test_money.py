"""Money a CFO would sign (issue 11): consolidation over the focus organisation, internal
transfers listed, one-off investments with payback and ROI, phases, scenario chains, shared
value paths, share ranges, magnitudes in volume and count, KPIs."""

from __future__ import annotations

import json
from fractions import Fraction

from ecomap.amounts import Value
from ecomap.analysis import analyze, analyze_scenario, format_text, to_json
from ecomap.analysis.roadmap import compute_investments
from ecomap.validate import load_text

HEAD = """\
ecomap: 1
title: 测试
focus: hq
"""


def run(text: str):
    return analyze(load_text(HEAD + text, "m.yaml"))


def test_income_of_an_internal_unit_is_revenue() -> None:
    """A customer pays 总部 100万 and 内部单元 50万: the organisation's revenue is 150万."""
    a = run("""
participants:
  hq: {name: 总部, layer: core}
  unit: {name: 内部单元, layer: core, internal: true}
  c: {name: 客户, layer: users}
flows:
  - {from: c, to: hq, kind: money, label: 服务费, amount: 100万 CNY/year}
  - {from: c, to: unit, kind: money, label: 检测费, amount: 50万 CNY/year}
""")
    assert a.base.revenue.total == Value.of(1_500_000)
    assert a.base.revenue.by_counterparty == {"c": Value.of(1_500_000)}
    assert a.base.loss_by_participant["c"].money_at_risk == Value.of(1_500_000)


def test_paying_your_own_team_is_a_listed_internal_transfer() -> None:
    """数据团队 is internal: 500万 from the focus to it is no cost, and it is listed, not lost."""
    a = run("""
participants:
  hq: {name: 数据业务, layer: core}
  team: {name: 数据团队, layer: core, internal: true, count: 20}
  cloud: {name: 云服务商, layer: service}
  buyers: {name: 数据买家, layer: users}
flows:
  - {from: buyers, to: hq, kind: money, label: 数据产品, amount: 2.72亿 CNY/year}
  - {id: salaries, from: hq, to: team, kind: money, label: 团队薪酬, amount: 500万 CNY/year}
  - {from: team, to: cloud, kind: money, label: 云计算, amount: 2300万 CNY/year}
""")
    rev = a.base.revenue
    assert rev.costs == Value.of(23_000_000)  # the team's cloud bill is the organisation's cost
    assert rev.internal_transfers == Value.of(5_000_000)
    doc = to_json(a)["revenue"]
    assert doc["internal_transfers"] == [
        {"flow": "salaries", "from": "hq", "to": "team", "annual": 5_000_000}]
    assert doc["internal_transfers_total"] == 5_000_000
    text = format_text(a)
    assert "内部转移（不计收入/成本）：500万元/年" in text
    assert "salaries: 数据业务 → 数据团队 500万元" in text


def test_one_off_investment_is_never_annual() -> None:
    """联合研发投入(一次性) 1500万 is an investment: no −43362% margin, a payback instead."""
    a = run("""
participants:
  hq: {name: 售后, layer: core}
  lab: {name: 研发伙伴, layer: strategic}
  c: {name: 车主, layer: users}
flows:
  - {from: c, to: hq, kind: money, label: 服务费, amount: 600万 CNY/year}
  - {from: hq, to: lab, kind: money, label: 年度服务费, amount: 100万 CNY/year}
  - {id: rnd, from: hq, to: lab, kind: money, label: 联合研发投入(一次性), amount: 1500万 CNY once}
""")
    rev = a.base.revenue
    assert rev.total == Value.of(6_000_000) and rev.costs == Value.of(1_000_000)
    assert rev.margin == Value(Fraction(5, 6), Fraction(5, 6))
    inv = compute_investments(a.base.ctx)
    assert inv.total == Value.of(15_000_000)
    assert inv.payback_months is not None and inv.payback_months.low == 36  # 1500万 / 500万 × 12
    assert inv.roi == Value(Fraction(1, 3), Fraction(1, 3))
    doc = to_json(a)
    assert doc["investments"]["total"] == 15_000_000
    assert doc["investments"]["payback_months"] == 36
    assert doc["investments"]["roi"] == 0.3333
    flow = next(f for f in doc["flows"] if f["ref"] == "rnd")
    assert flow["annual"] is None and flow["once"] == 15_000_000
    assert "回收期 36 个月" in format_text(a)


def test_rate_without_volume_warns_and_magnitudes_in_volume() -> None:
    a = run("""
participants:
  hq: {name: 售后, layer: core}
  rent: {name: 租车公司, layer: service, count: 1.5k}
  c: {name: 车主, layer: users, count: 10万}
flows:
  - {id: car, from: hq, to: rent, kind: money, label: 代步车费, amount: 120 CNY/day}
  - {from: c, to: hq, kind: money, label: 会员费, amount: 99 CNY/month, volume: 1万}
""")
    assert a.base.eco.participant("c").count == 100_000
    assert a.base.eco.participant("rent").count == 1_500
    assert a.base.revenue.total == Value.of(99 * 12 * 10_000)
    warn = [f for f in a.base.findings if f.check == "model.rate_without_volume"]
    assert [(f.flows, f.severity) for f in warn] == [(("car",), "warning")]
    assert "代步车费" in warn[0].message("zh") and "volume" in warn[0].message("zh")
    assert "4.38万元/年" in warn[0].message("zh")


def test_margin_with_unquantified_costs_is_a_bound_with_one_decimal() -> None:
    a = run("""
participants:
  hq: {name: 售后, layer: core}
  oem: {name: 主机厂, layer: strategic}
  rent: {name: 租车公司, layer: service}
  c: {name: 车主, layer: users}
flows:
  - {from: c, to: hq, kind: money, label: 服务费, amount: 1000万 CNY/year}
  - {from: hq, to: oem, kind: money, label: 配件款, amount: 103万 CNY/year}
  - {from: hq, to: rent, kind: money, label: 代步车费}
""")
    assert a.base.revenue.margin_bound == "upper"
    assert "利润率 ≤ 89.7%（上限：部分成本未量化）" in format_text(a)
    assert "margin ≤ 89.7% (upper bound: some costs not quantified)" in format_text(a, "en")
    assert to_json(a)["revenue"]["margin_bound"] == "upper"


def test_a_flow_on_several_paths_breaks_each_of_them() -> None:
    """车主 → TSP data feeds five data products: losing the owners or the TSP loses all five."""
    products = "\n".join(
        f"  - {{from: buyer{i}, to: hq, kind: money, label: 数据产品{i}, amount: 1000万 CNY/year,"
        f" path: p{i}}}\n  - {{from: tsp, to: hq, kind: data, label: 数据{i}, path: p{i}}}"
        for i in range(1, 6))
    buyers = "\n".join(f"  buyer{i}: {{name: 买家{i}, layer: enabler}}" for i in range(1, 6))
    a = run(f"""
participants:
  hq: {{name: 数据业务, layer: core}}
  tsp: {{name: TSP, layer: service}}
  owners: {{name: 车主, layer: users, count: 100万}}
{buyers}
flows:
  - {{from: owners, to: tsp, kind: data, label: 车辆数据, path: [p1, p2, p3, p4, p5],
     sensitivity: desensitized, consent: true}}
{products}
""")
    assert [t.name for t in a.base.paths] == ["p1", "p2", "p3", "p4", "p5"]
    for pid in ("owners", "tsp"):
        loss = a.base.loss_by_participant[pid]
        assert loss.money_at_risk == Value.of(50_000_000), pid
        assert loss.paths_broken == ("p1", "p2", "p3", "p4", "p5")
    flow = to_json(a)["flows"][0]
    assert flow["path"] == ["p1", "p2", "p3", "p4", "p5"]


def test_share_range_multiplies_as_a_range() -> None:
    """车况认证佣金 每笔5-10% (partner_types_and_mechanisms.txt) on 800元 × 1万 certifications."""
    a = run("""
participants:
  hq: {name: 售后, layer: core}
  uc: {name: 二手车平台, layer: enabler}
flows:
  - {from: uc, to: hq, kind: money, label: 车况认证佣金, amount: 800 CNY, volume: 1万,
     share: 5-10%, category: commission}
""")
    assert a.base.revenue.total == Value.of(400_000) + Value(Fraction(0), Fraction(400_000))
    assert to_json(a)["flows"][0]["share"] == [{"low": 0.05, "high": 0.1}]


def test_scenarios_build_on_each_other() -> None:
    """阶段2 = 阶段1 + …: a `base` is applied first, as a chain, and can change its additions."""
    eco = load_text(HEAD + """
participants:
  hq: {name: 售后, layer: core}
  c: {name: 车主, layer: users}
flows:
  - {id: fee, from: c, to: hq, kind: money, label: 保养费, amount: 800 CNY/year, volume: 1000}
scenarios:
  - id: stage2
    name: 阶段2
    base: stage1
    add:
      flows:
        - {from: c, to: hq, kind: money, label: 会员费, amount: 2500 CNY/year, volume: 500}
  - id: stage1
    name: 阶段1
    set: {fee: {amount: 900 CNY/year}}
    add:
      flows:
        - {id: check, from: c, to: hq, kind: money, label: 三电检测, amount: 500 CNY, volume: 200}
  - id: stage3
    name: 阶段3
    base: stage2
    remove: []
""", "m.yaml")
    s1 = analyze_scenario(eco, "stage1")
    assert s1.shown.revenue.total == Value.of(900_000 + 100_000)
    s2 = analyze_scenario(eco, "stage2")
    assert s2.shown.revenue.total == Value.of(900_000 + 100_000 + 1_250_000)
    s3 = analyze_scenario(eco, "stage3")
    assert s3.shown.revenue.total == s2.shown.revenue.total
    # 保养费 +100 × 1000, 三电检测 10万, 会员费 125万
    assert s3.selected is not None and s3.selected.revenue_delta == Value.of(1_450_000)


def test_phases_payback_and_kpis() -> None:
    a = run("""
participants:
  hq: {name: 售后, layer: core}
  vendor: {name: 设备商, layer: service}
  soft: {name: 软件商, layer: service, phase: p2}
  c: {name: 车主, layer: users}
phases:
  - {id: p1, name: 紧急止血, months: 0-6}
  - {id: p2, name: 能力建设, months: 6-18}
flows:
  - {from: hq, to: vendor, kind: money, label: 培训+设备, amount: 30-40万 CNY once, path: 三电}
  - {from: c, to: hq, kind: money, label: 三电检测, amount: 500 CNY, volume: 200, path: 三电}
  - {from: hq, to: soft, kind: money, label: 软件开发, amount: 60-100万 CNY once, path: 会员}
  - {from: c, to: hq, kind: money, label: 会员费, amount: 2500 CNY/year, volume: 500,
     phase: p2, path: 会员}
kpis:
  - {name: 留存率, target: ≥80%, current: 72%, frequency: 月度, phase: p1}
""")
    doc = to_json(a)
    assert [p["id"] for p in doc["phases"]] == ["p1", "p2"]
    p1, p2 = doc["phases"]
    assert p1["revenue"] == 100_000 and p1["investment"] == {"low": 300_000, "high": 400_000}
    assert p2["revenue"] == 1_350_000 and p2["investment"] == {"low": 600_000, "high": 1_000_000}
    # end of p1: −(30–40万) + 10万 × ½ year; end of p2: that − (60–100万) + 135万 × 1 year
    assert p1["cumulative_cash"] == {"low": -350_000, "high": -250_000}
    assert p2["cumulative_cash"] == {"low": 0, "high": 500_000}
    assert doc["investments"]["by_phase"] == {"p1": {"low": 300_000, "high": 400_000},
                                              "p2": {"low": 600_000, "high": 1_000_000}}
    by_path = {p["path"]: p for p in doc["investments"]["by_path"]}
    assert by_path["三电"]["payback_months"] == {"low": 36, "high": 48}  # the seed's 3–4年
    assert by_path["会员"]["payback_months"] == {"low": 5.8, "high": 9.6}  # the seed's 不到1年
    # the curve crosses zero in p2: best at 6 + 85万 / (135万/12) = 13.6, worst exactly at 18
    assert doc["investments"]["payback_months"] == {"low": 13.6, "high": 18}
    assert doc["kpis"] == [{"name": "留存率", "target": "≥80%", "current": "72%", "unit": "",
                            "frequency": "月度", "phase": "p1"}]
    text = format_text(a)
    assert "路径 会员：投资 60万–100万元，年净额 125万元，回收期 5.8–9.6 个月" in text
    assert "留存率 · 目标 ≥80% · 当前 72% · 月度 · 阶段 p1" in text


def test_diff_shows_share_ranges_paths_and_phases(tmp_path) -> None:
    from conftest import cli

    old = HEAD + """
participants:
  hq: {name: 售后, layer: core}
  uc: {name: 二手车平台, layer: enabler}
phases:
  - {id: p1, name: 阶段1, months: 0-6}
  - {id: p2, name: 阶段2, months: 6-18}
flows:
  - {id: cert, from: uc, to: hq, kind: money, label: 车况认证佣金, amount: 800 CNY, volume: 1万,
     share: 5%, path: 认证}
"""
    new = old.replace("share: 5%, path: 认证}", "share: 5-10%, path: [认证, 置换], phase: p2}")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    result = cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert result.exit_code == 0, result.output
    assert "比例：5% → 5–10%" in result.stdout
    assert "价值路径：认证 → 认证、置换" in result.stdout
    assert "阶段：（无） → p2" in result.stdout
    result = cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
                 "--format", "json")
    assert result.exit_code == 0, result.output
    changed = json.loads(result.stdout)["flows"]["changed"][0]["changes"]
    assert {"field": "share", "old": [0.05], "new": [{"low": 0.05, "high": 0.1}]} in changed
    assert {"field": "paths", "old": ["认证"], "new": ["认证", "置换"]} in changed
