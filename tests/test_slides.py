"""Slides a board can read: every example map's 16:9 PDF, measured as ../shared/tools/slide-check
measures it (smallest text in points of the 960 × 540 pt page, share of the page the drawing
fills), and what makes a slide a slide: connectors, the page's resolution, the title."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO_ROOT, cli

MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml"))
# slide-check: the line box of Noto Sans CJK is 1.39 × the font size (measured on a 22 pt title).
LINE_BOX = 1.39
MIN_TEXT_PT = 8.0


def smallest_text_pt(pdf: Path) -> float:
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', out)
    sizes = [(float(b) - float(a)) / LINE_BOX for a, b, w in words if w.strip()]
    assert sizes, f"{pdf}: no text on the page"
    return min(sizes)


def page_fill(pdf: Path, tmp: Path) -> tuple[float, float]:
    """Bounding box of every pixel unlike the page's corner, as a share of width and height."""
    base = tmp / "page"
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-gray", "-r", "72", "-singlefile",
                    str(pdf), str(base)], check=True)
    data = (tmp / "page.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, "cannot read the rasterised page"
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    bg = px[0]
    xs: list[int] = []
    ys: list[int] = []
    for y in range(h):
        row = px[y * w:(y + 1) * w]
        hits = [x for x in range(w) if abs(row[x] - bg) > 24]
        if hits:
            ys.append(y)
            xs.extend((hits[0], hits[-1]))
    assert xs, "an empty page"
    return (max(xs) - min(xs) + 1) / w, (max(ys) - min(ys) + 1) / h


def render_pdfs(path: Path, out: Path, *args: str) -> list[Path]:
    """The map's slide, then (a map with phases) each phase's slide."""
    result = cli("render", str(path), "-o", str(out), "--format", "pdf", *args)
    assert result.exit_code == 0, result.output
    # The base slide has the shortest name: a variant (`.print`) and then a phase add to it.
    pdfs = sorted((out / path.stem).glob("*.pdf"), key=lambda p: (len(p.name), p.name))
    assert pdfs and pdfs[0].name.startswith(path.stem), pdfs
    return pdfs


def render_pdf(path: Path, out: Path, *args: str) -> Path:
    return render_pdfs(path, out, *args)[0]


@pytest.mark.parametrize("theme", ["light", "print"])
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_slide_is_readable_from_the_back_of_the_room(path: Path, theme: str,
                                                     tmp_path: Path) -> None:
    for pdf in render_pdfs(path, tmp_path, "--theme", theme):  # a phase's slide as well
        smallest = smallest_text_pt(pdf)
        wide, high = page_fill(pdf, tmp_path)
        assert smallest >= MIN_TEXT_PT, f"{pdf.name}: smallest text {smallest:.1f} pt"
        assert max(wide, high) >= 0.85 and min(wide, high) >= 0.70, \
            f"{pdf.name}: fills {wide:.0%} wide x {high:.0%} high"


def test_slide_joins_the_flows_between_two_participants() -> None:
    from ecomap.layout.dot import build_slides
    from ecomap.layout.options import DiagramOptions
    from ecomap.validate import load_map

    eco = load_map(str(REPO_ROOT / "maps" / "nio_baas.yaml"))
    for diagram in build_slides(eco, DiagramOptions()):
        refs = [r for e in diagram.edges for r in e.refs]
        assert sorted(refs) == sorted(f.ref for f in eco.flows), diagram.layout  # each flow once
        catl = [e for e in diagram.edges
                if e.key in ("conn-nio_energy-catl", "conn-catl-nio_energy")]
        assert len(catl) == 1 and len(catl[0].refs) == 5, diagram.layout
        assert len(diagram.edges) < len(eco.flows)


def test_slide_label_lines_say_their_direction() -> None:
    from ecomap.layout.dot import build_slides
    from ecomap.layout.options import DiagramOptions
    from ecomap.validate import load_map

    eco = load_map(str(REPO_ROOT / "maps" / "nio_baas.yaml"))
    columns = next(d for d in build_slides(eco, DiagramOptions()) if d.layout == "slide-columns")
    # Columns: core (蔚来能源) left of strategic (宁德时代); the battery comes from the right.
    line = re.search(r'"node-nio_energy" -> "node-catl" \[([^\n]*)\];', columns.dot)
    assert line, columns.dot
    assert "← 电池(生产)" in line.group(1) and "→ 电池采购款" in line.group(1)
    assert 'dir="both"' in line.group(1)


def test_png_carries_its_resolution_for_powerpoint(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Emu

    result = cli("render", str(REPO_ROOT / "maps" / "nio_baas.yaml"), "-o", str(tmp_path),
                 "--format", "png")
    assert result.exit_code == 0, result.output
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    picture = slide.shapes.add_picture(str(tmp_path / "nio_baas" / "nio_baas.png"), 0, 0)
    assert (picture.width, picture.height) == (deck.slide_width, deck.slide_height)


def test_svg_title_is_the_maps_title(tmp_path: Path) -> None:
    result = cli("render", str(REPO_ROOT / "maps" / "nio_baas.yaml"), "-o", str(tmp_path),
                 "--format", "svg")
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "nio_baas" / "nio_baas.svg").read_text(encoding="utf-8")
    assert re.findall(r"<title>([^<]*)</title>", svg)[0] == "蔚来 BaaS 生态全景图"


def test_radial_slide_is_readable(tmp_path: Path) -> None:
    # Rings around rings put nio_baas's text at 3.6 pt on the page: the slide takes its own
    # form of the radial picture, the focus's layer in the middle with the others around it.
    from ecomap.layout.options import DiagramOptions
    from ecomap.render.svg import render_slide
    from ecomap.validate import load_map

    path = REPO_ROOT / "maps" / "nio_baas.yaml"
    pdf = render_pdf(path, tmp_path, "--layout", "radial")
    assert pdf.name == "nio_baas.radial.pdf"
    wide, high = page_fill(pdf, tmp_path)
    assert smallest_text_pt(pdf) >= MIN_TEXT_PT
    assert max(wide, high) >= 0.85 and min(wide, high) >= 0.70
    drawn = render_slide(load_map(str(path)), DiagramOptions(layout="radial"), fmt="pdf")
    assert drawn.diagram.layout.startswith("slide-hub")


def test_large_map_slide_is_collapsed_to_fit(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO_ROOT / "bench"))
    from bench_render import make_map

    path = tmp_path / "big60.yaml"
    path.write_text(make_map(60), encoding="utf-8")
    pdf = render_pdf(path, tmp_path / "out")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "另 " in text  # "另 N 家": the least connected participants folded
    assert smallest_text_pt(pdf) >= MIN_TEXT_PT


def test_layout_forces_the_slide_arrangement() -> None:
    from ecomap.layout.dot import build_slides
    from ecomap.layout.options import DiagramOptions
    from ecomap.validate import load_map

    eco = load_map(str(REPO_ROOT / "maps" / "nio_baas.yaml"))
    chosen = {d.layout for d in build_slides(eco, DiagramOptions())}
    assert {"slide-columns", "slide-rows"} <= chosen
    assert any(c.startswith("slide-hub") for c in chosen)
    assert {d.layout for d in build_slides(eco, DiagramOptions(layout="layered"))} == \
        {"slide-columns"}
    assert {d.layout for d in build_slides(eco, DiagramOptions(layout="radial"))} == {"radial"}


def word_boxes(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, width in pt, font size in pt) of every word pdftotext finds on the first page."""
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r'([^<]*)<', out)
    return [(html.unescape(w), float(x1) - float(x0), (float(y1) - float(y0)) / LINE_BOX)
            for x0, y0, x1, y1, w in found if w.strip()]


def test_latin_in_a_slide_is_not_letter_spaced(tmp_path: Path) -> None:
    # Graphviz's cairo output rounded each glyph's advance at the label's font size: Latin
    # letters between CJK ones came out spread ("B a a S月租") and the CJK ones squeezed. A word
    # is drawn right when its width is what the font's own advances say: every word on the page,
    # Latin or CJK, in the same proportion to them (the size read from the box is approximate,
    # the proportion is the same for all). Cairo's output was off by up to 3.6 %.
    from PIL import ImageFont

    face = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
                          capture_output=True, text=True, check=True).stdout
    font = ImageFont.truetype(face, 1000)  # any face of the collection: Latin is the same
    pdf = render_pdf(REPO_ROOT / "maps" / "nio_baas.yaml", tmp_path)
    words = word_boxes(pdf)
    assert {"BaaS月租", "BaaS用户签约导入"} <= {w for w, _, _ in words}  # one word each
    assert "宁德时代" in {w for w, _, _ in words}  # the space after its ⚠ is kept
    proportion = {w: width / (font.getlength(w) * size / 1000) for w, width, size in words
                  if size < 12}  # label text: the sizes that were spread
    cjk = sorted(p for w, p in proportion.items() if not re.search("[A-Za-z]", w))
    usual = cjk[len(cjk) // 2]
    latin = {w: p for w, p in proportion.items() if re.search("[A-Za-z]{2}", w)}
    assert len(latin) >= 5
    off = {w: f"{p / usual - 1:+.1%}" for w, p in latin.items() if abs(p / usual - 1) > 0.01}
    assert not off, off
