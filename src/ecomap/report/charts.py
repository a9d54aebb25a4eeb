"""The report's own charts as SVG geometry: horizontal bars, a diverging net-money chart and
the roadmap's cumulative cash curve."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ecomap.amounts import Value
from ecomap.layout.measure import text_width
from ecomap.report.format import Fmt


@dataclass(frozen=True)
class BarRow:
    label: str
    value: Value | None
    cls: str = ""
    pid: str = ""  # the participant a bar stands for (diverging chart): selects it on click



def _clip(text: str, size: float, width: float) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(rows: list[BarRow], fmt: Fmt, width: int = 520) -> dict[str, Any]:
    """Horizontal bars, one per row; a range draws its uncertain part lighter."""
    size, row_h, bar_h = 13.0, 30, 18
    label_w = min(170.0, max([text_width(r.label, size) for r in rows] + [60.0]) + 12)
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
    label_w = min(190.0, max([text_width(r.label, size) for r in rows] + [60.0]) + 12)
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




Curve = tuple[tuple[Fraction, Fraction], ...]


def cash_chart(best: Curve, worst: Curve, phases: list[tuple[str, int, int]],
               paybacks: list[tuple[float, str]], fmt: Fmt, month_label: str,
               width: int = 760, height: int = 300) -> dict[str, Any]:
    """The cumulative cash over months: the best and the worst case as two lines with the band
    between them, the zero line, each phase as a shaded column (``phases``: name, start, end),
    and a mark where each line crosses zero (``paybacks``: month, label)."""
    left, right, top, bottom = 96.0, 24.0, 44.0, 40.0
    plot_w, plot_h = width - left - right, height - top - bottom
    months = [float(m) for m, _ in (*best, *worst)] or [12.0]
    cash = [float(c) for _, c in (*best, *worst)] or [0.0]
    last = max(months + [1.0])
    high, low = max(cash + [0.0]), min(cash + [0.0])
    if high == low:
        high = low + 1.0
    pad = (high - low) * 0.08
    high, low = high + pad, low - pad

    def x(m: float) -> float:
        return round(left + m / last * plot_w, 1)

    def y(c: float) -> float:
        return round(top + (high - c) / (high - low) * plot_h, 1)

    def line(curve: Curve) -> str:
        return " ".join(f"{x(float(m))},{y(float(c))}" for m, c in curve)

    band = line(best) + " " + " ".join(
        f"{x(float(m))},{y(float(c))}" for m, c in reversed(worst))
    step = 6 if last <= 48 else 12
    ticks = [{"x": x(m), "text": str(m)} for m in range(0, int(last) + 1, step)]
    # Phase names on two staggered rows: a short phase's name may run over the next column.
    shown = [(name, s, min(e, last)) for name, s, e in phases if s < last]
    columns = []
    for i, (name, s, e) in enumerate(shown):
        room = (shown[i + 2][1] if i + 2 < len(shown) else last) - s
        columns.append({"x": x(s), "w": round(x(e) - x(s), 1), "full": name,
                        "name": _clip(name, 13.0, max(room / last * plot_w - 8, 20.0)),
                        "tx": round(x(s) + 4, 1), "ty": top - 20 if i % 2 == 0 else top - 5,
                        "odd": i % 2 == 1})
    marks = [{"x": x(m), "label": label, "anchor": "end" if x(m) > width - 160 else "start",
              "tx": round(x(m) - 4 if x(m) > width - 160 else x(m) + 4, 1), "ty": top + 14 + 14 * i}
             for i, (m, label) in enumerate(paybacks) if 0 <= m <= last]
    values = sorted({low + pad, 0.0, high - pad})
    y_ticks = [{"y": y(v), "text": fmt.money(Value.of(Fraction(v).limit_denominator(1)))}
               for v in values]
    return {"width": width, "height": height, "left": left, "right": width - right,
            "top": top, "bottom": height - bottom, "zero": y(0.0), "best": line(best),
            "worst": line(worst), "band": band, "ticks": ticks, "y_ticks": y_ticks,
            "columns": columns, "marks": marks, "month_label": month_label,
            "axis_y": height - bottom + 28}
