"""The one text ruler: how wide and how tall text is drawn, and where it wraps.

Both layouts size boxes with it, the label repair reads SVG text with it, and the report's
charts clip with it. It may overestimate, never underestimate: the radial layout gives Graphviz
fixed node sizes, and a label wider or taller than its box is a Graphviz warning, i.e. a failed
render. Widths come from advances.json, measured from Graphviz itself
(scripts/measure_glyphs.py); a line break (LF, CR or CRLF) starts a new line everywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Graphviz advances a line of an HTML-like label by this many times its font size.
LINE_SPACING = 1.2
# What a character outside the measured blocks may take: wider than any fallback glyph measured
# (emoji and CJK Extension B are 1.11 em, a missing glyph's box 0.8 em).
UNKNOWN_EM = 1.2
# Ideographs, kana and hangul of the Basic Multilingual Plane: one em in Noto Sans CJK.
CJK_EM = 1.0

_BREAK_RE = re.compile(r"\r\n|\r|\n")


def _load_advances() -> tuple[tuple[int, tuple[int, ...]], ...]:
    text = resources.files("ecomap.layout").joinpath("advances.json").read_text("utf-8")
    return tuple((int(b["first"]), tuple(int(w) for w in b["em100"]))
                 for b in json.loads(text)["blocks"])


_ADVANCES = _load_advances()


def lines(text: str) -> list[str]:
    """The lines of ``text`` as drawn: LF, CR and CRLF each end a line."""
    if "\r" not in text:  # the common case, without the regular expression
        return text.split("\n")
    return _BREAK_RE.split(text)


def line_count(text: str) -> int:
    """How many lines ``text`` draws as (0 for no text)."""
    return len(lines(text)) if text else 0


@lru_cache(maxsize=8192)
def char_em(ch: str) -> float:
    """Advance of one character in em, the wider of regular and bold."""
    cp = ord(ch)
    for first, widths in _ADVANCES:
        if first <= cp < first + len(widths):
            if widths[cp - first]:
                return widths[cp - first] / 100
            break  # in a measured block but not measured: a control or unassigned character
    if (cp < 0x10000 and unicodedata.east_asian_width(ch) in ("W", "F")
            and unicodedata.category(ch) == "Lo"):
        return CJK_EM
    return UNKNOWN_EM


def line_em(line: str) -> float:
    return sum(char_em(c) for c in line)


def text_width(text: str, size: float) -> float:
    """Width in points of the longest line of ``text`` at ``size`` points (bold or not)."""
    return max((line_em(line) for line in lines(text)), default=0.0) * size


def text_height(text: str, size: float) -> float:
    """Height in points of ``text``'s lines at ``size`` points."""
    return line_count(text) * size * LINE_SPACING


def wrap(text: str, max_em: float, max_lines: int = 2) -> str:
    """Break ``text`` into lines of at most ``max_em`` em, keeping its own line breaks; an
    ellipsis marks what is cut."""
    out: list[str] = []
    for given in lines(text.strip()):
        out.extend(_wrap_line(given.strip(), max_em))
    out = [line for line in out if line]
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def _wrap_line(text: str, max_em: float) -> list[str]:
    found: list[str] = []
    current = ""
    width = 0.0
    for ch in text:
        w = char_em(ch)
        if width + w > max_em and current:
            # Prefer breaking at a space or a Chinese enumeration comma when one is near.
            cut = max(current.rfind(" "), current.rfind("、"), current.rfind("，"))
            if cut > len(current) // 2:
                found.append(current[: cut + 1].rstrip())
                current = current[cut + 1:].lstrip()
            else:
                found.append(current)
                current = ""
            width = line_em(current)
        current += ch
        width += w
    if current:
        found.append(current)
    return found
