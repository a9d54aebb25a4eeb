"""The HTML report in a real headless Chromium (Debian's /usr/bin/chromium through Playwright):
no console errors, no network, selection, kind filter, search, sorting, and hostile labels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_report_support import (
    MAPS,
    PAYLOADS,
    SAMPLE_SVG,
    hostile_map_text,
    render_sample,
    report_of_map,
    report_of_text,
    report_with_url,
)

pytestmark = pytest.mark.browser


class Page:
    """A report opened from a file: what it logged, what it requested, and the page."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900},
                                     reduced_motion="reduce")
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r: Any) -> None:
            if r.request.url != self.url:
                self.requests.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        self.page.route("**/*", route)
        self.page.on("request", lambda r: None if r.url == self.url
                     or r.url in self.requests else self.requests.append(r.url))
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(100)

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def close(self) -> None:
        self.page.close()


def open_report(browser: Any, tmp_path: Path, html: str, name: str = "report.html") -> Page:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return Page(browser, path)


def edges_state(page: Page, layout: str = "") -> list[dict[str, Any]]:
    return page.js("""(layout) => Array.from(document.querySelectorAll(
        '.diagram-view' + (layout ? '[data-layout="' + layout + '"]' : '.on') + ' g.edge'))
        .map(g => ({from: g.getAttribute('data-from'), to: g.getAttribute('data-to'),
                    kinds: g.getAttribute('data-kinds'), hl: g.classList.contains('hl'),
                    opacity: parseFloat(getComputedStyle(g).opacity),
                    display: getComputedStyle(g).display}))""", layout)


# ---------------------------------------------------------------- every example map


@pytest.mark.parametrize("path", MAPS, ids=[p.stem for p in MAPS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_example_report_loads_clean(browser: Any, tmp_path: Path, path: Path, lang: str) -> None:
    page = open_report(browser, tmp_path, report_of_map(path, lang))
    try:
        assert page.errors == []
        assert page.requests == []
        assert page.js("document.documentElement.lang").startswith(lang)
        # Every participant node and every flow edge of both diagrams was understood by the script.
        for layout in ("layered", "radial"):
            edges = edges_state(page, layout)
            assert edges and all(e["from"] and e["to"] and e["kinds"] for e in edges), layout
        # Switch layout and back.
        page.page.click('.seg-btn[data-layout="radial"]')
        assert page.js("document.querySelector('.diagram-view.on').dataset.layout") == "radial"
        page.page.click('.seg-btn[data-layout="layered"]')
        assert page.errors == [] and page.requests == []
    finally:
        page.close()


# ---------------------------------------------------------------- interaction


@pytest.fixture
def nio(browser: Any, tmp_path: Path) -> Iterator[Page]:
    path = next(p for p in MAPS if p.stem == "nio_baas")
    page = open_report(browser, tmp_path, report_of_map(path, "zh"))
    yield page
    page.close()


def test_click_participant_in_map_highlights_its_flows(nio: Page) -> None:
    nio.page.locator('.diagram-view.on g.node[data-pid="catl"]').click(force=True)
    nio.page.wait_for_function("window.ecomapReport.selected() === 'catl'", timeout=5000)
    edges = edges_state(nio)
    mine = [e for e in edges if "catl" in (e["from"], e["to"])]
    others = [e for e in edges if "catl" not in (e["from"], e["to"])]
    assert mine and others
    assert all(e["hl"] and e["opacity"] == 1 for e in mine)
    assert all(not e["hl"] and e["opacity"] < 0.5 for e in others)
    rows = nio.js("""Array.from(document.querySelectorAll('#flow-table tr.frow'))
        .map(r => [r.dataset.from, r.dataset.to, r.classList.contains('hl')])""")
    assert all(hl == ("catl" in (a, b)) for a, b, hl in rows)
    assert "宁德时代" in nio.js("document.getElementById('selection-label').textContent")
    # Clicking it again clears the selection.
    nio.page.locator('.diagram-view.on g.node[data-pid="catl"]').click(force=True)
    assert not any(e["hl"] for e in edges_state(nio))
    assert nio.errors == []


def test_click_participant_in_table_selects_it(nio: Page) -> None:
    nio.page.click('.ptable tr.prow[data-pid="grid"] td.pname .who')
    assert nio.js("window.ecomapReport.selected()") == "grid"
    edges = edges_state(nio)
    assert any(e["hl"] for e in edges)
    assert all(e["hl"] == ("grid" in (e["from"], e["to"])) for e in edges)
    nio.page.keyboard.press("Escape")
    assert nio.js("window.ecomapReport.selected()") is None


def test_kind_filter_hides_other_flows(nio: Page) -> None:
    for kind in ("data", "asset", "service"):
        nio.page.uncheck(f'input[data-kind="{kind}"]')
    edges = edges_state(nio)
    money = [e for e in edges if e["kinds"] == "money"]
    rest = [e for e in edges if "money" not in e["kinds"].split()]
    assert money and rest
    assert all(e["display"] != "none" for e in money)
    assert all(e["display"] == "none" for e in rest)
    shown = nio.js("""Array.from(document.querySelectorAll('#flow-table tr.frow'))
        .filter(r => getComputedStyle(r).display !== 'none').map(r => r.dataset.kind)""")
    assert shown and set(shown) == {"money"}
    nio.page.check('input[data-kind="data"]')
    assert any(e["kinds"] == "data" and e["display"] != "none" for e in edges_state(nio))


def test_hover_shows_amount(nio: Page) -> None:
    label = nio.page.locator('.diagram-view.on g.edge[data-refs*="baas_rent"] text').first
    label.scroll_into_view_if_needed()
    label.hover(force=True)
    tip = nio.js("(() => { const t = document.getElementById('tooltip');"
                 " return t.hidden ? null : t.textContent; })()")
    assert tip and "BaaS" in tip and "亿元" in tip


def test_search_and_sort(nio: Page) -> None:
    nio.page.fill("#search", "宁德")
    matches = nio.js("Array.from(document.querySelectorAll('.diagram-view.on g.node.match'))"
                     ".map(g => g.dataset.pid)")
    assert matches == ["catl"]
    nio.page.press("#search", "Enter")
    assert nio.js("window.ecomapReport.selected()") == "catl"
    # Sort the flow table by annual amount (descending first for numbers).
    nio.page.click("#flow-table thead th:nth-child(7)")
    first = nio.js("document.querySelector('#flow-table tbody tr').dataset.ref")
    assert first == "baas_rent"
    nio.page.click("#flow-table thead th:nth-child(7)")
    last = nio.js("Array.from(document.querySelectorAll('#flow-table tbody tr')).pop().dataset.ref")
    assert last == "baas_rent"
    assert nio.errors == []


# ---------------------------------------------------------------- hostile labels


def _assert_nothing_ran(page: Page) -> None:
    assert page.js("window.__pwned === undefined"), page.js("String(window.__pwned)")
    assert page.dialogs == []
    assert page.requests == []
    assert page.js("document.querySelectorAll('body img, body iframe, body object').length") == 0
    assert page.js("document.querySelectorAll('script').length") == 2
    # The payloads are shown as text.
    text = page.js("document.body.innerText")
    assert "<script>window.__pwned='script'</script>" in text
    assert 'onerror="window.__pwned' in text
    assert page.js("getComputedStyle(document.body).display") != "none"


def test_hostile_map_runs_nothing(browser: Any, tmp_path: Path) -> None:
    page = open_report(browser, tmp_path, report_of_text(hostile_map_text()))
    try:
        _assert_nothing_ran(page)
        # Interact with everything a payload could sit on.
        for pid in ("me", "partner", "owners"):
            page.page.click(f'.ptable tr.prow[data-pid="{pid}"] .who')
            page.page.locator('.diagram-view.on g.edge').first.hover(force=True)
        page.page.fill("#search", PAYLOADS[0])
        page.page.press("#search", "Enter")
        page.page.click('.seg-btn[data-layout="radial"]')
        _assert_nothing_ran(page)
        assert page.errors == []
    finally:
        page.close()


def test_javascript_url_is_no_link(browser: Any, tmp_path: Path) -> None:
    page = open_report(browser, tmp_path, report_with_url("javascript:window.__pwned='url'"))
    try:
        for sel in ("a.ext", "a[href^='javascript']", "[href*='__pwned']"):
            assert page.js(f"document.querySelectorAll(\"{sel}\").length") == 0
        page.page.click('.ptable tr.prow[data-pid="bank"] td.pname')
        assert page.js("window.__pwned === undefined")
        assert page.errors == []
    finally:
        page.close()


def test_https_url_is_a_link_tags_and_note_show(browser: Any, tmp_path: Path) -> None:
    page = open_report(browser, tmp_path, render_sample({"layered": SAMPLE_SVG}))
    try:
        link = page.js("""(() => { const a = document.querySelector(
            '.ptable tr.prow[data-pid="bank"] a.ext');
            return a && [a.getAttribute('href'), a.rel, a.target]; })()""")
        assert link == ["https://example.com/bank", "noopener noreferrer", "_blank"]
        tags = page.js("""Array.from(document.querySelectorAll(
            '.ptable tr.prow[data-pid="bank"] .tag')).map(t => t.textContent)""")
        assert tags == ["金融", "海外"]
        assert "年度框架协议" in page.js(
            "document.querySelector('.ptable tr.prow[data-pid=\"bank\"]').textContent")
        assert page.errors == []
    finally:
        page.close()


# ---------------------------------------------------------------- flow ↔ SVG edge binding

# A scenario that removes the participant behind the map's first flows, so that surviving
# flows no longer sit at their base position; the removed participant's id ("fee") is also
# the id of a surviving flow, which must not be struck out.
SHIFTED = """\
ecomap: 1
title: 挪位
focus: me
layers: [{id: core, name: 核心}, {id: partners, name: 伙伴}, {id: users, name: 用户}]
participants:
  me: {name: 我们, layer: core}
  fee: {name: 供应商, layer: partners}
  a: {name: 数据伙伴, layer: partners}
  u: {name: 用户, layer: users}
flows:
  - {id: supply, from: fee, to: me, kind: asset, label: 供货}
  - {id: pay, from: me, to: fee, kind: money, label: 货款, amount: 100 CNY/year}
  - {id: fee, from: u, to: me, kind: money, label: 服务费, amount: 200 CNY/year}
  - {id: svc, from: me, to: u, kind: service, label: 服务}
  - {id: data, from: a, to: me, kind: data, label: 数据}
  - {id: pay_a, from: me, to: a, kind: money, label: 数据费, amount: 50 CNY/year}
scenarios:
  - {id: fee_exits, name: 供应商退出, remove: [fee]}
"""


def _click_flow(page: Page, ref: str) -> None:
    page.js("(ref) => document.querySelector('#flow-table tr.frow[data-ref=\"' + ref + '\"]')"
            ".cells[3].click()", ref)


def _flow_edges(page: Page, ref: str, layout: str) -> list[str]:
    """Click the flow's row in the flow table; the SVG edges then highlighted in ``layout``."""
    _click_flow(page, ref)
    assert page.js("window.ecomapReport.selectedFlow()") == ref
    return page.js("""(layout) => Array.from(document.querySelectorAll(
        '.diagram-view[data-layout="' + layout + '"] g.edge.hl')).map(g => g.dataset.eid)""",
                   layout)


def _assert_binding(page: Page, expected: dict[str, str]) -> None:
    for layout in ("layered", "radial"):
        for ref, edge in expected.items():
            assert _flow_edges(page, ref, layout) == [edge], (layout, ref)
            _click_flow(page, ref)  # a second click clears the selection
            assert page.js("window.ecomapReport.selectedFlow()") is None
    assert page.errors == []


def test_scenario_report_binds_each_flow_to_its_own_edge(browser: Any, tmp_path: Path) -> None:
    from ecomap.validate import load_text

    eco = load_text(SHIFTED, "shifted.yaml")
    surviving = ("fee", "svc", "data", "pay_a")
    expected = {f.ref: f"flow-{f.index}" for f in eco.flows if f.ref in surviving}
    page = open_report(browser, tmp_path, report_of_text(SHIFTED, name="shifted.yaml",
                                                         scenario="fee_exits"))
    try:
        assert page.js("document.querySelectorAll('#flow-table tr.frow').length") == 4
        _assert_binding(page, expected)
        # The participant "fee" is gone; the flow "fee" (users → us) is not struck out.
        removed = page.js("""Array.from(document.querySelectorAll(
            '.diagram-view[data-layout="layered"] g.edge.removed')).map(g => g.dataset.eid)""")
        assert sorted(removed) == ["flow-0", "flow-1"]
    finally:
        page.close()


ADDED = SHIFTED + """\
  - id: new_partner
    name: 引入新伙伴
    add:
      participants:
        nw: {name: 新伙伴, layer: partners}
      flows:
        - {id: new_svc, from: nw, to: me, kind: service, label: 新服务}
        - {id: new_pay, from: me, to: nw, kind: money, label: 新服务费, amount: 30 CNY/year}
"""


def test_scenario_report_highlights_an_added_flow(browser: Any, tmp_path: Path) -> None:
    from ecomap.analysis import analyze_scenario
    from ecomap.validate import load_text

    eco = load_text(ADDED, "added.yaml")
    shown = analyze_scenario(eco, "new_partner").shown.eco
    expected = {f.ref: f"flow-{f.index}" for f in shown.flows}
    assert expected["new_svc"] == "flow-6" and expected["new_pay"] == "flow-7"
    page = open_report(browser, tmp_path, report_of_text(ADDED, name="added.yaml",
                                                         scenario="new_partner"))
    try:
        assert page.js("document.getElementById('scenario-banner').textContent").startswith(
            "情景：引入新伙伴")
        for layout in ("layered", "radial"):
            added = page.js("""(layout) => Array.from(document.querySelectorAll(
                '.diagram-view[data-layout="' + layout + '"] g.edge.added'))
                .map(g => g.dataset.eid).sort()""", layout)
            assert added == ["flow-6", "flow-7"], layout
            assert page.js("""(layout) => !!document.querySelector('.diagram-view[data-layout="'
                + layout + '"] g.node.added[data-pid="nw"]')""", layout)
        _assert_binding(page, expected)
    finally:
        page.close()


def test_nio_catl_exits_report_binds_each_flow(browser: Any, tmp_path: Path) -> None:
    from ecomap.analysis import analyze_scenario
    from ecomap.validate import load_map

    path = next(p for p in MAPS if p.stem == "nio_baas")
    eco = load_map(str(path))
    shown = analyze_scenario(eco, "catl_exits").shown.eco
    expected = {f.ref: f"flow-{f.index}" for f in shown.flows}
    base_position = {f.ref: i for i, f in enumerate(eco.flows)}
    # The case that went wrong: flows after a removed one sit at another position.
    assert any(base_position[f.ref] != i for i, f in enumerate(shown.flows))
    page = open_report(browser, tmp_path, report_of_map(path, "zh", scenario="catl_exits"))
    try:
        _assert_binding(page, expected)
    finally:
        page.close()


def test_csp_blocks_a_foreign_script(browser: Any, tmp_path: Path) -> None:
    # Should anything ever slip through, the policy still refuses to run it.
    html = render_sample({"layered": SAMPLE_SVG})
    html = html.replace("</main>", "<script>window.__pwned='csp'</script>"
                        "<div onclick=\"window.__pwned='attr'\" id=x>x</div></main>")
    page = open_report(browser, tmp_path, html)
    try:
        page.page.click("#x")
        assert page.js("window.__pwned === undefined")
        assert any("Content Security Policy" in e for e in page.errors)
    finally:
        page.close()


def test_print_to_pdf(browser: Any, tmp_path: Path) -> None:
    path = next(p for p in MAPS if p.stem == "nio_baas")
    page = open_report(browser, tmp_path, report_of_map(path, "zh"))
    try:
        page.page.emulate_media(media="print")
        assert page.js("getComputedStyle(document.querySelector('.toolbar')).display") == "none"
        assert page.js("getComputedStyle(document.querySelector('#map')).breakBefore") == "page"
        pdf = page.page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 3
        assert page.errors == [] and page.requests == []
    finally:
        page.close()


def test_diagram_style_attributes_cause_no_csp_errors(browser: Any, tmp_path: Path) -> None:
    svg = SAMPLE_SVG.replace('<g id="node-me" class="node">',
                             '<g id="node-me" class="node" style="opacity:0.9">')
    page = open_report(browser, tmp_path, render_sample({"layered": svg}))
    try:
        assert page.errors == [] and page.requests == []
        assert page.js("getComputedStyle(document.querySelector('[data-eid=node-me]')).opacity")\
            == "0.9"
    finally:
        page.close()


def test_letter_paper_pdf(browser: Any, tmp_path: Path) -> None:
    page = open_report(browser, tmp_path, render_sample({"layered": SAMPLE_SVG}, lang="en"))
    try:
        pdf = page.page.pdf(format="Letter", print_background=True)
        assert b"/MediaBox [0 0 612 792]" in pdf
        assert page.errors == []
    finally:
        page.close()


def test_a_broken_data_block_is_an_error_not_an_empty_report(browser: Any,
                                                             tmp_path: Path) -> None:
    html = render_sample({"layered": SAMPLE_SVG})
    start = html.index('<script type="application/json" id="ecomap-data">')
    end = html.index("</script>", start)
    broken = html[:start] + '<script type="application/json" id="ecomap-data">{"lang": '\
        + html[end:]
    page = open_report(browser, tmp_path, broken)
    try:
        assert any(e.startswith("pageerror:") and "JSON" in e for e in page.errors), page.errors
    finally:
        page.close()


@pytest.mark.parametrize("path", MAPS, ids=[p.stem for p in MAPS])
def test_scenario_reports_load_clean_and_bind_every_edge(browser: Any, tmp_path: Path,
                                                         path: Path) -> None:
    from ecomap.validate import load_map

    for scenario in load_map(str(path)).scenarios:
        page = open_report(browser, tmp_path, report_of_map(path, "zh", scenario=scenario.id),
                           name=f"{scenario.id}.html")
        try:
            assert page.errors == [] and page.requests == [], scenario.id
            for layout in ("layered", "radial"):
                edges = edges_state(page, layout)
                assert edges and all(e["from"] and e["to"] and e["kinds"] for e in edges)
        finally:
            page.close()


# ---------------------------------------------------------------- the roadmap section


def test_roadmap_report_shows_the_roadmap_section(browser: Any, tmp_path: Path) -> None:
    """transformation_roadmap through `ecomap render`: zero console errors, the roadmap section
    with its three phases, the cash curve crossing zero at the payback marks, the KPI table;
    a screenshot of the section is a real PNG of its size."""
    from conftest import REPO_ROOT, cli

    out = tmp_path / "out"
    result = cli("render", str(REPO_ROOT / "maps" / "transformation_roadmap.yaml"), "-o",
                 str(out), "--format", "html")
    assert result.exit_code == 0, result.output
    page = Page(browser, out / "transformation_roadmap" / "report.html")
    try:
        assert page.errors == [] and page.requests == []
        page.page.click('nav.toc a[href="#roadmap"]')
        section = page.page.locator("#roadmap")
        assert section.is_visible()
        assert page.js("document.querySelectorAll('#roadmap li.phase').length") == 3
        chart = page.js("""(() => {
            const svg = document.querySelector('#roadmap svg.chart.cash');
            const box = svg.getBoundingClientRect();
            const zero = parseFloat(svg.querySelector('line.zero').getAttribute('y1'));
            return {w: box.width, h: box.height, zero: zero,
                    best: svg.querySelector('polyline.best').getTotalLength(),
                    worst: svg.querySelector('polyline.worst').getTotalLength(),
                    marks: Array.from(svg.querySelectorAll('g.payback circle'))
                      .map(c => parseFloat(c.getAttribute('cy'))),
                    labels: Array.from(svg.querySelectorAll('g.payback text'))
                      .map(t => t.textContent)};
        })()""")
        assert chart["w"] > 600 and chart["h"] > 200
        assert chart["best"] > 100 and chart["worst"] > 100
        assert chart["marks"] == [chart["zero"], chart["zero"]]  # on the zero line
        assert chart["labels"] == ["回收 41.7 个月", "回收 66.7 个月"]
        statuses = page.js("Array.from(document.querySelectorAll('#roadmap tr.kpi-row'))"
                           ".map(r => r.className)")
        assert statuses[0] == "kpi-row status-not_met" and len(statuses) == 6
        shot = tmp_path / "roadmap.png"
        section.screenshot(path=str(shot))
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width > 1000 and height > 1000, (width, height)
        assert page.errors == []
    finally:
        page.close()
