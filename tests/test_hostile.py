"""The hostile corpus (tests/hostile): maps and command lines built to break ecomap.

``maps/NAME.yaml`` is checked with ``ecomap check NAME.yaml`` (a real subprocess, so that a
hang is a timeout and not a stuck suite); ``NAME.expect`` gives the exit code and the lines
the output must hold (``err:`` on stderr, ``out:`` on stdout). Maps that pass are rendered
and every output is scanned (tests/output_scanner.py). ``commands/NAME.case`` runs a command
line against a scratch copy of the maps, after ``setup:`` steps (fifo, dir, symlink, file);
whatever it does, no file may appear outside the ``-o`` folder.
With ECOMAP_ACCEPT=1 the ``.expect`` files are rewritten from what ecomap says: read the diff.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ACCEPT, REPO_ROOT
from output_scanner import scan_folder, scan_text

HOSTILE = REPO_ROOT / "tests" / "hostile"
MAPS = sorted((HOSTILE / "maps").glob("*.yaml"))
CASES = sorted((HOSTILE / "commands").glob("*.case"))
TIMEOUT = 60  # a hang is a failure, not a stuck suite


def ecomap(args: list[str], cwd: Path, env: dict[str, str] | None = None,
           timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "ecomap", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="surrogateescape",
                          timeout=timeout, env={**os.environ, **(env or {})},
                          stdin=subprocess.DEVNULL, check=False)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done


def read_expect(path: Path) -> tuple[int, list[str], list[str], dict[str, str]]:
    code, err, out, keys = -1, [], [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key == "exit":
            code = int(value)
        elif key == "err":
            err.append(value)
        elif key == "out":
            out.append(value)
        elif key and not key.startswith("#"):
            keys.setdefault(key, "")
            keys[key] = (keys[key] + "\n" + value).strip("\n")
    return code, err, out, keys


def write_expect(path: Path, done: subprocess.CompletedProcess[str],
                 keys: dict[str, str]) -> None:
    lines = [f"{k}: {v}" for k, vs in keys.items() for v in vs.split("\n")]
    lines.append(f"exit: {done.returncode}")
    lines += [f"err: {x}" for x in done.stderr.splitlines()  # click's usage lines say little
              if x.strip() and not x.startswith(("Usage: ", "Try '")) and "/tmp/" not in x]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_corpus_size() -> None:
    assert len(MAPS) + len(CASES) >= 80
    assert all(p.with_suffix(".expect").exists() for p in MAPS)


@pytest.mark.parametrize("map_path", MAPS, ids=lambda p: p.stem)
def test_hostile_map(map_path: Path, tmp_path: Path) -> None:
    expect = map_path.with_suffix(".expect")
    done = ecomap(["check", map_path.name], cwd=map_path.parent)
    code, err, out, keys = read_expect(expect)
    if ACCEPT:
        write_expect(expect, done, keys)
        code, err, out, keys = read_expect(expect)
    assert done.returncode == code, done.stderr
    assert scan_text(done.stdout + done.stderr, "check output") == []
    for line in err:
        assert line in done.stderr.splitlines(), done.stderr
    for line in out:
        assert line in done.stdout.splitlines(), done.stdout
    # Each finding is one line of this map, whatever its names hold ("\n" cannot forge one).
    assert all(x.startswith(f"{map_path.name}:") for x in done.stdout.splitlines()), done.stdout
    if code == 1:  # every line is a positioned diagnostic of this map
        assert all(x.startswith(f"{map_path.name}:") and ": error: " in x
                   for x in done.stderr.splitlines()), done.stderr
    if code == 0:  # it passes: render it, and what it writes must be safe to open
        rendered = ecomap(["render", str(map_path), "-o", str(tmp_path),
                           "--format", "svg,html,json,dot"], cwd=tmp_path)
        assert rendered.returncode == 0, rendered.stderr
        assert scan_folder(tmp_path) == []
        analysed = ecomap(["analyze", str(map_path)], cwd=tmp_path)
        assert analysed.returncode == 0
        assert scan_text(analysed.stdout, "analyze text") == []


def _unescape(text: str) -> str:
    """``\\x1b``, ``\\n`` in a case file stand for the character (file-name attacks)."""
    return re.sub(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4}))|\\n",
                  lambda m: chr(int(m.group(1) or m.group(2), 16))
                  if m.group(1) or m.group(2) else "\n", text)


def _setup(step: str, work: Path) -> None:
    step = _unescape(step)
    kind, _, rest = step.partition(" ")
    args = rest.split(" ")
    if kind == "fifo":
        os.mkfifo(work / args[0])
    elif kind == "dir":
        (work / args[0]).mkdir(parents=True, exist_ok=True)
    elif kind == "symlink":
        (work / args[1]).symlink_to(args[0])
    elif kind == "copy":
        (work / args[1]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / args[0], work / args[1])
    elif kind == "script":  # an executable shell script: script NAME then its one line
        name, _, line = rest.partition(" ")
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"#!/bin/sh\n{line}\n", encoding="utf-8")
        target.chmod(0o755)
    elif kind == "big":  # big NAME BYTES: a valid map padded with a comment to BYTES
        head = b"ecomap: 1\nfocus: me\nparticipants:\n  me: {name: Me, layer: core}\n# "
        (work / args[0]).write_bytes(head + b"x" * (int(args[1]) - len(head) - 1) + b"\n")
    elif kind == "git":  # a repository with every map committed
        for cmd in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t",
                                                   "commit", "-qm", "maps"]):
            subprocess.run(["git", *cmd], cwd=work, check=True, capture_output=True)
    else:
        raise AssertionError(f"unknown setup step {step!r}")


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")
            if ".git" not in p.parts and not p.is_dir()}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_hostile_command(case: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(HOSTILE / "maps", work)
    code, err, out, keys = read_expect(case)
    for step in keys.get("setup", "").splitlines():
        _setup(step, work)
    before = _files(work)
    args = _unescape(keys["run"]).split(" ")
    env = dict(line.split("=", 1) for line in keys.get("env", "").splitlines())
    env = {k: v.replace("{work}", str(work)) for k, v in env.items()}
    done = ecomap(args, cwd=work, env=env)
    if ACCEPT:
        write_expect(case, done, keys)
        code, err, out, keys = read_expect(case)
    assert done.returncode == code, done.stderr
    for line in err:
        assert line in done.stderr.splitlines(), done.stderr
    for line in out:
        assert line in done.stdout.splitlines(), done.stdout
    assert scan_text(done.stdout + done.stderr, "output") == []
    for text in keys.get("absent", "").splitlines():  # e.g. a live link in Markdown
        assert text not in done.stdout, done.stdout
    for start in keys.get("no-line-starts", "").splitlines():  # a forged line
        assert not any(x.startswith(start) for x in done.stdout.splitlines()), done.stdout
    inside = keys.get("inside", "")  # the -o folder: the only place a file may appear
    new = {p for p in _files(work) - before if not inside or not str(p).startswith(inside + "/")}
    assert not new, f"files outside {inside or 'nowhere'}: {sorted(map(str, new))}"
    assert not [p for p in _files(work) if p.name.startswith(".") and p.name.endswith(".tmp")]
    if inside and (work / inside).exists():
        assert scan_folder(work / inside) == []


EXAMPLE_MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml")) + \
    sorted((REPO_ROOT / "tests" / "examples" / "positive").glob("*.yaml"))


@pytest.mark.parametrize("map_path", EXAMPLE_MAPS, ids=lambda p: p.stem)
def test_example_outputs_pass_the_scanner(map_path: Path, tmp_path: Path) -> None:
    """The scanner on what the example maps render to, and on their text outputs."""
    done = ecomap(["render", str(map_path), "-o", str(tmp_path), "--format",
                   "svg,html,json,dot"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert scan_folder(tmp_path) == []
    for args in (["analyze", str(map_path)], ["check", str(map_path)],
                 ["diff", str(map_path), str(map_path), "--format", "markdown"]):
        shown = ecomap(args, cwd=tmp_path)
        assert shown.returncode in (0, 1)
        assert scan_text(shown.stdout + shown.stderr, " ".join(args[:1])) == []
