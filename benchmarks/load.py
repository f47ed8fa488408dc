"""`watchgraph serve` under load: clients running the SPARQL library, plus pathological queries.

    python benchmarks/load.py                      # make load: 16 clients, 60 s, 200,000 relationships
    python benchmarks/load.py --clients 4 --seconds 10 --relationships 20000   # a quick check

Loopback only and bounded: the server is started on a free 127.0.0.1 port, every request has
a client-side limit, and the run stops by itself (the server too) after --seconds. Each client
loops over the library questions (watchgraph/queries/*.rq, parameters bound from the
examples in their headers); one more client sends a pathological query every half second
(a cartesian product sorted or grouped, 5,000 nested groups, a 20,000-branch UNION, a
30,000-operator chain, SERVICE to this machine). Prints requests, errors, latency
percentiles, the server's peak memory (the front and its workers) and whether it still
answers afterwards.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

from watchgraph.queries.catalog import load_catalog  # noqa: E402
from watchgraph.queries.sparql_engine import prepare  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PATHOLOGICAL = {  # name: (query, the statuses it may end with)
    "sorted-pairs": ("SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d", (503, 504)),
    "grouped-pairs": ("SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d",
                      (503, 504)),
    "nested-5000": ("SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o " + "} " * 5000, (400,)),
    "union-20000": ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }", (400,)),
    "operators-30000": ("ASK { FILTER(" + "+".join(["1"] * 30_000) + ") }", (400,)),
    "service": ("SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }", (400,)),
}


def library() -> list[tuple[str, str]]:
    """(name, text) of each SPARQL library question, its parameters bound from its examples."""
    out = []
    for name, query in sorted(load_catalog("sparql").items()):
        params = {p.name: p.example.strip('"') for p in query.params.values() if p.example}
        out.append((name, prepare(name, params)))
    return out


def ask(url: str, query: str, limit: float) -> tuple[int, float, str]:
    """POST one query (form-encoded); (status or 0 for no answer, seconds, the start of an
    error's message)."""
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/sparql-results+json"})
    t = time.perf_counter()
    why = ""
    try:
        with urllib.request.urlopen(req, timeout=limit) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        why = " ".join(exc.read().decode("utf-8", "replace").split()[:4])
        status = exc.code
    except OSError as exc:
        status, why = 0, type(exc).__name__
    return status, time.perf_counter() - t, why


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=30, help="the server's --timeout (its default)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-memory", type=int, default=1024)
    parser.add_argument("--port", type=int, default=7899,
                        help="a fixed loopback port, so that the next run reuses the store "
                             "(its endpoint URL is part of it); 0: any free one")
    args = parser.parse_args()

    data = generate.ensure(args.entities, args.relationships)
    store = data.parent / f".store-{data.name}"
    port = args.port or free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [sys.executable, "-m", "watchgraph.cli", "serve", "--no-bundled", "--data", str(data),
           "--port", str(port), "--store", str(store), "--timeout", f"{args.timeout:g}",
           "--workers", str(args.workers), "--max-memory", str(args.max_memory)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env)
    hard_stop = threading.Timer(args.seconds + 900, server.kill)  # never left running
    hard_stop.daemon = True
    hard_stop.start()
    try:
        assert server.stdout is not None
        for line in server.stdout:
            print("serve:", line.rstrip())
            if line.startswith("Ctrl-C stops"):
                break
        else:
            print("the server did not start")
            return 1
        threading.Thread(target=server.stdout.read, daemon=True).start()
        return drive(args, server, url)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        hard_stop.cancel()


def drive(args: argparse.Namespace, server: subprocess.Popen[str], url: str) -> int:
    queries = library()
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
          f"server --timeout {args.timeout:g} --workers {args.workers} --max-memory {args.max_memory}, "
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
