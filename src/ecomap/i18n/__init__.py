"""ecomap's one vocabulary: every label and sentence a reader sees, in zh and en.

- ``labels``: the name of every code, one table per domain (kinds, layers, categories…);
- ``messages`` / ``diff_messages``: one template per check id and per line of the text outputs;
- ``params``: the typed parameters a finding carries, rendered in the reader's language;
- ``report``: the HTML report's interface strings;
- ``deck``: the PowerPoint deck's own words (it shares the report's column names);
- ``workbook``: the Excel workbook's own words (``ecomap export``; the same sharing).

The report's, the deck's and the workbook's tables (``STRINGS``, ``DECK``, ``WORKBOOK``) load
on first use (PEP 562): a render of the SVG or a check needs none of them.

``Words(lang)`` bundles them for one language. A missing label or template raises KeyError: a
code shown raw to a reader is a bug, not a fallback.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecomap.i18n.labels import (
    CATEGORIES,
    CHECKS,
    DIAGRAM,
    DOMAINS,
    FIELDS,
    GOODS,
    KINDS,
    LAYERS,
    LEVELS,
    PARTNER_TYPES,
    QUALITY_NAMES,
    REGIONS,
    SCREENING_NAMES,
    SENSITIVITIES,
    SEVERITIES,
    TIERS,
    Table,
)
from ecomap.i18n.messages import TEMPLATES
from ecomap.i18n.params import (
    SEPARATORS,
    Joined,
    Label,
    Money,
    Names,
    Phrase,
    fill,
    money_text,
    names_text,
)
from ecomap.i18n.params import label as domain_label
from ecomap.i18n.roadmap import KPI_STATUSES

if TYPE_CHECKING:
    from ecomap.i18n.deck import DECK
    from ecomap.i18n.report import STRINGS
    from ecomap.i18n.workbook import WORKBOOK

__all__ = [
    "CATEGORIES", "CHECKS", "DECK", "DIAGRAM", "DOMAINS", "FIELDS", "GOODS", "KINDS",
    "KPI_STATUSES", "LANGS", "LAYERS", "LEVELS", "PARTNER_TYPES", "QUALITY_NAMES", "REGIONS",
    "SCREENING_NAMES", "SENSITIVITIES", "SEVERITIES",
    "STRINGS", "TEMPLATES", "TIERS", "WORKBOOK", "Joined", "Label", "Money", "Names", "Phrase",
    "Words",
    "fill", "label", "money_text", "names_text", "pick_lang",
]

LANGS = ("zh", "en")
# Lazily loaded table → the module of this package that defines it.
_HOME = {"DECK": "deck", "STRINGS": "report", "WORKBOOK": "workbook"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ecomap.i18n.{_HOME[name]}"), name)
    globals()[name] = value  # looked up once
    return value


def pick_lang(requested: str | None, locale: object) -> str:
    """``--lang`` wins over the map's ``locale``; anything unknown falls back to zh."""
    for candidate in (requested, locale):
        if isinstance(candidate, str):
            short = candidate.strip().lower().replace("_", "-").split("-")[0]
            if short in LANGS:
                return short
    return "zh"


def label(table: Table, lang: str, key: object) -> str:
    """The interface name of a code in one of the tables above ("" for no code at all).

    A code without a label raises KeyError naming the code and the language."""
    if key is None:
        return ""
    try:
        return table[lang][str(key)]
    except KeyError:
        raise KeyError(f"i18n: no {lang} label for {key!r}") from None


@dataclass(frozen=True)
class Words:
    """The vocabulary in one language: ``Words("en").label("kind", "money")``,
    ``.say("text.focus", name=…)``, ``.strings`` (the report's)."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise KeyError(f"i18n: no language {self.lang!r} (one of {', '.join(LANGS)})")

    def label(self, domain: str, code: str) -> str:
        return domain_label(domain, self.lang, code)

    def say(self, key: str, **params: object) -> str:
        return fill(key, self.lang, params)

    def join(self, items: Iterable[object], sep: str = "list") -> str:
        return SEPARATORS[self.lang][sep].join(str(x) for x in items)

    @property
    def strings(self) -> Mapping[str, str]:
        """The report's interface strings."""
        from ecomap.i18n.report import STRINGS  # loaded with the first report

        return STRINGS[self.lang]
