"""The command line under wrong use and bad input: exit codes, usage messages, no tracebacks,
an example in every --help, and the map file never written."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, REPO_ROOT, cli
from ecomap.cli import main

COMMANDS = ["render", "check", "analyze", "diff", "new", "schema"]
BAD_MAP = EXAMPLES / "negative" / "flow_kind_typo.yaml"
GOOD_MAP = REPO_ROOT / "maps" / "nio_baas.yaml"


@pytest.mark.parametrize("args, message", [
    ([], "Usage: ecomap [OPTIONS] COMMAND [ARGS]..."),
    (["frobnicate"], "Error: No such command 'frobnicate'."),
    (["check"], "Error: Missing argument 'MAP...'."),
    (["render"], "Error: Missing argument 'MAP...'."),
    (["analyze"], "Error: Missing argument 'MAP'."),
    (["check", "--bogus", "x.yaml"], "Error: No such option '--bogus'."),
    (["render", str(GOOD_MAP), "--colour", "red"], "Error: No such option '--colour'."),
    (["render", str(GOOD_MAP), "--format", "xyz"],
     "Error: Invalid value for '--format': xyz (choose from svg, html, json, png, pdf, dot, pptx)"),
    (["render", str(GOOD_MAP), "--format", "svg,gif"],
     "Error: Invalid value for '--format': gif (choose from"),
    (["render", str(GOOD_MAP), "--format", ""], "Error: Invalid value for '--format': nothing"),
    (["render", str(GOOD_MAP), "--layout", "star"], "Error: Invalid value for '--layout'"),
    (["render", str(GOOD_MAP), "--lang", "fr"], "Error: Invalid value for '--lang'"),
    (["analyze", str(GOOD_MAP), "--format", "yaml"], "Error: Invalid value for '--format'"),
    (["check", "missing.yaml"], "Error: Invalid value for MAP: missing.yaml: no such file or "
                                "folder"),
    (["render", "missing.yaml"], "Error: Invalid value for MAP: missing.yaml: no such file or "
                                 "folder"),
    (["analyze", "missing.yaml"], "Error: Invalid value for MAP: missing.yaml: no such file"),
    (["schema", "extra"], "Error: Got unexpected extra argument (extra)"),
])
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Usage: ecomap" in result.output


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert "the folder holds no .yaml map" in result.stderr


@pytest.mark.parametrize("command", ["check", "render", "analyze"])
def test_invalid_map_exits_1(command: str, tmp_path: Path) -> None:
    args = [command, str(BAD_MAP)] + (["-o", str(tmp_path / "out")] if command == "render" else [])
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert "kind must be one of money, data, asset, service (got 'mony' — did you mean " \
           "\"money\"?)" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.svg"))


def test_check_reports_every_map_of_a_folder(tmp_path: Path) -> None:
    for name in ("a_bad.yaml", "b_bad.yaml"):
        shutil.copy(BAD_MAP, tmp_path / name)
    result = cli("check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.count("did you mean \"money\"") == 2  # one in each file
    assert "a_bad.yaml:10:42: error:" in result.stderr
    assert "b_bad.yaml:10:42: error:" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"ecomap {command}" in result.output


def test_group_help_shows_an_example() -> None:
    for flag in ("--help", "-h"):
        result = cli(flag)
        assert result.exit_code == 0 and "Example" in result.output


def test_python_dash_m_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "ecomap", "check"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert "Missing argument" in proc.stderr and "Traceback" not in proc.stderr


def test_python_dash_m_invalid_map() -> None:
    proc = subprocess.run([sys.executable, "-m", "ecomap", "check", BAD_MAP.name],
                          capture_output=True, text=True, timeout=60, cwd=BAD_MAP.parent)
    assert proc.returncode == 1
    assert proc.stderr == BAD_MAP.with_suffix(".err").read_text(encoding="utf-8")


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_render_never_modifies_the_input(tmp_path: Path) -> None:
    src = tmp_path / "maps" / "nio_baas.yaml"
    src.parent.mkdir()
    shutil.copy2(GOOD_MAP, src)
    src.chmod(0o444)  # a write attempt would also fail loudly for non-root users
    before = _digest(src)
    result = CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "out")])
    assert _digest(src) == before
    assert sorted(p.name for p in src.parent.iterdir()) == ["nio_baas.yaml"]
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "out" / "nio_baas").iterdir())


def test_check_and_analyze_never_modify_the_input(tmp_path: Path) -> None:
    src = tmp_path / "nio_baas.yaml"
    shutil.copy2(GOOD_MAP, src)
    before = _digest(src)
    CliRunner().invoke(main, ["check", str(src)])
    CliRunner().invoke(main, ["analyze", str(src), "--format", "json"])
    assert _digest(src) == before
    assert [p.name for p in tmp_path.iterdir()] == ["nio_baas.yaml"]
