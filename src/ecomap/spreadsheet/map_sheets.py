"""The two sheets ``ecomap import`` reads (participants and flows), and what they cannot carry.

Named and headed from the importer's own tables (importer.py), so that import accepts them:
one row per participant and per flow, the map's field names (or their Chinese headers) as
column headers, the map's values as written (amounts as text, ``30%`` shares).
"""

from __future__ import annotations

import shlex
from pathlib import PurePath

from ecomap import i18n
from ecomap.amounts import ONCE, Amount, AmountSyntaxError, Value, parse_amount
from ecomap.importer import FLOW_HEADERS, LIST_SEPARATORS, PARTICIPANT_HEADERS, SHEET_NAMES
from ecomap.model import DEFAULT_LAYERS, Ecosystem, Flow, Participant
from ecomap.spreadsheet.cells import LIST_SEPARATOR, Cell, Column, Sheet, decimal, number
from ecomap.validate import FLOW_KEYS, PARTICIPANT_KEYS

# Fields a cell cannot carry back through `ecomap import`: the scorecards are mappings (and
# `scores` their deprecated name), and a phase names one of the map's phases, which the sheets
# do not hold.
NOT_IN_SHEETS = ("scores", "screening", "quality", "phase")
PARTICIPANT_COLUMNS = tuple(k for k in ("id", *PARTICIPANT_KEYS) if k not in NOT_IN_SHEETS)
FLOW_COLUMNS = tuple(k for k in FLOW_KEYS if k not in NOT_IN_SHEETS)


def map_sheets(eco: Ecosystem, lang: str) -> list[Sheet]:
    """The participants sheet and the flows sheet of ``eco``, named and headed in ``lang``."""
    return [_table(import_sheet_name("participants", lang), PARTICIPANT_COLUMNS,
                   PARTICIPANT_HEADERS, lang,
                   [_participant_cells(p, lang) for p in eco.participants]),
            _table(import_sheet_name("flows", lang), FLOW_COLUMNS, FLOW_HEADERS, lang,
                   [_flow_cells(f, lang, eco.currency) for f in eco.flows])]


def import_sheet_name(role: str, lang: str) -> str:
    """The importer's name for its participants or flows sheet, in ``lang``."""
    names = SHEET_NAMES[role]
    return next(n for n in names if not n.isascii()) if lang == "zh" else names[0].capitalize()


def import_header(field: str, headers: dict[str, str], lang: str) -> str:
    """The importer's header for ``field``: its first Chinese one in zh, the field's own name
    in en (both accepted by ``ecomap import``)."""
    if lang == "zh":
        return next(h for h, f in headers.items() if f == field and not h.isascii())
    return field


def _participant_cells(p: Participant, lang: str) -> dict[str, Cell]:
    return {"id": p.id, "name": p.name, "layer": p.layer, "role": p.role or None,
            "partner_type": p.partner_type, "internal": True if p.internal else None,
            "region": p.region, "count": p.count, "url": p.url,
            "tags": LIST_SEPARATOR[lang].join(p.tags) or None, "note": p.note or None}


def _flow_cells(f: Flow, lang: str, currency: str) -> dict[str, Cell]:
    return {"id": f.id, "from": f.source, "to": f.target, "kind": f.kind, "label": f.label,
            "amount": amount_text(f.amount, currency) if f.amount else None,
            "volume": number(f.volume) if f.volume is not None else None,
            "share": share_text(f.share) if f.share else None, "category": f.category,
            "path": LIST_SEPARATOR[lang].join(f.paths) or None,
            "sensitivity": f.sensitivity, "consent": f.consent, "note": f.note or None}


def _table(name: str, fields: tuple[str, ...], headers: dict[str, str], lang: str,
           rows: list[dict[str, Cell]]) -> Sheet:
    return Sheet(name, tuple(Column(import_header(k, headers, lang),
                                    tuple(r[k] for r in rows),
                                    "count" if k in ("count", "volume") else "text")
                             for k in fields))


def amount_text(amount: Amount, currency: str) -> str:
    """The amount as the map writes it, where that text reads back as the same amount; else
    (a YAML number such as ``1e15``, or the mapping form) as ``low[-high] CUR[/per|once]``."""
    try:
        again = parse_amount(amount.text, currency)
        if (again.value, again.currency, again.per) == (amount.value, amount.currency,
                                                         amount.per):
            return amount.text
    except AmountSyntaxError:
        pass
    low, high = decimal(amount.value.low), decimal(amount.value.high)
    text = f"{low}-{high}" if low != high else low
    text += f" {amount.currency}"
    if amount.per == ONCE:
        return f"{text} once"
    return f"{text}/{amount.per}" if amount.per else text


def share_text(shares: tuple[Value, ...]) -> str:
    """The shares of a flow as one percentage (``30%``, ``5-10%``): several multiply, so
    their product is written, exactly (a percentage of a decimal is a decimal)."""
    product = Value.of(1)
    for s in shares:
        product = product * s
    low, high = decimal(product.low * 100), decimal(product.high * 100)
    return f"{low}%" if low == high else f"{low}-{high}%"


def not_carried(eco: Ecosystem) -> list[str]:
    """Keys (``nc_*`` in i18n.WORKBOOK) of what the map holds and ``ecomap import`` cannot read
    back from the workbook. The title, focus and language come back through the import
    command's options (:func:`import_command`)."""
    default = tuple((layer.id, layer.name) for layer in DEFAULT_LAYERS)
    found = {
        "nc_layers": tuple((layer.id, layer.name) for layer in eco.layers) != default,
        "nc_scores": any(p.screening is not None or p.quality is not None
                         for p in eco.participants),
        "nc_phase": any(p.phase for p in eco.participants) or any(f.phase for f in eco.flows),
        "nc_risks": bool(eco.risks), "nc_scenarios": bool(eco.scenarios),
        "nc_phases": bool(eco.phases), "nc_kpis": bool(eco.kpis), "nc_checks": bool(eco.checks),
        "nc_description": bool(eco.description), "nc_currency": eco.currency != "CNY",
        "nc_lists": any(LIST_SEPARATORS.search(item) for item in
                        (*(t for p in eco.participants for t in p.tags),
                         *(path for f in eco.flows for path in f.paths))),
        "nc_shares": any(len(f.share) > 1 for f in eco.flows),
    }
    return [key for key, present in found.items() if present]


def not_carried_text(eco: Ecosystem, lang: str) -> str:
    words = i18n.WORKBOOK[lang]
    return i18n.Words(lang).join(words[k] for k in not_carried(eco))


def import_command(eco: Ecosystem, workbook: str) -> str:
    """The ``ecomap import`` command that reads ``workbook`` back into this map: the focus,
    title and the map's language given as options (the sheets do not hold them; a workbook
    exported with another ``--lang`` still becomes a map in the map's own language)."""
    stem = PurePath(workbook).stem
    parts = ["ecomap", "import", workbook, "-o", f"{stem}.yaml", "--focus", eco.focus,
             "--title", eco.title or eco.name, "--lang", eco.locale]
    return " ".join(shlex.quote(p) for p in parts)
