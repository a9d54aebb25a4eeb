"""Document → Ecosystem: every field of SPEC §1 checked, every problem collected, one failure.

Longer than ~400 lines on purpose: the rules of every section of the map (and of a scenario's
changes, which must pass the same rules) live together, so that one reading shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TypeVar
from urllib.parse import urlsplit

from ecomap import source
from ecomap.amounts import (
    MAGNITUDES,
    MAX_AMOUNT,
    MAX_VOLUME,
    Amount,
    AmountSyntaxError,
    Value,
    check_range,
    exact_number,
    normalise_currency,
    normalise_period,
    parse_amount,
    parse_quantity,
    parse_share,
)
from ecomap.analysis.checks import check_ids
from ecomap.errors import Diagnostic, EcomapError, Span, printable
from ecomap.model import (
    CATEGORIES,
    DEFAULT_LAYERS,
    KINDS,
    LEVELS,
    LOCALES,
    PARTNER_TYPES,
    QUALITY_FIELDS,
    REGIONS,
    SCREENING_FIELDS,
    SENSITIVITIES,
    SEVERITIES,
    Deprecation,
    Ecosystem,
    Flow,
    FlowChange,
    Kpi,
    Layer,
    Participant,
    Phase,
    QualityReview,
    Risk,
    Scenario,
    Screening,
)
from ecomap.source import Mapping, Node, Scalar, Sequence

FORMAT_VERSION = 1
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ID_MAX = 64
NAME_MAX = 80     # a participant name must fit a diagram node
LABEL_MAX = 120   # a flow label must fit an edge label
TEXT_MAX = 2000   # notes, roles, descriptions
# Each scenario is its map analysed again (about 0.5 s and 17 MB while it runs on a
# 2,000-participant map): 100 keep the biggest map's render within a minute.
SCENARIOS_MAX = 100

TOP_KEYS = {"ecomap": True, "title": False, "description": False, "locale": False,
            "currency": False, "focus": True, "layers": False, "participants": True,
            "flows": False, "risks": False, "scenarios": False, "checks": False,
            "phases": False, "kpis": False}
LAYER_KEYS = {"id": True, "name": True}
PARTICIPANT_KEYS = {"name": True, "layer": True, "role": False, "partner_type": False,
                    "internal": False, "region": False, "count": False, "url": False,
                    "tags": False, "note": False, "screening": False, "quality": False,
                    "scores": False, "phase": False}
# ``scores`` (format 1 until issue 11) is 第2步 伙伴筛选 under its old name and old field names:
# still read, as ``screening``, with a ``model.deprecated_key`` warning at its place.
LEGACY_SCORE_FIELDS = {"quality": "service_quality", "coverage": "coverage", "cost": "cost",
                       "integration": "integration"}
FLOW_KEYS = {"id": False, "from": True, "to": True, "kind": True, "label": True, "amount": False,
             "volume": False, "share": False, "category": False, "path": False,
             "sensitivity": False, "consent": False, "note": False, "phase": False}
AMOUNT_KEYS = {"value": True, "currency": False, "per": False}
RISK_KEYS = {"id": True, "name": True, "about": False, "likelihood": False, "impact": False,
             "mitigation": False}
SCENARIO_KEYS = {"id": True, "name": True, "base": False, "remove": False, "add": False,
                 "set": False}
PHASE_KEYS = {"id": True, "name": True, "months": True}
KPI_KEYS = {"name": True, "target": False, "current": False, "unit": False, "frequency": False,
            "phase": False}
MONTHS = r"^\s*(\d{1,4})\s*(?:-|–|~|to)\s*(\d{1,4})\s*$"  # compiled by a map with phases
ADD_KEYS = {"participants": False, "flows": False}
# Fields a scenario may change on a flow: all but its id (the handle `set` refers to it by).
SET_KEYS = {k: False for k in FLOW_KEYS if k != "id"}
# Map field name → Flow attribute name.
FLOW_ATTRS = {"from": "source", "to": "target", "path": "paths"}

T = TypeVar("T")


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib  # for a misspelt word only: a valid map never loads it

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ""


def _one_of(options: Iterable[str]) -> str:
    return ", ".join(options)


@dataclass
class _Validator:
    """One map's validation: the problems and deprecations found so far."""

    path: str
    problems: list[Diagnostic] = field(default_factory=list)
    currency: str = "CNY"
    deprecations: list[Deprecation] = field(default_factory=list)

    # ------------------------------------------------------------ reporting

    def error(self, node: Node | Span, message: str, hint: str = "") -> None:
        span = node if isinstance(node, Span) else node.span
        self.problems.append(Diagnostic(span, message, hint))

    # ------------------------------------------------------------ shapes

    def mapping(self, node: Node | None, what: str) -> Mapping | None:
        if node is None:
            return None
        if not isinstance(node, Mapping):
            self.error(node, f"{what} must be a mapping of key: value ({self._got(node)})")
            return None
        return node

    def sequence(self, node: Node | None, what: str) -> Sequence | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and node.value is None:
            return Sequence(node.span)
        if not isinstance(node, Sequence):
            hint = "start each item with '- '" if isinstance(node, Mapping) else ""
            if isinstance(node, Scalar) and re.search("[,，、]", node.text):
                hint = f"write a list in brackets: [{node.text}]"
            self.error(node, f"{what} must be a list ({self._got(node)})", hint)
            return None
        return node

    def keys(self, node: Mapping, allowed: dict[str, bool], what: str) -> dict[str, Node]:
        """Unknown keys are errors with a hint; missing required keys are errors at the mapping."""
        found: dict[str, Node] = {}
        for key, value in node.items:
            if key.text not in allowed:
                self.error(key, f"unknown key {key.text!r} in {what}",
                           _did_you_mean(key.text, allowed) or
                           f"expected one of {_one_of(allowed)}")
                continue
            found[key.text] = value
        for name, required in allowed.items():
            if required and name not in found:
                self.error(node, f"{what} needs {name!r}")
        return found

    @staticmethod
    def _got(node: Node) -> str:
        if isinstance(node, Mapping):
            return "got a mapping"
        if isinstance(node, Sequence):
            return "got a list"
        assert isinstance(node, Scalar)
        if node.value is None:
            return "got nothing"
        return f"got {node.text!r}"

    # ------------------------------------------------------------ scalars

    def text(self, node: Node | None, what: str, limit: int = TEXT_MAX,
             required: bool = False) -> str | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.value is None:
            self.error(node, f"{what} must be text ({self._got(node)})")
            return None
        value = node.text  # numbers and booleans written here are meant as text
        if not value.strip() and required:
            self.error(node, f"{what} must not be empty")
            return None
        if len(value) > limit:
            self.error(node, f"{what} is too long ({len(value)} characters; at most {limit})")
            return None
        return value

    def ident(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what, limit=ID_MAX)
        if value is None or node is None:
            return None
        if not ID_RE.match(value):
            self.error(node, f"{what} must be lowercase letters, digits and '_', starting with a "
                             f"letter (got {value!r})", _ident_hint(value))
            return None
        return value

    def choice(self, node: Node | None, options: tuple[str, ...], what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.value is None or node.text not in options:
            got = node.text if isinstance(node, Scalar) else None
            self.error(node, f"{what} must be one of {_one_of(options)} "
                             f"({self._got(node)})",
                       _did_you_mean(got, options) if got else "")
            return None
        return node.text

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or not isinstance(node.value, bool):
            hint = ""
            yaml11_booleans = {"yes", "no", "on", "off", "y", "n"}
            if isinstance(node, Scalar) and node.text.lower() in yaml11_booleans:
                hint = "YAML 1.2 reads only true and false as booleans"
            self.error(node, f"{what} must be true or false ({self._got(node)})", hint)
            return None
        return node.value

    def number(self, node: Node | None, what: str, low: Fraction | None = None,
               high: Fraction | None = None, integer: bool = False,
               limit: int = MAX_AMOUNT) -> Fraction | None:
        """A number in [low, high] and never above ``limit`` (the map's numeric range)."""
        if node is None:
            return None
        ok = (isinstance(node, Scalar) and not node.quoted
              and isinstance(node.value, (int, float)) and not isinstance(node.value, bool))
        if not ok:
            hint = ""
            if isinstance(node, Scalar) and re.match(r"^[-+]?0[0-9]", node.text):
                hint = "YAML 1.1 read a leading zero as octal; drop the zero"
            elif isinstance(node, Scalar) and node.quoted and re.match(_FLOAT_TEXT, node.text):
                hint = "remove the quotes"
            elif isinstance(node, Scalar) and re.match(_MAGNITUDE_TEXT, node.text):
                hint = f"write the digits: {_expand_magnitude(node.text)}"
            self.error(node, f"{what} must be a number ({self._got(node)})", hint)
            return None
        assert isinstance(node, Scalar)
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        if low is not None and low >= 0 and node.text.lstrip().startswith("-"):
            self.error(node, f"{what} must be {bounds} (got {node.text})")
            return None  # before its size is looked at: -1e999999999 is below zero
        try:  # from the text: exact, no binary float rounding; bounded before it is built
            value = exact_number(node.text, what, limit if high is None else int(high),
                                 bounds if high is not None else "")
        except AmountSyntaxError as exc:
            self.error(node, str(exc))
            return None
        if integer and value.denominator != 1:
            self.error(node, f"{what} must be a whole number (got {node.text})")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(node, f"{what} must be {bounds} (got {node.text})")
            return None
        return value

    def ref(self, node: Node | None, known: Collection[str], what: str,
            removed: Collection[str] = ()) -> str | None:
        """``known`` is a dict or set: membership must stay O(1) on 8,000-flow maps;
        ``removed``: what a scenario took away (named as such, not as undefined)."""
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.value is None:
            self.error(node, f"{what} must be an id ({self._got(node)})")
            return None
        if node.text in removed and node.text not in known:
            self.error(node, f"{what} {node.text!r} is removed by this scenario")
            return None
        if node.text not in known:
            self.error(node, f"{what} {node.text!r} is not defined",
                       _did_you_mean(node.text, known))
            return None
        return node.text

    def ref_list(self, node: Node | None, known: Collection[str], what: str) -> tuple[str, ...]:
        if isinstance(node, Scalar) and node.value is not None:
            node = Sequence(node.span, [node])  # `about: catl` is `about: [catl]`
        seq = self.sequence(node, what)
        if seq is None:
            return ()
        refs = [self.ref(item, known, what) for item in seq.items]
        return tuple(dict.fromkeys(r for r in refs if r is not None))

    # ------------------------------------------------------------ amounts

    def amount(self, node: Node | None) -> Amount | None:
        if node is None:
            return None
        if isinstance(node, Mapping):
            return self._amount_mapping(node)
        if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, bool):
            self.error(node, f"amount must be text like '980 CNY/month' ({self._got(node)})")
            return None
        if isinstance(node.value, (int, float)) and not node.quoted:
            number = self.number(node, "amount", low=Fraction(0))
            return Amount(Value.of(number), self.currency, None, node.text) if number is not None \
                else None
        try:
            amount = parse_amount(node.text, self.currency)
        except AmountSyntaxError as exc:
            self.error(node, str(exc))
            return None
        return self._same_currency(node, amount)

    def _amount_mapping(self, node: Mapping) -> Amount | None:
        found = self.keys(node, AMOUNT_KEYS, "amount")
        value_node = found.get("value")
        currency = normalise_currency(self.text(found.get("currency"), "currency", limit=8)
                                      or self.currency)
        per = None
        if "per" in found:
            per_text = self.text(found["per"], "per")
            if per_text is not None:
                try:
                    per = normalise_period(per_text)
                except AmountSyntaxError as exc:
                    self.error(found["per"], str(exc))
                    return None
        if value_node is None:
            return None
        if isinstance(value_node, Scalar) and isinstance(value_node.value, str):
            try:  # `value: 150-300` or `value: 2500万`
                parsed = parse_amount(value_node.text, "")
            except AmountSyntaxError as exc:
                self.error(value_node, str(exc))
                return None
            if parsed.currency or parsed.per:  # would be silently ignored otherwise
                self.error(value_node, f"amount value must be a number or a range such as "
                                       f"150-300 or 2500万 (got {value_node.text!r})",
                           "put the currency in `currency:` and the period in `per:`")
                return None
            value = parsed.value
        else:
            number = self.number(value_node, "amount value", low=Fraction(0))
            if number is None:
                return None
            value = Value.of(number)
        text = f"{value_node.text if isinstance(value_node, Scalar) else ''} {currency}" + \
            (f"/{per}" if per else "")
        return self._same_currency(node, Amount(value, currency, per, text))

    def _same_currency(self, node: Node, amount: Amount) -> Amount | None:
        if amount.currency != self.currency:
            self.error(node, f"amount is in {amount.currency} but the map's currency is "
                             f"{self.currency}; ecomap does not convert currencies",
                       f"convert it to {self.currency}, or set `currency: {amount.currency}`")
            return None
        return amount

    def quantity(self, node: Node | None, what: str, low: Fraction | None = None,
                 integer: bool = False, limit: int = MAX_VOLUME) -> Fraction | None:
        """A number, or one written with a magnitude (``10万``, ``1.5k``) as SPEC §1 allows in
        ``volume`` and ``count``, never above ``limit``."""
        if isinstance(node, Scalar) and isinstance(node.value, str):
            try:
                value = parse_quantity(node.text)
                if value is not None:
                    check_range(value, limit, what, node.text.strip())
            except AmountSyntaxError as exc:
                self.error(node, str(exc))
                return None
            if value is not None:
                if integer and value.denominator != 1:
                    self.error(node, f"{what} must be a whole number (got {node.text})")
                    return None
                if low is not None and value < low:
                    self.error(node, f"{what} must be at least {low} (got {node.text})")
                    return None
                return value
        return self.number(node, what, low=low, integer=integer, limit=limit)

    def text_list(self, node: Node | None, what: str, limit: int) -> tuple[str, ...] | None:
        """One text or a list of texts (``path: 电池资产流`` or ``path: [产品1, 产品2]``)."""
        if node is None:
            return None
        if not isinstance(node, Sequence):
            one = self.text(node, what, limit=limit, required=True)
            return (one,) if one is not None else None
        if not node.items:
            self.error(node, f"{what} must name at least one")
            return None
        texts = [self.text(item, what, limit=limit, required=True) for item in node.items]
        if any(t is None for t in texts):
            return None
        return tuple(dict.fromkeys(t for t in texts if t is not None))

    def shares(self, node: Node | None) -> tuple[Value, ...]:
        if node is None:
            return ()
        items = node.items if isinstance(node, Sequence) else [node]
        result = []
        for item in items:
            if not isinstance(item, Scalar) or not isinstance(item.value, str):
                hint = ""
                if isinstance(item, Scalar) and isinstance(item.value, (int, float)):
                    hint = f"write it as a percentage, e.g. '{_as_percent(item.text)}'"
                self.error(item, f"share must be a percentage such as '30%' "
                                 f"({self._got(item)})", hint)
                continue
            try:
                result.append(parse_share(item.text))
            except AmountSyntaxError as exc:
                self.error(item, str(exc))
        return tuple(result)


# Hints for a number written as text; compiled on first use (re's cache), i.e. on a mistake.
_FLOAT_TEXT = r"^\s*[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\s*$"
_MAGNITUDE_TEXT = r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(万|亿|[kKMB])\s*$"


def _expand_magnitude(text: str) -> str:
    """'3万' → '30000', '1.5k' → '1500' (for hints)."""
    m = re.match(_MAGNITUDE_TEXT, text)
    assert m is not None
    try:
        value = exact_number(m.group(1)) * MAGNITUDES[m.group(2)]
    except AmountSyntaxError:
        return "the number without 万/亿/k/M/B"
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _ident_hint(value: str) -> str:
    candidate = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
    if candidate and candidate[0].isalpha() and candidate != value:
        return f'try "{candidate}"'
    return ""


def _as_percent(text: str) -> str:
    """0.3 → '30%', 0.333 → '33.3%'; a number above 1 was most likely meant as percent."""
    try:
        exact_number(text, "share", limit=100)  # a hint for a number in the map's range only
        value = Decimal(text)
    except (ArithmeticError, AmountSyntaxError):
        return "30%"
    percent = value if value > 1 else value * 100
    return f"{percent.normalize():f}%"


# ---------------------------------------------------------------- the map

@dataclass
class _Context:
    """What later sections refer back to."""

    layers: dict[str, Layer] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    flow_ids: dict[str, Flow] = field(default_factory=dict)
    refs: dict[str, int] = field(default_factory=dict)
    focus: str | None = None
    phases: dict[str, Phase] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()  # in a scenario: the participants it removes


def validate(root: Node | None, path: str) -> Ecosystem:
    """Check a parsed map and build the model; raises EcomapError listing every problem."""
    v = _Validator(path)
    start = Span(path, 1, 1)
    if root is None:
        raise EcomapError([Diagnostic(start, "the map is empty",
                                      "start with `ecomap: 1`, a `focus` and `participants`")])
    top = v.mapping(root, "a map")
    if top is None:
        raise EcomapError(v.problems)
    found = v.keys(top, TOP_KEYS, "the map")

    version_node = found.get("ecomap")
    if version_node is not None:
        version = v.number(version_node, "ecomap (the format version)", integer=True)
        if version is not None and version != FORMAT_VERSION:
            v.error(version_node, f"this ecomap reads format version {FORMAT_VERSION} "
                                  f"(got {version})")
    title = v.text(found.get("title"), "title", limit=LABEL_MAX, required=True)
    description = v.text(found.get("description"), "description") or ""
    locale = v.choice(found.get("locale"), LOCALES, "locale") or "zh"
    currency = v.text(found.get("currency"), "currency", limit=8)
    if currency is not None and not re.match(r"^[A-Z]{3}$", currency):
        v.error(found["currency"], f"currency must be a three-letter code such as CNY, USD "
                                   f"(got {currency!r})")
        currency = None
    v.currency = normalise_currency(currency) if currency else "CNY"  # RMB is CNY

    ctx = _Context()
    phases = _phases(v, found.get("phases"), ctx)
    layers = _layers(v, found.get("layers"), ctx)
    _participants(v, found.get("participants"), ctx, required=True)
    focus_node = found.get("focus")
    focus = v.ref(focus_node, ctx.participants, "focus") if focus_node is not None else None
    ctx.focus = focus
    _flows(v, found.get("flows"), ctx)
    risks = _risks(v, found.get("risks"), ctx)
    scenarios = _scenarios(v, found.get("scenarios"), ctx)
    checks = _checks(v, found.get("checks"))
    kpis = _kpis(v, found.get("kpis"), ctx)

    if v.problems:
        raise EcomapError(v.problems)
    assert focus is not None and focus_node is not None
    # A file name may hold any character but "/": a default title is printable.
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Ecosystem(
        path=path, title=title or printable(stem), focus=focus, layers=layers,
        participants=tuple(ctx.participants.values()), flows=tuple(ctx.flows), span=top.span,
        description=description, locale=locale, currency=v.currency, risks=risks,
        scenarios=scenarios, checks=MappingProxyType(checks), focus_span=focus_node.span,
        phases=phases, kpis=kpis, deprecations=tuple(v.deprecations),
    )


def _layers(v: _Validator, node: Node | None, ctx: _Context) -> tuple[Layer, ...]:
    seq = v.sequence(node, "layers")
    if seq is None or (node is not None and not seq.items and isinstance(node, Scalar)):
        layers = DEFAULT_LAYERS
    else:
        if not seq.items:
            v.error(seq, "layers must list at least one layer",
                    "or leave `layers` out to use the five-layer template")
        built: list[Layer] = []
        for item in seq.items:
            m = v.mapping(item, "a layer")
            if m is None:
                continue
            f = v.keys(m, LAYER_KEYS, "a layer")
            lid = v.ident(f.get("id"), "layer id")
            name = v.text(f.get("name"), "layer name", limit=NAME_MAX, required=True)
            if lid is None:
                continue
            if name is None:  # already reported; keep the id so participants on it stay quiet
                name = lid
            if any(layer.id == lid for layer in built):
                v.error(f["id"], f"layer {lid!r} is defined twice")
                continue
            built.append(Layer(lid, name, m.span))
        layers = tuple(built) if seq.items else DEFAULT_LAYERS
    ctx.layers = {layer.id: layer for layer in layers}
    return layers


def _participant(v: _Validator, pid: str, m: Mapping, ctx: _Context) -> Participant | None:
    f = v.keys(m, PARTICIPANT_KEYS, f"participant {pid!r}")
    name = v.text(f.get("name"), "name", limit=NAME_MAX, required=True)
    layer = v.ref(f.get("layer"), ctx.layers, "layer")
    count = v.quantity(f.get("count"), "count", low=Fraction(1), integer=True)
    url = v.text(f.get("url"), "url", limit=TEXT_MAX)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            v.error(f["url"], f"url must be an http or https address (got {url!r})")
            url = None
    tags: list[str] = []
    tag_seq = v.sequence(f.get("tags"), "tags")
    for item in tag_seq.items if tag_seq else []:
        tag = v.text(item, "tag", limit=NAME_MAX, required=True)
        if tag is not None:
            tags.append(tag)
    screening = _screening(v, pid, m, f)
    quality = _quality(v, f.get("quality"))
    if name is None or layer is None:
        return None
    return Participant(
        id=pid, name=name, layer=layer, span=m.span,
        role=v.text(f.get("role"), "role", limit=TEXT_MAX) or "",
        partner_type=v.choice(f.get("partner_type"), PARTNER_TYPES, "partner_type"),
        internal=bool(v.boolean(f.get("internal"), "internal")),
        region=v.choice(f.get("region"), REGIONS, "region"),
        count=int(count) if count is not None else None, url=url, tags=tuple(tags),
        note=v.text(f.get("note"), "note") or "", screening=screening, quality=quality,
        phase=v.ref(f.get("phase"), ctx.phases, "phase"),
    )


def _screening(v: _Validator, pid: str, m: Mapping, f: dict[str, Node]) -> Screening | None:
    """``screening`` (第2步 伙伴筛选), or the deprecated ``scores`` read as it."""
    legacy = f.get("scores")
    if legacy is not None and f.get("screening") is not None:
        v.error(legacy, "give `screening` only: `scores` is its old name")
        return None
    if legacy is None:
        return _scorecard(v, f.get("screening"), "screening",
                          {k: k for k in SCREENING_FIELDS}, Screening)
    key = next(k for k, _ in m.items if k.text == "scores")  # the warning points at the key
    v.deprecations.append(Deprecation("scores", "screening", pid, key.span))
    return _scorecard(v, legacy, "scores", LEGACY_SCORE_FIELDS, Screening, number="score")


def _quality(v: _Validator, node: Node | None) -> QualityReview | None:
    """``quality`` (机制3 质量管理): the four 评估指标 and the 投诉率 the tier needs."""
    m = v.mapping(node, "quality")
    if m is None:
        return None
    allowed = {**{k: True for k in QUALITY_FIELDS}, "complaint_rate": True}
    f = v.keys(m, allowed, "quality")
    values = {k: v.number(f.get(k), f"quality {k}", Fraction(0), Fraction(5))
              for k in QUALITY_FIELDS}
    rate = _complaint_rate(v, f.get("complaint_rate"))
    if rate is None or any(x is None for x in values.values()):
        return None
    return QualityReview(complaint_rate=rate, **values)  # type: ignore[arg-type]


def _complaint_rate(v: _Validator, node: Node | None) -> Fraction | None:
    """投诉率 as a percentage ('0.4%'), one value: the tier compares it with 0.5% / 1% / 2%."""
    if node is None:
        return None
    if not isinstance(node, Scalar) or not isinstance(node.value, str):
        hint = ""
        if isinstance(node, Scalar) and isinstance(node.value, (int, float)):
            hint = f"write it as a percentage, e.g. '{_as_percent(node.text)}'"
        v.error(node, f"complaint_rate must be a percentage such as '0.4%' ({v._got(node)})",
                hint)
        return None
    try:
        rate = parse_share(node.text)
    except AmountSyntaxError:
        v.error(node, f"complaint_rate must be a percentage from 0% to 100% such as '0.4%' "
                      f"(got {node.text!r})")
        return None
    if rate.is_range:
        v.error(node, f"complaint_rate must be one percentage, not a range (got {node.text!r}): "
                      "the tier compares it with 0.5% / 1% / 2%")
        return None
    return rate.low


def _scorecard(v: _Validator, node: Node | None, what: str, fields: dict[str, str],
               build: type[Screening], number: str = "") -> Screening | None:
    """A mapping of 0–5 scores; ``fields`` maps each key written to its model field; a bad
    number is named ``<number or what> <key>``."""
    m = v.mapping(node, what)
    if m is None:
        return None
    f = v.keys(m, {k: True for k in fields}, what)
    values = {fields[k]: v.number(f.get(k), f"{number or what} {k}", Fraction(0), Fraction(5))
              for k in fields}
    if any(x is None for x in values.values()):
        return None
    return build(**values)  # type: ignore[arg-type]


def _participants(v: _Validator, node: Node | None, ctx: _Context, required: bool,
                  what: str = "participants") -> list[Participant]:
    if node is None:
        return []
    if isinstance(node, Sequence):
        v.error(node, f"{what} must be a mapping from id to participant, not a list",
                "write `catl: {name: 宁德时代, layer: strategic}`")
        return []
    m = v.mapping(node, what)
    if m is None:
        return []
    if required and not m.items:
        v.error(m, f"{what} must define at least one participant")
    added = []
    for key, value in m.items:
        pid = v.ident(key, "participant id")
        pm = v.mapping(value, f"participant {key.text!r}")
        if pm is None:
            continue
        if pid is not None and pid in ctx.participants:
            v.error(key, f"participant {pid!r} is already defined")
            continue
        p = _participant(v, pid or key.text, pm, ctx)  # checked even under a bad id
        if p is not None and pid is not None:
            ctx.participants[pid] = p
            added.append(p)
        elif pid is not None:  # already reported; a placeholder keeps references to it quiet
            ctx.participants[pid] = Participant(pid, pid, "", pm.span)
    return added


def _flow_fields(v: _Validator, f: dict[str, Node], ctx: _Context,
                 kind: str | None) -> dict[str, object]:
    """The checked values of a flow's fields, as Flow attributes (shared by flows and `set`)."""
    values: dict[str, object] = {}
    if "from" in f:
        values["source"] = v.ref(f["from"], ctx.participants, "from", ctx.removed)
    if "to" in f:
        values["target"] = v.ref(f["to"], ctx.participants, "to", ctx.removed)
    if "kind" in f:
        values["kind"] = kind = v.choice(f["kind"], KINDS, "kind")
    if "label" in f:
        values["label"] = v.text(f["label"], "label", limit=LABEL_MAX, required=True)
    if "amount" in f:
        values["amount"] = v.amount(f["amount"])
    if "volume" in f:
        values["volume"] = v.quantity(f["volume"], "volume", low=Fraction(0))
    if "share" in f:
        values["share"] = v.shares(f["share"])
    if "category" in f:
        values["category"] = v.choice(f["category"], CATEGORIES, "category")
        if kind is not None and kind != "money":
            v.error(f["category"], f"category applies to money flows (this flow is {kind})")
    if "path" in f:
        values["paths"] = v.text_list(f["path"], "path", limit=NAME_MAX)
    if "sensitivity" in f:
        values["sensitivity"] = v.choice(f["sensitivity"], SENSITIVITIES, "sensitivity")
        if kind is not None and kind != "data":
            v.error(f["sensitivity"], f"sensitivity applies to data flows (this flow is {kind})")
    if "consent" in f:
        values["consent"] = v.boolean(f["consent"], "consent")
        if kind is not None and kind != "data":
            v.error(f["consent"], f"consent applies to data flows (this flow is {kind})")
    if "note" in f:
        values["note"] = v.text(f["note"], "note") or ""
    if "phase" in f:
        values["phase"] = v.ref(f["phase"], ctx.phases, "phase")
    return values


def _flow(v: _Validator, item: Node, ctx: _Context, index: int) -> Flow | None:
    m = v.mapping(item, "a flow")
    if m is None:
        return None
    f = v.keys(m, FLOW_KEYS, "a flow")
    fid = v.ident(f.get("id"), "flow id")
    if fid is not None and fid in ctx.flow_ids:
        v.error(f["id"], f"flow id {fid!r} is already used (line {ctx.flow_ids[fid].span.line})")
        fid = None
    values = _flow_fields(v, f, ctx, kind=None)
    source, target = values.get("source"), values.get("target")
    if source is not None and source == target:
        v.error(f["to"], f"a flow must go between two participants (from and to are both "
                         f"{source!r})")
        return None
    if "amount" not in f and ("volume" in f or "share" in f):  # not when it was just wrong
        v.error(f.get("volume") or f["share"], "volume and share multiply an amount; this flow "
                                               "has none", "add an amount or remove them")
    if any(values.get(k) is None for k in ("source", "target", "kind", "label")):
        return None
    ref = fid or f"{source}->{target}:{values['kind']}"
    seen = ctx.refs.get(ref, 0) + 1
    ctx.refs[ref] = seen
    flow = Flow(index=index, ref=ref if seen == 1 else f"{ref}#{seen}", span=m.span, id=fid,
                **{k: val for k, val in values.items() if val is not None})  # type: ignore[arg-type]
    if fid is not None:
        ctx.flow_ids[fid] = flow
    return flow


def _flows(v: _Validator, node: Node | None, ctx: _Context) -> list[Flow]:
    seq = v.sequence(node, "flows")
    added = []
    for item in seq.items if seq else []:
        flow = _flow(v, item, ctx, index=len(ctx.flows))
        if flow is not None:
            ctx.flows.append(flow)
            added.append(flow)
    return added


def _unique_items(v: _Validator, node: Node | None, what: str,
                  build: Callable[[Mapping, dict[str, Node], str], T | None],
                  allowed: dict[str, bool]) -> tuple[T, ...]:
    """A list of mappings with unique `id`s (risks, scenarios)."""
    seq = v.sequence(node, f"{what}s")
    built: list[T] = []
    seen: set[str] = set()
    for item in seq.items if seq else []:
        m = v.mapping(item, f"a {what}")
        if m is None:
            continue
        f = v.keys(m, allowed, f"a {what}")
        ident = v.ident(f.get("id"), f"{what} id")
        if ident is not None and ident in seen:
            v.error(f["id"], f"{what} {ident!r} is defined twice")
            continue
        if ident is None:
            continue
        seen.add(ident)
        result = build(m, f, ident)
        if result is not None:
            built.append(result)
    return tuple(built)


def _risks(v: _Validator, node: Node | None, ctx: _Context) -> tuple[Risk, ...]:
    def build(m: Mapping, f: dict[str, Node], rid: str) -> Risk | None:
        name = v.text(f.get("name"), "risk name", limit=LABEL_MAX, required=True)
        about = v.ref_list(f.get("about"), ctx.participants, "about")
        likelihood = v.choice(f.get("likelihood"), LEVELS, "likelihood") or "medium"
        impact = v.choice(f.get("impact"), LEVELS, "impact") or "medium"
        mitigation = v.text(f.get("mitigation"), "mitigation") or ""
        if name is None:
            return None
        return Risk(rid, name, m.span, about, likelihood, impact, mitigation)
    return _unique_items(v, node, "risk", build, RISK_KEYS)


def _scenarios(v: _Validator, node: Node | None, ctx: _Context) -> tuple[Scenario, ...]:
    bases: dict[str, Node] = {}  # scenario id → its `base:` node, checked once all are known
    scratches: dict[str, _Context] = {}
    ids: set[str] = set()

    def build(m: Mapping, f: dict[str, Node], sid: str) -> Scenario | None:
        ids.add(sid)
        phase = ctx.phases.get(sid)
        if phase is not None:  # both would write <map>.<id>.svg: one diagram would be lost
            v.error(f["id"], f"scenario id {sid!r} is also the id of a phase (line "
                             f"{phase.span.line}): their diagrams would both be <map>.{sid}.svg",
                    "give the scenario or the phase another id")
        name = v.text(f.get("name"), "scenario name", limit=LABEL_MAX, required=True)
        base_node = f.get("base")
        base = None
        if base_node is not None:
            base = v.ident(base_node, "base")
            if base is not None:
                bases[sid] = base_node
        remove = v.ref_list(f.get("remove"), ctx.participants, "remove")
        if ctx.focus is not None and ctx.focus in remove:
            v.error(f["remove"], f"a scenario cannot remove the focus {ctx.focus!r}: every "
                                 "figure is computed from its point of view")
        # Additions live in a scratch context so that scenarios do not see each other's; one
        # that builds on an earlier scenario sees that one's (its chain's) additions. What the
        # scenario removes is gone from it, so an added or changed flow cannot use it.
        origin = scratches.get(base or "", ctx)
        kept = {pid: p for pid, p in origin.participants.items() if pid not in remove}
        scratch = _Context(ctx.layers, kept, list(origin.flows), dict(origin.flow_ids),
                           dict(origin.refs), ctx.focus, ctx.phases, removed=frozenset(remove))
        scratches[sid] = scratch
        add_participants: list[Participant] = []
        add_flows: list[Flow] = []
        add = v.mapping(f.get("add"), "add")
        if add is not None:
            af = v.keys(add, ADD_KEYS, "add")
            add_participants = _participants(v, af.get("participants"), scratch, required=False,
                                             what="added participants")
            add_flows = _flows(v, af.get("flows"), scratch)
        changes = _set(v, f.get("set"), scratch)
        if name is None:
            return None
        return Scenario(sid, name, m.span, remove, tuple(add_participants), tuple(add_flows),
                        changes, base)
    if isinstance(node, Sequence) and len(node.items) > SCENARIOS_MAX:
        v.error(node.items[SCENARIOS_MAX], f"too many scenarios ({len(node.items)}; a map may "
                                           f"have at most {SCENARIOS_MAX})")
        return ()
    scenarios = _unique_items(v, node, "scenario", build, SCENARIO_KEYS)
    _check_bases(v, bases, ids)
    return scenarios


def _check_bases(v: _Validator, bases: dict[str, Node], ids: set[str]) -> None:
    """Every `base:` names a scenario of the map, and no chain of bases comes back to itself."""
    for sid, node in bases.items():
        assert isinstance(node, Scalar)
        base = node.text
        if base == sid:
            v.error(node, f"scenario {sid!r} cannot build on itself")
            continue
        if base not in ids:
            v.error(node, f"base {base!r} is not a scenario of this map",
                    _did_you_mean(base, ids))
            continue
        chain = [sid]
        current = base
        while current not in chain and current in bases:
            chain.append(current)
            step = bases[current]
            current = step.text if isinstance(step, Scalar) else sid
        if current == sid:  # reported on each scenario of the cycle, not on those leading in
            v.error(node, "scenarios build on each other in a cycle: "
                          + " → ".join([*chain, sid]), "one of them must not have `base:`")


def _phases(v: _Validator, node: Node | None, ctx: _Context) -> tuple[Phase, ...]:
    """The roadmap: ids unique, ``months: "0-6"`` well-formed, phases in order, no overlap."""
    previous: list[Phase] = []

    def build(m: Mapping, f: dict[str, Node], pid: str) -> Phase | None:
        name = v.text(f.get("name"), "phase name", limit=LABEL_MAX, required=True)
        months_node = f.get("months")
        months = v.text(months_node, "months", limit=ID_MAX)
        if months is None or months_node is None:
            return None
        match = re.match(MONTHS, months)
        if match is None:
            v.error(months_node, f"months must be a range of months such as \"0-6\" "
                                 f"(got {months!r})")
            return None
        start, end = int(match.group(1)), int(match.group(2))
        if end <= start:
            v.error(months_node, f"months must go from an earlier to a later month "
                                 f"(got {months!r})")
            return None
        if previous and start < previous[-1].end:
            last = previous[-1]
            v.error(months_node, f"phase {pid!r} starts at month {start}, before phase "
                                 f"{last.id!r} ends (month {last.end})",
                    "list phases in order, each starting where the one before ends or later")
            return None
        if name is None:
            return None
        phase = Phase(pid, name, start, end, m.span)
        previous.append(phase)
        return phase

    phases = _unique_items(v, node, "phase", build, PHASE_KEYS)
    ctx.phases = {p.id: p for p in phases}
    return phases


def _kpis(v: _Validator, node: Node | None, ctx: _Context) -> tuple[Kpi, ...]:
    seq = v.sequence(node, "kpis")
    built: list[Kpi] = []
    for item in seq.items if seq else []:
        m = v.mapping(item, "a kpi")
        if m is None:
            continue
        f = v.keys(m, KPI_KEYS, "a kpi")
        name = v.text(f.get("name"), "kpi name", limit=LABEL_MAX, required=True)
        fields = {k: v.text(f.get(k), k, limit=NAME_MAX) or ""
                  for k in ("target", "current", "unit", "frequency")}
        phase = v.ref(f.get("phase"), ctx.phases, "phase")
        if name is not None:
            built.append(Kpi(name, m.span, phase=phase, **fields))
    return tuple(built)


def _set(v: _Validator, node: Node | None, ctx: _Context) -> tuple[FlowChange, ...]:
    m = v.mapping(node, "set")
    if m is None:
        return ()
    changes = []
    for key, value in m.items:
        fid = v.ref(key, ctx.flow_ids, "set: flow")
        fm = v.mapping(value, f"the changes to flow {key.text!r}")
        if fid is None or fm is None:
            continue
        for k, _ in fm.items:
            if k.text == "id":
                v.error(k, "a scenario cannot change a flow's id",
                        "`set` finds the flow by its id; add a new flow under `add:` instead")
        fm = Mapping(fm.span, [(k, x) for k, x in fm.items if k.text != "id"])
        f = v.keys(fm, SET_KEYS, f"the changes to flow {fid!r}")
        fields = _flow_fields(v, f, ctx, ctx.flow_ids[fid].kind)
        if any(val is None for val in fields.values()):
            continue  # already reported
        if _changed_flow_problems(v, ctx.flow_ids[fid], fields, f):
            continue
        changes.append(FlowChange(fid, key.span, MappingProxyType(fields)))
    return tuple(changes)


def _changed_flow_problems(v: _Validator, base: Flow, fields: dict[str, object],
                           nodes: dict[str, Node]) -> bool:
    """The rules of a map's flow, applied to a flow as a scenario's `set` leaves it (fields it
    changes checked against the ones it keeps); True when one is broken (reported)."""
    problems = len(v.problems)
    source, target = fields.get("source", base.source), fields.get("target", base.target)
    kind = fields.get("kind", base.kind)
    if source == target:
        v.error(nodes.get("to") or nodes["from"], f"a flow must go between two participants "
                f"(this change makes from and to both {source!r})")
    if "kind" in fields:  # fields the flow keeps that the new kind does not take
        kept_only = {"category": "money", "sensitivity": "data", "consent": "data"}
        for name, needs in kept_only.items():
            if kind != needs and name not in fields and getattr(base, name) is not None:
                kept = getattr(base, name)
                shown = str(kept).lower() if isinstance(kept, bool) else kept
                v.error(nodes["kind"], f"the flow keeps its {name} ({shown}), which applies to "
                                       f"{needs} flows (this change makes it {kind})",
                        "keep the kind, or remove the flow and add a new one under `add:`")
    return len(v.problems) > problems


def _checks(v: _Validator, node: Node | None) -> dict[str, str]:
    m = v.mapping(node, "checks")
    result: dict[str, str] = {}
    for key, value in m.items if m else []:
        if key.text not in check_ids():
            v.error(key, f"unknown check {key.text!r}",
                    _did_you_mean(key.text, check_ids()) or f"checks are {_one_of(check_ids())}")
            continue
        if isinstance(value, Scalar) and value.text.lower() in {"off", "no", "false", "none",
                                                                "disable", "disabled"}:
            v.error(value, f"severity of {key.text} must be one of {_one_of(SEVERITIES)} "
                           f"(got {value.text!r})", 'use "ignore" to turn a check off')
            continue
        severity = v.choice(value, SEVERITIES, f"severity of {key.text}")
        if severity is not None:
            result[key.text] = severity
    return result


# ---------------------------------------------------------------- entry points

def load_text(text: str, path: str = "<map>") -> Ecosystem:
    """Parse and validate map text (tests, stdin)."""
    return validate(source.parse(text, path), path)


def load_map(path: str) -> Ecosystem:
    """Read, parse and validate a map file; raises EcomapError with every problem."""
    return validate(source.read(path), path)


def load_data(data: bytes, path: str) -> Ecosystem:
    """Parse and validate the bytes ``source.read_data`` read from ``path``, as ``load_map``
    does (for a render that also keys its outputs by those bytes)."""
    return validate(source.parse(source.decode(data, path), path), path)
