"""The only place that runs Graphviz, under a timeout, with every warning turned into an error
and every flow checked to have arrived in the SVG. PNG and PDF are slides: the laid-out SVG
drawn on the 16:9 page by render/page.py.

What the SVG offers a report (stable, from the map's ids):

- ``<g id="node-<participant id>" class="node participant layer-<layer id> [overseas] [focus]
  [more] [added] [risk] [tier-<tier>] [partner-<type>] [check-risk-<check>…] [removed]">``; a
  "+N more" group is ``node-more-<layer id>`` (its members' names in its link's xlink:title);
- ``<g id="flow-<n>" class="edge flow kind-<kind> [removed] [changed] [added]
  [compliance-error|compliance-warning]">`` with ``n`` the
  flow's position in the map (``Flow.index``); a summed flow is
  ``flow-agg-<from>-<to>-<kind>``; its title is ``node-<from>->node-<to>``;
- helpers the completeness check ignores: ``aux-band-*`` / ``aux-ring-*`` (layer names),
  ``aux-corner-*`` (invisible), ``label-flow-*`` (radial flow labels, class ``flow-label``);
- ``width``/``height`` in CSS px with the ``viewBox``, no inline style, fonts as
  ``'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif``.
"""

from __future__ import annotations

import functools
import html
import os
import re
from dataclasses import dataclass, replace

from ecomap.errors import RenderError
from ecomap.layout.dot import Diagram, build, build_slides, slide_collapse_sizes
from ecomap.layout.options import DiagramOptions, Marks
from ecomap.layout.style import FONT_SIZE, FONT_STACK, GRAPHVIZ_FONT
from ecomap.model import Ecosystem
from ecomap.render.page import PAGE_SHARE, SLIDE_PT, draw_page
from ecomap.render.process import run_tool
from ecomap.render.xlabels import repair_xlabels

FORMATS = ("svg", "png", "pdf", "dot")
SLIDE_FORMATS = ("png", "pdf")
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86_400  # a day: ECOMAP_RENDER_TIMEOUT above it (or inf) is a mistake
MIN_SLIDE_TEXT_PT = 8.2  # a projected slide's smallest readable text (8 pt), with a margin
# A slide drawing that would fill less than this share of the page in one direction (of what it
# fills in the other) is spread out to the page's shape.
STRETCH_BELOW = 0.85
# No other arrangement of a map comes out more than this times larger on the page than the
# first, the best guess (measured: at most 1.18× on the example maps and on the bench maps of
# 60, 120 and 200 participants at each collapse step). A collapse step whose first drawing is
# further than that from readable text skips its other arrangements.
ZOOM_SPREAD = 1.3

@dataclass(frozen=True)
class Rendered:
    """A render's bytes and the diagram it came from (for callers that want the ids)."""

    data: bytes
    diagram: Diagram


def render(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None,
           fmt: str = "svg", timeout: float | None = None) -> bytes:
    """Ecosystem → verified SVG (or PNG, PDF, DOT) bytes; RenderError on any failure.

    PNG and PDF are slides: drawn for the 16:9 page (``render_slide``). ``timeout`` (seconds per
    Graphviz run) defaults to $ECOMAP_RENDER_TIMEOUT, else 60.
    """
    if fmt in SLIDE_FORMATS:
        return render_slide(eco, options, marks, fmt, timeout).data
    return render_diagram(build(eco, options, marks), fmt, timeout).data


def render_slide(eco: Ecosystem, options: DiagramOptions, marks: Marks | None = None,
                 fmt: str = "pdf", timeout: float | None = None) -> Rendered:
    """The map on a 16:9 slide: each candidate drawing (layout/dot.py ``build_slides``) is laid
    out and checked, and the one that comes out largest on the page is drawn on it. A large map
    is collapsed step by step until its text is readable on the page.

    ``--layout radial`` draws the rings when their text is readable on the page. Rings around
    rings take more room than a 16:9 page has (nio_baas's would put its text at 3.6 pt): then
    the slide's own form of it, the focus's layer in the middle with the others on both sides.
    """
    if timeout is None:
        timeout = default_timeout()
    readable = MIN_SLIDE_TEXT_PT / (PAGE_SHARE * min(FONT_SIZE.values()))  # the zoom it takes
    hub_only = False
    if options.layout == "radial":
        zoom, diagram, svg = _largest_on_page(build_slides(eco, options, marks), timeout)
        if zoom >= readable:
            return Rendered(draw_page(svg, fmt, timeout), diagram)
        options, hub_only = replace(options, layout=None), True
    steps = slide_collapse_sizes(eco, options)
    for step, collapse_to in enumerate(steps):
        candidates = build_slides(eco, options, marks, collapse_to)
        if hub_only:  # a map whose focus is in its outermost layer has no hub
            candidates = tuple(d for d in candidates if d.layout.startswith("slide-hub")) \
                or candidates
        # The last step is drawn as well as it can be, readable or not.
        zoom, diagram, svg = _largest_on_page(
            candidates, timeout, readable if step + 1 < len(steps) else None)
        if zoom >= readable:
            break
    width, height = svg_size(svg)
    if diagram.engine == "dot" and min(width / SLIDE_PT[0], height / SLIDE_PT[1]) < \
            STRETCH_BELOW * max(width / SLIDE_PT[0], height / SLIDE_PT[1]):
        diagram, svg = _stretched(diagram, timeout)
    return Rendered(draw_page(svg, fmt, timeout), diagram)


def _largest_on_page(candidates: tuple[Diagram, ...], timeout: float,
                     readable: float | None = None) -> tuple[float, Diagram, str]:
    """The candidate whose laid-out drawing is largest on the page (its zoom), checked.

    With ``readable`` (the zoom readable text takes), a first drawing too large for any
    arrangement to reach it ends the search: the map must be collapsed further anyway."""
    best: tuple[float, Diagram, str] | None = None
    seen: set[str] = set()
    for diagram in candidates:
        if diagram.dot in seen:  # labels too short to wrap differently: the same drawing
            continue
        seen.add(diagram.dot)
        svg = _laid_out(diagram, timeout)
        check_svg(diagram, svg)
        width, height = svg_size(svg)
        zoom = min(SLIDE_PT[0] / width, SLIDE_PT[1] / height)
        # Another arrangement must do clearly better to win: the first is the best guess.
        if best is None or zoom > best[0] * 1.02:
            best = (zoom, diagram, svg)
        if readable is not None and len(seen) == 1 and zoom * ZOOM_SPREAD < readable:
            break
    if best is None:
        raise RenderError("no slide arrangement for this map")
    return best


def _stretched(diagram: Diagram, timeout: float) -> tuple[Diagram, str]:
    """A drawing of another shape than the page would leave a band of it empty: dot spreads the
    participants (not the text) until the drawing has the page's shape. Its ``ratio`` counts
    the drawing without the title, so the ratio asked for is corrected by what came out."""
    target = SLIDE_PT[1] / SLIDE_PT[0]
    ratio = target
    for _ in range(3):
        stretched = replace(diagram, graph_args=(f"-Gratio={ratio:.4f}",))
        svg = _laid_out(stretched, timeout)
        check_svg(stretched, svg)
        width, height = svg_size(svg)
        if abs(height / width - target) < 0.03 * target:
            break
        ratio *= target / (height / width)
    return stretched, svg


def default_timeout() -> float:
    text = os.environ.get("ECOMAP_RENDER_TIMEOUT", "")
    try:
        value = float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        raise RenderError(
            f"ECOMAP_RENDER_TIMEOUT must be a number of seconds (got {text!r})") from None
    if not 0 < value <= MAX_TIMEOUT:  # inf and nan too: communicate() cannot wait for them
        raise RenderError(f"ECOMAP_RENDER_TIMEOUT must be a number of seconds between 0 and "
                          f"{MAX_TIMEOUT} (got {text!r})")
    return value


def render_diagram(diagram: Diagram, fmt: str = "svg",
                   timeout: float | None = None) -> Rendered:
    if timeout is None:
        timeout = default_timeout()
    if fmt not in FORMATS:
        raise RenderError(f"format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    if fmt == "dot":
        return Rendered(diagram.dot.encode("utf-8"), diagram)
    svg = _laid_out(diagram, timeout)
    check_svg(diagram, svg)
    if fmt == "svg":
        return Rendered(postprocess_svg(svg, diagram.scene.title).encode("utf-8"), diagram)
    return Rendered(draw_page(svg, fmt, timeout), diagram)


def _laid_out(diagram: Diagram, timeout: float) -> str:
    """Graphviz's SVG of the finished layout (PNG and PDF are drawn from it: render/page.py)."""
    args = diagram.engine_args
    try:
        out = run_graphviz(args, diagram.dot, "svg", timeout)
    except RenderError as err:
        # dot 2.43's spline router sometimes gives up on one edge of a dense band ("Unable to
        # reclaim box space ... seriously wrong") and draws it wrongly. Polyline routing does
        # not have that bug: one deterministic retry, still checked like any render.
        if diagram.engine != "dot" or "reclaim box space" not in str(err):
            raise
        args = (*args, "-Gsplines=polyline")
        out = run_graphviz(args, diagram.dot, "svg", timeout)
    if b"<svg" not in out:
        raise RenderError(f"Graphviz ({' '.join(args)}) wrote no SVG: is it a real Graphviz?")
    svg = _utf8(out, args)
    if diagram.engine != "dot":
        return svg
    # dot places the labels of flows within one band after the layout, sometimes on top of
    # something: those are moved to a free spot along their flow.
    return repair_xlabels(svg, diagram.xlabel_flows) or svg


def _utf8(out: bytes, args: tuple[str, ...]) -> str:
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise RenderError(f"Graphviz ({' '.join(args)}) wrote text that is not UTF-8: is it a "
                          "real Graphviz?") from None


_DEVICES = {"svg": "svg", "png": "png:cairo", "pdf": "pdf:cairo", "dot": "dot"}


def run_graphviz(args: tuple[str, ...], dot: str, fmt: str, timeout: float) -> bytes:
    """Run ``args -T<fmt>`` on ``dot``; a non-zero exit, a warning or the timeout raise.

    ``fmt`` may name several outputs of one run, joined by "+" (``dot+svg``): Graphviz writes
    them one after the other.
    """
    cmd = [*args, *(f"-T{_DEVICES[f]}" for f in fmt.split("+"))]
    done = run_tool(cmd, dot.encode("utf-8"), timeout, name="Graphviz",
                    not_found=_not_installed(args[0]),
                    too_slow=f"Graphviz ({' '.join(args)}) took longer than {timeout:g} s and "
                    "was stopped; try --max-nodes to collapse the least connected participants, "
                    "or a --view")
    if done.returncode != 0 or done.problems:
        if not done.problems:  # it said nothing: a crash, or a Graphviz that does not work
            try:
                which = "release " + ".".join(str(n) for n in graphviz_version())
            except RenderError:
                which = "'dot -V' fails too: this Graphviz does not work"
            raise RenderError(f"Graphviz ({' '.join(cmd)}) failed without a message "
                              f"(exit status {done.returncode}; {which})")
        raise RenderError(f"Graphviz ({' '.join(cmd)}) failed: {'; '.join(done.problems[:5])}")
    if not done.out:
        raise RenderError(f"Graphviz ({' '.join(cmd)}) produced no output")
    return done.out


def _not_installed(program: str) -> str:
    return (f"Graphviz is not installed ({program!r} not found): install it with "
            "'apt-get install graphviz fonts-noto-cjk' (Debian/Ubuntu) or 'brew install graphviz'")


@functools.lru_cache(maxsize=1)
def graphviz_version() -> tuple[int, ...]:
    """The installed Graphviz release, from ``dot -V`` (the graphviz package's parser)."""
    import graphviz  # only here, where a render failed or a version matters: 10 ms of start-up

    try:
        return graphviz.version()
    except graphviz.ExecutableNotFound:
        raise RenderError(_not_installed("dot")) from None
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"Graphviz does not work: 'dot -V' exited with status "
                          f"{exc.returncode}") from None
    except (RuntimeError, OSError) as exc:
        # RuntimeError: `dot -V` ran but did not name a version.
        raise RenderError(f"Graphviz does not work: 'dot -V' failed ({exc})") from None


_G_RE = re.compile(r'<g id="([^"]*)" class="([^"]*)">')


def svg_elements(svg: str) -> tuple[dict[str, str], set[str]]:
    """SVG ids of drawn nodes and edges → class; and the edge ids that have a drawn path."""
    found: dict[str, str] = {}
    drawn: set[str] = set()
    matches = list(_G_RE.finditer(svg))
    for i, m in enumerate(matches):
        gid = m.group(1).replace("&#45;", "-")
        found[gid] = m.group(2)
        end = matches[i + 1].start() if i + 1 < len(matches) else len(svg)
        if "<path" in svg[m.end():end]:
            drawn.add(gid)
    return found, drawn


def check_svg(diagram: Diagram, svg: str) -> None:
    """Every participant node and every flow of the diagram is in the SVG, each flow drawn."""
    found, drawn = svg_elements(svg)
    lost_nodes = [n.key for n in diagram.scene.nodes
                  if not found.get(n.key, "").startswith("node")]
    lost_flows = [e for e in diagram.edges
                  if not found.get(e.key, "").startswith("edge") or e.key not in drawn]
    if lost_nodes or lost_flows:
        parts = []
        if lost_flows:
            names = ", ".join(
                f"{e.key} ({', '.join(e.refs)})" for e in lost_flows[:20])
            more = f" and {len(lost_flows) - 20} more" if len(lost_flows) > 20 else ""
            parts.append(f"{len(lost_flows)} flow(s) lost: {names}{more}")
        if lost_nodes:
            parts.append(f"{len(lost_nodes)} participant(s) lost: {', '.join(lost_nodes[:20])}")
        raise RenderError(
            f"Graphviz dropped part of the {diagram.layout} diagram — "
            + "; ".join(parts) + " (the picture would be incomplete, so nothing was written)"
        )


_SIZE_RE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def _pair_of_numbers(pattern: re.Pattern[str], svg: str, what: str) -> tuple[float, float]:
    m = pattern.search(svg)
    if not m:
        raise RenderError(f"Graphviz SVG has no {what}")
    return float(m.group(1)), float(m.group(2))


def svg_size(svg: str) -> tuple[float, float]:
    return _pair_of_numbers(_SIZE_RE, svg, "size")


_COMMENT_RE = re.compile(r"<!-- (?!Generated by).*? -->\n", re.S)


def postprocess_svg(svg: str, title: str) -> str:
    """Embed-friendly SVG: CJK font stack, px size with viewBox, clean ids, no node comments,
    and the map's title as the document's title (what a browser tab or a deck's alt text shows,
    instead of Graphviz's graph name)."""
    svg = svg.replace("<title>ecomap</title>", f"<title>{html.escape(title, quote=False)}</title>",
                      1)
    svg = svg.replace(f'font-family="{GRAPHVIZ_FONT}"', f'font-family="{FONT_STACK}"')
    svg = svg.replace('font-family="Times,serif"', f'font-family="{FONT_STACK}"')
    svg = _COMMENT_RE.sub("", svg)
    svg = re.sub(r'(id|class)="([^"]*)"',
                 lambda m: f'{m.group(1)}="{m.group(2).replace("&#45;", "-")}"', svg)
    width, height = svg_size(svg)
    # Unitless width/height (CSS px) with the viewBox: PowerPoint, browsers and Markdown
    # previews all scale it. No style attribute: a report's CSP may forbid inline styles, and
    # its stylesheet sizes the picture (svg { max-width: 100%; height: auto }).
    svg = _SIZE_RE.sub(f'<svg width="{width:.0f}" height="{height:.0f}" role="img"', svg,
                       count=1)
    return svg
