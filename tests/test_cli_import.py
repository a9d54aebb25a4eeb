"""`ecomap import`: a real workbook written by openpyxl (Chinese sheet names and headers) and
CSV files become a valid, commented map; bad cells are reported as path:sheet!cell; nothing is
overwritten."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import cli
from ecomap.validate import load_map

PARTICIPANTS = [
    ["编号", "名称", "层", "角色", "内部", "标签"],
    ["aftersales", "售后服务部", "核心层", "维修保养、数据平台", "是", "自营、核心"],
    ["insurer", "保险公司", "战略伙伴层", "事故车推荐", None, None],
    ["used_car", "二手车平台", "strategic", None, None, None],
    ["owners", "车主", "用户层", None, None, None],
]
FLOWS = [
    ["从", "到", "类型", "标签", "金额", "数量", "分成", "类别", "敏感度", "用户授权"],
    ["车主", "售后服务部", "资金", "保养费", "980 CNY/year", 100000, None, "service", None, None],
    ["insurer", "aftersales", "money", "推荐佣金", "2000 CNY", 5000, 0.3, "commission", None,
     None],
    ["aftersales", "insurer", "数据", "车况数据", None, None, None, None, "desensitized", "是"],
    ["used_car", "aftersales", "service", "置换车源", None, None, None, None, None, None],
]


def workbook(path: Path, participants: list[list], flows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "参与者"
    for row in participants:
        sheet.append(row)
    other = book.create_sheet("价值流")
    for row in flows:
        other.append(row)
    other.cell(row=3, column=7).number_format = "0%"  # a percentage cell, as Excel keeps it
    book.save(path)
    return path


def test_workbook_becomes_a_valid_commented_map(tmp_path: Path) -> None:
    source = workbook(tmp_path / "partners.xlsx", PARTICIPANTS, FLOWS)
    out = tmp_path / "partners.yaml"
    result = cli("import", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./ecomap.schema.json\n")
    assert "由 `ecomap import` 从 partners.xlsx 导入" in text
    assert "# row 3" in text
    eco = load_map(str(out))
    assert eco.focus == "aftersales"  # the internal participant
    assert [p.id for p in eco.participants] == ["aftersales", "insurer", "used_car", "owners"]
    assert [(p.layer) for p in eco.participants] == ["core", "strategic", "strategic", "users"]
    assert eco.participant("aftersales").internal is True
    assert eco.participant("aftersales").tags == ("自营", "核心")
    fee, commission, data, service = eco.flows
    assert (fee.source, fee.target, fee.kind) == ("owners", "aftersales", "money")  # names
    assert fee.annual.low == 98_000_000
    assert commission.annual.low == 2000 * 5000 * 3 // 10  # share 0.3 → 30%
    assert data.kind == "data" and data.sensitivity == "desensitized" and data.consent is True
    assert service.kind == "service"
    check = cli("check", str(out))
    assert check.exit_code == 0, check.output


def test_csv_files_and_english(tmp_path: Path) -> None:
    people = tmp_path / "participants.csv"
    flows = tmp_path / "flows.csv"
    with people.open("w", encoding="utf-8-sig", newline="") as f:  # Excel's "CSV UTF-8"
        csv.writer(f).writerows([["id", "name", "layer"], ["me", "After-sales", "core"],
                                 ["owners", "Owners", "users"]])
    with flows.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["from", "to", "kind", "label", "amount"],
                                 ["owners", "me", "money", "Service fee", "980 CNY/month"]])
    out = tmp_path / "m.yaml"
    result = cli("import", str(people), str(flows), "-o", str(out), "--lang", "en",
                 "--title", "After-sales partners", "--focus", "me")
    assert result.exit_code == 0, result.output
    eco = load_map(str(out))
    assert eco.title == "After-sales partners" and eco.locale == "en"
    assert eco.flows[0].annual.low == 980 * 12
    assert "given with --focus" in out.read_text(encoding="utf-8")


def test_bad_cells_are_reported_at_their_cell(tmp_path: Path) -> None:
    flows = [row[:] for row in FLOWS]
    flows[1][2] = "mony"       # C2: kind
    flows[2][4] = "两千元"      # E3: amount
    flows[4][1] = "nobody"     # B5: to
    source = workbook(tmp_path / "bad.xlsx", PARTICIPANTS, flows)
    out = tmp_path / "bad.yaml"
    result = cli("import", str(source), "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{source}:价值流!C2: error: kind must be one of money, data, asset, service " \
           "(got 'mony' — did you mean \"money\"?)" in lines
    assert any(line.startswith(f"{source}:价值流!E3: error: amount must look like")
               for line in lines), lines
    assert any(line.startswith(f"{source}:价值流!B5: error: to 'nobody' is not defined")
               for line in lines), lines
    assert not out.exists()


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    people = [["名称", "颜色"], ["售后", "红"]]
    source = workbook(tmp_path / "cols.xlsx", people, FLOWS)
    result = cli("import", str(source), "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1
    assert f"{source}:参与者!B1: error: unknown column '颜色'" in result.stderr
    assert f"{source}:参与者!A1: error: the table needs a 'layer' column" in result.stderr


@pytest.mark.parametrize("name", ["partners.txt", "partners.xlsx"])
def test_unreadable_sources(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("not a workbook", encoding="utf-8")
    result = cli("import", str(path), "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: error: ")


def test_never_overwrites(tmp_path: Path) -> None:
    source = workbook(tmp_path / "p.xlsx", PARTICIPANTS, FLOWS)
    out = tmp_path / "p.yaml"
    out.write_text("mine\n", encoding="utf-8")
    result = cli("import", str(source), "-o", str(out))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_a_path_cell_may_name_several_value_paths(tmp_path: Path) -> None:
    flows = [["from", "to", "kind", "label", "path"],
             ["owners", "aftersales", "service", "保养", "repair、care"],
             ["insurer", "aftersales", "service", "推荐", "repair"]]
    source = workbook(tmp_path / "paths.xlsx", PARTICIPANTS, flows)
    out = tmp_path / "paths.yaml"
    result = cli("import", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    several, one = load_map(str(out)).flows
    assert several.paths == ("repair", "care")
    assert one.paths == ("repair",)
    assert "path: repair}" in out.read_text(encoding="utf-8")  # one path stays plain text
