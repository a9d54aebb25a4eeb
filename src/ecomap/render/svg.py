"""The only place that runs Graphviz: SVG, PNG and PDF, under a timeout, with every warning
turned into an error and every flow checked to have arrived in the SVG.

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

About 400 lines: running Graphviz safely, checking what it drew, fitting a slide to its page and
the SVG/PNG/PDF touches are one job, the last step before the bytes are written.
"""

from __future__ import annotations

import errno
import functools
import html
import os
import re
import signal
import struct
import subprocess
import zlib
from dataclasses import dataclass, replace

from ecomap.errors import RenderError
from ecomap.layout.dot import Diagram, build, build_slides, slide_collapse_sizes
from ecomap.layout.options import DiagramOptions, Marks
from ecomap.layout.style import FONT_SIZE, FONT_STACK, GRAPHVIZ_FONT
from ecomap.model import Ecosystem
from ecomap.render.xlabels import repair_xlabels

FORMATS = ("svg", "png", "pdf", "dot")
SLIDE_FORMATS = ("png", "pdf")
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86_400  # a day: ECOMAP_RENDER_TIMEOUT above it (or inf) is a mistake
# A 16:9 slide: PowerPoint's 13.333 × 7.5 in page. PDF uses it as is; PNG draws it at 288 dpi,
# i.e. the 1920 × 1080 preset at 2× = 3840 × 2160 pixels.
SLIDE_PT = (960.0, 540.0)
PNG_DPI = 288.0
MAX_ZOOM = 2.5  # a ten-node sketch should not be blown up to fill a wall
PAGE_SHARE = 0.96  # of the page's width or height a drawing may fill: a thin margin around it
MIN_SLIDE_TEXT_PT = 8.2  # a projected slide's smallest readable text (8 pt), with a margin
# A slide drawing that would fill less than this share of the page in one direction (of what it
# fills in the other) is spread out to the page's shape.
STRETCH_BELOW = 0.85

# stderr lines that are not about the picture: fontconfig's cache notices on a fresh machine
# (it rebuilds the cache and says so; the output is the same).
_HARMLESS = (
    re.compile(r"^Fontconfig (warning|error): .*(cache|No writable cache directories)", re.I),
    re.compile(r"^\s*$"),
)


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
    is collapsed step by step until its text is readable on the page."""
    if timeout is None:
        timeout = default_timeout()
    for collapse_to in slide_collapse_sizes(eco, options):
        zoom, diagram, svg, engine_args, dot = _largest_on_page(
            build_slides(eco, options, marks, collapse_to), timeout)
        if zoom * PAGE_SHARE * min(FONT_SIZE.values()) >= MIN_SLIDE_TEXT_PT:
            break
    width, height = svg_size(svg)
    if diagram.engine == "dot" and min(width / SLIDE_PT[0], height / SLIDE_PT[1]) < \
            STRETCH_BELOW * max(width / SLIDE_PT[0], height / SLIDE_PT[1]):
        diagram, svg, engine_args, dot = _stretched(diagram, timeout)
    return Rendered(_on_page(svg, engine_args, dot, fmt, timeout), diagram)


def _largest_on_page(candidates: tuple[Diagram, ...], timeout: float
                     ) -> tuple[float, Diagram, str, tuple[str, ...], str]:
    """The candidate whose laid-out drawing is largest on the page (its zoom), checked."""
    best: tuple[float, Diagram, str, tuple[str, ...], str] | None = None
    for diagram in candidates:
        svg, engine_args, dot = _laid_out(diagram, timeout)
        check_svg(diagram, svg)
        width, height = svg_size(svg)
        zoom = min(SLIDE_PT[0] / width, SLIDE_PT[1] / height)
        # Another arrangement must do clearly better to win: the first is the best guess.
        if best is None or zoom > best[0] * 1.02:
            best = (zoom, diagram, svg, engine_args, dot)
    if best is None:
        raise RenderError("no slide arrangement for this map")
    return best


def _stretched(diagram: Diagram, timeout: float) -> tuple[Diagram, str, tuple[str, ...], str]:
    """A drawing of another shape than the page would leave a band of it empty: dot spreads the
    participants (not the text) until the drawing has the page's shape. Its ``ratio`` counts
    the drawing without the title, so the ratio asked for is corrected by what came out."""
    target = SLIDE_PT[1] / SLIDE_PT[0]
    ratio = target
    for _ in range(3):
        stretched = replace(diagram, graph_args=(f"-Gratio={ratio:.4f}",))
        svg, engine_args, dot = _laid_out(stretched, timeout)
        check_svg(stretched, svg)
        width, height = svg_size(svg)
        if abs(height / width - target) < 0.03 * target:
            break
        ratio *= target / (height / width)
    return stretched, svg, engine_args, dot


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
    svg, engine_args, dot = _laid_out(diagram, timeout)
    check_svg(diagram, svg)
    if fmt == "svg":
        return Rendered(postprocess_svg(svg, diagram.scene.title).encode("utf-8"), diagram)
    return Rendered(_on_page(svg, engine_args, dot, fmt, timeout), diagram)


def _on_page(svg: str, engine_args: tuple[str, ...], dot: str, fmt: str, timeout: float) -> bytes:
    """The laid-out drawing again (Graphviz is deterministic) as PNG or PDF, fitted to the page."""
    width, height = svg_size(svg)
    zoom = min(SLIDE_PT[0] / width, SLIDE_PT[1] / height, MAX_ZOOM) * PAGE_SHARE
    # The viewport's centre is in graph coordinates; the SVG's translate says where the graph's
    # origin sits in the picture (a title wider than a radial drawing reaches left of x = 0).
    tx, ty = _svg_origin(svg)
    viewport = (f"{SLIDE_PT[0]:.0f},{SLIDE_PT[1]:.0f},{zoom:.4f},"
                f"{width / 2 - tx:.2f},{ty - height / 2:.2f}")
    # margin=0: the PDF device would add half an inch of white on every side of the slide.
    args = (*engine_args, f"-Gviewport={viewport}", "-Gpad=0", "-Gmargin=0")
    if fmt == "png":
        args = (*args, f"-Gdpi={PNG_DPI:.0f}")
    data = run_graphviz(args, dot, fmt, timeout)
    if fmt == "pdf":
        data = _fixed_pdf_date(data)
    if fmt == "png":
        data = with_dpi(data, PNG_DPI)
    return data


def _laid_out(diagram: Diagram, timeout: float) -> tuple[str, tuple[str, ...], str]:
    """The SVG of the finished layout, and the engine and DOT that draw it again (PNG, PDF)."""
    if diagram.engine != "dot":
        svg = _utf8(run_graphviz(diagram.engine_args, diagram.dot, "svg", timeout),
                    diagram.engine_args)
        return svg, diagram.engine_args, diagram.dot
    args = diagram.engine_args
    try:
        out = run_graphviz(args, diagram.dot, "dot+svg", timeout)
    except RenderError as err:
        # dot 2.43's spline router sometimes gives up on one edge of a dense band ("Unable to
        # reclaim box space ... seriously wrong") and draws it wrongly. Polyline routing does
        # not have that bug: one deterministic retry, still checked like any render.
        if "reclaim box space" not in str(err):
            raise
        args = (*args, "-Gsplines=polyline")
        out = run_graphviz(args, diagram.dot, "dot+svg", timeout)
    # One run, two outputs: the positioned graph (-Tdot), then the SVG. User text cannot hold
    # "<?xml": in the positioned DOT every "<" of it is escaped.
    cut = out.find(b"<?xml version=")
    if cut < 0:
        raise RenderError(f"Graphviz ({' '.join(args)}) wrote no SVG: is it a real Graphviz?")
    positioned, svg = _utf8(out[:cut], args), _utf8(out[cut:], args)
    fixed = repair_xlabels(svg, positioned, diagram.xlabel_flows)
    if fixed is None:
        return svg, args, diagram.dot
    # Some labels moved: the SVG has them moved already; neato -n2 draws the positioned graph,
    # new xlp included, for PNG and PDF.
    svg, positioned = fixed
    # notranslate: dot's coordinates as they are, which the slide's viewport is computed in
    # (neato would otherwise shift the drawing to make room for spline control points).
    # ratio="": the positioned graph is the stretched one already (a slide's ratio would be
    # applied twice, and neato's label placement asserts on what comes out).
    return svg, ("neato", "-n2", "-Gnotranslate=true", "-Gratio="), positioned


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
    # The same bytes in every locale and time zone: cairo stamps a PDF's date in local time
    # ("+08'00"), which _fixed_pdf_date can only replace when it is UTC ("Z").
    env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, env=env)
    except OSError as exc:
        # As graphviz.ExecutableNotFound: only "no such file" means not installed; a `dot`
        # that is there but cannot be run (no x bit, a broken binary) says why.
        if exc.errno == errno.ENOENT:
            raise RenderError(_not_installed(args[0])) from None
        raise RenderError(f"cannot run Graphviz ({args[0]!r}): {exc.strerror}") from None
    try:
        out, err = proc.communicate(dot.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        # Kill the whole process group: Graphviz may have children (e.g. gvpr) in future.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise RenderError(
            f"Graphviz ({' '.join(args)}) took longer than {timeout:g} s and was stopped; "
            "try --max-nodes to collapse the least connected participants, or a --view"
        ) from None
    problems = [line for line in err.decode("utf-8", "replace").splitlines()
                if not any(p.search(line) for p in _HARMLESS)]
    if proc.returncode != 0 or problems:
        if not problems:  # it said nothing: a crash, or a Graphviz that does not work at all
            try:
                which = "release " + ".".join(str(n) for n in graphviz_version())
            except RenderError:
                which = "'dot -V' fails too: this Graphviz does not work"
            raise RenderError(f"Graphviz ({' '.join(cmd)}) failed without a message "
                              f"(exit status {proc.returncode}; {which})")
        raise RenderError(f"Graphviz ({' '.join(cmd)}) failed: {'; '.join(problems[:5])}")
    if not out:
        raise RenderError(f"Graphviz ({' '.join(cmd)}) produced no output")
    return out


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


_ORIGIN_RE = re.compile(
    r'<g id="[^"]*" class="graph[^"]*" transform="[^"]*translate\(([-\d.]+) ([-\d.]+)\)')


def _svg_origin(svg: str) -> tuple[float, float]:
    return _pair_of_numbers(_ORIGIN_RE, svg, "graph transform")


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


def with_dpi(png: bytes, dpi: float) -> bytes:
    """The PNG with a pHYs chunk saying its resolution, so that PowerPoint and python-pptx place
    the 3840 × 2160 slide at 13.33 × 7.5 in instead of guessing 96 dpi (Graphviz writes none)."""
    signature, ihdr_end = png[:8], 8 + 8 + 13 + 4  # signature, then the IHDR chunk
    if signature != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise RenderError("Graphviz wrote a PNG without its header")
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    return png[:ihdr_end] + chunk + png[ihdr_end:]


_PDF_DATE_RE = re.compile(rb"/CreationDate \(D:(\d{14})(?:Z|[-+]\d\d'\d\d'?)?\)")


def _fixed_pdf_date(data: bytes) -> bytes:
    # cairo stamps the time; a fixed date of the same length keeps the xref offsets valid.
    return _PDF_DATE_RE.sub(lambda m: m.group(0).replace(m.group(1), b"20000101000000"), data)
