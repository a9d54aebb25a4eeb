"""The roadmap in the report (issue 11, item 8 and 10): KPI status, the cash curve crossing zero
at the payback, the roadmap section (phases and what each adds, investments per phase and per
path, the KPI table) and the internal transfers of the revenue section."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from ecomap.analysis import analyze
from ecomap.analysis.kpis import MET, NO_CURRENT, NOT_COMPARABLE, NOT_MET, kpi_status
from ecomap.analysis.roadmap import compute_investments
from ecomap.analysis.roadmap_text import months_text
from ecomap.model import Kpi
from ecomap.report import render_report
from ecomap.source import Span
from ecomap.validate import load_map, load_text

ROADMAP = Path(__file__).resolve().parent.parent / "maps" / "transformation_roadmap.yaml"


def kpi(target: str, current: str, unit: str = "") -> Kpi:
    return Kpi(name="k", span=Span("m.yaml", 1, 1), target=target, current=current, unit=unit)


@pytest.mark.parametrize(("target", "current", "unit", "status"), [
    ("≥80%", "78%", "%", NOT_MET),          # the map's 留存率: 78% against ≥80%
    ("≥80%", "80%", "%", MET),              # ≥ includes the target itself
    (">80%", "80%", "%", NOT_MET),
    (">=80%", "80.5%", "", MET),
    ("<0.5%", "0.3%", "%", MET),            # 投诉率 <0.5%: a level to stay below
    ("≤2%", "2.5%", "%", NOT_MET),
    ("≥55", "58", "", MET),                 # NPS ≥55
    ("≥55", "52", "", NOT_MET),
    ("93%", "95%", "%", MET),               # a bare target is a level to reach (≥)
    ("93%", "90%", "%", NOT_MET),
    ("80-90%", "85%", "%", MET),            # a range: met inside it, ends included
    ("80-90%", "95%", "%", NOT_MET),
    ("≥８０％", "８１％", "%", MET),         # full-width digits and percent sign
    ("＞＝55", "55", "", MET),
    ("≥55", "58 分", "分", MET),            # the KPI's unit after the number
    ("≥80%", "80", "%", MET),               # unit % makes a bare current value a percentage
    ("≥80%", "", "%", NO_CURRENT),
    ("≥80%", "  ", "%", NO_CURRENT),
    ("≥80%", "0.78", "", NOT_COMPARABLE),   # a fraction against a percentage: no guess
    ("≥55", "58 分", "", NOT_COMPARABLE),   # text that is not the unit
    ("提升", "78%", "%", NOT_COMPARABLE),
    ("≥80%", "较高", "%", NOT_COMPARABLE),
    ("≥80-90%", "85%", "%", NOT_COMPARABLE),
])
def test_kpi_status(target: str, current: str, unit: str, status: str) -> None:
    assert kpi_status(kpi(target, current, unit)) == status


def _cash_at(curve: tuple[tuple[Fraction, Fraction], ...], month: Fraction) -> Fraction:
    """The curve's value at ``month`` (after any drop at that month), by linear interpolation."""
    for (m0, c0), (m1, c1) in zip(curve, curve[1:], strict=False):
        if m0 <= month <= m1 and m1 > m0:
            return c0 + (c1 - c0) * (month - m0) / (m1 - m0)
    raise AssertionError(f"month {month} is not on the curve")


def test_cash_curve_crosses_zero_at_the_payback_month() -> None:
    inv = compute_investments(analyze(load_map(str(ROADMAP))).base.ctx)
    m = inv.payback_months
    assert m is not None and m.low is not None and m.high is not None
    assert _cash_at(inv.curve_best, m.low) == 0
    assert _cash_at(inv.curve_worst, m.high) == 0
    # Before it the line is below zero, after it above; it starts at 0 and drops by each
    # phase's investment at its start (30–40万 at month 0: the best case pays the low end).
    assert _cash_at(inv.curve_best, m.low - 1) < 0 < _cash_at(inv.curve_best, m.low + 1)
    assert inv.curve_best[0] == (0, 0) and inv.curve_best[1] == (0, -300_000)
    assert inv.curve_worst[1] == (0, -400_000)
    # The curve runs past the roadmap's end up to the late payback (half years).
    assert inv.curve_worst[-1][0] >= m.high and inv.curve_worst[-1][0] % 6 == 0


def test_cash_curve_without_phases() -> None:
    """One investment and a flat yearly net: a straight line from −investment through zero."""
    eco = load_text("""\
ecomap: 1
title: t
focus: hq
participants:
  hq: {name: 售后, layer: core}
  lab: {name: 伙伴, layer: strategic}
  c: {name: 车主, layer: users}
flows:
  - {from: c, to: hq, kind: money, label: 服务费, amount: 120万 CNY/year}
  - {from: hq, to: lab, kind: money, label: 建设(一次性), amount: 60万 CNY once}
""", "m.yaml")
    inv = compute_investments(analyze(eco).base.ctx)
    assert inv.payback_months is not None and inv.payback_months.low == 6
    assert inv.curve_best == ((0, 0), (0, -600_000), (12, 600_000))
    assert _cash_at(inv.curve_best, Fraction(6)) == 0


@pytest.fixture(scope="module")
def roadmap_html() -> str:
    return render_report(analyze(load_map(str(ROADMAP))), [], "zh")


def _section(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}">(.*?)</section>', html, re.S)
    assert m, sid
    return m.group(1)


def test_roadmap_section_shows_each_phase_and_what_it_adds(roadmap_html: str) -> None:
    assert '<a href="#roadmap">转型路线图</a>' in roadmap_html
    section = _section(roadmap_html, "roadmap")
    cards = section.split('<li class="phase" data-phase="')[1:]
    body = {card.split('"', 1)[0]: card.split('</ol>')[0] for card in cards}
    assert list(body) == ["stop_loss", "build", "expand"]
    assert "第 0–6 月" in body["stop_loss"] and "起步：5 个参与者、11 条价值流" in body["stop_loss"]
    assert "三电维修中心" in body["build"] and "会员服务包" in body["build"]
    assert "三电维修中心" not in body["expand"]
    # 充电代理服务 has no phase of its own: it is new with 充电运营商 (phase expand).
    assert "充电运营商" in body["expand"] and "充电代理服务(一次性)" in body["expand"]
    assert "一次性投资 360万–600万元" in body["build"]


def test_roadmap_section_cash_curve_and_investments(roadmap_html: str) -> None:
    section = _section(roadmap_html, "roadmap")
    inv = compute_investments(analyze(load_map(str(ROADMAP))).base.ctx)
    assert '<polyline class="best"' in section and '<polyline class="worst"' in section
    m = inv.payback_months
    assert m is not None and m.low is not None and m.high is not None
    for month in (m.low, m.high):
        assert f"回收 {months_text(type(m)(month, month), 'zh')}" in section
    assert f"回收期 {months_text(m, 'zh')}" in section  # the total line
    rows = re.findall(r"<tr><td class=\"mono\">(.*?)</td>(.*?)</tr>", section)
    by_path = {name: cells for name, cells in rows}
    assert "5.8–9.6 个月" in by_path["会员服务"]   # the lesson's 不到1年
    assert "36–48 个月" in by_path["三电检测"]     # the lesson's 3–4年
    assert "阶段2 能力建设" in section and "33.8–59 个月" in section


def test_kpi_table_shows_target_current_and_status(roadmap_html: str) -> None:
    section = _section(roadmap_html, "roadmap")
    rows = re.findall(r'<tr class="kpi-row status-(\w+)"><td>(.*?)</td>', section)
    assert rows[:2] == [("not_met", "留存率"), ("no_current", "NPS")]
    assert len(rows) == 6
    assert "未达成" in section and "无当前值" in section and "≥80%" in section
    en = _section(render_report(analyze(load_map(str(ROADMAP))), [], "en"), "roadmap")
    assert "not met" in en and "Cumulative cash" in en and "payback 41.7 months" in en


def test_no_roadmap_section_without_phases_investments_or_kpis() -> None:
    eco = load_text("""\
ecomap: 1
title: t
focus: hq
participants:
  hq: {name: 售后, layer: core}
  c: {name: 车主, layer: users}
flows:
  - {from: c, to: hq, kind: money, label: 服务费, amount: 120万 CNY/year}
""", "m.yaml")
    html = render_report(analyze(eco), [], "zh")
    assert 'id="roadmap"' not in html and "#roadmap" not in html


def test_internal_transfers_are_listed_in_the_revenue_section() -> None:
    eco = load_text("""\
ecomap: 1
title: t
focus: hq
participants:
  hq: {name: 数据业务, layer: core}
  team: {name: 数据团队, layer: core, internal: true, count: 20}
  lab: {name: 研究院, layer: core, internal: true}
  buyers: {name: 数据买家, layer: users}
flows:
  - {from: buyers, to: hq, kind: money, label: 数据产品, amount: 2.72亿 CNY/year}
  - {id: salaries, from: hq, to: team, kind: money, label: 团队薪酬, amount: 500万 CNY/year}
  - {from: hq, to: lab, kind: money, label: 课题经费}
""", "m.yaml")
    revenue = _section(render_report(analyze(eco), [], "zh"), "revenue")
    assert "内部转移（焦点组织内部单元之间，不计入收入与成本）" in revenue
    assert "合计 500万元/年" in revenue
    table = revenue.split('class="sortable transfers"')[1]
    assert re.search(r"数据业务.*?数据团队.*?团队薪酬.*?500万元", table, re.S)
    assert re.search(r"数据业务.*?研究院.*?课题经费.*?未量化", table, re.S)


@pytest.mark.browser
def test_report_embeds_each_phase_diagram(browser: Any, tmp_path: Path) -> None:
    """Issue 11: the roadmap section shows the map as it stands in each phase (the diagrams
    `render` writes beside it), in a real browser: drawn, distinct, and the page still clean."""
    from conftest import cli
    from test_report_browser import Page

    result = cli("render", str(ROADMAP), "-o", str(tmp_path), "--format", "html")
    assert result.exit_code == 0, result.output
    page = Page(browser, tmp_path / "transformation_roadmap" / "report.html")
    try:
        assert page.errors == [] and page.requests == []
        figures = page.js("""() => Array.from(document.querySelectorAll(
            '#roadmap .phase-maps figure.phase-map')).map(f => {
              const svg = f.querySelector('svg.phase-map');
              const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
              const nodes = Array.from(f.querySelectorAll('g.node')).map(
                  g => [g.getAttribute('data-eid'), g.getAttribute('class')]);
              return {phase: f.dataset.phase, caption: f.querySelector('figcaption').textContent,
                      width: box.width, height: box.height, nodes: nodes};
            })""")
        assert [f["phase"] for f in figures] == ["stop_loss", "build", "expand"]
        assert all(f["width"] > 300 and f["height"] > 200 for f in figures), figures
        assert figures[0]["caption"].startswith("阶段1 紧急止血")
        nodes = [{eid: cls for eid, cls in f["nodes"]} for f in figures]
        assert "node-nev_center" not in nodes[0]  # 三电维修中心 is built in 阶段2
        assert " new" in nodes[1]["node-nev_center"]
        assert " new" not in nodes[2]["node-nev_center"]  # not new any more in 阶段3
        # the phase diagrams are pictures: the map section's script binds its own views only
        assert page.js("document.querySelectorAll('svg.phase-map [data-pid]').length") == 0
        assert page.js("""() => Array.from(document.querySelectorAll('.diagram-view g.edge'))
            .every(g => g.getAttribute('data-from'))""")
        ids = page.js("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
        assert len(ids) == len(set(ids))  # the phase diagrams' ids do not clash
    finally:
        page.close()
