"""`ecomap diff --from-phase A --to-phase B MAP` (issue 11, item 8): two roadmap phases of one map
compared like two versions — what the later phase adds and what it does to the money."""

from __future__ import annotations

import json

import pytest

from conftest import REPO_ROOT, cli
from ecomap.phase_view import in_phase
from ecomap.validate import load_map

ROADMAP = REPO_ROOT / "maps" / "transformation_roadmap.yaml"


def test_in_phase_keeps_what_exists_by_then() -> None:
    eco = load_map(str(ROADMAP))
    first = in_phase(eco, "stop_loss")
    assert [p.id for p in first.participants] == [
        "aftersales", "capability_vendors", "saas", "nev_owners", "ice_owners"]
    assert all(eco.flow_phase(f) == 0 for f in first.flows) and len(first.flows) == 11
    # 客户不愿意为软件服务付费 is about 新能源车主 and 软件产品开发伙伴 (phase build): one is left.
    risk = next(r for r in first.risks if r.id == "customers_wont_pay")
    assert risk.about == ("nev_owners",)
    assert [k.name for k in first.kpis] == ["三电认证技师占比"]
    assert first.scenarios == ()
    last = in_phase(eco, "expand")
    assert last.participants == eco.participants and last.flows == eco.flows
    assert last.kpis == eco.kpis and last.risks == eco.risks


def test_diff_of_two_phases() -> None:
    result = cli("diff", "--from-phase", "stop_loss", "--to-phase", "build", str(ROADMAP),
                 "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [p["id"] for p in doc["participants"]["added"]] == [
        "nev_center", "software_partner", "center_builder"]
    assert doc["participants"]["removed"] == [] and doc["flows"]["removed"] == []
    assert len(doc["flows"]["added"]) == 10
    # 会员服务包 500人 × 2,500元 = 125万/年 joins in 阶段2.
    assert doc["revenue"]["total"]["old"] == 100_000
    assert doc["revenue"]["total"]["new"] == 1_350_000
    text = cli("diff", "--from-phase", "stop_loss", "--to-phase", "build", str(ROADMAP))
    assert text.exit_code == 0
    assert "年收入 10万元 → 135万元（+125万元）" in text.stdout
    assert "+ 三电维修中心（nev_center）" in text.stdout
    same = cli("diff", "--from-phase", "build", "--to-phase", "build", str(ROADMAP),
               "--exit-code")
    assert same.exit_code == 0  # a phase against itself: nothing changed


@pytest.mark.parametrize(("args", "message"), [
    (["--from-phase", "build", str(ROADMAP)], "--from-phase and --to-phase go together"),
    (["--from-phase", "stop_loss", "--to-phase", "build", str(ROADMAP), str(ROADMAP)],
     "give one MAP, not two"),
    (["--from-phase", "stop_loss", "--to-phase", "later", str(ROADMAP)],
     "no phase 'later' (phases: stop_loss, build, expand)"),
    (["--from-phase", "a", "--to-phase", "b", str(REPO_ROOT / "maps" / "nio_baas.yaml")],
     "(phases: none defined)"),
    ([str(ROADMAP)], "Missing argument 'NEW'."),
])
def test_phase_diff_usage_errors(args: list[str], message: str) -> None:
    result = cli("diff", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_the_header_names_both_phases() -> None:
    """Issue 11: the phase diff's header said two identical paths and nothing of the phases."""
    args = ("diff", "--from-phase", "stop_loss", "--to-phase", "build", str(ROADMAP))
    text = cli(*args).stdout.splitlines()
    assert text[0].endswith("（阶段 阶段1 紧急止血 → 阶段2 能力建设）")
    assert text[1].endswith("roadmap.yaml · 阶段 阶段1 紧急止血（stop_loss，第 0–6 月）")
    assert text[2].endswith("roadmap.yaml · 阶段 阶段2 能力建设（build，第 6–18 月）")
    english = cli(*args, "--lang", "en").stdout.splitlines()
    assert english[1].endswith(" · phase 阶段1 紧急止血 (stop_loss, months 0–6)")
    markdown = cli(*args, "--format", "markdown").stdout.splitlines()
    assert markdown[0].endswith("（阶段 阶段1 紧急止血 → 阶段2 能力建设）")
    assert ("阶段 阶段1 紧急止血（stop\\_loss，第 0–6 月） → "
            "阶段 阶段2 能力建设（build，第 6–18 月）") in markdown[4]
    doc = json.loads(cli(*args, "--format", "json").stdout)
    assert doc["old"]["phase"] == {"id": "stop_loss", "name": "阶段1 紧急止血",
                                   "start_month": 0, "end_month": 6}
    assert doc["new"]["phase"] == {"id": "build", "name": "阶段2 能力建设",
                                   "start_month": 6, "end_month": 18}
    # two versions of a map: no phase anywhere
    plain = json.loads(cli("diff", str(ROADMAP), str(ROADMAP), "--format", "json").stdout)
    assert "phase" not in plain["old"] and "phase" not in plain["new"]
    assert "阶段 " not in cli("diff", str(ROADMAP), str(ROADMAP)).stdout.splitlines()[1]
