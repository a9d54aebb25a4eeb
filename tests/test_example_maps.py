"""The example maps in maps/: which are meant to be clean, and the one that exercises every check.

maps/data_given_away.yaml is the "before" picture of the seed's 真相2「数据是新石油,但你在白送」:
every check id of SPEC §3 fires on it for a business reason stated in its header comment, and
nothing else does. These tests pin those findings, so a change to a check or to the map that
makes a finding appear by accident (or vanish) is noticed.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner

from ecomap.amounts import Value
from ecomap.analysis import CHECKS, analyze, has_errors
from ecomap.cli import main
from ecomap.validate import load_map

ROOT = Path(__file__).resolve().parent.parent
MAPS = ROOT / "maps"
EVERY = MAPS / "data_given_away.yaml"

# Example maps without any error finding: `ecomap check` passes on each of them.
CLEAN = ["aftersales_revenue_model", "fleet_one_stop", "new_force_aftersales", "nio_baas",
         "partner_network", "transformation_roadmap"]
# Example maps that show compliance errors on purpose (a "before" picture).
WITH_ERRORS = ["data_given_away"]


def rng(low: int, high: int) -> Value:
    return Value(Fraction(low), Fraction(high))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def found(findings, check: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:  # type: ignore[no-untyped-def]
    return [(f.subjects, f.flows, f.severity) for f in findings if f.check == check]


# ---------------------------------------------------------------- which maps are clean


def test_every_example_map_is_listed() -> None:
    assert sorted(CLEAN + WITH_ERRORS) == sorted(p.stem for p in MAPS.glob("*.yaml"))


def test_clean_maps_have_no_errors() -> None:
    for name in CLEAN:
        assert not has_errors(analyze(load_map(str(MAPS / f"{name}.yaml"))).base.findings), name
    code, out, err = run("check", *(str(MAPS / f"{n}.yaml") for n in CLEAN))
    assert code == 0, out + err


def test_check_on_the_maps_folder_fails_only_for_the_maps_with_errors() -> None:
    code, out, _ = run("check", str(MAPS))
    assert code == 1
    erroring = {Path(line.split(":", 1)[0]).stem for line in out.splitlines()
                if ": error: " in line}
    assert erroring == set(WITH_ERRORS)


# ---------------------------------------------------------------- data_given_away: every check


def test_data_given_away_fires_every_check() -> None:
    a = analyze(load_map(str(EVERY)))
    base = {f.check for f in a.base.findings}
    assert "path.broken" not in base  # only ever from a scenario
    parts_cut = next(s for s in a.scenarios if s.id == "parts_cut")
    # every check but the deprecated-key warning: an example map is written in today's format
    # (tests/analysis/deprecated_key_fires.yaml has the old `scores`)
    every = set(CHECKS) - {"model.deprecated_key"}
    assert base | {f.check for f in parts_cut.analyse().findings} == every
    assert base == every - {"path.broken"}


def test_data_given_away_findings_are_exactly_the_intended_ones() -> None:
    a = analyze(load_map(str(EVERY)))
    f = a.base.findings
    # compliance (机制2): the owner list (names, ID numbers, phones) goes to the insurer; it and
    # the telematics feed leave without user consent; repair data goes to the overseas parent.
    assert found(f, "compliance.sensitive_data_shared") == [
        (("aftersales", "insurer"), ("owner_list",), "error")]
    assert found(f, "compliance.no_consent") == [
        (("aftersales", "insurer"), ("owner_list",), "error"),
        (("aftersales", "telematics"), ("telematics_feed",), "error")]
    assert found(f, "compliance.data_export") == [
        (("aftersales", "jv_parent"), ("warranty_data",), "warning")]
    # 数据白送: the two that take data and give the after-sales nothing back
    assert found(f, "balance.data_given_free") == [
        (("insurer",), ("owner_list",), "warning"),
        (("telematics",), ("telematics_feed",), "warning")]
    assert found(f, "balance.one_way") == [
        (("aftersales", "insurer"), ("owner_list",), "info"),
        (("aftersales", "telematics"), ("telematics_feed",), "info")]
    # 特来电: resource sharing with 无直接费用 (风险3 利益分配失衡)
    assert [(s, sev) for s, _, sev in found(f, "balance.under_rewarded")] == [
        (("teld",), "warning")]
    # risk nodes
    assert [s for s, _, _ in found(f, "risk.cut_vertex")] == [("telematics",), ("used_car",)]
    assert [s for s, _, _ in found(f, "risk.broker")] == [("telematics",)]
    assert found(f, "risk.single_source") == [(("parts_supplier",), ("parts",), "warning")]
    assert [s for s, _, _ in found(f, "risk.concentration")] == [("owners",)]
    assert found(f, "model.isolated") == [(("lawyer",), (), "warning")]
    # 认证费 500-800元/次 with no count (真相2 gives none): counted once, said aloud
    assert found(f, "model.rate_without_volume") == [
        (("used_car_buyers", "used_car"), ("used_car_buyers->used_car:money",), "warning")]
    # ... and nothing else: 3 errors, 10 warnings, 3 infos
    assert len(f) == 16
    assert [x.severity for x in f].count("error") == 3


def test_data_given_away_risk_figures() -> None:
    a = analyze(load_map(str(EVERY)))
    repair = rng(150_000_000, 250_000_000)  # 1500-2500 元/车/年 × 10万辆 (真相1)
    assert a.base.revenue.total == repair
    assert a.base.revenue.by_counterparty == {"owners": repair}
    single = next(f for f in a.base.findings if f.check == "risk.single_source")
    assert single.money_at_risk == repair  # through the repair path
    cut = next(f for f in a.base.findings if f.check == "risk.cut_vertex")
    assert a.base.loss_by_participant["telematics"].cut_off == (
        "finance", "used_car", "mobility", "used_car_buyers")
    assert cut.subjects == ("telematics",)


def test_data_given_away_scenarios() -> None:
    a = analyze(load_map(str(EVERY)))
    by_id = {s.id: s for s in a.scenarios}
    # 原厂配件断供: the repair path (配件 → 售后 → 车主 → 工时费+配件差价) breaks whole.
    cut = by_id["parts_cut"]
    assert cut.applied.paths_broken == ("repair",)
    broken = [x for x in cut.analyse().findings if x.check == "path.broken"]
    assert [(x.subjects, x.flows, x.severity) for x in broken] == [
        (("parts_supplier", "aftersales", "owners"), ("parts", "repair", "repair_revenue"),
         "warning")]
    assert cut.revenue_delta == rng(-250_000_000, -150_000_000)
    assert cut.net_delta == rng(-250_000_000, -150_000_000)  # the parts bill has no amount
    # 数据确权: 脱敏 + 用户授权 + 数据授权收费 (机制2; 真相2 ranges × 10万辆, 二手车 650万).
    fix = by_id["data_rights"]
    assert fix.applied.paths_broken == ()
    # insurer 150-300, finance 200-400, mobility 100-200 元/车/年 × 10万辆; used-car 650万/年
    low, high = (150 + 200 + 100) * 100_000, (300 + 400 + 200) * 100_000
    assert fix.revenue_delta == rng(low + 6_500_000, high + 6_500_000)
    assert fix.revenue_delta == rng(51_500_000, 96_500_000)  # the seed's 7650万 lies inside
    assert not has_errors(fix.analyse().findings)
    left = {x.check for x in fix.analyse().findings}
    assert left.isdisjoint({"balance.data_given_free", "balance.one_way", "risk.broker",
                            "model.isolated", "path.broken"})
    # still true after the fix: the export duty, the unpaid charging partner, parts from one
    # source, the used-car buyers reached through the platform, the owners' weight in revenue,
    # and the certification fee still without a count
    assert left == {"compliance.data_export", "balance.under_rewarded", "risk.single_source",
                    "risk.cut_vertex", "risk.concentration", "model.rate_without_volume"}


def test_check_on_data_given_away_exits_1_with_positions() -> None:
    code, out, err = run("check", str(EVERY))
    assert code == 1, err
    lines = out.splitlines()
    assert len(lines) == 16
    pattern = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): "
                         r".+ \[(?P<check>[a-z_]+\.[a-z_]+)\]$")
    matches = [pattern.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    assert {m["path"] for m in matches if m} == {str(EVERY)}
    assert [m["sev"] for m in matches if m].count("error") == 3
    assert {m["check"] for m in matches if m} == set(CHECKS) - {"path.broken",
                                                                 "model.deprecated_key"}
    # -q prints only the errors
    code, out, _ = run("check", "-q", str(EVERY))
    assert code == 1
    assert [line.split(": ")[1] for line in out.splitlines()] == ["error"] * 3


def test_analyze_json_of_data_given_away() -> None:
    code, out, err = run("analyze", str(EVERY), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["revenue"]["total"] == {"low": 150_000_000, "high": 250_000_000}
    assert {s["id"]: s["revenue_delta"] for s in doc["scenarios"]} == {
        "parts_cut": {"low": -250_000_000, "high": -150_000_000},
        "data_rights": {"low": 51_500_000, "high": 96_500_000}}


# ---------------------------------------------------------------- transformation_roadmap


def test_transformation_roadmap_payback_agrees_with_the_seed() -> None:
    """transformation_roadmap.txt's own arithmetic: 200台 × 500元 = 10万/年 against 30–40万 →
    回收期 3–4年; 500人 × 2,500元 = 125万/年 against 60–100万 → 不到1年."""
    from ecomap.analysis.roadmap import compute_investments

    result = analyze(load_map(str(MAPS / "transformation_roadmap.yaml")))
    a = result.base
    inv = compute_investments(a.ctx)
    by_path = {p.name: p for p in inv.by_path}
    nev = by_path["三电检测"]
    assert (nev.investment, nev.net) == (rng(300_000, 400_000), rng(100_000, 100_000))
    assert (nev.payback_months.low, nev.payback_months.high) == (36, 48)  # 3–4 years
    member = by_path["会员服务"]
    assert member.net == rng(1_250_000, 1_250_000)
    assert member.payback_months.high is not None and member.payback_months.high < 12  # 不到1年
    assert [p.phase.id for p in inv.phases] == ["stop_loss", "build", "expand"]
    assert [(p.phase.start, p.phase.end) for p in inv.phases] == [(0, 6), (6, 18), (18, 36)]
    # the three phases' investments: 30–40万; 三电中心 300–500万 + 软件 60–100万; 充电代理 10–20万
    assert inv.by_phase == {"stop_loss": rng(300_000, 400_000),
                            "build": rng(3_600_000, 6_000_000),
                            "expand": rng(100_000, 200_000)}
    assert [k.name for k in a.eco.kpis] == ["留存率", "NPS", "新业务占比", "会员转化率",
                                            "三电认证技师占比", "FTR"]
    # 模式B (合作 50–100万) instead of 自建 (300–500万) shortens the whole programme's payback
    mode_b = next(s for s in result.scenarios if s.id == "mode_b")
    cheaper = mode_b.investments
    assert cheaper.total == rng(1_500_000, 2_600_000)
    assert inv.payback_months is not None and cheaper.payback_months is not None
    assert cheaper.payback_months.high is not None and inv.payback_months.low is not None
    assert cheaper.payback_months.high < inv.payback_months.high  # type: ignore[operator]

