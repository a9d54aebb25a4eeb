"""Outputs are byte-identical in any time zone and locale (a PDF's creation date included)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import EXAMPLES


def _render(out: Path, tz: str, lang: str) -> dict[str, bytes]:
    env = {**os.environ, "TZ": tz, "LANG": lang, "LC_ALL": lang}
    done = subprocess.run([sys.executable, "-m", "ecomap", "render",
                           str(EXAMPLES / "positive" / "minimal.yaml"), "-o", str(out),
                           "--format", "svg,pdf,png,json,html"], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted((out / "minimal").iterdir())}


def test_same_bytes_in_any_time_zone_and_locale(tmp_path: Path) -> None:
    first = _render(tmp_path / "a", "Asia/Shanghai", "C.UTF-8")
    time.sleep(1.1)  # a creation date stamped from the clock would now differ
    second = _render(tmp_path / "b", "America/New_York", "POSIX")
    assert first.keys() == second.keys() and "minimal.pdf" in first
    assert [n for n in first if first[n] != second[n]] == []
