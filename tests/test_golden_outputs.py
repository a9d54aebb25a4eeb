"""Whole-pipeline golden files for every example map: analysis.json (base and each scenario), the
``analyze`` text in both languages, and the DOT and SVG of both layouts.

They pin today's output so that restructuring the back half (vocabulary, check registry, typed
report, layout modules) is proven byte-neutral; a change that means to alter an output updates the
golden file with ECOMAP_ACCEPT=1 and says why in CHANGELOG.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO_ROOT, assert_golden, cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "examples"
MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml"))


def _scenario_ids(path: Path) -> list[str]:
    from ecomap.validate import load_map

    return [s.id for s in load_map(str(path)).scenarios]


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_analysis_json(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # From the repository root with a relative path: the document names its source as given,
    # and the golden file must not depend on where the checkout lives.
    monkeypatch.chdir(REPO_ROOT)
    for scenario in [None, *_scenario_ids(path)]:
        args = ["analyze", str(path.relative_to(REPO_ROOT)), "--format", "json"]
        if scenario:
            args += ["--scenario", scenario]
        result = cli(*args)
        assert result.exit_code in (0, 1), result.output
        name = f"analysis.{scenario}.json" if scenario else "analysis.json"
        # Positions name the map relative to the checkout, so any worktree reproduces them.
        assert_golden(GOLDEN / path.stem / name, result.stdout.replace(f"{REPO_ROOT}/", ""))


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_analysis_text(path: Path, lang: str, tmp_path: Path) -> None:
    # The text output follows the map's locale; the other language comes from a copy that says so.
    text = path.read_text(encoding="utf-8")
    source = tmp_path / path.name
    source.write_text(_with_locale(text, lang), encoding="utf-8")
    result = cli("analyze", str(source))
    assert result.exit_code in (0, 1), result.output
    assert_golden(GOLDEN / path.stem / f"analyze.{lang}.txt",
                  result.stdout.replace(str(tmp_path) + "/", "maps/"))


def _with_locale(text: str, lang: str) -> str:
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("locale:"):
            lines[i] = f"locale: {lang}\n"
            return "".join(lines)
    for i, line in enumerate(lines):
        if line.startswith("title:"):
            lines.insert(i + 1, f"locale: {lang}\n")
            return "".join(lines)
    raise AssertionError("an example map without a title line")


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_diagram(path: Path, layout: str, tmp_path: Path) -> None:
    result = cli("render", str(path), "-o", str(tmp_path), "--format", "dot,svg",
                 "--layout", layout)
    assert result.exit_code == 0, result.output
    out = tmp_path / path.stem
    for fmt in ("dot", "svg"):  # --layout names the files (outputs.variant_suffix)
        assert_golden(GOLDEN / path.stem / f"{layout}.{fmt}",
                      (out / f"{path.stem}.{layout}.{fmt}").read_text(encoding="utf-8"))
