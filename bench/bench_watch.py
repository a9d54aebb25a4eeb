"""Benchmark: edit-to-new-SVG latency of `ecomap render MAP --watch` beside `d2 --watch`, on the
maps of bench_render.py (15/60/200/500 participants), in one run.

    PYTHONPATH=src python3 bench/bench_watch.py [--sizes 15,200] [--edits 5] [--no-d2] [--write]

Each watcher runs as a real process on a real file. After its first render settles, the name
of one participant is changed and the file written; the clock runs from the write until the
SVG on disk holds the new name (its stat polled every 2 ms, then read). ecomap's figure for
the whole set (the report and JSON too) is taken the same way on report.html. Prints a markdown
table; --write puts it into bench/README.md between the watch markers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_render import ECOMAP_CLI, make_map, to_d2  # noqa: E402

from ecomap.validate import load_text  # noqa: E402

SETTLE_TIMEOUT = 300.0   # the first render of a big map, D2's especially
EDIT_TIMEOUT = 300.0   # D2 at 200 participants took over 120 s per edit at load 18
POLL = 0.002


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def wait_for_text(path: Path, text: str, timeout: float, since: float) -> float:
    """Seconds from ``since`` until ``path`` holds ``text`` (read only when its stat changes)."""
    seen = None
    deadline = since + timeout
    while time.perf_counter() < deadline:
        sig = _signature(path)
        if sig is not None and sig != seen:
            seen = sig
            try:
                if text.encode("utf-8") in path.read_bytes():
                    return time.perf_counter() - since
            except OSError:
                seen = None
        time.sleep(POLL)
    raise TimeoutError(f"{path} did not show {text!r} within {timeout:g} s")


def measure(edit: Callable[[int], str], outputs: list[Path], first: str,
            edits: int) -> list[list[float]]:
    """Latencies per output file: settle on ``first``, then ``edits`` edits, each waited out
    in every output before the next (a settled process, as between a person's saves)."""
    for out in outputs:
        wait_for_text(out, first, SETTLE_TIMEOUT, time.perf_counter())
    times: list[list[float]] = [[] for _ in outputs]
    for k in range(edits):
        label = edit(k)
        t0 = time.perf_counter()
        for i, out in enumerate(outputs):
            times[i].append(wait_for_text(out, label, EDIT_TIMEOUT, t0))
    return times


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def bench_ecomap(n: int, edits: int, tmp: Path) -> tuple[list[float], list[float]]:
    map_path = tmp / f"bench_{n}.yaml"
    text = make_map(n)
    map_path.write_text(text, encoding="utf-8")
    proc = subprocess.Popen([*ECOMAP_CLI, "render", str(map_path), "--watch", "-o",
                             str(tmp / "out")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    folder = tmp / "out" / f"bench_{n}"

    def edit(k: int) -> str:
        label = f"伙伴公司1改{k}"
        map_path.write_text(text.replace("name: 伙伴公司1,", f"name: {label},"),
                            encoding="utf-8")
        return label

    try:
        svg, whole = measure(edit, [folder / f"bench_{n}.svg", folder / "report.html"],
                             "伙伴公司1", edits)
    finally:
        _stop(proc)
    return svg, whole


def d2_binary() -> str | None:
    beside = Path(sys.executable).parent / "d2"
    return str(beside) if beside.exists() else shutil.which("d2")


def bench_d2(d2: str, n: int, edits: int, tmp: Path) -> list[float]:
    src, out = tmp / "in.d2", tmp / "out.svg"
    text = to_d2(load_text(make_map(n), f"bench_{n}.yaml"))
    src.write_text(text, encoding="utf-8")
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": "0"}
    proc = subprocess.Popen([d2, "--watch", "--browser=0", str(src), str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def edit(k: int) -> str:
        label = f"伙伴公司1改{k}"
        src.write_text(text.replace('"伙伴公司1\\n', f'"{label}\\n'), encoding="utf-8")
        return label

    try:
        return measure(edit, [out], "伙伴公司1", edits)[0]
    finally:
        _stop(proc)


def _fmt(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="15,200")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--no-d2", action="store_true")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    d2 = None if args.no_d2 else d2_binary()
    head = ("| participants / flows | ecomap edit → SVG (s) | ecomap edit → whole set (s) | "
            "D2 --watch edit → SVG (s) | D2 / ecomap (SVG, medians) |")
    lines = [head, "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"]
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            svg, whole = bench_ecomap(n, args.edits, Path(tmp))
        theirs = "—"
        ratio = "—"
        if d2:
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    d2_times = bench_d2(d2, n, args.edits, Path(tmp))
                    theirs = _fmt(d2_times)
                    times = statistics.median(d2_times) / statistics.median(svg)
                    ratio = f"{times:.1f}×" if times < 10 else f"{times:.0f}×"
                except TimeoutError as exc:
                    theirs = f"timeout ({exc})"
        lines.append(f"| {n} / {3 * n} | {_fmt(svg)} | {_fmt(whole)} | {theirs} | {ratio} |")
        print(f"  {n}: done", file=sys.stderr)
    text = "\n".join(lines) + (f"\n\nMedian (min–max) of {args.edits} edits each; "
                               f"{os.cpu_count()} cores, load average at the end "
                               f"{os.getloadavg()[0]:.1f}.")
    print(text)
    if args.write:
        readme = Path(__file__).resolve().parent / "README.md"
        start, end = "<!-- watch -->", "<!-- /watch -->"
        current = readme.read_text(encoding="utf-8")
        if start in current and end in current:
            before, rest = current.split(start, 1)
            after = rest.split(end, 1)[1]
            readme.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")
        else:
            readme.write_text(f"{current.rstrip()}\n\n{start}\n{text}\n{end}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
