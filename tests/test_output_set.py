"""A render replaces its outputs as one set, under every fault: SIGKILL at random moments,
8 renders at once into one folder, Graphviz missing or broken, a full disk, closed stdout.
Each run ends with the old set or the new set in the folder (byte for byte the same as a
reference render), or one clear line; the next run removes what a killed one left."""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecomap.freshness import is_stamp

KILLS = 6  # SIGKILL moments per run of the suite (each costs one render of the large map)


def large_map(version: int, participants: int = 60) -> str:
    """A generated map, big enough that a render takes seconds; ``version`` changes every
    amount, so that two versions' outputs differ in every file."""
    layers = ["strategic", "core", "service", "users"]
    lines = ["ecomap: 1", "title: generated", "focus: p0", "participants:"]
    for i in range(participants):
        lines.append(f"  p{i}: {{name: Participant {i}, layer: {layers[i % 4]}}}")
    lines.append("flows:")
    for i in range(1, participants):
        lines.append(f"  - {{from: p{i}, to: p{(i * 7) % i}, kind: money, label: f{i}, "
                     f"amount: {100 * version + i} CNY/month}}")
        lines.append(f"  - {{from: p0, to: p{i}, kind: service, label: s{i}}}")
    return "\n".join(lines) + "\n"


def render(map_path: Path, out: Path, env: dict[str, str] | None = None,
           **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ecomap", "render", str(map_path), "-o",
                           str(out)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, check=False, **kwargs)  # type: ignore[call-overload]


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Hidden files but the stamps, which belong to a set (see freshness.py)."""
    return sorted(p.name for p in out.rglob(".*") if not is_stamp(p.name))


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two versions of one map and the output set of each, rendered once."""
    base = tmp_path_factory.mktemp("sets")
    found: dict[str, object] = {}
    for version in (1, 2):
        folder = base / f"v{version}"
        folder.mkdir()
        path = folder / "big.yaml"
        path.write_text(large_map(version), encoding="utf-8")
        started = time.monotonic()
        done = render(path, base / f"ref{version}")
        assert done.returncode == 0, done.stderr
        found[f"seconds{version}"] = time.monotonic() - started
        found[f"map{version}"] = path
        found[f"set{version}"] = outputs(base / f"ref{version}" / "big")
        found[f"ref{version}"] = base / f"ref{version}" / "big"
    assert found["set1"] != found["set2"]
    assert found["set1"].keys() == found["set2"].keys()  # type: ignore[attr-defined]
    return found


def old_set_in(out: Path, sets: dict[str, object]) -> None:
    """The folder as a finished render of version 1 leaves it."""
    if (out / "big").exists():
        shutil.rmtree(out / "big")
    shutil.copytree(sets["ref1"], out / "big")  # type: ignore[arg-type]


def assert_whole_set(folder: Path, sets: dict[str, object]) -> str:
    got = outputs(folder)
    if got == sets["set1"]:
        return "old"
    if got == sets["set2"]:
        return "new"
    raise AssertionError(f"a mixed or partial set in {folder}: {sorted(got)}")


def test_sigkill_at_random_moments_leaves_a_whole_set(sets: dict[str, object],
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    rng = random.Random(13)
    span = float(sets["seconds2"])  # type: ignore[arg-type]
    seen = []
    for _ in range(KILLS):
        old_set_in(out, sets)
        proc = subprocess.Popen([sys.executable, "-m", "ecomap", "render", str(sets["map2"]),
                                 "-o", str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.1) * span)  # most moments late: the writing phase
        proc.kill()
        proc.wait()
        seen.append(assert_whole_set(out / "big", sets))
    # The next run finishes the job and removes what the killed ones left.
    assert render(sets["map2"], out).returncode == 0  # type: ignore[arg-type]
    assert assert_whole_set(out / "big", sets) == "new"
    assert leftovers(out) == []
    print(f"SIGKILL outcomes: {seen}")


def test_eight_concurrent_renders_into_one_folder(tmp_path: Path) -> None:
    """Four renders of one version and four of another, at once, into one folder: the last to
    swap wins, with its whole set (a small map: the point is the overlap, not the size)."""
    refs = []
    for version in (1, 2):
        (tmp_path / f"v{version}").mkdir()
        path = tmp_path / f"v{version}" / "big.yaml"
        path.write_text(large_map(version, participants=10), encoding="utf-8")
        assert render(path, tmp_path / f"ref{version}").returncode == 0
        refs.append(outputs(tmp_path / f"ref{version}" / "big"))
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "ecomap", "render",
                               str(tmp_path / f"v{1 + i % 2}" / "big.yaml"), "-o", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(8)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    assert outputs(out / "big") in refs
    assert leftovers(out) == []


@pytest.mark.parametrize("fault", ["dot missing", "dot broken", "disk full"])
def test_fault_keeps_the_old_set(fault: str, sets: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "out"
    old_set_in(out, sets)
    env: dict[str, str] = {}
    preexec = None
    if fault == "dot missing":
        env["PATH"] = str(tmp_path / "empty")
    elif fault == "dot broken":
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        for name in ("dot", "neato"):
            (bin_dir / name).write_text("#!/bin/sh\necho 'digraph { garbage'\n")
            (bin_dir / name).chmod(0o755)
        env["PATH"] = str(bin_dir)
    else:  # the render may write 200 KB in all: the file-size limit makes the disk "full"
        def preexec() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    done = render(sets["map2"], out, env=env, preexec_fn=preexec)  # type: ignore[arg-type]
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr
    assert assert_whole_set(out / "big", sets) == "old"
    assert leftovers(out) == []


def test_scenario_outputs_survive_a_base_render(tmp_path: Path) -> None:
    """Files of the folder that a render does not produce (another scenario's) stay."""
    src = Path(__file__).parent.parent / "maps"
    path = min((p for p in src.glob("*.yaml") if "scenarios:" in p.read_text()),
               key=lambda p: p.stat().st_size)
    out = tmp_path / "out"
    assert render(path, out).returncode == 0
    from ecomap.validate import load_map

    sid = load_map(str(path)).scenarios[0].id
    done = subprocess.run([sys.executable, "-m", "ecomap", "render", str(path), "-o", str(out),
                           "--scenario", sid, "--format", "json"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert render(path, out).returncode == 0
    names = {p.name for p in (out / path.stem).iterdir()}
    assert f"analysis.{sid}.json" in names and "report.html" in names
