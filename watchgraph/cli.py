"""The command line: thin click commands over the library functions of the same names."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from watchgraph.errors import DataError, UsageError, WatchgraphError, spell
from watchgraph.queries import ENGINES, QUERY_ENGINES
from watchgraph.queries.results import FORMATS
from watchgraph.rdf import DEFAULT_BASE_IRI
from watchgraph.serve.allocator import ALLOCATORS

if TYPE_CHECKING:
    from watchgraph.exporters.base import Exporter, Option
    from watchgraph.graph.store import KnowledgeGraph

# The library (watchgraph.api) and the text reports are imported inside the commands, so
# that `watchgraph --help` starts at once and each command loads only what it uses.

F = TypeVar("F", bound=Callable[..., Any])


class Group(click.Group):
    """Turns the library's errors into one line each (no traceback) and their exit codes,
    each parameter they name spelled as its option."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WatchgraphError as exc:
            prefix = "" if isinstance(exc, DataError) else "Error: "
            for i, line in enumerate(exc.lines(flag)):
                click.echo((prefix if i == 0 or isinstance(exc, DataError) else "") + line, err=True)
            ctx.exit(exc.exit_code)


@functools.lru_cache(maxsize=1)
def _flags() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(cmd: click.Command) -> None:
        for p in cmd.params:
            longs = [o for o in p.opts if o.startswith("--")]
            if isinstance(p, click.Option) and longs:
                found.setdefault(p.name or "", longs[0])
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(cli)
    return found


def flag(name: str) -> str:
    """The option of a library parameter: `max_hops` -> `--max-hops`."""
    return _flags().get(name) or "--" + name.replace("_", "-")


def data_options(fn: F) -> F:
    """`--data PATH` (repeatable) and `--no-bundled`, turned into a loaded graph argument."""

    @click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
                  metavar="PATH", help="A data file or folder to add (repeatable).")
    @click.option("--no-bundled", is_flag=True, help="Leave out the bundled dataset.")
    @click.option("--strict", is_flag=True,
                  help="Treat warnings about the data (a citation without a quote) as errors.")
    @functools.wraps(fn)
    def wrapper(*args: Any, data: tuple[Path, ...], no_bundled: bool, strict: bool,
                **kwargs: Any) -> Any:
        click.get_current_context().meta[STRICT] = strict
        return fn(*args, data=data, bundled=not no_bundled, **kwargs)

    return wrapper  # type: ignore[return-value]


WARNINGS_SHOWN = 50
"""How many warnings `validate` prints one by one."""
STRICT = "watchgraph.strict"  # the context's meta key: the command's --strict


def _strict() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(STRICT))


def _graph(data: tuple[Path, ...], bundled: bool) -> KnowledgeGraph:
    from watchgraph import api

    graph = api.load(data, bundled=bundled, strict=_strict())
    if graph.warnings:
        n = len(graph.warnings)
        click.echo(f"warning: {n} problem{'s' if n > 1 else ''} in the data that do not stop "
                   "it loading; `watchgraph validate` lists them", err=True)
    return graph


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="watchgraph")
def cli() -> None:
    """watchgraph: who watches whom, with the evidence for every relationship."""


@cli.command()
@data_options
def validate(data: tuple[Path, ...], bundled: bool) -> None:
    """Check the data against the schema; list every problem with its file and line."""
    from watchgraph import api

    result = api.validate(data, bundled=bundled, strict=_strict())
    shown = result.warnings[:WARNINGS_SHOWN]
    for problem in shown:
        click.echo("warning: " + problem.text(flag), err=True)
    if len(result.warnings) > len(shown):
        click.echo(f"warning: {len(result.warnings) - len(shown):,} more; {flag('strict')} makes "
                   "them errors and lists them all", err=True)
    click.echo(str(result))


def format_option(fn: F) -> F:
    """`--format text|json` for a command that prints a record."""
    option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                          show_default=True, help="text for reading; json for programs.")
    return option(fn)


def _record(record: Any, fmt: str) -> str:
    from watchgraph import report

    return report.as_json(record) if fmt == "json" else str(record)


@cli.command()
@format_option
@data_options
def stats(fmt: str, data: tuple[Path, ...], bundled: bool) -> None:
    """Counts by entity type, relationship type and status; the sources."""
    from watchgraph import api

    click.echo(_record(api.stats(_graph(data, bundled)), fmt))


@cli.command()
@click.option("--min-score", type=click.FloatRange(0, 100), default=85, show_default=True,
              help="List only pairs scoring at least this (0 to 100).")
@click.option("--write-crosswalk", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Append the decisions to this crosswalk CSV (made if missing).")
@click.option("--confirm", "confirm", multiple=True, metavar="N[,N...]",
              help="With --write-crosswalk: numbers of the listing that are one entity (same_as).")
@click.option("--reject", "reject", multiple=True, metavar="N[,N...]",
              help="With --write-crosswalk: numbers of the listing that are two (not_same_as).")
@click.option("--decided-by", metavar="NAME", default="",
              help="With --write-crosswalk: who decided (recorded with each decision).")
@click.option("--reason", default=None,
              help="With --write-crosswalk: why  [default: the listing's reasons]")
@format_option
@data_options
def dedupe(min_score: float, write_crosswalk: Path | None, confirm: tuple[str, ...],
           reject: tuple[str, ...], decided_by: str, reason: str | None, fmt: str,
           data: tuple[Path, ...], bundled: bool) -> None:
    """List likely duplicates that the rules did not merge, with a score and the reasons.

    Nothing is merged by a score: confirm pairs into a crosswalk (--write-crosswalk FILE
    with --confirm/--reject N, the numbers of this listing, or answer for each pair when
    run on a terminal), then load the crosswalk with --data.
    """
    from watchgraph import api

    same, different = _numbers(confirm, "confirm"), _numbers(reject, "reject")
    if write_crosswalk is None and (same or different):
        raise UsageError(f"{flag('confirm')} and {flag('reject')} need "
                         f"{flag('write_crosswalk')} FILE", param="write_crosswalk")
    if write_crosswalk is not None:
        if not same and not different and not sys.stdin.isatty():
            raise UsageError(f"name the pairs to write with {flag('confirm')} N (one entity) or "
                             f"{flag('reject')} N (two), or run it on a terminal to be asked",
                             param="confirm")
        api.require_decider(decided_by)  # before the data is loaded
    result = api.dedupe(data, bundled=bundled, min_score=min_score, strict=_strict())
    click.echo(_record(result, fmt))
    if write_crosswalk is None:
        return
    if not same and not different:
        same, different = _ask(result)
    written = api.confirm_duplicates(result, write_crosswalk, confirm=same, reject=different,
                                     decided_by=decided_by, reason=reason)
    click.echo(_record(written, fmt), err=fmt == "json")


def _numbers(values: tuple[str, ...], name: str) -> list[int]:
    out = []
    for value in values:
        for part in value.split(","):
            if not part.strip().isdigit():
                raise UsageError(f"{flag(name)} wants numbers of the listing (e.g. 1,3), not "
                                 f"{part.strip()!r}", param=name)
            out.append(int(part))
    return out


def _ask(result: Any) -> tuple[list[int], list[int]]:
    """Ask, pair by pair, on the terminal: one entity (y), two (n), skip (s) or stop (q)."""
    same: list[int] = []
    different: list[int] = []
    for n in range(1, len(result.candidates) + 1):
        click.echo(result.line(n), err=True)
        answer = click.prompt("one entity? y (same_as), n (not_same_as), s (skip), q (stop)",
                              type=click.Choice(["y", "n", "s", "q"]), default="s",
                              show_choices=False, err=True)
        if answer == "q":
            break
        if answer in "yn":
            (same if answer == "y" else different).append(n)
    return same, different


@cli.command()
@click.argument("name")
@format_option
@data_options
def show(name: str, fmt: str, data: tuple[Path, ...], bundled: bool) -> None:
    """An entity card: every relationship in and out, with its sources."""
    from watchgraph import api

    click.echo(_record(api.show(_graph(data, bundled), name), fmt))


@cli.command()
@click.argument("text")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Only entities of this type (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="The most entities to list.")
@format_option
@data_options
def search(text: str, types: tuple[str, ...], limit: int, fmt: str, data: tuple[Path, ...],
           bundled: bool) -> None:
    """Find entities by a word of their name, an alias, their role or their description."""
    from watchgraph import api

    click.echo(_record(api.search(_graph(data, bundled), text, types=types, limit=limit), fmt))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(min=1), default=4, show_default=True,
              help="The longest connection to look for.")
@click.option("--include-denied", is_flag=True,
              help="Let claims that are only denied join entities too.")
@data_options
def path(a: str, b: str, max_hops: int, include_denied: bool, data: tuple[Path, ...],
         bundled: bool) -> None:
    """The shortest connections between two entities, each hop with its sources."""
    from watchgraph import api

    click.echo(str(api.path(_graph(data, bundled), a, b, max_hops=max_hops,
                            include_denied=include_denied)))


class ExportGroup(Group):
    """`watchgraph export NAME`: one command per exporter in the registry, made when asked
    for (so that the exporters are imported only by an export)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from watchgraph.exporters.registry import exporter_names

        return sorted(exporter_names())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from watchgraph.exporters.registry import EXPORTERS, exporter_class

        if cmd_name not in EXPORTERS:
            return None
        return _export_command(cmd_name, exporter_class(cmd_name))


@cli.group(cls=ExportGroup)
def export() -> None:
    """Write the graph in another format."""


def _option_flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _click_option(opt: Option) -> Callable[[F], F]:
    long = _option_flag(opt.name)
    names = ["-o", long] if opt.name == "output" else [long]
    text = spell(opt.help, _option_flag)
    kinds: dict[str, Any] = {
        "text": str, "int": click.IntRange(min=opt.min), "choice": click.Choice(opt.choices),
        "file": click.Path(dir_okay=False, path_type=Path),
        "folder": click.Path(file_okay=False, path_type=Path)}
    if opt.kind == "flag":
        return click.option(*names, opt.name, is_flag=True, help=text)
    return click.option(*names, opt.name, type=kinds[opt.kind], default=opt.default,
                        required=opt.required, envvar=opt.envvar, show_default=opt.show_default,
                        help=text)


def _export_command(name: str, cls: type[Exporter]) -> click.Command:
    def command(data: tuple[Path, ...], bundled: bool, **options: Any) -> None:
        from watchgraph import api, report

        click.echo(report.export_text(api.export(_graph(data, bundled), name, **options)))

    command = data_options(command)
    for opt in reversed(cls.options):
        command = _click_option(opt)(command)
    return click.command(name, help=cls.summary)(command)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; any but a loopback one lets other machines in.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True,
              help="The port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Stop a query that runs longer than this many seconds.")
@click.option("--cors", is_flag=True, help="Allow queries from web pages on other sites (CORS).")
@click.option("--max-memory", type=click.IntRange(min=64), default=1024, show_default=True,
              metavar="MB", help="Stop a query whose worker grows past this many megabytes.")
@click.option("--allow-federation", is_flag=True,
              help="Allow SPARQL SERVICE (federated queries), which makes the server fetch any "
                   "URL a query names, including ones on this machine; off by default.")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Queries run at once, each in a worker of its own.")
@click.option("--allocator", type=click.Choice(ALLOCATORS), default="auto", show_default=True,
              help="The workers' memory allocator: mimalloc (faster on large answers; Debian's "
                   "libmimalloc2.0), the C library's (system), or mimalloc when installed (auto).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="The base of every entity, relationship and source IRI.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to keep the oxigraph store  [default: ~/.cache/watchgraph/oxigraph]")
@data_options
def serve(host: str, port: int, timeout: float, cors: bool, max_memory: int,
          allow_federation: bool, workers: int, allocator: str, base_iri: str,
          store_dir: Path | None, data: tuple[Path, ...], bundled: bool) -> None:
    """A read-only SPARQL 1.1 endpoint over the graph (the oxigraph server), until Ctrl-C."""
    from watchgraph import api

    code = api.serve(data, bundled, host, port, timeout, cors, base_iri, store_dir,
                     lambda line: click.echo(spell(line, flag)), max_memory=max_memory,
                     allow_federation=allow_federation, workers=workers, allocator=allocator)
    sys.exit(code)


@cli.command()
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A value for the query's $KEY (repeatable).")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL endpoint (e.g. http://127.0.0.1:7878/query) instead of the "
                   "embedded store.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="table for reading; csv or json (SPARQL 1.1 results).")
@click.option("--list", "list_queries", is_flag=True, help="List the library queries.")
@data_options
def sparql(query: str | None, params: tuple[str, ...], endpoint: str | None, fmt: str,
           list_queries: bool, data: tuple[Path, ...], bundled: bool) -> None:
    """Run a library query by NAME, or SPARQL text, on the graph or on an endpoint."""
    from watchgraph import api, report
    from watchgraph.queries.catalog import parse_params
    from watchgraph.queries.sparql_results import format_sparql

    if list_queries:
        click.echo(spell(report.catalog_text(api.sparql_queries()), flag), nl=False)
        return
    if not query:
        raise UsageError("give a query name or SPARQL text; `watchgraph sparql --list` lists "
                         "the library")
    graph = None if endpoint else _graph(data, bundled)
    click.echo(format_sparql(api.sparql(query, parse_params(params), graph, endpoint), fmt), nl=False)


def cypher_options(fn: F) -> F:
    """--param, --engine, --uri, --user, --password, --database and --format, for Cypher."""
    for option in reversed([
        click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
                     help="A value for the query's $KEY (repeatable)."),
        click.option("--engine", type=click.Choice(ENGINES), default="embedded",
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
@click.option("--list", "list_queries", is_flag=True, help="List the catalog's questions.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A value for the question's parameter KEY (repeatable).")
@click.option("--engine", type=click.Choice(QUERY_ENGINES), default="embedded", show_default=True,
              help="embedded (Cypher on LadybugDB, no server), neo4j, or sparql (the graph's "
                   "oxigraph store, or --endpoint).")
@click.option("--endpoint", metavar="URL",
              help="With --engine sparql: ask this SPARQL endpoint (e.g. "
                   "http://127.0.0.1:7878/query) instead of the graph.")
@click.option("--uri", metavar="URI", help="The Neo4j server  [default: $NEO4J_URI]")
@click.option("--user", help="Neo4j user  [default: $NEO4J_USER]")
@click.option("--password", help="Neo4j password  [default: $NEO4J_PASSWORD]")
@click.option("--database", help="Neo4j database  [default: the server's default]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="table for reading; csv or json for programs.")
@data_options
def query(name: str | None, list_queries: bool, params: tuple[str, ...], engine: str,
          endpoint: str | None, uri: str | None, user: str | None, password: str | None,
          database: str | None, fmt: str, data: tuple[Path, ...], bundled: bool) -> None:
    """Ask the catalog's question NAME, with --param KEY=VALUE for its parameters; the same
    rows on every engine."""
    from watchgraph import api
    from watchgraph.queries.catalog import parse_params
    from watchgraph.queries.results import format_result

    if list_queries:
        from watchgraph import report

        click.echo(spell(report.catalog_text(api.questions()), flag), nl=False)
        return
    if not name:
        raise UsageError("give a question's name; `watchgraph query --list` lists the catalog")
    graph = None if endpoint else _graph(data, bundled)
    result = api.query(graph, name, parse_params(params), engine, uri, user, password, database,
                       endpoint=endpoint)
    click.echo(format_result(result, fmt, sys.stdout.isatty()), nl=False)


@cli.command()
@click.argument("text")
@cypher_options
@data_options
def cypher(text: str, params: tuple[str, ...], engine: str, uri: str | None, user: str | None,
           password: str | None, database: str | None, fmt: str, data: tuple[Path, ...],
           bundled: bool) -> None:
    """Run ad-hoc Cypher TEXT on the embedded engine or on Neo4j."""
    from watchgraph import api
    from watchgraph.queries.catalog import parse_params
    from watchgraph.queries.results import format_result

    result = api.cypher(_graph(data, bundled), text, parse_params(params), engine, uri, user,
                        password, database)
    click.echo(format_result(result, fmt, sys.stdout.isatty()), nl=False)


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
@click.option("--include-denied", is_flag=True,
              help="Let claims that are only denied join the entities along --path.")
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
           path: tuple[str, str] | None, max_hops: int | None, include_denied: bool,
           entity_types: tuple[str, ...],
           relationship_types: tuple[str, ...], statuses: tuple[str, ...],
           sources: tuple[str, ...], as_of: str | None, since: str | None, until: str | None,
           title: str | None, caption: str, credit: str | None, width: int | None,
           height: int | None, data: tuple[Path, ...], bundled: bool) -> None:
    """Publish a selection: a self-contained HTML page, or an SVG or PNG for print."""
    from watchgraph import api, report
    from watchgraph.graph.select import Filters

    filters = Filters(entity_types, relationship_types, statuses, sources, as_of, since, until)
    output = output or Path(f"graph.{fmt or 'html'}")
    result = api.render(_graph(data, bundled), output, fmt=fmt, around=around, hops=hops,
                        path=path, max_hops=max_hops, filters=filters, title=title,
                        caption=caption, credit=credit, width=width, height=height,
                        include_denied=include_denied)
    click.echo(report.export_text(result))


@cli.command()
@click.option("-o", "--out", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The folder to write into.")
@data_options
def build(out_dir: Path, data: tuple[Path, ...], bundled: bool) -> None:
    """The main job: validate, build the graph, write every output, and summarise."""
    from watchgraph import api, report

    result = api.build(out_dir, data, bundled=bundled)
    click.echo(report.build_text(result.graph, [report.export_text(o) for o in result.outputs]))


def main() -> None:
    """The `watchgraph` console script: the process ends without Python's teardown
    (quick_exit.py) once the command is done."""
    from watchgraph.quick_exit import end

    try:
        cli(prog_name="watchgraph")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            end(exc.code or 0)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
