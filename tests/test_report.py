"""The HTML report without a browser: structure, escaping, CSP, SVG sanitising, formatting."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from fractions import Fraction

import pytest

from ecomap import i18n
from ecomap.amounts import Value
from ecomap.report import UnsafeInlineError
from ecomap.report.format import Fmt, sort_key
from ecomap.report.page import check_inline
from ecomap.report.sanitise import safe_link, sanitise_svg
from test_report_support import (
    MAPS,
    PAYLOADS,
    SAMPLE_MAP,
    SAMPLE_SVG,
    analysis_of,
    csp_of,
    diagrams_of,
    hostile_map_text,
    parse_tags,
    render_sample,
    report_of_map,
    report_of_text,
    report_with_url,
    sample_result,
)

SECTION_ORDER = ["summary", "map", "participants", "matrix", "revenue", "net", "risks",
                 "compliance", "paths", "scenarios", "scorecard"]


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_sample({"layered": SAMPLE_SVG, "radial": SAMPLE_SVG})


# ---------------------------------------------------------------- structure


def test_sections_in_reading_order(sample_html: str) -> None:
    ids = re.findall(r'<section id="([a-z]+)"', sample_html)
    assert ids == SECTION_ORDER
    _assert_no_leaks(sample_html)


def test_deterministic(sample_html: str) -> None:
    again = render_sample({"layered": SAMPLE_SVG, "radial": SAMPLE_SVG})
    assert again == sample_html


def test_csp_is_first_in_head_and_hashes_match(sample_html: str) -> None:
    head = sample_html.split("<head>", 1)[1].lstrip()
    assert head.startswith('<meta http-equiv="Content-Security-Policy"')
    csp = csp_of(sample_html)
    tags = parse_tags(sample_html)
    executable = [text for attrs, text in tags.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 1 and len(tags.styles) == 1
    assert f"script-src '{sha(executable[0])}'" in csp
    assert f"style-src-elem '{sha(tags.styles[0])}'" in csp
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "unsafe-eval" not in csp
    # Nothing outside the file may be loaded: no URL source anywhere in the policy.
    assert not re.search(r"https?:|\*", csp)


def test_no_external_resources(sample_html: str) -> None:
    for tag, attrs in parse_tags(sample_html).tags:
        for name in ("src", "srcset", "data", "poster", "background"):
            assert name not in attrs, (tag, attrs)
        if tag == "link":
            raise AssertionError(f"<link> in report: {attrs}")
    assert "@import" not in sample_html and "url(http" not in sample_html


def test_data_block_is_json(sample_html: str) -> None:
    tags = parse_tags(sample_html)
    blocks = [text for attrs, text in tags.scripts if attrs.get("id") == "ecomap-data"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["focus"] == "me"
    assert [f["ref"] for f in data["flows"]] == [f.ref for f in sample_result().base.eco.flows]
    # The diagram stage's id map: SVG edge flow-<n> is the map's n-th flow.
    assert data["diagrams"]["layered"]["edges"]["flow-0"]["refs"] == ["ins_share"]
    assert data["diagrams"]["layered"]["nodes"]["node-me"] == "me"


def test_headline_and_matrix_content(sample_html: str) -> None:
    # Ranges stay ranges; the 工具2 matrix has its three questions; scorecard tier in Chinese.
    assert "150万–300万元" in sample_html
    for head in ("他给你什么", "你给他什么", "价值量化"):
        assert head in sample_html
    assert "铜牌" in sample_html and "4.05" in sample_html
    for f in sample_result().base.findings:  # the analysis's own messages
        assert f.message("zh").replace("「", "&#34;")[:6] in sample_html or \
            f.message("zh")[:6] in sample_html
    assert "保险公司退出" in sample_html and "−(150万–300万元)" in sample_html


def test_english(sample_html: str) -> None:
    html = render_sample({"layered": SAMPLE_SVG}, lang="en")
    assert '<html lang="en">' in html
    assert "What they give you" in html and "他给你什么" not in html
    assert "¥1.5M–3M" in html
    # User text is never translated.
    assert "保险公司" in html


def test_lang_follows_locale_then_override() -> None:
    assert '<html lang="en">' in render_sample({"layered": SAMPLE_SVG}, locale="en")
    assert '<html lang="zh-CN">' in render_sample({"layered": SAMPLE_SVG}, "zh", locale="en")
    assert i18n.pick_lang(None, "zh_CN") == "zh" and i18n.pick_lang("xx", None) == "zh"


def test_minimal_map_renders() -> None:
    html = report_of_text("ecomap: 1\ntitle: 空\nfocus: me\nparticipants:\n"
                          "  me: {name: 我们, layer: core}\nflows: []\n", name="empty.yaml")
    assert "空" in html and "<section id=\"scorecard\"" in html


def test_one_layout_has_no_switch() -> None:
    html = render_sample({"radial": SAMPLE_SVG})
    assert 'class="seg-btn' not in html and 'data-layout="radial"' in html


def test_i18n_tables_complete() -> None:
    for table in (i18n.STRINGS, i18n.KINDS, i18n.CATEGORIES, i18n.PARTNER_TYPES, i18n.LEVELS,
                  i18n.SEVERITIES, i18n.SENSITIVITIES, i18n.TIERS, i18n.CHECKS):
        assert set(table["zh"]) == set(table["en"])
    # The template reads t.key: a key named like a dict method would print the method.
    assert not [k for k in i18n.STRINGS["zh"] if hasattr(dict, k)]


def _assert_no_leaks(html: str) -> None:
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    for leak in ("built-in method", "bound method", "Undefined", "None元", "{n}", "{x}"):
        assert leak not in html, leak


# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize(("value", "lang", "text"), [
    (Value.of(352800000), "zh", "3.528亿元"),
    (Value.of(352800000), "en", "¥352.8M"),
    (Value.of(76500000), "zh", "7650万元"),
    (Value(Fraction(1500000), Fraction(3000000)), "zh", "150万–300万元"),
    (Value.of(-200000), "zh", "−20万元"),
    (Value.of(Fraction(1, 2)), "zh", "0.5元"),
    (None, "zh", "—"),
    # A range whose ends print the same is one figure, as analyze and diff print it.
    (Value(Fraction(352_800_000), Fraction(352_810_000)), "zh", "约3.528亿元"),
    (Value(Fraction(352_800_000), Fraction(352_810_000)), "en", "~¥352.8M"),
])
def test_money(value: Value | None, lang: str, text: str) -> None:
    assert Fmt(lang, "CNY").money(value) == text


def test_report_money_is_the_analysis_text_money() -> None:
    from ecomap.analysis.base import Context
    from ecomap.validate import load_text

    ctx = Context(load_text("ecomap: 1\ntitle: t\nfocus: me\nparticipants:\n"
                            "  me: {name: 我们, layer: core}\nflows: []\n"))
    for v in (Value(Fraction(352_800_000), Fraction(352_810_000)), Value.of(-5),
              Value(Fraction(1), Fraction(9))):
        for lang in ("zh", "en"):
            assert Fmt(lang, "CNY").money(v).replace("−", "-") == ctx.money(v, lang)


def test_signed_and_sort_keys() -> None:
    assert Fmt("zh", "CNY").money(Value.of(5), signed=True) == "+5元"
    assert sort_key(Value(Fraction(10), Fraction(20))) == 15.0 and sort_key(None) == 0.0
    assert Fmt("zh", "CNY").percent(Value(Fraction(8, 10), Fraction(875, 1000))) == "80.0%–87.5%"
    assert Fmt("zh", "CNY").times(Fraction(18, 10)) == "1.8 倍"
    assert Fmt("en", "CNY").times(Fraction(215, 100)) == "2.15×"


def test_inline_guard_is_a_real_check() -> None:
    # Not an assert: it must hold under python -O as well.
    check_inline("a{}", "var a;")
    with pytest.raises(UnsafeInlineError):
        check_inline("a{}</STYLE>", "")
    with pytest.raises(UnsafeInlineError):
        check_inline("", "x='</script>'")


def test_safe_link() -> None:
    assert safe_link("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x",
                "vbscript:x", "//evil.example", "file:///etc/passwd", None, "mailto:a@b.c"):
        assert safe_link(bad) is None, bad


# ---------------------------------------------------------------- SVG sanitiser


def test_sanitiser_strips_active_content() -> None:
    hostile = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "boom">]>
<!-- a comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="100pt" height="50pt" viewBox="0 0 100 50" onload="alert(1)" style="x:y">
<script>alert(2)</script>
<style>.a{fill:red} .b{background:url(http://evil.example/x)} @import "http://e/x.css";</style>
<defs><linearGradient id="gr"><stop offset="0"/></linearGradient></defs>
<g id="node-a" class="node" onclick="alert(3)" onmouseover="alert(4)">
  <title>node&#45;a</title>
  <a xlink:href="javascript:alert(5)"><text>x</text></a>
  <a href="https://example.com/ok"><text>ok</text></a>
  <a xlink:href="#gr"><text>in</text></a>
  <rect fill="url(#gr)" stroke="url(#missing)" style="fill:url(http://evil.example/y)"/>
  <use xlink:href="http://evil.example/sprite.svg#x"/>
  <image xlink:href="http://evil.example/i.png"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <text>&lt;script&gt;alert(6)&lt;/script&gt;</text>
</g>
<SCRIPT>alert(7)</SCRIPT>
<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(8)</svg:script>
</svg>"""
    clean = sanitise_svg(hostile, prefix="v--")
    out = clean.markup
    low = out.lower()
    for needle in ("<script", "onload", "onclick", "onmouseover", "javascript:", "evil.example",
                   "<image", "foreignobject", "<!--", "<!doctype", "<?xml", "boom", "alert(7)",
                   "alert(8)"):
        assert needle not in low, needle
    assert 'href="https://example.com/ok"' in out and 'rel="noopener noreferrer"' in out
    assert 'xlink:href="#v--gr"' in out and 'fill="url(#v--gr)"' in out
    assert 'stroke="none"' in out  # a reference to nothing is dropped
    assert 'id="v--node-a"' in out and 'data-eid="node-a"' in out
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in out  # text stays text
    assert 'width="100pt"' not in out and 'class="diagram"' in out
    assert clean.css == ".a{fill:red}"
    assert not clean.has_style_attrs


def test_sanitiser_html_entities() -> None:
    out = sanitise_svg('<svg xmlns="http://www.w3.org/2000/svg"><text>a&nbsp;b&amp;c&bogus;'
                       '&#45;&lt;</text></svg>').markup
    assert "<text>a\u00a0b&amp;c&amp;bogus;-&lt;</text>" in out


def test_sanitiser_rejects_non_svg() -> None:
    with pytest.raises(ValueError):
        sanitise_svg("<html><body/></html>")
    with pytest.raises(ValueError):
        sanitise_svg("<svg><g></svg>")


def test_two_layouts_do_not_share_ids(sample_html: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', sample_html)
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- hostile input


def _assert_inert(html: str) -> None:
    tags = parse_tags(html)
    scripts = [(a, t) for a, t in tags.scripts]
    assert len(scripts) == 2, [a for a, _ in scripts]
    assert scripts[0][0].get("type") == "application/json"
    json.loads(scripts[0][1])  # still one valid JSON document
    assert len(tags.styles) == 1
    for tag, attrs in tags.tags:
        assert tag not in ("img", "iframe", "object", "embed", "base", "link", "form"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "xlink:href", "action", "formaction", "src"):
                assert value is not None
                assert value.startswith(("#", "http://", "https://", "mailto:")), (tag, value)
    assert "window.__pwned" in html  # the payloads are there, as text


@pytest.mark.parametrize("url", ["javascript:window.__pwned='url'", " JavaScript:alert(1)",
                                 "data:text/html,<script>1</script>", "java\tscript:alert(1)"])
def test_participant_url_other_than_http_is_no_link(url: str) -> None:
    html = report_with_url(url)
    assert 'class="ext"' not in html
    for tag, attrs in parse_tags(html).tags:
        for name, value in attrs.items():
            assert name not in ("href", "xlink:href") or (value or "").startswith(
                ("#", "https://")), (tag, name, value)


def test_participant_url_tags_and_note_reach_the_report(sample_html: str) -> None:
    assert '<a class="ext" href="https://example.com/bank"' in sample_html
    assert '<span class="tag">金融</span>' in sample_html and "年度框架协议" in sample_html


@pytest.mark.parametrize("field", ["partner_type", "category", "sensitivity"])
def test_unknown_code_fails_loudly(field: str) -> None:
    # A code the vocabulary does not know is never shown raw: the lookup raises. (validate
    # refuses such a code; the report must not rely on every value having come through it.)
    from dataclasses import replace

    from ecomap.report import render_report
    from ecomap.validate import load_text

    eco = load_text(SAMPLE_MAP, "maps/sample.yaml")
    if field == "partner_type":
        eco = replace(eco, participants=tuple(replace(p, partner_type="crypto")
                                              if p.id == "ins" else p for p in eco.participants))
    else:
        value = {"category": "crypto", "sensitivity": "crypto"}[field]
        eco = replace(eco, flows=tuple(replace(f, **{field: value}) if f.index == 0 else f
                                       for f in eco.flows))
    result = analysis_of(eco)
    with pytest.raises(KeyError, match="i18n: no zh label"):
        render_report(result, diagrams_of(eco, result, "zh", ("layered",)))


def test_hostile_map_is_inert() -> None:
    html = report_of_text(hostile_map_text())
    _assert_inert(html)
    for p in PAYLOADS[:2]:
        assert p not in html


# ---------------------------------------------------------------- real maps


@pytest.mark.parametrize("path", MAPS, ids=[p.stem for p in MAPS])
def test_example_maps(path) -> None:  # type: ignore[no-untyped-def]
    for lang in ("zh", "en"):
        html = report_of_map(path, lang)
        tags = parse_tags(html)
        assert sum(1 for t, _ in tags.tags if t == "svg" and True) >= 2
        assert html.count('class="diagram-view') == 2
        # A map with phases, investments or KPIs gains the roadmap after the scenarios.
        roadmap = bool(re.search(r"^(phases|kpis):", path.read_text("utf-8"), re.M)
                       or " once" in path.read_text("utf-8"))
        order = SECTION_ORDER[:10] + ["roadmap"] * roadmap + SECTION_ORDER[10:]
        assert re.findall(r'<section id="([a-z]+)"', html) == order
        assert html == report_of_map(path, lang)
        _assert_no_leaks(html)


def test_style_attributes_in_diagram_allowed_only_as_attributes() -> None:
    svg = SAMPLE_SVG.replace('<g id="node-me" class="node">',
                             '<g id="node-me" class="node" style="opacity:0.9">')
    csp = csp_of(render_sample({"layered": svg}))
    assert "style-src-attr 'unsafe-inline'" in csp
    assert "style-src-attr 'none'" in csp_of(render_sample({"layered": SAMPLE_SVG}))
    # A diagram's own <style> rules travel into the one hashed stylesheet.
    styled = SAMPLE_SVG.replace("<title>ecomap</title>",
                                "<title>ecomap</title><style>.edge path{stroke-width:2}</style>")
    html = render_sample({"layered": styled})
    tags = parse_tags(html)
    assert len(tags.styles) == 1 and ".edge path{stroke-width:2}" in tags.styles[0]
    assert f"style-src-elem '{sha(tags.styles[0])}'" in csp_of(html)


# ---------------------------------------------------------------- figures agree with analyze

INTERNAL_UNIT_PAYS = """\
ecomap: 1
title: 内部单位付款
focus: me
participants:
  me: {name: 我们, layer: core}
  unit: {name: 子公司, layer: core, internal: true}
  sup: {name: 供应商, layer: strategic}
  u: {name: 用户, layer: users}
flows:
  - {from: u, to: me, kind: money, label: 服务费, amount: 100 CNY/year}
  - {from: me, to: u, kind: service, label: 服务}
  - {from: unit, to: sup, kind: money, label: 采购款}
  - {from: sup, to: unit, kind: asset, label: 零件}
  - {from: me, to: unit, kind: money, label: 内部结算}
"""


def test_unquantified_costs_are_counted_by_the_analysis_only() -> None:
    # The report used to recount payments without an amount its own way and disagreed with
    # analyze. Money is consolidated over the focus organisation (SPEC §1): an internal unit
    # paying an outside supplier is a cost of it, and both outputs count that one payment.
    from ecomap.analysis import analyze, format_text
    from ecomap.validate import load_map, load_text

    result = analyze(load_text(INTERNAL_UNIT_PAYS, "unit.yaml"))
    assert result.base.revenue.unquantified_costs == ("unit->sup:money",)
    assert "另有 1 笔未标金额" in format_text(result)
    html = report_of_text(INTERNAL_UNIT_PAYS, name="unit.yaml")
    assert i18n.STRINGS["zh"]["costs_unquantified_one"] in html
    # nio_baas: six payments without an amount, in analyze and in the report alike.
    path = next(p for p in MAPS if p.stem == "nio_baas")
    n = len(analyze(load_map(str(path))).base.revenue.unquantified_costs)
    assert n == 6 and "另有 6 笔未标金额" in format_text(analyze(load_map(str(path))))
    assert i18n.STRINGS["zh"]["costs_unquantified"].format(n=n) in report_of_map(path, "zh")


def test_a_range_with_equal_ends_prints_once_in_report_and_analyze() -> None:
    from ecomap.analysis import analyze, format_text
    from ecomap.validate import load_text

    text = INTERNAL_UNIT_PAYS.replace("amount: 100 CNY/year",
                                      "amount: 352800000-352810000 CNY/year")
    analyzed = format_text(analyze(load_text(text, "unit.yaml")))
    html = report_of_text(text, name="unit.yaml")
    page = re.sub(r"<svg [^>]*class=\"diagram\".*?</svg>", "", html, flags=re.S)  # the report's own
    assert "约3.528亿元" in analyzed and "约3.528亿元" in page
    assert "3.528亿–3.528亿" not in page


def test_the_two_partner_scorecards_are_apart() -> None:
    """Issue 11: 第2步 伙伴筛选 and 机制3 质量管理 are two tables, each with its own weights and
    names; the tier is in the quality table only and needs the rating and the complaint rate."""
    html = report_of_map(next(m for m in MAPS if m.name == "partner_network.yaml"))
    section = html[html.index('<section id="scorecard">'):]
    section = section[:section.index("</section>")]
    screening = section[section.index('class="sortable screening"'):]
    screening = screening[:screening.index("</table>")]
    quality = section[section.index('class="sortable quality"'):]
    quality = quality[:quality.index("</table>")]
    for head in ("服务质量 40%", "覆盖范围 25%", "成本竞争力 20%", "系统对接能力 15%", "筛选得分"):
        assert head in screening
    for head in ("客户满意度 40%", "服务响应速度 25%", "投诉处理 20%", "价格合理性 15%",
                 "客户评分", "投诉率", "等级"):
        assert head in quality
    assert "tier-" not in screening and "协同" not in section and "对接 15%" not in section
    assert "金牌 &gt;4.8 且 &lt;0.5%，银牌 &gt;4.5 且 &lt;1%，铜牌 &gt;4.0 且 &lt;2%" in section
    rows = re.findall(r'<tr class="prow" data-pid="(\w+)">(.*?)</tr>', quality, re.S)
    assert [pid for pid, _ in rows] == ["shenzhou", "pingan", "zhaolian", "teld", "guazi"]
    zhaolian = dict(rows)["zhaolian"]  # rated 4.81 but 1.5% complaints: 铜牌
    assert "<b>4.81</b>" in zhaolian and "1.5%" in zhaolian and "tier-bronze" in zhaolian
    assert 'data-pid="huawei"' in screening and 'data-pid="huawei"' not in quality
