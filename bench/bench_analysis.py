"""Benchmark: analyse a generated 2,000-participant / 8,000-flow map with every check on."""

from __future__ import annotations

import argparse
import random
import re
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


def generate(participants: int = 2000, flows: int = 8000, seed: int = 7,
             roadmap: bool = False, scenarios: int = 0) -> str:
    """A deterministic map as YAML text: five layers, random kinds, amounts on money flows
    (some ranges), a few value paths, data flows with sensitivity, overseas partners,
    scenarios. Connected (a random spanning tree first), plus a few isolated participants.

    ``roadmap`` adds three phases (a tenth of the participants and flows in a later one), a
    one-off investment on every 50th flow out of the focus, a path shared by a third of
    the path flows (each also on its own path), and data products as in the lesson's data
    business: every 97th flow starts a chain of four on two paths, its product's and one of
    eight data sources' (each source feeds about ten products, so losing one breaks them
    all), with a scenario built on another (``base``); its own random stream leaves the map
    without it unchanged.

    ``scenarios`` adds that many more scenarios (each removes a participant or changes a
    money flow's amount, in turn), from a third random stream."""
    rng = random.Random(seed)
    extra_rng = random.Random(seed + 1)
    phase_ids = ("p_a", "p_b", "p_c")
    ids: list[str] = []
    layer_of: dict[str, str] = {}
    lines = ["ecomap: 1", "title: 基准测试生态图", "locale: zh", "currency: CNY", "focus: p0"]
    if roadmap:
        lines += ["phases:", "  - {id: p_a, name: 阶段1, months: 0-6}",
                  "  - {id: p_b, name: 阶段2, months: 6-18}",
                  "  - {id: p_c, name: 阶段3, months: 18-36}"]
    lines.append("participants:")
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
            # both scorecards; the quality review reuses the draws (the random stream, and so
            # the rest of the map, stays as it was) with a complaint rate of 0–2.4%
            extra += (f", screening: {{service_quality: {q}, coverage: {c}, cost: {k}, "
                      f"integration: {g}}}, quality: {{satisfaction: {c}, response: {q}, "
                      f"complaint_handling: {g}, price: {k}, complaint_rate: {i % 25 / 10}%}}")
        if roadmap and i > 0 and extra_rng.random() < 0.1:
            extra += f", phase: {extra_rng.choice(phase_ids[1:])}"
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
    product_left = 0
    product = 0
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
        if roadmap and not product_left and n % 97 == 0:
            product, product_left = n // 97, 4
        if path_left:
            shared = roadmap and n % 3 == 0
            fields.append(f"path: [{path_name}, shared]" if shared else f"path: {path_name}")
            path_left -= 1
        elif product_left:  # a data product: its own path and its data source's
            fields.append(f"path: [product{product}, source{product % 8}]")
            product_left -= 1
        if roadmap and kind == "money" and a == "p0" and n % 50 == 0:
            fields = [x for x in fields if not x.startswith(("amount", "volume"))]
            fields.append("amount: 10-20万 CNY once")
        if roadmap and extra_rng.random() < 0.1:
            fields.append(f"phase: {extra_rng.choice(phase_ids)}")
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
    if roadmap:
        lines.append("  - {id: on_top, name: 叠加, base: newcomer, "
                     "set: {f1: {amount: 2 CNY/year}}}")
    more_rng = random.Random(seed + 2)
    money = [n for n, line in enumerate(lines) if "kind: money" in line and "id: f" in line]
    for k in range(scenarios):
        if k % 2 == 0:
            lines.append(f"  - {{id: more{k}, name: 情景{k}, "
                         f"remove: [{more_rng.choice(live[1:])}]}}")
        else:
            fid = re.search(r"id: (f\d+)", lines[more_rng.choice(money)])
            assert fid is not None
            lines.append(f"  - {{id: more{k}, name: 情景{k}, "
                         f"set: {{{fid.group(1)}: {{amount: {k} CNY/month}}}}}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--flows", type=int, default=8000)
    parser.add_argument("--roadmap", action="store_true",
                        help="with phases, one-off investments, multi-path flows, a scenario base")
    parser.add_argument("--scenarios", type=int, default=0,
                        help="that many more scenarios (a removal or an amount change each)")
    parser.add_argument("--write", type=Path, help="only write the map's YAML to this file")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also measure the analysis's peak Python allocation (slower)")
    args = parser.parse_args()

    # Wall time is what a user waits; CPU time shows the work when the machine is shared.
    t0, c0 = time.perf_counter(), time.process_time()
    text = generate(args.participants, args.flows, roadmap=args.roadmap,
                    scenarios=args.scenarios)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        return
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
          f"{len(eco.scenarios)} scenarios with the figures they show)")
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
