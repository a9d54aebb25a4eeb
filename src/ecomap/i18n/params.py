"""Typed parameters of a message, rendered in the reader's language when the message is shown.

A finding keeps its check id and these parameters (like pydantic-core's error type + context);
``fill`` turns them into text at output time, so the same finding reads in zh or en and no
stage before the output holds a sentence.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import ZERO, Value, format_figure
from ecomap.i18n.labels import DOMAINS
from ecomap.i18n.messages import TEMPLATES

# How lists are joined, per language: items of a list, and clauses of a sentence.
SEPARATORS: Mapping[str, Mapping[str, str]] = {
    "zh": {"list": "、", "clauses": "；", "slash": "/"},
    "en": {"list": ", ", "clauses": "; ", "slash": " / "},
}
NAMES_SHOWN = 5  # participant names a message lists before "等 N 个" / "and N more"


@dataclass(frozen=True)
class Money:
    """An annual figure in the map's currency; a range whose ends read the same shows once."""

    value: Value
    currency: str


@dataclass(frozen=True)
class Names:
    """Participant names, shortened after ``NAMES_SHOWN`` (``A、B 等 7 个``, ``A and 5 more``)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Joined:
    """Items joined by the language's separator (``sep``: "list" or "clauses")."""

    items: tuple[object, ...]
    sep: str = "list"


@dataclass(frozen=True)
class Label:
    """A code's label from one domain table (labels.DOMAINS)."""

    domain: str
    code: str


@dataclass(frozen=True)
class Phrase:
    """A sub-sentence: a template key of messages.TEMPLATES and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> Phrase:
        return cls(key, tuple(params.items()))


def money_text(v: Value | None, currency: str, lang: str) -> str:
    """A figure for a sentence; a range whose ends read the same is shown once, as 约/~."""
    return format_figure(v if v is not None else ZERO, currency, lang)


def names_text(names: tuple[str, ...], lang: str) -> str:
    shown = names[:NAMES_SHOWN]
    more = len(names) - len(shown)
    if lang == "zh":
        return "、".join(shown) + (f" 等 {len(names)} 个" if more > 0 else "")
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def weight_text(weights: Mapping[str, Fraction], criterion: str) -> str:
    """A scorecard criterion's weight in percent ("40"), from model.SCREENING_WEIGHTS or
    model.QUALITY_WEIGHTS."""
    return f"{float(weights[criterion] * 100):g}"


def label(domain: str, lang: str, code: str) -> str:
    """A code's label; a code without one is a bug, so it raises instead of showing the code."""
    try:
        return DOMAINS[domain][lang][code]
    except KeyError:
        raise KeyError(f"i18n: no {lang} label for {domain} {code!r}") from None


def render(value: object, lang: str) -> object:
    """One parameter as it reads in ``lang``; numbers stay numbers for the template's format."""
    if isinstance(value, Money):
        return money_text(value.value, value.currency, lang)
    if isinstance(value, Names):
        return names_text(value.names, lang)
    if isinstance(value, Joined):
        return SEPARATORS[lang][value.sep].join(str(render(x, lang)) for x in value.items)
    if isinstance(value, Label):
        return label(value.domain, lang, value.code)
    if isinstance(value, Phrase):
        return fill(value.key, lang, dict(value.params))
    if value is None:
        return ""  # an optional phrase that does not apply
    return value


def fill(key: str, lang: str, params: Mapping[str, object]) -> str:
    """The template ``key`` in ``lang`` with ``params``; a missing template or parameter raises."""
    try:
        template = TEMPLATES[lang][key]
    except KeyError:
        raise KeyError(f"i18n: no {lang} template {key!r}") from None
    return template.format(**{k: render(v, lang) for k, v in params.items()})


def fields(template: str) -> frozenset[str]:
    """The parameter names a template takes (for the zh/en agreement test)."""
    return frozenset(name.split(".")[0].split("[")[0]
                     for _, name, _, _ in string.Formatter().parse(template) if name)
