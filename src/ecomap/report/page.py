"""The report page: section views + sanitised diagrams → one offline HTML file with a CSP.

The one inline ``<script>`` and ``<style>`` are allowed by their SHA-256 in a Content Security
Policy, so nothing else can run or load. jinja2 renders with autoescape on.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ecomap import i18n
from ecomap.analysis.result import AnalysisResult
from ecomap.errors import printable
from ecomap.report.context import ReportContext
from ecomap.report.diagrams import ReportDiagram
from ecomap.report.sanitise import safe_link, sanitise_svg
from ecomap.report.sections import (
    flows,
    matrix,
    net,
    participants,
    paths,
    revenue,
    risks,
    roadmap,
    scenarios,
    scorecard,
    summary,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_LINE_STYLES = ("solid", "dashed", "dotted", "double")


class UnsafeInlineError(ValueError):
    """Inlined CSS or JS that would close its own element: refusing to write the page."""


def kind_styles() -> dict[str, dict[str, str]]:
    """Colour and CSS line style per flow kind, taken from the diagram's light theme."""
    from ecomap.layout.style import THEMES

    result = {}
    for kind, ks in THEMES["light"].kinds.items():
        line = "double" if ks.double else str(ks.style)
        result[kind] = {"color": str(ks.color), "line": line if line in _LINE_STYLES else "solid"}
    return result


def _kind_css(styles: Mapping[str, Mapping[str, str]]) -> str:
    lines = [":root{"]
    for kind, st in styles.items():
        lines.append(f"--kind-{kind}:{st['color']};")
    lines.append("}")
    for kind, st in styles.items():
        lines.append(f".kind-chip.k-{kind}::before,.legend-line.k-{kind}{{"
                     f"border-top-color:var(--kind-{kind});}}")
        lines.append(f".legend-line.k-{kind}{{border-top-style:{st['line']};}}")
    return "\n".join(lines) + "\n"


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_link"] = safe_link
    return env


def check_inline(css: str, js: str) -> None:
    """A real check (not an ``assert``, which ``python -O`` removes): text inlined in
    ``<style>``/``<script>`` must not be able to end its element early."""
    if "</style" in css.lower():
        raise UnsafeInlineError("the report's CSS contains '</style'")
    if "</script" in js.lower():
        raise UnsafeInlineError("the report's script contains '</script'")


def script_data(ctx: ReportContext, flow_rows: list[dict[str, Any]],
                diagrams: Sequence[ReportDiagram]) -> dict[str, Any]:
    """What report.js reads: names, flows, and each diagram's SVG id → participant/flow map."""
    figures = ctx.analysis.figures
    people = {p.id: {"name": p.name, "net": ctx.fmt.money(figures[p.id].net, signed=True)}
              for p in ctx.eco.participants}
    flow_data = [{k: r[k] for k in ("ref", "from", "to", "kind", "label", "annual", "kind_name")}
                 for r in flow_rows]
    if ctx.result.selected is not None:
        # What the scenario removed is still drawn (struck out): it can be pointed at.
        applied = ctx.result.selected.applied
        for pid in applied.removed_participants:
            people.setdefault(pid, {"name": ctx.name(pid), "net": "—"})
        flow_data += [{"ref": f.ref, "from": f.source, "to": f.target, "kind": f.kind,
                       "label": f.label, "annual": "", "kind_name": ctx.kind_name(f.kind),
                       "removed": True} for f in applied.lost_flows]
    return {
        "lang": ctx.lang, "focus": ctx.eco.focus, "participants": people, "flows": flow_data,
        "diagrams": {d.slug: {"nodes": dict(d.nodes),
                              "edges": {k: e.to_json() for k, e in d.edges.items()}}
                     for d in diagrams},
        "t": {k: ctx.t[k] for k in ("selected", "flows_shown", "col_net")},
    }


def build_view(result: AnalysisResult, lang: str,
               diagrams: Sequence[ReportDiagram] = ()) -> dict[str, Any]:
    """Everything the template shows, formatted for ``lang``."""
    ctx = ReportContext(result, lang)
    styles = kind_styles()
    rev = revenue.build(ctx)
    risk = risks.build(ctx)
    flow_rows = flows.build(ctx)
    focus_pairs, other_pairs = matrix.build(ctx)
    focus = ctx.eco.focus
    return {
        "t": ctx.t, "lang": lang, "title": ctx.eco.title or ctx.t["report"],
        # A file name may hold an ESC: the source path is shown escaped.
        "description": ctx.eco.description, "source": printable(ctx.eco.path),
        "focus": {"id": focus, "name": ctx.name(focus)} if focus else None,
        "scenario": ctx.t["scenario_banner"].format(
            name=result.selected.name or result.selected.id) if result.selected else None,
        "kpis": summary.build(ctx, rev, risk), "layer_groups": participants.build(ctx),
        "focus_pairs": focus_pairs, "other_pairs": other_pairs, "flows": flow_rows,
        "kinds": flows.kinds(ctx, styles), "rev": rev, "net_chart": net.build(ctx),
        **risk, "paths": paths.build(ctx), **scenarios.build(ctx), "scores": scorecard.build(ctx),
        "roadmap": roadmap.build(ctx),
        "data": script_data(ctx, flow_rows, diagrams), "styles": styles,
        # Whom each "+N more" node stands for (every diagram collapses the same participants).
        "groups": [{"name": name, "members": list(members)}
                   for name, members in (diagrams[0].groups if diagrams else ())],
    }


def render_report(result: AnalysisResult, diagrams: Sequence[ReportDiagram],
                  lang: str | None = None, layered_left_out_above: int | None = None,
                  phase_diagrams: Mapping[str, str] | None = None) -> str:
    """The whole HTML report of ``result`` (its selected scenario, else the base map).

    ``diagrams`` come in the order offered (the first is shown first); ``lang`` (zh|en)
    overrides the map's ``locale``; ``layered_left_out_above`` says that the layered view
    was left out for the map's size (the limit, for the note under the map);
    ``phase_diagrams`` (phase id → SVG) are drawn in the roadmap section, each under its phase.
    Deterministic: same input, same bytes."""
    lang = i18n.pick_lang(lang, result.shown.eco.locale)
    view = build_view(result, lang, diagrams)
    t = view["t"]
    view["layout_note"] = (t["layout_left_out"].format(n=layered_left_out_above)
                           if layered_left_out_above is not None else "")

    shown = []
    extra_css: list[str] = []
    style_attrs = False
    for i, d in enumerate(diagrams):
        clean = sanitise_svg(d.svg, prefix=f"{d.slug}--")
        style_attrs = style_attrs or clean.has_style_attrs
        if clean.css and clean.css not in extra_css:
            extra_css.append(clean.css)
        shown.append({"id": d.slug, "name": t.get(f"layout_{d.slug}", d.layout),
                      "markup": clean.markup, "default": i == 0})
    phase_maps: dict[str, str] = {}
    for pid, svg in (phase_diagrams or {}).items():
        clean = sanitise_svg(svg, prefix=f"phase-{pid}--", css_class="phase-map")
        style_attrs = style_attrs or clean.has_style_attrs
        if clean.css and clean.css not in extra_css:
            extra_css.append(clean.css)
        phase_maps[pid] = clean.markup

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    css += _kind_css(view["styles"])
    if extra_css:
        css += "/* diagram */\n" + "\n".join(extra_css) + "\n"
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    check_inline(css, js)

    policy = [
        "default-src 'none'",
        f"script-src '{_sha256(js)}'",
        f"style-src '{_sha256(css)}'",  # for browsers without the -elem/-attr split
        f"style-src-elem '{_sha256(css)}'",
        f"style-src-attr {_quoted(style_attrs)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return _env().get_template("report.html.j2").render(
        csp="; ".join(policy), css=css, js=js, diagrams=shown, phase_maps=phase_maps, **view)


def _quoted(style_attrs: bool) -> str:
    return "'unsafe-inline'" if style_attrs else "'none'"


__all__ = ["UnsafeInlineError", "build_view", "check_inline", "render_report"]
