"""The self-contained HTML report: analysis JSON + diagram SVGs → one offline, bilingual page.

Everything the page shows is computed here (figures formatted per locale, chart geometry) and
rendered by jinja2 with autoescape on. The one inline ``<script>`` and ``<style>`` are allowed
by their SHA-256 in a Content Security Policy, so nothing else can run or load.
"""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from fractions import Fraction
from html.entities import name2codepoint
from pathlib import Path
from typing import Any

import jinja2

from ecomap.amounts import Value, format_money, format_number
from ecomap.errors import printable
from ecomap.render import i18n

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
KINDS = ("money", "data", "asset", "service")
CATEGORY_ORDER = ("service", "data", "commission", "subscription", "finance", "other")
LEVELS = ("low", "medium", "high")
TIER_ORDER = ("gold", "silver", "bronze", "yellow")

# Used only until/unless ecomap.layout.style is importable; the diagram's colours win.
_FALLBACK_KINDS = {
    "money": ("#D68910", "solid"), "data": ("#2E6FD8", "dashed"),
    "asset": ("#1E8449", "double"), "service": ("#8E44AD", "dotted"),
}
_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{3,8}$")


def kind_styles() -> dict[str, dict[str, str]]:
    """Colour and CSS line style per flow kind, taken from the diagram's light theme."""
    result = {k: {"color": c, "line": s} for k, (c, s) in _FALLBACK_KINDS.items()}
    try:
        from ecomap.layout.style import THEMES

        for kind, ks in THEMES["light"].kinds.items():
            if kind in result and _COLOUR_RE.match(str(ks.color)):
                line = "double" if getattr(ks, "double", False) else str(ks.style)
                result[kind] = {"color": str(ks.color),
                                "line": line if line in ("solid", "dashed", "dotted", "double")
                                else "solid"}
    except Exception:  # noqa: BLE001 - the style module is optional for the report
        pass
    return result


# ---------------------------------------------------------------- money and numbers


def _frac(x: Any) -> Fraction:
    if isinstance(x, bool):
        raise TypeError("not a number")
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(str(x))  # str() keeps the float's short decimal form (0.1, not 0.1000…01)


def to_value(x: Any) -> Value | None:
    """A JSON money figure (number or {"low","high"}) as an exact ``Value``; None if absent."""
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, Mapping):
        try:
            return Value(_frac(x["low"]), _frac(x["high"]))
        except (KeyError, TypeError, ValueError):
            return None
    if isinstance(x, (int, float)):
        return Value.of(_frac(x))
    return None


class Fmt:
    """Formatting in one language and currency; every figure on the page goes through here."""

    def __init__(self, lang: str, currency: str) -> None:
        self.lang = lang
        self.currency = currency

    def money(self, x: Any, signed: bool = False) -> str:
        v = to_value(x)
        if v is None:
            return "—"
        text = format_money(v, self.currency, self.lang)
        if signed and v.low > 0:
            text = "+" + text
        text = re.sub(r"^([¥$])-", r"-\1", text)  # ¥-200K → -¥200K
        text = re.sub(r"-(?=[\d¥$(])", "−", text)  # a real minus sign reads better in tables
        return text

    def number(self, x: Any) -> str:
        v = to_value(x)
        if v is None:
            return "—"
        if v.is_range:
            return f"{format_number(v.low, self.lang)}–{format_number(v.high, self.lang)}"
        return format_number(v.low, self.lang)

    def percent(self, x: Any) -> str:
        if x is None or isinstance(x, bool) or not isinstance(x, (int, float)):
            return "—"
        return f"{x * 100:.1f}%"

    def times(self, x: Any) -> str:
        if x is None or isinstance(x, bool) or not isinstance(x, (int, float)):
            return "—"
        return i18n.STRINGS[self.lang]["times"].format(x=f"{x:.2f}".rstrip("0").rstrip("."))


def sort_key(x: Any) -> float:
    """The number a table sorts by: the value, or the middle of a range; 0 when absent."""
    v = to_value(x)
    return float(v.mid) if v is not None else 0.0


def sign(x: Any) -> int:
    v = to_value(x)
    if v is None:
        return 0
    m = v.mid
    return (m > 0) - (m < 0)


# ---------------------------------------------------------------- SVG sanitising

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text",
    "tspan", "title", "desc", "defs", "a", "linearGradient", "radialGradient", "stop",
    "clipPath", "marker", "use", "symbol", "pattern", "mask",
})
_PROLOG_RE = re.compile(
    r"<\?xml[^>]*\?>|<!DOCTYPE(?:[^>\[]|\[[^\]]*\])*>|<!--.*?-->", re.S | re.I)
_ENTITY_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_CTRL_RE = re.compile(r"[\x00-\x20\x7f]+")
_URL_REF_RE = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)")
_BAD_STYLE_RE = re.compile(r"url\s*\((?!\s*['\"]?#)|expression|@import|javascript:|\\|</", re.I)


def safe_link(href: object) -> str | None:
    """``href`` when it is http, https or mailto; None for anything else."""
    if not isinstance(href, str):
        return None
    compact = _CTRL_RE.sub("", href).lower()
    if compact.startswith(("http://", "https://", "mailto:")):
        return href.strip()
    return None


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _safe_css(css: str) -> str:
    """Keep an SVG's own <style> rules unless they could load or run anything."""
    kept = []
    for rule in re.findall(r"[^{}]*\{[^{}]*\}", css):
        if not _BAD_STYLE_RE.search(rule) and "@" not in rule:
            kept.append(rule.strip())
    return "\n".join(kept)


def _esc_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(s: str) -> str:
    return _esc_text(s).replace('"', "&quot;")


class SanitisedSvg:
    """The result of :func:`sanitise_svg`: markup to inline, and CSS lifted from <style>."""

    def __init__(self, markup: str, css: str, has_style_attrs: bool) -> None:
        self.markup = markup
        self.css = css
        self.has_style_attrs = has_style_attrs


def sanitise_svg(text: str, prefix: str = "") -> SanitisedSvg:
    """Make a diagram SVG safe to inline: only drawing elements; no scripts, event handlers,
    foreign content or outside links; ids prefixed (original kept in ``data-eid``) so that two
    diagrams can share a page. Raises ``ValueError`` when ``text`` is not an SVG document."""
    body = _PROLOG_RE.sub("", text)
    # Without the DTD, HTML entity names (Graphviz may pass &nbsp; through) are not XML.
    body = _ENTITY_RE.sub(
        lambda m: m.group(0) if m.group(1) in _XML_ENTITIES
        else f"&#{name2codepoint[m.group(1)]};" if m.group(1) in name2codepoint
        else "&amp;" + m.group(0)[1:], body)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ValueError(f"diagram SVG is not well-formed XML: {exc}") from exc
    if _local(root.tag)[1] != "svg":
        raise ValueError("diagram SVG must have an <svg> root element")

    css_parts: list[str] = []
    ids: set[str] = set()

    def prune(el: ET.Element) -> None:
        for child in list(el):
            if not isinstance(child.tag, str):  # comments, processing instructions
                el.remove(child)
                continue
            ns, local = _local(child.tag)
            if ns in ("", SVG_NS) and local == "style":
                css_parts.append(_safe_css("".join(child.itertext())))
                el.remove(child)
            elif ns not in ("", SVG_NS) or local not in _ALLOWED_ELEMENTS:
                el.remove(child)
            else:
                prune(child)

    prune(root)
    for el in root.iter():
        if el.get("id"):
            ids.add(str(el.get("id")))

    def fix_ref(value: str) -> str:
        return _URL_REF_RE.sub(
            lambda m: f"url(#{prefix}{m.group(1)})" if m.group(1) in ids else "none", value)

    has_style = False
    out: list[str] = []

    def emit(el: ET.Element) -> None:
        nonlocal has_style
        _, tag = _local(el.tag)
        attrs: list[tuple[str, str]] = []
        for name, value in el.attrib.items():
            ns, local = _local(name)
            if ns == XLINK_NS:
                qname = "xlink:" + local
            elif ns == XML_NS:
                qname = "xml:" + local
            elif ns == "":
                qname = local
            else:
                continue
            low = local.lower()
            compact = _CTRL_RE.sub("", value).lower()
            if low.startswith("on") or "javascript:" in compact or "vbscript:" in compact:
                continue
            if el is root and low in ("width", "height", "xmlns", "style"):
                continue
            if low == "href":
                if value.startswith("#"):
                    target = value[1:]
                    if target not in ids:
                        continue
                    value = "#" + prefix + target
                elif tag != "a" or safe_link(value) is None:
                    continue
            if low == "style":
                if _BAD_STYLE_RE.search(value):
                    continue
                has_style = True
            if low == "id":
                attrs.append(("data-eid", value))
                value = prefix + value
            elif "url(" in value:
                value = fix_ref(value)
            attrs.append((qname, value))
        if el is root:
            attrs.append(("class", "diagram"))
            attrs.append(("role", "img"))
        if tag == "a" and any(n in ("href", "xlink:href") for n, _ in attrs):
            attrs += [("target", "_blank"), ("rel", "noopener noreferrer")]
        rendered = "".join(f' {n}="{_esc_attr(v)}"' for n, v in attrs)
        children = list(el)
        if not children and not el.text:
            out.append(f"<{tag}{rendered}/>")
        else:
            out.append(f"<{tag}{rendered}>")
            if el.text:
                out.append(_esc_text(el.text))
            for child in children:
                emit(child)
                if child.tail:
                    out.append(_esc_text(child.tail))
            out.append(f"</{tag}>")

    emit(root)
    return SanitisedSvg("".join(out), "\n".join(p for p in css_parts if p), has_style)


# ---------------------------------------------------------------- charts (SVG geometry)


def _text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK and full-width characters are square, Latin about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.56 for ch in text)


def _clip(text: str, size: float, width: float) -> str:
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(rows: list[dict[str, Any]], fmt: Fmt, width: int = 520) -> dict[str, Any]:
    """Horizontal bars; each row has ``label``, ``value`` (JSON money) and a ``cls``."""
    size, row_h, bar_h = 13.0, 30, 18
    label_w = min(170.0, max([_text_width(r["label"], size) for r in rows] + [60.0]) + 12)
    value_w = 100.0
    plot_w = width - label_w - value_w
    values = [to_value(r["value"]) for r in rows]
    top = max([float(v.high) for v in values if v is not None] + [0.0])
    bars = []
    for i, r in enumerate(rows):
        v = to_value(r["value"])
        low = float(v.low) if v else 0.0
        high = float(v.high) if v else 0.0
        scale = plot_w / top if top > 0 else 0.0
        y = 8 + i * row_h
        bars.append({
            "y": y, "ty": y + bar_h / 2 + 4.5, "label": _clip(r["label"], size, label_w - 12),
            "full": r["label"], "x": label_w, "w": round(max(low, 0) * scale, 1),
            "rw": round(max(high - max(low, 0), 0) * scale, 1) if v and v.is_range else 0,
            "vx": round(label_w + max(high, 0) * scale + 6, 1), "h": bar_h,
            "text": fmt.money(r["value"]), "cls": r.get("cls", ""),
        })
    return {"width": width, "height": 16 + len(rows) * row_h, "label_w": label_w, "bars": bars}


def diverging_chart(rows: list[dict[str, Any]], fmt: Fmt, width: int = 1000) -> dict[str, Any]:
    """Net money per participant: gains to the right of the axis, losses to the left."""
    size, row_h, bar_h = 12.5, 26, 16
    label_w = min(190.0, max([_text_width(r["label"], size) for r in rows] + [60.0]) + 12)
    value_w = 96.0
    plot_w = width - label_w - 2 * value_w
    mids = [float(v.mid) for v in (to_value(r["value"]) for r in rows) if v is not None]
    pos = max([m for m in mids if m > 0] + [0.0])
    neg = -min([m for m in mids if m < 0] + [0.0])
    span = pos + neg
    axis = label_w + value_w + (plot_w * neg / span if span else plot_w / 2)
    scale = plot_w / span if span else 0.0
    bars = []
    for i, r in enumerate(rows):
        v = to_value(r["value"])
        m = float(v.mid) if v else 0.0
        w = abs(m) * scale
        y = 8 + i * row_h
        x = axis if m >= 0 else axis - w
        bars.append({
            "y": y, "ty": y + bar_h / 2 + 4.5, "label": _clip(r["label"], size, label_w - 10),
            "full": r["label"], "x": round(x, 1), "w": round(max(w, 1.0), 1), "h": bar_h,
            "cls": "pos" if m > 0 else "neg" if m < 0 else "zero", "pid": r["pid"],
            "vx": round(axis + w + 6 if m >= 0 else axis - w - 6, 1),
            "anchor": "start" if m >= 0 else "end", "text": fmt.money(r["value"], signed=True),
        })
    return {"width": width, "height": 16 + len(rows) * row_h, "axis": round(axis, 1),
            "label_w": label_w, "bars": bars}


# ---------------------------------------------------------------- the view model


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_link"] = safe_link
    return env


def _list(x: Any) -> list[Any]:
    return list(x) if isinstance(x, (list, tuple)) else []


def _dict(x: Any) -> dict[str, Any]:
    return dict(x) if isinstance(x, Mapping) else {}


def build_view(analysis: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Everything the template shows, formatted for ``lang``."""
    t = i18n.STRINGS[lang]
    fmt = Fmt(lang, str(analysis.get("currency") or "CNY"))
    focus = analysis.get("focus")
    participants = [_dict(p) for p in _list(analysis.get("participants"))]
    by_id = {p.get("id"): p for p in participants}
    flows = [_dict(f) for f in _list(analysis.get("flows"))]
    layers = [_dict(layer) for layer in _list(analysis.get("layers"))]
    layer_name = {layer.get("id"): layer.get("name") or layer.get("id") for layer in layers}
    findings = [_dict(f) for f in _list(analysis.get("findings"))]
    revenue = _dict(analysis.get("revenue"))

    def name(pid: Any) -> str:
        p = by_id.get(pid)
        return str(p.get("name") or pid) if p else str(pid)

    def names(pids: Iterable[Any]) -> list[dict[str, str]]:
        return [{"id": str(pid), "name": name(pid)} for pid in pids]

    flow_by_ref = {f.get("ref"): f for f in flows}

    def flow_text(ref: Any) -> str:
        f = flow_by_ref.get(ref)
        if not f:
            return str(ref)
        return f"{name(f.get('from'))} → {name(f.get('to'))}：{f.get('label') or ''}".rstrip("：")

    # Participants by layer.
    def prow(p: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": p.get("id"), "name": name(p.get("id")), "role": p.get("role") or "",
            "layer": layer_name.get(p.get("layer"), p.get("layer") or ""),
            "type": i18n.label(i18n.PARTNER_TYPES, lang, p.get("partner_type")),
            "internal": bool(p.get("internal")), "focus": p.get("id") == focus,
            "count": p.get("count"), "count_text": fmt.number(p.get("count"))
            if p.get("count") is not None else "",
            "in": fmt.money(p.get("money_in")), "in_sort": sort_key(p.get("money_in")),
            "out": fmt.money(p.get("money_out")), "out_sort": sort_key(p.get("money_out")),
            "net": fmt.money(p.get("net"), signed=True), "net_sort": sort_key(p.get("net")),
            "net_sign": sign(p.get("net")),
            "risk": [i18n.label(i18n.CHECKS, lang, c) for c in _list(p.get("risk"))],
            "url": safe_link(p.get("url")),
        }

    layer_groups: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for layer in layers:
        ids = [pid for pid in _list(layer.get("participants")) if pid in by_id]
        seen.update(ids)
        layer_groups.append({"id": layer.get("id"), "name": layer_name[layer.get("id")],
                             "rows": [prow(by_id[pid]) for pid in ids]})
    rest = [p for p in participants if p.get("id") not in seen]
    if rest:
        layer_groups.append({"id": "_other", "name": "—", "rows": [prow(p) for p in rest]})

    # Value-exchange matrix (工具2): the focus's pairs first, other pairs folded away.
    def gives(d: Any) -> list[dict[str, Any]]:
        d = _dict(d)
        return [{"kind": k, "kind_name": i18n.label(i18n.KINDS, lang, k),
                 "labels": [str(x) for x in _list(d.get(k)) if x is not None]}
                for k in KINDS if _list(d.get(k))] + [
                {"kind": k, "kind_name": str(k), "labels": [str(x) for x in _list(v)]}
                for k, v in d.items() if k not in KINDS and _list(v)]

    def rates(src: Any, dst: Any) -> list[str]:
        """The map's own rates of the money flows src → dst ("980 CNY/month × 3万")."""
        out = []
        for f in flows:
            if f.get("from") == src and f.get("to") == dst and f.get("kind") == "money" \
                    and f.get("amount"):
                text = str(f["amount"])
                if f.get("volume") is not None:
                    text += f" × {fmt.number(f.get('volume'))}"
                for share in _list(f.get("share")):
                    is_num = isinstance(share, (int, float)) and not isinstance(share, bool)
                    text += f" × {share * 100:g}%" if is_num else f" × {share}"
                out.append(text)
        return out

    focus_pairs: list[dict[str, Any]] = []
    other_pairs: list[dict[str, Any]] = []
    for pair in (_dict(x) for x in _list(analysis.get("pairs"))):
        a, b = pair.get("a"), pair.get("b")
        a_money, b_money = to_value(pair.get("a_gives_money")), to_value(pair.get("b_gives_money"))
        b_has_money = bool(_list(_dict(pair.get("b_gives")).get("money")))
        a_has_money = bool(_list(_dict(pair.get("a_gives")).get("money")))
        net = (b_money or Value.of(0)) - (a_money or Value.of(0))
        row = {
            "a": a, "b": b, "a_name": name(a), "b_name": name(b),
            "b_type": i18n.label(i18n.PARTNER_TYPES, lang, by_id.get(b, {}).get("partner_type")),
            "b_gives": gives(pair.get("b_gives")), "a_gives": gives(pair.get("a_gives")),
            "b_money": fmt.money(pair.get("b_gives_money"))
            if b_money and not b_money.is_zero() else (t["unquantified"] if b_has_money else ""),
            "a_money": fmt.money(pair.get("a_gives_money"))
            if a_money and not a_money.is_zero() else (t["unquantified"] if a_has_money else ""),
            "b_rates": rates(b, a), "a_rates": rates(a, b),
            "net": fmt.money(net.to_json(), signed=True), "net_sort": float(net.mid),
            "net_sign": (net.mid > 0) - (net.mid < 0),
            "show_net": not net.is_zero(),
        }
        (focus_pairs if a == focus else other_pairs).append(row)

    # Flows.
    flow_rows = []
    for f in flows:
        annual = f.get("annual")
        flow_rows.append({
            "ref": f.get("ref"), "from": f.get("from"), "to": f.get("to"),
            "from_name": name(f.get("from")), "to_name": name(f.get("to")),
            "kind": f.get("kind"), "kind_name": i18n.label(i18n.KINDS, lang, f.get("kind")),
            "label": f.get("label") or "", "amount": f.get("amount") or "",
            "volume": fmt.number(f.get("volume")) if f.get("volume") is not None else "",
            "volume_sort": sort_key(f.get("volume")),
            "annual": fmt.money(annual) if annual is not None else "",
            "annual_sort": sort_key(annual),
            "category": i18n.label(i18n.CATEGORIES, lang, f.get("category")),
            "path": f.get("path") or "",
            "sensitivity": i18n.label(i18n.SENSITIVITIES, lang, f.get("sensitivity")),
        })

    # Revenue.
    by_cat = _dict(revenue.get("by_category"))
    cats = [c for c in CATEGORY_ORDER if c in by_cat] + sorted(c for c in by_cat
                                                              if c not in CATEGORY_ORDER)
    cat_chart = bar_chart([{"label": i18n.label(i18n.CATEGORIES, lang, c), "value": by_cat[c],
                            "cls": f"cat-{c}" if c in CATEGORY_ORDER else "cat-other"}
                           for c in cats], fmt) if cats else None
    total_v = to_value(revenue.get("total"))
    by_cp = _dict(revenue.get("by_counterparty"))
    cp_rows = []
    for pid, val in sorted(by_cp.items(), key=lambda kv: -sort_key(kv[1])):
        v = to_value(val)
        share = (float(v.mid / total_v.mid) if v is not None and total_v is not None
                 and total_v.mid else None)
        cp_rows.append({"id": pid, "name": name(pid), "value": fmt.money(val),
                        "sort": sort_key(val), "share": fmt.percent(share),
                        "share_sort": share or 0.0})
    cost_rows = [{"id": pid, "name": name(pid), "value": fmt.money(val), "sort": sort_key(val)}
                 for pid, val in sorted(_dict(revenue.get("costs_by_counterparty")).items(),
                                        key=lambda kv: -sort_key(kv[1]))]
    compare_chart = None
    if revenue.get("service") is not None and revenue.get("total") is not None:
        compare_chart = bar_chart([
            {"label": t["rev_service"], "value": revenue.get("service"), "cls": "cmp-service"},
            {"label": t["rev_ecosystem"], "value": revenue.get("ecosystem"), "cls": "cmp-eco"},
            {"label": t["rev_total"], "value": revenue.get("total"), "cls": "cmp-total"},
        ], fmt)
    conc = _dict(analysis.get("concentration"))
    concentration = None
    if conc.get("top"):
        concentration = t["concentration"].format(
            name=name(conc.get("top")), share=fmt.percent(conc.get("top_share")),
            hhi=f"{conc['hhi']:.2f}" if isinstance(conc.get("hhi"), (int, float)) else "—")
    # Costs the map names without an amount: a margin without them overstates the business.
    org = {p.get("id") for p in participants if p.get("internal")} | {focus}
    costs_unquantified = [flow_text(f.get("ref")) for f in flows
                          if f.get("kind") == "money" and f.get("from") in org
                          and f.get("to") not in org and f.get("annual") is None]
    rev = {
        "total": fmt.money(revenue.get("total")), "costs": fmt.money(revenue.get("costs")),
        "net": fmt.money(revenue.get("net"), signed=True), "net_sign": sign(revenue.get("net")),
        "margin": fmt.percent(revenue.get("margin")),
        "service": fmt.money(revenue.get("service")),
        "ecosystem": fmt.money(revenue.get("ecosystem")),
        # A multiple of a token service revenue (e.g. one 880元 upgrade) says nothing to a board.
        "multiple": fmt.times(revenue.get("total_to_service"))
        if isinstance(revenue.get("total_to_service"), (int, float))
        and 0 < revenue["total_to_service"] <= 100 else None,
        "unquantified": [flow_text(r) for r in _list(revenue.get("unquantified"))],
        "cat_chart": cat_chart, "compare_chart": compare_chart, "counterparties": cp_rows,
        "cost_rows": cost_rows, "concentration": concentration,
        "costs_unquantified": costs_unquantified,
        "costs_unquantified_note": (
            t["costs_unquantified_one"] if len(costs_unquantified) == 1
            else t["costs_unquantified"].format(n=len(costs_unquantified)))
        if costs_unquantified else "",
    }

    # Net per participant.
    net_rows = [{"label": name(p.get("id")), "value": p.get("net"), "pid": p.get("id")}
                for p in participants
                if not (to_value(p.get("money_in")) or Value.of(0)).is_zero()
                or not (to_value(p.get("money_out")) or Value.of(0)).is_zero()]
    net_rows.sort(key=lambda r: -sort_key(r["value"]))
    net_chart = diverging_chart(net_rows, fmt) if net_rows else None

    # Risks.
    loss_rows: list[dict[str, Any]] = []
    for entry in (_dict(x) for x in _list(analysis.get("loss"))):
        lost = _list(entry.get("lost_flows"))
        loss_rows.append({
            "id": entry.get("participant"), "name": name(entry.get("participant")),
            "money": fmt.money(entry.get("money_at_risk")),
            "sort": sort_key(entry.get("money_at_risk")),
            "lost": len(lost), "lost_text": "；".join(flow_text(r) for r in lost),
            "cut_off": names(_list(entry.get("cut_off"))),
            "paths": [str(x) for x in _list(entry.get("paths_broken"))],
        })
    level_rank: dict[Any, int] = {lv: i for i, lv in enumerate(LEVELS)}
    declared = []
    cells: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for n, r in enumerate((_dict(x) for x in _list(analysis.get("risks"))), start=1):
        lk, im = r.get("likelihood"), r.get("impact")
        row = {"n": n, "id": r.get("id"), "name": r.get("name") or r.get("id") or "",
               "about": names(_list(r.get("about"))),
               "likelihood": i18n.label(i18n.LEVELS, lang, lk),
               "impact": i18n.label(i18n.LEVELS, lang, im),
               "lk_sort": level_rank.get(lk, -1), "im_sort": level_rank.get(im, -1),
               "score": (level_rank.get(lk, 0) + 1) * (level_rank.get(im, 0) + 1),
               "mitigation": r.get("mitigation") or "", "where": r.get("where") or ""}
        declared.append(row)
        if lk in level_rank and im in level_rank:
            cells.setdefault((lk, im), []).append(row)
    matrix = [{"impact": im, "impact_name": i18n.label(i18n.LEVELS, lang, im),
               "cells": [{"score": (level_rank[lk] + 1) * (level_rank[im] + 1),
                          "risks": cells.get((lk, im), [])} for lk in LEVELS]}
              for im in reversed(LEVELS)]

    def frow(f: dict[str, Any]) -> dict[str, Any]:
        sev = f.get("severity")
        return {"check": f.get("check") or "",
                "check_name": i18n.label(i18n.CHECKS, lang, f.get("check")),
                "severity": sev, "severity_name": i18n.label(i18n.SEVERITIES, lang, sev),
                "sev_sort": {"error": 3, "warning": 2, "info": 1}.get(str(sev), 0),
                "subjects": names(_list(f.get("subjects"))), "message": f.get("message") or "",
                "where": f.get("where") or ""}

    all_findings = [frow(f) for f in findings]
    computed_risks = [r for r in all_findings if r["check"].startswith(("risk.", "balance."))]
    compliance = [r for r in all_findings if r["check"].startswith("compliance.")]

    # Paths.
    paths = []
    for p in (_dict(x) for x in _list(analysis.get("paths"))):
        steps = [{"from": name(s.get("from")), "to": name(s.get("to")), "kind": s.get("kind"),
                  "kind_name": i18n.label(i18n.KINDS, lang, s.get("kind")),
                  "label": s.get("label") or "", "from_id": s.get("from"), "to_id": s.get("to"),
                  "annual": fmt.money(flow_by_ref[s.get("flow")].get("annual"))
                  if s.get("flow") in flow_by_ref
                  and flow_by_ref[s.get("flow")].get("annual") is not None else ""}
                 for s in (_dict(y) for y in _list(p.get("steps")))]
        money = to_value(p.get("money"))
        paths.append({"name": p.get("name") or "", "chain": names(_list(p.get("participants"))),
                      "steps": steps, "money": t["path_money"].format(money=fmt.money(p.get(
                          "money"))) if money is not None and not money.is_zero() else ""})

    # Scenarios side by side with the base map.
    base_rev = revenue
    scen_cols = []
    for s in (_dict(x) for x in _list(analysis.get("scenarios"))):
        srev = _dict(s.get("revenue"))
        scen_cols.append({
            "id": s.get("id"), "name": s.get("name") or s.get("id") or "",
            "revenue": fmt.money(srev.get("total")),
            "revenue_delta": fmt.money(s.get("revenue_delta"), signed=True),
            "revenue_delta_sign": sign(s.get("revenue_delta")),
            "net": fmt.money(srev.get("net"), signed=True),
            "net_delta": fmt.money(s.get("net_delta"), signed=True),
            "net_delta_sign": sign(s.get("net_delta")),
            "margin": fmt.percent(srev.get("margin")),
            "lost": [flow_text(r) for r in _list(s.get("lost_flows"))],
            "cut_off": names(_list(s.get("cut_off"))),
            "paths": [str(x) for x in _list(s.get("paths_broken"))],
            "added": [frow(_dict(f)) for f in _list(s.get("findings_added"))],
            "removed": [frow(_dict(f)) for f in _list(s.get("findings_removed"))],
        })
    scen_base = {"revenue": fmt.money(base_rev.get("total")),
                 "net": fmt.money(base_rev.get("net"), signed=True),
                 "margin": fmt.percent(base_rev.get("margin"))}

    # Scorecard.
    scores: list[dict[str, Any]] = []
    for p in participants:
        sc = _dict(p.get("score"))
        if not sc:
            continue
        tier = sc.get("tier")
        scores.append({
            "id": p.get("id"), "name": name(p.get("id")),
            "type": i18n.label(i18n.PARTNER_TYPES, lang, p.get("partner_type")),
            **{k: (f"{sc[k]:g}" if isinstance(sc.get(k), (int, float)) else "—")
               for k in ("quality", "coverage", "cost", "integration")},
            **{k + "_sort": (sc[k] if isinstance(sc.get(k), (int, float)) else -1)
               for k in ("quality", "coverage", "cost", "integration", "weighted")},
            "weighted": f"{sc['weighted']:.2f}" if isinstance(sc.get("weighted"), (int, float))
            else "—",
            "tier": tier if tier in TIER_ORDER else "none",
            "tier_name": i18n.label(i18n.TIERS, lang, tier),
        })
    scores.sort(key=lambda r: -r["weighted_sort"])

    # Headline figures.
    layer_counts = [{"name": g["name"], "n": len(g["rows"])} for g in layer_groups]
    top_loss = loss_rows[0] if loss_rows and loss_rows[0]["sort"] > 0 else None
    n_compliance_errors = sum(1 for r in compliance if r["severity"] == "error")
    kpis = {
        "revenue": rev["total"], "costs": rev["costs"], "net": rev["net"],
        "net_sign": rev["net_sign"], "margin": rev["margin"], "multiple": rev["multiple"],
        "costs_note": rev["costs_unquantified_note"],
        "participants": len(participants), "layers": layer_counts,
        "top_risk": top_loss,
        "compliance_errors": n_compliance_errors,
    }

    kinds_present = [k for k in KINDS if any(f.get("kind") == k for f in flows)]
    styles = kind_styles()
    kind_list = [{"id": k, "name": i18n.label(i18n.KINDS, lang, k), **styles[k],
                  "n": sum(1 for f in flows if f.get("kind") == k)} for k in kinds_present]

    script_data = {
        "lang": lang,
        "focus": focus,
        "participants": {str(p.get("id")): {"name": name(p.get("id")),
                                            "net": fmt.money(p.get("net"), signed=True)}
                         for p in participants},
        "flows": [{"ref": r["ref"], "from": r["from"], "to": r["to"], "kind": r["kind"],
                   "label": r["label"], "annual": r["annual"], "kind_name": r["kind_name"]}
                  for r in flow_rows],
        "t": {k: t[k] for k in ("selected", "flows_shown", "col_net")},
    }

    return {
        "t": t, "lang": lang, "title": str(analysis.get("title") or t["report"]),
        "description": analysis.get("description") or "",
        "source": printable(analysis.get("source") or ""),  # a file name may hold an ESC
        "focus": {"id": focus, "name": name(focus)} if focus else None,
        "kpis": kpis, "layer_groups": layer_groups, "focus_pairs": focus_pairs,
        "other_pairs": other_pairs, "flows": flow_rows, "kinds": kind_list, "rev": rev,
        "net_chart": net_chart, "loss": loss_rows, "declared": declared, "matrix": matrix,
        "levels": [{"id": lv, "name": i18n.label(i18n.LEVELS, lang, lv)} for lv in LEVELS],
        "computed_risks": computed_risks, "compliance": compliance, "findings": all_findings,
        "paths": paths, "scenarios": scen_cols, "scen_base": scen_base, "scores": scores,
        "data": script_data, "styles": styles,
    }


def _kind_css(styles: Mapping[str, Mapping[str, str]]) -> str:
    lines = [":root{"]
    for kind, st in styles.items():
        lines.append(f"--kind-{kind}:{st['color']};")
    lines.append("}")
    for kind, st in styles.items():
        lines.append(f".kind-chip.k-{kind}::before,.legend-line.k-{kind}{{"
                     f"border-top-color:var(--kind-{kind});}}")
        style = "double" if st["line"] == "double" else st["line"]
        lines.append(f".legend-line.k-{kind}{{border-top-style:{style};}}")
    return "\n".join(lines) + "\n"


def render_report(analysis: Mapping[str, Any], svgs: Mapping[str, str],
                  lang: str | None = None) -> str:
    """The whole HTML report. ``svgs`` maps layout name → diagram SVG (first = default view);
    ``lang`` (zh|en) overrides the map's ``locale``. Deterministic: same input, same bytes."""
    lang = i18n.pick_lang(lang, analysis.get("locale"))
    view = build_view(analysis, lang)
    t = view["t"]

    diagrams = []
    extra_css: list[str] = []
    style_attrs = False
    for i, (layout, svg_text) in enumerate(svgs.items()):
        slug = re.sub(r"[^a-z0-9_-]", "", str(layout).lower()) or f"view{i}"
        clean = sanitise_svg(svg_text, prefix=f"{slug}--")
        style_attrs = style_attrs or clean.has_style_attrs
        if clean.css and clean.css not in extra_css:
            extra_css.append(clean.css)
        diagrams.append({"id": slug, "name": t.get(f"layout_{slug}", str(layout)),
                         "markup": clean.markup, "default": i == 0})

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    css += _kind_css(view["styles"])
    if extra_css:
        css += "/* diagram */\n" + "\n".join(extra_css) + "\n"
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    assert "</style" not in css.lower() and "</script" not in js.lower()

    policy = [
        "default-src 'none'",
        f"script-src '{_sha256(js)}'",
        f"style-src '{_sha256(css)}'",  # for browsers without the -elem/-attr split
        f"style-src-elem '{_sha256(css)}'",
        f"style-src-attr {'unsafe-inline' if style_attrs else 'none'}".replace(
            "unsafe-inline", "'unsafe-inline'").replace(" none", " 'none'"),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    html = _env().get_template("report.html.j2").render(
        csp="; ".join(policy), css=css, js=js, diagrams=diagrams, **view)
    return html

