"""Cypher on the generated dataset: embedded build time, p50 of every catalog question.

    python benchmarks/bench_queries.py --entities 20000 --relationships 200000 \\
        [--uri bolt://127.0.0.1:7691]

First the load, with every cache empty, then again from the graph cache
(loaders/graph_cache.py). Embedded: the LadybugDB build from the graph (rows, tables, bulk
COPY, checkpoint), then opening the cached build again (found by the input files'
fingerprint), then each question of the catalog with the parameters bench_rdf.py asks it
with (serving.catalog_cases), so the table lines up with the SPARQL one. With --uri (or
NEO4J_URI), the Neo4j there is EMPTIED, loaded with `export neo4j`'s exporter, and the same
questions run on it. Each runs once to warm up, then --runs times; the median is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from serving import catalog_cases  # noqa: E402

from watchgraph import api  # noqa: E402
from watchgraph.queries import embedded  # noqa: E402
from watchgraph.queries.cypher_run import Engine, run_library  # noqa: E402


def p50(engine: Engine, graph: Any, name: str, params: dict[str, str], runs: int) -> tuple[float, int]:
    rows = len(run_library(engine, graph, name, params).rows)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run_library(engine, graph, name, params)
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI"),
                        help="A Neo4j to empty and load (default: $NEO4J_URI; none: embedded only)")
    args = parser.parse_args()
    data = Path(__file__).parent / "data" / f"e{args.entities}-r{args.relationships}"
    if not data.is_dir():
        generate.write(generate.generate(args.entities, args.relationships), data)
    from watchgraph.queries.embedded import EmbeddedEngine

    with tempfile.TemporaryDirectory() as cache:
        os.environ["WATCHGRAPH_CACHE"] = cache  # every cache empty: the parse cache too
        t = time.perf_counter()
        api.load([data], bundled=False, show_progress=False)
        first = time.perf_counter() - t
        t = time.perf_counter()
        graph = api.load([data], bundled=False, show_progress=False)
        again = time.perf_counter() - t
        n_rels = sum(1 for _ in graph.relationships())
        print(f"dataset: {data.name}: {len(graph):,} entities, {n_rels:,} relationships, "
              f"{os.cpu_count()} cores")
        print(f"load (parse, resolve, validate, build the graph, write the graph cache): "
              f"{first:.1f} s; again (the graph cache): {again:.1f} s; load average "
              f"{os.getloadavg()[0]:.1f}")
        t, c = time.perf_counter(), time.process_time()
        EmbeddedEngine(graph, show_progress=False).close()
        build, build_cpu = time.perf_counter() - t, time.process_time() - c
        embedded._OPEN.clear()
        t = time.perf_counter()
        engines: dict[str, Engine] = {"embedded": EmbeddedEngine(graph, show_progress=False)}
        reopen = time.perf_counter() - t
        print(f"embedded build: {build:.1f} s (CPU, every thread: {build_cpu:.1f} s); reopening "
              f"the cached build (the input files' fingerprint + open): {reopen:.2f} s; "
              f"load average {os.getloadavg()[0]:.1f}")
        if args.uri:
            from neo4j import GraphDatabase

            from watchgraph.exporters.neo4j import Neo4jExporter
            from watchgraph.queries.neo4j_engine import Neo4jEngine, server_from

            server = server_from(args.uri)
            with GraphDatabase.driver(server.uri, auth=server.auth()) as driver, \
                    driver.session(database=server.database) as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
            t = time.perf_counter()
            Neo4jExporter(server.uri, server.user, server.password, server.database,
                          show_progress=False).export(graph)
            print(f"neo4j load (export neo4j): {time.perf_counter() - t:.1f} s")
            engines["neo4j"] = Neo4jEngine(server)
        print(f"\n| question (parameters) | scope | rows | {' | '.join(f'{e} p50' for e in engines)} |")
        print(f"|---|---|---|{'---|' * len(engines)}")
        for q, params, narrowed, _ in catalog_cases(graph):  # the cases bench_rdf.py asks
            cells = []
            rows = 0
            for engine in engines.values():
                seconds, rows = p50(engine, graph, q.name, params, args.runs)
                cells.append(f"{seconds * 1000:,.0f} ms")
            shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "none"
            print(f"| {q.name} ({shown}) | {'one entity' if narrowed else 'whole graph'} | "
                  f"{rows:,} | {' | '.join(cells)} |", flush=True)
        for engine in engines.values():
            engine.close()


if __name__ == "__main__":
    main()
