"""`ecomap render` / `analyze` end to end: real Graphviz, real files, deterministic and atomic."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.freshness import is_stamp

ROOT = Path(__file__).resolve().parent.parent
MAPS = ROOT / "maps"
EXAMPLES = sorted(MAPS.glob("*.yaml"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def names(folder: Path) -> list[str]:
    """The outputs in a folder (not the hidden stamp that says they are up to date)."""
    return sorted(p.name for p in folder.iterdir() if not is_stamp(p.name))


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_render_writes_the_three_default_outputs(tmp_path: Path) -> None:
    code, out, err = run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path))
    assert code == 0, err
    folder = tmp_path / "nio_baas"
    assert names(folder) == ["analysis.json", "nio_baas.svg", "report.html"]
    assert out.splitlines() == [str(folder / n) for n in ("nio_baas.svg", "report.html",
                                                          "analysis.json")]
    document = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
    assert document["focus"] == "nio_energy"
    assert (folder / "nio_baas.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    assert "<html" in (folder / "report.html").read_text(encoding="utf-8")


def test_render_is_byte_identical_across_runs(tmp_path: Path) -> None:
    args = ["--format", "svg,html,json,dot"]
    assert run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path / "a"), *args)[0] == 0
    assert run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path / "b"), *args)[0] == 0
    assert digest(tmp_path / "a" / "nio_baas") == digest(tmp_path / "b" / "nio_baas")


def test_render_never_touches_the_input(tmp_path: Path) -> None:
    map_file = tmp_path / "nio_baas.yaml"
    shutil.copy(MAPS / "nio_baas.yaml", map_file)
    before = map_file.read_bytes()
    # Output root = the map's own folder's parent: the map's folder is not an output target,
    # but try the nastiest case too: an output folder that is the map's folder.
    assert run("render", str(map_file), "-o", str(tmp_path / "out"))[0] == 0
    assert map_file.read_bytes() == before


def test_failed_render_leaves_previous_outputs_whole(tmp_path: Path) -> None:
    map_file = tmp_path / "m.yaml"
    shutil.copy(MAPS / "nio_baas.yaml", map_file)
    assert run("render", str(map_file), "-o", str(tmp_path / "out"))[0] == 0
    before = digest(tmp_path / "out" / "m")
    map_file.write_text(map_file.read_text(encoding="utf-8") + "\nbogus_key: 1\n",
                        encoding="utf-8")
    code, _, err = run("render", str(map_file), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "m.yaml:" in err and "unknown key 'bogus_key'" in err
    assert digest(tmp_path / "out" / "m") == before
    assert not [p for p in (tmp_path / "out" / "m").iterdir() if p.name.endswith(".tmp")]


def test_render_a_folder_renders_every_map(tmp_path: Path) -> None:
    code, out, err = run("render", str(MAPS), "-o", str(tmp_path), "--format", "json,svg")
    assert code == 0, err
    for example in EXAMPLES:
        folder = tmp_path / example.stem
        assert (folder / "analysis.json").is_file()
        assert (folder / f"{example.stem}.svg").is_file()


def test_render_a_folder_reports_the_bad_map_and_renders_the_rest(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(MAPS / "nio_baas.yaml", maps / "good.yaml")
    (maps / "bad.yaml").write_text("ecomap: 1\nfocus: x\nparticipants: {}\n", encoding="utf-8")
    code, _, err = run("render", str(maps), "-o", str(tmp_path / "out"), "--format", "json")
    assert code == 1
    assert "bad.yaml:" in err
    assert (tmp_path / "out" / "good" / "analysis.json").is_file()


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")])
def test_render_other_formats(tmp_path: Path, fmt: str, magic: bytes) -> None:
    code, _, err = run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path),
                       "--format", fmt)
    assert code == 0, err
    content = (tmp_path / "nio_baas" / f"nio_baas.{fmt}").read_bytes()
    assert content.lstrip().startswith(magic)


def test_render_a_scenario_keeps_the_base_outputs(tmp_path: Path) -> None:
    assert run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path))[0] == 0
    code, _, err = run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path),
                       "--scenario", "catl_exits")
    assert code == 0, err
    assert names(tmp_path / "nio_baas") == [
        "analysis.catl_exits.json", "analysis.json", "nio_baas.catl_exits.svg", "nio_baas.svg",
        "report.catl_exits.html", "report.html"]


def test_unknown_scenario_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("render", str(MAPS / "nio_baas.yaml"), "-o", str(tmp_path),
                       "--scenario", "nope")
    assert code == 2
    assert "catl_exits" in err


def test_analyze_json_revenue_of_the_revenue_model() -> None:
    code, out, err = run("analyze", str(MAPS / "aftersales_revenue_model.yaml"),
                         "--format", "json")
    assert code == 0, err
    revenue = json.loads(out)["revenue"]
    # The seed's five lines (ecosystem_map_design.txt 工具3), each exact.
    assert revenue["by_category"] == {
        "service": 180_000_000, "data": 76_500_000, "commission": 40_000_000,
        "subscription": 60_000_000, "finance": 30_000_000}
    # Their true sum; the seed's text says 3.245亿, which its own lines do not add up to.
    assert revenue["total"] == 386_500_000
    assert revenue["service"] == 180_000_000


def test_analyze_text_is_readable() -> None:
    code, out, err = run("analyze", str(MAPS / "nio_baas.yaml"))
    assert code == 0, err
    assert "宁德时代" in out
    assert "Traceback" not in out + err


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "ecomap", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert "render" in done.stdout


def test_render_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    # A map saved under the name its own diagram would get, in the folder it would go to.
    folder = tmp_path / "out" / "m"
    folder.mkdir(parents=True)
    map_file = folder / "m.svg"
    shutil.copy(MAPS / "nio_baas.yaml", map_file)
    before = map_file.read_bytes()
    code, _, err = run("render", str(map_file), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "refusing to write over the input map" in err
    assert map_file.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["m.svg"]  # nothing else written either
