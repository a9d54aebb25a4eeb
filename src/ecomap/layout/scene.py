"""What is drawn: the map after a view, collapsing and scenario marks, as plain nodes and edges.

Both layouts and the completeness check read this one value, so the check counts exactly the
flows the layout was asked to draw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ecomap.amounts import Value, total
from ecomap.i18n import DIAGRAM as WORDS
from ecomap.i18n import KINDS as KIND_NAMES
from ecomap.layout.options import DiagramOptions, Marks
from ecomap.model import Ecosystem, Flow


@dataclass(frozen=True)
class SceneNode:
    """One box of the diagram: a participant, or a layer's collapsed "+N more"."""

    key: str  # DOT node name and SVG id: "node-<participant id>" or "node-more-<layer id>"
    pid: str  # participant id, or "+<layer id>" for a collapsed group
    name: str
    role: str
    layer: int
    count: int | None = None
    focus: bool = False
    internal: bool = False
    overseas: bool = False  # region: overseas — data sent there is an export
    risk: tuple[str, ...] = ()
    removed: bool = False
    added: bool = False  # a participant the scenario adds
    partner_type: str | None = None  # capability / resource / traffic / innovation
    tier: str | None = None  # the scorecard's tier: gold / silver / bronze / yellow
    new: bool = False  # joins in the phase drawn (render --phase)
    members: tuple[str, ...] = ()  # participant ids a "+N more" node stands for
    member_names: tuple[str, ...] = ()  # their names (the node's tooltip)
    hidden_flows: int = 0  # flows among the members of a "+N more" node

    @property
    def more(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class SceneEdge:
    """One arrow of the diagram: a flow, or several of one kind between two nodes merged."""

    key: str  # SVG id: "flow-<n>" (n = position in the map) or "flow-agg-<from>-<to>-<kind>"
    refs: tuple[str, ...]  # the map's flow refs this edge stands for
    source: str  # SceneNode.key
    target: str
    kind: str
    label: str
    annual: Value | None
    currency: str | None
    removed: bool = False
    changed: bool = False
    once: bool = False  # a one-off amount (investment): labelled 一次性, not /年
    added: bool = False  # a flow the scenario adds
    compliance: str | None = None  # "error" / "warning": the worst compliance finding on it
    # The amount before a scenario's `set` changed it (drawn struck out beside the new one);
    # None when the amount is as the base map has it.
    was_annual: Value | None = None
    was_currency: str | None = None
    was_once: bool = False

    @property
    def amount_changed(self) -> bool:
        return self.was_annual is not None
    new: bool = False  # starts in the phase drawn (render --phase)

    @property
    def merged(self) -> int:
        return len(self.refs)


@dataclass(frozen=True)
class Scene:
    """What the diagram shows, in words and structure, before any layout places it."""

    title: str
    subtitle: str
    lang: str
    layers: tuple[str, ...]  # layer names, innermost first
    layer_ids: tuple[str, ...]
    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    focus: str | None  # SceneNode.key of the focus
    currency: str
    view: str | None
    collapsed: int  # participants folded into "+N more" nodes
    scenario: str | None = None  # the scenario's name when the diagram draws one


def nodes_by_layer(scene: Scene) -> dict[int, list[SceneNode]]:
    """Layer index → its nodes in scene order (only layers that have one)."""
    by_layer: dict[int, list[SceneNode]] = defaultdict(list)
    for node in scene.nodes:
        by_layer[node.layer].append(node)
    return dict(by_layer)


def node_key(pid: str) -> str:
    return f"node-{pid}"


def more_key(layer_id: str) -> str:
    return f"node-more-{layer_id}"


def flow_key(flow: Flow) -> str:
    return f"flow-{flow.index}"


def _flow_removed(flow: Flow, options: DiagramOptions) -> bool:
    gone = options.removed_participants
    return flow.ref in options.removed_flows or flow.source in gone or flow.target in gone


def build_scene(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None) -> Scene:
    lang = options.lang or eco.locale or "zh"
    words = WORDS[lang]
    risk = dict(marks.risk) if marks else {}
    compliance = dict(marks.compliance) if marks else {}
    shown, new = _in_phase(eco, options.phase)
    flows = [f for f in eco.flows if (options.view is None or f.kind == options.view)
             and shown(eco.flow_phase(f))]
    participants = [p for p in eco.participants if shown(eco.phase_index(p.phase))]
    if options.view is not None:
        # A view keeps the participants that take part in that kind of flow (and the focus).
        active = {f.source for f in flows} | {f.target for f in flows}
        participants = [p for p in participants
                        if p.id in active or p.id == eco.focus
                        or p.id in options.removed_participants]

    degree: dict[str, int] = defaultdict(int)
    for f in flows:
        degree[f.source] += 1
        degree[f.target] += 1

    # Participants folded into their layer's "+N more" node: participant id → layer id.
    group_of: dict[str, str] = {}
    if options.max_nodes is not None and len(participants) > options.max_nodes:
        group_of = _collapse(eco, participants, degree, options.max_nodes, marks, options)

    nodes: list[SceneNode] = []
    by_layer: dict[str, list[str]] = defaultdict(list)
    for p in participants:
        if p.id in group_of:
            by_layer[group_of[p.id]].append(p.id)
            continue
        nodes.append(SceneNode(
            key=node_key(p.id), pid=p.id, name=p.name, role=p.role,
            layer=eco.layer_index[p.layer], count=p.count, focus=p.id == eco.focus,
            internal=p.internal, overseas=p.region == "overseas", risk=risk.get(p.id, ()),
            removed=p.id in options.removed_participants,
            added=p.id in options.added_participants, partner_type=p.partner_type,
            tier=p.tier,
            new=new(eco.phase_index(p.phase)),
        ))

    # Flows: kept as they are between kept participants, summed per (from, to, kind) otherwise.
    edges: list[SceneEdge] = []
    groups: dict[tuple[str, str, str], list[Flow]] = {}
    hidden: dict[str, int] = defaultdict(int)
    visible = {p.id for p in participants}
    for f in flows:
        if f.source not in visible or f.target not in visible:
            continue
        src = group_of.get(f.source)
        tgt = group_of.get(f.target)
        if src is None and tgt is None:
            was = options.previous.get(f.ref)
            if was is not None and (was.annual, was.currency, was.is_once) == (
                    f.annual, f.currency, f.is_once):
                was = None  # `set` changed something else: the amount stands as it was
            is_new = new(eco.flow_phase(f))
            # The badge is part of the label, so that every ruler and wrap counts it.
            label = f"{words['new_badge']} {f.label}" if is_new else f.label
            edges.append(SceneEdge(
                key=flow_key(f), refs=(f.ref,), source=node_key(f.source),
                target=node_key(f.target), kind=f.kind, label=label, annual=f.annual,
                currency=f.currency, removed=_flow_removed(f, options),
                changed=f.ref in options.changed, once=f.is_once,
                added=f.ref in options.added_flows, compliance=compliance.get(f.ref),
                was_annual=was.annual if was is not None else None,
                was_currency=was.currency if was is not None else None,
                was_once=was.is_once if was is not None else False,
                new=is_new,
            ))
            continue
        s = more_key(src) if src else node_key(f.source)
        t = more_key(tgt) if tgt else node_key(f.target)
        if s == t:
            hidden[s] += 1  # between two members of one group: inside the "+N more" node
            continue
        groups.setdefault((s, t, f.kind), []).append(f)
    for (s, t, kind), members in groups.items():
        edges.append(_merged_edge(eco, s, t, kind, members, options, lang, compliance))

    for layer_id, member_ids in sorted(by_layer.items(), key=lambda kv: eco.layer_index[kv[0]]):
        n = len(member_ids)
        nodes.append(SceneNode(
            key=more_key(layer_id), pid=f"+{layer_id}", name=words["more"].format(n=n), role="",
            layer=eco.layer_index[layer_id], members=tuple(member_ids),
            member_names=tuple(eco.participants_by_id[pid].name for pid in member_ids),
            hidden_flows=hidden.get(more_key(layer_id), 0),
        ))

    edges.sort(key=_edge_order)
    nodes.sort(key=lambda n: (n.layer, n.more > 0))
    subtitle = options.subtitle if options.subtitle is not None else eco.description
    if options.phase is not None:  # which phase this is, above the map's description
        phase = eco.phases[eco.phase_order[options.phase]]
        heading = words["phase"].format(name=phase.name, start=phase.start, end=phase.end)
        subtitle = heading + ("\n" + subtitle if subtitle else "")
    return Scene(
        title=eco.title, subtitle=subtitle, lang=lang,
        layers=tuple(layer.name for layer in eco.layers),
        layer_ids=tuple(layer.id for layer in eco.layers),
        nodes=tuple(nodes), edges=tuple(edges),
        focus=node_key(eco.focus) if eco.focus in visible and eco.focus not in group_of else None,
        currency=eco.currency, view=options.view, collapsed=len(group_of),
        scenario=options.scenario,
    )


def _in_phase(eco: Ecosystem, phase: str | None
              ) -> tuple[Callable[[int], bool], Callable[[int], bool]]:
    """For ``render --phase``: (exists by then, new in it) of a phase index. What starts in a
    later phase is left out; what starts in this one is new — except in the first phase,
    the starting point, where everything is (and so nothing is marked)."""
    if phase is None:
        return (lambda i: True), (lambda i: False)
    if phase not in eco.phase_order:
        raise ValueError(f"no phase {phase!r} in the map")
    at = eco.phase_order[phase]
    return (lambda i: i <= at), (lambda i: at > 0 and i == at)


def _edge_order(e: SceneEdge) -> tuple[int, int, str]:
    # Map order for original flows, then the summed ones by their (deterministic) key.
    if e.key.startswith("flow-agg-"):
        return (1, 0, e.key)
    return (0, int(e.key.removeprefix("flow-")), "")


def _merged_edge(eco: Ecosystem, s: str, t: str, kind: str, members: list[Flow],
                 options: DiagramOptions, lang: str, compliance: dict[str, str]) -> SceneEdge:
    labels = sorted({f.label for f in members})
    if len(members) == 1:
        label = members[0].label
    elif len(labels) == 1:
        label = f"{labels[0]} ×{len(members)}"
    else:
        label = WORDS[lang]["flows"].format(n=len(members), kind=KIND_NAMES[lang][kind])
    # Sum the amounts in the map's currency; others cannot be added without a rate.
    # One-off investments are not yearly amounts: they do not join a yearly sum.
    amounts = [f.annual for f in members
               if f.annual is not None and f.currency == eco.currency and not f.is_once]
    annual = total(amounts) if amounts else None
    short = lambda k: k.removeprefix("node-")  # noqa: E731
    return SceneEdge(
        key=f"flow-agg-{short(s)}-{short(t)}-{kind}", refs=tuple(f.ref for f in members),
        source=s, target=t, kind=kind, label=label, annual=annual,
        currency=eco.currency if annual is not None else None,
        removed=all(_flow_removed(f, options) for f in members),
        changed=any(f.ref in options.changed for f in members),
        added=all(f.ref in options.added_flows for f in members),
        compliance=min((compliance[f.ref] for f in members if f.ref in compliance),
                       default=None),  # "error" sorts before "warning": the worst
    )


def _collapse(eco: Ecosystem, participants: list, degree: dict[str, int], max_nodes: int,
              marks: Marks | None, options: DiagramOptions) -> dict[str, str]:
    """The participants folded into their layer's "+N more" node: participant id → layer id.

    Participants are kept in order of what the picture is about: the focus; what a scenario
    removes or adds; then the money the focus would lose without them (the analysis's loss
    simulation: 蔚来车主, the only revenue source, is never folded away); the risk-marked; the
    best connected. Each is kept while the drawing stays within ``max_nodes``, a layer with
    some participants not kept counting one node more (its "+N more" node, or the one left
    over, which a "+1 more" node would only rename). The focus and those carrying the most
    money at risk are kept even when the limit is too small for them.
    """
    at_risk = marks.at_risk if marks else {}
    risk = marks.risk if marks else {}
    scenario = options.removed_participants | options.added_participants
    position = {p.id: i for i, p in enumerate(participants)}
    ranked = sorted(participants, key=lambda p: (
        p.id != eco.focus, p.id not in scenario, -at_risk.get(p.id, 0), p.id not in risk,
        -degree.get(p.id, 0), position[p.id]))
    left: dict[str, int] = defaultdict(int)  # layer id → participants not kept (yet)
    for p in participants:
        left[p.layer] += 1
    # Kept whatever the limit: the focus, and whom the focus would lose the most money without.
    most = max(at_risk.values(), default=0)
    must = {eco.focus} | {pid for pid, money in at_risk.items() if most and money == most}
    kept: set[str] = set()
    for p in ranked:
        # Keeping p adds a node, unless it is the last of its layer (its slot is then its own).
        cost = 0 if left[p.layer] == 1 else 1
        shown = len(kept) + sum(1 for n in left.values() if n)
        if p.id not in must and shown + cost > max_nodes:
            continue
        kept.add(p.id)
        left[p.layer] -= 1
    return {p.id: p.layer for p in participants if p.id not in kept and left[p.layer] >= 2}
