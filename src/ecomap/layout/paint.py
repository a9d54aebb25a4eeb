"""How the diagram looks in DOT: each participant's and flow's label, colours, widths and classes,
their estimated drawn sizes, and the title with its legend (the graph header both layouts share)."""

from __future__ import annotations

import functools
from fractions import Fraction

from ecomap.amounts import format_money, format_number, format_value
from ecomap.i18n import DIAGRAM as WORDS
from ecomap.i18n import KINDS as KIND_NAMES
from ecomap.layout.dotlang import Html, attr_list, h, line_table, num
from ecomap.layout.measure import (
    line_count,
    lines,
    text_height,
    text_width,
    wrap,
)
from ecomap.layout.scene import Scene, SceneEdge, SceneNode
from ecomap.layout.style import FONT_SIZE, GRAPHVIZ_FONT, Theme, layer_color
from ecomap.model import KINDS

ROLE_EM = 13.0  # a role wraps at this many em
EDGE_LABEL_EM = 12.0
PAD = 8.0  # points of padding inside a node


def _amount_text(edge: SceneEdge, lang: str) -> str:
    if edge.annual is None:
        return ""
    per_year = WORDS[lang]["once" if edge.once else "per_year"]
    if edge.kind == "money" or edge.currency:
        return format_money(edge.annual, edge.currency or "CNY", lang) + per_year
    return format_value(edge.annual, lang) + per_year


@functools.lru_cache(maxsize=65536)
def _edge_text(edge: SceneEdge, lang: str) -> tuple[str, str]:
    """(label, amount) as drawn: the label wrapped, the annual amount on its own line."""
    label = wrap(edge.label, EDGE_LABEL_EM, 2) if edge.label else ""
    return label, _amount_text(edge, lang)


def edge_label_html(edge: SceneEdge, lang: str, theme: Theme) -> Html | None:
    label, amount = _edge_text(edge, lang)
    if not label and not amount:
        return None
    color = edge_color(edge, theme)
    size = FONT_SIZE["edge"]
    rows = []
    for i, line in enumerate(label.split("\n") if label else []):
        body = h(line)
        if edge.removed:
            body = ("✕ " if i == 0 else "") + f"<S>{body}</S>"
        rows.append((f"<B>{body}</B>" if edge.changed else body, size, color))
    if amount:
        body = f"<B>{h(amount)}</B>"
        rows.append((f"<S>{body}</S>" if edge.removed else body, size, color))
    # On the background colour: an edge crossing the label passes under it, not through it.
    return line_table(rows, cellpadding=0, bgcolor=theme.background)




def edge_line_text(edge: SceneEdge, lang: str, em: float) -> list[tuple[str, str]]:
    """A flow's label as the lines of a slide connector, wrapped at ``em``: (text, amount in
    bold) per line; the amount shares the label's last line when both fit in ``em``."""
    label = wrap(edge.label, em, 2) if edge.label else ""
    amount = _amount_text(edge, lang)
    lines = label.split("\n") if label else []
    if amount and lines and text_width(f"{lines[-1]} {amount}", 1.0) <= em:
        return [(line, "") for line in lines[:-1]] + [(lines[-1] + " ", amount)]
    return [(line, "") for line in lines] + ([("", amount)] if amount else [])


def edge_label_size(edge: SceneEdge, lang: str) -> tuple[float, float]:
    """The size of the label as ``edge_label_html`` draws it (✕ prefix, bold amount); the
    ruler's widths hold for bold text too."""
    text, amount = _edge_text(edge, lang)
    if not text and not amount:
        return 0.0, 0.0
    size = FONT_SIZE["edge"]
    first, _, rest = text.partition("\n")
    if edge.removed:
        first = "✕ " + first
    lw = max(text_width(first, size), text_width(rest, size), text_width(amount, size)) + 10
    rows = line_count(text) + line_count(amount)  # one table row per line
    return lw, rows * size * 1.32 + 4  # a line (LINE_SPACING 1.2) and some air


def edge_color(edge: SceneEdge, theme: Theme) -> str:
    """Removed wins over changed: a scenario that drops a flow shows it gone."""
    if edge.removed:
        return theme.removed
    return theme.changed if edge.changed else theme.kinds[edge.kind].color


def edge_width(edge: SceneEdge, theme: Theme, scale: float | None) -> float:
    width = theme.kinds[edge.kind].penwidth
    if scale is not None and edge.annual is not None:
        width = 1.0 + 9.0 * scale
    return width + 1.5 if edge.changed else width


def edge_style(edge: SceneEdge, theme: Theme, scale: float | None) -> dict[str, object]:
    ks = theme.kinds[edge.kind]
    color = edge_color(edge, theme)
    style = "dashed" if edge.removed else ks.style
    colorlist = f"{color}:{theme.background}:{color}" if ks.double and not edge.removed else color
    cls = f"flow kind-{edge.kind}" + (" removed" if edge.removed else "") + (
        " changed" if edge.changed else "")
    return {
        "id": edge.key, "class": cls, "color": colorlist, "style": style,
        "penwidth": edge_width(edge, theme, scale), "arrowhead": ks.arrowhead, "fontcolor": color,
    }


def money_scale(scene: Scene) -> dict[str, float]:
    """Money view: width proportional to each flow's annual amount (a Sankey-like reading)."""
    if scene.view != "money":
        return {}
    mids = {e.key: float(e.annual.mid) for e in scene.edges if e.annual is not None}
    top = max(mids.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in mids.items()}


def _node_lines(node: SceneNode, lang: str) -> tuple[str, str, str]:
    badge = ""
    if node.removed:
        badge = "✕ "
    elif node.risk:
        badge = "⚠ "
    name = badge + node.name
    role = wrap(node.role, ROLE_EM, 2) if node.role else ""
    count = WORDS[lang]["count"].format(n=count_text(node.count, lang)) if node.count else ""
    if node.more and node.hidden_flows:
        count = WORDS[lang]["within"].format(n=node.hidden_flows)
    if node.overseas:  # where data sent to it is an export (compliance.data_export)
        count = " · ".join(x for x in (WORDS[lang]["overseas"], count) if x)
    return name, role, count


def count_text(count: int, lang: str) -> str:
    """How many a participant stands for, as people say it: 3万 / 40万 in Chinese, 30,000 in
    English."""
    return format_number(Fraction(count), lang) if lang == "zh" else f"{count:,}"


def node_size(node: SceneNode, lang: str) -> tuple[float, float]:
    """Drawn size in points: the name's lines in one table row, each line of role and count
    in a row of its own (a row adds its cell padding); the ruler's widths hold for bold."""
    name, role, count = _node_lines(node, lang)
    size = FONT_SIZE["focus"] if node.focus else FONT_SIZE["name"]
    sub = FONT_SIZE["role"]
    width = max(text_width(name, size), text_width(role, sub), text_width(count, sub))
    height = text_height(name, size) + 2
    height += sum(text_height(line, sub) + 2 for line in (*lines(role), *lines(count)) if line)
    return width + 2 * PAD + 8, height + 2 * PAD


def node_attrs(node: SceneNode, scene: Scene, theme: Theme) -> dict[str, object]:
    name, role, count = _node_lines(node, scene.lang)
    size = FONT_SIZE["focus"] if node.focus else FONT_SIZE["name"]
    fill = layer_color(theme.node_fill, node.layer)
    border = theme.node_border
    text_color = theme.text
    penwidth = 1.2
    style = "rounded,filled"
    cls = f"participant layer-{scene.layer_ids[node.layer]}"
    if node.internal:
        fill = theme.internal_fill
    if node.overseas:
        cls += " overseas"
    if node.focus:
        fill, border, text_color, penwidth = (
            theme.focus_fill, theme.focus_border, theme.focus_text, 2.5)
        cls += " focus"
    if node.more:
        style = "rounded,filled,dashed"
        cls += " more"
    if node.risk:
        border, penwidth = theme.risk, 3.0
        cls += " risk"
    if node.removed:
        fill, border, text_color, style = theme.background, theme.removed, theme.removed, (
            "rounded,filled,dashed")
        cls += " removed"
    name_html = h(name)
    if node.removed:
        name_html = f"<S>{name_html}</S>"
    if node.risk and not node.removed:
        # The badge in the risk colour; the checks that flagged it in the class for the report.
        name_html = name_html.replace("⚠ ", f'<FONT COLOR="{theme.risk}">⚠</FONT> ', 1)
        cls += "".join(f" check-{c.replace('.', '-')}" for c in node.risk)
    sub_color = text_color if node.focus or node.removed else theme.muted
    rows = [(f"<B>{name_html}</B>", size, text_color)]
    rows += [(h(line), FONT_SIZE["role"], sub_color) for line in role.split("\n") if line]
    if count:
        rows.append((h(count), FONT_SIZE["role"], sub_color))
    return {
        "id": node.key, "class": cls, "label": line_table(rows),
        "fillcolor": fill, "color": border, "fontcolor": text_color,
        "penwidth": penwidth, "style": style,
    }


def _title_html(scene: Scene, theme: Theme, widths: bool, compact: bool) -> Html:
    """Title, subtitle with the counts, and the legend; ``compact`` (slides) keeps the subtitle
    to one line, the counts on it, so that the drawing gets the page's height."""
    lang = scene.lang
    words = WORDS[lang]
    rows = [f'<TR><TD><FONT POINT-SIZE="{num(FONT_SIZE["title"])}" COLOR="{theme.text}">'
            f"<B>{h(scene.title)}</B></FONT></TD></TR>"]
    # A long description would widen the whole picture: wrapped, and at most four lines; on a
    # slide one line, the description's lines run together and cut with an ellipsis.
    given = [line.strip() for line in scene.subtitle.splitlines() if line.strip()]
    if compact:
        sub = wrap(" ".join(given), 60, 1) if given else ""
    else:
        sub_lines = [wrap(line, 60, 4) for line in given]
        sub = "\n".join("\n".join(sub_lines).split("\n")[:4])
    shown = sum(n.more or 1 for n in scene.nodes)  # a "+N more" node stands for N
    flows = sum(e.merged for e in scene.edges) + sum(n.hidden_flows for n in scene.nodes)
    facts = [f"{shown} {words['participants']}", f"{flows} {words['flow_count']}"]
    if scene.view:
        facts.append(f"{words['view']}: {KIND_NAMES[lang][scene.view]}")
    if scene.collapsed:
        facts.append(words["collapsed"].format(n=scene.collapsed))
    sub = (sub + (" · " if compact else "\n") if sub else "") + " · ".join(facts)
    rows.append(f'<TR><TD><FONT POINT-SIZE="{num(FONT_SIZE["subtitle"])}" '
                f'COLOR="{theme.muted}">{h(sub)}</FONT></TD></TR>')
    cells = []
    kinds = [k for k in KINDS if any(e.kind == k for e in scene.edges)]
    if not kinds:  # nothing drawn: the view's kind, else what a map can hold
        kinds = [scene.view] if scene.view else list(KINDS)
    for kind in kinds:
        ks = theme.kinds[kind]
        cells.append(_legend_cell(ks.color, ks.glyph, KIND_NAMES[lang][kind], theme))
    if scene.focus:
        cells.append(_legend_cell(theme.focus_fill, "■", words["focus"], theme))
    if any(n.risk for n in scene.nodes):
        cells.append(_legend_cell(theme.risk, "⚠ □", words["risk"], theme))
    if any(n.removed for n in scene.nodes) or any(e.removed for e in scene.edges):
        cells.append(_legend_cell(theme.removed, "✕ ┄┄", words["removed"], theme))
    if any(e.changed for e in scene.edges):
        cells.append(_legend_cell(theme.changed, "━━━", words["changed"], theme))
    if widths:
        note = words["width_note"]
        cells.append(f'<TD><FONT COLOR="{theme.muted}">{h(note)}</FONT></TD>')
    rows.append(f'<TR><TD><TABLE BORDER="0" CELLSPACING="8" CELLPADDING="0"><TR>'
                f'{"".join(cells)}</TR></TABLE></TD></TR>')
    return Html(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3" '
                f'ID="legend">{"".join(rows)}</TABLE>')


def _legend_cell(color: str, glyph: str, text: str, theme: Theme) -> str:
    """One legend entry: the glyph in the colour it stands for, then its name."""
    return (f'<TD><FONT COLOR="{color}">{glyph}</FONT> '
            f'<FONT COLOR="{theme.text}">{h(text)}</FONT></TD>')


def layer_label(name: str, size: float, theme: Theme) -> Html:
    """A layer's name as both layouts write it: the band's title, the ring's name."""
    return Html(f'<FONT POINT-SIZE="{num(size)}" COLOR="{theme.muted}"><B>{h(name)}</B></FONT>')


def header(scene: Scene, theme: Theme, extra: dict[str, object],
           compact: bool = False) -> list[str]:
    widths = bool(money_scale(scene))  # say "width ∝ amount" only when some width is one
    graph = {
        "id": "ecomap", "class": f"ecomap theme-{theme.name}",
        "bgcolor": theme.background, "fontname": GRAPHVIZ_FONT, "fontcolor": theme.text,
        "label": _title_html(scene, theme, widths, compact), "labelloc": "t", "labeljust": "c",
        "pad": 0.3, "outputorder": "edgesfirst", "charset": "UTF-8",
    }
    graph.update(extra)
    node = attr_list(shape="box", fontname=GRAPHVIZ_FONT, fontsize=FONT_SIZE["name"],
                     margin="0.12,0.06", fontcolor=theme.text)
    edge = attr_list(fontname=GRAPHVIZ_FONT, fontsize=FONT_SIZE["edge"], arrowsize=0.8)
    return ["digraph ecomap {", f"  graph {attr_list(**graph)};", f"  node {node};",
            f"  edge {edge};"]
