"""Sheets → an .xlsx file with openpyxl (an optional dependency: ``ecomap[xlsx]``).

Imported only when a workbook is written: ``ecomap --help`` never loads openpyxl.
"""

from __future__ import annotations

from ecomap.errors import RenderError
from ecomap.spreadsheet.cells import Cell, Sheet

INSTALL_HINT = "--format xlsx needs openpyxl: pip install 'ecomap[xlsx]'"
NUMBER_FORMATS = {"money": "#,##0", "percent": "0.0%", "count": "#,##0"}
MAX_WIDTH = 60  # characters; longer text wraps
LINE_HEIGHT = 15  # points: one line of 11-point text


def _width(value: Cell, style: str = "text") -> int:
    """A cell's display width in characters (a CJK character is two), numbers as their
    format shows them."""
    if value is None:
        return 0
    text = str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = f"{value:.1%}" if style == "percent" else f"{value:,.0f}"
    return sum(2 if ord(c) > 0x2E80 else 1 for c in max(text.split("\n"), key=len))


def _layout(sheet: Sheet) -> tuple[list[float], list[bool], list[int]]:
    """Each column's width and whether its long text wraps (at MAX_WIDTH; everything on the
    summary), and each row's height in lines (index = row number, 1-based)."""
    widths: list[float] = []
    wrapped: list[bool] = []
    lines = [1] * (sheet.rows + 2)
    for column in sheet.columns:
        widest = max([_width(column.header), *(_width(v, column.style) for v in column.values)])
        width = min(widest + 2, MAX_WIDTH)
        widths.append(width)
        wrapped.append(sheet.wrap or widest + 2 > MAX_WIDTH)
        if wrapped[-1]:
            for row, value in enumerate(column.values, start=2):
                if isinstance(value, str):
                    lines[row] = max(lines[row], -(-_width(value) // (width - 2)))
    return widths, wrapped, lines


def render_workbook(sheets: list[Sheet]) -> bytes:
    """The .xlsx file: a bold, frozen, filterable header row, numbers formatted, widths to
    fit; byte-identical for the same sheets (fixed dates and zip times). RenderError when
    openpyxl is not installed."""
    import io

    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise RenderError(INSTALL_HINT) from None
    from datetime import datetime

    from ecomap.deck.stable import FIXED_ZIP_TIME, stable_zip

    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE3EA")
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        widths, wrapped, lines = _layout(sheet)
        for col, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]
            head = ws.cell(row=1, column=col, value=column.header)
            head.font, head.fill = bold, fill
            for row, value in enumerate(column.values, start=2):
                cell = ws.cell(row=row, column=col, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                if column.style in NUMBER_FORMATS and isinstance(value, (int, float)):
                    cell.number_format = NUMBER_FORMATS[column.style]
                if lines[row] > 1:  # beside a wrapped cell, a row reads from its top
                    cell.alignment = wrap if wrapped[col - 1] else top
        for row, count in enumerate(lines):
            if count > 1:  # spreadsheets do not grow a row for wrapped text on their own
                ws.row_dimensions[row].height = LINE_HEIGHT * count
        ws.freeze_panes = "A2"
        if not sheet.wrap and sheet.rows:
            ws.auto_filter.ref = ws.dimensions
        # Printed (or saved as PDF): landscape, as wide as the page.
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    moment = datetime(*FIXED_ZIP_TIME)
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "ecomap"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())
