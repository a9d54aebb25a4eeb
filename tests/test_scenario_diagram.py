"""What the diagram says beyond the map's shape: a scenario's additions, changed amounts and
name; partner types and tiers; compliance findings; distinct file names per variant; a collapse
that keeps what matters. Real Graphviz throughout (the SVG, and the slide PDF read back with
pdftotext)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import REPO_ROOT, cli
from ecomap.freshness import is_stamp

NIO = REPO_ROOT / "maps" / "nio_baas.yaml"


def _render(path: Path, out: Path, *args: str) -> Path:
    result = cli("render", str(path), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out / path.stem


def _starter(tmp_path: Path) -> Path:
    assert cli("new", str(tmp_path / "starter")).exit_code == 0
    return tmp_path / "starter.yaml"


def _group(svg: str, gid: str) -> str:
    """The SVG group ``<g id=gid ...>`` up to the next top-level group."""
    start = svg.index(f'<g id="{gid}"')
    end = re.compile(r'\n<g id="(?!a_)').search(svg, start + 1)  # a_…: a tooltip's link
    return svg[start:end.start() if end else len(svg)]


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


# ------------------------------------------------------------------ scenarios


def test_added_participants_and_flows_are_drawn_as_new(tmp_path: Path) -> None:
    starter = _starter(tmp_path)
    folder = _render(starter, tmp_path / "out", "--format", "svg,pdf")
    folder = _render(starter, tmp_path / "out", "--format", "svg,pdf", "--scenario",
                     "add_charging")
    base = (folder / "starter.svg").read_text(encoding="utf-8")
    svg = (folder / "starter.add_charging.svg").read_text(encoding="utf-8")
    assert svg != base  # it was byte-identical before
    node = _group(svg, "node-charging")
    assert re.search(r'class="node participant [^"]*\badded\b', node)
    assert "充电桩运营商" in node and "＋" in node
    assert "node-charging" not in base
    added = re.findall(r'<g id="(flow-\d+)" class="edge flow [^"]*\badded\b', svg)
    assert len(added) == 2
    for key in added:
        assert f'id="{key}"' not in base
    assert "情景新增" in svg  # the legend says what ＋ means
    assert "情景：引入充电桩运营商（充电权益）" in svg
    slide = _pdf_text(folder / "starter.add_charging.pdf")
    assert "充电桩运营商" in slide and "充电权益" in slide and "情景新增" in slide
    assert "情景：引入充电桩运营商" in slide


def test_a_set_amount_is_drawn_new_with_the_old_struck_out(tmp_path: Path) -> None:
    folder = _render(NIO, tmp_path, "--format", "svg,pdf,html", "--scenario", "rent_cut")
    svg = (folder / "nio_baas.rent_cut.svg").read_text(encoding="utf-8")
    report = (folder / "report.rent_cut.html").read_text(encoding="utf-8")
    # The report's figure and the diagram's agree: 880 元/月 × 3万 × 12 = 3.168亿.
    assert "3.168亿" in report
    assert re.search(r'font-weight="bold"[^>]*>3\.168亿元/年<', svg)
    assert re.search(r'text-decoration="line-through"[^>]*>3\.528亿元/年<', svg)
    assert "情景：月租降至 880 元" in svg
    assert 'id="scenario-banner"' in report and "情景：月租降至 880 元" in report
    slide = _pdf_text(folder / "nio_baas.rent_cut.pdf")
    assert "3.168亿" in slide and "情景：月租降至 880 元" in slide
    base = _render(NIO, tmp_path / "base", "--format", "svg,html")
    assert "情景" not in (base / "nio_baas.svg").read_text(encoding="utf-8")
    assert 'id="scenario-banner"' not in (base / "report.html").read_text(encoding="utf-8")


def test_a_removal_is_drawn_as_before(tmp_path: Path) -> None:
    folder = _render(NIO, tmp_path, "--format", "svg", "--scenario", "catl_exits")
    svg = (folder / "nio_baas.catl_exits.svg").read_text(encoding="utf-8")
    assert re.search(r'<g id="node-catl" class="node participant [^"]*\bremoved\b', svg)
    assert "情景：宁德时代自建服务网络" in svg
    assert " added" not in svg  # nothing is added by this scenario


# ------------------------------------------------------------------ partners and compliance


def test_partner_type_and_tier_are_on_each_partner(tmp_path: Path) -> None:
    from ecomap.validate import load_map

    path = REPO_ROOT / "maps" / "partner_network.yaml"
    eco = load_map(str(path))
    svg = (_render(path, tmp_path, "--format", "svg") / "partner_network.svg").read_text(
        encoding="utf-8")
    tiers = {"gold": "金牌", "silver": "银牌", "bronze": "铜牌", "yellow": "黄牌"}
    types = {"capability": "能力补充型", "resource": "资源共享型", "traffic": "流量互导型",
             "innovation": "创新共创型"}
    scored = [p for p in eco.participants if p.tier is not None]
    assert scored
    for p in eco.participants:
        node = _group(svg, f"node-{p.id}")
        if p.tier is not None:
            assert f"tier-{p.tier}" in node and tiers[p.tier] in node, p.id
        else:  # 华为 is screened (第2步) but has no quality review: no tier
            assert "tier-" not in node, p.id
        if p.partner_type is not None:
            assert f"partner-{p.partner_type}" in node and types[p.partner_type] in node, p.id
    legend = svg[svg.index("评级"):]
    for tier in {p.tier for p in scored if p.tier is not None}:
        assert tiers[tier] in legend
    assert "伙伴类型" in svg


def test_compliance_errors_are_marked_on_their_flows(tmp_path: Path) -> None:
    from ecomap.analysis import analyze
    from ecomap.validate import load_map

    path = REPO_ROOT / "maps" / "data_given_away.yaml"
    eco = load_map(str(path))
    findings = [f for f in analyze(eco).base.findings
                if f.check in ("compliance.sensitive_data_shared", "compliance.no_consent")
                and f.severity == "error"]
    refs = {ref for f in findings for ref in f.flows}
    assert refs
    folder = _render(path, tmp_path, "--format", "svg,pdf")
    svg = (folder / "data_given_away.svg").read_text(encoding="utf-8")
    marked = set(re.findall(r'<g id="(flow-\d+)" class="edge flow [^"]*compliance-error', svg))
    assert marked == {f"flow-{f.index}" for f in eco.flows if f.ref in refs}
    for key in marked:
        assert "⚠" in _group(svg, key)
    assert "合规错误" in svg
    assert "合规错误" in _pdf_text(folder / "data_given_away.pdf")


# ------------------------------------------------------------------ file names


def test_variants_get_their_own_file_names(tmp_path: Path) -> None:
    runs = {
        (): ("nio_baas.svg", "report.html"),
        ("--view", "money"): ("nio_baas.money.svg", "report.money.html"),
        ("--layout", "radial"): ("nio_baas.radial.svg", "report.radial.html"),
        ("--theme", "print"): ("nio_baas.print.svg", "report.print.html"),
        ("--max-nodes", "12"): ("nio_baas.max12.svg", "report.max12.html"),
        ("--scenario", "rent_cut", "--view", "money"): ("nio_baas.rent_cut.money.svg",
                                                        "report.rent_cut.money.html"),
        ("--lang", "en"): ("nio_baas.en.svg", "report.en.html"),  # the map is in zh
        ("--lang", "en", "--view", "money"): ("nio_baas.money.en.svg", "report.money.en.html"),
    }
    folder = tmp_path / "nio_baas"
    for args, names in runs.items():
        _render(NIO, tmp_path, "--format", "svg,html,json", *args)
        for name in names:
            assert (folder / name).is_file(), (args, name)
    _render(NIO, tmp_path, "--format", "pdf", "--theme", "print")
    assert (folder / "nio_baas.print.pdf").is_file()
    # The map's own language adds nothing: `--lang zh` is the plain render.
    _render(NIO, tmp_path, "--format", "svg", "--lang", "zh")
    assert not list(folder.glob("*.zh.*"))
    assert "Money" in (folder / "nio_baas.en.svg").read_text(encoding="utf-8")
    assert "Money" not in (folder / "nio_baas.svg").read_text(encoding="utf-8")
    svgs = {p.name: p.read_bytes() for p in folder.glob("*.svg")}
    assert len(svgs) == len(runs)  # one folder holds every version, none overwrote another
    assert len(set(svgs.values())) == len(runs)
    # The analysis does not depend on how the map is drawn: one per scenario.
    assert sorted(p.name for p in folder.glob("*.json") if not is_stamp(p.name)) == [
        "analysis.json", "analysis.rent_cut.json"]


# ------------------------------------------------------------------ collapse


def test_collapse_keeps_the_money_at_risk_and_names_the_members(tmp_path: Path) -> None:
    folder = _render(NIO, tmp_path, "--format", "svg,html,pdf", "--max-nodes", "12")
    svg = (folder / "nio_baas.max12.svg").read_text(encoding="utf-8")
    nodes = re.findall(r'<g id="(node-[^"]+)" class="node participant', svg)
    assert len(nodes) <= 12
    # 蔚来车主: 19 flows, the only revenue source; the focus; those carrying money at risk.
    for kept in ("node-owners", "node-nio_energy", "node-catl", "node-swap_stations"):
        assert kept in nodes
    more = [n for n in nodes if n.startswith("node-more-")]
    assert more
    for key in more:
        group = _group(svg, key)
        names = re.search(r'xlink:title="([^"]+)"', group)
        assert names is not None
        members = names.group(1).split("、")
        n = int(re.search(r"另 (\d+) 家", group).group(1))  # type: ignore[union-attr]
        assert len(members) == n
    report = (folder / "report.max12.html").read_text(encoding="utf-8")
    listed = re.search(r'<ul class="groups tight" id="collapsed-groups">(.*?)</ul>', report,
                       re.S)
    assert listed is not None
    for member in members:
        assert member in listed.group(1)
    assert "蔚来车主" in _pdf_text(folder / "nio_baas.max12.pdf")


def test_collapse_ranks_by_money_at_risk_through_marks() -> None:
    from ecomap.analysis import analyze
    from ecomap.layout.options import DiagramOptions, Marks
    from ecomap.layout.scene import build_scene
    from ecomap.validate import load_map

    eco = load_map(str(NIO))
    marks = Marks.from_analysis(analyze(eco).base)
    assert marks.at_risk["owners"] > 0
    for limit in (2, 4, 6, 8, 12):
        scene = build_scene(eco, DiagramOptions(max_nodes=limit), marks)
        kept = {n.pid for n in scene.nodes if not n.more}
        assert eco.focus in kept and "owners" in kept, limit
        # Below 8 the limit cannot hold: the focus, the three whose loss costs all 3.528亿
        # (宁德时代, 换电站网络, 蔚来车主) and one node per layer are 8 already.
        assert len(scene.nodes) <= max(limit, 8)
    # With no analysis, the same limit ranks by connections only: the marks are what decide.
    plain = build_scene(eco, DiagramOptions(max_nodes=4))
    assert eco.focus in {n.pid for n in plain.nodes}
