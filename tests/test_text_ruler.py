"""The one text ruler (layout/measure.py) against Graphviz itself: wide glyphs and line breaks in
participant names and flow labels must not make a valid map impossible to draw (issue 13,
"Valid maps that cannot be drawn": neato -n2 refused fixed-size boxes as "too small for label").
"""

from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

from ecomap.layout.dotlang import h
from ecomap.layout.measure import line_count, lines, text_height, text_width, wrap
from ecomap.layout.options import DiagramOptions
from ecomap.layout.style import GRAPHVIZ_FONT
from ecomap.render.svg import render
from ecomap.validate import load_text

WIDE_NAMES = {
    "W": "W" * 10,
    "AE": "Æ" * 12,
    "m": "m" * 20,
    "em-dash": "—" * 16,
    "at": "@" * 14,
    "emoji": "🚗" * 8,
}
# A line break in a name is drawn as a line break, whichever of LF, CR or CRLF it is.
MULTI_LINE_NAMES = {
    "LF": "first line\nsecond line\nthird\nfourth\nfifth",
    "CR": "Wa\rWb\rWc",
    "CRLF": "Wide\r\nWWWW\r\nWWWWWWWW",
}
LONG_LABELS = {"W": "W" * 50, "m": "m" * 50, "mixed": "Mm" * 25, "CR": "WWWW\rMMMM\rmmmm"}


def _map(name: str, label: str = "pays") -> str:
    n, lab = json.dumps(name, ensure_ascii=False), json.dumps(label, ensure_ascii=False)
    return (f"ecomap: 1\ntitle: ruler\nfocus: a\nparticipants:\n"
            f"  a: {{name: {n}, layer: core, role: {n}}}\n"
            f"  b: {{name: B, layer: core}}\n"
            f"  c: {{name: C, layer: core}}\n"
            f"flows:\n"
            f"  - {{from: a, to: b, kind: money, label: {lab}, amount: 1000}}\n"
            f"  - {{from: b, to: c, kind: data, label: {lab}}}\n")


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


@pytest.mark.parametrize("layout", ["layered", "radial"])
@pytest.mark.parametrize("name", list(WIDE_NAMES.values()), ids=list(WIDE_NAMES))
def test_wide_name_is_drawn(layout: str, name: str) -> None:
    svg = render(load_text(_map(name), "wide.yaml"), DiagramOptions(layout=layout)).decode()
    assert name in _svg_texts(svg)


@pytest.mark.parametrize("layout", ["layered", "radial"])
@pytest.mark.parametrize("name", list(MULTI_LINE_NAMES.values()), ids=list(MULTI_LINE_NAMES))
def test_multi_line_name_is_drawn_as_lines(layout: str, name: str) -> None:
    svg = render(load_text(_map(name), "lines.yaml"), DiagramOptions(layout=layout)).decode()
    texts = _svg_texts(svg)
    for line in lines(name):
        assert line in texts, line
    assert "\r" not in svg


@pytest.mark.parametrize("layout", ["layered", "radial"])
@pytest.mark.parametrize("label", list(LONG_LABELS.values()), ids=list(LONG_LABELS))
def test_long_unbroken_flow_label_is_drawn(layout: str, label: str) -> None:
    svg = render(load_text(_map("A", label), "label.yaml"), DiagramOptions(layout=layout)).decode()
    texts = _svg_texts(svg)
    # Wrapped to two lines and cut with an ellipsis where it is longer than that.
    wrapped = wrap(label, 12.0, 2).split("\n")
    assert len(wrapped) == 2 and wrapped[1].endswith("…")
    for line in wrapped:
        assert line in texts, line


# ------------------------------------------------------------------ the ruler itself

SIZE = 100.0
PROBES = [*WIDE_NAMES.values(), "Noto 中文 mixed — text", "⚠ ✕ ━━━ ╍╍╍ ═══ •••", "¥€$%&@#",
          "ÆŒẞ ÞÐ", "ШЖЩЮ ΩΣΨ", "ｗｉｄｅ，（全角）", "i.l,:;|!' "]


def _graphviz_widths(texts: list[str]) -> list[float]:
    """How wide Graphviz lays out each text, bold, at SIZE points (from its xdot output)."""
    nodes = "\n".join(f'  n{i} [label=<<B>{html.escape("|" + t + "|")}</B>>];'
                      for i, t in enumerate(["", *texts]))
    dot = (f'graph g {{ node [shape=plaintext, fontname="{GRAPHVIZ_FONT}", '
           f"fontsize={SIZE:g}];\n{nodes}\n}}")
    out = subprocess.run(["dot", "-Txdot"], input=dot, capture_output=True, text=True,
                         check=True, timeout=60).stdout.replace("\\\n", "")
    found = {int(m.group(1)): float(m.group(2)) for m in re.finditer(
        r'\bn(\d+)\s*\[[^\]]*?_ldraw_="[^"]*? T [-\d.]+ [-\d.]+ -?\d+ ([\d.]+) ', out)}
    return [found[i + 1] - found[0] for i in range(len(texts))]


def test_ruler_never_underestimates_graphviz() -> None:
    for text, drawn in zip(PROBES, _graphviz_widths(PROBES), strict=True):
        assert text_width(text, SIZE) >= drawn - 0.5, (text, text_width(text, SIZE), drawn)


def test_line_breaks_are_counted_the_same_everywhere() -> None:
    text = "a\r\nb\rc\nd"
    assert lines(text) == ["a", "b", "c", "d"]
    assert line_count(text) == 4 and line_count("") == 0
    assert h(text) == "a<BR/>b<BR/>c<BR/>d"
    assert text_height(text, 10.0) == 4 * text_height("a", 10.0)
    assert text_width("W\rWWW\nWW", 10.0) == text_width("WWW", 10.0)
    assert wrap("one\rtwo", 12.0, 2) == "one\ntwo"
