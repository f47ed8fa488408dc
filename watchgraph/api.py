"""The library: one function behind each CLI command, same names, keyword arguments after
the graph, returning data (records, tables, what was written). `report.py` makes the
text the CLI prints from what these return; errors name the parameter at fault."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchgraph.errors import Problem, UsageError, param
from watchgraph.propertygraph.bolt import DEFAULT_URI
from watchgraph.propertygraph.cypher import DEFAULT_DATASET
from watchgraph.rdf import DEFAULT_BASE_IRI

# What a command does not use is imported inside the functions that use it (the exporter
# registry, loading and validation, the query catalog, the records), so that each command
# loads only what it needs: a command run again on the same data reads its graph from the
# graph cache, and the rest of its start-up is imports.

if TYPE_CHECKING:
    from watchgraph.exporters.neo4j import Neo4jExportResult
    from watchgraph.exporters.neo4j_import import BundleResult
    from watchgraph.graph.schema import Schema
    from watchgraph.graph.select import Filters
    from watchgraph.graph.store import KnowledgeGraph
    from watchgraph.graph.validate import Dataset
    from watchgraph.output import Written
    from watchgraph.queries.catalog import Query, Question
    from watchgraph.queries.results import Result
    from watchgraph.queries.sparql_engine import SparqlResult
    from watchgraph.records import (
        CrosswalkWritten,
        Duplicates,
        EntityCard,
        PathResult,
        SearchResult,
        Stats,
    )


def __getattr__(name: str) -> Any:
    if name == "ExportResult":  # what every export returns: output.Written (imported when asked)
        from watchgraph.output import Written

        return Written
    raise AttributeError(f"module 'watchgraph.api' has no attribute {name!r}")


def graph_from_dataset(ds: Dataset, schema: Schema | None = None) -> KnowledgeGraph:
    """A KnowledgeGraph holding a validated dataset's records (and its warnings)."""
    from watchgraph.loaders.dataset import build_graph

    return build_graph(ds, schema)


def load(data: Sequence[str | Path] = (), bundled: bool = True,
         show_progress: bool = True, strict: bool = False) -> KnowledgeGraph:
    """Load, validate and build the graph from the bundled dataset and/or `data` paths.

    Raises DataError with every problem found; what does not stop loading (a citation
    without a quote in a user's file) is in the graph's `warnings`, and an error with
    `strict`. The same data loaded again by the same code comes from the graph cache
    (loaders/graph_cache.py).
    """
    from watchgraph.loaders.graph_cache import load_graph

    return load_graph(data, bundled=bundled, show_progress=show_progress, strict=strict)


@dataclass
class Validation:
    """What a successful validation read."""

    files: int
    sources: int
    entities: int
    relationships: int
    warnings: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        from watchgraph import report

        return report.validation_text(self.files, self.sources, self.entities, self.relationships)


def validate(data: Sequence[str | Path] = (), bundled: bool = True,
             strict: bool = False) -> Validation:
    """Validate the data; raises DataError listing every problem, else returns the counts
    and the warnings (errors with `strict`)."""
    from watchgraph.loaders.dataset import load_dataset, located_warnings

    ds = load_dataset(data, bundled=bundled, strict=strict)
    return Validation(len(ds.files), len(ds.sources), len(ds.entities), len(ds.relationships),
                      located_warnings(ds))


def dedupe(data: Sequence[str | Path] = (), bundled: bool = True, *, min_score: float = 85,
           strict: bool = False, show_progress: bool = True) -> Duplicates:
    """Likely duplicates among the loaded entities that the resolution rules did not merge
    and no crosswalk decides, scoring at least `min_score` (0 to 100), best first, each
    with its reasons (see loaders/dedupe.py). Nothing is merged: `confirm_duplicates`
    writes a curator's decisions into a crosswalk."""
    from watchgraph.graph.schema import load_schema
    from watchgraph.loaders.dataset import load_dataset
    from watchgraph.loaders.dedupe import candidates, decided_pairs
    from watchgraph.loaders.resolve import Resolver
    from watchgraph.records import Duplicates

    if not 0 <= min_score <= 100:
        raise UsageError(f"{param('min_score')} must be between 0 and 100, not {min_score:g}",
                         param="min_score")
    resolver = Resolver(load_schema())
    ds = load_dataset(data, bundled=bundled, strict=strict, show_progress=show_progress,
                      resolver=resolver)
    decided = decided_pairs(resolver.decisions, resolver.resolution.merged)
    return Duplicates(candidates(ds.entities.values(), decided, min_score), min_score)


def require_decider(decided_by: str) -> None:
    """UsageError unless `decided_by` names someone: a crosswalk records who decided."""
    if not decided_by.strip():
        raise UsageError(f"{param('decided_by')} is needed: the crosswalk records who decided",
                         param="decided_by")


def confirm_duplicates(duplicates: Duplicates, write_crosswalk: str | Path, *,
                       confirm: Sequence[int] = (), reject: Sequence[int] = (),
                       decided_by: str = "", reason: str | None = None) -> CrosswalkWritten:
    """Append a curator's decisions on a `dedupe` listing to the crosswalk file
    `write_crosswalk` (made if missing), atomically: the candidates numbered in `confirm`
    are one entity (`same_as`), those in `reject` two (`not_same_as`). `decided_by` says
    who decided; `reason` why (by default, the listing's reasons). With no pair decided,
    nothing is written."""
    from watchgraph.loaders.crosswalk import Decision, append
    from watchgraph.records import CrosswalkWritten

    require_decider(decided_by)
    count = len(duplicates.candidates)
    for name, numbers in (("confirm", confirm), ("reject", reject)):
        wrong = [n for n in numbers if not 1 <= n <= count]
        if wrong:
            raise UsageError(f"{param(name)} {wrong[0]} is not a number of the listing (1 to "
                             f"{count})", param=name)
    both = sorted(set(confirm) & set(reject))
    if both:
        raise UsageError(f"{param('confirm')} and {param('reject')} both name {both[0]}",
                         param="confirm")
    rows = []
    for relation, numbers in (("same_as", confirm), ("not_same_as", reject)):
        for n in dict.fromkeys(numbers):
            c = duplicates.candidates[n - 1]
            why = reason or "watchgraph dedupe: " + ", ".join(c.reasons)
            rows.append(Decision(c.a.id, relation, c.b.id, decided_by.strip(), why))
    added = append(write_crosswalk, rows) if rows else 0
    return CrosswalkWritten(str(write_crosswalk), rows, added)


def stats(graph: KnowledgeGraph) -> Stats:
    """Counts by entity type, relationship type and status, and the sources with their use."""
    from watchgraph.records import Stats

    return Stats.of(graph)


def show(graph: KnowledgeGraph, name: str) -> EntityCard:
    """The entity card of an id, name or alias: its relationships in and out with sources."""
    from watchgraph.records import EntityCard

    return EntityCard.of(graph, graph.resolve(name).id)


def search(graph: KnowledgeGraph, text: str, *, types: Sequence[str] = (),
           limit: int = 20) -> SearchResult:
    """The entities a text finds by name, alias, role or description (a word of the name, a
    misspelling, an abbreviation), best first; `types` narrows them to some entity types."""
    from watchgraph.graph.search import search as find
    from watchgraph.graph.select import checked_types
    from watchgraph.records import SearchResult

    return SearchResult(text, find(graph, text, checked_types(graph, types), limit))


def path(graph: KnowledgeGraph, a: str, b: str, *, max_hops: int = 4,
         include_denied: bool = False) -> PathResult:
    """The shortest connections between two entities named by id, name or alias, each hop
    with every relationship joining its two ends; a claim that is only denied joins
    nothing unless `include_denied`."""
    from watchgraph.graph.select import shortest_paths
    from watchgraph.records import PathResult

    start, end = graph.resolve(a), graph.resolve(b)
    return PathResult(graph, start, end, shortest_paths(graph, start.id, end.id, max_hops=max_hops,
                                                        include_denied=include_denied))


def export(graph: KnowledgeGraph, target: str, **options: Any) -> Written:
    """Write the graph with the exporter named `target` (`json`, `rdf`, `neo4j`,
    `neo4j-import`, `ftm`, `gexf`, `graphml`, `csv`), built with its options (see each
    exporter's `options`). An `output` that would overwrite one of the graph's inputs is
    refused (UsageError)."""
    from watchgraph.exporters.registry import exporter_class
    from watchgraph.output import refuse_inputs

    if options.get("output") is not None:
        refuse_inputs(options["output"], graph.inputs, "output")
    return exporter_class(target)(**options).export(graph)


def export_json(graph: KnowledgeGraph, output: str | Path) -> Written:
    """Write the JSON interchange format to `output`, atomically."""
    return export(graph, "json", output=output)


def export_neo4j(graph: KnowledgeGraph, uri: str = DEFAULT_URI, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 dataset: str = DEFAULT_DATASET, prune: bool = False,
                 batch_size: int | None = None, show_progress: bool = True,
                 workers: int | None = None) -> Neo4jExportResult:
    """MERGE the graph into a running Neo4j (constraints, nodes, relationships, all marked
    with `dataset`); a second run updates in place. With `prune`, also remove what this
    dataset exported before and no longer holds. `workers` sessions write relationships at
    once. Raises ServerError (one line) for an unreachable server, refused credentials or a
    missing database."""
    sizes = {k: v for k, v in (("batch_size", batch_size), ("workers", workers)) if v is not None}
    result: Neo4jExportResult = export(  # type: ignore[assignment]
        graph, "neo4j", uri=uri, user=user, password=password, database=database,
        dataset_name=dataset, prune=prune, show_progress=show_progress, **sizes)
    return result


def export_neo4j_import(graph: KnowledgeGraph, output: str | Path,
                        dataset: str = DEFAULT_DATASET, show_progress: bool = True) -> BundleResult:
    """Write a `neo4j-admin database import full` bundle (typed CSVs, after-import.cypher,
    README.md with the exact command) into the folder `output`, atomically."""
    result: BundleResult = export(graph, "neo4j-import", output=output,  # type: ignore[assignment]
                                  dataset_name=dataset, show_progress=show_progress)
    return result


def export_rdf(graph: KnowledgeGraph, output: str | Path, fmt: str | None = None,
               base_iri: str = DEFAULT_BASE_IRI, endpoint_url: str | None = None,
               dump_url: str | None = None) -> Written:
    """Write the graph as RDF (`turtle`, `nt`, `jsonld` or `trig`; by default from the
    file name's suffix) to `output`, atomically: the data, the wg: vocabulary and a VoID
    description naming the endpoint (by default rdf.void's DEFAULT_ENDPOINT) and dump URLs."""
    endpoint = {"endpoint_url": endpoint_url} if endpoint_url is not None else {}
    return export(graph, "rdf", output=output, format=fmt, base_iri=base_iri,
                  dump_url=dump_url, **endpoint)


def sparql(query: str, params: Mapping[str, str] | None = None, graph: KnowledgeGraph | None = None,
           endpoint: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> SparqlResult:
    """Run a library query (by name) or a SPARQL query (its text, or a .rq file) with
    parameters, on the graph (in an embedded oxigraph store) or on a SPARQL endpoint URL."""
    from watchgraph.queries import sparql_engine

    return sparql_engine.run(query, params or {}, graph, endpoint, base_iri)


def sparql_queries() -> list[Query]:
    """The SPARQL query library."""
    from watchgraph.queries.catalog import load_catalog

    return list(load_catalog("sparql").values())


def query(graph: KnowledgeGraph | None, name: str, params: Mapping[str, str] | None = None,
          engine: str = "embedded", uri: str | None = None, user: str | None = None,
          password: str | None = None, database: str | None = None, *,
          endpoint: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> Result:
    """Ask the catalog's question `name` with parameters (text, read by each parameter's
    kind: entity names resolve to ids) on the `embedded` engine, on `neo4j`, or in `sparql`
    (on the graph's store, or on `endpoint`); the same columns and rows on each."""
    from watchgraph.queries.ask import ask

    return ask(name, params or {}, engine, graph, endpoint=endpoint, uri=uri, user=user,
               password=password, database=database, base_iri=base_iri)


def questions() -> list[Question]:
    """The catalog of questions."""
    from watchgraph.queries.catalog import load_questions

    return list(load_questions().values())


def cypher(graph: KnowledgeGraph, text: str, params: Mapping[str, str] | None = None,
           engine: str = "embedded", uri: str | None = None, user: str | None = None,
           password: str | None = None, database: str | None = None) -> Result:
    """Run ad-hoc Cypher (parameters as text, read as JSON where they are) on an engine."""
    from watchgraph.queries import cypher_run

    runner = cypher_run.open_engine(engine, graph, uri, user, password, database)
    try:
        return runner.run(text, cypher_run.adhoc_params(params or {}))
    finally:
        runner.close()


def cypher_queries() -> list[Query]:
    """The Cypher query library."""
    from watchgraph.queries.catalog import load_catalog

    return list(load_catalog("cypher").values())


def serve(data: Sequence[str | Path] = (), bundled: bool = True, host: str = "127.0.0.1",
          port: int = 7878, timeout: float = 30.0, cors: bool = False,
          base_iri: str = DEFAULT_BASE_IRI, store_dir: str | Path | None = None,
          announce: Callable[[str], None] = print, *, max_memory: int = 1024,
          allow_federation: bool = False, workers: int = 4, allocator: str = "auto") -> int:
    """Serve the graph over a read-only SPARQL 1.1 endpoint until Ctrl-C.

    Builds an oxigraph store from the data (or reuses the one built from the same data),
    starts `workers` read-only `oxigraph` servers on it behind a guarding front on
    `host`:`port`, and calls `announce` with each line saying where it listens, with an
    example query, once it does. The front refuses oversized or too deeply nested queries
    and, unless `allow_federation`, SERVICE; it stops a query at `timeout` seconds or when
    its worker passes `max_memory` MB, answering with an error, and replaces the worker.
    The workers run with `allocator`: mimalloc, the C library's ("system"), or mimalloc when
    it is installed ("auto"; serve/allocator.py). Returns 0 after Ctrl-C.
    """
    from watchgraph import report
    from watchgraph.serve.endpoint import serve_graph
    from watchgraph.serve.server import ServerOptions

    def ready(opts: ServerOptions, info: Any) -> None:
        for line in report.serve_announcement(opts, info):
            announce(line)

    code = serve_graph(data, bundled, ServerOptions(host, port, timeout, cors, max_memory, allow_federation,
                                                     workers, allocator), base_iri,
                       store_dir, ready, lambda: load(data, bundled=bundled))
    announce("stopped")
    return code


def render(graph: KnowledgeGraph, output: str | Path, *, fmt: str | None = None,
           around: str | None = None, hops: int | None = None,
           path: tuple[str, str] | None = None, max_hops: int | None = None,
           filters: Filters | None = None, title: str | None = None, caption: str = "",
           credit: str | None = None, width: int | None = None,
           height: int | None = None, include_denied: bool = False) -> Written:
    """Publish a selection as a self-contained HTML page, an SVG or a PNG (see
    render.publish.publish)."""
    from watchgraph.output import refuse_inputs
    from watchgraph.render import publish

    refuse_inputs(output, graph.inputs, "output")
    return publish.publish(graph, output, fmt=fmt, around=around, hops=hops, path=path,
                           max_hops=max_hops, filters=filters, title=title, caption=caption,
                           credit=credit, width=width, height=height,
                           include_denied=include_denied)


def render_inline(graph: KnowledgeGraph, **options: Any) -> Any:
    """The same page, shown in place in a notebook (see render.inline.show_inline)."""
    from watchgraph.render import inline

    return inline.show_inline(graph, **options)


@dataclass
class BuildResult:
    """The main job's outputs."""

    graph: KnowledgeGraph
    outputs: list[Written] = field(default_factory=list)


def build(out_dir: str | Path = "out", data: Sequence[str | Path] = (),
          bundled: bool = True) -> BuildResult:
    """The main job: validate, build the graph, and write into `out_dir` every output that
    an exporter names for it (the JSON, the Turtle, the neo4j-admin bundle) and, from the
    bundled dataset, the article-sized examples."""
    from watchgraph.exporters.registry import exporter_class, exporter_names
    from watchgraph.loaders.inputs import bundled_data_dir
    from watchgraph.output import refuse_inputs
    from watchgraph.render import publish

    refuse_inputs(out_dir, [*data, *([bundled_data_dir()] if bundled else [])], "out_dir")
    graph = load(data, bundled=bundled)
    out = Path(out_dir)
    result = BuildResult(graph)
    for name in exporter_names():
        cls = exporter_class(name)
        if cls.build_output:
            result.outputs.append(export(graph, name, output=out / cls.build_output))
    if bundled:  # the article-sized examples are selections of the bundled dataset
        result.outputs += publish.write_examples(graph, out)
    return result
