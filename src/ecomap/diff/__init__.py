"""``ecomap diff``: what changed between two versions of a map, in business terms."""

from __future__ import annotations

from ecomap.analysis import analyze
from ecomap.diff.compare import MapDiff, compare
from ecomap.diff.export import to_json
from ecomap.diff.markdown import format_markdown
from ecomap.diff.text import format_text
from ecomap.model import Ecosystem

__all__ = ["MapDiff", "compare", "diff_maps", "format_markdown", "format_text", "to_json"]


def diff_maps(old: Ecosystem, new: Ecosystem) -> MapDiff:
    """Analyse both versions (scenarios included) and compare them."""
    return compare(analyze(old), analyze(new))
