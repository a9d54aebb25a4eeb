"""How the diagram looks in DOT: each participant's and flow's label, colours, widths and classes,
their estimated drawn sizes, and the title with its legend (the graph header both layouts share)."""

from __future__ import annotations

import functools
from fractions import Fraction

from ecomap.amounts import Value, format_money, format_number, format_value
from ecomap.i18n import DIAGRAM as WORDS
from ecomap.i18n import KINDS as KIND_NAMES
from ecomap.i18n import PARTNER_TYPES, TIERS
from ecomap.i18n import label as code_label
from ecomap.layout.dotlang import Html, attr_list, h, line_table, num
from ecomap.layout.measure import (
    line_count,
    lines,
    text_height,
    text_width,
    wrap,
)
from ecomap.layout.scene import Scene, SceneEdge, SceneNode
from ecomap.layout.style import (
    FONT_SIZE,
    GRAPHVIZ_FONT,
    Theme,
    layer_color,
    tier_color,
    tier_glyph,
)
from ecomap.model import KINDS

ROLE_EM = 13.0  # a role wraps at this many em
EDGE_LABEL_EM = 12.0
PAD = 8.0  # points of padding inside a node


def _money_text(annual: Value | None, currency: str | None, once: bool, kind: str,
                lang: str) -> str:
    if annual is None:
        return ""
    per_year = WORDS[lang]["once" if once else "per_year"]
    if kind == "money" or currency:
        return format_money(annual, currency or "CNY", lang) + per_year
    return format_value(annual, lang) + per_year


def _amount_text(edge: SceneEdge, lang: str) -> str:
    return _money_text(edge.annual, edge.currency, edge.once, edge.kind, lang)


def was_text(edge: SceneEdge, lang: str) -> str:
    """The amount before a scenario set a new one (drawn struck out), else ""."""
    if not edge.amount_changed:
        return ""
    return _money_text(edge.was_annual, edge.was_currency, edge.was_once, edge.kind, lang)


def edge_prefix(edge: SceneEdge) -> str:
    """The marks before a flow's label: × removed (U+00D7: Noto Sans CJK has it; ✕ fell back to
    DejaVu and measured 7 pt on a slide), ＋ added by the scenario, ⚠ a compliance
    finding (these three are what a reader must not miss)."""
    return ("× " if edge.removed else "＋ " if edge.added else "") + (
        "⚠ " if edge.compliance else "")


def prefix_html(edge: SceneEdge, theme: Theme) -> str:
    """``edge_prefix`` as label markup: the ⚠ of an error in the risk colour, of a warning
    (a data export) in the colour of change."""
    text = edge_prefix(edge)
    color = theme.risk if edge.compliance == "error" else theme.changed
    return h(text).replace("⚠", f'<FONT COLOR="{color}">⚠</FONT>')


@functools.lru_cache(maxsize=65536)
def _edge_text(edge: SceneEdge, lang: str) -> tuple[str, str]:
    """(label, amount) as drawn: the label wrapped, the annual amount on its own line (after
    the old one, struck out, when a scenario changed it)."""
    label = wrap(edge.label, EDGE_LABEL_EM, 2) if edge.label else ""
    was = was_text(edge, lang)
    return label, (was + " " if was else "") + _amount_text(edge, lang)


def edge_label_html(edge: SceneEdge, lang: str, theme: Theme) -> Html | None:
    label, amount = _edge_text(edge, lang)
    if not label and not amount:
        return None
    color = edge_color(edge, theme)
    size = FONT_SIZE["edge"]
    rows = []
    prefix = prefix_html(edge, theme)
    for i, line in enumerate(label.split("\n") if label else ([""] if prefix else [])):
        body = f"<S>{h(line)}</S>" if edge.removed else h(line)
        body = (prefix if i == 0 else "") + body
        rows.append((f"<B>{body}</B>" if edge.changed else body, size, color))
    if amount:
        was = was_text(edge, lang)
        body = f"<B>{h(_amount_text(edge, lang))}</B>"
        body = f"<S>{body}</S>" if edge.removed else body
        if was:
            body = f"<S>{h(was)}</S> " + body
        rows.append((body, size, color))
    # On the background colour: an edge crossing the label passes under it, not through it.
    return line_table(rows, cellpadding=0, bgcolor=theme.background)




def edge_line_text(edge: SceneEdge, lang: str, em: float) -> list[tuple[str, str, str]]:
    """A flow's label as the lines of a slide connector, wrapped at ``em``: (text, old amount
    struck out, amount in bold) per line; the amounts share the label's last line when they
    fit in ``em``."""
    label = wrap(edge_prefix(edge) + edge.label, em, 2) if edge.label else edge_prefix(edge)
    amount = _amount_text(edge, lang)
    was = was_text(edge, lang)
    both = f"{was} {amount}" if was else amount
    lines = label.split("\n") if label.strip() else []
    if amount and lines and text_width(f"{lines[-1]} {both}", 1.0) <= em:
        return [(line, "", "") for line in lines[:-1]] + [(lines[-1] + " ", was, amount)]
    return [(line, "", "") for line in lines] + ([("", was, amount)] if amount else [])


def edge_label_size(edge: SceneEdge, lang: str) -> tuple[float, float]:
    """The size of the label as ``edge_label_html`` draws it (× prefix, bold amount); the
    ruler's widths hold for bold text too."""
    text, amount = _edge_text(edge, lang)
    if not text and not amount:
        return 0.0, 0.0
    size = FONT_SIZE["edge"]
    first, _, rest = text.partition("\n")
    first = edge_prefix(edge) + first
    lw = max(text_width(first, size), text_width(rest, size), text_width(amount, size)) + 10
    rows = line_count(text) + line_count(amount)  # one table row per line
    return lw, rows * size * 1.32 + 4  # a line (LINE_SPACING 1.2) and some air


def edge_color(edge: SceneEdge, theme: Theme) -> str:
    """Removed wins over added and changed: a scenario that drops a flow shows it gone."""
    if edge.removed:
        return theme.removed
    if edge.added:
        return theme.added
    return theme.changed if edge.changed else theme.kinds[edge.kind].color


def edge_width(edge: SceneEdge, theme: Theme, scale: float | None) -> float:
    width = theme.kinds[edge.kind].penwidth
    if scale is not None and edge.annual is not None:
        width = 1.0 + 9.0 * scale
    return width + 1.5 if edge.changed or edge.added or edge.new else width


def edge_style(edge: SceneEdge, theme: Theme, scale: float | None) -> dict[str, object]:
    ks = theme.kinds[edge.kind]
    color = edge_color(edge, theme)
    style = "dashed" if edge.removed else ks.style
    colorlist = f"{color}:{theme.background}:{color}" if ks.double and not edge.removed else color
    cls = f"flow kind-{edge.kind}" + edge_classes(edge)
    return {
        "id": edge.key, "class": cls, "color": colorlist, "style": style,
        "penwidth": edge_width(edge, theme, scale), "arrowhead": ks.arrowhead, "fontcolor": color,
    }


def edge_classes(edge: SceneEdge) -> str:
    """The SVG classes that say what a scenario or the analysis marks on a flow."""
    return (" removed" if edge.removed else "") + (" changed" if edge.changed else "") + (
        " added" if edge.added else "") + (" new" if edge.new else "") + (
        f" compliance-{edge.compliance}" if edge.compliance else "")


def money_scale(scene: Scene) -> dict[str, float]:
    """Money view: width proportional to each flow's annual amount (a Sankey-like reading)."""
    if scene.view != "money":
        return {}
    mids = {e.key: float(e.annual.mid) for e in scene.edges if e.annual is not None}
    top = max(mids.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in mids.items()}


def _node_lines(node: SceneNode, lang: str) -> tuple[str, str, str, str]:
    """(name with its mark, role, count, partner line) as drawn."""
    badge = ""
    if node.removed:
        badge = "× "
    elif node.added:
        badge = "＋ "
    if node.risk and not node.removed:
        badge += "⚠ "
    if node.new:
        badge += WORDS[lang]["new_badge"] + " "
    name = badge + node.name
    role = wrap(node.role, ROLE_EM, 2) if node.role else ""
    count = WORDS[lang]["count"].format(n=count_text(node.count, lang)) if node.count else ""
    if node.more and node.hidden_flows:
        count = WORDS[lang]["within"].format(n=node.hidden_flows)
    if node.overseas:  # where data sent to it is an export (compliance.data_export)
        count = " · ".join(x for x in (WORDS[lang]["overseas"], count) if x)
    return name, role, count, partner_text(node, lang)


def partner_text(node: SceneNode, lang: str) -> str:
    """The partner line: ● tier · partner type (the seed's two partner facts), or ""."""
    parts = []
    if node.tier:
        parts.append(f"{tier_glyph(node.tier)} {code_label(TIERS, lang, node.tier)}")
    if node.partner_type:
        parts.append(code_label(PARTNER_TYPES, lang, node.partner_type))
    return " · ".join(parts)


def count_text(count: int, lang: str) -> str:
    """How many a participant stands for, as people say it: 3万 / 40万 in Chinese, 30,000 in
    English."""
    return format_number(Fraction(count), lang) if lang == "zh" else f"{count:,}"


def node_size(node: SceneNode, lang: str) -> tuple[float, float]:
    """Drawn size in points: the name's lines in one table row, each line of role and count
    in a row of its own (a row adds its cell padding); the ruler's widths hold for bold."""
    name, role, count, partner = _node_lines(node, lang)
    size = FONT_SIZE["focus"] if node.focus else FONT_SIZE["name"]
    sub = FONT_SIZE["role"]
    width = max(text_width(name, size), text_width(role, sub), text_width(count, sub),
                text_width(partner, sub))
    height = text_height(name, size) + 2
    height += sum(text_height(line, sub) + 2
                  for line in (*lines(role), *lines(count), *lines(partner)) if line)
    return width + 2 * PAD + 8, height + 2 * PAD


def node_attrs(node: SceneNode, scene: Scene, theme: Theme) -> dict[str, object]:
    name, role, count, partner = _node_lines(node, scene.lang)
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
    if node.added:
        border, penwidth = theme.added, 3.0
        cls += " added"
    if node.risk:
        border, penwidth = theme.risk, 3.0
        cls += " risk"
    if node.tier:
        cls += f" tier-{node.tier}"
    if node.partner_type:
        cls += f" partner-{node.partner_type}"
    if node.removed:
        fill, border, text_color, style = theme.background, theme.removed, theme.removed, (
            "rounded,filled,dashed")
        cls += " removed"
    name_html = h(name)
    if node.new:  # the badge (a word of the vocabulary, nothing to escape) in its colour
        badge = h(WORDS[scene.lang]["new_badge"])
        name_html = name_html.replace(f"{badge} ", f'<FONT COLOR="{theme.new}">{badge}</FONT> ', 1)
        border, penwidth = theme.new, max(penwidth, 2.5)
        cls += " new"
    if node.removed:
        name_html = f"<S>{name_html}</S>"
    if node.risk and not node.removed:
        # The badge in the risk colour; the checks that flagged it in the class for the report.
        name_html = name_html.replace("⚠ ", f'<FONT COLOR="{theme.risk}">⚠</FONT> ', 1)
        cls += "".join(f" check-{c.replace('.', '-')}" for c in node.risk)
    if node.added:
        name_html = name_html.replace("＋ ", f'<FONT COLOR="{theme.added}">＋</FONT> ', 1)
    sub_color = text_color if node.focus or node.removed else theme.muted
    rows = [(f"<B>{name_html}</B>", size, text_color)]
    rows += [(h(line), FONT_SIZE["role"], sub_color) for line in role.split("\n") if line]
    if count:
        rows.append((h(count), FONT_SIZE["role"], sub_color))
    if partner:
        body = h(partner)
        if node.tier:  # the medal (or card) in the tier's colour
            glyph, color = tier_glyph(node.tier), tier_color(theme, node.tier)
            body = body.replace(glyph, f'<FONT COLOR="{color}">{glyph}</FONT>', 1)
        rows.append((body, FONT_SIZE["role"], sub_color))
    return {
        "id": node.key, "class": cls, "label": line_table(rows),
        "fillcolor": fill, "color": border, "fontcolor": text_color,
        "penwidth": penwidth, "style": style,
        # A "+N more" node names whom it stands for (the SVG's tooltip).
        "tooltip": more_tooltip(node) if node.more else None,
    }


def more_tooltip(node: SceneNode) -> str:
    """The members of a "+N more" node, one name after another (quoted by ``q``, whose
    doubled backslash Graphviz reads as one: a name never becomes a ``\\N`` substitution)."""
    return "、".join(node.member_names)


def _title_html(scene: Scene, theme: Theme, widths: bool, compact: bool) -> Html:
    """Title, subtitle with the counts, and the legend; ``compact`` (slides) keeps the subtitle
    to one line, the counts on it, so that the drawing gets the page's height."""
    lang = scene.lang
    words = WORDS[lang]
    rows = [f'<TR><TD><FONT POINT-SIZE="{num(FONT_SIZE["title"])}" COLOR="{theme.text}">'
            f"<B>{h(scene.title)}</B></FONT></TD></TR>"]
    if scene.scenario is not None:  # a scenario's picture must not pass for the base map's
        banner = words["scenario"].format(name=scene.scenario)
        rows.append(f'<TR><TD><FONT POINT-SIZE="{num(FONT_SIZE["subtitle"] + 3)}" '
                    f'COLOR="{theme.changed}"><B>{h(banner)}</B></FONT></TD></TR>')
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
        cells.append(_legend_cell(theme.removed, "× ┄┄", words["removed"], theme))
    if any(e.changed for e in scene.edges):
        cells.append(_legend_cell(theme.changed, "━━━", words["changed"], theme))
    if any(n.added for n in scene.nodes) or any(e.added for e in scene.edges):
        cells.append(_legend_cell(theme.added, "＋ ━━", words["added"], theme))
    if any(e.compliance == "error" for e in scene.edges):
        cells.append(_legend_cell(theme.risk, "⚠", words["compliance"], theme))
    if any(e.compliance == "warning" for e in scene.edges):
        cells.append(_legend_cell(theme.changed, "⚠", words["compliance_warning"], theme))
    tiers = [t for t in TIERS[lang] if any(n.tier == t for n in scene.nodes)]
    if tiers:
        cells.append(f'<TD><FONT COLOR="{theme.muted}">{h(words["tier"])}:</FONT></TD>')
        cells += [_legend_cell(tier_color(theme, t), tier_glyph(t), TIERS[lang][t], theme)
                  for t in tiers]
    types = [t for t in PARTNER_TYPES[lang] if any(n.partner_type == t for n in scene.nodes)]
    if types:
        note = f"{words['partner_type']}: " + " / ".join(PARTNER_TYPES[lang][t] for t in types)
        cells.append(f'<TD><FONT COLOR="{theme.muted}">{h(note)}</FONT></TD>')
    if any(n.new for n in scene.nodes) or any(e.new for e in scene.edges):
        cells.append(_legend_cell(theme.new, h(words["new_badge"]) + " □", words["new"], theme))
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
