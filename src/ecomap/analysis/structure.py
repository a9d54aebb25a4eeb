"""A map's structure and what follows from it alone, computed once and shared by its scenarios.

The structure is who exchanges with whom: the focus, the participants in order, and each
flow's index, ref, ends and value paths. Reach, the articulation points and bridges of the
connectivity graph, betweenness, and who each participant's loss cuts off (with the flows and
paths it takes) depend on nothing else — not on amounts, kinds, labels, sensitivity or who is
internal. So a scenario that keeps its base's structure (one that changes amounts, labels or
kinds) takes all of it over and recomputes only the money, and a scenario that changes it
still takes over the graph figures when its connectivity graph is the base's. A scenario that
changes only money has its base's *shape* as well (``same_shape``): the checks that read no
money take over the base's findings.

Each participant's loss is computed when it is first asked for: the full analysis asks for
every participant (the loss table), a scenario's findings only for the few they name (cut
vertices, single sources, brokers).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cached_property

from ecomap.analysis import risk
from ecomap.analysis.base import Context
from ecomap.analysis.reach import Loss, Reach
from ecomap.graph import same_graph
from ecomap.model import Ecosystem, Flow

StructureKey = tuple[str, tuple[str, ...], tuple[tuple[int, str, str, str, tuple[str, ...]], ...]]


def structure_key(eco: Ecosystem) -> StructureKey:
    """What the structure is made of; two maps with equal keys have the same structure."""
    return (eco.focus, tuple(p.id for p in eco.participants),
            tuple((f.index, f.ref, f.source, f.target, f.paths) for f in eco.flows))


def same_shape(eco: Ecosystem, base: Ecosystem) -> bool:
    """``eco``'s participants are ``base``'s and its flows differ from ``base``'s at most in
    their money (amount, volume, share, category), note or phase: checks that read none of
    these (``Check.reads_money``) find on ``eco`` what they found on ``base``. Its ``checks:``
    overrides must be ``base``'s too: those findings are kept as they came out of them (an
    override taken away would not bring back what it had ignored)."""
    if (eco.focus != base.focus or len(eco.flows) != len(base.flows)
            or eco.participants != base.participants or eco.checks != base.checks):
        return False
    return all(f is b or _shape(f) == _shape(b) for f, b in zip(eco.flows, base.flows, strict=True))


def _shape(f: Flow) -> Flow:
    return replace(f, amount=None, volume=None, share=(), category=None, note="", phase=None)


class Structure:
    """The structural figures of one map (``ctx``'s), each computed on first use."""

    def __init__(self, ctx: Context, reach: Reach) -> None:
        self.ctx = ctx
        self.reach = reach
        self._losses: dict[str, Loss] = {}

    @classmethod
    def of(cls, ctx: Context, like: Structure | None = None,
           reach_before: frozenset[str] | None = None) -> Structure:
        """``ctx``'s structure: ``like``'s own when the map has ``like``'s structure (and no
        other ``reach_before``), else a new one, which takes over ``like``'s graph figures
        (components, blocks, betweenness) when the connectivity graphs agree."""
        if like is None or reach_before is not None:
            return cls(ctx, Reach(ctx.eco, before=reach_before))
        if like.key == structure_key(ctx.eco):
            return like
        structure = cls(ctx, Reach(ctx.eco))
        if same_graph(ctx.simple, like.ctx.simple):
            ctx.__dict__["simple"] = like.ctx.simple
            if "blocks" in like.ctx.__dict__:  # a cached_property, computed once
                ctx.__dict__["blocks"] = like.ctx.__dict__["blocks"]
            for name in ("points", "betweenness"):
                if name in like.__dict__:
                    structure.__dict__[name] = like.__dict__[name]
        return structure

    @cached_property
    def key(self) -> StructureKey:
        return structure_key(self.ctx.eco)

    @cached_property
    def points(self) -> frozenset[str]:
        """Articulation points of the focus's component (never the focus)."""
        return frozenset(risk.articulation_points(self.ctx))

    @cached_property
    def bridges(self) -> list[risk.Bridge]:
        return risk.bridges(self.ctx, self.reach)

    @cached_property
    def betweenness(self) -> dict[str, float]:
        return risk.betweenness(self.ctx)

    def loss(self, pid: str) -> Loss:
        """What losing ``pid`` takes: flows (indexes), who is cut off, which paths break."""
        loss = self._losses.get(pid)
        if loss is None:
            loss = self._losses[pid] = self.reach.lose([pid], quick=not self.may_cut_off(pid))
        return loss

    def may_cut_off(self, pid: str) -> bool:
        """Only an articulation point or a participant on a value path can cut anyone off:
        for the others the reachability search is skipped (their loss is their flows)."""
        return pid in self.points or any(
            i in self.reach.flow_paths for i in self.reach.touching[pid])

    @cached_property
    def cuts(self) -> list[str]:
        """Participants whose loss cuts someone off from the focus, in map order: the
        articulation points, and those whose loss breaks a value path that was someone's
        only link."""
        focus = self.ctx.eco.focus
        return [p.id for p in self.ctx.eco.participants
                if p.id != focus and self.may_cut_off(p.id) and self.loss(p.id).cut_off]


class Losses(Mapping[str, risk.LossEntry]):
    """Participant id → what the focus loses with it (``risk.LossEntry``), for one map's
    money over a structure (its own or its base's), each entry made when first read."""

    def __init__(self, ctx: Context, structure: Structure) -> None:
        self.ctx = ctx
        self.structure = structure
        self._entries: dict[str, risk.LossEntry] = {}
        self._ids = [p.id for p in ctx.eco.participants if p.id != ctx.eco.focus]
        self._known = frozenset(self._ids)

    def __getitem__(self, pid: str) -> risk.LossEntry:
        entry = self._entries.get(pid)
        if entry is None:
            if pid not in self._known:
                raise KeyError(pid)
            entry = self._entries[pid] = risk.loss_entry(self.ctx, pid,
                                                         self.structure.loss(pid))
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def ranked(self) -> list[risk.LossEntry]:
        """Every entry, by money at risk (mid of ranges), largest first, then id."""
        return risk.rank_losses([self[pid] for pid in self._ids])
