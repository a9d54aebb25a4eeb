"""Benchmark: analyse a generated 2,000-participant / 8,000-flow map with every check on."""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ecomap.analysis import analyze, format_text, to_json  # noqa: E402
from ecomap.analysis.core import analyze_map  # noqa: E402
from ecomap.validate import load_text  # noqa: E402

LAYERS = ("core", "strategic", "service", "enabler", "users")
# Share of participants per layer: a few core units, many users (the usual picture).
LAYER_SHARE = (0.01, 0.05, 0.30, 0.14, 0.50)
KINDS = ("money", "data", "asset", "service")
CATEGORIES = ("service", "data", "commission", "subscription", "finance", "other")
SENSITIVITY = ("public", "desensitized", "sensitive")


def generate(participants: int = 2000, flows: int = 8000, seed: int = 7) -> str:
    """A deterministic map as YAML text: five layers, random kinds, amounts on money flows
    (some ranges), a few value paths, data flows with sensitivity, overseas partners,
    scenarios. Connected (a random spanning tree first), plus a few isolated participants."""
    rng = random.Random(seed)
    ids: list[str] = []
    layer_of: dict[str, str] = {}
    lines = ["ecomap: 1", "title: 基准测试生态图", "locale: zh", "currency: CNY", "focus: p0",
             "participants:"]
    bounds = []
    acc = 0.0
    for share in LAYER_SHARE:
        acc += share
        bounds.append(int(acc * participants))
    for i in range(participants):
        pid = f"p{i}"
        layer = "core" if i == 0 else LAYERS[next(k for k, b in enumerate(bounds) if i < b)]
        ids.append(pid)
        layer_of[pid] = layer
        extra = ""
        if layer == "core" and i > 0:
            extra = ", internal: true"
        elif layer in ("strategic", "enabler") and rng.random() < 0.05:
            extra = ", region: overseas"
        if layer == "service" and rng.random() < 0.2:
            q, c, k, g = (rng.randint(30, 50) / 10 for _ in range(4))
            extra += f", scores: {{quality: {q}, coverage: {c}, cost: {k}, integration: {g}}}"
        lines.append(f"  {pid}: {{name: 参与者{i}, layer: {layer}{extra}}}")
    isolated = set(ids[-5:])  # a few participants without flows: model.isolated fires
    live = [p for p in ids if p not in isolated]
    pairs: list[tuple[str, str]] = []
    for i in range(1, len(live)):
        j = rng.randrange(0, i)
        pairs.append((live[i], live[j]) if rng.random() < 0.5 else (live[j], live[i]))
    while len(pairs) < flows:
        a = "p0" if rng.random() < 0.1 else rng.choice(live)
        b = rng.choice(live)
        if a != b:
            pairs.append((a, b) if rng.random() < 0.5 else (b, a))
    lines.append("flows:")
    path_starts = {rng.randrange(0, flows - 6): f"path{k}" for k in range(6)}
    path_left = 0
    path_name = ""
    for n, (a, b) in enumerate(pairs[:flows]):
        kind = rng.choice(KINDS)
        fields = [f"id: f{n}", f"from: {a}", f"to: {b}", f"kind: {kind}", f"label: 流{n}"]
        if kind == "money":
            base = rng.randint(1, 500) * 100
            if rng.random() < 0.1:
                fields.append(f"amount: {base}-{base * 2} CNY/year")
            elif rng.random() < 0.9:
                fields.append(f"amount: {base} CNY/month")
                fields.append(f"volume: {rng.randint(1, 1000)}")
            fields.append(f"category: {rng.choice(CATEGORIES)}")
        if kind == "data":
            fields.append(f"sensitivity: {rng.choice(SENSITIVITY)}")
            if rng.random() < 0.7:
                fields.append("consent: true")
        if n in path_starts:
            path_name, path_left = path_starts[n], rng.randint(3, 6)
        if path_left:
            fields.append(f"path: {path_name}")
            path_left -= 1
        lines.append("  - {" + ", ".join(fields) + "}")
    strategic = [p for p in ids if layer_of[p] == "strategic"] + live[1:3]
    lines += [
        "scenarios:",
        f"  - {{id: partner_exits, name: 伙伴退出, remove: [{strategic[0]}, {strategic[1]}]}}",
        "  - {id: price_cut, name: 降价, set: {f1: {amount: 1 CNY/year}}}",
        "  - id: newcomer",
        "    name: 新伙伴",
        "    add:",
        "      participants:",
        "        newbie: {name: 新伙伴, layer: service}",
        "      flows:",
        "        - {from: newbie, to: p0, kind: money, label: 加盟费, amount: 1万 CNY/year}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--flows", type=int, default=8000)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also measure the analysis's peak Python allocation (slower)")
    args = parser.parse_args()

    # Wall time is what a user waits; CPU time shows the work when the machine is shared.
    t0, c0 = time.perf_counter(), time.process_time()
    text = generate(args.participants, args.flows)
    t1, c1 = time.perf_counter(), time.process_time()
    eco = load_text(text, "bench.yaml")
    t2, c2 = time.perf_counter(), time.process_time()
    analysis = analyze(eco)
    t3, c3 = time.perf_counter(), time.process_time()
    doc = to_json(analysis)
    report = format_text(analysis)
    t4, c4 = time.perf_counter(), time.process_time()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts: dict[str, int] = {}
    for f in analysis.base.findings:
        counts[f.check] = counts.get(f.check, 0) + 1
    print(f"map: {len(eco.participants)} participants, {len(eco.flows)} flows, "
          f"{len(eco.scenarios)} scenarios, {len(text) / 1e6:.1f} MB of YAML")
    print("                  wall      cpu")
    print(f"generate        {t1 - t0:6.2f} s  {c1 - c0:6.2f} s")
    print(f"parse+validate  {t2 - t1:6.2f} s  {c2 - c1:6.2f} s")
    print(f"analysis        {t3 - t2:6.2f} s  {c3 - c2:6.2f} s   (all checks, loss simulation, "
          f"{len(eco.scenarios)} scenarios each analysed in full)")
    print(f"json+text       {t4 - t3:6.2f} s  {c4 - c3:6.2f} s")
    print(f"peak RSS        {maxrss_mb:6.0f} MB (whole process)")
    print("findings: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"loss entries {len(doc['loss'])}, top: {doc['loss'][0]['participant']} "
          f"{doc['loss'][0]['money_at_risk']}; report {len(report.splitlines())} lines")
    t = time.perf_counter()
    analyze_map(eco)
    print(f"base map alone  {time.perf_counter() - t:6.2f} s   (without its scenarios)")
    if args.tracemalloc:
        tracemalloc.start()
        t = time.perf_counter()
        analyze(eco)
        elapsed = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"analysis under tracemalloc {elapsed:.2f} s, peak {peak / 1e6:.0f} MB allocated")


if __name__ == "__main__":
    main()
