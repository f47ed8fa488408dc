"""The command line: thin click commands over the library functions of the same names."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from watchgraph import api, report
from watchgraph.errors import DataError, WatchgraphError
from watchgraph.graph.store import KnowledgeGraph

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
