"""Start-up time: `import watchgraph.cli`, `watchgraph --help`, and the first reading commands.

    .venv/bin/python benchmarks/bench_startup.py --runs 20

Each figure is the median wall time of a new Python process (the interpreter's own start
included, measured alone first, so the difference is watchgraph's), after one run to warm
the caches (the parse cache, the embedded database, Python's bytecode: the child processes
run without PYTHONDONTWRITEBYTECODE, as an installed package has its bytecode).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CASES = {
    "python alone": ["-c", "pass"],
    "import watchgraph.cli": ["-c", "import watchgraph.cli"],
    "watchgraph --help": ["-c", "from watchgraph.cli import main; main()", "--help"],
    "watchgraph show NYPD": ["-c", "from watchgraph.cli import main; main()", "show", "NYPD"],
    "watchgraph path NYPD ICE": ["-c", "from watchgraph.cli import main; main()", "path", "NYPD",
                                 "ICE"],
    "watchgraph query contracts": ["-c", "from watchgraph.cli import main; main()", "query",
                                   "contracts"],
}


def median_seconds(args: list[str], runs: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    base = None
    print("| what | median wall time | less Python's own start |")
    print("|---|---|---|")
    for name, case in CASES.items():
        s = median_seconds(case, args.runs)
        base = s if base is None else base
        print(f"| {name} | {s * 1000:.0f} ms | {(s - base) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
