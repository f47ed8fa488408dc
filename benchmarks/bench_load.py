"""Load + validate + build on the generated dataset, cold (empty parse cache) and warm.

    python benchmarks/bench_load.py --entities 20000 --relationships 200000

Each run prints its wall time and its CPU time (this process and the parsing processes it
waited for: on a busy machine the CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

from watchgraph import api  # noqa: E402


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_load(data: Path) -> tuple[float, float, int, int]:
    t, c = time.perf_counter(), cpu_seconds()
    graph = api.load([data], bundled=False, show_progress=False)
    return (time.perf_counter() - t, cpu_seconds() - c, len(graph),
            sum(1 for _ in graph.relationships()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = Path(__file__).parent / "data" / f"e{args.entities}-r{args.relationships}"
    if not data.is_dir():
        generate.write(generate.generate(args.entities, args.relationships), data)
    size = sum(p.stat().st_size for p in data.glob("*.yaml")) / 1e6
    print(f"dataset: {data.name}, {size:.0f} MB of YAML, {os.cpu_count()} cores")
    for label in ("cold", "warm"):
        times, cpu = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as cache:
                os.environ["WATCHGRAPH_CACHE"] = cache
                if label == "warm":
                    timed_load(data)
                seconds, cpu_s, n, m = timed_load(data)
                times.append(seconds)
                cpu.append(cpu_s)
        print(f"{label}: load + validate + build {n:,} entities, {m:,} relationships: "
              f"median {statistics.median(times):.1f} s (runs: {', '.join(f'{t:.1f}' for t in times)}); "
              f"CPU median {statistics.median(cpu):.1f} s (runs: {', '.join(f'{t:.1f}' for t in cpu)}); "
              f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
