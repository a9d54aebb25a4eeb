"""`make bench`: the render benchmark (ecomap vs raw Graphviz vs D2), the analysis benchmark and
the watch-latency benchmark (render --watch vs d2 --watch).

Both measure in one run on this machine, so their ratios hold even when absolute times drift.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script, args in (("bench_render.py", sys.argv[1:]), ("bench_analysis.py", []),
                         ("bench_watch.py", [])):
        print(f"== {script}", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / script), *args])
    return status


if __name__ == "__main__":
    sys.exit(main())
