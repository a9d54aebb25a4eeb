"""Positions, diagnostics and the one exception every stage raises (stdlib only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What must never reach a terminal or a log raw: C0 and C1 controls (ESC starts the escape
# sequences that recolour, clear or link), DEL, line and paragraph breaks (a name holding
# "\n" would print a forged diagnostic line; "\r" overwrites the line it is on), and the
# bidi controls that reorder what is shown (U+202E "Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to print: every control character, line break and bidi control written
    as an escape (``\\n``, ``\\x1b``, ``\\u202e``). ``keep_newlines`` keeps the "\\n"
    of a text that is many lines by design (its parts were escaped as they were built)."""
    def escape(m: re.Match[str]) -> str:
        c = m.group()
        if keep_newlines and c == "\n":
            return c
        return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
    return _UNPRINTABLE.sub(escape, text)


@dataclass(frozen=True, order=True)
class Span:
    """Where something is in a map file (1-based line and column)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:  # for people: a file name may hold an escape sequence
        return f"{printable(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a map, with a position and an optional hint."""

    span: Span
    message: str
    hint: str = ""
    severity: str = "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.path, self.span.line, self.span.col, self.message)

    def __str__(self) -> str:
        message = self.message
        if self.hint:  # "… (got "mony" — did you mean "money"?)", as DESIGN.md shows
            message = (f"{message[:-1]} — {self.hint})" if message.endswith(")")
                       else f"{message} ({self.hint})")
        return printable(f"{self.span}: {self.severity}: {message}")  # one line, always


@dataclass
class EcomapError(Exception):
    """Raised by a stage that found problems; carries every diagnostic it collected."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.diagnostics = sorted(self.diagnostics, key=Diagnostic.sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


class RenderError(Exception):
    """Graphviz failed, timed out, warned, or lost a flow: the picture would lie."""
