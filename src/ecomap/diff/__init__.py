"""``ecomap diff``: what changed between two versions of a map, in business terms."""

from __future__ import annotations

from dataclasses import replace

from ecomap.analysis import analyze
from ecomap.diff.compare import MapDiff, compare
from ecomap.diff.export import to_json
from ecomap.diff.markdown import format_markdown
from ecomap.diff.text import format_text
from ecomap.model import Ecosystem, Phase

__all__ = ["MapDiff", "compare", "diff_maps", "format_markdown", "format_text", "to_json"]


def diff_maps(old: Ecosystem, new: Ecosystem,
              phases: tuple[Phase, Phase] | None = None) -> MapDiff:
    """Analyse both versions (scenarios included) and compare them; ``phases`` names the two
    roadmap phases when ``old`` and ``new`` are one map in two of its phases."""
    return replace(compare(analyze(old), analyze(new)), phases=phases)
