"""`render --phase ID` (issue 11, item 8): the map as it stands in a roadmap phase, what the phase
adds marked new; a plain render of a map with phases writes one diagram per phase; neither
overwrites the base outputs."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT, cli
from ecomap.freshness import is_stamp
from ecomap.layout.options import DiagramOptions
from ecomap.layout.scene import build_scene
from ecomap.validate import load_map

ROADMAP = REPO_ROOT / "maps" / "transformation_roadmap.yaml"


@pytest.fixture(scope="module")
def eco():  # type: ignore[no-untyped-def]
    return load_map(str(ROADMAP))


def test_scene_of_a_phase_leaves_out_what_starts_later(eco) -> None:  # type: ignore[no-untyped-def]
    first = build_scene(eco, DiagramOptions(phase="stop_loss"))
    pids = {n.pid for n in first.nodes}
    assert pids == {"aftersales", "capability_vendors", "saas", "nev_owners", "ice_owners"}
    assert not any(n.new for n in first.nodes) and not any(e.new for e in first.edges)
    refs = {r for e in first.edges for r in e.refs}
    assert "nev_capability" in refs and "center_build" not in refs and "membership" not in refs

    build = build_scene(eco, DiagramOptions(phase="build"))
    new = {n.pid for n in build.nodes if n.new}
    assert new == {"nev_center", "software_partner", "center_builder"}
    new_flows = {r for e in build.edges if e.new for r in e.refs}
    assert {"center_build", "membership", "software_build"} <= new_flows
    assert "nev_check" not in new_flows  # exists since the first phase
    assert all(e.label.startswith("新 ") == e.new for e in build.edges)
    assert build.subtitle.startswith("阶段2 能力建设（第 6–18 月）\n")

    last = build_scene(eco, DiagramOptions(phase="expand"))
    everything = build_scene(eco, DiagramOptions())
    assert {n.pid for n in last.nodes} == {n.pid for n in everything.nodes}
    assert len(last.edges) == len(everything.edges) == len(eco.flows)
    # 充电代理服务 has no phase of its own: it starts with 充电运营商 (expand).
    charging = [e for e in last.edges if "charging_agency" in e.refs]
    assert charging and charging[0].new
    assert not any(e.new or n.new for e in everything.edges for n in everything.nodes)


def test_unknown_phase_in_the_scene_is_refused(eco) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="no phase 'later'"):
        build_scene(eco, DiagramOptions(phase="later"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs(folder: Path) -> dict[str, Path]:
    """The folder's outputs by name (not the hidden stamps that say they are up to date)."""
    return {p.name: p for p in folder.iterdir() if not is_stamp(p.name)}


def test_render_phase_writes_that_phase_only_and_keeps_the_base(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("render", str(ROADMAP), "-o", str(out))
    assert result.exit_code == 0, result.output
    folder = out / "transformation_roadmap"
    names = sorted(outputs(folder))
    assert names == ["analysis.json", "report.html", "transformation_roadmap.build.svg",
                     "transformation_roadmap.expand.svg", "transformation_roadmap.stop_loss.svg",
                     "transformation_roadmap.svg"]
    before = {p.name: _digest(p) for p in outputs(folder).values()}

    result = cli("render", str(ROADMAP), "-o", str(out), "--phase", "build", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("transformation_roadmap.en.build.svg")
    after = {p.name: _digest(p) for p in outputs(folder).values()}
    # The English phase diagram is a file of its own (--lang names it); the rest is kept.
    assert set(after) == set(before) | {"transformation_roadmap.en.build.svg"}
    assert all(after[n] == before[n] for n in before)
    svg = (folder / "transformation_roadmap.en.build.svg").read_text("utf-8")
    assert "new in this phase" in svg and "阶段2 能力建设 (months 6–18)" in svg
    assert re.search(r'class="node participant [^"]*\bnew\b', svg)
    assert re.search(r'class="edge flow kind-money[^"]*\bnew\b', svg)
    zh = (folder / "transformation_roadmap.stop_loss.svg").read_text("utf-8")
    assert "本阶段新增" not in zh and "阶段1 紧急止血（第 0–6 月）" in zh
    assert "本阶段新增" in (folder / "transformation_roadmap.expand.svg").read_text("utf-8")


def test_plain_render_of_a_map_without_phases_writes_no_phase_diagram(tmp_path: Path) -> None:
    result = cli("render", str(REPO_ROOT / "maps" / "nio_baas.yaml"), "-o", str(tmp_path),
                 "--format", "svg,dot")
    assert result.exit_code == 0, result.output
    assert sorted(outputs(tmp_path / "nio_baas")) == ["nio_baas.dot", "nio_baas.svg"]


def test_phase_slides_and_dot_when_asked(tmp_path: Path) -> None:
    result = cli("render", str(ROADMAP), "-o", str(tmp_path), "--phase", "expand",
                 "--format", "png,dot,html")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "transformation_roadmap"
    assert sorted(outputs(folder)) == [
        "transformation_roadmap.expand.dot", "transformation_roadmap.expand.png"]
    assert (folder / "transformation_roadmap.expand.png").read_bytes()[:4] == b"\x89PNG"
    assert "本阶段新增" in (folder / "transformation_roadmap.expand.dot").read_text("utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--phase", "later"], "has no phase 'later' (phases: stop_loss, build, expand)"),
    (["--phase", "build", "--format", "html,json"], "--phase draws diagrams"),
])
def test_bad_phase_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("render", str(ROADMAP), "-o", str(tmp_path), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "transformation_roadmap").exists()


def test_phase_of_a_map_without_phases_is_a_usage_error(tmp_path: Path) -> None:
    result = cli("render", str(REPO_ROOT / "maps" / "nio_baas.yaml"), "-o", str(tmp_path),
                 "--phase", "build")
    assert result.exit_code == 2 and "(phases: none defined)" in result.output


# 配件商甲 is the only parts supplier until 配件商乙 joins in p2: a single source in p1 only.
SECOND_SUPPLIER = """\
ecomap: 1
title: 阶段风险
focus: a
phases:
  - {id: p1, name: 起步, months: 0-6}
  - {id: p2, name: 扩展, months: 6-18}
participants:
  a: {name: 售后, layer: core}
  s1: {name: 配件商甲, layer: service}
  s2: {name: 配件商乙, layer: service, phase: p2}
  o: {name: 车主, layer: users}
flows:
  - {from: s1, to: a, kind: asset, label: 配件}
  - {from: a, to: s1, kind: money, label: 配件款, amount: 100万 CNY/year}
  - {from: s2, to: a, kind: asset, label: 配件}
  - {from: a, to: s2, kind: money, label: 配件款, amount: 100万 CNY/year}
  - {from: o, to: a, kind: money, label: 维修费, amount: 500万 CNY/year}
  - {from: a, to: o, kind: service, label: 维修}
"""


def _node_class(svg: str, pid: str) -> str:
    match = re.search(rf'<g id="node-{pid}" class="([^"]*)"', svg)
    assert match, pid
    return match.group(1)


def test_a_phase_diagram_marks_the_risks_of_that_phase(tmp_path: Path) -> None:
    """Issue 11: the phase diagrams took their risk marks from the whole map's analysis, so a
    partner that is a single source until the second one joins was not marked in p1."""
    path = tmp_path / "second.yaml"
    path.write_text(SECOND_SUPPLIER, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", str(path), "-o", str(out), "--format", "svg").exit_code == 0
    folder = out / "second"
    whole = (folder / "second.svg").read_text("utf-8")
    first = (folder / "second.p1.svg").read_text("utf-8")
    later = (folder / "second.p2.svg").read_text("utf-8")
    assert "check-risk-single_source" in _node_class(first, "s1")
    assert "risk" not in _node_class(whole, "s1").split()
    assert "risk" not in _node_class(later, "s1").split()
    assert "check-risk-concentration" in _node_class(first, "o")  # shared risks stay marked
    # render --phase draws the same marks as the plain render's phase diagram
    alone = tmp_path / "alone"
    assert cli("render", str(path), "-o", str(alone), "--phase", "p1",
               "--format", "svg").exit_code == 0
    assert (alone / "second" / "second.p1.svg").read_text("utf-8") == first
