"""The output scanner finds what it looks for: its silence on real outputs means something."""

from __future__ import annotations

from output_scanner import scan_html, scan_svg, scan_text

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def test_svg_findings() -> None:
    link = '<a xlink:href="https://x.example"><text>ok</text></a>'
    assert scan_svg(SVG.format(link).encode()) == []
    assert scan_svg(b"<svg><unclosed></svg>")[0].startswith("svg: does not parse")
    assert scan_svg(SVG.format("<script>alert(1)</script>").encode()) == ["svg: <script>"]
    assert scan_svg(SVG.format('<g onload="x"/>').encode()) == ["svg: event attribute onload"]
    assert scan_svg(SVG.format("<foreignObject/>").encode()) == ["svg: <foreignobject>"]
    assert scan_svg(SVG.format('<a xlink:href="javascript:alert(1)"/>').encode()) != []


def test_html_findings() -> None:
    own = b'<script type="application/json">{}</script><script>1</script><a href="#x">x</a>'
    assert scan_html(own) == []
    assert scan_html(own + b"<script>2</script>") == ["report: 2 scripts (the report has one)"]
    assert scan_html(b'<img src="x" onerror="alert(1)">') != []
    assert scan_html(b'<a href="javascript:alert(1)">x</a>') != []
    assert scan_html(b'<script src="https://cdn.example/x.js"></script>') != []
    assert scan_html(b'<a href="mailto:a@b.example">m</a>') == []


def test_text_findings() -> None:
    assert scan_text("fine\tline\n") == []
    assert scan_text("a\x1b[2Jb") == ["text: raw control character U+001B"]
    assert scan_text("a\rb") != [] and scan_text("a\u202eb") != []
