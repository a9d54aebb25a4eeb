"""``ecomap render --format pptx``: the map as a PowerPoint deck a consultant edits.

content.py says what each slide holds (from the report's section builders), draw.py draws it
with python-pptx (an optional extra: ``pip install 'ecomap[pptx]'``), stable.py makes the file
byte-identical from one render to the next.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import TYPE_CHECKING

from ecomap.errors import RenderError

if TYPE_CHECKING:
    from ecomap.analysis.result import AnalysisResult

INSTALL_HINT = "--format pptx needs python-pptx: pip install 'ecomap[pptx]'"


def render_deck(result: AnalysisResult, lang: str, diagram_png: bytes,
                money_png: bytes | None) -> bytes:
    """The deck of ``result`` (its selected scenario, else the base map) in ``lang``: the
    slide PNGs given (the money-only view left out when None) and native tables and charts.
    RenderError when python-pptx is not installed."""
    try:
        import pptx  # noqa: F401 — only to say what is missing before any work
    except ImportError:
        raise RenderError(INSTALL_HINT) from None
    from ecomap.deck.content import deck_slides
    from ecomap.deck.draw import draw_deck
    from ecomap.deck.stable import stable_zip

    slides = deck_slides(result, lang, diagram_png, money_png)
    prs = draw_deck(slides, lang)
    eco = result.shown.eco
    props = prs.core_properties
    props.title = eco.title or eco.name
    props.subject = eco.description[:255]
    props.author = props.last_modified_by = "ecomap"
    props.comments = f"ecomap render {PurePath(eco.path).name} --format pptx"
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return stable_zip(buffer.getvalue())
