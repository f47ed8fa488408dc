"""Load N generated Atlas of Surveillance rows: read + validate, then build the graph;
the time of each and the process's peak memory (resident set), against the file's size.

    python benchmarks/bench_atlas.py --rows 1000000

The file is generated under benchmarks/data/ when missing (benchmarks/generate_atlas.py).
The parse cache is off, so every run reads the file.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_atlas  # noqa: E402

from watchgraph import api  # noqa: E402
from watchgraph.loaders.dataset import load_dataset  # noqa: E402


def peak_mb() -> float:
    """The process's peak resident set so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, help="repeat the first DISTINCT rows: a long "
                        "file, a small graph (memory should follow the graph)")
    parser.add_argument("--no-graph", action="store_true", help="stop after read + validate")
    args = parser.parse_args()
    name = f"atlas-{args.rows}" + (f"-distinct{args.distinct}" if args.distinct else "")
    data = Path(__file__).parent / "data" / f"{name}.csv"
    if not data.exists():
        generate_atlas.write(args.rows, data, distinct=args.distinct)
    os.environ["WATCHGRAPH_CACHE"] = "off"
    size = data.stat().st_size / 1e6
    print(f"file: {data.name}, {args.rows:,} rows, {size:.0f} MB; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} before", flush=True)
    base = peak_mb()
    t, cpu = time.perf_counter(), time.process_time()
    ds = load_dataset([data], bundled=False, show_progress=False)
    read = time.perf_counter() - t
    print(f"read + validate: {read:.1f} s ({time.process_time() - cpu:.1f} s of CPU): "
          f"{len(ds.entities):,} entities, "
          f"{len(ds.relationships):,} relationships, {len(ds.sources):,} sources, "
          f"{len(ds.warnings):,} warnings; peak RSS {peak_mb():,.0f} MB "
          f"({peak_mb() - base:,.0f} MB over the {base:,.0f} MB at start)", flush=True)
    if not args.no_graph:
        t, cpu = time.perf_counter(), time.process_time()
        graph = api.graph_from_dataset(ds)
        built = time.perf_counter() - t
        print(f"graph: {built:.1f} s ({time.process_time() - cpu:.1f} s of CPU, {len(graph):,} "
              f"nodes); total {read + built:.1f} s; "
              f"peak RSS {peak_mb():,.0f} MB", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
