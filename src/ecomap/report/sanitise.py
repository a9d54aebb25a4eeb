"""Making a diagram SVG safe to inline in the report, and the one rule for outside links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.entities import name2codepoint

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


def safe_link(href: str | None) -> str | None:
    """``href`` when it is an http or https address; None for anything else (``javascript:``,
    ``data:``, relative paths): only these become links on the page."""
    if href is None:
        return None
    compact = _CTRL_RE.sub("", href).lower()
    if compact.startswith(("http://", "https://")):
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


def sanitise_svg(text: str, prefix: str = "", css_class: str = "diagram") -> SanitisedSvg:
    """Make a diagram SVG safe to inline: only drawing elements; no scripts, event handlers,
    foreign content or outside links; ids prefixed (original kept in ``data-eid``) so that two
    diagrams can share a page. The root gets ``css_class`` ("diagram": the map section's
    interactive views; the roadmap's phase diagrams are static pictures with their own).
    Raises ``ValueError`` when ``text`` is not an SVG document."""
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
            attrs = [(n, v) for n, v in attrs if n not in ("class", "role")]
            attrs += [("class", css_class), ("role", "img")]
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

