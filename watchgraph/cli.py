"""The command line: thin click commands over the library functions of the same names."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from watchgraph import api, report
from watchgraph.errors import DataError, UsageError, WatchgraphError
from watchgraph.exporters.neo4j import BATCH_SIZE as NEO4J_BATCH_SIZE
from watchgraph.exporters.neo4j import WORKERS as NEO4J_WORKERS
from watchgraph.exporters.neo4j import DEFAULT_URI as DEFAULT_NEO4J_URI
from watchgraph.propertygraph.cypher import DEFAULT_DATASET
from watchgraph.exporters.rdf import FORMATS as RDF_FORMATS, SUFFIXES as RDF_SUFFIXES
from watchgraph.rdf.void import DEFAULT_ENDPOINT
from watchgraph.rdf.mapping import DEFAULT_BASE_IRI
from watchgraph.graph.select import Filters
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import parse_params
from watchgraph.queries import cypher_run
from watchgraph.queries.results import FORMATS, render as render_result
from watchgraph.queries.sparql_engine import FORMATS as SPARQL_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


class Group(click.Group):
    """Turns the library's errors into one line each (no traceback) and their exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WatchgraphError as exc:
            prefix = "" if isinstance(exc, DataError) else "Error: "
            for line in exc.lines():
                click.echo(prefix + line, err=True)
            ctx.exit(exc.exit_code)


def data_options(fn: F) -> F:
    """`--data PATH` (repeatable) and `--no-bundled`, turned into a loaded graph argument."""

    @click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
                  metavar="PATH", help="A data file or folder to add (repeatable).")
    @click.option("--no-bundled", is_flag=True, help="Leave out the bundled dataset.")
    @functools.wraps(fn)
    def wrapper(*args: Any, data: tuple[Path, ...], no_bundled: bool, **kwargs: Any) -> Any:
        return fn(*args, data=data, bundled=not no_bundled, **kwargs)

    return wrapper  # type: ignore[return-value]


def _graph(data: tuple[Path, ...], bundled: bool) -> KnowledgeGraph:
    return api.load(data, bundled=bundled)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="watchgraph")
def cli() -> None:
    """watchgraph: who watches whom, with the evidence for every relationship."""


@cli.command()
@data_options
def validate(data: tuple[Path, ...], bundled: bool) -> None:
    """Check the data against the schema; list every problem with its file and line."""
    click.echo(str(api.validate(data, bundled=bundled)))


@cli.command()
@data_options
def stats(data: tuple[Path, ...], bundled: bool) -> None:
    """Counts by entity type, relationship type and status; the sources."""
    click.echo(api.stats(_graph(data, bundled)))


@cli.command()
@click.argument("name")
@data_options
def show(name: str, data: tuple[Path, ...], bundled: bool) -> None:
    """An entity card: every relationship in and out, with its sources."""
    click.echo(api.show(_graph(data, bundled), name))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(min=1), default=4, show_default=True,
              help="The longest connection to look for.")
@data_options
def path(a: str, b: str, max_hops: int, data: tuple[Path, ...], bundled: bool) -> None:
    """The shortest connections between two entities, each hop with its sources."""
    click.echo(api.path_text(_graph(data, bundled), a, b, max_hops=max_hops))


@cli.group(cls=Group)
def export() -> None:
    """Write the graph in another format."""


@export.command("json")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced atomically).")
@data_options
def export_json(output: Path, data: tuple[Path, ...], bundled: bool) -> None:
    """The JSON interchange format: nodes, edges with citations, sources."""
    result = api.export_json(_graph(data, bundled), output)
    click.echo(report.written_text(result.target, result.counts))


@export.command("neo4j")
@click.option("--uri", envvar="NEO4J_URI", default=DEFAULT_NEO4J_URI, show_default=True,
              help="The Neo4j server's Bolt URI  [env: NEO4J_URI]")
@click.option("--user", envvar="NEO4J_USER", default=None,
              help="Neo4j user, with --password  [env: NEO4J_USER; default: neo4j]")
@click.option("--password", envvar="NEO4J_PASSWORD", default=None,
              help="Neo4j password; none for a server with auth off  [env: NEO4J_PASSWORD]")
@click.option("--database", envvar="NEO4J_DATABASE", default=None,
              help="The database  [env: NEO4J_DATABASE; default: the server's default]")
@click.option("--dataset-name", "dataset", default=DEFAULT_DATASET, show_default=True,
              help="The name marking what this export writes (wgDatasets), for --prune.")
@click.option("--prune", is_flag=True,
              help="Also remove what this dataset exported before and no longer holds.")
@click.option("--batch-size", type=click.IntRange(min=1), default=NEO4J_BATCH_SIZE,
              show_default=True, help="Rows per transaction.")
@click.option("--workers", type=click.IntRange(min=1), default=NEO4J_WORKERS,
              show_default=True, help="Sessions writing relationships at once.")
@data_options
def export_neo4j(uri: str, user: str | None, password: str | None, database: str | None,
                 dataset: str, prune: bool, batch_size: int, workers: int,
                 data: tuple[Path, ...], bundled: bool) -> None:
    """MERGE the graph into a running Neo4j; re-running updates in place."""
    result = api.export_neo4j(_graph(data, bundled), uri, user, password, database, dataset,
                              prune, batch_size, workers=workers)
    click.echo(report.neo4j_export_text(result))


@export.command("neo4j-import")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (replaced atomically).")
@click.option("--dataset-name", "dataset", default=DEFAULT_DATASET, show_default=True,
              help="The name marking the imported data (wgDatasets), as export neo4j does.")
@data_options
def export_neo4j_import(output: Path, dataset: str, data: tuple[Path, ...], bundled: bool) -> None:
    """A neo4j-admin database import bundle: typed CSVs and a README with the command."""
    result = api.export_neo4j_import(_graph(data, bundled), output, dataset)
    click.echo(report.written_text(result.target, result.counts))


@export.command("rdf")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced atomically).")
@click.option("--format", "fmt", type=click.Choice(RDF_FORMATS), default=None,
              help="turtle, nt (N-Triples), jsonld (JSON-LD with its context) or trig (named "
                   "graphs)  [default: from the file name's suffix, else turtle]")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="The base of every entity, relationship and source IRI.")
@click.option("--endpoint-url", default=DEFAULT_ENDPOINT, show_default=True,
              help="The SPARQL endpoint the VoID description names.")
@click.option("--dump-url", default=None,
              help="Where the VoID description says the dump is  [default: BASE-IRI + graph.nt]")
@data_options
def export_rdf(output: Path, fmt: str | None, base_iri: str, endpoint_url: str,
               dump_url: str | None, data: tuple[Path, ...], bundled: bool) -> None:
    """RDF in standard vocabularies, every relationship with its PROV evidence, plus the wg:
    vocabulary and a VoID description."""
    fmt = fmt or {s: f for f, s in RDF_SUFFIXES.items()}.get(output.suffix, "turtle")
    result = api.export_rdf(_graph(data, bundled), output, fmt, base_iri, endpoint_url, dump_url)
    click.echo(report.written_text(result.target, result.counts))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; any but a loopback one lets other machines in.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True,
              help="The port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Stop a query that runs longer than this many seconds.")
@click.option("--cors", is_flag=True, help="Allow queries from web pages on other sites (CORS).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="The base of every entity, relationship and source IRI.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to keep the oxigraph store  [default: ~/.cache/watchgraph/oxigraph]")
@data_options
def serve(host: str, port: int, timeout: float, cors: bool, base_iri: str, store_dir: Path | None,
          data: tuple[Path, ...], bundled: bool) -> None:
    """A read-only SPARQL 1.1 endpoint over the graph (the oxigraph server), until Ctrl-C."""
    code = api.serve(data, bundled, host, port, timeout, cors, base_iri, store_dir, click.echo)
    sys.exit(code)


@cli.command()
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A value for the query's $KEY (repeatable).")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL endpoint (e.g. http://127.0.0.1:7878/query) instead of the "
                   "embedded store.")
@click.option("--format", "fmt", type=click.Choice(SPARQL_FORMATS), default="table",
              show_default=True, help="table for reading; csv or json (SPARQL 1.1 results).")
@click.option("--list", "list_queries", is_flag=True, help="List the library queries.")
@data_options
def sparql(query: str | None, params: tuple[str, ...], endpoint: str | None, fmt: str,
           list_queries: bool, data: tuple[Path, ...], bundled: bool) -> None:
    """Run a library query by NAME, or SPARQL text, on the graph or on an endpoint."""
    if list_queries:
        click.echo(api.sparql_queries(), nl=False)
        return
    if not query:
        raise UsageError("give a query name or SPARQL text; `watchgraph sparql --list` lists "
                         "the library")
    graph = None if endpoint else _graph(data, bundled)
    click.echo(api.sparql_text(query, parse_params(params), graph, endpoint, fmt), nl=False)


def cypher_options(fn: F) -> F:
    """--param, --engine, --uri, --user, --password, --database and --format, for Cypher."""
    for option in reversed([
        click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
                     help="A value for the query's $KEY (repeatable)."),
        click.option("--engine", type=click.Choice(cypher_run.ENGINES), default="embedded",
                     show_default=True, help="embedded (LadybugDB, no server) or neo4j."),
        click.option("--uri", metavar="URI", help="The Neo4j server  [default: $NEO4J_URI]"),
        click.option("--user", help="Neo4j user  [default: $NEO4J_USER]"),
        click.option("--password", help="Neo4j password  [default: $NEO4J_PASSWORD]"),
        click.option("--database", help="Neo4j database  [default: the server's default]"),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                     show_default=True, help="table for reading; csv or json for programs."),
    ]):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the library queries.")
@cypher_options
@data_options
def query(name: str | None, list_queries: bool, params: tuple[str, ...], engine: str,
          uri: str | None, user: str | None, password: str | None, database: str | None,
          fmt: str, data: tuple[Path, ...], bundled: bool) -> None:
    """Run a Cypher library query by NAME, with --param KEY=VALUE for its parameters."""
    if list_queries:
        click.echo(api.cypher_queries(), nl=False)
        return
    if not name:
        raise UsageError("give a query name; `watchgraph query --list` lists the library")
    result = api.query(_graph(data, bundled), name, parse_params(params), engine, uri, user,
                       password, database)
    click.echo(render_result(result, fmt, sys.stdout.isatty()), nl=False)


@cli.command()
@click.argument("text")
@cypher_options
@data_options
def cypher(text: str, params: tuple[str, ...], engine: str, uri: str | None, user: str | None,
           password: str | None, database: str | None, fmt: str, data: tuple[Path, ...],
           bundled: bool) -> None:
    """Run ad-hoc Cypher TEXT on the embedded engine or on Neo4j."""
    result = api.cypher(_graph(data, bundled), text, parse_params(params), engine, uri, user,
                        password, database)
    click.echo(render_result(result, fmt, sys.stdout.isatty()), nl=False)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write (replaced atomically)  [default: graph.FORMAT]")
@click.option("--format", "fmt", type=click.Choice(["html", "svg", "png"]), default=None,
              help="html: one self-contained interactive page; svg or png: for print  "
                   "[default: the output's suffix, else html]")
@click.option("--around", metavar="NAME", help="Only the entities within --hops of this one.")
@click.option("--hops", type=int, default=None, help="How far --around reaches  [default: 1]")
@click.option("--path", nargs=2, metavar="A B", default=None,
              help="Only the shortest connections between two entities.")
@click.option("--max-hops", type=click.IntRange(min=1), default=None,
              help="The longest connection --path looks for  [default: 4]")
@click.option("--entity-type", "entity_types", multiple=True, metavar="TYPE",
              help="Keep only entities of this type (repeatable).")
@click.option("--relationship-type", "relationship_types", multiple=True, metavar="TYPE",
              help="Keep only relationships of this type (repeatable).")
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help="Keep only relationships with this status (repeatable).")
@click.option("--source", "sources", multiple=True, metavar="ID",
              help="Keep only relationships citing this source (repeatable).")
@click.option("--as-of", metavar="DATE", help="Keep what may have held then (YYYY[-MM[-DD]]).")
@click.option("--since", metavar="DATE", help="Keep what may have held on or after DATE.")
@click.option("--until", metavar="DATE", help="Keep what may have held on or before DATE.")
@click.option("--title", help="The headline  [default: says what is selected]")
@click.option("--caption", default="", help="The caption under the headline.")
@click.option("--credit", default=None, help="The credit line.")
@click.option("--width", type=int, default=None, help="Picture width in pixels (svg, png).")
@click.option("--height", type=int, default=None, help="Picture height in pixels (svg, png).")
@data_options
def render(output: Path | None, fmt: str | None, around: str | None, hops: int | None,
           path: tuple[str, str] | None, max_hops: int | None, entity_types: tuple[str, ...],
           relationship_types: tuple[str, ...], statuses: tuple[str, ...],
           sources: tuple[str, ...], as_of: str | None, since: str | None, until: str | None,
           title: str | None, caption: str, credit: str | None, width: int | None,
           height: int | None, data: tuple[Path, ...], bundled: bool) -> None:
    """Publish a selection: a self-contained HTML page, or an SVG or PNG for print."""
    filters = Filters(entity_types, relationship_types, statuses, sources, as_of, since, until)
    output = output or Path(f"graph.{fmt or 'html'}")
    result = api.render(_graph(data, bundled), output, fmt=fmt, around=around, hops=hops,
                        path=path, max_hops=max_hops, filters=filters, title=title,
                        caption=caption, credit=credit, width=width, height=height)
    click.echo(report.written_text(result.target, result.counts))


@cli.command()
@click.option("-o", "--out", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The folder to write into.")
@data_options
def build(out_dir: Path, data: tuple[Path, ...], bundled: bool) -> None:
    """The main job: validate, build the graph, write every output, and summarise."""
    result = api.build(out_dir, data, bundled=bundled)
    click.echo(report.build_text(result.graph, [report.written_text(o.target, o.counts)
                                                for o in result.outputs]))


def main() -> None:
    """The `watchgraph` console script."""
    cli(prog_name="watchgraph")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
