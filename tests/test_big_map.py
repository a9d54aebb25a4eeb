"""A 2,000-participant map renders by default (issue 13): the report leaves the layered view
out above REPORT_LAYERED_MAX participants (dot needs over a minute for it) and says so; and
a scenario's result keeps only what the outputs show, not its map's whole analysis."""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from output_scanner import scan_folder

sys.path.insert(0, str(REPO_ROOT / "bench"))
from bench_analysis import generate  # noqa: E402

from ecomap.analysis import analyze  # noqa: E402
from ecomap.freshness import is_stamp  # noqa: E402
from ecomap.layout.options import REPORT_LAYERED_MAX  # noqa: E402
from ecomap.validate import load_text  # noqa: E402


@pytest.mark.slow
def test_default_render_of_a_2000_participant_map(tmp_path: Path) -> None:
    source = tmp_path / "big.yaml"
    source.write_text(generate(2000, 8000), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ecomap", "render", str(source), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "big"
    assert sorted(p.name for p in folder.iterdir() if not is_stamp(p.name)) == [
        "analysis.json", "big.svg", "report.html"]
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert 'data-layout="radial"' in report
    assert 'data-layout="layered"' not in report  # no tab, no figure
    assert f"参与者超过 {REPORT_LAYERED_MAX} 个的图只画环形视图" in report
    assert scan_folder(folder) == []  # (the time is the machine's: bench/README.md has it)


def test_layered_view_kept_where_asked_or_small(tmp_path: Path) -> None:
    """At the limit both views are offered; above it --layout layered still gets both."""
    for participants, layout, both in ((REPORT_LAYERED_MAX, None, True),
                                       (REPORT_LAYERED_MAX + 1, "layered", True)):
        source = tmp_path / f"m{participants}.yaml"
        source.write_text(generate(participants, participants + 20), encoding="utf-8")
        args = ["render", str(source), "--format", "html", "-o", str(tmp_path / "out")]
        done = subprocess.run([sys.executable, "-m", "ecomap", *args,
                               *(["--layout", layout] if layout else [])],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        # report.html, or report.layered.html when --layout is given (outputs.variant_suffix)
        name = f"report.{layout}.html" if layout else "report.html"
        report = (tmp_path / "out" / source.stem / name).read_text(encoding="utf-8")
        assert ('data-layout="layered"' in report) is both
        assert ('data-layout="radial"' in report) is both
        assert "layout-note" not in report


def test_scenarios_release_their_analysis() -> None:
    """What a scenario keeps is small against its map's analysis: a 120-participant map with
    8 scenarios keeps less than a tenth of 8 whole analyses each."""
    def retained(scenarios: int) -> int:
        eco = load_text(generate(120, 400, scenarios=scenarios), "m.yaml")
        gc.collect()
        tracemalloc.start()
        result = analyze(eco)
        gc.collect()
        kept, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(result.scenarios) == scenarios + 3
        return kept

    per_scenario = (retained(8) - retained(0)) / 8
    tracemalloc.start()
    eco = load_text(generate(120, 400), "m.yaml")
    gc.collect()
    before, _ = tracemalloc.get_traced_memory()
    whole = analyze(eco).base
    gc.collect()
    one_analysis = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert whole.findings
    assert per_scenario < one_analysis / 10, (per_scenario, one_analysis)
