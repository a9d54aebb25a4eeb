"""Standard output that is closed or full: one clear line on stderr and exit 1, never a
traceback nor an "internal error" (real subprocesses: CliRunner cannot close a descriptor)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from ecomap.freshness import is_stamp

MAP = str(REPO_ROOT / "maps" / "aftersales_revenue_model.yaml")
COMMANDS = [["--help"], ["render", "--help"], ["schema"], ["analyze", MAP],
            ["analyze", MAP, "--format", "json"], ["check", MAP], ["diff", MAP, MAP],
            ["diff", MAP, MAP, "--format", "json"]]


def _run(args: list[str], stdout: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    def close_stdout() -> None:
        os.close(1)

    with open(os.devnull if stdout == "closed" else "/dev/full", "w") as sink:
        return subprocess.run([sys.executable, "-m", "ecomap", *args], cwd=tmp_path,
                              stdout=sink, stderr=subprocess.PIPE, text=True, timeout=120,
                              preexec_fn=close_stdout if stdout == "closed" else None,
                              check=False)


@pytest.mark.parametrize("stdout", ["closed", "full"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(x for x in a if "/" not in x))
def test_broken_stdout_is_one_clear_line(args: list[str], stdout: str, tmp_path: Path) -> None:
    done = _run(args, stdout, tmp_path)
    assert done.returncode == 1, done.stderr
    reason = "standard output is closed" if stdout == "closed" else "No space left on device"
    assert done.stderr == f"error: cannot write to standard output: {reason}\n"


def test_render_with_closed_stdout_writes_a_whole_set(tmp_path: Path) -> None:
    done = _run(["render", MAP, "-o", "out"], "closed", tmp_path)
    assert done.returncode == 1
    assert done.stderr == "error: cannot write to standard output: standard output is closed\n"
    written = sorted(p.name for p in (tmp_path / "out" / "aftersales_revenue_model").iterdir()
                     if not is_stamp(p.name))
    assert written == ["aftersales_revenue_model.svg", "analysis.json", "report.html"]
