"""A one-shot command imports only what it runs (issue 12 item 6: the fast everyday loop).

Each command runs in a fresh interpreter, which then lists the modules it loaded. No timing
here (bench/bench_render.py measures it); what is pinned is the cause of a slow start: a
heavy module imported by a command that does not use it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT

MAP = REPO_ROOT / "maps" / "aftersales_revenue_model.yaml"

# Never needed to draw an SVG or check a map: the report (jinja2), the deck (python-pptx),
# spreadsheets (openpyxl), the graphviz package (only for `dot -V` after a failure), the JSON
# and text writers, the radial and slide layouts (a map of this size is drawn layered), the
# diff, the importer. (networkx is: the analysis's cut points, and the risk marks need them.)
NOT_FOR_SVG = ("jinja2", "pptx", "openpyxl", "graphviz", "ecomap.report",
               "ecomap.deck", "ecomap.importer", "ecomap.diff", "ecomap.analysis.export",
               "ecomap.analysis.text", "ecomap.layout.radial", "ecomap.layout.slide",
               # `ecomap new`'s writer (the CLI lists the template names from
               # starter_templates), and the report's, deck's and workbook's words (i18n
               # loads its tables per domain).
               "ecomap.scaffold", "ecomap.i18n.report", "ecomap.i18n.deck",
               "ecomap.i18n.workbook")
# Loaded only by a map that has scenarios (the scenarios' module), or by an output that reads
# the roadmap's investments (the JSON, the text, the report, the deck).
ONLY_WITH_SCENARIOS = ("ecomap.analysis.scenarios", "ecomap.analysis.roadmap")
# What a render whose outputs are up to date does without: it hashes the map's bytes and
# compares the stamp, so it neither parses nor analyses nor draws.
NOT_WHEN_UP_TO_DATE = ("yaml", "networkx", "ecomap.source", "ecomap.model", "ecomap.amounts",
                       "ecomap.validate", "ecomap.analysis", "ecomap.layout", "ecomap.render",
                       "ecomap.i18n", "fractions", "subprocess")

_PROBE = """
import json, sys
from ecomap.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded(args: list[str], cwd: Path) -> set[str]:
    """The modules (and their parent packages) a fresh `ecomap ARGS` imported."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return set(report["modules"])


def imported(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


def test_render_svg_imports_only_what_it_draws_with(tmp_path: Path) -> None:
    modules = loaded(["render", str(MAP), "-o", "out", "--format", "svg"], tmp_path)
    assert (tmp_path / "out" / MAP.stem / f"{MAP.stem}.svg").is_file()
    assert "ecomap.analysis.core" in modules  # the risk marks: the analysis does run
    assert imported(modules, NOT_FOR_SVG) == []


def test_check_imports_neither_the_renderer_nor_the_report(tmp_path: Path) -> None:
    modules = loaded(["check", str(MAP)], tmp_path)
    assert "ecomap.analysis.core" in modules  # the findings: the analysis does run
    # outputs.py holds the JSON writer: only `check --format json` loads it; difflib gives
    # the "did you mean" of a misspelt word (networkx loads neither); check reports the map as
    # written, so MAP's scenarios are not analysed.
    assert imported(modules, (*NOT_FOR_SVG, "ecomap.render", "ecomap.layout",
                              "ecomap.outputs", "difflib", *ONLY_WITH_SCENARIOS)) == []


def _without_scenarios(tmp_path: Path) -> Path:
    """MAP without its scenarios (the last section of the file): still a valid map."""
    text = MAP.read_text(encoding="utf-8")
    assert text.count("\nscenarios:") == 1
    plain = tmp_path / "plain.yaml"
    plain.write_text(text.split("\nscenarios:")[0] + "\n", encoding="utf-8")
    return plain


@pytest.mark.parametrize("command", ["render", "check"])
def test_a_map_without_scenarios_loads_neither_scenarios_nor_roadmap(command: str,
                                                                     tmp_path: Path) -> None:
    plain = _without_scenarios(tmp_path)
    args = [command, str(plain), *(["-o", "out", "--format", "svg"] if command == "render"
                                   else [])]
    modules = loaded(args, tmp_path)
    assert "ecomap.analysis.core" in modules
    assert imported(modules, ONLY_WITH_SCENARIOS) == []


def test_an_up_to_date_render_reads_no_yaml_and_draws_nothing(tmp_path: Path) -> None:
    args = ["render", str(MAP), "-o", "out", "--format", "svg"]
    first = loaded(args, tmp_path)
    assert imported(first, ("yaml", "networkx", "ecomap.layout")) == ["yaml", "networkx",
                                                                      "ecomap.layout"]
    again = loaded(args, tmp_path)  # the outputs of the first run are up to date
    assert "ecomap.freshness" in again
    assert imported(again, NOT_WHEN_UP_TO_DATE) == []


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"]])
def test_help_imports_no_part_of_the_work(args: list[str], tmp_path: Path) -> None:
    modules = loaded(args, tmp_path)
    assert imported(modules, (*NOT_FOR_SVG, "networkx", "traceback", "yaml", "ecomap.analysis",
                              "ecomap.model", "ecomap.render", "ecomap.layout",
                              "ecomap.outputs", "ecomap.i18n")) == []
