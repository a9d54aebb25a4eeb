"""The one text ruler: how wide and how tall text is drawn, and where it wraps.

Both layouts size boxes with it, the label repair reads SVG text with it, and the report's
charts clip with it. It may overestimate, never underestimate: the radial layout gives Graphviz
fixed node sizes, and a label wider or taller than its box is a Graphviz warning, i.e. a failed
render. Widths come from advances.json, measured from Graphviz itself
(scripts/measure_glyphs.py); a line break (LF, CR or CRLF) starts a new line everywhere.
"""

from __future__ import annotations

import json
import pkgutil
import re
import unicodedata
from functools import lru_cache

# Graphviz advances a line of an HTML-like label by this many times its font size.
LINE_SPACING = 1.2
# What a character outside the measured blocks may take: wider than any fallback glyph measured
# (emoji and CJK Extension B are 1.11 em, a missing glyph's box 0.8 em).
UNKNOWN_EM = 1.2
# Ideographs, kana and hangul of the Basic Multilingual Plane: one em in Noto Sans CJK.
CJK_EM = 1.0

_BREAK_RE = re.compile(r"\r\n|\r|\n")


def _load_advances() -> tuple[tuple[int, tuple[int, ...]], ...]:
    # pkgutil rather than importlib.resources: the same package data (zipped too) without
    # importing importlib.resources and zipfile (~5 ms), which nothing else of ecomap needs.
    data = pkgutil.get_data("ecomap.layout", "advances.json")
    assert data is not None, "ecomap.layout's loader reads no package data"
    return tuple((int(b["first"]), tuple(int(w) for w in b["em100"]))
                 for b in json.loads(data.decode("utf-8"))["blocks"])


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


# Pieces of text a line never breaks inside: a Latin word or code (BaaS, SaaS, UBI, API), a
# number with its range, unit and rate ("1500万", "99元/月", "5-10%", "3.528亿元/年", "1:12"), and
# the punctuation that holds on to its neighbour: a closing mark to what comes before it, an
# opening one to what follows.
_UNIT = "万亿千百元角分%‰度次台人个家天周月季年笔辆桩城座条倍折岁期单件名位小时钟秒"
_PIECE_RE = re.compile(
    r"[(（「『《“‘\[]*"                       # opening marks hold on to what follows
    r"(?:"
    r"[+\-−~≈约]?\d[\d,.]*(?:[:：]\d+)?(?:\s?[-–~]\s?\d[\d,.]*)?"  # number, ratio, range
    r"(?:[" + _UNIT + r"]+)?(?:/[" + _UNIT + r"]+)?"             # its unit and rate
    r"|[A-Za-z][A-Za-z0-9.'’&+\-]*"            # a Latin word or code
    r"|\s+"                                   # spaces: where Latin text breaks
    r"|."                                      # any other character on its own
    r")"
    r"[)）」』》”’\]、，。,.:：；;！!？?%]*",   # closing marks hold on to what comes before
    re.S)


def _pieces(text: str) -> list[str]:
    return _PIECE_RE.findall(text)


def wrap(text: str, max_em: float, max_lines: int = 2) -> str:
    """Break ``text`` into lines of at most ``max_em`` em, keeping its own line breaks and
    breaking between pieces (never inside a number with its unit or a Latin word, unless the
    piece alone is wider than a line); an ellipsis marks what is cut."""
    out: list[str] = []
    for given in lines(text.strip()):
        out.extend(_wrap_line(given.strip(), max_em))
    out = [line for line in out if line]
    out = _without_orphan(out)
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def _without_orphan(found: list[str]) -> list[str]:
    """A last line of one CJK character (``…API网`` / ``关``) takes the character before it along,
    so that no word is torn from its last character."""
    if len(found) >= 2 and len(found[-1]) == 1 and line_em(found[-1]) >= 1 \
            and len(found[-2]) > 3 and not found[-2][-1].isspace():
        return [*found[:-2], found[-2][:-1], found[-2][-1] + found[-1]]
    return found


def _wrap_line(text: str, max_em: float) -> list[str]:
    found: list[str] = []
    current = ""
    width = 0.0
    for piece in _pieces(text):
        w = line_em(piece)
        if width + w > max_em and current.strip():
            # Rather after a space or an enumeration comma in the line's second half.
            cut = max(current.rfind(" "), current.rfind("、"), current.rfind("，"))
            if cut > len(current) // 2 and cut < len(current) - 1:
                found.append(current[:cut + 1].rstrip())
                current = current[cut + 1:]
            else:
                found.append(current.rstrip())
                current = ""
            width = line_em(current)
            if not current:
                piece = piece.lstrip()
                w = line_em(piece)
        while w > max_em and len(piece) > 1:  # wider than a line: cut it where it must be
            cut, used = 0, 0.0
            while cut < len(piece) and used + char_em(piece[cut]) <= max_em - width:
                used += char_em(piece[cut])
                cut += 1
            cut = max(cut, 1)
            found.append((current + piece[:cut]).rstrip())
            current, width, piece = "", 0.0, piece[cut:]
            w = line_em(piece)
        current += piece
        width += w
    if current.strip():
        found.append(current.rstrip())
    return found
