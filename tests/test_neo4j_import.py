"""`watchgraph export neo4j-import`: the bundle's files, and a real import of it.

The import test runs Neo4j's own importer (`neo4j-admin database import full`, through
tools/neo4j/import) on the bundle, serves the store on a free port, and checks counts and
properties; with NEO4J_URI set it also checks the imported database holds exactly what
`export neo4j` writes. Without Java 17 and Maven it is skipped; under CI=true it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import free_port, run, unavailable
from neo4j import GraphDatabase

from watchgraph import api
from watchgraph.exporters.neo4j_import import BundleResult
from watchgraph.graph.store import KnowledgeGraph

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "neo4j"

AGENCY_HEADER = ("id:ID(Entity),:LABEL,name:string,aliases:string[],description:string,url:string,"
                 "wikidata:string,country:string,level:string,jurisdiction:string,state:string,ori:string,"
                 "wgDatasets:string[]\n")
USES_HEADER = (":START_ID(Entity),:END_ID(Entity),:TYPE,id:string,status:string,sources:string[],"
               "supportedBy:string[],disputedBy:string[],validFrom:string,validTo:string,"
               "citationSources:string[],citationStances:string[],citationLocators:string[],"
               "citationNotes:string[],citationQuotes:string[],date:string,start:string,"
               "end:string,qualifier:string,note:string,mode:string,searchesMin:long,"
               "searchesMax:long,users:long,purpose:string,device:string,account:string,"
               "identifications:long,cameras:long,camerasOnPortal:long,retentionDays:long,"
               "detectionsLast30Days:long,hotlistHitsLast30Days:long,searchesLast30Days:long,"
               "hotlists:string[],publicSearchAudit:boolean,portalUrl:string,wgDatasets:string[]\n")
USES_ROW = ('"agency:nypd","product:clearview-app",USES,"uses:agency:nypd:product:clearview-app",'
            '"disputed","s1","s1","s1","2018-12-01","2019-03-31","s1\x1fs1","supports\x1fdisputes",'
            '"para 1\x1fpara 4","Emails show a trial.\x1fThe department denied it.",'
            '"the emails show a trial\x1fwe never used it",,'
            '"2018-12","2019-03",,,"trial",500,1000,,,,,,,,,,,,,,,"watchgraph"\n')
ARGS = ["--array-delimiter=U+001F", "--nodes=nodes-Agency.csv", "--nodes=nodes-Company.csv",
        "--nodes=nodes-Product.csv", "--nodes=nodes-Source.csv",
        "--relationships=relationships-USES.csv", "--relationships=relationships-DEVELOPS.csv"]



def test_bundle_files_headers_and_command(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    assert run(runner, "export", "neo4j-import", "-o", str(out), "--no-bundled", "--data",
               str(small)) == (0, f"wrote {out}: 4 nodes, 2 relationships, 8 files\n", "")
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md", "after-import.cypher", "nodes-Agency.csv", "nodes-Company.csv",
        "nodes-Product.csv", "nodes-Source.csv", "relationships-DEVELOPS.csv",
        "relationships-USES.csv"]
    agency = (out / "nodes-Agency.csv").read_text("utf-8")
    assert agency == AGENCY_HEADER + ('"agency:nypd",Agency,"New York City Police Department",'
                                      '"NYPD",,,,,,,,,"watchgraph"\n')
    assert (out / "relationships-USES.csv").read_text("utf-8") == USES_HEADER + USES_ROW
    readme = (out / "README.md").read_text("utf-8")
    assert "   neo4j-admin database import full \\\n    " + " \\\n    ".join(ARGS) + "\n" in readme
    cypher = (out / "after-import.cypher").read_text("utf-8").splitlines()
    assert cypher[0] == ("CREATE CONSTRAINT `wg_Agency_id` IF NOT EXISTS FOR (n:`Agency`) "
                         "REQUIRE n.id IS UNIQUE;")
    assert ("MATCH ()-[r:`DEVELOPS`]->() WHERE r.wgDatasets IS NOT NULL AND r.disputedBy IS "
            "NULL SET r.disputedBy = [];") in cypher
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "small.yaml"]  # no temp folder


def test_bundle_replaces_its_own_folder_but_no_other(runner: CliRunner, small: Path,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    args = ["export", "neo4j-import", "-o", str(out), "--no-bundled", "--data", str(small)]
    assert run(runner, *args)[0] == 0
    (out / "stale.csv").write_text("old", "utf-8")
    assert run(runner, *args)[0] == 0
    assert not (out / "stale.csv").exists()
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep", "utf-8")
    assert run(runner, "export", "neo4j-import", "-o", str(other), "--no-bundled", "--data",
               str(small)) == (2, "", f"Error: {other} is not empty and was not written by "
                                      "watchgraph; give a new or empty folder\n")
    assert [p.name for p in other.iterdir()] == ["mine.txt"]


def test_the_array_delimiter_in_the_data_is_refused(runner: CliRunner, small: Path,
                                                    write: Callable[..., Path],
                                                    tmp_path: Path) -> None:
    bad = write('entities:\n  - id: agency:x\n    type: Agency\n    name: X\n'
                '    aliases: ["a\\x1fb"]\n', "bad.yaml")
    out = tmp_path / "bundle"
    # control characters never pass validation (issue 14), the bundle's delimiter among them
    assert run(runner, "export", "neo4j-import", "-o", str(out), "--no-bundled", "--data",
               str(bad)) == (1, "", f"{bad}:5: aliases holds a control character (U+001F); "
                                    "remove it, or write the character it stands for\n")
    assert not out.exists()


# -- a real import ---------------------------------------------------------------------

ODD = """\
sources:
  - id: bundle-test-odd
    title: 'Quotes "like this", commas; semicolons'
    publisher: A paper
    kind: report
entities:
  - id: org:bundle-test-odd
    type: Organization
    name: 'Odd, "quoted" name'
    description: |
      Two lines,
      the second with a "quote".
relationships:
  - type: TESTED
    from: org:bundle-test-odd
    to: Rekognition
    status: reported
    sampleSize: 535
    falseMatches: 28
    citations:
      - {source: bundle-test-odd, locator: "p. 1; p. 2", note: "One, two"}
      - {source: bundle-test-odd, stance: disputes, quote: a short quote}
"""



@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, KnowledgeGraph, str]]:
    """The bundled dataset plus odd values, bulk-imported and served on a free port:
    (driver, graph, dataset name)."""
    if not (shutil.which("java") and shutil.which("mvn")):
        reason = "Java 17 and Maven are needed to run Neo4j's import tool (tools/neo4j)"
        unavailable(reason, reason + "; under CI=true that fails")
    tmp = tmp_path_factory.mktemp("neo4j-import")
    (tmp / "odd.yaml").write_text(ODD, "utf-8")
    graph = api.load([tmp / "odd.yaml"], show_progress=False)
    dataset = "bundle-" + uuid.uuid4().hex[:8]
    bundle = api.export_neo4j_import(graph, tmp / "bundle", dataset, show_progress=False)
    assert any(a.startswith("--multiline-fields=") for a in bundle.arguments)
    db, port = tmp / "db", free_port()
    _tool("import", str(db), "--", *bundle.arguments, cwd=tmp / "bundle")
    _tool("start", str(port), "--data", str(db))
    try:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver:
            _after_import(driver, bundle)
            yield driver, graph, dataset
    finally:
        _tool("stop", str(port))


def _tool(name: str, *args: str, cwd: Path | None = None) -> None:
    done = subprocess.run([str(TOOLS / name), *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"tools/neo4j/{name} failed ({done.returncode}):\n{done.stdout[-3000:]}"
                    f"\n{done.stderr[-3000:]}")


def _after_import(driver: Any, bundle: BundleResult) -> None:
    text = (Path(bundle.target) / "after-import.cypher").read_text("utf-8")
    for statement in text.split(";\n"):
        if statement.strip():
            driver.execute_query(statement)


def test_the_bundle_imports_with_neo4j_admin(imported: tuple[Any, KnowledgeGraph, str]) -> None:
    driver, graph, dataset = imported
    stats = graph.stats()
    nodes = {r[0]: r[1] for r in driver.execute_query(
        "MATCH (n) RETURN labels(n)[0], count(*)").records}
    rels = {r[0]: r[1] for r in driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r), count(*)").records}
    assert nodes == {**stats["entities"], "Source": len(graph.sources)}
    assert rels == dict(stats["relationships"])
    odd = driver.execute_query(
        "MATCH (o:Organization {id: 'org:bundle-test-odd'})-[r:TESTED]->(p:Product) "
        "MATCH (s:Source) WHERE s.id IN r.sources "
        "RETURN o.name, o.description, o.aliases, p.id, r.sampleSize, r.citationLocators, "
        "r.citationNotes, r.citationQuotes, r.citationStances, r.disputedBy, r.validFrom, "
        "s.title, o.wgDatasets").records
    assert list(odd[0]) == [
        'Odd, "quoted" name', 'Two lines,\nthe second with a "quote".', [], "product:rekognition",
        535, ["p. 1; p. 2", ""], ["One, two", ""], ["", "a short quote"],
        ["supports", "disputes"], ["bundle-test-odd"], "", 'Quotes "like this", commas; semicolons',
        [dataset]]
    contracts = {r["id"]: r for r in driver.execute_query(
        "MATCH ()-[r:CONTRACTED_WITH]->() RETURN r.id AS id, r.amount AS amount, "
        "r.seats AS seats, r.citationSources AS sources, r.citationQuotes AS quotes").records}
    expected = {r.id: (float(r.properties["amount"]) if "amount" in r.properties else None,
                       r.properties.get("seats"), [c.source for c in r.citations],
                       [c.quote or "" for c in r.citations])
                for r in graph.relationships("CONTRACTED_WITH")}
    assert {k: (r["amount"], r["seats"], r["sources"], r["quotes"])
            for k, r in contracts.items()} == expected
    assert any(isinstance(a, float) for a, *_ in expected.values())
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*)").records[0][0]
    assert constraints == len(graph.schema.entities) + 1 + len(graph.schema.relationships)


def test_the_imported_database_equals_export_neo4j(imported: tuple[Any, KnowledgeGraph, str],
                                                   neo4j_driver: Any) -> None:
    driver, graph, dataset = imported
    uri = os.environ["NEO4J_URI"]
    password = os.environ.get("NEO4J_PASSWORD")
    try:
        api.export_neo4j(graph, uri, os.environ.get("NEO4J_USER"), password, dataset=dataset,
                         show_progress=False)
        assert _dump(neo4j_driver, dataset) == _dump(driver, dataset)
    finally:
        api.export_neo4j(KnowledgeGraph(), uri, os.environ.get("NEO4J_USER"), password,
                         dataset=dataset, prune=True, show_progress=False)


def _dump(driver: Any, dataset: str) -> tuple[dict[Any, Any], dict[Any, Any]]:
    def own(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k != "wgDatasets"}

    nodes = driver.execute_query("MATCH (n) WHERE $ds IN n.wgDatasets "
                                 "RETURN labels(n) AS l, properties(n) AS p", ds=dataset).records
    rels = driver.execute_query("MATCH (a)-[r]->(b) WHERE $ds IN r.wgDatasets "
                                "RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p",
                                ds=dataset).records
    return ({(tuple(r["l"]), r["p"]["id"]): own(r["p"]) for r in nodes},
            {(r["t"], r["a"], r["b"], r["p"]["id"]): own(r["p"]) for r in rels})
