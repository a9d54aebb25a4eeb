"""`ecomap check` as data: each map's diagnostics and findings, for text or JSON output.

The CLI reads the files (or standard input) and prints; this module only checks text it is
given and says what it found, so editors, pre-commit and CI all get the same results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecomap.errors import EcomapError, Span

if TYPE_CHECKING:
    from ecomap.model import Ecosystem

# A map has a top-level `ecomap:` key (the format version); other YAML files (CI configs,
# docker-compose files, .pre-commit-config.yaml) do not. Looked for in the text, without
# parsing, so that a broken map is still recognised as a map and its errors reported.
_MAP_MARKER = re.compile(r"^(?:ecomap|[\"']ecomap[\"'])[ \t]*:", re.MULTILINE)
SEVERITY_FAILS = "error"


@dataclass(frozen=True)
class Problem:
    """One line of `ecomap check`: a validation error or a finding of the analysis."""

    span: Span | None
    path: str
    severity: str
    message: str
    hint: str = ""
    check: str | None = None  # None: the map is invalid (not analysed), no check id

    def format_line(self) -> str:
        where = str(self.span) if self.span else "-"
        text = self.message
        if self.hint:
            text = (f"{text[:-1]} — {self.hint})" if text.endswith(")")
                    else f"{text} ({self.hint})")
        return f"{where}: {self.severity}: {text}" + (f" [{self.check}]" if self.check else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.span.line if self.span else None,
            "col": self.span.col if self.span else None,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "check": self.check,
        }


@dataclass
class FileResult:
    """What `check` found in one map; ``status`` is ok, invalid, errors or skipped."""

    path: str
    status: str = "ok"
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status in ("invalid", "errors")

    def to_json(self) -> dict[str, Any]:
        counts = {f"{s}s": sum(p.severity == s for p in self.problems)
                  for s in ("error", "warning", "info")}
        return {"path": self.path, "status": self.status, **counts}


def looks_like_map(text: str) -> bool:
    """True when the text has a top-level ``ecomap:`` key (what ``--maps-only`` keeps)."""
    return _MAP_MARKER.search(text.removeprefix("\ufeff")) is not None


def check_file(path: str) -> FileResult:
    """Read, validate and analyse one map file; never raises for a bad map."""
    from ecomap.validate import load_map

    try:
        return _analysed(load_map(path))
    except EcomapError as exc:
        return invalid(path, exc)


def check_bytes(data: bytes, path: str) -> FileResult:
    """The same for a map's bytes (standard input), reported under ``path``."""
    from ecomap import source
    from ecomap.validate import load_text

    try:
        return _analysed(load_text(source.decode(data, path), path))
    except EcomapError as exc:
        return invalid(path, exc)


def _analysed(eco: Ecosystem) -> FileResult:
    # The map as written is what check reports on: its scenarios are not analysed (the
    # report and the JSON of a render show them), nor is their module loaded.
    from ecomap.analysis import analyze_base

    result = FileResult(eco.path)
    for finding in analyze_base(eco).base.findings:
        result.problems.append(Problem(finding.span, eco.path, finding.severity,
                                       finding.message(eco.locale), check=finding.check))
        if finding.severity == SEVERITY_FAILS:
            result.status = "errors"
    return result


def invalid(path: str, exc: EcomapError) -> FileResult:
    """The result for a map that could not be read or validated."""
    return FileResult(path, "invalid", [Problem(d.span, d.span.path, d.severity, d.message,
                                                d.hint) for d in exc.diagnostics])


def report_json(results: list[FileResult]) -> dict[str, Any]:
    """The one JSON document of ``ecomap check --format json`` (see the README)."""
    return {
        "ok": not any(r.failed for r in results),
        "files": [r.to_json() for r in results],
        "diagnostics": [p.to_json() for r in results for p in r.problems],
    }
