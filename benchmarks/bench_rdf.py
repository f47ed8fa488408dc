"""RDF and SPARQL on the generated dataset: N-Triples export speed (against a plain rdflib
Graph.add + serialize baseline in the same run), store build time, and the p50/p95 latency
of every library query through the HTTP endpoint.

    python benchmarks/bench_rdf.py --entities 20000 --relationships 200000
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

from watchgraph import api  # noqa: E402
from watchgraph.exporters.rdf import RdfExporter  # noqa: E402
from watchgraph.queries.catalog import load_catalog  # noqa: E402
from watchgraph.queries.sparql_params import prepare  # noqa: E402
from watchgraph.rdf.mapping import Iris  # noqa: E402
from watchgraph.rdf.parts import rdf_triples  # noqa: E402
from watchgraph.serve import server  # noqa: E402
from watchgraph.serve.store import build_store  # noqa: E402

PARAMS = {"product": "Product 0", "agency": "Agency 0 Police Department", "day": "2018-06-15",
          "min": "400000", "status": "any"}


def baseline(graph: object, limit: int, out: Path) -> tuple[int, float]:
    """Plain rdflib: Graph.add for each triple, then serialize as N-Triples."""
    import rdflib

    t = time.perf_counter()
    g = rdflib.Graph()
    for _, (s, p, o) in itertools.islice(rdf_triples(graph, Iris()), limit):  # type: ignore[arg-type]
        obj = rdflib.URIRef(o) if isinstance(o, str) else rdflib.Literal(
            o[0], datatype=rdflib.URIRef(o[1]) if o[1] else None)
        g.add((rdflib.URIRef(s), rdflib.URIRef(p), obj))
    g.serialize(destination=str(out), format="nt", encoding="utf-8")
    return len(g), time.perf_counter() - t


def latency(url: str, text: str, runs: int) -> list[float]:
    data = urllib.parse.urlencode({"query": text}).encode()
    times = []
    for _ in range(runs):
        req = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
        t = time.perf_counter()
        with urllib.request.urlopen(req, timeout=600) as resp:
            resp.read()
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--baseline-triples", type=int, default=1_000_000,
                        help="how many triples the rdflib baseline adds and serializes")
    parser.add_argument("--runs", type=int, default=20, help="runs of each query")
    parser.add_argument("--port", type=int, default=7899)
    args = parser.parse_args()
    data = Path(__file__).parent / "data" / f"e{args.entities}-r{args.relationships}"
    if not data.is_dir():
        generate.write(generate.generate(args.entities, args.relationships), data)
    print(f"dataset: {data.name}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    t = time.perf_counter()
    graph = api.load([data], bundled=False, show_progress=False)
    print(f"load: {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        n = RdfExporter(folder / "graph.nt", "nt").export(graph).counts["triples"]
        nt = time.perf_counter() - t
        size = (folder / "graph.nt").stat().st_size / 1e6
        print(f"N-Triples export: {n:,} triples ({size:,.0f} MB) in {nt:.1f} s = {n / nt:,.0f} triples/s")
        bn, bt = baseline(graph, args.baseline_triples, folder / "baseline.nt")
        print(f"rdflib baseline (Graph.add + serialize, first {bn:,} triples): {bt:.1f} s = "
              f"{bn / bt:,.0f} triples/s; watchgraph is {(n / nt) / (bn / bt):.1f}x faster")
        (folder / "graph.nt").unlink()
        t = time.perf_counter()
        store = folder / "store"
        build_store(store, graph, Iris(), "http://127.0.0.1:7878/query")
        print(f"store build (bulk load + optimize): {time.perf_counter() - t:.1f} s")
        del graph
        opts = server.ServerOptions(port=args.port, timeout=600)
        import subprocess

        proc = subprocess.Popen(server.command(store, opts), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            while not server._port_open(opts.host, opts.port):
                time.sleep(0.05)
            print(f"query latency through {opts.url}, {args.runs} runs each (after one warm-up):")
            print("| query | rows | p50 | p95 |\n|---|---|---|---|")
            for name, q in load_catalog("sparql").items():
                text = prepare(name, {k: v for k, v in PARAMS.items() if k in q.params})
                latency(opts.url, text, 1)
                times = sorted(latency(opts.url, text, args.runs))
                rows = api.sparql(text, endpoint=opts.url).rows
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                print(f"| {name} | {len(rows):,} | {statistics.median(times) * 1000:,.0f} ms | "
                      f"{p95 * 1000:,.0f} ms |")
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
