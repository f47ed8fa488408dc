"""The library functions behind the CLI commands, one each, same names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from watchgraph import report
from watchgraph.exporters.base import ExportResult
from watchgraph.exporters.json import JsonExporter
from watchgraph.exporters.neo4j import (
    BATCH_SIZE, DEFAULT_URI, Neo4jExporter, Neo4jExportResult, Neo4jServer, Neo4jTarget,
)
from watchgraph.exporters.neo4j import WORKERS as NEO4J_WORKERS
from watchgraph.propertygraph.cypher import DEFAULT_DATASET
from watchgraph.exporters.neo4j_import import BundleResult, BundleTarget, Neo4jImportExporter
from watchgraph.exporters.rdf import RdfExporter
from watchgraph.rdf.void import DEFAULT_ENDPOINT
from watchgraph.rdf.mapping import DEFAULT_BASE_IRI
from watchgraph.queries import cypher_run, sparql_engine
from watchgraph.queries.results import Result
from watchgraph.queries.sparql_engine import SparqlResult
from watchgraph.serve.endpoint import serve_graph
from watchgraph.serve.server import ServerOptions
from watchgraph.graph.select import Hop, shortest_paths
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.graph.validate import Dataset
from watchgraph.loaders.dataset import load_dataset
from watchgraph.render import inline, publish


def graph_from_dataset(ds: Dataset) -> KnowledgeGraph:
    """A KnowledgeGraph holding a validated dataset's records."""
    graph = KnowledgeGraph()
    for s in ds.sources.values():
        graph.add_source(s)
    for e in ds.entities.values():
        graph.add_entity(e)
    for r in ds.relationships.values():
        graph.add_relationship(r)
    return graph


def load(data: Sequence[str | Path] = (), bundled: bool = True,
         show_progress: bool = True) -> KnowledgeGraph:
    """Load, validate and build the graph from the bundled dataset and/or `data` paths.

    Raises DataError with every problem found.
    """
    return graph_from_dataset(load_dataset(data, bundled=bundled, show_progress=show_progress))


@dataclass
class Validation:
    """What a successful validation read."""

    files: int
    sources: int
    entities: int
    relationships: int

    def __str__(self) -> str:
        return report.validation_text(self.files, self.sources, self.entities, self.relationships)


def validate(data: Sequence[str | Path] = (), bundled: bool = True) -> Validation:
    """Validate the data; raises DataError listing every problem, else returns the counts."""
    ds = load_dataset(data, bundled=bundled)
    return Validation(len(ds.files), len(ds.sources), len(ds.entities), len(ds.relationships))


def stats(graph: KnowledgeGraph) -> str:
    """Counts by entity type, relationship type and status, and the sources, as text."""
    return report.stats_text(graph)


def show(graph: KnowledgeGraph, name: str) -> str:
    """The entity card of an id, name or alias: its relationships in and out with sources."""
    return report.entity_card(graph, graph.resolve(name).id)


def path(graph: KnowledgeGraph, a: str, b: str, max_hops: int = 4) -> list[list[Hop]]:
    """The shortest connections between two entities named by id, name or alias."""
    return shortest_paths(graph, graph.resolve(a).id, graph.resolve(b).id, max_hops=max_hops)


def path_text(graph: KnowledgeGraph, a: str, b: str, max_hops: int = 4) -> str:
    """The shortest connections between two entities, each hop with its evidence, as text."""
    paths = path(graph, a, b, max_hops)
    return report.paths_text(graph, graph.resolve(a).id, graph.resolve(b).id, paths)


def export_json(graph: KnowledgeGraph, output: str | Path) -> ExportResult:
    """Write the JSON interchange format to `output`, atomically."""
    return JsonExporter().export(graph, output)


def export_neo4j(graph: KnowledgeGraph, uri: str = DEFAULT_URI, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 dataset: str = DEFAULT_DATASET, prune: bool = False,
                 batch_size: int = BATCH_SIZE, show_progress: bool = True,
                 workers: int = NEO4J_WORKERS) -> Neo4jExportResult:
    """MERGE the graph into a running Neo4j (constraints, nodes, relationships, all marked
    with `dataset`); a second run updates in place. With `prune`, also remove what this
    dataset exported before and no longer holds. `workers` sessions write relationships at
    once. Raises ServerError (one line) for an unreachable server, refused credentials or a
    missing database."""
    target = Neo4jTarget(Neo4jServer(uri, user, password, database), dataset, prune, batch_size,
                         show_progress, workers)
    return Neo4jExporter().export(graph, target)


def export_neo4j_import(graph: KnowledgeGraph, output: str | Path,
                        dataset: str = DEFAULT_DATASET, show_progress: bool = True) -> BundleResult:
    """Write a `neo4j-admin database import full` bundle (typed CSVs, after-import.cypher,
    README.md with the exact command) into the folder `output`, atomically."""
    return Neo4jImportExporter().export(graph, BundleTarget(Path(output), dataset, show_progress))


def export_rdf(graph: KnowledgeGraph, output: str | Path, fmt: str = "turtle",
               base_iri: str = DEFAULT_BASE_IRI, endpoint_url: str = DEFAULT_ENDPOINT,
               dump_url: str | None = None) -> ExportResult:
    """Write the graph as RDF (`turtle`, `nt`, `jsonld` or `trig`) to `output`, atomically:
    the data, the wg: vocabulary and a VoID description naming the endpoint and dump URLs."""
    return RdfExporter(fmt, base_iri, endpoint_url, dump_url).export(graph, output)


def sparql(query: str, params: Mapping[str, str] | None = None, graph: KnowledgeGraph | None = None,
           endpoint: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> SparqlResult:
    """Run a library query (by name) or a SPARQL query (its text, or a .rq file) with
    parameters, on the graph (in an embedded oxigraph store) or on a SPARQL endpoint URL."""
    return sparql_engine.run(query, params or {}, graph, endpoint, base_iri)


def sparql_text(query: str, params: Mapping[str, str] | None = None,
                graph: KnowledgeGraph | None = None, endpoint: str | None = None,
                fmt: str = "table") -> str:
    """`sparql`, rendered as a table, CSV or JSON (the SPARQL 1.1 results formats)."""
    return sparql_engine.render(sparql(query, params, graph, endpoint), fmt)


def sparql_queries() -> str:
    """The SPARQL query library: names, questions and parameters, as text."""
    return sparql_engine.library_text()


def query(graph: KnowledgeGraph, name: str, params: Mapping[str, str] | None = None,
          engine: str = "embedded", uri: str | None = None, user: str | None = None,
          password: str | None = None, database: str | None = None) -> Result:
    """Run the Cypher library query `name` with parameters (text, read by each parameter's
    kind: entity names resolve to ids) on the `embedded` engine or on `neo4j`."""
    runner = cypher_run.open_engine(engine, graph, uri, user, password, database)
    try:
        return cypher_run.run_library(runner, graph, name, params or {})
    finally:
        runner.close()


def cypher(graph: KnowledgeGraph, text: str, params: Mapping[str, str] | None = None,
           engine: str = "embedded", uri: str | None = None, user: str | None = None,
           password: str | None = None, database: str | None = None) -> Result:
    """Run ad-hoc Cypher (parameters as text, read as JSON where they are) on an engine."""
    runner = cypher_run.open_engine(engine, graph, uri, user, password, database)
    try:
        return runner.run(text, cypher_run.adhoc_params(params or {}))
    finally:
        runner.close()


def cypher_queries() -> str:
    """The Cypher query library: names, questions and parameters, as text."""
    return sparql_engine.library_text("cypher")


def serve(data: Sequence[str | Path] = (), bundled: bool = True, host: str = "127.0.0.1",
          port: int = 7878, timeout: float = 30.0, cors: bool = False,
          base_iri: str = DEFAULT_BASE_IRI, store_dir: str | Path | None = None,
          announce: Callable[[str], None] = print) -> int:
    """Serve the graph over a read-only SPARQL 1.1 endpoint until Ctrl-C.

    Builds an oxigraph store from the data (or reuses the one built from the same data),
    starts the `oxigraph` server on it, and calls `announce` with the endpoint URL and an
    example query once it listens. Returns the server's exit status.
    """
    return serve_graph(data, bundled, ServerOptions(host, port, timeout, cors), base_iri,
                       store_dir, announce, lambda: load(data, bundled=bundled))



render = publish.render
"""Publish a selection as a self-contained HTML page, an SVG or a PNG (see publish.render)."""

render_inline = inline.render_inline
"""The same page, shown in place in a notebook (see render.inline)."""


@dataclass
class BuildResult:
    """The main job's outputs."""

    graph: KnowledgeGraph
    outputs: list[ExportResult] = field(default_factory=list)


def build(out_dir: str | Path = "out", data: Sequence[str | Path] = (),
          bundled: bool = True) -> BuildResult:
    """The main job: validate, build the graph, and write every output into `out_dir`."""
    graph = load(data, bundled=bundled)
    out = Path(out_dir)
    result = BuildResult(graph)
    result.outputs.append(export_json(graph, out / "graph.json"))
    result.outputs.append(export_rdf(graph, out / "graph.ttl"))
    result.outputs.append(export_neo4j_import(graph, out / "neo4j-import"))
    if bundled:  # the article-sized examples are selections of the bundled dataset
        result.outputs += publish.write_examples(graph, out)
    return result
