"""Shared fixtures: where the repository and its maps are, and golden-file comparison."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "tests" / "examples"
ACCEPT = os.environ.get("ECOMAP_ACCEPT") == "1"
# Debian's Chromium, driven by Playwright (a browser download does not work here); the flags
# keep it from reaching for the network on its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def cli(*args: str) -> Result:
    """Run ``ecomap ARGS`` in-process; whatever it does, it never ends in a traceback."""
    from ecomap.cli import main

    result = CliRunner().invoke(main, list(args), prog_name="ecomap")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def maps_dir() -> Path:
    return REPO_ROOT / "maps"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


def assert_golden(path: Path | str, text: str) -> None:
    """Compare ``text`` with the golden file at ``path``.

    With ECOMAP_ACCEPT=1 the file is (re)written instead — review the diff before committing,
    never accept blindly (DESIGN.md habit 4).
    """
    path = Path(path)
    if ACCEPT:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; run with ECOMAP_ACCEPT=1 to create it "
                    f"and review it. Actual output:\n{text}")
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"{path} (expected)", tofile="actual"))
        pytest.fail(f"output differs from golden file {path} "
                    f"(ECOMAP_ACCEPT=1 rewrites it; review the diff first):\n{diff}",
                    pytrace=False)


@pytest.fixture
def golden():
    """The golden-file helper as a fixture: ``golden(path, text)``."""
    return assert_golden


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the tests marked ``browser``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
