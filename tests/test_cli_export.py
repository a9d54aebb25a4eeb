"""`ecomap export --format xlsx`: the workbook read back by real openpyxl and LibreOffice Calc,
every example map through export → import, byte-identical exports, atomic writes, errors at
their line and column."""

from __future__ import annotations

import csv
import dataclasses
import io
import shlex
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import REPO_ROOT, cli
from ecomap.analysis import analyze
from ecomap.importer import FLOW_HEADERS, PARTICIPANT_HEADERS, read_tables
from ecomap.model import Ecosystem
from ecomap.spreadsheet import not_carried
from ecomap.validate import load_map

MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml"))
NIO = REPO_ROOT / "maps" / "nio_baas.yaml"


def export(map_path: Path, out: Path, *options: str) -> tuple[Path, str]:
    """Export with the CLI; (the workbook, what it said on stderr)."""
    result = cli("export", str(map_path), "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    return out, result.stderr


def import_back(stderr: str, workbook: Path, out: Path) -> Ecosystem:
    """Run the import command export printed (its -o pointed at ``out``); the map it wrote."""
    command = f"ecomap import {shlex.quote(str(workbook))} "
    line = next(x for x in stderr.splitlines() if command in x)
    args = shlex.split(line[line.index(command):])[2:]
    assert args[0] == str(workbook)
    args[args.index("-o") + 1] = str(out)
    result = cli("import", *args)
    assert result.exit_code == 0, result.output
    return load_map(str(out))


def fields(item: Any, *left_out: str) -> dict[str, Any]:
    data = dataclasses.asdict(item)
    for name in ("span", *left_out):
        data.pop(name)
    return data


def rows(book: Any, sheet: str) -> list[dict[str, Any]]:
    values = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


@pytest.mark.parametrize("map_path", MAPS, ids=[p.stem for p in MAPS])
def test_every_example_map_round_trips(map_path: Path, tmp_path: Path) -> None:
    eco = load_map(str(map_path))
    workbook, stderr = export(map_path, tmp_path / "partners.xlsx")
    back = import_back(stderr, workbook, tmp_path / "back.yaml")
    assert (back.focus, back.title, back.locale) == (eco.focus, eco.title, eco.locale)
    # Every field a sheet carries comes back as it was: ids, names, layers, amounts as written.
    scorecards = ("screening", "quality", "phase")
    assert [fields(p, *scorecards) for p in back.participants] == \
        [fields(p, *scorecards) for p in eco.participants]
    assert [fields(f, "phase") for f in back.flows] == [fields(f, "phase") for f in eco.flows]
    before, after = analyze(eco).base, analyze(back).base
    assert after.revenue.total == before.revenue.total and after.revenue.net == before.revenue.net
    assert {p: after.figures[p].net for p in after.figures} == \
        {p: before.figures[p].net for p in before.figures}
    # What does not come back is exactly what export announced on stderr (and nothing else).
    lost = {
        "nc_layers": back.layers != eco.layers,
        "nc_scores": any(p.screening or p.quality for p in eco.participants),
        "nc_phase": any(p.phase for p in eco.participants) or any(f.phase for f in eco.flows),
        "nc_risks": back.risks != eco.risks, "nc_scenarios": back.scenarios != eco.scenarios,
        "nc_phases": back.phases != eco.phases, "nc_kpis": back.kpis != eco.kpis,
        "nc_checks": back.checks != eco.checks,
        "nc_description": back.description != eco.description,
        "nc_currency": back.currency != eco.currency,
    }
    assert {k for k, v in lost.items() if v} == set(not_carried(eco))
    announced = next(x for x in stderr.splitlines() if x.startswith(f"{map_path}: "))
    from ecomap.i18n import WORKBOOK

    for key in not_carried(eco):
        assert WORKBOOK[eco.locale][key] in announced


def test_english_workbook_round_trips_with_the_field_names_as_headers(tmp_path: Path) -> None:
    workbook, stderr = export(NIO, tmp_path / "nio.xlsx", "--lang", "en")
    book = load_workbook(workbook, read_only=True)
    assert book.sheetnames[:3] == ["Summary", "Participants", "Flows"]
    assert next(book["Participants"].iter_rows(values_only=True))[:3] == ("id", "name", "layer")
    assert "note: ecomap import cannot read these back" in stderr
    back = import_back(stderr, workbook, tmp_path / "back.yaml")
    eco = load_map(str(NIO))
    assert back.locale == eco.locale == "zh"  # English sheets, the map's own language back
    assert [fields(f, "phase") for f in back.flows] == [fields(f, "phase") for f in eco.flows]


def test_workbook_holds_the_map_and_its_analysis(tmp_path: Path) -> None:
    workbook, _ = export(NIO, tmp_path / "nio.xlsx")
    eco = load_map(str(NIO))
    analysis = analyze(eco).base
    book = load_workbook(workbook)
    assert book.sheetnames == ["概览", "参与者", "价值流", "参与者收支", "价值流年化", "收入模型",
                               "损失模拟", "风险登记", "检查发现", "情景对比"]
    # The two map sheets are what the importer reads: its own headers, its own table roles.
    tables = read_tables([workbook])
    assert (tables["participants"].sheet, tables["flows"].sheet) == ("参与者", "价值流")
    assert all(PARTICIPANT_HEADERS[h] for h in tables["participants"].headers)
    assert all(FLOW_HEADERS[h] for h in tables["flows"].headers)
    # Money per participant: numbers with a number format, and the readable figure beside.
    money = book["参与者收支"]
    header = [c.value for c in money[1]]
    assert header[:5] == ["编号", "参与者", "层级", "收入（元/年）", "收入"]
    by_id = {r["编号"]: r for r in rows(book, "参与者收支")}
    for p in eco.participants:
        fig = analysis.figures[p.id]
        assert by_id[p.id]["收入（元/年）"] == fig.money_in.low
        assert by_id[p.id]["净额（元/年）"] == fig.net.low
    assert by_id["nio_energy"]["收入"] == "3.528亿元"
    assert money.cell(row=2, column=4).number_format == "#,##0"
    assert money.cell(row=2, column=4).data_type == "n"
    # Flows with their annual values; findings with severity, check id, message and where.
    annual = {r["编号"]: r["年化金额（元/年）"] for r in rows(book, "价值流年化")}
    assert annual["baas_rent"] == 980 * 12 * 30000
    found = rows(book, "检查发现")
    assert [(r["检查编号"], r["位置"]) for r in found] == \
        [(f.check, f.where) for f in analysis.findings]
    assert all(r["说明"] and r["级别"] in ("错误", "警告", "提示") for r in found)
    assert [r["编号"] for r in rows(book, "风险登记")] == [r.id for r in eco.risks]
    assert [r["编号"] for r in rows(book, "情景对比")] == [s.id for s in eco.scenarios]
    revenue = {r["项目"]: r for r in rows(book, "收入模型")}
    assert revenue["总收入"]["年化金额（元/年）"] == analysis.revenue.total.low
    summary = [r[1] for r in book["概览"].iter_rows(values_only=True)]
    assert "ecomap import nio.xlsx -o nio.yaml --focus nio_energy" in "\n".join(map(str, summary))


def test_a_range_gets_a_low_and_a_high_column(tmp_path: Path) -> None:
    path = REPO_ROOT / "maps" / "data_given_away.yaml"
    workbook, _ = export(path, tmp_path / "d.xlsx")
    eco = load_map(str(path))
    ranged = [f for f in eco.flows if f.annual is not None and f.annual.is_range]
    assert ranged
    book = load_workbook(workbook, read_only=True)
    table = rows(book, "价值流年化")
    for f, row in zip(eco.flows, table, strict=True):
        if f in ranged and not f.is_once:
            assert (row["年化金额 低值（元/年）"], row["年化金额 高值（元/年）"]) == \
                (f.annual.low, f.annual.high)  # type: ignore[union-attr]


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _ = export(NIO, tmp_path / "a" / "nio.xlsx")
    time.sleep(2.1)  # a zip entry's time has a resolution of two seconds: cross a boundary
    second, _ = export(NIO, tmp_path / "b" / "nio.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "<dcterms:created" in core and core.count("1980-01-01T00:00:00Z") == 2


def test_libreoffice_calc_reads_every_sheet(tmp_path: Path) -> None:
    """soffice converts each sheet to CSV: the file is a workbook a spreadsheet opens."""
    workbook, _ = export(NIO, tmp_path / "nio.xlsx")
    out = tmp_path / "csv"
    # 44,34,76: comma, quote, UTF-8; the last token -1 writes every sheet to its own file.
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
                    "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    sheets = load_workbook(workbook, read_only=True).sheetnames
    assert sorted(p.name for p in out.glob("*.csv")) == sorted(f"nio-{s}.csv" for s in sheets)

    def table(sheet: str) -> list[list[str]]:
        text = (out / f"nio-{sheet}.csv").read_text(encoding="utf-8")
        return list(csv.reader(io.StringIO(text)))

    eco = load_map(str(NIO))
    assert [r[1] for r in table("参与者")[1:]] == [p.name for p in eco.participants]
    assert [r[4] for r in table("价值流")[1:]] == [f.label for f in eco.flows]
    money = {r[0]: r for r in table("参与者收支")}
    assert money["nio_energy"][3] == "352800000" and money["nio_energy"][4] == "3.528亿元"


def test_a_bad_map_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("ecomap: 1\nfocus: me\nparticipants:\n  me: {name: Me, layer: core}\n"
                   "  you: {name: You, layer: users}\nflows:\n"
                   "  - {from: you, to: me, kind: mony, label: fee}\n", encoding="utf-8")
    out = tmp_path / "bad.xlsx"
    result = cli("export", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:7:31: error: kind must be one of")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.yaml"]  # no temporary file left


@pytest.mark.parametrize("args,code,words", [
    (["no_such.yaml"], 2, "no such file"),
    ([str(NIO), "-o", "x.csv"], 2, "must end in .xlsx"),
    ([str(NIO), "--format", "pdf"], 2, "Invalid value for '--format'"),
])
def test_wrong_use_exits_2(args: list[str], code: int, words: str) -> None:
    result = cli("export", *args)
    assert result.exit_code == code
    assert words in result.stderr


def test_never_writes_over_the_input_map(tmp_path: Path) -> None:
    map_copy = tmp_path / "m.yaml"
    text = NIO.read_text(encoding="utf-8")
    map_copy.write_text(text, encoding="utf-8")
    link = tmp_path / "m.xlsx"
    link.symlink_to(map_copy)
    result = cli("export", str(map_copy), "-o", str(link))
    assert result.exit_code == 1
    assert "refusing to write over the input map" in result.stderr
    assert map_copy.read_text(encoding="utf-8") == text


def test_replaces_an_old_workbook_atomically(tmp_path: Path) -> None:
    out = tmp_path / "nio.xlsx"
    out.write_bytes(b"an old export")
    export(NIO, out)
    assert load_workbook(out, read_only=True).sheetnames[0] == "概览"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nio.xlsx"]


def test_default_output_sits_beside_the_render(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "output" / "nio_baas"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("kept", encoding="utf-8")
    result = cli("export", str(NIO))
    assert result.exit_code == 0, result.output
    assert result.stdout == "output/nio_baas/nio_baas.xlsx\n"
    assert (folder / "report.html").read_text(encoding="utf-8") == "kept"
    assert load_workbook(folder / "nio_baas.xlsx", read_only=True).sheetnames[1] == "参与者"


def test_a_name_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('ecomap: 1\nlocale: en\nfocus: me\nparticipants:\n'
                    '  me: {name: "=1+1", layer: core, tags: ["=SUM(A1)", b]}\n'
                    '  you: {name: "+cmd", layer: users}\n', encoding="utf-8")
    workbook, stderr = export(path, tmp_path / "f.xlsx")
    sheet = load_workbook(workbook)["Participants"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("=1+1", "s")
    back = import_back(stderr, workbook, tmp_path / "back.yaml")
    assert [p.name for p in back.participants] == ["=1+1", "+cmd"]
    assert back.participants[0].tags == ("=SUM(A1)", "b")


def test_cli_start_up_does_not_load_openpyxl() -> None:
    code = ("import sys, ecomap.cli, ecomap.spreadsheet, ecomap.spreadsheet.map_sheets; "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_openpyxl_export_says_how_to_install_it(tmp_path: Path) -> None:
    # openpyxl made unimportable in a child process (None in sys.modules), as when the
    # optional dependency is not installed.
    code = ("import sys; sys.modules['openpyxl'] = None; from ecomap.cli import main; "
            f"main(['export', {str(NIO)!r}, '-o', {str(tmp_path / 'x.xlsx')!r}])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == "error: --format xlsx needs openpyxl: pip install 'ecomap[xlsx]'"
    assert not (tmp_path / "x.xlsx").exists()
