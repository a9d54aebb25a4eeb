"""The fuzzer's small budget in the suite: Hypothesis mutates the example and generated maps
(tests/fuzz_mutants.py) and every mutant must keep the property — ``check`` (and, when it
passes, ``analyze`` and ``render --format svg,json``) exits 0 or 1, with no traceback, no
"internal error", and outputs the scanner accepts. Derandomized: CI runs the same mutants
every time. The long run is bench/fuzz.py.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_mutants import mutate, run, seeds

T = TypeVar("T")
SEEDS = seeds()
EXAMPLES = int(os.environ.get("ECOMAP_FUZZ_EXAMPLES", "150"))


class DrawChooser:
    """Hypothesis's choices, so that a failing mutant shrinks to a small one."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def pick(self, options):  # type: ignore[no-untyped-def]
        return self.data.draw(st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed=st.sampled_from(SEEDS), steps=st.integers(1, 3), data=st.data())
def test_mutants_keep_the_promise(seed: tuple[str, str], steps: int,
                                  data: st.DataObject) -> None:
    name, text = seed
    mutant = mutate(text, DrawChooser(data), steps)
    with tempfile.TemporaryDirectory() as scratch:
        problems, _ = run(mutant, Path(scratch) / "m")
    assert not problems, f"mutant of {name}:\n{mutant}\n" + "\n".join(problems)


def test_seeds_pass_check() -> None:
    """The mutants start from valid maps (else the fuzzer would test only the parser)."""
    with tempfile.TemporaryDirectory() as scratch:
        passing = [name for name, text in SEEDS if run(text, Path(scratch) / "m")[1]]
    assert len(passing) >= len(SEEDS) - 2, passing  # data_given_away is meant to fail


def test_long_run_driver_on_two_workers(tmp_path: Path) -> None:
    """bench/fuzz.py's driver: mutants split over two worker processes with their own
    streams, every mutant kept the property, the figures written."""
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from fuzz import run_workers

    figures = run_workers(mutants=12, workers=2, seed=5, out=tmp_path)
    assert figures["mutants"] == 12 and figures["workers"] == 2
    assert [w["mutants"] for w in figures["per_worker"]] == [6, 6]  # type: ignore[index]
    assert figures["failing"] == 0, figures["problems"]
    assert json.loads((tmp_path / "figures.json").read_text(encoding="utf-8")) == figures
    assert not list((tmp_path / "failures").iterdir())
