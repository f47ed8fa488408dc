"""`watchgraph export neo4j` against the real Neo4j at NEO4J_URI (never a mock).

Each test writes under its own dataset name and its own entity ids, and takes everything
it wrote out again, so tests neither see nor disturb each other's data (Neo4j Community
has one user database). The tests that need no server (bad URI, closed port, the error
messages) run everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml
from click.testing import CliRunner
from conftest import free_port, run, unavailable
from neo4j import exceptions as neo4j_exc

from watchgraph import api
from watchgraph.errors import WatchgraphError
from watchgraph.exporters.neo4j import (
    BoltSession,
    Neo4jServer,
    ServerError,
    translated,
    write_graph,
    write_relationships,
)
from watchgraph.graph.model import Entity
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.propertygraph.bolt import ATTEMPTS, in_transaction
from watchgraph.propertygraph.shape import Shape

DATA = """\
sources:
  - id: {p}-s1
    title: A story
    publisher: A paper
    published: 2020-05
    kind: news
    author: [A. Writer, B. Writer]
  - id: {p}-s2
    title: A denial
    publisher: The agency
    kind: official-statement
entities:
  - id: agency:{p}-pd
    type: Agency
    name: {p} Police Department
    aliases: [{p}PD]
    level: city
  - id: company:{p}-vendor
    type: Company
    name: {p} Vendor
  - id: product:{p}-app
    type: Product
    name: {p} App
{extra_entities}
relationships:
  - type: USES
    from: agency:{p}-pd
    to: product:{p}-app
    mode: trial
    status: {status}
    start: 2018-12
    end: 2019-03
    searchesMin: 500
{searches_max}
    citations:
      - source: {p}-s1
        locator: para 1
        quote: the emails show a trial
        note: Emails show a trial.
      - source: {p}-s2
        stance: disputes
        locator: p. 2
        quote: we never used it
        note: The department denied it.
  - type: CONTRACTED_WITH
    from: agency:{p}-pd
    to: company:{p}-vendor
    status: confirmed
    amount: 5000
    currency: USD
    seats: 8
    citations: [{{source: {p}-s1, locator: para 3, quote: a contract for eight seats,
                  note: A contract for eight seats.}}]
{extra_relationships}
"""

PERSON = """\
  - id: person:{p}-officer
    type: Person
    name: {p} Officer
"""


def extra_rel(rel_type: str, start: str, end: str, note: str) -> str:
    """One more reported relationship, cited to the first source."""
    return (f"  - type: {rel_type}\n    from: {start}\n    to: {end}\n    status: reported\n"
            f"    citations: [{{{{source: {{p}}-s1, quote: {note.rstrip('.').lower()}, "
            f"note: {note}}}}}]\n")


DEVELOPS = extra_rel("DEVELOPS", "company:{p}-vendor", "product:{p}-app", "The vendor makes the app.")
EMPLOYED = extra_rel("EMPLOYED_BY", "person:{p}-officer", "agency:{p}-pd",
                     "An officer of the department.")


@pytest.fixture
def prefix() -> str:
    """Entity ids and the dataset name no other test uses."""
    return "t" + uuid.uuid4().hex[:10]


@pytest.fixture
def dataset(neo4j_driver: Any, prefix: str) -> Iterator[str]:
    """A dataset name; afterwards whatever carries it (and any test-made node) is removed."""
    name = f"test-{prefix}"
    yield name
    neo4j_driver.execute_query(
        "MATCH ()-[r]->() WHERE $ds IN r.wgDatasets DELETE r", ds=name)
    neo4j_driver.execute_query(
        "MATCH (n) WHERE $ds IN n.wgDatasets OR n.testPrefix = $p DETACH DELETE n",
        ds=name, p=prefix)


@pytest.fixture
def make_data(write: Callable[..., Path], prefix: str) -> Callable[..., Path]:
    """A dataset file for this test's ids; keyword arguments vary it."""

    def _make(status: str = "disputed", searches_max: int | None = 1000, develops: bool = True,
              officer: bool = True, name: str = "data.yaml") -> Path:
        text = DATA.format(
            p=prefix, status=status,
            searches_max=f"    searchesMax: {searches_max}" if searches_max else "",
            extra_entities=PERSON.format(p=prefix) if officer else "",
            extra_relationships=(DEVELOPS.format(p=prefix) if develops else "")
            + (EMPLOYED.format(p=prefix) if officer else ""))
        return write(text, name)

    return _make


def server() -> Neo4jServer:
    return Neo4jServer(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER"),
                       os.environ.get("NEO4J_PASSWORD"))


def export(graph: KnowledgeGraph, dataset: str, prune: bool = False, batch_size: int = 10_000,
           workers: int = 2) -> Any:
    s = server()
    return api.export_neo4j(graph, s.uri, s.user, s.password, dataset=dataset, prune=prune,
                            batch_size=batch_size, show_progress=False, workers=workers)


def load(path: Path) -> KnowledgeGraph:
    return api.load([path], bundled=False, show_progress=False)


def counts(driver: Any, dataset: str) -> tuple[dict[str, int], dict[str, int]]:
    nodes = driver.execute_query("MATCH (n) WHERE $ds IN n.wgDatasets "
                                 "RETURN labels(n)[0] AS k, count(*) AS n", ds=dataset).records
    rels = driver.execute_query("MATCH ()-[r]->() WHERE $ds IN r.wgDatasets "
                                "RETURN type(r) AS k, count(*) AS n", ds=dataset).records
    return {r["k"]: r["n"] for r in nodes}, {r["k"]: r["n"] for r in rels}


def totals(driver: Any) -> tuple[int, int]:
    n = driver.execute_query("MATCH (n) RETURN count(n)").records[0][0]
    r = driver.execute_query("MATCH ()-[r]->() RETURN count(r)").records[0][0]
    return n, r


def rel(driver: Any, rel_id: str) -> dict[str, Any]:
    return driver.execute_query("MATCH ()-[r {id: $id}]->() RETURN properties(r) AS p",
                                id=rel_id).records[0]["p"]


def test_export_counts_equal_the_graph(neo4j_driver: Any, bundled: KnowledgeGraph,
                                       dataset: str) -> None:
    result = export(bundled, dataset, batch_size=50)
    stats = bundled.stats()
    assert result.counts == {"entities": len(bundled), "sources": len(bundled.sources),
                             "relationships": sum(stats["relationships"].values())}
    nodes, rels = counts(neo4j_driver, dataset)
    assert nodes == {**stats["entities"], "Source": len(bundled.sources)}
    assert rels == dict(stats["relationships"])


def test_a_relationship_keeps_its_evidence_and_reaches_its_sources(
        neo4j_driver: Any, make_data: Callable[..., Path], prefix: str, dataset: str) -> None:
    export(load(make_data()), dataset)
    uses = rel(neo4j_driver, f"uses:agency:{prefix}-pd:product:{prefix}-app")
    assert uses == {
        "id": f"uses:agency:{prefix}-pd:product:{prefix}-app", "status": "disputed",
        "mode": "trial", "start": "2018-12", "end": "2019-03", "searchesMin": 500,
        "searchesMax": 1000, "validFrom": "2018-12-01", "validTo": "2019-03-31",
        "citationSources": [f"{prefix}-s1", f"{prefix}-s2"],
        "citationStances": ["supports", "disputes"], "citationLocators": ["para 1", "p. 2"],
        "citationNotes": ["Emails show a trial.", "The department denied it."],
        "citationQuotes": ["the emails show a trial", "we never used it"],
        "sources": [f"{prefix}-s1", f"{prefix}-s2"],
        "supportedBy": [f"{prefix}-s1"], "disputedBy": [f"{prefix}-s2"], "wgDatasets": [dataset]}
    contract = rel(neo4j_driver, f"contracted_with:agency:{prefix}-pd:company:{prefix}-vendor")
    assert (contract["amount"], type(contract["amount"]), contract["seats"]) == (5000.0, float, 8)
    rows = neo4j_driver.execute_query(
        "MATCH (:Agency {id: $a})-[r:USES]->(:Product) MATCH (s:Source) WHERE s.id IN r.sources "
        "RETURN s.title AS title, s.author AS author, s.id IN r.disputedBy AS disputes "
        "ORDER BY title", a=f"agency:{prefix}-pd").records
    assert [tuple(r) for r in rows] == [("A denial", [], True),
                                        ("A story", ["A. Writer", "B. Writer"], False)]


def test_a_second_export_changes_no_count(neo4j_driver: Any, make_data: Callable[..., Path],
                                          dataset: str) -> None:
    graph = load(make_data())
    first = export(graph, dataset)
    before = counts(neo4j_driver, dataset), totals(neo4j_driver)
    second = export(graph, dataset)
    assert (counts(neo4j_driver, dataset), totals(neo4j_driver)) == before
    assert first.counts == second.counts == {"entities": 4, "relationships": 4, "sources": 2}


def test_an_interrupted_export_run_again_duplicates_nothing(
        neo4j_driver: Any, make_data: Callable[..., Path], dataset: str) -> None:
    graph = load(make_data())

    class Stop(Exception):
        pass

    def advance(n: int = 1, seen: list[int] = []) -> None:  # noqa: B006 - a counter
        seen.append(n)
        if len(seen) == 5:
            raise Stop

    with neo4j_driver.session() as session, pytest.raises(Stop):
        write_graph(graph, BoltSession(session, dataset), 1, advance)
    assert sum(counts(neo4j_driver, dataset)[0].values()) == 5
    export(graph, dataset)
    assert counts(neo4j_driver, dataset) == (
        {"Agency": 1, "Company": 1, "Product": 1, "Person": 1, "Source": 2},
        {"USES": 1, "CONTRACTED_WITH": 1, "DEVELOPS": 1, "EMPLOYED_BY": 1})


def test_a_batch_partly_there_is_completed_by_merging(
        neo4j_driver: Any, make_data: Callable[..., Path], prefix: str, dataset: str) -> None:
    # the second export's CREATE of the whole batch is refused by the id constraint (one of
    # its relationships is there), rolled back, and written again by looking first
    graph = load(make_data())
    export(graph, dataset, batch_size=1)
    before = counts(neo4j_driver, dataset), totals(neo4j_driver)
    gone = f"uses:agency:{prefix}-pd:product:{prefix}-app"
    neo4j_driver.execute_query("MATCH ()-[r {id: $id}]->() DELETE r", id=gone)
    assert export(graph, dataset).counts["relationships"] == 4
    assert (counts(neo4j_driver, dataset), totals(neo4j_driver)) == before
    assert rel(neo4j_driver, gone)["citationStances"] == ["supports", "disputes"]


def test_workers_write_what_one_session_writes(
        neo4j_driver: Any, make_data: Callable[..., Path], dataset: str) -> None:
    graph = load(make_data())
    export(graph, dataset, batch_size=1, workers=1)
    one = counts(neo4j_driver, dataset), totals(neo4j_driver)
    neo4j_driver.execute_query("MATCH ()-[r]->() WHERE $ds IN r.wgDatasets DELETE r", ds=dataset)
    assert export(graph, dataset, batch_size=1, workers=3).counts["relationships"] == 4
    assert (counts(neo4j_driver, dataset), totals(neo4j_driver)) == one


def test_a_worker_failure_stops_the_export_with_its_error(
        neo4j_driver: Any, make_data: Callable[..., Path], dataset: str) -> None:
    graph = load(make_data())
    export(graph, dataset)
    neo4j_driver.execute_query("MATCH ()-[r]->() WHERE $ds IN r.wgDatasets DELETE r", ds=dataset)
    shape = Shape.of(graph.schema)
    with neo4j_driver.session() as session:
        s = BoltSession(session, dataset, lambda: neo4j_driver.session(database="nowhere"), 2)
        with pytest.raises(ServerError) as caught, translated(server(), "nowhere"):
            write_relationships(graph, shape, s, 1, lambda n=1: None)
    assert str(caught.value) == (
        f"Neo4j at {server().uri} has no database 'nowhere'; give an existing one with "
        "database (SHOW DATABASES lists them)")
    assert caught.value.param == "database"
    assert counts(neo4j_driver, dataset)[1] == {}


def test_a_statement_error_reported_as_a_failed_result_comes_out_as_itself(
        neo4j_driver: Any, make_data: Callable[..., Path], prefix: str, dataset: str) -> None:
    # Under load the driver's rollback sometimes reports the exporter's expected
    # ConstraintError as ResultFailedError. Reading another result after a failed statement
    # makes the driver raise that error here every time.
    export(load(make_data()), dataset)

    def work(tx: Any) -> None:
        other = tx.run("RETURN 1")
        with pytest.raises(neo4j_exc.ConstraintError):
            tx.run("CREATE (:Agency {id: $id})", id=f"agency:{prefix}-pd").consume()
        other.single()

    with neo4j_driver.session() as session:
        with pytest.raises(neo4j_exc.ResultFailedError) as raw:
            session.execute_write(work)
        assert isinstance(raw.value.__cause__, neo4j_exc.ConstraintError)
        with pytest.raises(neo4j_exc.ConstraintError):
            in_transaction(lambda: session.execute_write(work))
    assert counts(neo4j_driver, dataset)[0]["Agency"] == 1


def failed_result(code: str) -> neo4j_exc.ResultFailedError:
    """The driver's ResultFailedError, raised from a server error of this code."""
    error = neo4j_exc.ResultFailedError(None, "The result has failed.")
    error.__cause__ = neo4j_exc.Neo4jError._hydrate_neo4j(code=code, message="from the server")
    return error


def test_a_retryable_error_reported_as_a_failed_result_is_retried() -> None:
    calls: list[int] = []

    def execute(fail: int, code: str) -> str:
        calls.append(1)
        if len(calls) <= fail:
            raise failed_result(code)
        return "written"

    assert in_transaction(lambda: execute(1, "Neo.TransientError.Transaction.DeadlockDetected")) \
        == "written"
    assert len(calls) == 2
    calls.clear()
    with pytest.raises(neo4j_exc.TransientError):
        in_transaction(lambda: execute(ATTEMPTS, "Neo.TransientError.Transaction.DeadlockDetected"))
    assert len(calls) == ATTEMPTS
    calls.clear()
    with pytest.raises(neo4j_exc.ConstraintError):
        in_transaction(lambda: execute(1, "Neo.ClientError.Schema.ConstraintValidationFailed"))
    assert len(calls) == 1


def test_a_failed_result_reads_as_its_statement_error() -> None:
    server_ = Neo4jServer()
    with pytest.raises(ServerError) as caught, translated(server_, None, connected=True):
        raise failed_result("Neo.TransientError.Transaction.DeadlockDetected")
    assert str(caught.value) == (f"lost Neo4j at {server_.uri} (from the server; "
                                 "Neo.TransientError.Transaction.DeadlockDetected)")


def test_relationships_without_their_nodes_are_an_error(
        neo4j_driver: Any, make_data: Callable[..., Path], dataset: str) -> None:
    graph = load(make_data())  # its nodes are never written
    with neo4j_driver.session() as session, pytest.raises(ServerError) as caught:
        s = BoltSession(session, dataset, neo4j_driver.session, 2)
        write_relationships(graph, Shape.of(graph.schema), s, 10, lambda n=1: None)
    assert str(caught.value).endswith(" relationships found no endpoint node; was the database "
                                      "changed during the export?")
    assert counts(neo4j_driver, dataset) == ({}, {})


def test_a_changed_property_is_updated_and_a_removed_one_dropped(
        neo4j_driver: Any, make_data: Callable[..., Path], prefix: str, dataset: str) -> None:
    export(load(make_data()), dataset)
    rel_id = f"uses:agency:{prefix}-pd:product:{prefix}-app"
    neo4j_driver.execute_query("MATCH ()-[r {id: $id}]->() SET r.investigatorNote = 'keep me'",
                               id=rel_id)
    export(load(make_data(status="confirmed", searches_max=None, name="changed.yaml")), dataset)
    uses = rel(neo4j_driver, rel_id)
    assert (uses["status"], uses["searchesMin"], "searchesMax" in uses) == ("confirmed", 500, False)
    assert uses["investigatorNote"] == "keep me"  # not the export's: left alone


def test_prune_removes_exactly_what_the_dataset_dropped(
        neo4j_driver: Any, runner: CliRunner, make_data: Callable[..., Path], prefix: str,
        dataset: str) -> None:
    export(load(make_data()), dataset)
    # someone else's node, a node of the same label, and their relationship to our officer
    neo4j_driver.execute_query(
        "CREATE (:Note {testPrefix: $p, text: 'mine'}) "
        "CREATE (a:Agency {id: $p + '-foreign', testPrefix: $p}) "
        "WITH a MATCH (o:Person {id: 'person:' + $p + '-officer'}) "
        "CREATE (a)-[:EMPLOYED_BY {testPrefix: $p}]->(o)", p=prefix)
    before = totals(neo4j_driver)
    code, out, err = run(runner, "export", "neo4j", "--no-bundled", "--data",
                         str(make_data(develops=False, officer=False, name="smaller.yaml")),
                         "--dataset-name", dataset, "--prune", "--uri", server().uri)
    assert (code, err) == (0, "")
    assert out == (f"exported to {server().uri}, database neo4j (dataset {dataset}): "
                   "3 entities, 2 relationships, 2 sources\n"
                   "pruned 0 entities, 2 relationships, 0 sources; 1 kept, still used outside "
                   "this dataset\n")
    assert counts(neo4j_driver, dataset) == (
        {"Agency": 1, "Company": 1, "Product": 1, "Source": 2},
        {"USES": 1, "CONTRACTED_WITH": 1})
    assert totals(neo4j_driver) == (before[0], before[1] - 2)
    officer = neo4j_driver.execute_query(
        "MATCH (o:Person {id: $id}) RETURN o.wgDatasets AS m, o.name AS name",
        id=f"person:{prefix}-officer").records
    assert [tuple(r) for r in officer] == [(None, f"{prefix} Officer")]  # kept, unmarked
    # with the foreign relationship gone, pruning again is a no-op: the officer is not ours
    neo4j_driver.execute_query("MATCH ()-[r {testPrefix: $p}]->() DELETE r", p=prefix)
    result = export(load(make_data(develops=False, officer=False, name="smaller.yaml")), dataset,
                    prune=True)
    assert (result.pruned, result.kept) == ({"entities": 0, "relationships": 0, "sources": 0}, 0)
    assert neo4j_driver.execute_query("MATCH (n {testPrefix: $p}) RETURN count(n)",
                                      p=prefix).records[0][0] == 2


def test_prune_deletes_a_dropped_node_and_spares_one_another_dataset_shares(
        neo4j_driver: Any, make_data: Callable[..., Path], prefix: str, dataset: str) -> None:
    full, smaller = load(make_data()), load(make_data(develops=False, officer=False, name="s.yaml"))
    other = dataset + "-other"
    try:
        export(full, dataset)
        export(smaller, other)
        # what only `dataset` had is deleted; what `other` shares is released, not deleted
        result = export(KnowledgeGraph(), dataset, prune=True)
        assert (result.pruned, result.kept) == (
            {"entities": 1, "relationships": 2, "sources": 0}, 7)
        assert counts(neo4j_driver, dataset) == ({}, {})
        nodes, rels = counts(neo4j_driver, other)
        assert (sum(nodes.values()), sum(rels.values())) == (5, 2)
        export(full, dataset)
        result = export(smaller, dataset, prune=True)
        assert (result.pruned, result.kept) == (
            {"entities": 1, "relationships": 2, "sources": 0}, 0)
        assert neo4j_driver.execute_query(
            "MATCH (n:Agency {id: $id}) RETURN n.wgDatasets", id=f"agency:{prefix}-pd"
        ).records[0][0] == [other, dataset]
    finally:
        export(KnowledgeGraph(), other, prune=True)


INJECTION = "'}) DETACH DELETE n //"


def test_names_notes_and_dataset_names_are_stored_verbatim(
        neo4j_driver: Any, write: Callable[..., Path], prefix: str, dataset: str) -> None:
    nasty = [INJECTION, '"}) MATCH (m) DETACH DELETE m //', "`) DETACH DELETE n //",
             "$rows }{ \\' \\\" ; RETURN 1"]
    data = write(_yaml(prefix, nasty), "nasty.yaml")
    before = totals(neo4j_driver)
    odd_dataset = dataset + INJECTION
    try:
        export(load(data), odd_dataset)
        assert totals(neo4j_driver) == (before[0] + 2, before[1] + 1)
        row = neo4j_driver.execute_query(
            "MATCH (a:Agency {id: $id})-[r:MEMBER_OF]->(a) MATCH (s:Source {id: $s}) "
            "RETURN a.name, a.aliases, a.description, r.note, r.citationNotes, r.citationLocators,"
            " s.title, s.publisher, a.wgDatasets", id=f"agency:{prefix}-x", s=f"{prefix}-s").records
        assert list(row[0]) == [INJECTION, nasty[1:], nasty[3], INJECTION, [nasty[2]], [nasty[3]],
                                nasty[1], nasty[2], [odd_dataset]]
    finally:
        export(KnowledgeGraph(), odd_dataset, prune=True)
    assert totals(neo4j_driver) == before


def _yaml(prefix: str, nasty: list[str]) -> str:
    return yaml.safe_dump({
        "sources": [{"id": f"{prefix}-s", "title": nasty[1], "publisher": nasty[2], "kind": "news"}],
        "entities": [{"id": f"agency:{prefix}-x", "type": "Agency", "name": INJECTION,
                      "aliases": nasty[1:], "description": nasty[3]}],
        "relationships": [{"type": "MEMBER_OF", "from": f"agency:{prefix}-x",
                           "to": f"agency:{prefix}-x", "status": "reported", "note": INJECTION,
                           "citations": [{"source": f"{prefix}-s", "note": nasty[2],
                                          "locator": nasty[3]}]}]}, sort_keys=False)


def test_labels_come_only_from_the_schema(neo4j_driver: Any, prefix: str, dataset: str) -> None:
    graph = KnowledgeGraph()
    graph.add_entity(Entity(f"x:{prefix}", "Agency`) DETACH DELETE n //", "X"))
    before = totals(neo4j_driver)
    with pytest.raises(WatchgraphError, match="is not a label or relationship type of the schema"):
        export(graph, dataset)
    assert totals(neo4j_driver) == before



def test_cli_export_prints_what_it_wrote(neo4j_driver: Any, runner: CliRunner,
                                         make_data: Callable[..., Path], dataset: str) -> None:
    uri = server().uri
    args = ["export", "neo4j", "--no-bundled", "--data", str(make_data()), "--uri", uri,
            "--dataset-name", dataset]
    line = (f"exported to {uri}, database neo4j (dataset {dataset}): 4 entities, "
            "4 relationships, 2 sources\n")
    assert run(runner, *args) == (0, line, "")
    assert run(runner, *args, "--prune") == (
        0, line + "pruned 0 entities, 0 relationships, 0 sources\n", "")


def test_cli_missing_database_is_one_line(neo4j_driver: Any, runner: CliRunner,
                                          small: Path) -> None:
    uri = server().uri
    assert run(runner, "export", "neo4j", "--no-bundled", "--data", str(small), "--uri", uri,
               "--database", "nosuchdb") == (
        1, "", f"Error: Neo4j at {uri} has no database 'nosuchdb'; give an existing one with "
               "--database (SHOW DATABASES lists them)\n")



def test_cli_unreachable_server_is_one_line(runner: CliRunner, small: Path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    assert run(runner, "export", "neo4j", "--no-bundled", "--data", str(small), "--uri", uri) == (
        1, "", f"Error: cannot reach Neo4j at {uri} (connection refused); start it "
               "(`make neo4j`) or give --uri (or NEO4J_URI)\n")


def test_cli_bad_uri_and_user_without_password_are_usage_errors(runner: CliRunner,
                                                                small: Path) -> None:
    base = ["export", "neo4j", "--no-bundled", "--data", str(small)]
    assert run(runner, *base, "--uri", "http://127.0.0.1:7474") == (
        2, "", "Error: --uri 'http://127.0.0.1:7474' is not a Bolt URI; give bolt://HOST:PORT "
               "or neo4j://HOST:PORT\n")
    assert run(runner, *base, "--uri", "bolt://127.0.0.1:1", "--user", "neo4j") == (
        2, "", "Error: --user needs --password (or NEO4J_PASSWORD)\n")


TOOLS = Path(__file__).resolve().parent.parent / "tools" / "neo4j"


@pytest.fixture(scope="module")
def auth_server() -> Iterator[tuple[str, str]]:
    """A second real Neo4j, started here with authentication on: (its URI, the password)."""
    def missing(why: str) -> NoReturn:
        unavailable(why, f"under CI=true a Neo4j with authentication must start: {why}")

    if not (shutil.which("java") and shutil.which("mvn")):
        missing("Java 17 and Maven are needed to start a Neo4j with authentication")
    port, password = free_port(), "wg-" + uuid.uuid4().hex
    started = subprocess.run([str(TOOLS / "start"), str(port), "--fresh", "--auth"],
                             env={**os.environ, "NEO4J_PASSWORD": password},
                             capture_output=True, text=True)
    if started.returncode != 0:
        missing("tools/neo4j/start --auth failed: " + started.stderr.strip()[-500:])
    try:
        yield f"bolt://127.0.0.1:{port}", password
    finally:
        subprocess.run([str(TOOLS / "stop"), str(port)], capture_output=True)
        shutil.rmtree(TOOLS / "target" / "data" / str(port), ignore_errors=True)


def test_a_real_server_refusing_credentials_is_one_line(
        auth_server: tuple[str, str], runner: CliRunner, small: Path) -> None:
    uri, password = auth_server
    base = ["export", "neo4j", "--no-bundled", "--data", str(small), "--uri", uri]
    advice = "check --user and --password (or NEO4J_USER and NEO4J_PASSWORD)\n"
    assert run(runner, *base, "--user", "neo4j", "--password", "not-" + password) == (
        1, "", f"Error: Neo4j at {uri} refused the credentials for user 'neo4j'; {advice}")
    assert run(runner, *base) == (1, "", f"Error: Neo4j at {uri} refused the credentials; {advice}")
    code, out, err = run(runner, *base, "--user", "neo4j", "--password", password)
    assert (code, err) == (0, "")
    assert out.startswith(f"exported to {uri}, database neo4j (dataset watchgraph): ")


def test_refused_credentials_read_as_one_line() -> None:
    # The test server runs with auth off, so the driver's AuthError is raised here directly.
    server_ = Neo4jServer("bolt://db.example:7687", "alice", "wrong")
    with pytest.raises(ServerError) as caught, translated(server_):
        raise neo4j_exc.AuthError("The client is unauthorized due to authentication failure.")
    assert str(caught.value) == ("Neo4j at bolt://db.example:7687 refused the credentials for "
                                 "user 'alice'; check user and password (or NEO4J_USER and "
                                 "NEO4J_PASSWORD)")
