"""Imbalanced flows: give/get by kind per pair, one-way pairs, under-rewarded partners, free data,
net money per participant (the e3value-style profitability view)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from ecomap.amounts import ZERO, Value
from ecomap.analysis.base import Context
from ecomap.analysis.checks import Hit, check, hit
from ecomap.i18n import Joined, Label, Names, Phrase
from ecomap.model import KINDS, Flow


@dataclass
class Figures:
    """One participant's money (annual, quantified flows only) and flow counts by kind."""

    money_in: Value = ZERO
    money_out: Value = ZERO
    unquantified_in: int = 0
    one_off_in: int = 0  # one-off payments received (an investment the focus pays it)
    gives: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def net(self) -> Value:
        return self.money_in - self.money_out


@dataclass
class Pair:
    """Two participants and what each gives the other; ``a`` is the focus when it is in the pair."""

    a: str
    b: str
    a_gives: list[Flow] = field(default_factory=list)
    b_gives: list[Flow] = field(default_factory=list)
    a_gives_money: Value = ZERO  # annual, quantified money flows only
    b_gives_money: Value = ZERO


def participant_figures(ctx: Context) -> dict[str, Figures]:
    figures = {p.id: Figures() for p in ctx.eco.participants}
    for f in ctx.eco.flows:
        figures[f.source].gives[f.kind] += 1
        figures[f.target].gets[f.kind] += 1
        if f.kind == "money":
            annual = ctx.annual(f)
            if f.is_once:  # an investment has a value, just not a yearly one
                figures[f.target].one_off_in += 1
            elif annual is None:
                figures[f.target].unquantified_in += 1
            else:
                figures[f.source].money_out = figures[f.source].money_out + annual
                figures[f.target].money_in = figures[f.target].money_in + annual
    return figures


def pairs(ctx: Context) -> list[Pair]:
    """Every pair with a flow between them, in order of their first flow (self-flows skipped)."""
    focus, order = ctx.eco.focus, ctx.order
    result: dict[frozenset[str], Pair] = {}
    for f in ctx.eco.flows:
        if f.source == f.target:
            continue
        key = frozenset((f.source, f.target))
        pair = result.get(key)
        if pair is None:
            a, b = sorted(key, key=lambda pid: (pid != focus, order[pid]))
            pair = result[key] = Pair(a, b)
        annual = ctx.annual(f) if f.kind == "money" else None
        if f.source == pair.a:
            pair.a_gives.append(f)
            if annual is not None:
                pair.a_gives_money = pair.a_gives_money + annual
        else:
            pair.b_gives.append(f)
            if annual is not None:
                pair.b_gives_money = pair.b_gives_money + annual
    return list(result.values())


def _kinds(flows: list[Flow]) -> Joined:
    """What ``flows`` carry, kind by kind in KINDS order ("资金、数据" / "money, data")."""
    return _goods(frozenset(f.kind for f in flows))


@cache
def _goods(present: frozenset[str]) -> Joined:
    # One parameter object per set of kinds: a large map has thousands of one-way findings.
    return Joined(tuple(Label("goods", k) for k in KINDS if k in present))


@check("balance.one_way", default="info", reads_money=False)
def check_one_way(ctx: Context) -> Iterator[Hit]:
    """``balance.one_way``: a relationship whose flows all go one way.

    The focus organisation counts as one party: a builder paid by 蔚来能源 for work done for
    换电站网络 gives and gets within one relationship, so it is not one-way. Flows between
    units of the organisation are how an organisation works and are never flagged.
    """
    org, members = "\0org", ctx.org
    relations: dict[tuple[str, str], dict[str, list[Flow]]] = {}
    for f in ctx.eco.flows:
        a = org if f.source in members else f.source
        b = org if f.target in members else f.target
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        sides = relations.get(key)
        if sides is None:
            sides = relations[key] = {}
        sides.setdefault(a, []).append(f)
    for sides in relations.values():
        if len(sides) != 1:
            continue
        (flows,) = sides.values()
        givers = list(dict.fromkeys(f.source for f in flows))
        takers = list(dict.fromkeys(f.target for f in flows))
        yield hit(givers + takers, flows[0].span, [f.ref for f in flows],
                  givers=_who(ctx, givers), takers=_who(ctx, takers), kinds=_kinds(flows))


def _who(ctx: Context, pids: list[str]) -> str | Names:
    # The usual case is one participant: its name, without a list to shorten.
    return ctx.name(pids[0]) if len(pids) == 1 else ctx.names(pids)


@check("balance.under_rewarded", default="warning")
def check_under_rewarded(ctx: Context, figures: dict[str, Figures]) -> Iterator[Hit]:
    """``balance.under_rewarded``: a partner (outside the organisation, not a user) that gives
    assets, services or data and nets no money: no money comes in at all, or every money flow
    is quantified and its net is ≤ 0 even at the high end of its ranges. Money in without an
    amount makes the net unknown, so such a partner is not flagged."""
    for p in ctx.eco.participants:
        if p.id in ctx.org or ctx.is_user(p.id):
            continue
        fig = figures[p.id]
        contributes = [f for f in ctx.touching[p.id]
                       if f.source == p.id and f.kind in ("asset", "service", "data")]
        # A partner paid a one-off sum (the 三电中心 builder) is rewarded, just not yearly.
        if not contributes or fig.unquantified_in or fig.one_off_in:
            continue
        if fig.gets["money"] and fig.net.high > 0:
            continue
        got = (Phrase.of("balance.under_rewarded.nets", money=ctx.money_param(fig.net))
               if fig.gets["money"] else Phrase.of("balance.under_rewarded.no_money"))
        yield hit((p.id,), p.span, [f.ref for f in contributes], name=p.name,
                  kinds=_kinds(contributes), got=got)


@check("balance.data_given_free", default="warning", reads_money=False)
def check_data_given_free(ctx: Context) -> Iterator[Hit]:
    """``balance.data_given_free``: the focus organisation gives data to an outside participant
    that gives nothing back (no flow of any kind) to any unit of the organisation."""
    given: dict[str, list[Flow]] = {}
    returns: set[str] = set()
    for f in ctx.eco.flows:
        if f.source in ctx.org and f.target not in ctx.org and f.kind == "data":
            given.setdefault(f.target, []).append(f)
        if f.target in ctx.org and f.source not in ctx.org:
            returns.add(f.source)
    for pid, flows in given.items():
        if pid not in returns:
            yield hit((pid,), flows[0].span, [f.ref for f in flows], name=ctx.name(pid),
                      labels=Joined(tuple(f.label for f in flows)))
