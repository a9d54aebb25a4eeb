"""Positions, diagnostics and the one exception every stage raises (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """Where something is in a map file (1-based line and column)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


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
        return f"{self.span}: {self.severity}: {message}"


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
