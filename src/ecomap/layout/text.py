"""The one way user text reaches DOT (quoting) and an estimate of how wide text is drawn."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        esc = html.escape(line, quote=True)
        for ch, ref in _HTML_EXTRA.items():
            esc = esc.replace(ch, ref)
        lines.append(esc)
    return "<BR/>".join(lines)


_SPECIAL = re.compile(r'["\\\r\n]')


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
