"""The HTML report without a browser: structure, escaping, CSP, SVG sanitising, formatting."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from fractions import Fraction

import pytest

from ecomap import i18n
from ecomap.render.html import (
    Fmt,
    render_report,
    safe_link,
    sanitise_svg,
    sort_key,
    to_value,
)
from test_report_support import (
    CODE_KEYS,
    MAPS,
    PAYLOADS,
    SAMPLE_ANALYSIS,
    SAMPLE_SVG,
    csp_of,
    hostile_map_text,
    parse_tags,
    poison,
    report_of_map,
    report_of_text,
)

SECTION_ORDER = ["summary", "map", "participants", "matrix", "revenue", "net", "risks",
                 "compliance", "paths", "scenarios", "scorecard"]


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_report(SAMPLE_ANALYSIS, {"layered": SAMPLE_SVG, "radial": SAMPLE_SVG})


# ---------------------------------------------------------------- structure


def test_sections_in_reading_order(sample_html: str) -> None:
    ids = re.findall(r'<section id="([a-z]+)"', sample_html)
    assert ids == SECTION_ORDER
    _assert_no_leaks(sample_html)


def test_deterministic(sample_html: str) -> None:
    again = render_report(SAMPLE_ANALYSIS, {"layered": SAMPLE_SVG, "radial": SAMPLE_SVG})
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
    assert [f["ref"] for f in data["flows"]] == [f["ref"] for f in SAMPLE_ANALYSIS["flows"]]


def test_headline_and_matrix_content(sample_html: str) -> None:
    # Ranges stay ranges; the 工具2 matrix has its three questions; scorecard tier in Chinese.
    assert "150万–300万元" in sample_html
    for head in ("他给你什么", "你给他什么", "价值量化"):
        assert head in sample_html
    assert "铜牌" in sample_html and "4.05" in sample_html
    assert "敏感数据 驾驶数据 流出到 保险公司" in sample_html
    assert "保险公司退出" in sample_html and "−(150万–300万元)" in sample_html


def test_english(sample_html: str) -> None:
    html = render_report(SAMPLE_ANALYSIS, {"layered": SAMPLE_SVG}, lang="en")
    assert '<html lang="en">' in html
    assert "What they give you" in html and "他给你什么" not in html
    assert "¥1.5M–3M" in html
    # User text is never translated.
    assert "保险公司" in html


def test_lang_follows_locale_then_override() -> None:
    doc = dict(SAMPLE_ANALYSIS, locale="en")
    assert '<html lang="en">' in render_report(doc, {"layered": SAMPLE_SVG})
    assert '<html lang="zh-CN">' in render_report(doc, {"layered": SAMPLE_SVG}, lang="zh")
    assert i18n.pick_lang(None, "zh_CN") == "zh" and i18n.pick_lang("xx", None) == "zh"


def test_minimal_document_renders() -> None:
    html = render_report({"title": "空"}, {})
    assert "空" in html and "<section id=\"scorecard\"" in html


def test_one_layout_has_no_switch() -> None:
    html = render_report(SAMPLE_ANALYSIS, {"radial": SAMPLE_SVG})
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
    (352800000, "zh", "3.528亿元"),
    (352800000, "en", "¥352.8M"),
    (76500000, "zh", "7650万元"),
    ({"low": 1500000, "high": 3000000}, "zh", "150万–300万元"),
    (-200000, "zh", "−20万元"),
    (0.5, "zh", "0.5元"),
    (None, "zh", "—"),
])
def test_money(value: object, lang: str, text: str) -> None:
    assert Fmt(lang, "CNY").money(value) == text


def test_signed_and_sort_keys() -> None:
    assert Fmt("zh", "CNY").money(5, signed=True) == "+5元"
    assert sort_key({"low": 10, "high": 20}) == 15.0 and sort_key(None) == 0.0
    assert to_value(0.1) is not None and to_value(0.1).low == Fraction(1, 10)  # type: ignore
    assert to_value(True) is None and to_value("12") is None
    assert Fmt("zh", "CNY").times(1.8) == "1.8 倍" and Fmt("en", "CNY").times(2.15) == "2.15×"


def test_safe_link() -> None:
    assert safe_link("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_link("mailto:a@b.c") == "mailto:a@b.c"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x",
                "vbscript:x", "//evil.example", "file:///etc/passwd", None, 3):
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


def test_poisoned_analysis_is_inert() -> None:
    html = render_report(poison(SAMPLE_ANALYSIS), {"layered": SAMPLE_SVG})
    _assert_inert(html)
    assert "&lt;script&gt;window.__pwned" in html


@pytest.mark.parametrize("key", sorted(CODE_KEYS))
def test_unknown_code_fails_loudly(key: str) -> None:
    # A code the vocabulary does not know is never shown raw: the lookup raises.
    with pytest.raises(KeyError, match="i18n: no zh label"):
        render_report(poison(SAMPLE_ANALYSIS, keys={key}), {"layered": SAMPLE_SVG})


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
        assert re.findall(r'<section id="([a-z]+)"', html) == SECTION_ORDER
        assert html == report_of_map(path, lang)
        _assert_no_leaks(html)


def test_style_attributes_in_diagram_allowed_only_as_attributes() -> None:
    svg = SAMPLE_SVG.replace('<g id="node-me" class="node">',
                             '<g id="node-me" class="node" style="opacity:0.9">')
    csp = csp_of(render_report(SAMPLE_ANALYSIS, {"layered": svg}))
    assert "style-src-attr 'unsafe-inline'" in csp
    assert "style-src-attr 'none'" in csp_of(render_report(SAMPLE_ANALYSIS,
                                                           {"layered": SAMPLE_SVG}))
    # A diagram's own <style> rules travel into the one hashed stylesheet.
    styled = SAMPLE_SVG.replace("<title>ecomap</title>",
                                "<title>ecomap</title><style>.edge path{stroke-width:2}</style>")
    html = render_report(SAMPLE_ANALYSIS, {"layered": styled})
    tags = parse_tags(html)
    assert len(tags.styles) == 1 and ".edge path{stroke-width:2}" in tags.styles[0]
    assert f"style-src-elem '{sha(tags.styles[0])}'" in csp_of(html)
