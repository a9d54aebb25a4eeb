"""`ecomap export --format xlsx`: the map and its analysis as an Excel workbook.

The workbook opens on a summary (headline figures, how to read the map back, what the sheets
cannot carry); then the two sheets ``ecomap import`` reads (map_sheets.py: participants and
flows, one row each, named and headed from the importer's own tables); then the analysis
(analysis_sheets.py: money in / out / net per participant, flows per year, revenue, loss
simulation, risk register, findings, scenarios). The sheets are plain values (cells.py) until
xlsx.py writes them with openpyxl, the only module that imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecomap.spreadsheet.map_sheets import import_command, not_carried, not_carried_text

if TYPE_CHECKING:
    from ecomap.analysis.result import AnalysisResult
    from ecomap.spreadsheet.cells import Sheet

__all__ = ["export_xlsx", "import_command", "not_carried", "not_carried_text",
           "workbook_sheets"]


def workbook_sheets(result: AnalysisResult, lang: str, workbook: str) -> list[Sheet]:
    """Every sheet in order, in ``lang``; ``workbook`` is the file's name (the summary shows
    the import command that reads it back)."""
    from ecomap.report.context import ReportContext
    from ecomap.spreadsheet.analysis_sheets import analysis_sheets, summary_sheet
    from ecomap.spreadsheet.map_sheets import map_sheets

    ctx = ReportContext(result, lang)
    return [summary_sheet(ctx, workbook), *map_sheets(ctx.eco, lang), *analysis_sheets(ctx)]


def export_xlsx(result: AnalysisResult, lang: str, workbook: str) -> bytes:
    """The .xlsx file of ``result`` in ``lang``, byte-identical from one export to the next;
    RenderError when openpyxl is not installed."""
    from ecomap.spreadsheet.xlsx import render_workbook

    return render_workbook(workbook_sheets(result, lang, workbook))
