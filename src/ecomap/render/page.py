"""The slide page: a laid-out drawing (Graphviz's SVG) centred on the 16:9 page and drawn as
PDF or PNG by rsvg-convert (librsvg).

Why not Graphviz's own cairo output: Graphviz lays each text out with pango at the label's font
size with hinted metrics, so every glyph's advance is rounded to a whole pixel of that size and
then scaled onto the page. Between CJK glyphs, whose advance is a whole em, Latin letters come
out letter-spaced ("B a a S月租", "Saa S订阅"). librsvg lays the SVG's text out again without
hinting its metrics, as Chromium does, and drawing the SVG saves Graphviz a second run.
"""

from __future__ import annotations

import re
import struct
import zlib

from ecomap.errors import RenderError
from ecomap.layout.style import GRAPHVIZ_FONT
from ecomap.render.process import run_tool

# A 16:9 slide: PowerPoint's 13.333 × 7.5 in page. PDF uses it as is; PNG draws it at 288 dpi,
# i.e. the 1920 × 1080 preset at 2× = 3840 × 2160 pixels.
SLIDE_PT = (960.0, 540.0)
PNG_DPI = 288.0
MAX_ZOOM = 2.5  # a ten-node sketch should not be blown up to fill a wall
PAGE_SHARE = 0.96  # of the page's width or height a drawing may fill: a thin margin around it
RSVG = "rsvg-convert"

_ROOT_RE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"\s+viewBox="[^"]*"')
# Graphviz paints the graph's background as the first polygon of the graph's group.
_BACKGROUND_RE = re.compile(
    r'<g id="[^"]*" class="graph[^"]*"[^>]*>\s*<title>[^<]*</title>\s*<polygon fill="([^"]+)"')


def page_zoom(width: float, height: float) -> float:
    """How much a drawing of ``width`` × ``height`` pt is enlarged on the page."""
    return min(SLIDE_PT[0] / width, SLIDE_PT[1] / height, MAX_ZOOM) * PAGE_SHARE


def page_svg(svg: str) -> tuple[str, str]:
    """Graphviz's SVG as the 960 × 540 pt page, the drawing zoomed and centred (its viewBox
    widened around the drawing), and the page's colour (the drawing's background)."""
    m = _ROOT_RE.search(svg)
    if not m:
        raise RenderError("Graphviz SVG has no size")
    width, height = float(m.group(1)), float(m.group(2))
    zoom = page_zoom(width, height)
    view_w, view_h = SLIDE_PT[0] / zoom, SLIDE_PT[1] / zoom
    # xml:space="preserve": Graphviz starts a text piece with its space ("⚠" then " 宁德时代"),
    # which SVG's default whitespace handling would drop, joining the two.
    root = (f'<svg width="{SLIDE_PT[0]:.0f}pt" height="{SLIDE_PT[1]:.0f}pt" viewBox="'
            f'{(width - view_w) / 2:.3f} {(height - view_h) / 2:.3f} {view_w:.3f} {view_h:.3f}"'
            ' xml:space="preserve"')
    page = svg[:m.start()] + root + svg[m.end():]
    # Text Graphviz wrote without a face of ours (its default) is drawn in the slide's face.
    page = page.replace('font-family="Times,serif"', f'font-family="{GRAPHVIZ_FONT}"')
    background = _BACKGROUND_RE.search(svg)
    return page, background.group(1) if background else "white"


def draw_page(svg: str, fmt: str, timeout: float) -> bytes:
    """Graphviz's SVG of a finished layout on the slide page, as PDF or PNG bytes."""
    page, background = page_svg(svg)
    cmd = [RSVG, "--format", fmt, "--background-color", background]
    if fmt == "png":
        cmd += ["--dpi-x", f"{PNG_DPI:.0f}", "--dpi-y", f"{PNG_DPI:.0f}"]
    done = run_tool(cmd, page.encode("utf-8"), timeout, name="rsvg-convert",
                    not_found=f"{RSVG} is not installed (it draws PNG and PDF slides): install "
                    "it with 'apt-get install librsvg2-bin' (Debian/Ubuntu) or "
                    "'brew install librsvg'",
                    too_slow=f"{RSVG} took longer than {timeout:g} s to draw the slide and was "
                    "stopped; try --max-nodes to collapse the least connected participants")
    if done.returncode != 0 or done.problems or not done.out:
        said = "; ".join(done.problems[:5]) or f"exit status {done.returncode}, no output"
        raise RenderError(f"{RSVG} could not draw the {fmt.upper()} slide: {said}")
    if fmt == "pdf":
        return fixed_pdf_date(done.out)
    return with_dpi(done.out, PNG_DPI)


def with_dpi(png: bytes, dpi: float) -> bytes:
    """The PNG with a pHYs chunk saying its resolution, so that PowerPoint and python-pptx place
    the 3840 × 2160 slide at 13.33 × 7.5 in instead of guessing 96 dpi."""
    signature, ihdr_end = png[:8], 8 + 8 + 13 + 4  # signature, then the IHDR chunk
    if signature != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise RenderError(f"{RSVG} wrote a PNG without its header")
    if b"pHYs" in png[:png.find(b"IDAT")]:
        return png
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    return png[:ihdr_end] + chunk + png[ihdr_end:]


_PDF_DATE_RE = re.compile(rb"/CreationDate \(D:(\d{14})(?:Z|[-+]\d\d'\d\d'?)?\)")


def fixed_pdf_date(data: bytes) -> bytes:
    # cairo stamps the time; a fixed date of the same length keeps the xref offsets valid.
    return _PDF_DATE_RE.sub(lambda m: m.group(0).replace(m.group(1), b"20000101000000"), data)
