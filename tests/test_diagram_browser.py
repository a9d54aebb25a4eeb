"""The diagrams as a browser draws them, with the real CJK font: no participant's or label's
text spills out of its box, and no label lies on a participant or on another label."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ecomap.layout.dot import build
from ecomap.layout.options import DiagramOptions, Marks
from ecomap.render.svg import render_diagram
from ecomap.validate import load_map

pytestmark = pytest.mark.browser

MAPS = Path(__file__).resolve().parent.parent / "maps"

# Boxes in CSS px of what is painted: participant shapes, flow-label backgrounds (layered: the
# label's background polygon; radial: the label node's shape), and the text lines in each.
MEASURE = """() => {
  const box = (els) => {
    let b = null;
    for (const e of els) {
      const r = e.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      b = b ? [Math.min(b[0], r.left), Math.min(b[1], r.top), Math.max(b[2], r.right),
               Math.max(b[3], r.bottom)] : [r.left, r.top, r.right, r.bottom];
    }
    return b;
  };
  const texts = (g) => [...g.querySelectorAll('text')].map(t => box([t]));
  const out = {participants: [], labels: []};
  for (const g of document.querySelectorAll('g.node.participant')) {
    out.participants.push({id: g.id, shape: box(g.querySelectorAll('path, polygon')),
                           texts: texts(g)});
  }
  for (const g of document.querySelectorAll('g.edge')) {
    const bg = box(g.querySelectorAll('polygon[stroke="transparent"]'));
    if (bg) out.labels.push({id: g.id, shape: bg, texts: texts(g)});
  }
  for (const g of document.querySelectorAll('g.node.flow-label')) {
    out.labels.push({id: g.id, shape: box(g.querySelectorAll('path, polygon')), texts: texts(g)});
  }
  return out;
}"""


def _overlap(a: list[float], b: list[float], slack: float) -> bool:
    return (a[0] < b[2] - slack and b[0] < a[2] - slack
            and a[1] < b[3] - slack and b[1] < a[3] - slack)


def _spills(item: dict[str, Any], slack: float, vertical: bool = True) -> list[list[float]]:
    """Text lines wider than their box or reaching out of it. The em box of a CJK font is
    taller than its glyphs: vertically, a fifth of the line may stand out above and below."""
    s = item["shape"]
    bad = []
    for t in item["texts"]:
        if t is None:
            continue
        room = (t[3] - t[1]) * 0.2
        if t[0] < s[0] - slack or t[2] > s[2] + slack or (
                vertical and (t[1] < s[1] - room or t[3] > s[3] + room)):
            bad.append(t)
    return bad


def measure(browser: Any, tmp_path: Path, svg: bytes) -> dict[str, Any]:
    path = tmp_path / "diagram.svg"
    path.write_bytes(svg)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto(path.as_uri())
        result: dict[str, Any] = page.evaluate(MEASURE)
        return result
    finally:
        page.close()


def assert_clean(found: dict[str, Any]) -> None:
    participants, labels = found["participants"], found["labels"]
    assert participants and labels
    # A label's background is the canvas colour (it masks crossing lines), so only its width
    # matters: Chromium draws text up to 5 % wider than dot measured it, which shows as nothing.
    spilled = [(i["id"], t) for i in participants for t in _spills(i, slack=0.5)]
    spilled += [(i["id"], t) for i in labels for t in _spills(
        i, slack=max(0.5, 0.05 * (i["shape"][2] - i["shape"][0])), vertical=False)]
    assert spilled == [], f"text out of its box: {spilled[:5]}"
    on_node = [(lab["id"], p["id"]) for lab in labels for p in participants
               if _overlap(lab["shape"], p["shape"], 0.5)]
    assert on_node == [], f"labels on participants: {on_node[:5]}"
    on_label = [(a["id"], b["id"]) for i, a in enumerate(labels) for b in labels[i + 1:]
                if _overlap(a["shape"], b["shape"], 0.5)]
    assert on_label == [], f"labels on labels: {on_label[:5]}"


@pytest.mark.parametrize("layout", ["layered", "radial"])
@pytest.mark.parametrize("name", sorted(p.stem for p in MAPS.glob("*.yaml")))
def test_example_diagram_is_legible(browser: Any, tmp_path: Path, name: str,
                                    layout: str) -> None:
    eco = load_map(str(MAPS / f"{name}.yaml"))
    svg = render_diagram(build(eco, DiagramOptions(layout=layout))).data
    found = measure(browser, tmp_path, svg)
    assert len(found["participants"]) == len(eco.participants)
    assert_clean(found)


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_badges_scenario_and_english_stay_in_their_boxes(browser: Any, tmp_path: Path,
                                                         layout: str) -> None:
    # ⚠ on every participant, a scenario's struck-out and bold labels, English words: the
    # widest texts the diagram draws.
    eco = load_map(str(MAPS / "nio_baas.yaml"))
    flows = [f.ref for f in eco.flows]
    options = DiagramOptions(layout=layout, lang="en", theme="dark",
                             removed_participants=frozenset({"catl"}),
                             removed_flows=frozenset(flows[:4]),
                             changed=frozenset(flows[4:9]))
    marks = Marks.of({p.id for p in eco.participants})
    svg = render_diagram(build(eco, options, marks)).data
    assert_clean(measure(browser, tmp_path, svg))
