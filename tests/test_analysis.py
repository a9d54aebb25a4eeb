"""The analysis (SPEC §3): each check on purpose-built maps; loss, revenue, scenarios, scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecomap.amounts import Value
from ecomap.analysis import (
    CHECKS,
    analyze,
    analyze_scenario,
    format_text,
    has_errors,
    to_json,
)
from ecomap.validate import load_map, load_text

HERE = Path(__file__).resolve().parent
MAPS = HERE / "analysis"
REPO = HERE.parent


def run(name: str):
    return analyze(load_map(str(MAPS / name)))


def of_check(analysis, check: str) -> list[tuple[str, tuple[str, ...], str]]:
    return [(f.check, f.subjects, f.severity) for f in analysis.base.findings
            if f.check == check]


# Every check id of SPEC §3: a map where it fires with its exact findings (in order), and a map
# where it must stay quiet.
FIRES = [
    ("model.isolated", "isolated_fires.yaml", [(("b",), "warning")]),
    ("risk.cut_vertex", "cut_vertex_fires.yaml", [(("b",), "warning")]),
    # p carries the rent through the lease path, so it ranks before s (money at risk).
    ("risk.single_source", "single_source_fires.yaml", [(("p",), "warning"), (("s",), "warning")]),
    ("risk.broker", "broker_fires.yaml", [(("h",), "info")]),
    ("risk.concentration", "concentration_fires.yaml", [(("c1",), "warning")]),
    ("balance.one_way", "one_way_fires.yaml", [(("f", "a"), "info"), (("b", "c"), "info")]),
    ("balance.under_rewarded", "under_rewarded_fires.yaml",
     [(("p",), "warning"), (("q",), "warning")]),
    ("balance.data_given_free", "data_given_free_fires.yaml",
     [(("x",), "warning"), (("y",), "warning")]),
    ("compliance.sensitive_data_shared", "sensitive_fires.yaml", [(("i", "x"), "error")]),
    ("compliance.no_consent", "no_consent_fires.yaml",
     [(("f", "x"), "error"), (("f", "y"), "error")]),
    ("compliance.data_export", "data_export_fires.yaml", [(("f", "o"), "warning")]),
    ("model.rate_without_volume", "rate_without_volume_fires.yaml",
     [(("a", "r"), "warning"), (("o", "a"), "warning")]),
    ("model.deprecated_key", "deprecated_key_fires.yaml", [(("p",), "warning")]),
]
QUIET = [
    ("model.isolated", "isolated_quiet.yaml"),
    ("risk.cut_vertex", "cut_vertex_quiet.yaml"),
    ("risk.single_source", "single_source_quiet.yaml"),
    ("risk.broker", "broker_quiet.yaml"),
    ("risk.concentration", "concentration_quiet.yaml"),
    ("balance.one_way", "one_way_quiet.yaml"),
    ("balance.under_rewarded", "under_rewarded_quiet.yaml"),
    ("balance.data_given_free", "data_given_free_quiet.yaml"),
    ("compliance.sensitive_data_shared", "sensitive_quiet.yaml"),
    ("compliance.no_consent", "no_consent_quiet.yaml"),
    ("compliance.data_export", "data_export_quiet.yaml"),
    ("model.rate_without_volume", "rate_without_volume_quiet.yaml"),
    ("model.deprecated_key", "deprecated_key_quiet.yaml"),
    # path.broken only ever comes from a scenario; a base map never has it.
    ("path.broken", "path_broken.yaml"),
]


def test_every_check_has_a_map() -> None:
    assert {c for c, _, _ in FIRES} | {"path.broken"} == set(CHECKS)
    assert {c for c, _ in QUIET} == set(CHECKS)


@pytest.mark.parametrize(("check", "name", "expected"), FIRES, ids=[c for c, _, _ in FIRES])
def test_check_fires(check: str, name: str, expected: list) -> None:
    assert of_check(run(name), check) == [(check, s, sev) for s, sev in expected]


@pytest.mark.parametrize(("check", "name"), QUIET, ids=[c for c, _ in QUIET])
def test_check_quiet(check: str, name: str) -> None:
    assert of_check(run(name), check) == []


def test_findings_carry_flows_and_where() -> None:
    a = run("no_consent_fires.yaml")
    f = next(f for f in a.base.findings if f.check == "compliance.sensitive_data_shared")
    assert f.flows == ("ids",)
    assert f.where == f"{MAPS / 'no_consent_fires.yaml'}:12:5"
    # errors first, then check id, then position
    assert [x.check for x in a.base.findings][:3] == ["compliance.no_consent"] * 2 + [
        "compliance.sensitive_data_shared"]
    assert has_errors(a.base.findings)
    assert not has_errors(run("no_consent_quiet.yaml").base.findings)


def test_data_export_names_the_assessment_duty_in_english() -> None:
    a = run("data_export_fires.yaml")
    f = next(f for f in a.base.findings if f.check == "compliance.data_export")
    assert "security assessment" in f.message("en") and "数据出境安全评估" in f.message("en")
    assert "数据出境安全评估" in f.message("zh")
    doc = to_json(a)
    assert doc["findings"][0]["message"] == f.message("en")  # the map's locale is en
    assert to_json(a, "zh")["findings"][0]["message"] == f.message("zh")


def test_zh_messages() -> None:
    f = run("isolated_fires.yaml").base.findings[0]
    assert f.message("zh") == "孤立参与者：乙 没有任何价值流"
    assert f.message("en") == "isolated participant: 乙 has no flow"


# ---------------------------------------------------------------- path.broken and scenarios

def test_path_broken_by_scenario() -> None:
    a = run("path_broken.yaml")
    by_id = {s.id: s for s in a.scenarios}
    s = by_id["supplier_exits"]
    broken = [f for f in s.analyse().findings if f.check == "path.broken"]
    assert [(f.subjects, f.severity) for f in broken] == [(("s", "f", "st", "u"), "warning")]
    assert broken[0].flows == ("supply", "stock", "use", "rent")
    assert s.applied.paths_broken == ("battery",)
    assert [f.ref for f in s.applied.lost_flows] == ["supply", "stock", "use", "rent", "pay"]
    assert s.revenue_delta == Value.of(-12000)  # the rent goes with the path
    assert s.net_delta == Value.of(-12000 + 5000)  # and so does the payment to the supplier
    assert any(f.check == "path.broken" for f in s.findings_added)
    # quiet: no path touched; a path re-routed by the scenario itself is not broken
    for sid in ("shop_exits", "second_supplier", "rent_cut"):
        assert not [f for f in by_id[sid].analyse().findings if f.check == "path.broken"], sid
        assert by_id[sid].applied.paths_broken == ()
    assert by_id["shop_exits"].revenue_delta == Value.of(-200)
    assert by_id["second_supplier"].revenue_delta == Value.of(0)
    assert by_id["second_supplier"].net_delta == Value.of(-1000)
    assert by_id["rent_cut"].revenue_delta == Value.of(-2400)
    assert by_id["rent_cut"].applied.changed_flows == ("rent",)


def test_scenario_diff_and_analyze_scenario() -> None:
    eco = load_map(str(MAPS / "path_broken.yaml"))
    by_id = {s.id: s.applied for s in analyze(eco).scenarios}
    assert (by_id["supplier_exits"].removed_participants,
            [f.ref for f in by_id["supplier_exits"].lost_flows]) == (
        ("s",), ["supply", "stock", "use", "rent", "pay"])
    assert by_id["rent_cut"].changed_flows == ("rent",)
    sa = analyze_scenario(eco, "supplier_exits")
    assert "s" not in {p.id for p in sa.shown.eco.participants}
    assert sa.selected is not None and sa.scenarios == ()
    assert "s" in {p.id for p in sa.base.eco.participants}  # the base is left as it was
    doc = to_json(sa)
    assert doc["scenario"]["id"] == "supplier_exits"
    assert doc["scenario"]["revenue_delta"] == -12000
    assert doc["revenue"]["total"] == 2400 - 2400 + 200  # rent gone, the shop's fee stays
    text = format_text(sa)
    assert "情景：电池厂退出" in text and "移除/断开：电池厂" in text and "+ path.broken" in text
    with pytest.raises(KeyError):
        analyze_scenario(eco, "nope")


def test_scenario_cuts_off_and_removes_the_cut_off() -> None:
    eco = load_map(str(MAPS / "cut_vertex_fires.yaml"))
    text = (MAPS / "cut_vertex_fires.yaml").read_text(encoding="utf-8")
    eco = load_text(text + "scenarios:\n  - {id: b_exits, name: 乙退出, remove: [b]}\n")
    s = analyze(eco).scenarios[0]
    assert s.applied.cut_off == ("c",)
    assert s.applied.removed_participants == ("b", "c")
    assert s.revenue_delta == Value.of(-50)
    assert to_json(analyze(eco))["scenarios"][0]["cut_off"] == ["c"]


# ---------------------------------------------------------------- loss simulation

def test_loss_simulation_cut_off_and_money() -> None:
    a = run("cut_vertex_fires.yaml")
    loss = a.base.loss_by_participant
    assert loss["b"].cut_off == ("c",)
    assert [f.ref for f in loss["b"].lost_flows] == ["a->b:service", "b_pays", "b->c:service",
                                                     "c_pays"]
    assert loss["b"].money_at_risk == Value.of(50)
    assert loss["a"].money_at_risk == Value.of(100) and loss["a"].cut_off == ()
    assert [e.participant for e in a.base.loss] == ["a", "b", "c"]  # by money at risk, then id
    assert "f" not in loss


def test_loss_simulation_follows_paths() -> None:
    a = run("path_broken.yaml")
    s = a.base.loss_by_participant["s"]
    assert s.paths_broken == ("battery",)
    assert s.money_at_risk == Value.of(12000)
    assert a.base.loss[0].participant == "s"
    doc = to_json(a)["loss"][0]
    assert doc == {"participant": "s", "money_at_risk": 12000,
                   "lost_flows": ["supply", "stock", "use", "rent", "pay"], "cut_off": [],
                   "paths_broken": ["battery"]}


def test_single_source_ranked_by_money_at_risk() -> None:
    a = run("single_source_fires.yaml")
    found = [f for f in a.base.findings if f.check == "risk.single_source"]
    assert [f.money_at_risk for f in found] == [Value.of(1200), Value.of(0)]


RANGES = """
ecomap: 1
title: ranges
focus: f
participants:
  f: {name: 焦点, layer: core}
  ins: {name: 保险公司, layer: enabler}
  u: {name: 车主, layer: users}
  i: {name: 自营店, layer: core, internal: true}
flows:
  - {id: premium, from: ins, to: f, kind: money, label: 保费分成, amount: 150-300 CNY/year,
     volume: 100, category: commission}
  - {id: repair, from: u, to: f, kind: money, label: 维修, amount: 1000 CNY/year, volume: 10,
     category: service}
  - {id: fee, from: f, to: ins, kind: money, label: 服务费, amount: 5000 CNY/year}
  - {id: transfer, from: i, to: f, kind: money, label: 内部结算, amount: 1万 CNY/year}
  - {from: f, to: ins, kind: data, label: 数据, sensitivity: desensitized, consent: true}
  - {from: f, to: u, kind: service, label: 维修}
scenarios:
  - {id: cheaper, name: 降价, set: {premium: {amount: 100-200 CNY/year}}}
"""


def test_ranges_stay_ranges() -> None:
    a = analyze(load_text(RANGES))
    r = to_json(a)["revenue"]
    assert r["total"] == {"low": 25000, "high": 40000}
    assert r["by_category"] == {"service": 10000, "commission": {"low": 15000, "high": 30000}}
    assert r["by_counterparty"] == {"ins": {"low": 15000, "high": 30000}, "u": 10000}
    assert r["costs"] == 5000
    assert r["net"] == {"low": 20000, "high": 35000}
    assert r["margin"] == {"low": 0.8, "high": 0.875}
    assert r["service"] == 10000 and r["ecosystem"] == {"low": 15000, "high": 30000}
    assert r["total_to_service"] == {"low": 2.5, "high": 4.0}
    # internal money is not revenue, and it is listed, not dropped
    assert r["internal_transfers_total"] == 10000
    assert r["internal_transfers"] == [{"flow": "transfer", "from": "i", "to": "f",
                                        "annual": 10000}]
    ins = next(p for p in to_json(a)["participants"] if p["id"] == "ins")
    assert ins["net"] == {"low": -25000, "high": -10000}  # ins pays the share, gets the fee
    assert a.base.loss_by_participant["ins"].money_at_risk == Value(15000, 30000)
    s = a.scenarios[0]
    # The cut compares low with low and high with high (150→100, 300→200 per car): revenue
    # falls by 5,000 to 10,000, not "between −20,000 and +5,000" as interval subtraction says.
    assert s.revenue_delta == Value(-10000, -5000)
    conc = to_json(a)["concentration"]
    assert conc == {"top": "ins", "top_share": 0.6923, "hhi": 0.574}


def test_concentration_figures() -> None:
    doc = to_json(run("concentration_fires.yaml"))
    assert doc["concentration"] == {"top": "c1", "top_share": 0.6, "hhi": 0.52}
    assert doc["revenue"]["total"] == 100  # the internal transfer does not count
    assert doc["revenue"]["total_to_service"] == pytest.approx(1.6667)


# ---------------------------------------------------------------- overrides

def test_severity_override_and_ignore() -> None:
    text = (MAPS / "no_consent_fires.yaml").read_text(encoding="utf-8")
    eco = load_text(text + "checks:\n  compliance.no_consent: warning\n"
                    "  compliance.sensitive_data_shared: ignore\n")
    a = analyze(eco)
    assert of_check(a, "compliance.no_consent") == [
        ("compliance.no_consent", ("f", "x"), "warning"),
        ("compliance.no_consent", ("f", "y"), "warning")]
    assert of_check(a, "compliance.sensitive_data_shared") == []
    assert not has_errors(a.base.findings)


# ---------------------------------------------------------------- scorecard

SCORED = """
ecomap: 1
title: scores
focus: f
participants:
  f: {{name: 焦点, layer: core}}
  p:
    name: 服务商
    layer: service
    {fields}
flows:
  - {{from: p, to: f, kind: service, label: 服务}}
  - {{from: f, to: p, kind: money, label: 服务费}}
"""


def _scored(fields: str) -> dict:
    """analysis.json's participant ``p`` of SCORED with ``fields`` on it."""
    doc = to_json(analyze(load_text(SCORED.format(fields=fields))))
    assert next(p for p in doc["participants"] if p["id"] == "f")["quality"] is None
    return next(p for p in doc["participants"] if p["id"] == "p")


@pytest.mark.parametrize(("scores", "weighted"), [
    ((5, 5, 5, 5), 5), ((5, 5, 4, 5), 4.8), ((4.6, 4.5, 4.5, 4.5), 4.54),
    ((4.5, 4, 4, 3), 4.05), ((0, 0, 0, 0), 0),
])
def test_screening_is_weighted_40_25_20_15_and_gives_no_tier(scores: tuple,
                                                              weighted: float) -> None:
    """第2步 伙伴筛选: for choosing a partner. On main its weighted score was read against
    机制3's tier thresholds; now it gives the screening score only."""
    q, c, k, i = scores
    p = _scored(f"screening: {{service_quality: {q}, coverage: {c}, cost: {k}, "
                f"integration: {i}}}")
    assert p["screening"] == {"service_quality": q, "coverage": c, "cost": k,
                              "integration": i, "weighted": weighted}
    assert p["quality"] is None
    assert p["score"]["weighted"] == weighted and p["score"]["tier"] is None


# (评估指标 s, r, h, p), 投诉率, 客户评分, tier: 机制3's table, both conditions strict.
@pytest.mark.parametrize(("scores", "rate", "rating", "tier", "label"), [
    ((5, 5, 5, 5), "0.4%", 5, "gold", "金牌"),
    ((4.9, 4.9, 4.9, 4.9), "0.49%", 4.9, "gold", "金牌"),
    ((4.9, 4.9, 4.9, 4.9), "0.5%", 4.9, "silver", "银牌"),   # 投诉率 must be < 0.5% for gold
    ((5, 5, 4, 5), "0.1%", 4.8, "silver", "银牌"),           # 客户评分 4.8 is not > 4.8
    ((5, 5, 5, 5), "0.99%", 5, "silver", "银牌"),
    ((5, 5, 5, 5), "1%", 5, "bronze", "铜牌"),              # a top rating, 1% complaints
    ((4.5, 4.5, 4.5, 4.5), "0.1%", 4.5, "bronze", "铜牌"),   # 4.5 is not > 4.5
    ((4.8, 4.9, 4.8, 4.7), "1.5%", 4.81, "bronze", "铜牌"),  # 招联金融 in partner_network
    ((5, 5, 5, 5), "1.99%", 5, "bronze", "铜牌"),
    ((5, 5, 5, 5), "2%", 5, "yellow", "黄牌"),              # 投诉率 2%: 黄牌 whatever the rating
    ((4, 4, 4, 4), "0%", 4, "yellow", "黄牌"),              # 4.0 is not > 4.0
    ((0, 0, 0, 0), "0%", 0, "yellow", "黄牌"),
])
def test_quality_tier_needs_rating_and_complaint_rate(scores: tuple, rate: str, rating: float,
                                                      tier: str, label: str) -> None:
    s, r, h, pr = scores
    p = _scored(f"quality: {{satisfaction: {s}, response: {r}, complaint_handling: {h}, "
                f"price: {pr}, complaint_rate: {rate}}}")
    q = p["quality"]
    assert (q["satisfaction"], q["response"], q["complaint_handling"], q["price"]) == scores
    assert q["rating"] == rating
    assert q["complaint_rate"] == pytest.approx(float(rate.rstrip("%")) / 100, abs=1e-9)
    assert (q["tier"], q["tier_label"]) == (tier, label)
    assert p["screening"] is None and p["score"]["tier"] == tier


def test_quality_weights_are_the_lessons() -> None:
    """客户满意度 40 / 服务响应速度 25 / 投诉处理 20 / 价格合理性 15: one criterion at 5, the
    others 0."""
    for field, weight in (("satisfaction", 2), ("response", 1.25),
                          ("complaint_handling", 1), ("price", 0.75)):
        values = {k: 5 if k == field else 0
                  for k in ("satisfaction", "response", "complaint_handling", "price")}
        fields = ", ".join(f"{k}: {v}" for k, v in values.items())
        assert _scored(f"quality: {{{fields}, complaint_rate: 0%}}")["quality"]["rating"] \
            == weight


def test_old_scores_are_read_as_screening_with_a_warning() -> None:
    text = SCORED.format(fields="scores: {quality: 5, coverage: 5, cost: 5, integration: 5}")
    a = analyze(load_text(text, "old.yaml"))
    p = a.base.eco.participant("p")
    assert p.screening is not None and p.screening.service_quality == 5 and p.tier is None
    warning = [f for f in a.base.findings if f.check == "model.deprecated_key"]
    assert len(warning) == 1 and warning[0].severity == "warning"
    assert warning[0].where == "old.yaml:10:5"  # the `scores` key
    assert "`screening`" in warning[0].message("en") and "quality" in warning[0].message("en")
    # on main these five 5s made a 金牌: the screening scores decide no tier any more
    assert to_json(a)["participants"][1]["score"]["tier"] is None


def test_scorecards_in_the_text_output() -> None:
    text = format_text(analyze(load_map(str(REPO / "maps" / "fleet_one_stop.yaml"))))
    screening = text[text.index("== 伙伴筛选"):].splitlines()
    assert screening[0] == ("== 伙伴筛选（第2步：服务质量40/覆盖范围25/成本竞争力20/"
                            "系统对接能力15）==")
    assert screening[1:5] == ["  神州租车：4.90", "  平安保险：4.57", "  特来电：4.27",
                              "  车联网公司：3.79"]
    quality = text[text.index("== 伙伴质量管理"):].splitlines()
    assert quality[0].startswith("== 伙伴质量管理（机制3：客户满意度40/服务响应速度25/投诉处理20/"
                                 "价格合理性15")
    assert quality[1:5] == ["  神州租车：客户评分 4.92 · 投诉率 0.2% · 金牌",
                            "  平安保险：客户评分 4.59 · 投诉率 0.7% · 银牌",
                            "  特来电：客户评分 4.23 · 投诉率 1.2% · 铜牌",
                            "  车联网公司：客户评分 3.72 · 投诉率 2.4% · 黄牌"]
    network = format_text(analyze(load_map(str(REPO / "maps" / "partner_network.yaml"))))
    # 招联金融's rating is above 4.8, its 投诉率 1.5% keeps it 铜牌; 华为 is screened only
    assert "  招联金融：客户评分 4.81 · 投诉率 1.5% · 铜牌" in network
    assert "  华为：4.63" in network and "华为：客户评分" not in network
    assert "伙伴筛选" not in format_text(run("isolated_fires.yaml"))  # nobody scored


# ---------------------------------------------------------------- JSON and text

def test_json_document_shape_and_determinism() -> None:
    a = run("path_broken.yaml")
    doc = to_json(a)
    for key in ("ecomap", "title", "currency", "period", "focus", "participants", "revenue",
                "findings", "loss", "scenarios", "pairs", "paths", "layers", "flows",
                "concentration", "risks"):
        assert key in doc, key
    assert json.dumps(doc, ensure_ascii=False, sort_keys=True) == json.dumps(
        to_json(run("path_broken.yaml")), ensure_ascii=False, sort_keys=True)
    path = doc["paths"][0]
    assert path["name"] == "battery" and path["participants"] == ["s", "f", "st", "u"]
    assert [s["flow"] for s in path["steps"]] == ["supply", "stock", "use", "rent"]
    assert path["money"] == 12000
    pair = next(p for p in doc["pairs"] if p["b"] == "s")
    assert pair == {"a": "f", "b": "s", "a_gives": {"money": ["采购款"]},
                    "b_gives": {"asset": ["电池"]}, "a_gives_money": 5000, "b_gives_money": 0}
    s = next(p for p in doc["participants"] if p["id"] == "s")
    assert s["risk"] == ["risk.single_source"]
    assert s["gives"] == {"money": 0, "data": 0, "asset": 1, "service": 0}
    assert s["net"] == 5000


def test_format_text_headline_first() -> None:
    text = format_text(run("no_consent_fires.yaml"))
    lines = text.splitlines()
    assert lines[0] == "no consent fires"
    assert "年收入 20元" in text
    assert text.index("年收入") < text.index("合规问题") < text.index("风险在哪里")
    en = format_text(run("data_export_fires.yaml"))
    assert "revenue ¥1万" not in en and "revenue ¥10K/yr" in en


# ---------------------------------------------------------------- the example maps

def test_nio_baas() -> None:
    a = analyze(load_map(str(REPO / "maps" / "nio_baas.yaml")))
    single = [f for f in a.base.findings if f.check == "risk.single_source"]
    assert single[0].subjects == ("catl",)
    catl = a.base.loss_by_participant["catl"]
    assert catl.money_at_risk == Value.of(352_800_000)  # 980 × 12 × 30000, via the paths
    assert "battery_asset" in catl.paths_broken
    s = next(s for s in a.scenarios if s.id == "catl_exits")
    assert s.revenue_delta == Value.of(-352_800_000)
    assert "battery_asset" in s.applied.paths_broken
    assert any(f.check == "path.broken" for f in s.findings_added)
    assert "宁德时代" in single[0].message("zh") and "3.528亿元" in single[0].message("zh")
    doc = to_json(a)
    assert doc["revenue"]["by_category"]["subscription"] == 352_800_000
    json.dumps(doc, ensure_ascii=False)
    # Six payments have no amount: the headline says so beside the costs, not lines later, and
    # the margin is unknown, never a bare 100%.
    assert ("成本 0元（另有 6 笔未标金额） · 净额 3.528亿元 · 利润率 —（成本未量化）"
            in format_text(a))


def test_aftersales_revenue_model() -> None:
    r = to_json(analyze(load_map(str(REPO / "maps" / "aftersales_revenue_model.yaml"))))["revenue"]
    # The seed says 3.245亿, but its five categories add up to 3.865亿.
    assert r["total"] == 386_500_000
    assert r["by_category"] == {"service": 180_000_000, "data": 76_500_000,
                                "commission": 40_000_000, "subscription": 60_000_000,
                                "finance": 30_000_000}
    assert r["service"] == 180_000_000 and r["ecosystem"] == 206_500_000
    assert r["total_to_service"] == pytest.approx(2.1472, abs=1e-4)


@pytest.mark.parametrize(("check", "name", "expected"), FIRES, ids=[c for c, _, _ in FIRES])
def test_messages_in_both_languages(check: str, name: str, expected: list) -> None:
    for f in run(name).base.findings:
        assert f.message("zh") and f.message("en") and f.message("zh") != f.message("en")
        assert f.format_line("en").endswith(f"[{f.check}]")
    zh = [f.message("zh") for f in run(name).base.findings if f.check == check]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in zh)


def test_path_broken_message() -> None:
    s = next(s for s in run("path_broken.yaml").scenarios if s.id == "supplier_exits")
    f = next(f for f in s.analyse().findings if f.check == "path.broken")
    assert f.message("zh") == ("价值路径断裂：情景「电池厂退出」使路径 battery 失去 4 条流，"
                               "整条路径失效，涉及资金 1.2万元/年")
    assert f.message("en").startswith("value path broken: scenario '电池厂退出' loses 4 flow(s)")
    assert f.money_at_risk == Value.of(12000)


def test_scenario_set_moving_a_flow_can_cut_off() -> None:
    text = (MAPS / "path_broken.yaml").read_text(encoding="utf-8")
    # The shop's only links are with u and f; moving both of u's flows away from it and its fee
    # to the grid leaves it alone.
    text = text.replace("  - id: rent_cut\n", "  - id: reroute\n    name: 改道\n    set:\n"
                        "      care: {from: g}\n      care_fee: {to: g}\n"
                        "      shop_fee: {from: g}\n  - id: rent_cut\n")
    s = next(s for s in analyze(load_text(text)).scenarios if s.id == "reroute")
    assert s.applied.cut_off == ("shop",)
    assert s.applied.changed_flows == ("care", "care_fee", "shop_fee")


PATH_ONLY_LINK = """
ecomap: 1
title: path only link
focus: f
participants:
  f: {name: 能源公司, layer: core}
  s: {name: 电池厂, layer: strategic}
  l: {name: 物流, layer: service}
flows:
  - {id: supply, from: s, to: f, kind: asset, label: 电池, path: battery}
  - {id: haul, from: l, to: f, kind: service, label: 电池运输, path: battery}
  - {id: haul_fee, from: f, to: l, kind: money, label: 运费, amount: 100 CNY/year, path: battery}
  - {id: pay, from: f, to: s, kind: money, label: 货款, amount: 900 CNY/year}
"""


def test_cut_vertex_through_a_path() -> None:
    # s is no articulation point, but losing it breaks the battery path, the logistics
    # partner's only link: it is cut off, and s is reported as a cut vertex.
    a = analyze(load_text(PATH_ONLY_LINK))
    assert of_check(a, "risk.cut_vertex") == [("risk.cut_vertex", ("s",), "warning")]
    assert a.base.loss_by_participant["s"].cut_off == ("l",)
    assert [f.ref for f in a.base.loss_by_participant["s"].lost_flows] == [
        "supply", "haul", "haul_fee", "pay"]
    msg = next(f for f in a.base.findings if f.check == "risk.cut_vertex").message("zh")
    assert msg == ("关键连接节点：电池厂 一旦流失，物流 将与核心断开；损失 4 条流、收入 0元/年，"
                   "价值路径 battery 失效")
