"""Mutants of valid maps, and the property every mutant must keep (issue 13's fuzzer).

A mutant is a valid map's YAML text changed line by line: lines deleted, duplicated or
swapped, a scalar replaced by an extreme number, a wrong type or deep nesting, control, bidi
and surrogate characters put into text. ``run`` feeds it to ``check`` and, when it passes, to
``analyze`` and ``render --format svg,json`` in-process, and says what went wrong: an exit
code outside {0, 1}, a traceback, an "internal error", an output the scanner rejects.

One set of mutations serves two drivers: Hypothesis in the suite (tests/test_fuzz.py, a
small fixed budget) and bench/fuzz.py for long runs (a seeded ``random.Random``, which keeps
going past a failure and collects them). Both choose through the ``Chooser`` protocol.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import generate  # noqa: E402

from output_scanner import scan_folder, scan_text  # noqa: E402

T = TypeVar("T")


class Chooser(Protocol):
    def pick(self, options: Sequence[T]) -> T: ...
    def integer(self, low: int, high: int) -> int: ...


def seeds() -> list[tuple[str, str]]:
    """(name, YAML text) of the valid maps mutants start from: the example maps, the
    positive test maps, and two generated maps (one with phases and scenario bases)."""
    found = [(p.name, p.read_text(encoding="utf-8"))
             for folder in (REPO_ROOT / "maps", REPO_ROOT / "tests" / "examples" / "positive")
             for p in sorted(folder.glob("*.yaml"))]
    found.append(("generated_30.yaml", generate(30, 80, seed=3)))
    found.append(("generated_roadmap_40.yaml", generate(40, 120, seed=5, roadmap=True,
                                                        scenarios=4)))
    return found


EXTREME_NUMBERS = (
    "0", "-0", "-1", "1e15", "1e16", "1e308", "1e309", "-1e309", "1e999999999", "1e-999999",
    ".inf", "-.inf", ".nan", "NaN", "0x7fffffffffffffff", "0o777", "1_000_000", "9" * 4400,
    "1" + "0" * 40, "１２３", "10万亿", "1e15 CNY/month", "1e300 CNY/year", "5-1 CNY/year",
    "1e15-1e16 CNY", "3 CNY/fortnight", "100%", "150%", "-5%", "0.0000000001",
    "12345678901234567890.123456789", "1e100 CNY once", "2万-1万 CNY/year",
)
WRONG_TYPES = (
    "[a, b]", "{x: 1}", "null", "~", "true", "false", "''", '""', "[]", "{}", "!!binary aGk=",
    "&a [*a]", "*nowhere", "!!python/object:os.system ls", "2026-01-01", "12:30:00",
    "? complex key", "|\n  block", ">-\n  folded", "- x",
)
STRANGE_TEXT = (
    "\x00", "\x07", "\x1b[2J", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "\r", "\n", "\t", "\x7f",
    "\x85", "\u2028", "\u202e", "\u2066", "\u200f", "\ufeff", "\ufffe", "\U0001f600",
    '"\\ud83d\\ude00"', '"\\ud800"', '"\\udfff x"', "W" * 60, "Æ" * 40, "—" * 30,
    "<script>alert(1)</script>", "]]>", "&amp;", '"; node [label=x] "', "{{ 7*7 }}",
    "javascript:alert(1)", "[x](http://evil)", "../../etc/passwd", "%s%n", "\\", "'", '"',
    "#", ":", "- ", "? ", "!tag", "@", "`",
)


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


_SCALAR = re.compile(r"(:\s+|-\s+|\[|,\s*)([^\s\[\]{},:#][^\[\]{},#\n]*?)(\s*(?:[,}\]]|$))")


def mutate(text: str, chooser: Chooser, steps: int) -> str:
    """``text`` changed by ``steps`` random edits."""
    lines = text.split("\n")
    for _ in range(steps):
        if not lines:
            lines = [""]
        i = chooser.integer(0, len(lines) - 1)
        op = chooser.pick(("delete", "duplicate", "swap", "number", "type", "text", "text",
                           "nest", "indent", "truncate"))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = chooser.integer(0, len(lines) - 1)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = chooser.pick(("", " ", "  ", "\t", "    ")) + lines[i].lstrip()
        elif op == "truncate":
            lines[i] = lines[i][:chooser.integer(0, len(lines[i]))]
        else:
            lines[i] = _replace_scalar(lines[i], op, chooser)
    return "\n".join(lines)


def _replace_scalar(line: str, op: str, chooser: Chooser) -> str:
    spots = list(_SCALAR.finditer(line))
    if op == "number":
        new = chooser.pick(EXTREME_NUMBERS)
    elif op == "type":
        new = chooser.pick(WRONG_TYPES)
    elif op == "nest":
        new = _nested(chooser.integer(5, 60))
    else:
        strange = chooser.pick(STRANGE_TEXT)
        if spots:  # into the middle of a scalar: names, labels, notes
            m = chooser.pick(spots)
            at = chooser.integer(m.start(2), m.end(2))
            if chooser.pick((True, False)):  # raw, as a file could hold it
                return line[:at] + strange + line[at:]
            # escaped in a double-quoted scalar, as json.dumps writes it: the YAML is valid
            # and the parsed text holds the character itself (a lone surrogate included)
            value = line[m.start(2):at] + strange + line[at:m.end(2)]
            return line[:m.start(2)] + json.dumps(value) + line[m.end(2):]
        return line + strange
    if not spots:
        return line + " " + new
    m = chooser.pick(spots)
    return line[:m.start(2)] + new + line[m.end(2):]


def run(text: str, folder: Path, name: str = "mutant.yaml") -> tuple[list[str], bool]:
    """What went wrong with the mutant ``text`` (empty: it kept the property), and whether it
    passed ``check`` (and so was analysed and rendered). ``folder`` is a scratch folder,
    emptied first."""
    from click.testing import CliRunner

    from ecomap.cli import main

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    runner = CliRunner()
    problems: list[str] = []

    def command(*args: str) -> int:
        result = runner.invoke(main, list(args), prog_name="ecomap")
        out = result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            problems.append(f"{args[0]}: uncaught {type(result.exception).__name__}: "
                            f"{result.exception}")
        if result.exit_code not in (0, 1):
            problems.append(f"{args[0]}: exit {result.exit_code}: {out.strip()[-300:]}")
        for bad in ("Traceback", "internal error"):
            if bad in out:
                problems.append(f"{args[0]}: {bad}: {out.strip()[-300:]}")
        problems.extend(f"{args[0]}: {p}" for p in scan_text(out, "output"))
        return result.exit_code

    if command("check", str(path)) != 0:
        return problems, False
    command("analyze", str(path))
    out = folder / "out"
    if command("render", str(path), "--format", "svg,json", "-o", str(out)) == 0:
        problems += scan_folder(out)
    return problems, True


__all__ = ["Chooser", "mutate", "run", "seeds"]
