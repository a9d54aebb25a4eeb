"""Helpers for the report tests (no tests here): building reports from maps, hostile inputs."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml"))
LAYOUTS = ("layered", "radial")

# Each payload tries a different way in: a tag, an event handler, a URL scheme, breaking out of
# an attribute, a script block or a JSON string, and a template expression.
PAYLOADS = (
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "javascript:window.__pwned='js'",
    "\"'><svg onload=\"window.__pwned='svg'\">",
    "</script><script>window.__pwned='json'</script>",
    "{{ 7*7 }}<style>body{display:none}</style>",
)
PAYLOAD_TEXT = " ".join(PAYLOADS)

HOSTILE_MAP = """\
ecomap: 1
title: "XSS {p0} 标题"
description: "{p1} 描述 {p2}"
locale: zh
currency: CNY
focus: me
layers:
  - {{id: core, name: "核心 {p3}"}}
  - {{id: strategic, name: "战略 {p5}"}}
  - {{id: users, name: "用户 {p4}"}}
participants:
  me: {{name: "我们 {p0}", layer: core, role: "{p1}", internal: true}}
  partner: {{name: "伙伴 {p1}", layer: strategic, role: "{p2}", partner_type: capability,
             note: "{p5}"}}
  owners: {{name: "车主 {p4}", layer: users, count: 1000}}
flows:
  - {{id: rent, from: owners, to: me, kind: money, label: "月租 {p0}", amount: 100 CNY/month,
      volume: 1000, category: subscription, path: "p1"}}
  - {{from: me, to: owners, kind: service, label: "服务 {p2}", path: "p1"}}
  - {{from: partner, to: me, kind: data, label: "数据 {p3}", sensitivity: desensitized,
      consent: true}}
  - {{from: me, to: partner, kind: money, label: "付款 {p5}", amount: 5万 CNY/year}}
risks:
  - {{id: r1, name: "风险 {p0}", about: [partner], likelihood: high, impact: medium,
      mitigation: "应对 {p1}"}}
scenarios:
  - {{id: s1, name: "情景 {p4}", remove: [partner]}}
"""


def _yaml_str(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def hostile_map_text() -> str:
    return HOSTILE_MAP.format(**{f"p{i}": _yaml_str(p) for i, p in enumerate(PAYLOADS)})


def analysis_of(eco: Any) -> Any:
    from ecomap.analysis import analyze

    return analyze(eco)


def diagrams_of(eco: Any, result: Any, lang: str, layouts: tuple[str, ...] = LAYOUTS,
                scenario: Any = None) -> list[Any]:
    """The report's diagrams through the real diagram stage (Graphviz), as ``render`` makes
    them: SVG text and the SVG id → participant/flow map."""
    from ecomap.layout.dot import build
    from ecomap.layout.options import Marks
    from ecomap.outputs import RenderRequest, diagram_options, drawn_map
    from ecomap.render.svg import render_diagram
    from ecomap.report import ReportDiagram

    # As outputs.build does: the scenario's map (its additions too) with its marks.
    marks = Marks.from_analysis(result.shown)
    request = RenderRequest(lang=lang)
    return [ReportDiagram.of(render_diagram(build(drawn_map(eco, scenario),
                                                  diagram_options(request, layout, scenario),
                                                  marks)))
            for layout in layouts]


def _report(eco: Any, lang: str | None, scenario: str | None) -> str:
    from ecomap.analysis import analyze_scenario
    from ecomap.report import render_report

    result = analyze_scenario(eco, scenario) if scenario else analysis_of(eco)
    return render_report(result, diagrams_of(eco, result, lang or eco.locale,
                                             scenario=result.selected), lang)


def report_of_map(path: Path, lang: str | None = None, scenario: str | None = None) -> str:
    """The report of a map file through the real pipeline (validate → analyze → render)."""
    from ecomap.validate import load_map

    return _report(load_map(str(path)), lang, scenario)


def report_of_text(text: str, lang: str | None = None, name: str = "hostile.yaml",
                   scenario: str | None = None) -> str:
    from ecomap.validate import load_text

    return _report(load_text(text, name), lang, scenario)


def report_with_url(url: str) -> str:
    """The sample map's report with a participant ``url`` that validation would have refused
    (the report must not trust that every ``Participant`` came through ``validate``)."""
    from dataclasses import replace

    from ecomap.report import render_report
    from ecomap.validate import load_text

    eco = load_text(SAMPLE_MAP, "maps/sample.yaml")
    eco = replace(eco, participants=tuple(replace(p, url=url) if p.id == "bank" else p
                                          for p in eco.participants))
    result = analysis_of(eco)
    return render_report(result, diagrams_of(eco, result, "zh", ("layered",)))


# A small map with a bit of everything: a range, a sensitive data flow without consent, an
# overseas partner with a link, tags and a note, a scored partner, a declared risk, a path and
# a scenario. Its flows are in the order of SAMPLE_SVG's edges (flow-0 … flow-4).
SAMPLE_MAP = """\
ecomap: 1
title: 示例生态
description: 一张小地图
locale: zh
currency: CNY
focus: me
layers:
  - {id: core, name: 核心层}
  - {id: strategic, name: 战略伙伴层}
  - {id: users, name: 用户层}
participants:
  me: {name: 售后公司, layer: core, role: 服务网络}
  ins: {name: 保险公司, layer: strategic, role: 车险, partner_type: capability,
        screening: {service_quality: 4.5, coverage: 4, cost: 4, integration: 3},
        quality: {satisfaction: 4.2, response: 4, complaint_handling: 4, price: 4,
                  complaint_rate: 1.5%}}
  bank: {name: 金融机构, layer: strategic, role: 分期, partner_type: resource,
         region: overseas, url: "https://example.com/bank", tags: [金融, 海外],
         note: 年度框架协议}
  owners: {name: 车主, layer: users, count: 100000}
flows:
  - {id: ins_share, from: ins, to: me, kind: money, label: 保费分成, amount: 15-30 CNY/year,
     volume: 100000, category: commission}
  - {from: me, to: ins, kind: data, label: 驾驶数据, sensitivity: sensitive, consent: false}
  - {from: me, to: bank, kind: money, label: 服务费, amount: 20万 CNY/year}
  - {from: bank, to: me, kind: service, label: 分期服务, path: finance}
  - {from: me, to: owners, kind: service, label: 维修保养, path: finance}
risks:
  - {id: r1, name: 核心伙伴流失, about: [ins], likelihood: medium, impact: high,
     mitigation: 深度绑定}
scenarios:
  - {id: no_ins, name: 保险公司退出, remove: [ins]}
"""


def sample_result(locale: str = "zh") -> Any:
    from ecomap.validate import load_text

    return analysis_of(load_text(SAMPLE_MAP.replace("locale: zh", f"locale: {locale}"),
                                 "maps/sample.yaml"))


def render_sample(svgs: dict[str, str], lang: str | None = None, locale: str = "zh") -> str:
    """The sample map's report with hand-written diagram SVGs in place of Graphviz's (the
    id map still comes from the real diagram stage)."""
    from dataclasses import replace

    from ecomap.report import render_report

    result = sample_result(locale)
    real = {d.layout: d for d in diagrams_of(result.base.eco, result, lang or locale,
                                             tuple(svgs))}
    return render_report(result, [replace(real[layout], svg=svg)
                                  for layout, svg in svgs.items()], lang)


# What Graphviz writes for a small digraph, trimmed: prolog, doctype, comments, ids, titles.
SAMPLE_SVG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz version 2.43.0 -->
<svg width="400pt" height="200pt" viewBox="0.00 0.00 400.00 200.00"
 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="ecomap" class="graph" transform="translate(4 196)">
<title>ecomap</title>
<!-- me -->
<g id="node-me" class="node"><title>node&#45;me</title>
<polygon fill="#c0392b" stroke="#8e1e14" points="60,-100 0,-100 0,-70 60,-70 60,-100"/>
<text text-anchor="middle" x="30" y="-81" font-size="13.00">售后公司</text></g>
<g id="node-ins" class="node"><title>node&#45;ins</title>
<polygon fill="#e8f1fb" stroke="#8a96a3" points="260,-180 200,-180 200,-150 260,-150 260,-180"/>
<text text-anchor="middle" x="230" y="-161" font-size="13.00">保险公司</text></g>
<g id="node-bank" class="node"><title>node&#45;bank</title>
<polygon fill="#e8f1fb" stroke="#8a96a3" points="260,-40 200,-40 200,-10 260,-10 260,-40"/>
<text text-anchor="middle" x="230" y="-21" font-size="13.00">金融机构</text></g>
<g id="node-owners" class="node"><title>node&#45;owners</title>
<polygon fill="#f4f4f4" stroke="#8a96a3" points="390,-100 330,-100 330,-70 390,-70 390,-100"/>
<text text-anchor="middle" x="360" y="-81" font-size="13.00">车主</text></g>
<g id="flow-0" class="edge flow kind-money"><title>node&#45;ins&#45;&gt;node&#45;me</title>
<path fill="none" stroke="#d68910" d="M200,-160C150,-150 90,-120 60,-95"/>
<polygon fill="#d68910" stroke="#d68910" points="62,-92 55,-90 58,-97 62,-92"/>
<text x="120" y="-140" font-size="10.00" fill="#d68910">保费分成</text></g>
<g id="flow-1" class="edge flow kind-data"><title>node&#45;me&#45;&gt;node&#45;ins</title>
<path fill="none" stroke="#2e6fd8" stroke-dasharray="5,2" d="M60,-90C100,-130 160,-160 200,-170"/>
</g>
<g id="flow-2" class="edge flow kind-money"><title>node&#45;me&#45;&gt;node&#45;bank</title>
<path fill="none" stroke="#d68910" d="M60,-75C100,-50 160,-30 200,-25"/></g>
<g id="flow-3" class="edge flow kind-service"><title>node&#45;bank&#45;&gt;node&#45;me</title>
<path fill="none" stroke="#8e44ad" stroke-dasharray="1,5" d="M200,-20C150,-30 90,-60 55,-70"/></g>
<g id="flow-4" class="edge flow kind-service"><title>node&#45;me&#45;&gt;node&#45;owners</title>
<path fill="none" stroke="#8e44ad" stroke-dasharray="1,5" d="M60,-85L330,-85"/></g>
</g>
</svg>
"""


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self._attrs: dict[str, str | None] = {}
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in, self._attrs, self._buf = tag, dict(attrs), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            if tag == "script":
                self.scripts.append((self._attrs, "".join(self._buf)))
            else:
                self.styles.append("".join(self._buf))
            self._in = None


def parse_tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def csp_of(html: str) -> str:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert m, "no CSP meta tag"
    return html_lib.unescape(m.group(1))
