"""The DOT language as ecomap writes it: quoted strings, attribute lists and HTML-like labels.

Every user string reaches DOT through ``h`` (HTML-like labels); ``q`` quotes the values the code
produces. Nothing from the map is passed through as an attribute (no URL, href, image or fontpath).

Not ``graphviz.quoting.quote``: it leaves plain ids bare (``rankdir=LR``, so every DOT file would
change with no defect fixed), reads ``\\"`` as an already escaped quote (``a\\"b`` keeps its
backslash unescaped) and can only warn about a value ending in a backslash, where ``q`` escapes
it. The graphviz package serves ecomap for ``dot -V`` (render/svg.py ``graphviz_version``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ecomap.layout.measure import lines

# Graphviz substitutes \N, \G, \E, \T, \H, \L even inside HTML-like labels, after decoding
# character references (so &#92; does not help); its own escape "\\" stands for one backslash.
_HTML_EXTRA = {"\\": "\\\\"}


def q(value: str | float | int) -> str:
    """A DOT double-quoted string: quotes, backslashes and line breaks escaped.

    Used for attribute values the code produces; user text only ever goes through ``h``.
    """
    text = str(value)
    if not _SPECIAL.search(text):
        return f'"{text}"'
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def h(text: str) -> str:
    """User text for an HTML-like label: escaped, backslashes neutralised, lines joined by <BR/>."""
    escaped = []
    for line in lines(text):  # the ruler's line breaks: LF, CR and CRLF
        esc = html.escape(line, quote=True)
        for ch, ref in _HTML_EXTRA.items():
            esc = esc.replace(ch, ref)
        escaped.append(esc)
    return "<BR/>".join(escaped)


_SPECIAL = re.compile(r'["\\\r\n]')


def attr_list(**attrs: object) -> str:
    """``[a="x", b=<...>]``: values wrapped in <> are HTML-like labels, built with ``h``."""
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, Html):
            parts.append(f"{key}=<{value.text}>")
        elif isinstance(value, float):
            parts.append(f"{key}={q(num(value))}")
        else:  # q() takes any value: str() is all it does with one
            parts.append(f"{key}={q(str(value))}")
    return "[" + ", ".join(parts) + "]"


@dataclass(frozen=True)
class Html:
    """An HTML-like label's body, built from ``h`` pieces: written as ``<...>``, not quoted."""

    text: str


def num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def line_table(rows: list[tuple[str, float, str]], cellpadding: int = 1,
               bgcolor: str | None = None) -> Html:
    """Lines as table rows: Graphviz spaces <BR/> lines by the font size, too tight for CJK."""
    cells = "".join(f'<TR><TD><FONT POINT-SIZE="{num(size)}" COLOR="{color}">{body}</FONT>'
                    f"</TD></TR>" for body, size, color in rows)
    bg = f' BGCOLOR="{bgcolor}"' if bgcolor else ""
    return Html(f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
                f'CELLPADDING="{cellpadding}"{bg}>{cells}</TABLE>')

