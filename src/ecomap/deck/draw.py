"""The deck's slides drawn with python-pptx: native text, tables and charts a consultant edits.

Geometry is in points on PowerPoint's 16:9 page (960 × 540 pt = 13.333 × 7.5 in). Long tables
are split over several slides by an estimate of each row's height (layout/measure.py's ruler,
at the line height Noto Sans CJK takes in PowerPoint and LibreOffice), never by shrinking the
text: every word on a slide is at least 12 pt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ecomap.deck.content import (
    Chart,
    ChartSlide,
    Listing,
    PictureSlide,
    Slide,
    Table,
    TableSlide,
    TitleSlide,
)
from ecomap.i18n.deck import DECK
from ecomap.layout.measure import text_width
from ecomap.layout.style import GRAPHVIZ_FONT

SLIDE_EMU = (12192000, 6858000)  # 13.333 × 7.5 in, PowerPoint's 16:9
PAGE_PT = (960.0, 540.0)
MARGIN = 36.0
BODY_TOP = 96.0  # below the title
BODY_PT = 12.0  # the smallest text on any slide
# Noto Sans CJK's ascent + descent is 1.45 em: PowerPoint and LibreOffice space lines by it.
LINE_HEIGHT = 1.45
CELL_PAD_X, CELL_PAD_Y = 7.2, 3.6  # python-pptx's default cell margins (0.1 in, 0.05 in)
MAX_CELL_LINES = 6  # a longer cell (a 2,000-character note) is cut with "…"
FIGURE_PT = (28.0, 22.0, 18.0, 16.0)  # a headline figure's face, largest first
FONT = GRAPHVIZ_FONT  # the face the diagrams are drawn in, and the ruler measures

INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x52, 0x60, 0x6D)
ACCENT = RGBColor(0x2F, 0x6D, 0xB5)
ACCENT_LIGHT = RGBColor(0x9C, 0xBC, 0xE3)
PANEL = RGBColor(0xF1, 0xF4, 0xF8)

LAYOUT_TITLE, LAYOUT_TITLE_ONLY, LAYOUT_BLANK = 0, 5, 6


def draw_deck(slides: Sequence[Slide], lang: str) -> Any:
    """A python-pptx Presentation holding ``slides`` (saved by the caller)."""
    prs = Presentation()
    _widen_to_16_9(prs)
    for spec in slides:
        if isinstance(spec, TitleSlide):
            _title_slide(prs, spec)
        elif isinstance(spec, PictureSlide):
            _picture_slide(prs, spec)
        elif isinstance(spec, ChartSlide):
            _chart_slide(prs, spec)
        else:
            _table_slides(prs, spec, lang)
    return prs


def _widen_to_16_9(prs: Any) -> None:
    """The default template is 4:3: the page becomes 16:9 and the master's and layouts'
    placeholders are widened with it, so a slide the consultant adds looks right too."""
    ratio = SLIDE_EMU[0] / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(SLIDE_EMU[0]), Emu(SLIDE_EMU[1])
    for shapes in [prs.slide_master.shapes, *(layout.shapes for layout in prs.slide_layouts)]:
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = Emu(round(shape.left * ratio)), \
                    Emu(round(shape.width * ratio))


def _pt(x: float) -> Emu:
    return Emu(round(x * 12700))


def _style(run: Any, size: float, bold: bool = False, color: RGBColor = INK) -> None:
    """One run in the deck's face, Chinese included (``a:ea``: PowerPoint takes the East
    Asian face from there, not from ``a:latin``)."""
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color
    font.name = FONT
    rpr = run._r.get_or_add_rPr()
    if rpr.find(qn("a:ea")) is None:
        ea = rpr.makeelement(qn("a:ea"), {"typeface": FONT})
        rpr.find(qn("a:latin")).addnext(ea)


def _write(frame: Any, paragraphs: Sequence[tuple[str, float, bool, RGBColor]],
           align: Any = None) -> None:
    """Fill a text frame: one paragraph per (text, size, bold, colour)."""
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = text
        _style(run, size, bold, color)


def _text_box(slide: Any, box: tuple[float, float, float, float],
              paragraphs: Sequence[tuple[str, float, bool, RGBColor]],
              anchor: Any = MSO_ANCHOR.TOP, align: Any = None) -> Any:
    x, y, w, h = box
    shape = slide.shapes.add_textbox(_pt(x), _pt(y), _pt(w), _pt(h))
    shape.text_frame.vertical_anchor = anchor
    _write(shape.text_frame, paragraphs, align)
    return shape


def _titled(prs: Any, title: str) -> Any:
    """A "Title Only" slide with its title placeholder set across the top."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    holder = slide.shapes.title
    holder.left, holder.top = _pt(MARGIN), _pt(18)
    holder.width, holder.height = _pt(PAGE_PT[0] - 2 * MARGIN), _pt(60)
    frame = holder.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _write(frame, [(title, 26, True, INK)], PP_ALIGN.LEFT)
    bar = slide.shapes.add_shape(1, _pt(MARGIN), _pt(80), _pt(72), _pt(3))  # 1: rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()
    return slide


def _title_slide(prs: Any, spec: TitleSlide) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    width = PAGE_PT[0] - 2 * MARGIN
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = _pt(MARGIN), _pt(60), _pt(width), _pt(80)
    _write(title.text_frame, [(spec.title, 36, True, INK)], PP_ALIGN.LEFT)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    subtitle.left, subtitle.top = _pt(MARGIN), _pt(146)
    subtitle.width, subtitle.height = _pt(width), _pt(110)
    _write(subtitle.text_frame, _subtitle(spec.subtitle, width), PP_ALIGN.LEFT)
    gap = 16.0
    box_w = (width - gap * (len(spec.figures) - 1)) / max(len(spec.figures), 1)
    for i, fig in enumerate(spec.figures):
        x = MARGIN + i * (box_w + gap)
        panel = slide.shapes.add_shape(1, _pt(x), _pt(280), _pt(box_w), _pt(104))
        panel.fill.solid()
        panel.fill.fore_color.rgb = PANEL
        panel.line.fill.background()
        panel.shadow.inherit = False
        # The largest face the value fits in on one line (a fifth spare: bold, and the space
        # LibreOffice puts between Chinese and digits); a sentence (the top risk) wraps.
        size = next((s for s in FIGURE_PT if text_width(fig.value, s) * 1.2 <= box_w - 24),
                    FIGURE_PT[-1])
        _text_box(slide, (x + 6, 286, box_w - 12, 92),
                  [(fig.label, 14, False, MUTED), (fig.value, size, True, ACCENT)])
    if spec.note:
        _text_box(slide, (MARGIN, 392, width, 24), [(spec.note, BODY_PT, False, MUTED)])
    _text_box(slide, (MARGIN, 492, width, 24), [(spec.source, BODY_PT, False, MUTED)])


def _subtitle(text: str, width: float) -> list[tuple[str, float, bool, RGBColor]]:
    """The description in the 110 pt above the figures: 18 pt while it fits in four lines,
    else 14 pt in five, the rest cut with "…"."""
    lines = text.splitlines() or [""]

    def wrapped(line: str, size: float) -> int:
        return max(1, math.ceil(text_width(line, size) * 1.05 / width))
    size, most = (18.0, 4) if sum(wrapped(x, 18.0) for x in lines) <= 4 else (14.0, 5)
    kept: list[str] = []
    used = 0
    for line in lines:
        n = wrapped(line, size)
        if used + n > most:
            if used < most:
                kept.append(_cut(line, (most - used) * width / 1.05 / size))
            break
        kept.append(line)
        used += n
    return [(line, size, False, MUTED) for line in kept]


def _cut(text: str, em: float) -> str:
    """The longest start of ``text`` narrower than ``em`` ems, with "…"."""
    while text and text_width(text + "…", 1.0) > em:
        text = text[:-1]
    return text.rstrip() + "…"


def _picture_slide(prs: Any, spec: PictureSlide) -> None:
    """The slide PNG (288 dpi, 3840 × 2160) over the whole page: its pHYs puts it at 13.33 ×
    7.5 in, and the size is given too so that no reader has to trust the DPI."""
    import io

    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_BLANK])
    picture = slide.shapes.add_picture(io.BytesIO(spec.png), 0, 0, Emu(SLIDE_EMU[0]),
                                       Emu(SLIDE_EMU[1]))
    picture._element.nvPicPr.cNvPr.set("descr", spec.alt)  # alt text, for screen readers


def _chart_slide(prs: Any, spec: ChartSlide) -> None:
    slide = _titled(prs, spec.title)
    chart_w = 500.0
    _chart(slide, spec.chart, (MARGIN, BODY_TOP, chart_w, PAGE_PT[1] - BODY_TOP - MARGIN))
    left = MARGIN + chart_w + 24
    _table(slide, spec.table, spec.table.rows, (left, BODY_TOP, PAGE_PT[0] - MARGIN - left))


def _chart(slide: Any, spec: Chart, box: tuple[float, float, float, float]) -> None:
    """A native chart: its numbers live in an embedded workbook PowerPoint edits."""
    data = CategoryChartData(number_format="#,##0.##")
    data.categories = list(spec.categories)
    for name, values in spec.series:
        data.add_series(name, list(values))
    x, y, w, h = box
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, _pt(x), _pt(y), _pt(w), _pt(h), data).chart
    chart.font.size = Pt(BODY_PT)
    chart.font.name = FONT
    chart.has_title = False
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format = "#,##0.##"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(BODY_PT)
    for series, color in zip(plot.series, (ACCENT, ACCENT_LIGHT), strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = color
        series.invert_if_negative = False  # a loss keeps its colour (and shows its minus)
    if spec.horizontal:
        chart.category_axis.reverse_order = True  # the first category on top, as in the table
    chart.category_axis.tick_labels.font.size = Pt(BODY_PT)
    # Names at the page's edge of the plot, not on the zero line among negative bars.
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.tick_labels.font.size = Pt(BODY_PT)
    axis.has_title = True
    _write(axis.axis_title.text_frame, [(spec.axis_title, BODY_PT, False, MUTED)])


def _table_slides(prs: Any, spec: TableSlide, lang: str) -> None:
    """The table over as many slides as its rows need; the lists go beside it on the first."""
    width = PAGE_PT[0] - 2 * MARGIN
    table_w = width * 0.58 if spec.lists or spec.chart else width
    pages = paginate(spec.table, table_w, PAGE_PT[1] - BODY_TOP - MARGIN)
    for n, rows in enumerate(pages, start=1):
        title = spec.title if len(pages) == 1 else DECK[lang]["continued"].format(
            title=spec.title, n=n, total=len(pages))
        slide = _titled(prs, title)
        _table(slide, spec.table, rows, (MARGIN, BODY_TOP, table_w))
        side = (MARGIN + table_w + 24, BODY_TOP, width - table_w - 24)
        if spec.lists and n == 1:
            _lists(slide, spec.lists, side)
        if spec.chart is not None and n == 1:
            _chart(slide, spec.chart, (*side, PAGE_PT[1] - BODY_TOP - MARGIN))


def _lists(slide: Any, lists: Sequence[Listing], box: tuple[float, float, float]) -> None:
    x, y, w = box
    paragraphs: list[tuple[str, float, bool, RGBColor]] = []
    for listing in lists:
        paragraphs.append((listing.heading, 14, True, INK))
        paragraphs += [(f"• {item}", BODY_PT, False, INK) for item in listing.items]
    _text_box(slide, (x, y, w, PAGE_PT[1] - y - MARGIN), paragraphs)


def column_widths(table: Table, width: float) -> list[float]:
    total = sum(table.widths)
    return [width * w / total for w in table.widths]


def cell_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a cell ``width`` points wide at 12 pt (10% spare for breaks
    that fall before the edge)."""
    room = max(width - 2 * CELL_PAD_X, BODY_PT)
    return sum(max(1, math.ceil(text_width(line, BODY_PT) * 1.1 / room))
               for line in text.splitlines() or [""])


def clipped(text: str, width: float) -> str:
    """``text`` cut with "…" to at most MAX_CELL_LINES lines in a cell ``width`` wide."""
    if cell_lines(text, width) <= MAX_CELL_LINES:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits
        mid = (low + high + 1) // 2
        if cell_lines(text[:mid] + "…", width) <= MAX_CELL_LINES:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def row_height(row: Sequence[str], widths: Sequence[float]) -> float:
    lines = max(cell_lines(clipped(text, w), w) for text, w in zip(row, widths, strict=True))
    return lines * BODY_PT * LINE_HEIGHT + 2 * CELL_PAD_Y


def paginate(table: Table, width: float, height: float) -> list[tuple[tuple[str, ...], ...]]:
    """The rows in pages that each fit ``height`` points under the header (at least one row
    a page: a row is never split)."""
    widths = column_widths(table, width)
    head = row_height(table.header, widths)
    pages: list[tuple[tuple[str, ...], ...]] = []
    page: list[tuple[str, ...]] = []
    used = head
    for row in table.rows:
        h = row_height(row, widths)
        if page and used + h > height:
            pages.append(tuple(page))
            page, used = [], head
        page.append(row)
        used += h
    pages.append(tuple(page))
    return pages


def _table(slide: Any, table: Table, rows: Sequence[Sequence[str]],
           box: tuple[float, float, float]) -> None:
    x, y, width = box
    widths = column_widths(table, width)
    all_rows = [table.header, *rows]
    heights = [row_height(r, widths) for r in all_rows]
    shape = slide.shapes.add_table(len(all_rows), len(widths), _pt(x), _pt(y), _pt(width),
                                   _pt(sum(heights)))
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = True
    for i, w in enumerate(widths):
        grid.columns[i].width = _pt(w)
    for r, (row, h) in enumerate(zip(all_rows, heights, strict=True)):
        grid.rows[r].height = _pt(h)
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            header = r == 0
            _write(cell.text_frame, [(clipped(text, widths[c]), BODY_PT, header,
                                      RGBColor(0xFF, 0xFF, 0xFF) if header else INK)])
