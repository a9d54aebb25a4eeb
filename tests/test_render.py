"""Diagram rendering: Graphviz really runs; every flow arrives; output is deterministic."""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

import pytest

from ecomap.errors import RenderError
from ecomap.layout import dot as dotmod
from ecomap.layout.dot import Diagram, build, to_dot
from ecomap.layout.options import DiagramOptions, Marks
from ecomap.render import svg as svgmod
from ecomap.render.page import page_svg
from ecomap.render.svg import check_svg, render, render_diagram, svg_elements
from ecomap.render.xlabels import drawn, moved_xlabels
from ecomap.validate import load_map, load_text

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
MAPS = Path(__file__).resolve().parent.parent / "maps"

SMALL = """\
ecomap: 1
title: 测试生态图
description: 一个小地图
locale: zh
currency: CNY
focus: hub
layers:
  - {id: core, name: 核心层}
  - {id: partners, name: 伙伴层}
  - {id: users, name: 用户层}
participants:
  hub: {name: 平台公司, layer: core, role: 运营、资产管理, internal: true}
  unit: {name: 数据中心, layer: core, role: 分析, internal: true}
  maker: {name: 电池厂, layer: partners, role: 电池研发}
  bank: {name: 银行, layer: partners}
  owners: {name: 车主, layer: users, count: 30000}
flows:
  - {id: rent, from: owners, to: hub, kind: money, label: 月租, amount: 980 CNY/month,
     volume: 30000}
  - {from: maker, to: hub, kind: asset, label: 电池}
  - {from: hub, to: maker, kind: data, label: 运行数据}
  - {from: hub, to: owners, kind: service, label: 换电服务}
  - {from: bank, to: hub, kind: money, label: 融资, amount: 2亿 CNY/year}
  - {from: unit, to: hub, kind: data, label: 分析结果}
"""


def small():
    return load_text(SMALL, "small.yaml")


def big_map(n: int, flows_per: int = 3, lang: str = "zh") -> str:
    """A deterministic map of ``n`` participants in five layers, ``flows_per`` flows each."""
    layers = ["core", "strategic", "service", "enabler", "users"]
    kinds = ["money", "data", "asset", "service"]
    lines = ["ecomap: 1", f"title: 生态 {n}", f"locale: {lang}", "currency: CNY", "focus: p0",
             "participants:"]
    for i in range(n):
        layer = layers[0] if i == 0 else layers[1 + (i * 7) % 4] if i % 9 else layers[0]
        lines.append(f"  p{i}: {{name: 伙伴{i}号公司, layer: {layer}, role: 角色{i % 5}}}")
    lines.append("flows:")
    for i in range(n):
        for k in range(flows_per):
            j = (i * 31 + k * 17 + 1) % n if k else 0
            if j == i:
                j = (j + 1) % n
            kind = kinds[(i + k) % 4]
            amount = f", amount: {(i % 7 + 1) * 10}万 CNY/year" if kind == "money" else ""
            lines.append(f"  - {{from: p{i}, to: p{j}, kind: {kind}, label: 流{i}-{k}{amount}}}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def graphviz_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[str, ...], str]]:
    """(arguments, DOT) of every Graphviz run from here on (the runs still happen)."""
    calls: list[tuple[tuple[str, ...], str]] = []
    real = svgmod.run_graphviz

    def spy(args: tuple[str, ...], dot: str, fmt: str, timeout: float) -> bytes:
        calls.append((args, dot))
        return real(args, dot, fmt, timeout)

    monkeypatch.setattr(svgmod, "run_graphviz", spy)
    return calls


# ------------------------------------------------------------------ basics


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_svg_has_every_flow_and_node(layout: str) -> None:
    eco = small()
    diagram = build(eco, DiagramOptions(layout=layout))
    svg = render_diagram(diagram).data.decode()
    found, drawn = svg_elements(svg)
    assert {f"flow-{f.index}" for f in eco.flows} <= drawn
    assert {f"node-{p.id}" for p in eco.participants} <= set(found)
    assert "3.528亿元/年" in svg  # 980 × 12 × 30000, formatted for zh
    assert "font-family=\"'Noto Sans CJK SC'" in svg
    assert 'viewBox="' in svg and 'role="img"' in svg and "style=" not in svg
    assert "&#45;" not in svg.split("<svg", 1)[1].split(">", 1)[0]


def test_english_amounts() -> None:
    svg = render(small(), DiagramOptions(layout="layered", lang="en")).decode()
    assert "¥352.8M/yr" in svg
    assert "Money" in svg


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_deterministic(layout: str) -> None:
    eco = small()
    opts = DiagramOptions(layout=layout)
    for fmt in ("svg", "png", "pdf"):
        assert render(eco, opts, fmt=fmt) == render(small(), opts, fmt=fmt), fmt


@pytest.mark.parametrize("theme", ["light", "dark", "print"])
@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_themes_and_formats(theme: str, layout: str) -> None:
    eco = small()
    opts = DiagramOptions(layout=layout, theme=theme)
    svg = render(eco, opts, fmt="svg")
    assert svg.startswith(b"<?xml")
    png = render(eco, opts, fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (3840, 2160)  # the 1920×1080 slide at 2×
    pdf = render(eco, opts, fmt="pdf")
    assert pdf.startswith(b"%PDF")
    assert b"/CreationDate (D:20000101000000" in pdf
    assert b"/MediaBox [ 0 0 960 540 ]" in pdf  # PowerPoint's 16:9 page, no white margin
    dot = render(eco, opts, fmt="dot").decode()
    assert dot.startswith("digraph ecomap {")


def test_auto_layout_by_size() -> None:
    assert build(small(), DiagramOptions()).layout == "layered"
    assert build(load_text(big_map(60), "b.yaml"), DiagramOptions()).layout == "radial"


# ------------------------------------------------------------------ faithfulness


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_dropped_edge_raises(layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    eco = small()
    real = svgmod.run_graphviz

    def lossy(args, dot, fmt, timeout):  # type: ignore[no-untyped-def]
        out = real(args, dot, fmt, timeout).decode()
        # Remove the group of flow 1 as if Graphviz had lost it.
        start = out.index('<g id="flow&#45;1" class="edge')
        end = out.index("</g>", start) + len("</g>")
        return (out[:start] + out[end:]).encode()

    monkeypatch.setattr(svgmod, "run_graphviz", lossy)
    with pytest.raises(RenderError, match=r"1 flow\(s\) lost: flow-1 \(maker->hub:asset\)"):
        render(eco, DiagramOptions(layout=layout))


def test_check_svg_flags_an_edge_without_a_path() -> None:
    diagram = build(small(), DiagramOptions(layout="layered"))
    svg = svgmod.run_graphviz(diagram.engine_args, diagram.dot, "svg", 30).decode()
    start = svg.index('<g id="flow&#45;0" class="edge')
    path_at = svg.index("<path", start)
    broken = svg[:path_at] + "<desc" + svg[path_at + len("<path"):]
    with pytest.raises(RenderError, match="flow-0 \\(rent\\)"):
        check_svg(diagram, broken)


def test_graphviz_warning_is_an_error() -> None:
    with pytest.raises(RenderError, match="Warning|Error|syntax"):
        svgmod.run_graphviz(("dot",), 'digraph { a [shape=nosuchshape] }', "svg", 30)


def test_timeout_is_an_error() -> None:
    with pytest.raises(RenderError, match="longer than"):
        svgmod.run_graphviz(("sh", "-c", "sleep 5", "sh"), "", "svg", 0.2)


def test_missing_graphviz_is_a_clear_error() -> None:
    with pytest.raises(RenderError, match="not installed"):
        svgmod.run_graphviz(("no-such-graphviz-binary",), "digraph {}", "svg", 5)


def test_graphviz_that_cannot_run_is_a_clear_error(tmp_path: Path) -> None:
    # There, but not executable: a RenderError that says why, not a PermissionError traceback.
    broken = tmp_path / "dot"
    broken.write_text("#!/bin/sh\n", encoding="utf-8")
    broken.chmod(0o644)
    with pytest.raises(RenderError, match="cannot run Graphviz .*Permission denied"):
        svgmod.run_graphviz((str(broken),), "digraph {}", "svg", 5)


def test_silent_graphviz_failure_names_the_release() -> None:
    with pytest.raises(RenderError, match=r"Graphviz \(sh -c exit 3 sh -Tsvg\) failed without a "
                                          r"message \(exit status 3; release \d+\.\d+[.\d]*\)"):
        svgmod.run_graphviz(("sh", "-c", "exit 3", "sh"), "", "svg", 5)


def test_graphviz_version_is_the_installed_release() -> None:
    said = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=True).stderr
    assert f"version {'.'.join(str(n) for n in svgmod.graphviz_version())} " in said


def test_graphviz_version_without_graphviz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    svgmod.graphviz_version.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot anywhere
    try:
        with pytest.raises(RenderError, match="Graphviz is not installed"):
            svgmod.graphviz_version()
    finally:
        svgmod.graphviz_version.cache_clear()


# ------------------------------------------------------------------ quoting

NASTY = [
    'quote " inside', "back\\slash", "<script>alert(1)</script>", "line\nbreak", "\\N node",
    "\\G graph", "amp & lt <", "{rank=same}", "]; evil [label=x", "\\", 'ends with \\"',
]


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_labels_are_shown_literally(layout: str) -> None:
    import html as htmlmod
    import json

    participants = "\n".join(
        f"  p{i}: {{name: {json.dumps(text)}, layer: core, role: {json.dumps(text)}}}"
        for i, text in enumerate(NASTY))
    flows = "\n".join(
        f"  - {{from: p{i}, to: p{(i + 1) % len(NASTY)}, kind: data, label: {json.dumps(text)}}}"
        for i, text in enumerate(NASTY))
    text = (f"ecomap: 1\ntitle: {json.dumps(NASTY[0] + NASTY[2])}\nfocus: p0\n"
            f"participants:\n{participants}\nflows:\n{flows}\n")
    eco = load_text(text, "nasty.yaml")
    svg = render(eco, DiagramOptions(layout=layout)).decode()
    assert "<script>" not in svg
    texts = [htmlmod.unescape(t) for t in
             __import__("re").findall(r"<text[^>]*>([^<]*)</text>", svg)]
    joined = "\n".join(texts)
    for needle in ['quote " inside', "back\\slash", "<script>alert(1)</script>", "\\N node",
                   "\\G graph", "amp & lt <", "]; evil [label=x", 'ends with \\"']:
        assert needle in joined, needle
    # No attribute from the map reaches DOT: no URL, href, image or fontpath anywhere.
    dot = to_dot(eco, DiagramOptions(layout=layout))
    for attr in ("URL=", "href=", "image=", "fontpath=", "shapefile="):
        assert attr not in dot


def test_quote_function() -> None:
    from ecomap.layout.dotlang import h, q

    assert q('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert h("<b>&\\N") == "&lt;b&gt;&amp;\\\\N"
    assert h("x\ny") == "x<BR/>y"


# ------------------------------------------------------------------ collapsing and views


def test_collapse_to_max_nodes() -> None:
    eco = load_text(big_map(80), "big80.yaml")
    diagram = build(eco, DiagramOptions(layout="layered", max_nodes=20))
    scene = diagram.scene
    more = [n for n in scene.nodes if n.more]
    assert more and all(n.name.startswith("另 ") for n in more)
    assert len(scene.nodes) <= 20
    assert sum(n.more for n in scene.nodes) + len([n for n in scene.nodes if not n.more]) == 80
    # Summed flows: each merged edge carries several refs and the sum of their amounts.
    merged = [e for e in scene.edges if e.merged > 1]
    assert merged
    by_ref = {f.ref: f for f in eco.flows}
    for e in merged:
        if e.kind == "money":
            expected = sum(by_ref[r].annual.low for r in e.refs)  # type: ignore[union-attr]
            assert e.annual is not None and e.annual.low == expected
    # Every flow is either drawn, part of a drawn sum, or inside one "+N more" group.
    drawn_refs = {r for e in scene.edges for r in e.refs}
    inside = sum(n.hidden_flows for n in scene.nodes)
    assert len(drawn_refs) + inside == len(eco.flows)
    for layout in ("layered", "radial"):
        d = build(eco, DiagramOptions(layout=layout, max_nodes=20))
        svg = render_diagram(d).data.decode()
        found, drawn = svg_elements(svg)
        assert set(d.flow_ids) <= drawn
        assert "另 " in svg


def test_collapse_keeps_focus_and_risk() -> None:
    eco = load_text(big_map(80), "big80.yaml")
    marks = Marks.of({"p77"})
    scene = build(eco, DiagramOptions(max_nodes=20), marks).scene
    keys = {n.key for n in scene.nodes}
    assert "node-p0" in keys and "node-p77" in keys


@pytest.mark.parametrize("view", ["money", "data", "asset", "service"])
def test_views_keep_one_kind(view: str) -> None:
    eco = load_text(big_map(30), "b30.yaml")
    d = build(eco, DiagramOptions(layout="radial", view=view))
    assert d.scene.edges and all(e.kind == view for e in d.scene.edges)
    svg = render_diagram(d).data.decode()
    assert set(d.flow_ids) <= svg_elements(svg)[1]


def test_money_view_widths_follow_amounts() -> None:
    d = build(small(), DiagramOptions(layout="layered", view="money"))
    assert 'penwidth="10"' in d.dot  # the largest flow (月租 3.528亿) is the widest
    assert "线宽 ∝ 年金额" in d.dot


# ------------------------------------------------------------------ marks and scenarios


def test_risk_marks_and_removed_and_changed() -> None:
    eco = small()
    marks = Marks.of({"maker": ("risk.cut_vertex", "risk.single_source")})
    opts = DiagramOptions(layout="layered", removed_participants=frozenset({"bank"}),
                          changed=frozenset({"rent"}))
    svg = render(eco, opts, marks).decode()
    assert "⚠" in svg and "check-risk-single_source" in svg
    assert 'class="node participant layer-partners removed"' in svg
    assert "text-decoration=\"line-through\"" in svg and "×" in svg
    assert "flow kind-money removed" in svg  # the bank's flow is drawn as removed
    assert "flow kind-money changed" in svg


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="layout must be one of"):
        DiagramOptions(layout="circle")
    with pytest.raises(ValueError, match="theme"):
        DiagramOptions(theme="neon")


# ------------------------------------------------------------------ golden DOT


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_golden_dot_small(layout: str, golden) -> None:  # type: ignore[no-untyped-def]
    marks = Marks.of({"maker"})
    golden(GOLDEN / f"small_{layout}.dot", to_dot(small(), DiagramOptions(layout=layout), marks))


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_golden_dot_nio_baas(layout: str, golden) -> None:  # type: ignore[no-untyped-def]
    path = MAPS / "nio_baas.yaml"
    if not path.exists():
        pytest.fail("maps/nio_baas.yaml is missing")
    golden(GOLDEN / f"nio_baas_{layout}.dot", to_dot(load_map(str(path)), DiagramOptions(
        layout=layout)))


def overlapping(svg: str) -> list[tuple[str, str]]:
    """Pairs of painted things — participants, flow labels, a label and an arrowhead — that
    overlap by over half a point (read back from the SVG: exact shapes, no estimate)."""
    found = drawn(svg)
    labels = sorted(found.labels.items()) + [
        (k, b) for k, boxes in sorted(found.nodes.items()) if k.startswith("label-") for b in boxes]
    items = [(k, b) for k, boxes in sorted(found.nodes.items())
             if k.startswith("node-") for b in boxes] + labels
    pairs = [(k1, k2) for i, (k1, b1) in enumerate(items) for k2, b2 in items[i + 1:]
             if k1 != k2 and b1.overlaps(b2, margin=-0.5)]
    pairs += [(k, f"arrow of {flow}") for k, b in labels
              for flow, arrows in sorted(found.arrows.items()) for a in arrows
              if b.overlaps(a, margin=-0.5)]
    return pairs


@pytest.mark.parametrize("name", sorted(p.stem for p in MAPS.glob("*.yaml")))
@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_every_example_map_renders(name: str, layout: str) -> None:
    eco = load_map(str(MAPS / f"{name}.yaml"))
    d = build(eco, DiagramOptions(layout=layout))
    svg = render_diagram(d).data.decode()
    assert set(d.flow_ids) <= svg_elements(svg)[1]
    assert len(d.flow_ids) == len(eco.flows)
    assert overlapping(svg) == []
    assert len(drawn(svg).labels) + sum(k.startswith("label-") for k in drawn(svg).nodes) == len(
        [f for f in eco.flows if f.label])


def test_layered_moves_labels_off_what_they_cover(
        graphviz_calls: list[tuple[tuple[str, ...], str]]) -> None:
    # On this map dot puts the label of a flow within one band (an xlabel) on top of another
    # label or an arrowhead; ecomap moves it along its flow to a free spot.
    d = build(load_text(big_map(30), "b30.yaml"), DiagramOptions(layout="layered"))
    first = svgmod.run_graphviz(d.engine_args, d.dot, "svg", 60.0).decode()
    assert overlapping(first)
    moves = moved_xlabels(first, d.xlabel_flows)
    assert moves and set(moves) <= d.xlabel_flows
    svg = render_diagram(d).data.decode()
    assert overlapping(svg) == []
    assert set(d.flow_ids) <= svg_elements(svg)[1]
    for flow, (x, y) in moves.items():  # each drawn where it was placed
        box = drawn(svg).labels[flow]
        assert (box.x, box.y) == pytest.approx((x, y), abs=0.01)
    # PNG and PDF are drawn from that repaired SVG (render/page.py), not laid out again.
    runs = len(graphviz_calls)
    assert render_diagram(d, "png").data.startswith(b"\x89PNG")
    assert len(graphviz_calls) == runs + 1  # the layout, once
    page, _ = page_svg(svg_of_layout(d))
    for flow, (x, y) in moves.items():
        box = drawn(page).labels[flow]
        assert (box.x, box.y) == pytest.approx((x, y), abs=0.01)


def svg_of_layout(d: Diagram) -> str:
    """Graphviz's SVG of the finished layout, as the slide formats draw it."""
    return svgmod._laid_out(d, 60.0)


def test_large_map_is_complete() -> None:
    # Speed is the benchmark's job (bench/bench_render.py); here only that nothing is lost.
    eco = load_text(big_map(200), "b200.yaml")
    for layout in ("layered", "radial"):
        d = build(eco, DiagramOptions(layout=layout))
        svg = render_diagram(d).data.decode()
        assert len(d.flow_ids) == 600
        assert set(d.flow_ids) <= svg_elements(svg)[1], layout


def test_dot_module_exports() -> None:
    assert dotmod.DiagramOptions is DiagramOptions and dotmod.Marks is Marks


def test_spline_router_failure_retries_with_polylines(monkeypatch: pytest.MonkeyPatch) -> None:
    real = svgmod.run_graphviz
    calls: list[tuple[str, ...]] = []

    def flaky(args, dot, fmt, timeout):  # type: ignore[no-untyped-def]
        calls.append(tuple(args))
        if len(calls) == 1:
            raise RenderError('Graphviz (dot -Tsvg) failed: Warning: Unable to reclaim box space '
                              'in spline routing for edge "a" -> "b".')
        return real(args, dot, fmt, timeout)

    monkeypatch.setattr(svgmod, "run_graphviz", flaky)
    assert render(small(), DiagramOptions(layout="layered")).startswith(b"<?xml")
    assert calls[1][-1] == "-Gsplines=polyline"


def _boxes(dot: str) -> dict[str, tuple[float, float, float, float]]:
    """Node name → (x, y, w, h) in points, from a radial DOT (every node has pos and size)."""
    import re

    out = {}
    for m in re.finditer(r'^  "((?:node|label)-[^"]+)" \[(.*)\];$', dot, re.M):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
        if "pos" not in attrs:
            continue
        x, y = (float(v) for v in attrs["pos"].rstrip("!").split(","))
        out[m.group(1)] = (x, y, float(attrs["width"]) * 72, float(attrs["height"]) * 72)
    return out


@pytest.mark.parametrize("name", sorted(p.stem for p in MAPS.glob("*.yaml")))
def test_radial_nothing_overlaps(name: str) -> None:
    """No label on a node or on another label, and no two participants on each other."""
    eco = load_map(str(MAPS / f"{name}.yaml"))
    boxes = _boxes(to_dot(eco, DiagramOptions(layout="radial")))
    items = sorted(boxes.items())
    labels = [(k, b) for k, b in items if k.startswith("label-")]
    assert labels
    for i, (k1, (x1, y1, w1, h1)) in enumerate(items):
        for k2, (x2, y2, w2, h2) in items[i + 1:]:
            overlap = abs(x1 - x2) * 2 < w1 + w2 and abs(y1 - y2) * 2 < h1 + h2
            assert not overlap, f"{k1} overlaps {k2}"


@pytest.mark.parametrize("name", sorted(p.stem for p in MAPS.glob("*.yaml")))
@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_scenarios_and_risk_marks_render_cleanly(name: str, layout: str) -> None:
    """Badges (⚠ ×), strike-through and bold labels fit their boxes: no Graphviz warning."""
    eco = load_map(str(MAPS / f"{name}.yaml"))
    marks = Marks.of({p.id for p in eco.participants})
    flows = [f.ref for f in eco.flows]
    for sc in eco.scenarios or ():
        opts = DiagramOptions(layout=layout, removed_participants=frozenset(sc.remove),
                              removed_flows=frozenset(flows[:3]),
                              changed=frozenset(flows[3:8]))
        d = build(eco, opts, marks)
        svg = render_diagram(d).data.decode()
        assert set(d.flow_ids) <= svg_elements(svg)[1]
    d = build(eco, DiagramOptions(layout=layout, lang="en", theme="dark"), marks)
    render_diagram(d)


def test_timeout_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOMAP_RENDER_TIMEOUT", "12.5")
    assert svgmod.default_timeout() == 12.5
    monkeypatch.setenv("ECOMAP_RENDER_TIMEOUT", "soon")
    with pytest.raises(RenderError, match="number of seconds"):
        render(small(), DiagramOptions(layout="layered"))
    monkeypatch.delenv("ECOMAP_RENDER_TIMEOUT")
    assert svgmod.default_timeout() == 60.0


def test_collapse_never_hides_a_single_participant() -> None:
    # The focus layer (hub + unit) gets one slot: "+1 more" for unit would save nothing.
    scene = build(small(), DiagramOptions(max_nodes=3)).scene
    assert all(n.more != 1 for n in scene.nodes)
    assert "node-unit" in {n.key for n in scene.nodes}


def test_png_page_is_centred_on_the_drawing(tmp_path: Path) -> None:
    # A title wider than a radial drawing reaches left of x = 0: the slide must centre on
    # the whole picture, not on half the SVG's width from the origin.
    from PIL import Image, ImageChops

    eco = load_text(SMALL.replace("title: 测试生态图", "title: " + "很长的标题" * 12),
                    "small.yaml")
    diagram = build(eco, DiagramOptions(layout="radial"))
    raw = svgmod.run_graphviz(diagram.engine_args, diagram.dot, "svg", 60.0).decode()
    origin = re.search(r'class="graph[^"]*" transform="[^"]*translate\(([-\d.]+)', raw)
    assert origin and float(origin.group(1)) > 100  # the title does reach left of the drawing
    (tmp_path / "slide.png").write_bytes(render_diagram(diagram, "png").data)
    page = Image.open(tmp_path / "slide.png").convert("RGB")
    ink = ImageChops.difference(page, Image.new("RGB", page.size, page.getpixel((0, 0))))
    left, top, right, bottom = ink.getbbox()  # type: ignore[misc]
    assert abs(left - (page.width - right)) < 0.01 * page.width, (left, right)
    assert abs(top - (page.height - bottom)) < 0.01 * page.height, (top, bottom)
    assert right - left > 0.8 * page.width  # the wide title spans most of the page


def test_isolated_participant_stays_in_its_column() -> None:
    # Without a flow it is a component of its own; dot must still put it in its layer's
    # column, under the layer's name (not above the names, as it would by itself).
    text = SMALL.replace("  owners:", "  lawyer: {name: 律师, layer: partners}\n  owners:")
    svg = render_diagram(build(load_text(text, "small.yaml"),
                               DiagramOptions(layout="layered"))).data.decode()
    found = drawn(svg)
    band, node = found.nodes["aux-band-partners"][0], found.nodes["node-lawyer"][0]
    assert abs(band.x - node.x) < node.w / 2
    assert node.y > band.y  # SVG y grows downwards


@pytest.mark.parametrize(("lang", "word"), [("zh", "境外"), ("en", "overseas")])
def test_overseas_participant_is_marked(lang: str, word: str) -> None:
    # Data sent there is an export (compliance.data_export): the diagram says where it goes.
    text = SMALL.replace("bank: {name: 银行, layer: partners}",
                         "bank: {name: 银行, layer: partners, region: overseas}")
    for layout in ("layered", "radial"):
        svg = render_diagram(build(load_text(text, "small.yaml"),
                                   DiagramOptions(layout=layout, lang=lang))).data.decode()
        groups = svg_elements(svg)[0]
        assert "overseas" in groups["node-bank"].split()
        assert "overseas" not in groups["node-maker"].split()
        bank = svg[svg.index('<g id="node-bank"'):]
        assert f">{word}</text>" in bank[:bank.index("</g>")]


def test_a_scenario_render_applies_the_scenario_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """SVG, both report diagrams, the report and analysis.json of ``--scenario`` share one
    applied scenario (it used to be applied three times: analysis, and once per diagram)."""
    from ecomap.analysis import scenarios
    from ecomap.outputs import RenderRequest, build

    calls: list[str] = []
    real = scenarios.apply_scenario

    def counting(eco, scenario, base_reach=None):  # type: ignore[no-untyped-def]
        calls.append(scenario.id)
        return real(eco, scenario, base_reach)

    monkeypatch.setattr(scenarios, "apply_scenario", counting)
    eco = load_map(str(MAPS / "nio_baas.yaml"))
    files = build(eco, RenderRequest(formats=("svg", "html", "json"), scenario="catl_exits"))
    assert sorted(files) == ["analysis.catl_exits.json", "nio_baas.catl_exits.svg",
                             "report.catl_exits.html"]
    assert calls == ["catl_exits"]
