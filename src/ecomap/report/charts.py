"""The report's own charts as SVG geometry: horizontal bars and a diverging net-money chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecomap.amounts import Value
from ecomap.report.format import Fmt


@dataclass(frozen=True)
class BarRow:
    label: str
    value: Value | None
    cls: str = ""
    pid: str = ""  # the participant a bar stands for (diverging chart): selects it on click



def _text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK and full-width characters are square, Latin about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.56 for ch in text)


def _clip(text: str, size: float, width: float) -> str:
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(rows: list[BarRow], fmt: Fmt, width: int = 520) -> dict[str, Any]:
    """Horizontal bars, one per row; a range draws its uncertain part lighter."""
    size, row_h, bar_h = 13.0, 30, 18
    label_w = min(170.0, max([_text_width(r.label, size) for r in rows] + [60.0]) + 12)
    value_w = 100.0
    plot_w = width - label_w - value_w
    values = [r.value for r in rows]
    top = max([float(v.high) for v in values if v is not None] + [0.0])
    bars = []
    for i, r in enumerate(rows):
        v = r.value
        low = float(v.low) if v else 0.0
        high = float(v.high) if v else 0.0
        scale = plot_w / top if top > 0 else 0.0
        y = 8 + i * row_h
        bars.append({
            "y": y, "ty": y + bar_h / 2 + 4.5, "label": _clip(r.label, size, label_w - 12),
            "full": r.label, "x": label_w, "w": round(max(low, 0) * scale, 1),
            "rw": round(max(high - max(low, 0), 0) * scale, 1) if v and v.is_range else 0,
            "vx": round(label_w + max(high, 0) * scale + 6, 1), "h": bar_h,
            "text": fmt.money(r.value), "cls": r.cls,
        })
    return {"width": width, "height": 16 + len(rows) * row_h, "label_w": label_w, "bars": bars}


def diverging_chart(rows: list[BarRow], fmt: Fmt, width: int = 1000) -> dict[str, Any]:
    """Net money per participant: gains to the right of the axis, losses to the left."""
    size, row_h, bar_h = 12.5, 26, 16
    label_w = min(190.0, max([_text_width(r.label, size) for r in rows] + [60.0]) + 12)
    value_w = 96.0
    plot_w = width - label_w - 2 * value_w
    mids = [float(v.mid) for v in (r.value for r in rows) if v is not None]
    pos = max([m for m in mids if m > 0] + [0.0])
    neg = -min([m for m in mids if m < 0] + [0.0])
    span = pos + neg
    axis = label_w + value_w + (plot_w * neg / span if span else plot_w / 2)
    scale = plot_w / span if span else 0.0
    bars = []
    for i, r in enumerate(rows):
        v = r.value
        m = float(v.mid) if v else 0.0
        w = abs(m) * scale
        y = 8 + i * row_h
        x = axis if m >= 0 else axis - w
        bars.append({
            "y": y, "ty": y + bar_h / 2 + 4.5, "label": _clip(r.label, size, label_w - 10),
            "full": r.label, "x": round(x, 1), "w": round(max(w, 1.0), 1), "h": bar_h,
            "cls": "pos" if m > 0 else "neg" if m < 0 else "zero", "pid": r.pid,
            "vx": round(axis + w + 6 if m >= 0 else axis - w - 6, 1),
            "anchor": "start" if m >= 0 else "end", "text": fmt.money(r.value, signed=True),
        })
    return {"width": width, "height": 16 + len(rows) * row_h, "axis": round(axis, 1),
            "label_w": label_w, "bars": bars}


