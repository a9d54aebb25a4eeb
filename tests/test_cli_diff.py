"""`ecomap diff`: business changes between two versions of a map, from files or git revisions,
as text, JSON and Markdown; exit codes, git specs, and bad input without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import cli
from ecomap.diff import diff_maps
from ecomap.diff.compare import match_flows
from ecomap.validate import load_text

OLD = """\
ecomap: 1
title: 测试售后生态
locale: zh
currency: CNY
focus: you
participants:
  you: {name: 售后中心, layer: core, internal: true}
  oem: {name: 主机厂, layer: strategic, partner_type: resource}
  insurer: {name: 保险公司, layer: enabler, partner_type: capability}
  charging: {name: 充电桩运营商, layer: enabler}
  owners: {name: 车主, layer: users, count: 1000}
flows:
  - {id: repair, from: owners, to: you, kind: money, label: 维修保养费,
     amount: 1800 CNY/year, volume: 1000, category: service}
  - {from: you, to: owners, kind: service, label: 维修保养}
  - {id: commission, from: insurer, to: you, kind: money, label: 保险佣金,
     amount: 200 CNY/year, volume: 1000, category: commission}
  - {from: you, to: insurer, kind: data, label: 驾驶行为数据, sensitivity: desensitized,
     consent: true}
  - {from: oem, to: you, kind: asset, label: 原厂配件}
  - {from: you, to: oem, kind: money, label: 配件采购款, amount: 50万 CNY/year}
scenarios:
  - {id: oem_exits, name: 主机厂退出, remove: [oem]}
"""

# A participant added (used_car), a flow removed (配件采购款), an amount changed (佣金 200 → 300
# per vehicle: +10万 a year), consent dropped (an error finding added) and the isolated
# charging operator connected (a finding resolved), a scenario added.
NEW = """\
ecomap: 1
title: 测试售后生态
locale: zh
currency: CNY
focus: you
participants:
  you: {name: 售后中心, layer: core, internal: true}
  oem: {name: 主机厂, layer: strategic, partner_type: resource}
  insurer: {name: 保险公司, layer: enabler, partner_type: capability}
  charging: {name: 充电桩运营商, layer: enabler}
  used_car: {name: 二手车平台, layer: enabler, partner_type: capability}
  owners: {name: 车主, layer: users, count: 1000}
flows:
  - {id: repair, from: owners, to: you, kind: money, label: 维修保养费,
     amount: 1800 CNY/year, volume: 1000, category: service}
  - {from: you, to: owners, kind: service, label: 维修保养}
  - {id: commission, from: insurer, to: you, kind: money, label: 保险佣金,
     amount: 300 CNY/year, volume: 1000, category: commission}
  - {from: you, to: insurer, kind: data, label: 驾驶行为数据, sensitivity: desensitized}
  - {from: oem, to: you, kind: asset, label: 原厂配件}
  - {from: charging, to: owners, kind: service, label: 充电权益}
  - {from: used_car, to: you, kind: money, label: 置换佣金, amount: 500 CNY, volume: 120,
     category: commission}
  - {from: you, to: used_car, kind: service, label: 车况认证}
scenarios:
  - {id: oem_exits, name: 主机厂退出, remove: [oem]}
  - {id: rate_cut, name: 佣金降至 250 元, set: {commission: {amount: 250 CNY/year}}}
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return str(old), str(new)


# ---------------------------------------------------------------- text

def test_text_reports_the_business_changes(pair: tuple[str, str]) -> None:
    old, new = pair
    result = cli("diff", old, new)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == ["ecomap diff：测试售后生态", f"旧版：{old}", f"新版：{new}"]
    assert "年收入 200万元 → 216万元（+16万元）" in lines
    assert ("参与者 新增 1 · 删除 0 · 修改 0；价值流 新增 3 · 删除 1 · 修改 2；"
            "检查发现 新增 6 · 解决 1") in lines
    text = result.stdout
    assert "  + 二手车平台（used_car）· 生态赋能层 · 能力补充型\n" in text
    assert "  − 售后中心 → 主机厂 · 资金流 · 配件采购款：50万元/年\n" in text
    assert ("  ~ 保险公司 → 售后中心 · 资金流 · 保险佣金：年化 20万元 → 30万元（+10万元）\n"
            "      金额：200 CNY/year → 300 CNY/year\n") in text
    assert "  + 二手车平台 → 售后中心 · 资金流 · 置换佣金：6万元/年\n" in text
    assert "      用户授权：是 → （无）\n" in text
    # The revenue model: 20万 + 10万 (commission) + 6万 (trade-ins) = +16万; costs −50万.
    assert "    佣金收入：20万元 → 36万元（+16万元）\n" in text
    assert "  成本 50万元 → 0元（-50万元）\n" in text
    assert "  净额 150万元 → 216万元（+66万元）\n" in text
    # The new version lists no cost at all: its margin is unknown, not a bare 100%.
    assert "  利润率 75.0% → —（—）；新版未列成本\n" in text
    # Money at risk of the top participants, old → new.
    assert "  保险公司：20万元 → 30万元（+10万元），排名 2\n" in text
    assert "  二手车平台：0元 → 6万元（+6万元），排名 — → 3\n" in text
    # Findings: the new error first, the resolved one marked ✓.
    findings = text.split("== 检查发现（+ 新增，✓ 已解决） ==\n")[1].split("\n\n")[0].splitlines()
    assert findings[0].startswith("  + [错误] compliance.no_consent  未经用户授权：")
    assert findings[0].endswith(f"({new}:19:5)")
    assert findings[-1].startswith("  ✓ [警告] model.isolated  "
                                   "孤立参与者：充电桩运营商 没有任何价值流")
    assert "  + rate_cut 佣金降至 250 元\n" in text
    assert "  ~ oem_exits 主机厂退出：净额变化 +50万元 → ±0\n" in text


def test_lang_en_and_an_english_map(pair: tuple[str, str]) -> None:
    old, new = pair
    result = cli("diff", old, new, "--lang", "en")
    assert result.exit_code == 0
    text = result.stdout
    assert "annual revenue ¥2M → ¥2.16M (+¥160K)\n" in text
    assert "participants +1 −0 ~0; flows +3 −1 ~2; findings 6 new, 1 resolved\n" in text
    assert "  ~ 保险公司 → 售后中心 · Money · 保险佣金: annual ¥200K → ¥300K (+¥100K)\n" in text
    assert "  costs ¥500K → ¥0 (-¥500K)\n" in text
    assert "  + [error] compliance.no_consent  " in text


def test_unchanged_maps_say_no_change(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(OLD, encoding="utf-8")
    # Comments, spacing and another spelling of the same amount are not business changes.
    b.write_text("# 注释\n" + OLD.replace("amount: 200 CNY/year", "amount: '200元/年'"),
                 encoding="utf-8")
    for extra in ([], ["--exit-code"]):
        result = cli("diff", str(a), str(b), *extra)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1] == \
            "两个版本在业务上没有变化：参与者、价值流、收入、风险和检查发现都相同。"
    data = json.loads(cli("diff", str(a), str(b), "--format", "json").stdout)
    assert data["changed"] is False
    assert data["flows"] == {"added": [], "removed": [], "changed": []}
    md = cli("diff", str(a), str(b), "--format", "markdown").stdout
    assert md.endswith("两个版本在业务上没有变化：参与者、价值流、收入、风险和检查发现都相同。\n")


def test_exit_code_flag(pair: tuple[str, str]) -> None:
    old, new = pair
    assert cli("diff", old, new).exit_code == 0
    result = cli("diff", old, new, "--exit-code")
    assert result.exit_code == 1
    assert "年收入 200万元 → 216万元（+16万元）" in result.stdout  # still printed
    assert result.stderr == ""


def test_output_is_deterministic(pair: tuple[str, str]) -> None:
    old, new = pair
    for fmt in ("text", "json", "markdown"):
        first = cli("diff", old, new, "--format", fmt).stdout
        assert first == cli("diff", old, new, "--format", fmt).stdout


# ---------------------------------------------------------------- json

def test_json_keys_and_figures(pair: tuple[str, str]) -> None:
    old, new = pair
    result = cli("diff", old, new, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["ecomap_diff", "changed", "currency", "period", "old", "new",
                          "summary", "map", "participants", "flows", "revenue", "loss",
                          "findings", "risks", "scenarios"]
    assert data["ecomap_diff"] == 1 and data["changed"] is True
    assert data["old"] == {"source": old, "title": "测试售后生态", "focus": "you",
                           "currency": "CNY"}
    assert data["summary"] == {
        "participants_added": 1, "participants_removed": 0, "participants_changed": 0,
        "flows_added": 3, "flows_removed": 1, "flows_changed": 2,
        "findings_added": 6, "findings_resolved": 1, "errors_added": 1, "errors_resolved": 0}
    assert [p["id"] for p in data["participants"]["added"]] == ["used_car"]
    assert [f["ref"] for f in data["flows"]["removed"]] == ["you->oem:money"]
    assert data["flows"]["removed"][0]["annual"] == 500000
    commission = data["flows"]["changed"][0]
    assert commission["ref"] == "commission"
    assert commission["annual"] == {"old": 200000, "new": 300000, "delta": 100000}
    assert commission["changes"] == [{"field": "amount", "old": "200 CNY/year",
                                      "new": "300 CNY/year"}]
    assert data["flows"]["changed"][1]["changes"] == [
        {"field": "consent", "old": True, "new": None}]
    assert data["revenue"]["total"] == {"old": 2000000, "new": 2160000, "delta": 160000}
    assert data["revenue"]["by_category"]["commission"] == {
        "old": 200000, "new": 360000, "delta": 160000}
    assert data["revenue"]["by_category"]["service"] == {
        "old": 1800000, "new": 1800000, "delta": 0}
    assert data["revenue"]["costs"] == {"old": 500000, "new": 0, "delta": -500000}
    # no cost listed in the new version: its margin is unknown (null), not 100%
    assert data["revenue"]["margin"] == {"old": 0.75, "new": None, "delta": None}
    assert data["loss"][0] == {"participant": "insurer", "name": "保险公司", "old": 200000,
                               "new": 300000, "delta": 100000, "old_rank": 2, "new_rank": 2}
    added = data["findings"]["added"]
    assert [(f["check"], f["severity"], f["subjects"]) for f in added] == [
        ("compliance.no_consent", "error", ["you", "insurer"]),
        ("balance.under_rewarded", "warning", ["oem"]),
        ("balance.under_rewarded", "warning", ["charging"]),
        ("risk.cut_vertex", "warning", ["owners"]),
        ("balance.one_way", "info", ["oem", "you"]),
        ("balance.one_way", "info", ["charging", "owners"])]
    assert list(added[0]) == ["check", "severity", "subjects", "flows", "message", "where"]
    assert [(f["check"], f["subjects"]) for f in data["findings"]["resolved"]] == [
        ("model.isolated", ["charging"])]
    assert data["scenarios"]["added"] == [{"id": "rate_cut", "name": "佣金降至 250 元"}]
    assert data["scenarios"]["changed"] == [{
        "id": "oem_exits", "name": "主机厂退出",
        "revenue_delta": {"old": 0, "new": 0, "delta": 0},
        "net_delta": {"old": 500000, "new": 0, "delta": -500000}}]


def test_ranges_delta_end_by_end(tmp_path: Path) -> None:
    """An unchanged range cancels; a changed end moves only its end (no interval widening)."""
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(OLD.replace("amount: 200 CNY/year", "amount: 150-300 CNY/year"),
                 encoding="utf-8")
    b.write_text(OLD.replace("amount: 200 CNY/year", "amount: 200-300 CNY/year"),
                 encoding="utf-8")
    data = json.loads(cli("diff", str(a), str(b), "--format", "json").stdout)
    assert data["revenue"]["total"] == {
        "old": {"low": 1950000, "high": 2100000}, "new": {"low": 2000000, "high": 2100000},
        "delta": {"low": 0, "high": 50000}}
    assert data["revenue"]["by_category"]["service"]["delta"] == 0


def test_currency_change_gives_no_money_delta(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(OLD, encoding="utf-8")
    b.write_text(OLD.replace("currency: CNY", "currency: USD").replace(" CNY/year", " USD/year")
                 .replace("50万 CNY/year", "50万 USD/year"), encoding="utf-8")
    result = cli("diff", str(a), str(b))
    assert "币种从 CNY 改为 USD，不计算金额差额。" in result.stdout
    assert "  币种：CNY → USD\n" in result.stdout
    data = json.loads(cli("diff", str(a), str(b), "--format", "json").stdout)
    assert data["revenue"]["total"] == {"old": 2000000, "new": 2000000, "delta": None}


# ---------------------------------------------------------------- markdown

def test_markdown_has_a_headline_and_tables(pair: tuple[str, str]) -> None:
    old, new = pair
    result = cli("diff", old, new, "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "### ecomap diff：测试售后生态"
    assert lines[2] == ("**年收入** 200万元 → 216万元（**+16万元**） · **净额** +66万元 · "
                        "⚠️ **新增 1 个错误**")
    assert "| 变化 | 参与者 | 说明 |" in lines
    assert "| 新增 | 二手车平台 `used_car` | 生态赋能层 · 能力补充型 |" in lines
    header = "| 变化 | 价值流 | 年化（旧） | 年化（新） | 差额 | 说明 |"
    i = lines.index(header)
    assert lines[i + 1] == "|---|---|---|---|---|---|"
    assert ("| 修改 | 保险公司 → 售后中心 · 资金流 · 保险佣金 | 20万元 | 30万元 | +10万元 | "
            "金额：200 CNY/year → 300 CNY/year |") in lines
    assert "| 删除 | 售后中心 → 主机厂 · 资金流 · 配件采购款 | 50万元 | — | -50万元 |  |" in lines
    assert "| 年收入 | 200万元 | 216万元 | **+16万元** |" in lines
    assert "| 利润率 | 75.0% | — | **—** |" in lines
    first_finding = lines[lines.index("| 变化 | 级别 | 检查项 | 说明 |") + 2]
    assert first_finding.startswith("| 新增 | 错误 | `compliance.no_consent` | ")


def test_markdown_escapes_map_text(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(OLD, encoding="utf-8")
    b.write_text(OLD.replace("label: 维修保养}", "label: \"保养 | <img src=x> *促销* @boss\"}"),
                 encoding="utf-8")
    text = cli("diff", str(a), str(b), "--format", "markdown").stdout
    row = next(x for x in text.splitlines() if x.startswith("| 修改 | 售后中心 → 车主"))
    assert "保养 \\| &lt;img src=x&gt; \\*促销\\* @\u2060boss" in row
    assert "@boss" not in text  # no mention that would notify someone
    assert "<img" not in text
    assert row.count("|") - row.count("\\|") == 7  # six cells: the label's | is escaped


# ---------------------------------------------------------------- matching

def test_flows_sharing_from_to_kind_match_by_label_then_order() -> None:
    head = ("ecomap: 1\nfocus: a\nparticipants:\n  a: {name: A, layer: core}\n"
            "  b: {name: B, layer: users}\nflows:\n")
    old = load_text(head + "  - {from: b, to: a, kind: money, label: X, amount: 1 CNY}\n"
                           "  - {from: b, to: a, kind: money, label: Y, amount: 2 CNY}\n"
                           "  - {from: b, to: a, kind: money, label: Y, amount: 3 CNY}\n", "o")
    new = load_text(head + "  - {from: b, to: a, kind: money, label: Y, amount: 2 CNY}\n"
                           "  - {from: b, to: a, kind: money, label: Y, amount: 4 CNY}\n"
                           "  - {from: b, to: a, kind: money, label: X, amount: 1 CNY}\n", "n")
    pairs, removed, added = match_flows(old.flows, new.flows)
    assert [(a.index, b.index) for a, b in pairs] == [(1, 0), (2, 1), (0, 2)]
    assert removed == [] and added == []
    diff = diff_maps(old, new)
    assert [(d.old.index, d.new.index) for d in diff.flows_changed] == [(2, 1)]
    assert diff.revenue.total.delta is not None and diff.revenue.total.delta.low == 1


def test_a_relabelled_flow_is_changed_and_an_ambiguous_one_is_not() -> None:
    head = ("ecomap: 1\nfocus: a\nparticipants:\n  a: {name: A, layer: core}\n"
            "  b: {name: B, layer: users}\nflows:\n")
    old = load_text(head + "  - {from: b, to: a, kind: money, label: 旧名, amount: 1 CNY}\n", "o")
    new = load_text(head + "  - {from: b, to: a, kind: money, label: 新名, amount: 1 CNY}\n", "n")
    diff = diff_maps(old, new)
    assert not diff.flows_added and not diff.flows_removed
    assert [(c.field, c.old, c.new) for c in diff.flows_changed[0].changes] == [
        ("label", "旧名", "新名")]
    two = load_text(head + "  - {from: b, to: a, kind: money, label: 甲, amount: 1 CNY}\n"
                           "  - {from: b, to: a, kind: money, label: 乙, amount: 1 CNY}\n", "t")
    diff = diff_maps(old, two)
    assert len(diff.flows_removed) == 1 and len(diff.flows_added) == 2


def test_flows_match_by_id_even_when_moved() -> None:
    head = ("ecomap: 1\nfocus: a\nparticipants:\n  a: {name: A, layer: core}\n"
            "  b: {name: B, layer: users}\n  c: {name: C, layer: users}\nflows:\n")
    old = load_text(head + "  - {id: fee, from: b, to: a, kind: money, label: 费, amount: 1 CNY}\n",
                    "o")
    new = load_text(head + "  - {id: fee, from: c, to: a, kind: money, label: 费, amount: 1 CNY}\n",
                    "n")
    diff = diff_maps(old, new)
    assert [(c.field, c.old, c.new) for c in diff.flows_changed[0].changes] == [
        ("source", "b", "c")]


# ---------------------------------------------------------------- bad input

def test_invalid_old_map_exits_1_with_positions(tmp_path: Path, pair: tuple[str, str]) -> None:
    _, new = pair
    bad = tmp_path / "bad.yaml"
    bad.write_text(OLD.replace("kind: asset", "kind: assett"), encoding="utf-8")
    result = cli("diff", str(bad), new)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"{bad}:20:32: error: kind must be one of money, data, asset, "
                             "service (got 'assett' — did you mean \"asset\"?)\n")


def test_both_invalid_maps_are_reported(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(OLD + "bogus: 1\n", encoding="utf-8")
    b.write_text(NEW.replace("focus: you", "focus: yuo"), encoding="utf-8")
    result = cli("diff", str(a), str(b))
    assert result.exit_code == 1
    assert f"{a}:24:1: error: unknown key 'bogus' in the map" in result.stderr
    assert f"{b}:5:8: error: focus 'yuo' is not defined (did you mean \"you\"?)\n" \
        in result.stderr


@pytest.mark.parametrize("args, message", [
    (["missing.yaml", "NEW"], "error: OLD: missing.yaml: no such file (a git revision is "
                              "written REV:PATH, e.g. HEAD~1:missing.yaml)"),
    (["OLD", "missing.yaml"], "error: NEW: missing.yaml: no such file"),
    (["OLD", "DIR"], "error: NEW: DIR is a folder; give a map file"),
    (["--", "--output=x:y", "NEW"], "error: OLD: refusing '--output=x:y': a revision spec must "
                                    "not start with '-'"),
])
def test_wrong_use_exits_2_with_one_line(args: list[str], message: str, pair: tuple[str, str],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    old, new = pair
    monkeypatch.chdir(tmp_path)
    args = [{"OLD": old, "NEW": new, "DIR": str(tmp_path)}.get(a, a) for a in args]
    message = message.replace("DIR", str(tmp_path))
    result = cli("diff", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x:y").exists()


def test_usage_errors_from_click_exit_2(pair: tuple[str, str]) -> None:
    old, new = pair
    assert cli("diff", old).exit_code == 2
    result = cli("diff", old, new, "--format", "html")
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def test_help_shows_examples() -> None:
    result = cli("diff", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "ecomap diff HEAD~1:maps/nio_baas.yaml maps/nio_baas.yaml" in result.output
    assert "--exit-code" in result.output and "markdown" in result.output


# ---------------------------------------------------------------- git

def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=ecomap", "-c", "user.email=ecomap@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of maps/map.yaml (OLD, then NEW); cwd is its root."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "maps" / "map.yaml").write_text(OLD, encoding="utf-8")
    git(root, "add", "maps/map.yaml")
    git(root, "commit", "-q", "-m", "old")
    (root / "maps" / "map.yaml").write_text(NEW, encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "new")
    monkeypatch.chdir(root)
    return root


def test_git_revision_against_the_working_tree(repo: Path) -> None:
    result = cli("diff", "HEAD~1:maps/map.yaml", "maps/map.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "旧版：HEAD~1:maps/map.yaml"
    assert "年收入 200万元 → 216万元（+16万元）" in result.stdout
    # Both sides may be revisions; findings of a revision point into it.
    data = json.loads(cli("diff", "HEAD~1:maps/map.yaml", "HEAD:maps/map.yaml",
                          "--format", "json").stdout)
    assert data["revenue"]["total"]["delta"] == 160000
    assert data["findings"]["resolved"][0]["where"] == "HEAD~1:maps/map.yaml:10:13"
    assert cli("diff", "HEAD:maps/map.yaml", "maps/map.yaml", "--exit-code").exit_code == 0


def test_git_paths_follow_gits_rules(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "maps")
    # ./ is relative to the current folder; without it, to the repository root.
    assert cli("diff", "HEAD~1:./map.yaml", "map.yaml").exit_code == 0
    assert cli("diff", "HEAD~1:maps/map.yaml", "map.yaml").exit_code == 0
    result = cli("diff", "HEAD~1:map.yaml", "map.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: OLD: cannot read HEAD~1:map.yaml from git: path "
                                    "'map.yaml' does not exist in 'HEAD~1'")


def test_invalid_map_in_a_revision_names_the_spec(repo: Path) -> None:
    (repo / "maps" / "map.yaml").write_text(OLD.replace("kind: asset", "kind: assett"),
                                            encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "broken")
    (repo / "maps" / "map.yaml").write_text(NEW, encoding="utf-8")
    result = cli("diff", "HEAD:maps/map.yaml", "maps/map.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("HEAD:maps/map.yaml:20:32: error: kind must be one of")


@pytest.mark.parametrize("spec, message", [
    ("HEAD~5:maps/map.yaml", "error: OLD: cannot read HEAD~5:maps/map.yaml from git: invalid "
                             "object name 'HEAD~5'"),
    ("nosuch:maps/map.yaml", "error: OLD: cannot read nosuch:maps/map.yaml from git: invalid "
                             "object name 'nosuch'"),
    ("HEAD:maps/gone.yaml", "error: OLD: cannot read HEAD:maps/gone.yaml from git: path "
                            "'maps/gone.yaml' does not exist in 'HEAD'"),
    ("HEAD:maps", "error: OLD: HEAD:maps is a folder in git, not a map file"),
    ("HEAD:", "error: OLD: 'HEAD:' names no file; write REV:PATH, e.g. HEAD:maps/x.yaml"),
])
def test_bad_revision_exits_2_with_one_line(repo: Path, spec: str, message: str) -> None:
    result = cli("diff", spec, "maps/map.yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "map.yaml").write_text(OLD, encoding="utf-8")
    monkeypatch.chdir(alone)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cli("diff", "HEAD:map.yaml", "map.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: OLD: cannot read HEAD:map.yaml from git: not a git "
                                    "repository")
    assert result.stderr.count("\n") == 1


def test_a_file_whose_name_holds_a_colon_is_a_file(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("v1:map.yaml").write_text(OLD, encoding="utf-8")
    Path("map.yaml").write_text(OLD, encoding="utf-8")
    assert cli("diff", "v1:map.yaml", "map.yaml", "--exit-code").exit_code == 0


def test_revision_size_limit(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ecomap.source

    monkeypatch.setattr(ecomap.source, "MAX_BYTES", 100)  # the file reader's limit, made small
    result = cli("diff", "HEAD~1:maps/map.yaml", "HEAD:maps/map.yaml")
    assert result.exit_code == 1
    old, new = len(OLD.encode("utf-8")), len(NEW.encode("utf-8"))
    assert result.stderr == (  # both versions reported, each under its own spec
        f"HEAD~1:maps/map.yaml:1:1: error: file is too large ({old:,} bytes; a map may have "
        "at most 100)\n"
        f"HEAD:maps/map.yaml:1:1: error: file is too large ({new:,} bytes; a map may have "
        "at most 100)\n")


def test_git_is_called_without_a_shell(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(list(args))
        assert not kwargs.get("shell")
        assert kwargs.get("timeout")
        return real(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "run", spy)
    spec = "HEAD~1:maps/map.yaml"
    assert cli("diff", spec, "maps/map.yaml").exit_code == 0
    assert calls == [["git", "cat-file", "-t", spec], ["git", "cat-file", "-s", spec],
                     ["git", "show", spec]]
    assert os.getcwd() == str(repo)



def test_map_fields_layers_risks_and_a_new_amount(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    risk = ("risks:\n  - {id: oem_loss, name: 核心伙伴流失, about: [oem], likelihood: medium, "
            "impact: high}\n")
    # The old version has the parts purchase without an amount (an unquantified cost).
    a.write_text(OLD.replace("label: 配件采购款, amount: 50万 CNY/year}", "label: 配件采购款}")
                 + risk, encoding="utf-8")
    b.write_text(OLD.replace("title: 测试售后生态", "title: 测试售后生态 v2")
                 .replace("charging: {name: 充电桩运营商, layer: enabler}",
                          "charging: {name: 充电桩运营商, layer: service, count: 42}")
                 + risk.replace("likelihood: medium", "likelihood: high")
                 + "  - {id: data_leak, name: 数据合规, about: [insurer]}\n", encoding="utf-8")
    text = cli("diff", str(a), str(b)).stdout
    assert "  标题：测试售后生态 → 测试售后生态 v2\n" in text
    assert ("  ~ 充电桩运营商（charging）：层级：生态赋能层 → 服务提供层；"
            "代表数量：（无） → 42\n") in text
    assert ("  ~ 售后中心 → 主机厂 · 资金流 · 配件采购款：年化 未量化 → 50万元（—）\n"
            "      金额：（无） → 50万 CNY/year\n") in text
    assert "  成本 0元 → 50万元（+50万元）\n" in text
    assert "  + 数据合规（data_leak）\n" in text
    assert "  ~ 核心伙伴流失（oem_loss）：可能性：中 → 高\n" in text
    data = json.loads(cli("diff", str(a), str(b), "--format", "json").stdout)
    assert data["map"] == [{"field": "title", "old": "测试售后生态", "new": "测试售后生态 v2"}]
    assert data["flows"]["changed"][0]["annual"] == {"old": None, "new": 500000, "delta": None}
    assert data["risks"]["changed"] == [{"id": "oem_loss", "name": "核心伙伴流失", "changes": [
        {"field": "likelihood", "old": "medium", "new": "high"}]}]
