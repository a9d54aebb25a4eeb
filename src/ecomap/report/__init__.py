"""The self-contained HTML report, rendered from the typed ``AnalysisResult``.

- ``page``: the page assembly (view, CSP, template);
- ``sections``: one builder per report section;
- ``context``: names and formatting every builder shares; ``format``: figures;
- ``charts``: the report's own SVG charts; ``sanitise``: diagram SVGs made safe to inline;
- ``diagrams``: the diagrams with the SVG id → participant/flow map the diagram stage made.
"""

from __future__ import annotations

from ecomap.report.diagrams import EdgeBinding, ReportDiagram
from ecomap.report.page import UnsafeInlineError, build_view, render_report

__all__ = ["EdgeBinding", "ReportDiagram", "UnsafeInlineError", "build_view", "render_report"]
