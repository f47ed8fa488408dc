"""The SPARQL query library on the embedded store: every query's rows from the bundled
data, parameters bound safely, and the `watchgraph sparql` command's exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.cli import cli
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import load_catalog
from watchgraph.queries.sparql_params import bind, query_params
from watchgraph.queries.sparql_results import term_text

NYPD = "New York City Police Department"
APP = "Clearview AI app"

NBC6, NYPD_EMAILS, GIZMODO = "nbc6-south-florida-clearview", "nypd-clearview-emails", "gizmodo-dallas-clearview"
EXPECTED: dict[str, tuple[dict[str, str], list[tuple[str, ...]]]] = {
    "product-users": ({"product": "Clearview app"}, [
        ("Broward Sheriff's Office", "contract", "", "", "reported", "", "", "15000", "USD", NBC6),
        ("City of Miami Police Department", "contract", "2020", "", "confirmed", "", "", "12000", "USD", NBC6),
        ("City of Miami Police Department", "trial", "2020", "", "confirmed", "", "", "", "", NBC6),
        ("Coral Springs Police Department", "contract", "", "", "confirmed", "", "", "5000", "USD", NBC6),
        ("Dallas Police Department", "unauthorized", "", "", "confirmed", "500", "1000", "", "", GIZMODO),
        ("Dallas Police Department", "unauthorized", "", "", "confirmed", "", "", "", "", GIZMODO),
        ("Dallas Security Division", "unauthorized", "", "", "disputed", "11", "50", "", "", GIZMODO),
        ("Fort Lauderdale Police Department", "trial", "", "", "reported", "", "", "", "", NBC6),
        ("Miami-Dade Police Department", "contract, no use recorded", "", "", "reported", "", "", "", "", NBC6),
        ("Miramar Police Department", "trial", "", "", "reported", "", "", "", "", NBC6),
        ("NYPD Facial Identification Section", "unknown", "", "", "confirmed", "", "", "", "", NYPD_EMAILS),
        ("NYPD Identity Theft Team", "unknown", "", "", "confirmed", "", "", "", "", NYPD_EMAILS),
        (NYPD, "unknown", "", "", "confirmed", "", "", "", "", NYPD_EMAILS),
        (NYPD, "trial", "2018-12", "2019-03", "confirmed", "", "", "", "", NYPD_EMAILS),
        (NYPD, "unknown", "2019-03", "2020-02", "disputed", "", "", "", "", NYPD_EMAILS),
        ("Pembroke Pines Police Department", "trial", "", "", "reported", "", "", "", "", NBC6),
    ]),
    "agency-dealings": ({"agency": "NYPD"}, [
        ("NYPD Facial Identification Section", "uses (unknown)", "Clearview AI", APP, "confirmed"),
        ("NYPD Identity Theft Team", "uses (unknown)", "Clearview AI", APP, "confirmed"),
        (NYPD, "contract", "Clearview AI", APP, "disputed"),
        (NYPD, "uses (trial)", "Clearview AI", APP, "confirmed"),
        (NYPD, "uses (unknown)", "Clearview AI", APP, "confirmed"),
        (NYPD, "uses (unknown)", "Clearview AI", APP, "disputed"),
        (NYPD, "uses (contract)", "DataWorks Plus", "NYPD facial recognition system (DataWorks)", "reported"),
    ]),
    "agency-rollup": ({}, [
        (NYPD, "2", "2", "1", "7", "1"),
        ("U.S. Department of Homeland Security", "4", "3", "2", "5", "1"),
        ("U.S. Immigration and Customs Enforcement", "2", "3", "2", "5", "1"),
        ("City of Dallas", "2", "1", "0", "3", "1"),
        ("U.S. Department of Commerce", "1", "0", "0", "0", "0"),
    ]),
    "disputed-claims": ({}, [
        ("American Civil Liberties Union", "TESTED", "Amazon Rekognition", "disputed", "supports",
         "pogo-amazon-ice", "paras 78-82"),
        ("American Civil Liberties Union", "TESTED", "Amazon Rekognition", "disputed", "supports",
         "pogo-amazon-ice", "para 86"),
        ("American Civil Liberties Union", "TESTED", "Amazon Rekognition", "disputed", "disputes",
         "pogo-amazon-ice", "paras 83-90"),
        ("Clearview AI", "TESTED", APP, "disputed", "supports", NBC6, "paras 23-24"),
        ("Clearview AI", "TESTED", APP, "disputed", "supports", GIZMODO, "para 29"),
        ("Clearview AI", "TESTED", APP, "disputed", "disputes", NBC6, "para 24"),
        ("Clearview AI", "TESTED", APP, "disputed", "disputes", GIZMODO, "para 30"),
        ("Dallas Security Division", "USES", APP, "disputed", "supports", GIZMODO, "para 18"),
        ("Dallas Security Division", "USES", APP, "disputed", "disputes", GIZMODO, "para 18"),
        (NYPD, "CONTRACTED_WITH", "Clearview AI", "disputed", "supports", NYPD_EMAILS, "para 4"),
        (NYPD, "CONTRACTED_WITH", "Clearview AI", "disputed", "disputes", NYPD_EMAILS, "para 8"),
        (NYPD, "USES", APP, "disputed", "supports", NYPD_EMAILS, "para 5"),
        (NYPD, "USES", APP, "disputed", "supports", NYPD_EMAILS, "para 8"),
        (NYPD, "USES", APP, "disputed", "supports", NYPD_EMAILS, "para 11"),
        (NYPD, "USES", APP, "disputed", "disputes", NYPD_EMAILS, "para 8"),
        ("U.S. Immigration and Customs Enforcement", "CONTRACTED_WITH", "Amazon", "denied", "disputes",
         "pogo-amazon-ice", "paras 113-119"),
    ]),
    "contract-amounts": ({"min": "10000"}, [
        ("Broward Sheriff's Office", "Clearview AI", APP, "15000", "USD", "", "", "reported"),
        ("City of Miami Police Department", "Clearview AI", APP, "12000", "USD", "", "2020", "confirmed"),
    ]),
    "single-source-claims": ({"status": "disputed"}, [
        ("American Civil Liberties Union", "TESTED", "Amazon Rekognition", "disputed", "pogo-amazon-ice",
         "Amazon pitched ICE on Rekognition", "3"),
        ("Dallas Security Division", "USES", APP, "disputed", GIZMODO, "Dallas Police Used Face Recognition "
         "Software Without Authorization, Installed on Personal Phones", "2"),
        (NYPD, "CONTRACTED_WITH", "Clearview AI", "disputed", NYPD_EMAILS, "The NYPD used the controversial "
         "Clearview facial recognition tool. Here's what you need to know", "2"),
        (NYPD, "USES", APP, "disputed", NYPD_EMAILS, "The NYPD used the controversial Clearview facial "
         "recognition tool. Here's what you need to know", "4"),
    ]),
    "true-on-date": ({"day": "2019-01-15"}, [
        ("Clearview AI", "MARKETED_TO", NYPD, "2018-10-01", "", "confirmed"),
        ("Clearview AI", "TESTED", APP, "2019-01-01", "2019-12-31", "disputed"),
        (NYPD, "CONTRACTED_WITH", "Clearview AI", "2018-12-01", "2019-03-31", "disputed"),
        (NYPD, "MET_WITH", "Clearview AI", "2018-10-01", "", "confirmed"),
        (NYPD, "USES", APP, "2018-12-01", "2019-03-31", "confirmed"),
        ("Sacramento County Sheriff's Office", "MEMBER_OF", "California Facial Recognition Interconnect",
         "2017-01-01", "", "confirmed"),
        ("Sacramento County Sheriff's Office", "USES", "California Facial Recognition Interconnect",
         "2017-01-01", "", "reported"),
        ("Sacramento sheriff's image holdings", "SUPPLIES_DATA_TO", "California Facial Recognition Interconnect",
         "2017-01-01", "", "reported"),
    ]),
}


def rows(name: str, params: dict[str, str], graph: KnowledgeGraph | None = None,
         endpoint: str | None = None) -> list[tuple[str, ...]]:
    result = api.sparql(name, params, graph, endpoint)
    return [tuple(term_text(t) for t in row) for row in result.rows]


def test_every_library_query_is_tested() -> None:
    assert sorted(EXPECTED) == sorted(load_catalog("sparql"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_query_rows(name: str, bundled: KnowledgeGraph) -> None:
    params, expected = EXPECTED[name]
    assert rows(name, params, bundled) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_query_header(name: str) -> None:
    q = load_catalog("sparql")[name]
    assert q.question.endswith("?")
    assert sorted(query_params(q.text)) == sorted(q.params)
    for p in q.params.values():
        assert p.example is not None or p.default is not None


def test_units_roll_up_through_paths_of_any_length(bundled: KnowledgeGraph) -> None:
    # HSI and ERO are part of ICE, which is part of DHS: DHS deals with what ICE deals with
    assert {r[0] for r in rows("agency-dealings", {"agency": "agency:dhs"}, bundled)} == {
        "U.S. Immigration and Customs Enforcement"}
    assert {r[2] for r in rows("agency-dealings", {"agency": "DHS"}, bundled)} == {"", "Amazon", "McKinsey & Company"}


def test_parameters_cannot_change_the_query() -> None:
    text = 'SELECT * WHERE { ?s ?p $x . FILTER(?s != "$x") } # $x\n'
    evil = '" } ; DROP ALL ; SELECT * { "'
    bound = bind(text, {"x": evil})
    assert bound == ('SELECT * WHERE { ?s ?p "\\" } ; DROP ALL ; SELECT * { \\"" . '
                     'FILTER(?s != "$x") } # $x\n')



def test_sparql_table(runner: CliRunner) -> None:
    assert run(runner, "sparql", "contract-amounts", "--param", "min=10000") == (0, """\
buyer                            vendor        product           amount  currency  seats  since  status
Broward Sheriff's Office         Clearview AI  Clearview AI app  15000   USD                     reported
City of Miami Police Department  Clearview AI  Clearview AI app  12000   USD              2020   confirmed
""", "")


def test_sparql_csv_and_json(runner: CliRunner, small: Path) -> None:
    query = ("PREFIX schema: <http://schema.org/> SELECT ?e ?name WHERE { ?e schema:name ?name ; "
             "schema:alternateName $alias }")
    result = runner.invoke(cli, ["sparql", query, "--param", "alias=NYPD", "--format", "csv",
                                 "--no-bundled", "--data", str(small)])
    assert (result.exit_code, result.stdout_bytes) == (
        0, b"e,name\r\nhttps://w3id.org/watchgraph/id/agency/nypd,New York City Police Department\r\n")
    code, out, _ = run(runner, "sparql", query, "--param", "alias=NYPD", "--format", "json", "--no-bundled",
                       "--data", str(small))
    assert json.loads(out) == {"head": {"vars": ["e", "name"]}, "results": {"bindings": [
        {"e": {"type": "uri", "value": "https://w3id.org/watchgraph/id/agency/nypd"},
         "name": {"type": "literal", "value": "New York City Police Department"}}]}}
    code, out, _ = run(runner, "sparql", "ASK { ?s ?p ?o }", "--no-bundled", "--data", str(small))
    assert (code, out) == (0, "true\n")
    code, out, _ = run(runner, "sparql", "PREFIX schema: <http://schema.org/> SELECT ?e WHERE "
                       "{ ?e schema:name ?n } ORDER BY ?n", "--no-bundled", "--data", str(small))
    assert (code, out) == (0, "e\ncompany:clearview-ai\nproduct:clearview-app\nagency:nypd\n")


def test_sparql_construct_is_turtle(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, "sparql", "PREFIX wg: <https://w3id.org/watchgraph/ns#> CONSTRUCT "
                       "WHERE { ?a wg:uses ?b }", "--no-bundled", "--data", str(small))
    assert code == 0 and out.endswith(
        "<https://w3id.org/watchgraph/id/agency/nypd> wg:uses "
        "<https://w3id.org/watchgraph/id/product/clearview-app> .\n")


def test_sparql_list(runner: CliRunner) -> None:
    code, out, _ = run(runner, "sparql", "--list")
    assert code == 0
    assert out.startswith("agency-dealings: Which vendors and products does an agency (or one of its "
                          "units) deal with, and how?\n    --param agency (entity): ")
    assert "    --param day (date): the day, YYYY-MM-DD (example: 2019-01-15)\n" in out


@pytest.mark.parametrize("args,code,message", [
    (["disputed-claim"], 2, "Error: no sparql query named 'disputed-claim'; did you mean disputed-claims? "
                            "(`--list` shows them all)"),
    (["agency-dealings"], 2, "Error: missing parameter 'agency' for query agency-dealings "
                             "(example: --param agency=NYPD)"),
    (["agency-dealings", "--param", "agency=NYDP"], 1, "Error: no entity named 'NYDP'; did you mean "
                                                          "'NYPD Identity Theft Team', 'NYPD'?"),
    (["true-on-date", "--param", "day=2019-01"], 2, "Error: parameter 'day' of query true-on-date is a "
                                                    "day written YYYY-MM-DD, not '2019-01'"),
    (["SELECT ?x WHERE { ?x ?y }"], 2, "Error: SPARQL syntax error: error at 1:26: expected one of "
                                       "LATERAL, SERVICE, [_]"),
    (["SELECT * WHERE { ?s ?p ?o }", "--param", "x=1"], 2,
     "Error: --param x: the query has no $x (it uses no $parameters)"),
    ([], 2, "Error: give a query name or SPARQL text; `watchgraph sparql --list` lists the library"),
    (["disputed-claims", "--endpoint", "ftp://x"], 2,
     "Error: --endpoint 'ftp://x' is not an http(s) URL; e.g. http://127.0.0.1:7878/query"),
])
def test_sparql_mistakes(runner: CliRunner, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(cli, ["sparql", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message + "\n")
