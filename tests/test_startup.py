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
