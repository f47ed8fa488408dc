"""Neo4j: relationships/s exported over Bolt (and against one MERGE per row), the bulk bundle.

    tools/neo4j/start 7691 --fresh
    .venv/bin/python benchmarks/bench_neo4j.py --uri bolt://127.0.0.1:7691
    tools/neo4j/stop 7691

Everything it writes carries the dataset name `bench` and is deleted first and last; use a
server that holds nothing else of importance. The naive approach (one auto-commit
transaction per relationship, MATCH both endpoints by label and id, MERGE on id, SET the
properties) runs on a sample of relationships; its rate is extrapolated to the whole set.
The bundle is imported with Neo4j's own importer (tools/neo4j/import) into a scratch folder.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

from watchgraph import api  # noqa: E402
from watchgraph.exporters.neo4j import (  # noqa: E402
    BATCH_SIZE,
    WORKERS,
    BoltSession,
    Neo4jServer,
    RelGroup,
    RelQueries,
    connect,
    rel_batches,
    run_batches,
    write_constraints,
    write_nodes,
    write_relationships,
)
from watchgraph.graph.store import KnowledgeGraph  # noqa: E402
from watchgraph.propertygraph.cypher import name  # noqa: E402
from watchgraph.propertygraph.shape import Shape, rel_rows  # noqa: E402

DATASET = "bench"
TOOLS = Path(__file__).resolve().parent.parent / "tools" / "neo4j"


def clean(session: Any) -> None:
    """Delete everything the benchmark wrote."""
    session.run("MATCH ()-[r]->() WHERE $ds IN r.wgDatasets "
                "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS", ds=DATASET).consume()
    session.run("MATCH (n) WHERE $ds IN n.wgDatasets "
                "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS", ds=DATASET).consume()


def export_once(graph: KnowledgeGraph, s: BoltSession, batch_size: int) -> tuple[float, float, int]:
    """(seconds for constraints + nodes, seconds for relationships, relationships)."""
    shape = Shape.of(graph.schema)
    t0 = time.perf_counter()
    write_constraints(shape, s)
    write_nodes(graph, shape, s, batch_size, lambda n=1: None)
    t1 = time.perf_counter()
    n = write_relationships(graph, shape, s, batch_size, lambda n=1: None)
    return t1 - t0, time.perf_counter() - t1, n


def naive(graph: KnowledgeGraph, session: Any, sample: int) -> float:
    """Relationships/s with one auto-commit MERGE per relationship, on `sample` of them
    (deleted first, so that they are created, as in a first export)."""
    shape = Shape.of(graph.schema)
    rows = [r for r, _ in zip(rel_rows(graph, shape), range(sample), strict=False)]
    session.run("UNWIND $ids AS id MATCH ()-[r {id: id}]->() DELETE r",
                ids=[r.props["id"] for r in rows]).consume()
    t = time.perf_counter()
    for r in rows:
        session.run(f"MATCH (a:`{r.start_label}` {{id: $s}}) MATCH (b:`{r.end_label}` {{id: $t}}) "
                    f"MERGE (a)-[x:`{r.type}` {{id: $id}}]->(b) SET x += $p, x.wgDatasets = [$ds]",
                    s=r.start, t=r.end, id=r.props["id"], p=r.props, ds=DATASET).consume()
    return len(rows) / (time.perf_counter() - t)


def id_only(graph: KnowledgeGraph, s: BoltSession, batch_size: int) -> float:
    """Relationships/s through the same pipeline (groups, batches, workers, CREATE) when each
    relationship carries only its id: what the evidence properties cost, by difference."""
    s.session.run("MATCH ()-[r]->() WHERE $ds IN r.wgDatasets OR r.idOnly "
                  "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS", ds=DATASET).consume()
    shape = Shape.of(graph.schema)
    jobs = []
    for group, batch in rel_batches(graph, shape, batch_size):
        t, start, end = (name(shape, part) for part in group.key)
        create = (f"UNWIND $rows AS row MATCH (a:{start} {{id: row.s}}) "
                  f"MATCH (b:{end} {{id: row.t}}) "
                  f"CREATE (a)-[r:{t}]->(b) SET r.id = row.p.id, r.idOnly = true")
        bare = RelGroup(group.key, RelQueries("", create, ""), {})
        jobs.append((bare, [{"s": r["s"], "t": r["t"], "p": {"id": r["p"]["id"]}} for r in batch]))
    t0 = time.perf_counter()
    n = sum(written for _, _, written in run_batches(s, iter(jobs)))
    seconds = time.perf_counter() - t0
    s.session.run("MATCH ()-[r]->() WHERE r.wgDatasets IS NULL AND r.idOnly "
                  "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
    return n / seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bundle(graph: KnowledgeGraph) -> None:
    """Time writing the neo4j-admin bundle, importing it, and running after-import.cypher."""
    from neo4j import GraphDatabase

    with tempfile.TemporaryDirectory(prefix="bench-neo4j-") as tmp:
        t = time.perf_counter()
        result = api.export_neo4j_import(graph, Path(tmp) / "bundle", DATASET, show_progress=False)
        written = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (Path(tmp) / "bundle").iterdir()) / 1e6
        print(f"bundle: written in {written:.1f} s ({size:.0f} MB, {result.counts['files']} files)")
        t = time.perf_counter()
        done = subprocess.run([str(TOOLS / "import"), f"{tmp}/db", "--", *result.arguments],
                              cwd=Path(tmp) / "bundle", capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t
        inner = re.search(r"IMPORT DONE in ([^.]+)\.", done.stdout + done.stderr)
        print(f"bundle: neo4j-admin import {wall:.1f} s wall, including the JVM "
              f"(importer's own figure: {inner.group(1) if inner else '?'})")
        port = free_port()
        subprocess.run([str(TOOLS / "start"), str(port), "--data", f"{tmp}/db"], check=True,
                       capture_output=True)
        try:
            with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver:
                t = time.perf_counter()
                for statement in (Path(result.target) / "after-import.cypher").read_text().split(";\n"):
                    if statement.strip():
                        driver.execute_query(statement)
                print(f"bundle: after-import.cypher (constraints, empty lists) "
                      f"{time.perf_counter() - t:.1f} s")
        finally:
            subprocess.run([str(TOOLS / "stop"), str(port)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    parser.add_argument("--no-bundle", action="store_true", help="Skip the neo4j-admin bundle.")
    args = parser.parse_args()
    data = generate.ensure(args.entities, args.relationships)
    graph = api.load([data], bundled=False, show_progress=False)
    rels = sum(1 for _ in graph.relationships())
    print(f"dataset: {data.name}: {len(graph):,} entities, {len(graph.sources):,} sources, "
          f"{rels:,} relationships; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    with connect(Neo4jServer(args.uri)) as (driver, database), \
            driver.session(database=database) as session:
        s = BoltSession(session, DATASET, lambda: driver.session(database=database), args.workers)
        clean(session)
        try:
            # A server just started runs its first export before the JIT has compiled the
            # write path; the same export again, emptied first, shows the running server.
            for label in ("first export (empty database, server just started)",
                          "first export again (emptied first; server warm)",
                          "second export (all present)"):
                if label.startswith("first export again"):
                    clean(session)
                nodes_s, rels_s, n = export_once(graph, s, args.batch_size)
                print(f"{label}: constraints + {len(graph) + len(graph.sources):,} nodes "
                      f"{nodes_s:.1f} s; {n:,} relationships {rels_s:.1f} s = "
                      f"{n / rels_s:,.0f} relationships/s (batch {args.batch_size:,}, "
                      f"{args.workers} workers)")
                if label.startswith("first export again"):
                    fast = n / rels_s
            print(f"the same relationships with only their id (same pipeline, rows made "
                  f"beforehand): {id_only(graph, s, args.batch_size):,.0f} relationships/s")
            slow = naive(graph, session, args.naive_sample)
            print(f"naive, one MERGE per relationship ({args.naive_sample:,} sampled): "
                  f"{slow:,.0f} relationships/s, {rels / slow / 60:.0f} min extrapolated; "
                  f"batched is {fast / slow:.0f}x faster")
        finally:
            clean(session)
    if not args.no_bundle:
        bundle(graph)


if __name__ == "__main__":
    main()
