"""Start-up is instant: the command line loads none of the heavy libraries it does not use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("neo4j", "ladybug", "pyarrow", "matplotlib", "igraph", "pyvis", "rdflib", "pyoxigraph")

PROBE = """
import sys
from watchgraph.cli import cli
try:
    cli({args!r}, prog_name="watchgraph")
except SystemExit:
    pass
print("loaded:", " ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def loaded(args: list[str]) -> str:
    code = PROBE.format(args=args, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[-1]


def test_importing_the_cli_loads_no_heavy_library_nor_the_graph() -> None:
    code = ("import sys, watchgraph.cli; "
            f"print(sorted(m for m in {HEAVY + ('networkx', 'yaml', 'watchgraph.api')!r} "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


@pytest.mark.parametrize("args", [["--help"], ["show", "NYPD"], ["path", "NYPD", "ICE"],
                                  ["export", "--help"]])
def test_reading_commands_load_no_heavy_library(args: list[str]) -> None:
    assert loaded(args) == "loaded: "


@pytest.mark.parametrize("args", [["show", "NYPD"], ["query", "contracts"], ["stats"]])
def test_commands_without_a_graph_algorithm_load_no_networkx(args: list[str]) -> None:
    code = PROBE.format(args=args, heavy=("networkx",))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "loaded: "


def test_a_cached_dataset_imports_only_the_loaders_its_files_need() -> None:
    """The bundled dataset is YAML: once its graph is cached, a command imports the YAML
    loader's module at most (not its parser, nor PyYAML), none of the CSV, FtM, JSON or RDF
    loaders."""
    code = PROBE.format(args=["query", "contracts"], heavy=()) + (
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('watchgraph.loaders.')"
        " and m.rsplit('.', 1)[1] not in ('inputs', 'registry', 'graph_cache', 'yaml_loader')), "
        "'yaml' in sys.modules)")
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # cached
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[] False"


def test_the_embedded_engine_imports_ladybug_without_asyncio() -> None:
    """`query` imports LadybugDB without its asyncio front (a third to a half of importing
    it), and `ladybug.AsyncConnection` is still there for whoever asks for it."""
    code = PROBE.format(args=["query", "contracts"], heavy=("ladybug", "asyncio")) + (
        "import ladybug, ladybug.async_connection as real\n"
        "print(ladybug.AsyncConnection is real.AsyncConnection, 'asyncio' in sys.modules,"
        " ladybug.version == ladybug.Database.get_version())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-2:] == ["loaded: ladybug", "True True True"]


def test_a_ladybug_that_needs_its_async_module_at_import_is_imported_as_it_is(tmp_path: Path) -> None:
    """Should a ladybug use `AsyncConnection` while it loads, the placeholder would break its
    import: it is then imported again, as it is."""
    package = tmp_path / "ladybug"
    package.mkdir()
    (package / "__init__.py").write_text("from .async_connection import AsyncConnection\n"
                                         "KIND = AsyncConnection.kind\n")
    (package / "async_connection.py").write_text("class AsyncConnection:\n    kind = 'real'\n")
    code = ("from watchgraph.queries.ladybug_import import ladybug_module\n"
            "lb = ladybug_module()\n"
            "print(lb.KIND, lb.AsyncConnection.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert out.stdout == "real ladybug.async_connection\n"
