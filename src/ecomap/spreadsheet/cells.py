"""The values of a workbook before any spreadsheet library sees them: sheets of columns."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

Cell = str | int | float | bool | None
# How a list (tags, value paths) is written in one cell: a separator the importer splits on.
LIST_SEPARATOR = {"zh": "、", "en": ", "}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, a value per row, and how Excel shows the numbers
    ("money", "percent", "count"; "text" for anything else)."""

    header: str
    values: tuple[Cell, ...]
    style: str = "text"


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    wrap: bool = False  # long text wraps (the summary's notes)

    @property
    def rows(self) -> int:
        return max((len(c.values) for c in self.columns), default=0)


def decimal(f: Fraction) -> str:
    """A finite decimal fraction (a percentage, an amount) written exactly: 12.5, 0.05."""
    with localcontext() as context:
        context.prec = 40
        text = format((Decimal(f.numerator) / Decimal(f.denominator)).normalize(), "f")
    return text


def number(f: Fraction) -> int | float:
    """A cell's number: an int when whole, else a float (Excel holds 15 digits)."""
    return int(f) if f.denominator == 1 else float(f)
