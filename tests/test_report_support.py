"""Helpers for the report tests (no tests here): building reports from maps, hostile inputs."""

from __future__ import annotations

import copy
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


def analysis_of(eco: Any) -> dict[str, Any]:
    from ecomap.analysis import analyze, to_json

    return to_json(analyze(eco))


def svgs_of(eco: Any, analysis: dict[str, Any], lang: str) -> dict[str, str]:
    from ecomap.layout.options import DiagramOptions, Marks
    from ecomap.render import svg as svg_render

    marks = Marks.from_analysis(analysis)
    return {layout: svg_render.render(eco, DiagramOptions(layout=layout, lang=lang), marks)
            .decode("utf-8") for layout in LAYOUTS}


def report_of_map(path: Path, lang: str | None = None) -> str:
    """The report of a map file through the real pipeline (validate → analyze → render)."""
    from ecomap.render.html import render_report
    from ecomap.validate import load_map

    eco = load_map(str(path))
    analysis = analysis_of(eco)
    return render_report(analysis, svgs_of(eco, analysis, lang or analysis.get("locale") or "zh"),
                         lang)


def report_of_text(text: str, lang: str | None = None) -> str:
    from ecomap.render.html import render_report
    from ecomap.validate import load_text

    eco = load_text(text, "hostile.yaml")
    analysis = analysis_of(eco)
    return render_report(analysis, svgs_of(eco, analysis, lang or "zh"), lang)


TEXT_KEYS = {"title", "description", "name", "label", "role", "message", "mitigation", "where",
             "source", "amount", "path", "url"}
# Codes from closed sets (validate checks them): the report shows their i18n label, and a code
# without one raises KeyError instead of reaching the page (tests/test_report.py).
CODE_KEYS = {"category", "partner_type", "tier", "likelihood", "impact", "severity", "check",
             "sensitivity"}


def poison(doc: Any, payload: str = PAYLOAD_TEXT, keys: frozenset[str] | set[str] = TEXT_KEYS
           ) -> Any:
    """A copy of an analysis document with the payloads added to every field named in ``keys``
    (default: every free-text field)."""
    doc = copy.deepcopy(doc)

    def walk(x: Any) -> Any:
        if isinstance(x, dict):
            for k, v in list(x.items()):
                if k in keys and isinstance(v, str):
                    x[k] = v + payload if k != "url" else "javascript:window.__pwned='url'"
                elif k == "url":
                    x[k] = "javascript:window.__pwned='url'"
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        return x

    walk(doc)
    for p in doc.get("participants", []):
        p["url"] = "javascript:window.__pwned='url'"
    return doc


SAMPLE_ANALYSIS: dict[str, Any] = {
    "ecomap": 1, "title": "示例生态", "description": "手写的分析文档", "locale": "zh",
    "currency": "CNY", "period": "year", "focus": "me", "source": "maps/sample.yaml",
    "layers": [{"id": "core", "name": "核心层", "participants": ["me"]},
               {"id": "strategic", "name": "战略伙伴层", "participants": ["ins", "bank"]},
               {"id": "users", "name": "用户层", "participants": ["owners"]}],
    "participants": [
        {"id": "me", "name": "售后公司", "layer": "core", "role": "服务网络", "partner_type": None,
         "internal": True, "region": None, "count": None, "money_in": {"low": 1500000,
         "high": 3000000}, "money_out": 200000, "net": {"low": 1300000, "high": 2800000},
         "gives": {"asset": 0, "data": 1, "money": 1, "service": 1},
         "gets": {"asset": 0, "data": 0, "money": 2, "service": 0}, "score": None, "risk": [],
         "where": "maps/sample.yaml:10:3"},
        {"id": "ins", "name": "保险公司", "layer": "strategic", "role": "车险",
         "partner_type": "capability", "internal": False, "region": None, "count": None,
         "money_in": 0, "money_out": {"low": 1500000, "high": 3000000},
         "net": {"low": -3000000, "high": -1500000},
         "gives": {"asset": 0, "data": 0, "money": 1, "service": 0},
         "gets": {"asset": 0, "data": 1, "money": 0, "service": 0},
         "score": {"quality": 4.5, "coverage": 4, "cost": 4, "integration": 3,
                   "weighted": 4.05, "tier": "bronze"},
         "risk": ["risk.concentration"], "where": "maps/sample.yaml:11:3"},
        {"id": "bank", "name": "金融机构", "layer": "strategic", "role": "分期",
         "partner_type": "resource", "internal": False, "region": "overseas", "count": None,
         "money_in": 200000, "money_out": 0, "net": 200000,
         "gives": {"asset": 0, "data": 0, "money": 0, "service": 1},
         "gets": {"asset": 0, "data": 0, "money": 1, "service": 0}, "score": None,
         "risk": [], "where": "maps/sample.yaml:12:3", "url": "https://example.com/bank"},
        {"id": "owners", "name": "车主", "layer": "users", "role": "", "partner_type": None,
         "internal": False, "region": None, "count": 100000, "money_in": 0, "money_out": 0,
         "net": 0, "gives": {"asset": 0, "data": 0, "money": 0, "service": 0},
         "gets": {"asset": 0, "data": 0, "money": 0, "service": 1}, "score": None, "risk": [],
         "where": "maps/sample.yaml:13:3"},
    ],
    "flows": [
        {"ref": "ins_share", "id": "ins_share", "from": "ins", "to": "me", "kind": "money",
         "label": "保费分成", "amount": "15-30 CNY/year", "volume": 100000, "share": [],
         "annual": {"low": 1500000, "high": 3000000}, "category": "commission", "path": None,
         "sensitivity": None, "consent": None, "where": "maps/sample.yaml:20:5"},
        {"ref": "me->ins:data", "id": None, "from": "me", "to": "ins", "kind": "data",
         "label": "驾驶数据", "amount": None, "volume": None, "share": [], "annual": None,
         "category": None, "path": None, "sensitivity": "sensitive", "consent": False,
         "where": "maps/sample.yaml:21:5"},
        {"ref": "me->bank:money", "id": None, "from": "me", "to": "bank", "kind": "money",
         "label": "服务费", "amount": "20万 CNY/year", "volume": None, "share": [],
         "annual": 200000, "category": None, "path": None, "sensitivity": None,
         "consent": None, "where": "maps/sample.yaml:22:5"},
        {"ref": "bank->me:service", "id": None, "from": "bank", "to": "me", "kind": "service",
         "label": "分期服务", "amount": None, "volume": None, "share": [], "annual": None,
         "category": None, "path": "finance", "sensitivity": None, "consent": None,
         "where": "maps/sample.yaml:23:5"},
        {"ref": "me->owners:service", "id": None, "from": "me", "to": "owners",
         "kind": "service", "label": "维修保养", "amount": None, "volume": None, "share": [],
         "annual": None, "category": None, "path": "finance", "sensitivity": None,
         "consent": None, "where": "maps/sample.yaml:24:5"},
    ],
    "revenue": {"total": {"low": 1500000, "high": 3000000},
                "by_category": {"commission": {"low": 1500000, "high": 3000000}},
                "by_counterparty": {"ins": {"low": 1500000, "high": 3000000}},
                "costs": 200000, "costs_by_counterparty": {"bank": 200000},
                "net": {"low": 1300000, "high": 2800000}, "margin": 0.9, "service": 0,
                "ecosystem": {"low": 1500000, "high": 3000000}, "ecosystem_to_service": None,
                "total_to_service": None, "unquantified": []},
    "concentration": {"top": "ins", "top_share": 1.0, "hhi": 1.0},
    "findings": [
        {"check": "compliance.sensitive_data_shared", "severity": "error", "subjects": ["ins"],
         "flows": ["me->ins:data"], "message": "敏感数据 驾驶数据 流出到 保险公司",
         "where": "maps/sample.yaml:21:5"},
        {"check": "risk.concentration", "severity": "warning", "subjects": ["ins"],
         "flows": [], "message": "收入集中：保险公司 贡献 100% 的收入",
         "where": "maps/sample.yaml:11:3"},
    ],
    "loss": [{"participant": "ins", "money_at_risk": {"low": 1500000, "high": 3000000},
              "lost_flows": ["ins_share", "me->ins:data"], "cut_off": [], "paths_broken": []},
             {"participant": "bank", "money_at_risk": 0, "lost_flows": ["me->bank:money"],
              "cut_off": ["owners"], "paths_broken": ["finance"]},
             {"participant": "owners", "money_at_risk": 0, "lost_flows": [], "cut_off": [],
              "paths_broken": []}],
    "pairs": [{"a": "me", "b": "ins", "a_gives": {"data": ["驾驶数据"]},
               "b_gives": {"money": ["保费分成"]}, "a_gives_money": 0,
               "b_gives_money": {"low": 1500000, "high": 3000000}},
              {"a": "me", "b": "bank", "a_gives": {"money": ["服务费"]},
               "b_gives": {"service": ["分期服务"]}, "a_gives_money": 200000,
               "b_gives_money": 0}],
    "paths": [{"name": "finance", "participants": ["bank", "me", "owners"],
               "steps": [{"flow": "bank->me:service", "from": "bank", "to": "me",
                          "kind": "service", "label": "分期服务"},
                         {"flow": "me->owners:service", "from": "me", "to": "owners",
                          "kind": "service", "label": "维修保养"}], "money": 0}],
    "risks": [{"id": "r1", "name": "核心伙伴流失", "about": ["ins"], "likelihood": "medium",
               "impact": "high", "mitigation": "深度绑定", "where": "maps/sample.yaml:30:5"}],
    "scenarios": [{"id": "no_ins", "name": "保险公司退出", "revenue_delta": {"low": -3000000,
                   "high": -1500000}, "revenue": {"total": 0, "net": -200000, "margin": None},
                   "net_delta": {"low": -3000000, "high": -1500000},
                   "lost_flows": ["ins_share", "me->ins:data"], "cut_off": [],
                   "paths_broken": [], "findings_added": [],
                   "findings_removed": [{"check": "risk.concentration", "subjects": ["ins"],
                                         "message": "收入集中：保险公司 贡献 100% 的收入"}]}],
}

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
