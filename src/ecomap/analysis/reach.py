"""Who stays connected to the focus when participants or flows are lost (with the path rule)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from ecomap.model import Ecosystem


@dataclass(frozen=True)
class Loss:
    """What losing something costs: flows lost (map indexes), participants cut off, paths broken."""

    lost_flows: frozenset[int]
    cut_off: tuple[str, ...]
    paths_broken: tuple[str, ...]


@dataclass
class Reach:
    """Connectivity on the undirected view, relative to the focus.

    A participant is *cut off* by a loss when it was connected to the focus before
    (``before``, default: in the map as given) and is not connected after. A value path
    delivers value only whole, so losing any flow of a named ``path`` loses all of its
    flows; that may cut off more participants, whose flows are lost too, until nothing changes.
    """

    eco: Ecosystem
    before: frozenset[str] | None = None
    adjacency: dict[str, list[tuple[str, int]]] = field(init=False)
    touching: dict[str, list[int]] = field(init=False)
    path_flows: dict[str, list[int]] = field(init=False)
    flow_paths: dict[int, tuple[str, ...]] = field(init=False)
    order: dict[str, int] = field(init=False)
    path_order: dict[str, int] = field(init=False)
    ends: dict[int, tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.adjacency = {p.id: [] for p in self.eco.participants}
        self.touching = {p.id: [] for p in self.eco.participants}
        self.path_flows = {}
        self.flow_paths = {}
        self.ends = {f.index: (f.source, f.target) for f in self.eco.flows}
        self.order = {p.id: i for i, p in enumerate(self.eco.participants)}
        self.path_order: dict[str, int] = {}
        for f in self.eco.flows:
            self.adjacency[f.source].append((f.target, f.index))
            self.adjacency[f.target].append((f.source, f.index))
            self.touching[f.source].append(f.index)
            if f.target != f.source:
                self.touching[f.target].append(f.index)
            if f.paths:  # a flow on several paths: losing it breaks every one of them
                for name in f.paths:
                    self.path_flows.setdefault(name, []).append(f.index)
                    self.path_order.setdefault(name, len(self.path_order))
                self.flow_paths[f.index] = f.paths
        if self.before is None:
            self.before = frozenset(self.reachable(set(), set()))

    def reachable(self, gone: set[str], lost: set[int] | frozenset[int]) -> set[str]:
        focus = self.eco.focus
        if focus in gone or focus not in self.adjacency:
            return set()
        seen = {focus}
        queue = deque([focus])
        while queue:
            node = queue.popleft()
            for other, idx in self.adjacency[node]:
                if other not in seen and idx not in lost and other not in gone:
                    seen.add(other)
                    queue.append(other)
        return seen

    def _cut_off(self, gone: set[str], lost: set[int], before: frozenset[str],
                 seeds: tuple[str, ...] = ()) -> set[str]:
        """Who in ``before`` no longer reaches the focus once ``gone`` and ``lost`` are lost.

        Only a component holding an end of a lost flow can have come loose, so the search
        starts there and stops as soon as it meets the focus or a participant already known
        to reach it: on a large map that touches a few dozen nodes instead of all of them.
        """
        focus = self.eco.focus
        if focus in gone:
            return set(before) - gone
        connected = {focus}
        loose: set[str] = set()
        starts = list(seeds) + [p for idx in sorted(lost) for p in self.ends[idx]]
        for start in starts:
            if start not in self.adjacency or start in gone or start in connected or start in loose:
                continue
            seen = {start}
            queue = deque([start])
            reached = False
            while queue and not reached:
                node = queue.popleft()
                for other, i in self.adjacency[node]:
                    if i in lost or other in gone or other in seen:
                        continue
                    if other in connected:
                        reached = True
                        break
                    seen.add(other)
                    queue.append(other)
            (connected if reached else loose).update(seen)
        return {p for p in loose if p in before}

    def lose(self, participants: Iterable[str] = (), flows: Iterable[int] = (),
             exempt_paths: frozenset[str] = frozenset(), quick: bool = False,
             seeds: Iterable[str] = ()) -> Loss:
        """Lose ``participants`` and ``flows``; ``exempt_paths`` are never broken (re-routed).

        ``quick`` skips the reachability search: the caller knows nobody can be cut off
        (the participant is no cut vertex and touches no path). ``seeds`` are participants that
        lost links the caller already removed from the map (a scenario's removals).
        """
        start = tuple(seeds)
        gone = set(participants)
        lost: set[int] = set(flows)
        for pid in gone:
            lost.update(self.touching.get(pid, ()))
        broken: list[str] = []
        before = self.before or frozenset()
        cut: set[str] = set()
        while True:
            grew = self._close_paths(lost, broken, exempt_paths)
            if quick and not grew:
                break
            new_cut = self._cut_off(gone | cut, lost, before, start)
            if not new_cut:
                break
            # The newly cut off lose their flows, which may break further paths: go round again.
            cut |= new_cut
            for pid in new_cut:
                lost.update(self.touching[pid])
        return Loss(frozenset(lost), tuple(sorted(cut, key=self.order.__getitem__)),
                    tuple(sorted(broken, key=lambda name: (self.path_flows[name][0],
                                                           self.path_order[name]))))

    def _close_paths(self, lost: set[int], broken: list[str], exempt: frozenset[str]) -> bool:
        grew = False
        # Losing a path's flows may lose flows of further paths they share: until nothing grows.
        pending = sorted(lost)
        while pending:
            idx = pending.pop()
            for name in self.flow_paths.get(idx, ()):
                if name in broken or name in exempt:
                    continue
                broken.append(name)
                for other in self.path_flows[name]:
                    if other not in lost:
                        lost.add(other)
                        pending.append(other)
                        grew = True
        return grew
