"""Start-up is instant: the command line loads none of the heavy libraries it does not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
