"""An output scanner: what ecomap writes must be safe to open, whatever the map said.

SVG parses as XML and the report as HTML; no script but the report's own (inline, no src), no
``on*`` event attribute, no ``foreignObject``, links only to http, https, mailto or ``#``; text
outputs (DOT, JSON, the analyze/check/diff text) hold no raw control character but tab and
newline, and no bidi override.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")
# C0 but tab/newline, DEL, C1, and the bidi embeddings, overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In SVG, HTML and DOT (drawn, not printed) CR is whitespace, and how bidi text is drawn is
# the layout's and the report's business: only C0/C1 controls count there.
MARKUP_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINK_ATTRS = {"href", "xlink:href", "{http://www.w3.org/1999/xlink}href", "src", "action",
              "formaction", "data"}


def _link_problem(attr: str, value: str) -> str | None:
    if attr.split("}")[-1] not in {a.split(":")[-1] for a in LINK_ATTRS}:
        return None
    v = value.strip().lower()
    if v == "" or v.startswith(SAFE_SCHEMES):
        return None
    return f"link {attr}={value!r}"


def scan_svg(data: bytes, name: str = "svg") -> list[str]:
    problems: list[str] = []
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [f"{name}: does not parse as XML: {exc}"]
    for el in root.iter():
        tag = el.tag.split("}")[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "embed", "object"):
            problems.append(f"{name}: <{tag}>")
        for attr, value in el.attrib.items():
            local = attr.split("}")[-1].lower()
            if local.startswith("on"):
                problems.append(f"{name}: event attribute {attr}")
            link = _link_problem(local, value)
            if link:
                problems.append(f"{name}: {link}")
    return problems


class _ReportScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "script":
            if dict(attrs).get("type") != "application/json":  # data, not code
                self.scripts += 1
            if any(k == "src" for k, _ in attrs):
                self.problems.append("report: <script src>")
        if tag in ("foreignobject", "iframe", "embed", "object", "base"):
            self.problems.append(f"report: <{tag}>")
        for key, value in attrs:
            if key.lower().startswith("on"):
                self.problems.append(f"report: event attribute {key} on <{tag}>")
            link = _link_problem(key.lower(), value or "")
            if link:
                self.problems.append(f"report: {link} on <{tag}>")


def scan_html(data: bytes) -> list[str]:
    parser = _ReportScanner()
    try:
        parser.feed(data.decode("utf-8"))
        parser.close()
    except (UnicodeDecodeError, AssertionError) as exc:
        return [f"report: does not parse: {exc}"]
    problems = parser.problems
    if parser.scripts > 1:  # the report's own script is one inline element
        problems.append(f"report: {parser.scripts} scripts (the report has one)")
    return problems


def scan_text(text: str, name: str = "text", pattern: re.Pattern[str] = RAW_CONTROL) -> list[str]:
    m = pattern.search(text)
    return [f"{name}: raw control character U+{ord(m.group()):04X}"] if m else []


def scan_folder(folder: Path) -> list[str]:
    """Every problem in every output file under ``folder``."""
    problems: list[str] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".svg":
            problems += scan_svg(data, path.name)
        elif path.suffix == ".html":
            problems += scan_html(data)
        if path.suffix == ".json":
            problems += scan_text(data.decode("utf-8"), path.name)
        elif path.suffix in (".svg", ".html", ".dot"):  # markup: CR is whitespace there
            problems += scan_text(data.decode("utf-8").replace("\r", " "), path.name,
                                  MARKUP_CONTROL)
    return problems
