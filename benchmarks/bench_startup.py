"""Start-up time: `import watchgraph.cli`, `watchgraph --help`, and the first reading commands.

    .venv/bin/python benchmarks/bench_startup.py --runs 20
    .venv/bin/python benchmarks/bench_startup.py --runs 9 --before ../old   # against older code

Each figure is the median wall time of a new Python process (the interpreter's own start
included, measured alone first, so the difference is watchgraph's), after one run to warm
the caches (the parse cache, the embedded database, Python's bytecode: the child processes
run without PYTHONDONTWRITEBYTECODE, as an installed package has its bytecode).
`--before DIR` names a checkout of other code (`git worktree add DIR COMMIT`): each case
then runs alternately on this code and on DIR's (its package first on PYTHONPATH, in its
own folder), so both columns share whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import sitting

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


ROOT = Path(__file__).resolve().parent.parent


def medians(args: list[str], runs: int, trees: list[Path]) -> list[float]:
    """The median wall time of `args` in a new process, for each code tree, runs alternating."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    envs = [{**env, "PYTHONPATH": str(tree)} for tree in trees]
    for tree, e in zip(trees, envs, strict=True):
        subprocess.run([sys.executable, *args], check=True, capture_output=True, env=e, cwd=tree)
    times: list[list[float]] = [[] for _ in trees]
    for _ in range(runs):
        for tree, e, out in zip(trees, envs, times, strict=True):
            t = time.perf_counter()
            subprocess.run([sys.executable, *args], check=True, capture_output=True, env=e, cwd=tree)
            out.append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--before", type=Path, help="a checkout of other code to compare with")
    args = parser.parse_args()
    trees = [ROOT] + ([args.before.resolve()] if args.before else [])
    base: list[float] | None = None
    extra = " | before: median wall time | before: less Python's own start" if args.before else ""
    print(sitting())
    print(f"| what | median wall time | less Python's own start{extra} |")
    print("|---|---|---|" + ("---|---|" if args.before else ""))
    for name, case in CASES.items():
        s = medians(case, args.runs, trees)
        base = s if base is None else base
        cells = " | ".join(f"{x * 1000:.0f} ms | {(x - b) * 1000:.0f} ms" for x, b in zip(s, base, strict=True))
        print(f"| {name} | {cells} |")
    print(sitting())


if __name__ == "__main__":
    main()
