"""FollowTheMoney export of the generated dataset, against the followthemoney package's own
exporters reading those entities, in the same run: `ftm export-neo4j-bulk` and
`ftm export-rdf` (run from the environment that `make ftm-venv` makes, `.venv-ftm`).

    python benchmarks/bench_ftm.py --entities 20000 --relationships 200000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

from watchgraph import api  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    """Run a command; its wall-clock seconds."""
    t = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--ftm", type=Path, default=ROOT / ".venv-ftm" / "bin" / "ftm",
                        help="the followthemoney command line")
    args = parser.parse_args()
    data = generate.ensure(args.entities, args.relationships)
    t = time.perf_counter()
    graph = api.load([data], bundled=False, show_progress=False)
    print(f"load: {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "graph.ftm.json"
        t = time.perf_counter()
        written = api.export(graph, "ftm", output=out)
        ours = time.perf_counter() - t
        lines = sum(written.counts.values())
        size = os.path.getsize(out) / 1e6
        print(f"watchgraph export ftm: {lines:,} FtM entities, {size:.0f} MB in {ours:.1f} s "
              f"({lines / ours:,.0f} entities/s)")
        if not args.ftm.exists():
            print(f"{args.ftm} is missing (make ftm-venv): no comparison")
            return
        bulk = timed([str(args.ftm), "export-neo4j-bulk", "-i", str(out), "-o", str(Path(tmp) / "bulk")])
        print(f"ftm export-neo4j-bulk: {bulk:.1f} s ({lines / bulk:,.0f} entities/s; "
              f"watchgraph {bulk / ours:.1f}x faster)")
        rdf = timed([str(args.ftm), "export-rdf", "-i", str(out), "-o", str(Path(tmp) / "g.nt")])
        print(f"ftm export-rdf: {rdf:.1f} s ({lines / rdf:,.0f} entities/s; "
              f"watchgraph {rdf / ours:.1f}x faster)")


if __name__ == "__main__":
    main()
