"""The long fuzz run: up to N mutants of the example and generated maps (tests/fuzz_mutants.py).

    .venv/bin/python bench/fuzz.py --mutants 100000 --minutes 30 --out /tmp/fuzz

Each mutant goes through ``check`` and, when it passes, ``analyze`` and ``render --format
svg,json``, in-process. Unlike the suite's Hypothesis test it keeps going after a failure:
each distinct problem (its first line, numbers blurred) is saved once as ``failures/N.yaml``
with the problem beside it, and a progress line is printed every 100 mutants.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from fuzz_mutants import mutate, run, seeds  # noqa: E402

T = TypeVar("T")


class RandomChooser:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: list[T] | tuple[T, ...]) -> T:  # type: ignore[override]
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def signature(problem: str) -> str:
    return re.sub(r"\d+", "N", problem.splitlines()[0] if problem else "")[:200]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mutants", type=int, default=100_000)
    parser.add_argument("--minutes", type=float, default=None, help="stop after this long")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ecomap-fuzz"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    chooser = RandomChooser(rng)
    maps = seeds()
    failures = args.out / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    passed = failed = 0
    start = time.monotonic()
    done = 0
    for done in range(1, args.mutants + 1):
        name, text = maps[rng.randrange(len(maps))]
        mutant = mutate(text, chooser, rng.choice((1, 1, 1, 2, 2, 3)))
        problems, rendered = run(mutant, args.out / "scratch")
        passed += rendered
        if problems:
            failed += 1
            key = signature(problems[0])
            if key not in seen:
                seen[key] = done
                (failures / f"{done}.yaml").write_bytes(mutant.encode("utf-8", "surrogatepass"))
                (failures / f"{done}.txt").write_text(f"from {name}\n" + "\n".join(problems),
                                                      encoding="utf-8", errors="replace")
                print(f"[{done}] NEW {key}", flush=True)
        if done % 100 == 0:
            print(f"{done} mutants, {passed} passed check, {failed} failing "
                  f"({len(seen)} distinct), {time.monotonic() - start:.0f} s", flush=True)
        if args.minutes is not None and time.monotonic() - start > args.minutes * 60:
            break
    print(f"done: {done} mutants in {time.monotonic() - start:.0f} s, {passed} passed check "
          f"(analysed and rendered), {failed} failing, "
          f"{len(seen)} distinct problems", flush=True)


if __name__ == "__main__":
    main()
