"""`watchgraph serve` under load: clients running the SPARQL library, plus pathological queries.

    python benchmarks/load.py                      # make load: 16 clients, 60 s, 200,000 relationships
    python benchmarks/load.py --clients 4 --seconds 10 --relationships 20000   # a quick check

Loopback only and bounded: the server is started on a 127.0.0.1 port, every request has
a client-side limit, and the run stops by itself (the server too) after --seconds. Each client
loops over the catalog's SPARQL questions (watchgraph/queries/*.rq, parameters picked from
the generated graph as bench_rdf.py picks them); one more client sends a pathological query every half second
(a cartesian product sorted or grouped, 5,000 nested groups, a 20,000-branch UNION, a
30,000-operator chain, SERVICE to this machine). Prints requests, errors, latency
percentiles, the server's peak memory (the front and its workers) and whether it still
answers afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from serving import catalog_cases, percentile, post, serving  # noqa: E402

from watchgraph import api  # noqa: E402

PATHOLOGICAL = {  # name: (query, the statuses it may end with)
    "sorted-pairs": ("SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d", (503, 504)),
    "grouped-pairs": ("SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d",
                      (503, 504)),
    "nested-5000": ("SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000, (400,)),
    "union-20000": ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }", (400,)),
    "operators-30000": ("ASK { FILTER(" + "+".join(["1"] * 30_000) + ") }", (400,)),
    "service": ("SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }", (400,)),
}


def library(data: Path) -> list[tuple[str, str]]:
    """(name, text) of each catalog question asked in SPARQL, parameters picked from the
    graph as bench_rdf.py picks them (the whole-graph and the one-entity forms)."""
    graph = api.load([data], bundled=False, show_progress=False)
    return [(q.name, text) for q, _, _, text in catalog_cases(graph)]


def ask(url: str, query: str, limit: float) -> tuple[int, float, str]:
    """POST one query; (status or 0 for no answer, seconds, the start of an error's message)."""
    status, seconds, body = post(url, query, limit)
    why = "" if status == 200 else " ".join(body.decode("utf-8", "replace").split()[:4])
    return status, seconds, why


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and its children."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(stat.parent.name) == pid or int(fields[1]) == pid:
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=30, help="the server's --timeout (its default)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-memory", type=int, default=1024)
    parser.add_argument("--allocator", default="auto", help="serve's --allocator")
    parser.add_argument("--port", type=int, default=7899,
                        help="a fixed loopback port, so that the next run reuses the store "
                             "(its endpoint URL is part of it)")
    args = parser.parse_args()

    data = generate.ensure(args.entities, args.relationships)
    queries = library(data)
    url = f"http://127.0.0.1:{args.port}/query"
    with serving(data, args.port, args.timeout, args.workers, args.max_memory,
                 args.allocator) as server:
        return drive(args, server, url, queries)


def drive(args: argparse.Namespace, server: subprocess.Popen[str], url: str,
          queries: list[tuple[str, str]]) -> int:
    limit = args.timeout + 30  # a client gives up on an answer after this
    deadline = time.monotonic() + args.seconds
    valid: list[tuple[str, int, float, str]] = []
    hostile: list[tuple[str, int, float]] = []
    peak = [tree_rss(server.pid)]
    done = threading.Event()

    def client(i: int) -> None:
        n = i
        while time.monotonic() < deadline:
            name, text = queries[n % len(queries)]
            valid.append((name, *ask(url, text, limit)))
            n += 1

    def attacker() -> None:
        names = list(PATHOLOGICAL)
        n = 0
        while time.monotonic() < deadline:
            name = names[n % len(names)]
            status, seconds, _ = ask(url, PATHOLOGICAL[name][0], limit)
            hostile.append((name, status, seconds))
            n += 1
            done.wait(0.5)

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss(server.pid))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    threads.append(threading.Thread(target=attacker))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    done.set()

    latencies = [s for _, status, s, _ in valid if status == 200]
    errors = [(status, why) for _, status, _, why in valid if status != 200]
    print(f"{args.clients} clients, {elapsed:.0f} s, {args.relationships:,} relationships, "
          f"server --timeout {args.timeout:g} --workers {args.workers} --max-memory {args.max_memory} "
          f"--allocator {args.allocator}, "
          f"{os.cpu_count()} cores")
    print(f"valid queries: {len(valid):,} requests ({len(valid) / elapsed:.1f}/s), "
          f"{len(errors)} errors")
    for (status, why), count in sorted(Counter(errors).items()):
        print(f"  {count} x HTTP {status} {why}…")
    print(f"latency: p50 {percentile(latencies, 50) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 95) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms")
    for name in sorted({n for n, _, _, _ in valid}):
        mine = [s for n, st, s, _ in valid if n == name and st == 200]
        if mine:
            print(f"  {name}: {len(mine)} ok, median {statistics.median(mine) * 1000:.0f} ms")
    wrong = 0
    for name in PATHOLOGICAL:
        runs = [(st, s) for n, st, s in hostile if n == name]
        allowed = PATHOLOGICAL[name][1]
        bad = [r for r in runs if r[0] not in allowed or r[1] > args.timeout + 5]
        wrong += len(bad)
        if runs:
            print(f"  pathological {name}: {len(runs)} sent, statuses "
                  f"{sorted({st for st, _ in runs})}, longest {max(s for _, s in runs):.1f} s"
                  + (f", {len(bad)} NOT as expected" if bad else ""))
    print(f"server peak memory (front + workers): {peak[0] / 2**20:,.0f} MB")
    status, seconds, _ = ask(url, "ASK { ?s ?p ?o }", limit)
    alive = status == 200 and server.poll() is None
    print(f"still answers afterwards: {'yes' if alive else 'NO'} (HTTP {status}, {seconds * 1000:.0f} ms)")
    return 0 if alive and not errors and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
