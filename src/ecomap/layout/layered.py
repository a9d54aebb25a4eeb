"""The layered layout: one band per layer, left to right, laid out by ``dot``."""

from __future__ import annotations

from ecomap.layout.dotlang import attr_list, q
from ecomap.layout.paint import (
    edge_label_html,
    edge_style,
    header,
    layer_label,
    money_scale,
    node_attrs,
)
from ecomap.layout.scene import Scene, nodes_by_layer
from ecomap.layout.style import FONT_SIZE, Theme


def layered_dot(scene: Scene, theme: Theme) -> str:
    lines = header(scene, theme, {
        "rankdir": "LR", "nodesep": 0.25, "ranksep": 0.5, "splines": "spline",
        "newrank": "false", "forcelabels": "true",
    })
    scale = money_scale(scene)
    lines += bands(scene, theme, sorted({n.layer for n in scene.nodes}))
    flat = flat_edges(scene)
    for edge in scene.edges:
        attrs = edge_style(edge, theme, scale.get(edge.key))
        label = edge_label_html(edge, scene.lang, theme)
        if label is not None:
            attrs["xlabel" if edge.key in flat else "label"] = label
        lines.append(f"  {q(edge.source)} -> {q(edge.target)} "
                     f"{attr_list(**attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def bands(scene: Scene, theme: Theme, order: list[int]) -> list[str]:
    """The participants, one rank per layer in ``order``, each band headed by its layer name."""
    lines: list[str] = []
    by_layer = nodes_by_layer(scene)
    for i in order:
        band = f"band-{scene.layer_ids[i]}"
        for node in by_layer[i]:
            lines.append(f"  {q(node.key)} {attr_list(**node_attrs(node, scene, theme))};")
        members = " ".join(q(n.key) for n in by_layer[i])
        lines.append(f"  {{ rank=same; {q(band)}; {members} }}")
    # Bands in order, innermost first. The band names form a chain of their own, declared last:
    # dot lays that component out last, i.e. above the participants with rankdir=LR. (Flat
    # invisible edges from band name to participants would pin it, but make dot 2.43 fail
    # with "trouble in init_rank" on larger maps.)
    for i in order:
        band = f"band-{scene.layer_ids[i]}"
        band_label = layer_label(scene.layers[i], FONT_SIZE["band"], theme)
        band_attrs = attr_list(id=f"aux-{band}", shape="plaintext", label=band_label,
                               **{"class": "band"})
        lines.append(f"  {q(band)} {band_attrs};")
    for a, b in zip(order, order[1:], strict=False):
        lines.append(f"  {q('band-' + scene.layer_ids[a])} -> {q('band-' + scene.layer_ids[b])} "
                     f"{attr_list(style='invis', weight=100)};")
    # A participant without flows is a component of its own, which dot would set above the
    # band names; tied to its band's name it stays in its column, just under the name.
    linked = {k for e in scene.edges for k in (e.source, e.target)}
    for node in scene.nodes:
        if node.key not in linked:
            band = f"band-{scene.layer_ids[node.layer]}"
            lines.append(f"  {q(band)} -> {q(node.key)} {attr_list(style='invis')};")
    return lines


def flat_edges(scene: Scene) -> frozenset[str]:
    """Flows within one band of ``layered``: their labels go beside them (xlabel), because
    dot 2.43's router fails on labelled flat edges ("Unable to reclaim box space")."""
    layer_of = {n.key: n.layer for n in scene.nodes}
    return frozenset(e.key for e in scene.edges if layer_of[e.source] == layer_of[e.target])

