"""Imbalanced flows: give/get by kind per pair, one-way pairs, under-rewarded partners, free data,
net money per participant (the e3value-style profitability view)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecomap.amounts import ZERO, Value
from ecomap.analysis.base import KIND_EN, KIND_ZH, Context
from ecomap.analysis.findings import Finding, make
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


def _kinds(flows: list[Flow], locale: str) -> str:
    present = {f.kind for f in flows}
    if locale == "zh":
        return "、".join(KIND_ZH[k] for k in KINDS if k in present)
    return ", ".join(KIND_EN[k] for k in KINDS if k in present)


def check_one_way(ctx: Context) -> list[Finding]:
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
    found = []
    for sides in relations.values():
        if len(sides) != 1:
            continue
        (flows,) = sides.values()
        givers = list(dict.fromkeys(f.source for f in flows))
        takers = list(dict.fromkeys(f.target for f in flows))
        if len(givers) == 1 and len(takers) == 1:  # the usual case, without list building
            g_zh = g_en = ctx.name(givers[0])
            t_zh = t_en = ctx.name(takers[0])
        else:
            g_zh, g_en = ctx.names(givers)
            t_zh, t_en = ctx.names(takers)
        found.append(make(
            "balance.one_way", givers + takers,
            f"单向关系：{g_zh} 向 {t_zh} 提供{_kinds(flows, 'zh')}，没有任何回流",
            f"one-way relationship: {g_en} give(s) {t_en} {_kinds(flows, 'en')} "
            "and get(s) nothing back",
            flows[0].span, [f.ref for f in flows]))
    return found


def check_under_rewarded(ctx: Context, figures: dict[str, Figures]) -> list[Finding]:
    """``balance.under_rewarded``: a partner (outside the organisation, not a user) that gives
    assets, services or data and nets no money: no money comes in at all, or every money flow
    is quantified and its net is ≤ 0 even at the high end of its ranges. Money in without an
    amount makes the net unknown, so such a partner is not flagged."""
    found = []
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
        if fig.gets["money"]:
            got_zh = f"净收入 {ctx.money(fig.net, 'zh')}/年"
            got_en = f"nets {ctx.money(fig.net, 'en')} a year"
        else:
            got_zh, got_en = "却收不到任何资金", "gets no money at all"
        found.append(make(
            "balance.under_rewarded", (p.id,),
            f"分利过少：{p.name} 提供{_kinds(contributes, 'zh')}，{got_zh}——合作可能破裂",
            f"under-rewarded: {p.name} contributes {_kinds(contributes, 'en')} but {got_en} "
            "— the partnership may break",
            p.span, [f.ref for f in contributes]))
    return found


def check_data_given_free(ctx: Context) -> list[Finding]:
    """``balance.data_given_free``: the focus organisation gives data to an outside participant
    that gives nothing back (no flow of any kind) to any unit of the organisation."""
    given: dict[str, list[Flow]] = {}
    returns: set[str] = set()
    for f in ctx.eco.flows:
        if f.source in ctx.org and f.target not in ctx.org and f.kind == "data":
            given.setdefault(f.target, []).append(f)
        if f.target in ctx.org and f.source not in ctx.org:
            returns.add(f.source)
    found = []
    for pid, flows in given.items():
        if pid in returns:
            continue
        n = ctx.name(pid)
        zh_labels = "、".join(f.label for f in flows)
        en_labels = ", ".join(f.label for f in flows)
        found.append(make(
            "balance.data_given_free", (pid,),
            f"数据白送：向 {n} 提供数据（{zh_labels}），对方没有任何回报——数据是新石油，但你在白送",
            f"data given away: {n} receives data ({en_labels}) and gives nothing back",
            flows[0].span, [f.ref for f in flows]))
    return found
