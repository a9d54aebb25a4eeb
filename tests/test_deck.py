"""`render --format pptx`: the deck read back with python-pptx (slides, texts, table cells, the
picture's size, the chart's numbers), made byte-identical, and opened by LibreOffice Impress
(converted to PDF headless, its text found with pdftotext)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO_ROOT, cli

ROADMAP = REPO_ROOT / "maps" / "transformation_roadmap.yaml"
NIO = REPO_ROOT / "maps" / "nio_baas.yaml"
SLIDE = (12192000, 6858000)  # 13.333 × 7.5 in


def render_deck(path: Path, out: Path, *args: str) -> Path:
    result = cli("render", str(path), "-o", str(out), "--format", "pptx", *args)
    assert result.exit_code == 0, result.output
    (deck,) = (out / path.stem).glob("*.pptx")
    return deck


@pytest.fixture(scope="module")
def roadmap_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_deck(ROADMAP, tmp_path_factory.mktemp("deck"))


def open_deck(path: Path) -> Any:
    from pptx import Presentation

    return Presentation(str(path))


def texts(slide: Any) -> list[str]:
    """Every paragraph of a slide's text boxes, placeholders and table cells."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found += [p.text for p in shape.text_frame.paragraphs]
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def tables(slide: Any) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in shape.table.rows]
            for shape in slide.shapes if shape.has_table]


def slide_titles(deck: Any) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]


def analysed(path: Path) -> Any:
    from ecomap.analysis import analyze
    from ecomap.validate import load_map

    return analyze(load_map(str(path)))


def test_deck_slides_in_order(roadmap_deck: Path) -> None:
    from ecomap.report.context import ReportContext
    from ecomap.report.sections import revenue

    deck = open_deck(roadmap_deck)
    assert (deck.slide_width, deck.slide_height) == SLIDE
    result = analysed(ROADMAP)
    eco = result.base.eco
    titles = slide_titles(deck)
    # Title, diagram, money view, revenue, loss, declared risks, findings, 3 scenarios, 3 phases.
    assert len(deck.slides) == 13, titles
    assert titles[0] == eco.title
    assert titles[3] == "收入模型"
    assert titles[4].startswith("损失模拟") and titles[5] == "已识别风险（地图中声明）"
    assert titles[6].startswith("全部检查发现")
    assert titles[7:10] == [f"情景：{s.name}" for s in eco.scenarios]
    assert titles[10:] == [f"{p.name}（第 {p.start}–{p.end} 月）" for p in eco.phases]
    # The headline figures read as the report writes them.
    rev = revenue.build(ReportContext(result, "zh"))
    first = texts(deck.slides[0])
    assert eco.description.splitlines()[0] in first
    for label, value in (("年收入", rev["total"]), ("年净收益", rev["net"]),
                         ("利润率", rev["margin"])):
        assert first[first.index(label) + 1] == value, (label, first)
    assert rev["margin"].startswith("≤ ")  # a cost without an amount: an upper bound
    assert "另有 1 笔支出未标金额，未计入成本" in first
    top = result.base.loss[0]
    assert first[first.index("最大风险") + 1].startswith(eco.participant(top.participant).name)


def test_diagram_slides_are_the_full_page_pngs(roadmap_deck: Path) -> None:
    from PIL import Image

    deck = open_deck(roadmap_deck)
    for index in (1, 2):
        (picture,) = [s for s in deck.slides[index].shapes if s.shape_type == 13]  # picture
        assert (picture.left, picture.top, picture.width, picture.height) == (0, 0, *SLIDE)
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.size == (3840, 2160)
        assert round(image.info["dpi"][0]) == 288
    money_alt = deck.slides[2].shapes[0]._element.nvPicPr.cNvPr.get("descr")
    assert money_alt.endswith("资金流视图（仅货币流）")
    assert deck.slides[1].shapes[0].image.blob != deck.slides[2].shapes[0].image.blob


def test_revenue_is_a_native_chart_with_the_analysis_figures(roadmap_deck: Path) -> None:
    from ecomap import i18n

    revenue = analysed(ROADMAP).base.revenue
    slide = open_deck(roadmap_deck).slides[3]
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    categories = list(chart.plots[0].categories)
    assert categories == [i18n.label(i18n.CATEGORIES, "zh", c) for c in revenue.by_category]
    values = list(chart.series[0].values)
    # The axis counts in 万元: 10万 of service, 125万 of subscriptions.
    assert values == [float(v.low) / 10_000 for v in revenue.by_category.values()]
    assert chart.value_axis.axis_title.text_frame.text == "年收入（万元）"
    (table,) = tables(slide)
    assert table[0] == ["收入类别", "年化金额", "占比"]
    assert ["总收入", "135万元", ""] in table


def test_risk_register_and_findings_are_native_tables(roadmap_deck: Path) -> None:
    result = analysed(ROADMAP)
    eco = result.base.eco
    deck = open_deck(roadmap_deck)
    (declared,) = tables(deck.slides[5])
    assert [row[1] for row in declared[1:]] == [r.name for r in eco.risks]
    assert declared[1][5] == eco.risks[0].mitigation
    rows = [row for s in deck.slides if (s.shapes.title is not None
                                         and s.shapes.title.text.startswith("全部检查发现"))
            for row in tables(s)[0][1:]]
    assert [row[3] for row in rows] == [f.message("zh") for f in result.base.findings]
    (loss,) = tables(deck.slides[4])
    assert loss[0][:2] == ["参与者", "风险金额（年）"]


def test_scenario_and_phase_slides_give_their_deltas(roadmap_deck: Path) -> None:
    deck = open_deck(roadmap_deck)
    scenario = texts(deck.slides[7])
    (metrics,) = tables(deck.slides[7])
    assert metrics[0] == ["指标", "基准", "情景", "变化"]
    assert [row[0] for row in metrics[1:]] == ["年收入", "年净收益", "利润率"]
    assert {"丢失的流", "被切断的参与者", "断裂的路径"} <= set(scenario)
    (phase,) = tables(deck.slides[10])
    assert [row[0] for row in phase[1:6]] == ["年收入（本阶段运行水平）", "年成本", "年净收益",
                                              "本阶段一次性投资", "期末累计现金（含投资）"]
    # Each phase slide charts the roadmap's cash curve, the low and high ends of each phase.
    from ecomap.analysis.roadmap import compute_investments

    phases = compute_investments(analysed(ROADMAP).base.ctx).phases
    (chart,) = [s.chart for s in deck.slides[10].shapes if s.has_chart]
    assert list(chart.plots[0].categories) == [f.phase.name for f in phases]
    low, high = (list(series.values) for series in chart.series)
    assert low == [round(float(f.cumulative_cash.low) / 10_000, 2) for f in phases]
    assert high == [round(float(f.cumulative_cash.high) / 10_000, 2) for f in phases]
    assert low[0] < 0  # the first phase's investment is not earned back within it


def test_every_word_is_at_least_12_pt(roadmap_deck: Path) -> None:
    deck = open_deck(roadmap_deck)
    sizes = []
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                sizes += [r.font.size.pt for p in frame.paragraphs for r in p.runs if r.text]
    assert sizes and min(sizes) >= 12


def test_long_tables_go_over_several_slides(tmp_path: Path) -> None:
    """data_given_away fires every check: more findings than one slide holds, each page
    with the header."""
    given_away = REPO_ROOT / "maps" / "data_given_away.yaml"
    deck = open_deck(render_deck(given_away, tmp_path, "--lang", "en"))
    pages = [s for s in deck.slides if s.shapes.title is not None
             and s.shapes.title.text.startswith("All findings")]
    assert len(pages) >= 2
    assert [s.shapes.title.text for s in pages] == [
        f"All findings ({n}/{len(pages)})" for n in range(1, len(pages) + 1)]
    for page in pages:
        (table,) = tables(page)
        assert table[0] == ["Severity", "Check", "Subjects", "Message"]
    rows = sum(len(tables(p)[0]) - 1 for p in pages)
    assert rows == len(analysed(given_away).base.findings)
    assert slide_titles(deck)[3] == "Revenue model"


def test_a_scenario_render_writes_its_own_deck(tmp_path: Path) -> None:
    deck_path = render_deck(NIO, tmp_path, "--scenario", "catl_exits")
    assert deck_path.name == "nio_baas.catl_exits.pptx"
    name = analysed(NIO).base.eco.scenario("catl_exits").name
    deck = open_deck(deck_path)
    titles = slide_titles(deck)
    assert [t for t in titles if t.startswith("情景：")] == [f"情景：{name}"]
    assert f"情景：{name}" in texts(deck.slides[0])


def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    from ecomap.deck import render_deck as deck_bytes

    result = analysed(ROADMAP)
    png = (REPO_ROOT / "docs" / "nio_baas_slide.png").read_bytes()
    first = deck_bytes(result, "zh", png, png)
    import time

    time.sleep(2.1)  # a zip entry's time has a resolution of two seconds
    assert deck_bytes(result, "zh", png, png) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        embedded = [n for n in z.namelist() if n.endswith(".xlsx")]
        assert embedded  # the chart's data, editable in PowerPoint
        with zipfile.ZipFile(io.BytesIO(z.read(embedded[0]))) as book:
            assert {i.date_time for i in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "1980-01-01T00:00:00Z" in core and "ecomap" in core


def test_without_python_pptx_it_says_what_to_install(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pptx", None)  # `import pptx` raises ImportError
    result = cli("render", str(NIO), "-o", str(tmp_path), "--format", "svg,pptx")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("error: --format pptx needs python-pptx: "
                                     "pip install 'ecomap[pptx]'")
    assert not (tmp_path / "nio_baas").exists()  # nothing half-written


def soffice_pdf(deck: Path, out: Path) -> Path:
    """The deck converted by LibreOffice Impress, headless, with a profile of its own (two
    test workers may convert at once)."""
    profile = (out / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(deck)],
                   check=True, capture_output=True, timeout=180)
    return out / (deck.stem + ".pdf")


def test_libreoffice_opens_the_deck(roadmap_deck: Path, tmp_path: Path) -> None:
    eco = analysed(ROADMAP).base.eco
    pdf = soffice_pdf(roadmap_deck, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Pages:           13" in info
    assert "960" in info and "540 pts" in info  # the 16:9 page
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())  # LibreOffice spaces CJK from Latin; the words stay
    assert "".join(eco.title.split()) in flat
    assert "".join(eco.risks[0].name.split()) in flat  # a declared risk's table cell
    assert "收入类别" in flat and "全部检查发现" in flat
