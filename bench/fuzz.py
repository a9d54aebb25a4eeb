"""The long fuzz run: N mutants of the example and generated maps (tests/fuzz_mutants.py).

    .venv/bin/python bench/fuzz.py --mutants 100000 --workers 2 --out /tmp/fuzz

Each mutant goes through ``check`` and, when it passes, ``analyze`` and ``render --format
svg,json``, in-process. Unlike the suite's Hypothesis test it keeps going after a failure:
each distinct problem (its first line, numbers blurred) is saved once as
``failures/<worker>-<n>.yaml`` with the problem beside it, and each worker prints a progress
line every 500 mutants. The figures (mutants, passed check, failing, distinct problems,
seconds, mutants per second) are printed at the end and written to ``figures.json``.

Workers split the mutants and each draws from its own seeded stream (worker 0's is
``--seed``'s, as a single-worker run always drew), so a run is reproducible for a given
``--seed`` and ``--workers``; a failure names its worker and mutant number. Scratch files
go to a memory file system (/dev/shm) when there is one: on the container's disk, emptying
the scratch folder between mutants cost as much as the mutant (about 45 ms of 110).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from fuzz_mutants import mutate, run, seeds  # noqa: E402

T = TypeVar("T")
PROGRESS_EVERY = 500
# A worker's stream: worker 0 keeps the single-worker stream of --seed.
WORKER_SEED_STRIDE = 1_000_003


class RandomChooser:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: list[T] | tuple[T, ...]) -> T:  # type: ignore[override]
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def signature(problem: str) -> str:
    return re.sub(r"\d+", "N", problem.splitlines()[0] if problem else "")[:200]


@dataclass
class Tally:
    """One worker's figures (or their sum)."""

    mutants: int = 0
    passed: int = 0  # passed check, so analysed and rendered too
    failed: int = 0
    first_seen: dict[str, str] = field(default_factory=dict)  # signature → "<worker>-<n>"


@dataclass(frozen=True)
class Job:
    worker: int
    mutants: int
    seed: int
    deadline: float | None  # time.time() after which the worker stops
    out: Path
    scratch: Path


def fuzz(job: Job) -> Tally:
    """Run one worker's share of mutants (in its own process)."""
    rng = random.Random(job.seed)
    chooser = RandomChooser(rng)
    maps = seeds()
    failures = job.out / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    start = time.monotonic()
    for n in range(1, job.mutants + 1):
        name, text = maps[rng.randrange(len(maps))]
        mutant = mutate(text, chooser, rng.choice((1, 1, 1, 2, 2, 3)))
        problems, rendered = run(mutant, job.scratch)
        tally.mutants = n
        tally.passed += rendered
        if problems:
            tally.failed += 1
            key = signature(problems[0])
            if key not in tally.first_seen:
                tally.first_seen[key] = label = f"{job.worker}-{n}"
                (failures / f"{label}.yaml").write_bytes(
                    mutant.encode("utf-8", "surrogatepass"))
                (failures / f"{label}.txt").write_text(f"from {name}\n" + "\n".join(problems),
                                                       encoding="utf-8", errors="replace")
                print(f"[{label}] NEW {key}", flush=True)
        if n % PROGRESS_EVERY == 0:
            print(f"worker {job.worker}: {n} mutants, {tally.passed} passed check, "
                  f"{tally.failed} failing ({len(tally.first_seen)} distinct), "
                  f"{time.monotonic() - start:.0f} s", flush=True)
        if job.deadline is not None and time.time() > job.deadline:
            break
    return tally


def scratch_root() -> Path:
    """A memory file system when there is one (see the module's note), else the temp dir."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


def run_workers(mutants: int, workers: int, seed: int, out: Path,
                minutes: float | None = None) -> dict[str, object]:
    """Fuzz ``mutants`` mutants on ``workers`` processes; the figures, also written to
    ``out/figures.json``."""
    out.mkdir(parents=True, exist_ok=True)
    deadline = time.time() + minutes * 60 if minutes is not None else None
    shares = [mutants // workers + (i < mutants % workers) for i in range(workers)]
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ecomap-fuzz-", dir=scratch_root()) as scratch:
        jobs = [Job(i, share, seed + i * WORKER_SEED_STRIDE, deadline, out,
                    Path(scratch) / f"w{i}") for i, share in enumerate(shares) if share]
        if len(jobs) == 1:
            tallies = [fuzz(jobs[0])]
        else:
            with ProcessPoolExecutor(max_workers=len(jobs)) as pool:
                tallies = list(pool.map(fuzz, jobs))
    seconds = time.monotonic() - start
    total = Tally()
    for t in tallies:
        total.mutants += t.mutants
        total.passed += t.passed
        total.failed += t.failed
        for key, label in t.first_seen.items():
            total.first_seen.setdefault(key, label)
    figures: dict[str, object] = {
        "mutants": total.mutants, "passed_check": total.passed, "failing": total.failed,
        "distinct_problems": len(total.first_seen), "seconds": round(seconds, 1),
        "mutants_per_second": round(total.mutants / seconds, 2) if seconds else None,
        "workers": len(jobs), "seed": seed, "per_worker": [asdict(t) for t in tallies],
        "problems": total.first_seen,
    }
    (out / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutants", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes, each with its own seeded stream (default: 2)")
    parser.add_argument("--minutes", type=float, default=None, help="stop after this long")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ecomap-fuzz"))
    args = parser.parse_args()
    figures = run_workers(args.mutants, max(1, args.workers), args.seed, args.out, args.minutes)
    print(f"done: {figures['mutants']} mutants in {figures['seconds']} s on "
          f"{figures['workers']} workers ({figures['mutants_per_second']} mutants/s), "
          f"{figures['passed_check']} passed check (analysed and rendered), "
          f"{figures['failing']} failing, {figures['distinct_problems']} distinct problems; "
          f"figures in {args.out / 'figures.json'}", flush=True)


if __name__ == "__main__":
    main()
