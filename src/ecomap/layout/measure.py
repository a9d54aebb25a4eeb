"""The one text ruler: how wide and how tall text is drawn, and where it wraps.

Both layouts size boxes with it, the label repair reads SVG text with it, and the report's
charts clip with it."""

from __future__ import annotations

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


def wrap(text: str, max_em: float, max_lines: int = 2) -> str:
    """Break ``text`` into lines of at most ``max_em`` em; an ellipsis marks what is cut."""
    lines: list[str] = []
    current = ""
    width = 0.0
    for ch in text.strip():
        w = char_em(ch)
        if width + w > max_em and current:
            # Prefer breaking at a space or a Chinese enumeration comma when one is near.
            cut = max(current.rfind(" "), current.rfind("、"), current.rfind("，"))
            if cut > len(current) // 2:
                lines.append(current[: cut + 1].rstrip())
                current = current[cut + 1:].lstrip()
            else:
                lines.append(current)
                current = ""
            width = sum(char_em(c) for c in current)
        current += ch
        width += w
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)
