"""Measure how wide Graphviz draws each character, for ecomap's text ruler.

Writes src/ecomap/layout/advances.json: per Unicode block ecomap expects in a map (Latin, Greek,
Cyrillic, punctuation, symbols, full-width forms), the advance of every character in em, the
wider of regular and bold, rounded up to 1/100 em. Graphviz sizes labels with the same fonts
(Noto Sans CJK SC through fontconfig, fallbacks for what it lacks), so the ruler then agrees
with the boxes Graphviz checks ("size too small for label"). Run it again after a font change:

    .venv/bin/python scripts/measure_glyphs.py
"""

from __future__ import annotations

import html
import json
import math
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ecomap.layout.style import GRAPHVIZ_FONT  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "src" / "ecomap" / "layout" / "advances.json"
BLOCKS = [  # (first, last) code points
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A/B
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x218F),  # Letterlike Symbols, Number Forms
    (0x2190, 0x23FF),  # Arrows, Mathematical Operators, Miscellaneous Technical
    (0x2460, 0x27BF),  # Enclosed, box drawing, shapes, dingbats (the legend's ━ ■ ⚠ ✕)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]
SIZE = 100.0
COPIES = 10
_TEXT_RE = re.compile(r'_ldraw_="[^"]*? T [-\d.]+ [-\d.]+ -?\d+ ([\d.]+) \d+ -')


def _label(text: str, bold: bool) -> str:
    body = html.escape(text, quote=True)
    return f"<<B>{body}</B>>" if bold else f"<{body}>"


def measure(chars: list[str]) -> dict[str, float]:
    """Character → its advance in em, the wider of regular and bold."""
    probes = ["||"] + ["|" + c * COPIES + "|" for c in chars]
    lines = [f'graph g {{ node [shape=plaintext, fontname="{GRAPHVIZ_FONT}", fontsize={SIZE:g}];']
    for bold in (False, True):
        for i, text in enumerate(probes):
            lines.append(f"  n{int(bold)}_{i} [label={_label(text, bold)}];")
    lines.append("}")
    out = subprocess.run(["dot", "-Txdot"], input="\n".join(lines), capture_output=True,
                         text=True, check=True).stdout
    out = out.replace("\\\n", "")
    widths: dict[str, float] = {}
    for bold in (False, True):
        found = {}
        for m in re.finditer(rf'\bn{int(bold)}_(\d+)\s*\[([^\]]*)\]', out):
            t = _TEXT_RE.search(m.group(2))
            if t is not None:
                found[int(m.group(1))] = float(t.group(1))
        base = found[0]
        for i, c in enumerate(chars, start=1):
            em = max(0.0, (found[i] - base) / COPIES / SIZE)
            widths[c] = max(widths.get(c, 0.0), em)
    return widths


def main() -> None:
    blocks = []
    for first, last in BLOCKS:
        chars = [chr(cp) for cp in range(first, last + 1)]
        measurable = [c for c in chars if unicodedata.category(c) not in ("Cc", "Cn", "Cs")]
        widths = measure(measurable)
        # 0 = not measured (unassigned or a control character): the ruler's fallback applies.
        blocks.append({"first": first, "em100": [
            math.ceil(round(widths[c] * 100, 6)) if c in widths else 0 for c in chars]})
    OUT.write_text(json.dumps({"font": GRAPHVIZ_FONT, "blocks": blocks}, separators=(",", ":"))
                   + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(len(b['em100']) for b in blocks)} characters)")


if __name__ == "__main__":
    main()
