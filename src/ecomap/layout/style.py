"""Colours, line styles, fonts and themes as data, keyed by flow kind, layer and theme."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# Graphviz resolves this through fontconfig; the SVG gets the full stack afterwards so that
# browsers and PowerPoint without Noto still find a CJK face.
GRAPHVIZ_FONT = "Noto Sans CJK SC"
FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


@dataclass(frozen=True)
class KindStyle:
    """How one flow kind is drawn; ``glyph`` draws the same line in the legend's text."""

    color: str
    style: str  # Graphviz edge style
    penwidth: float
    arrowhead: str
    glyph: str
    double: bool = False  # drawn as two parallel lines (colour list "c:bg:c")


@dataclass(frozen=True)
class Theme:
    """The colours of one theme (light, dark, print)."""

    name: str
    background: str
    text: str
    muted: str
    node_fill: tuple[str, ...]  # per layer, innermost first; the last repeats
    node_border: str
    focus_fill: str
    focus_border: str
    focus_text: str
    internal_fill: str
    ring_fill: tuple[str, ...]  # radial background bands, innermost first
    ring_line: str
    risk: str
    removed: str
    changed: str
    added: str  # what a scenario adds
    label_bg: str
    kinds: Mapping[str, KindStyle]
    new: str = "#138D75"  # what a roadmap phase adds (render --phase)


def _kinds(money: str, data: str, asset: str, service: str) -> Mapping[str, KindStyle]:
    return MappingProxyType({
        "money": KindStyle(money, "solid", 2.0, "normal", "━━━"),
        "data": KindStyle(data, "dashed", 1.6, "vee", "╍╍╍"),
        "asset": KindStyle(asset, "solid", 1.2, "empty", "═══", double=True),
        "service": KindStyle(service, "dotted", 2.0, "dot", "•••"),
    })


THEMES: Mapping[str, Theme] = MappingProxyType({
    "light": Theme(
        name="light", background="#FFFFFF", text="#1F2933", muted="#6B7785",
        node_fill=("#FFF4E0", "#E8F1FB", "#EAF6EC", "#F3ECF8", "#F4F4F4"),
        node_border="#8A96A3", focus_fill="#C0392B", focus_border="#8E1E14", focus_text="#FFFFFF",
        internal_fill="#FBE3DF",
        ring_fill=("#FDF2EC", "#F3F7FC", "#F2F9F3", "#F8F4FB", "#F7F7F7"),
        ring_line="#C9D1DA", risk="#D62728", removed="#A0A7AF", changed="#FF7F0E",
        added="#00A19A", label_bg="#FFFFFF",
        kinds=_kinds(money="#D68910", data="#2E6FD8", asset="#1E8449", service="#8E44AD"),
    ),
    "dark": Theme(
        name="dark", background="#14181F", text="#E6EAF0", muted="#98A2B3",
        node_fill=("#3A2A1A", "#1C2B3F", "#1D3324", "#2D2238", "#262B33"),
        node_border="#5C6878", focus_fill="#E74C3C", focus_border="#FFB3A8", focus_text="#FFFFFF",
        internal_fill="#4A2420",
        ring_fill=("#221C19", "#192029", "#18221C", "#201B26", "#1C2026"),
        ring_line="#3A4452", risk="#FF5A5A", removed="#5E6670", changed="#FFB020",
        added="#3FD9CF", label_bg="#14181F",
        kinds=_kinds(money="#F5B041", data="#5DADE2", asset="#58D68D", service="#C39BD3"),
        new="#48C9B0",
    ),
    # For black-and-white printers: line style carries the kind, greys the rest.
    "print": Theme(
        name="print", background="#FFFFFF", text="#000000", muted="#444444",
        node_fill=("#FFFFFF",), node_border="#000000", focus_fill="#DDDDDD",
        focus_border="#000000", focus_text="#000000", internal_fill="#F0F0F0",
        ring_fill=("#FFFFFF",), ring_line="#999999", risk="#000000", removed="#9A9A9A",
        changed="#000000", added="#000000", label_bg="#FFFFFF",
        kinds=_kinds(money="#000000", data="#333333", asset="#000000", service="#555555"),
        new="#000000",
    ),
})

FONT_SIZE = {"title": 22.0, "subtitle": 13.0, "name": 13.0, "focus": 15.0, "role": 10.0,
             "edge": 10.0, "band": 14.0, "legend": 11.0}


def layer_color(colors: tuple[str, ...], index: int) -> str:
    return colors[min(index, len(colors) - 1)]


# The partner tiers' dots (金/银/铜/黄牌); the print theme draws them black (the word says it).
TIER_COLORS: Mapping[str, str] = MappingProxyType({
    "gold": "#D4A017", "silver": "#8C96A0", "bronze": "#B06A2C", "yellow": "#F2C500",
})


# A medal for the three ranks, a card for the yellow card (its colour alone is close to gold's);
# both glyphs are in Noto Sans CJK (a fallback font would draw them smaller on a slide).
TIER_GLYPHS: Mapping[str, str] = MappingProxyType({"yellow": "■"})


def tier_glyph(tier: str) -> str:
    return TIER_GLYPHS.get(tier, "●")


def tier_color(theme: Theme, tier: str) -> str:
    return theme.text if theme.name == "print" else TIER_COLORS.get(tier, theme.muted)
