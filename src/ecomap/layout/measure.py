"""The one text ruler: how wide and how tall text is drawn, and where it wraps.

Both layouts size boxes with it, the label repair reads SVG text with it, and the report's
charts clip with it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """Advance of one character in em: CJK and full-width ≈ 1, Latin ≈ 0.55 (Noto Sans CJK)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.category(ch) == "So":
        return 1.0  # symbols (⚠ ✕) may come from a fallback font, often a full em wide
    if ch.isupper() or ch in "MW@%&":
        return 0.68
    if ch in "il.,:;|!'` ":
        return 0.3
    return 0.56


def text_width(text: str, size: float) -> float:
    """Estimated width in points of the longest line of ``text`` at ``size`` points."""
    return max((sum(char_em(c) for c in line) for line in text.split("\n")), default=0.0) * size


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
    """Break ``text`` into lines of at most ``max_em`` em, between pieces (never inside a number
    with its unit or a Latin word, unless the piece alone is wider than a line); an ellipsis
    marks what is cut."""
    lines: list[str] = []
    current = ""
    width = 0.0
    for piece in _pieces(text.strip()):
        w = sum(char_em(c) for c in piece)
        if width + w > max_em and current.strip():
            # Rather after a space or an enumeration comma in the line's second half.
            cut = max(current.rfind(" "), current.rfind("、"), current.rfind("，"))
            if cut > len(current) // 2 and cut < len(current) - 1:
                lines.append(current[:cut + 1].rstrip())
                current = current[cut + 1:]
            else:
                lines.append(current.rstrip())
                current = ""
            width = sum(char_em(c) for c in current)
            if not current:
                piece = piece.lstrip()
                w = sum(char_em(c) for c in piece)
        while w > max_em and len(piece) > 1:  # wider than a line: cut it where it must be
            cut, used = 0, 0.0
            while cut < len(piece) and used + char_em(piece[cut]) <= max_em - width:
                used += char_em(piece[cut])
                cut += 1
            cut = max(cut, 1)
            lines.append((current + piece[:cut]).rstrip())
            current, width, piece = "", 0.0, piece[cut:]
            w = sum(char_em(c) for c in piece)
        current += piece
        width += w
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)
