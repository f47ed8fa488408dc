"""Neo4j faults: the real server stopped in the middle of `watchgraph export neo4j`, and a
port that is not Neo4j's Bolt port. Each ends in one line and exit 1; a re-run after the
server is back completes and leaves exactly one copy of everything.

The tests start a Neo4j of their own (tools/neo4j/start on a free port, with HTTP on
another), so that stopping it disturbs no other test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner
from conftest import free_port, run, unavailable

from watchgraph import api
from watchgraph.loaders.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools" / "neo4j"
ENTITIES, RELATIONSHIPS = 300, 1_000


def _missing(why: str) -> NoReturn:
    unavailable(why, f"under CI=true the Neo4j fault tests must start their own Neo4j: {why}")


def _start(port: int, http: int, *more: str) -> None:
    started = subprocess.run([str(TOOLS / "start"), str(port), "--http", str(http), *more],
                             capture_output=True, text=True)
    if started.returncode != 0:
        _missing("tools/neo4j/start failed: " + started.stderr.strip()[-500:])


def _stop(port: int) -> None:
    subprocess.run([str(TOOLS / "stop"), str(port)], capture_output=True, check=True)


@pytest.fixture(scope="module")
def own_server() -> Iterator[tuple[int, int]]:
    """A Neo4j for these tests alone: (its Bolt port, its HTTP port)."""
    if not (shutil.which("java") and shutil.which("mvn")):
        _missing("Java 17 and Maven are needed to start a Neo4j")
    port, http = free_port(), free_port()
    _start(port, http, "--fresh")
    try:
        yield port, http
    finally:
        subprocess.run([str(TOOLS / "stop"), str(port)], capture_output=True)
        shutil.rmtree(TOOLS / "target" / "data" / str(port), ignore_errors=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated dataset (benchmarks/generate.py) of a few hundred entities."""
    out = tmp_path_factory.mktemp("generated") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--entities",
                    str(ENTITIES), "--relationships", str(RELATIONSHIPS), "-o", str(out)],
                   check=True, capture_output=True)
    return out


def _count(driver: Any, query: str) -> dict[str, int]:
    return {r[0]: r[1] for r in driver.execute_query(query).records}


def _relationships(driver: Any) -> int:
    return int(driver.execute_query("MATCH ()-[r]->() RETURN count(r)").records[0][0])


def _export_command(data: Path, uri: str) -> list[str]:
    return [sys.executable, "-c", "from watchgraph.cli import main; main()", "export", "neo4j",
            "--no-bundled", "--data", str(data), "--uri", uri, "--batch-size", "50"]


def test_a_server_stopped_mid_export_is_one_line_and_a_rerun_leaves_one_copy(
        own_server: tuple[int, int], generated: Path, runner: CliRunner, tmp_path: Path) -> None:
    from neo4j import GraphDatabase

    port, http = own_server
    uri = f"bolt://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                    os.environ.get("PYTHONPATH")]))}
    export = subprocess.Popen(_export_command(generated, uri), cwd=tmp_path, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
            while export.poll() is None and not _relationships(driver):
                time.sleep(0.05)
        # held still once its first relationships are in, so that the server goes away
        # mid-export
        export.send_signal(signal.SIGSTOP)
        assert export.poll() is None, "the export ended before the server could be stopped"
        _stop(port)
    finally:
        export.send_signal(signal.SIGCONT)
        out, err = export.communicate(timeout=600)
    _start(port, http)
    assert (export.returncode, out) == (1, "")
    ds = load_dataset([generated], bundled=False, show_progress=False)
    assert err.splitlines() == [
        f"warning: {len(ds.warnings)} problems in the data that do not stop it loading; "
        "`watchgraph validate` lists them",
        f"Error: lost Neo4j at {uri} (connection refused). Batches already committed stay; "
        "running the export again is safe: it merges on ids and duplicates nothing"]
    graph = api.graph_from_dataset(ds)
    stats = graph.stats()
    nodes = {**stats["entities"], "Source": len(graph.sources)}
    with GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
        # what was committed before the stop stays; the re-run's batches find some of theirs
        # there, and merge instead of creating
        assert 0 < _relationships(driver) < RELATIONSHIPS
        code, out, err = run(runner, "export", "neo4j", "--no-bundled", "--data", str(generated),
                             "--uri", uri)
        assert (code, out) == (0, f"exported to {uri}, database neo4j (dataset watchgraph): "
                                  f"{ENTITIES} entities, {RELATIONSHIPS:,} relationships, "
                                  f"{len(graph.sources)} sources\n")
        assert _count(driver, "MATCH (n) RETURN labels(n)[0], count(n)") == nodes
        assert _count(driver, "MATCH ()-[r]->() RETURN type(r), count(r)") == dict(
            stats["relationships"])
        assert driver.execute_query(
            "MATCH (n) WITH n.id AS id, count(*) AS copies WHERE copies > 1 RETURN count(id)"
        ).records[0][0] == 0
        assert driver.execute_query(
            "MATCH ()-[r]->() WITH r.id AS id, count(*) AS copies WHERE copies > 1 "
            "RETURN count(id)").records[0][0] == 0


def _wrong_port(runner: CliRunner, small: Path, port: int, why: str) -> None:
    """`export neo4j` to a port where something else listens: one line saying why."""
    uri = f"bolt://127.0.0.1:{port}"
    assert run(runner, "export", "neo4j", "--no-bundled", "--data", str(small), "--uri", uri) == (
        1, "", f"Error: cannot reach Neo4j at {uri} ({why}); give the Bolt port (7687 by "
               "default) with --uri (or NEO4J_URI)\n")


def test_neo4js_http_port_is_named_the_wrong_port(own_server: tuple[int, int], small: Path,
                                                  runner: CliRunner) -> None:
    _wrong_port(runner, small, own_server[1],
                "the port answers in HTTP, not Bolt: is it Neo4j's HTTP port?")


@pytest.fixture
def mute_port() -> Iterator[int]:
    """A port where something other than Bolt listens: it hangs up on every connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_a_port_that_is_not_bolt_is_one_line(mute_port: int, small: Path,
                                             runner: CliRunner) -> None:
    _wrong_port(runner, small, mute_port, "the port does not speak Bolt: is it Neo4j's Bolt port?")
