"""RDF and SPARQL on the generated dataset: N-Triples export speed (against a plain rdflib
Graph.add + serialize baseline in the same run), store build time, and the p50/p95 latency
of every question of the catalog over HTTP from `watchgraph serve`.

    python benchmarks/bench_rdf.py --entities 20000 --relationships 200000
    python benchmarks/bench_rdf.py --queries-only --runs 5     # the catalog's latency alone

Every question in watchgraph/queries/*.rq is asked (new ones are picked up as they are
written), with parameters picked as tests/test_catalog_parity.py picks them on a generated
graph: an entity parameter names the best-connected entity of its type, a day is
2019-06-01, the rest take their header's example. Each question is asked with its required
parameters (a whole-graph question unless one of them names an entity) and once more with
each optional entity parameter (a question about one entity). The query goes as the CLI
sends it to an endpoint (`query NAME --engine sparql --endpoint URL`), asking for the answer
as it does (TSV first); the time is the HTTP round trip, reading the whole answer. Targets:
p50 under 500 ms about one entity, under 3 s for the whole graph.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from machine import sitting  # noqa: E402
from serving import catalog_cases, percentile, post, serving  # noqa: E402

from watchgraph import api  # noqa: E402
from watchgraph.exporters.rdf import RdfExporter  # noqa: E402
from watchgraph.rdf.mapping import Iris  # noqa: E402
from watchgraph.rdf.parts import rdf_triples  # noqa: E402


def baseline(graph: Any, limit: int, out: Path) -> tuple[int, float]:
    """Plain rdflib: Graph.add for each triple, then serialize as N-Triples."""
    import rdflib

    t = time.perf_counter()
    g = rdflib.Graph()
    for _, (s, p, o) in itertools.islice(rdf_triples(graph, Iris()), limit):
        obj = rdflib.URIRef(o) if isinstance(o, str) else rdflib.Literal(
            o[0], datatype=rdflib.URIRef(o[1]) if o[1] else None)
        g.add((rdflib.URIRef(s), rdflib.URIRef(p), obj))
    g.serialize(destination=str(out), format="nt", encoding="utf-8")
    return len(g), time.perf_counter() - t


def export_figures(graph: Any, baseline_triples: int) -> None:
    """Print the N-Triples export, the rdflib baseline and the store build."""
    from watchgraph.serve.store import build_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        n = RdfExporter(folder / "graph.nt", "nt").export(graph).counts["triples"]
        nt = time.perf_counter() - t
        size = (folder / "graph.nt").stat().st_size / 1e6
        print(f"N-Triples export: {n:,} triples ({size:,.0f} MB) in {nt:.1f} s = {n / nt:,.0f} triples/s")
        (folder / "graph.nt").unlink()
        bn, bt = baseline(graph, baseline_triples, folder / "baseline.nt")
        print(f"rdflib baseline (Graph.add + serialize, first {bn:,} triples): {bt:.1f} s = "
              f"{bn / bt:,.0f} triples/s; watchgraph is {(n / nt) / (bn / bt):.1f}x faster")
        t = time.perf_counter()
        build_store(folder / "store", graph, Iris(), "http://127.0.0.1:7878/query")
        print(f"store build (bulk load + optimize): {time.perf_counter() - t:.1f} s")


def rows_in(body: bytes) -> int:
    """How many rows a SPARQL answer holds: TSV (the header line, then a line per row: TSV
    escapes line breaks in values) or JSON (from an endpoint without TSV)."""
    if body.lstrip().startswith(b"{"):
        answer = json.loads(body)
        return len(answer["results"]["bindings"]) if "results" in answer else 1
    return len(body.splitlines()) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--baseline-triples", type=int, default=1_000_000,
                        help="how many triples the rdflib baseline adds and serializes")
    parser.add_argument("--runs", type=int, default=10, help="runs of each question")
    parser.add_argument("--port", type=int, default=7899)
    parser.add_argument("--timeout", type=float, default=120, help="serve's --timeout")
    parser.add_argument("--allocator", default="auto", help="serve's --allocator")
    parser.add_argument("--queries-only", action="store_true",
                        help="skip the export, the baseline and the separate store build")
    args = parser.parse_args()
    data = generate.ensure(args.entities, args.relationships)
    print(f"dataset: {data.name}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(sitting())
    t = time.perf_counter()
    graph = api.load([data], bundled=False, show_progress=False)
    print(f"load: {time.perf_counter() - t:.1f} s")
    if not args.queries_only:
        export_figures(graph, args.baseline_triples)
    todo = catalog_cases(graph)
    del graph
    url = f"http://127.0.0.1:{args.port}/query"
    with serving(data, args.port, args.timeout, allocator=args.allocator):
        print(f"catalog over HTTP from watchgraph serve ({url}), {args.runs} runs each after "
              "one warm-up:")
        print("| question (parameters) | scope | rows | p50 | p95 | target |\n|---|---|---|---|---|---|")
        for q, params, narrowed, text in todo:
            status, _, body = post(url, text, args.timeout + 30)
            if status != 200:
                print(f"| {q.name} ({_shown(params)}) | | HTTP {status}: "
                      f"{body.decode('utf-8', 'replace').strip()[:80]} | | | |", flush=True)
                continue
            times = [post(url, text, args.timeout + 30)[1] for _ in range(args.runs)]
            p50, target = statistics.median(times), 0.5 if narrowed else 3.0
            print(f"| {q.name} ({_shown(params)}) | {'one entity' if narrowed else 'whole graph'} | "
                  f"{rows_in(body):,} | {p50 * 1000:,.0f} ms | {percentile(times, 95) * 1000:,.0f} ms | "
                  f"{'met' if p50 < target else 'NOT met'} |", flush=True)
    print(sitting())


def _shown(params: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items()) or "none"


if __name__ == "__main__":
    main()
