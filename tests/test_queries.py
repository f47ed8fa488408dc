"""Every library query on the embedded engine, answered from the bundled data; the CLI."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import load_catalog
from watchgraph.queries.cypher_run import run_library
from watchgraph.queries.embedded import EmbeddedEngine

LIST = """\
agency-dealings: Which vendors and products does an agency (or one of its units) deal with, and how?
    --param agency (entity): the agency's id, name or alias (example: NYPD)
connections: How are two entities connected? The shortest paths (at most 8 hops), hop by hop, with sources.
    --param from (entity): where the paths start: an id, name or alias (example: NYPD)
    --param to (entity): where they end (example: ICE)
    --param maxHops (integer) = 4: the longest connection to look for (example: 3)
contract-totals: How much money do the contracts on record add up to, per vendor and per buyer?
contracts: What contracts are on record, with whom, for which product, for how much?
data-reach: Who can reach an agency's data: through an interconnect, data sharing or supply, or one intermediary further?
    --param agency (entity): the agency whose data it is: an id, name or alias (example: Sacramento Sheriff)
disputed-claims: Where does a party's own statement contradict the record? Each disputed or denied claim, both sides cited.
immigration-marketing: Which vendors marketed to (or met) federal immigration enforcement, its sub-agencies included?
    --param agency (entity) = agency:ice: the agency whose units count too, through PART_OF (example: DHS)
product-users: Which agencies use a product, on what terms (contract, trial, unauthorized), and since when?
    --param product (entity): the product's id, name or alias (example: Clearview AI app)
single-source-claims: Which claims rest on a single source, weakest status first?
    --param status = any: only claims with this status (reported, confirmed, alleged, disputed, denied) (example: reported)
true-on-date: What was true on a given day: the relationships whose dates include it?
    --param day (date): the day, YYYY-MM-DD (example: 2019-01-15)
use-without-contract: Which agencies used a product without a contract: trials, pilots, unauthorized use, none on record?
"""

CSV = """\
vendor,parentCompany,how,agency,product,date,status,sources
Amazon,,MARKETED_TO,U.S. Immigration and Customs Enforcement,Amazon Rekognition Video,2018,confirmed,pogo-amazon-ice
Amazon,,MARKETED_TO,U.S. Immigration and Customs Enforcement,Amazon Rekognition,2018-07-31,confirmed,pogo-amazon-ice
Amazon Web Services,Amazon,MARKETED_TO,Homeland Security Investigations,Amazon Rekognition,2018-06-15,confirmed,pogo-amazon-ice
Amazon Web Services,Amazon,MET_WITH,U.S. Immigration and Customs Enforcement,,2018-06,confirmed,pogo-amazon-ice
"""

TESTED: set[str] = set()


@pytest.fixture(scope="module")
def engine(bundled: KnowledgeGraph) -> EmbeddedEngine:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        return EmbeddedEngine(bundled, show_progress=False)


@pytest.fixture
def ask(engine: EmbeddedEngine, bundled: KnowledgeGraph) -> Any:
    def _ask(name: str, **params: str) -> list[dict[str, Any]]:
        TESTED.add(name)
        return run_library(engine, bundled, name, params).records()

    return _ask


def pick(rows: list[dict[str, Any]], **where: Any) -> list[dict[str, Any]]:
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def test_product_users(ask: Any) -> None:
    rows = ask("product-users", product="Clearview AI app")
    assert pick(rows, agency="City of Miami Police Department", terms="contract") == [{
        "agency": "City of Miami Police Department", "terms": "contract", "since": "2020",
        "until": None, "status": "confirmed", "searchesMin": None, "searchesMax": None,
        "amount": 12000.0, "currency": "USD", "sources": ["nbc6-south-florida-clearview"]}]
    dallas = pick(rows, agency="Dallas Police Department", searchesMin=500)
    assert [(r["terms"], r["searchesMax"]) for r in dallas] == [("unauthorized", 1000)]
    nypd = pick(rows, agency="New York City Police Department")
    assert [(r["terms"], r["since"], r["until"], r["status"]) for r in nypd] == [
        ("trial", "2018-12", "2019-03", "confirmed"), ("unknown", "2019-03", "2020-02", "disputed"),
        ("unknown", None, None, "confirmed")]
    assert pick(rows, agency="Miami-Dade Police Department")[0]["terms"] == "contract, no use recorded"
    assert len(rows) == 16
    # the id and an alias name the same product
    assert ask("product-users", product="product:clearview-app") == rows


def test_product_users_denied_contract(ask: Any) -> None:
    assert [(r["agency"], r["status"]) for r in ask("product-users", product="Rekognition")] == [
        ("U.S. Immigration and Customs Enforcement", "denied")]


def test_agency_dealings_include_units_and_vendors(ask: Any) -> None:
    rows = ask("agency-dealings", agency="NYPD")
    assert {r["agency"] for r in rows} == {"New York City Police Department",
                                          "NYPD Facial Identification Section",
                                          "NYPD Identity Theft Team"}
    contract = pick(rows, relationship="CONTRACTED_WITH->")[0]
    assert (contract["party"], contract["product"], contract["status"]) == (
        "Clearview AI", "Clearview AI app", "disputed")
    assert pick(rows, party="NYPD facial recognition system (DataWorks)")[0]["vendor"] == "DataWorks Plus"
    assert pick(rows, relationship="<-MARKETED_TO")[0]["since"] == "2018-10"


def test_connections_each_hop_with_sources(ask: Any) -> None:
    assert ask("connections", **{"from": "NYPD", "to": "ICE"}) == [{
        "path": 1, "hop": 1, "from": "New York City Police Department", "relationship": "REFERRED->",
        "to": "U.S. Immigration and Customs Enforcement", "status": "confirmed",
        "sources": ["nypd-clearview-emails"]}]
    rows = ask("connections", **{"from": "McKinsey", "to": "Amazon Rekognition"})
    assert {r["path"] for r in rows} == set(range(1, 7)) and {r["hop"] for r in rows} == {1, 2, 3}
    assert [r["relationship"] for r in pick(rows, path=5)] == [
        "FACILITATED->", "<-PARTICIPATED_IN", "DEVELOPS->"]
    assert ask("connections", **{"from": "NYPD", "to": "Sacramento Sheriff", "maxHops": "2"}) == []


def test_data_reach_through_an_interconnect(ask: Any) -> None:
    rows = ask("data-reach", agency="Sacramento Sheriff")
    members = pick(rows, hops=2, via="California Facial Recognition Interconnect")
    assert sorted(r["party"] for r in members) == [
        "Los Angeles County (CAFRI subscriber)", "Riverside County (CAFRI subscriber)",
        "San Bernardino County (CAFRI subscriber)", "San Diego County (CAFRI subscriber)",
        "San Joaquin County (CAFRI subscriber)"]
    assert members[0]["route"] == "MEMBER_OF-> <-MEMBER_OF"
    # CAFRI works both ways: Los Angeles County reaches the sheriff's photos
    la = ask("data-reach", agency="Los Angeles County")
    assert pick(la, party="Sacramento County Sheriff's Office")[0]["via"] == (
        "California Facial Recognition Interconnect")


def test_data_reach_through_an_intermediary(ask: Any) -> None:
    rows = ask("data-reach", agency="NYPD")
    assert [(r["party"], r["hops"], r["via"]) for r in rows] == [
        ("Homeland Security task force (unnamed, New York)", 1, None),
        ("Information fusion centers (New York)", 1, None),
        ("U.S. Department of Homeland Security", 2, "Homeland Security task force (unnamed, New York)"),
        ("U.S. Department of Homeland Security", 2, "Information fusion centers (New York)")]
    # SUPPLIES_DATA_TO runs one way: ERO receives HSI's data, not the other way round
    assert pick(ask("data-reach", agency="HSI"), party="Enforcement and Removal Operations")
    assert not pick(ask("data-reach", agency="ERO"), party="Homeland Security Investigations", hops=1)


def test_disputed_claims(ask: Any) -> None:
    rows = ask("disputed-claims")
    nypd = pick(rows, **{"from": "New York City Police Department", "relationship": "USES"})
    assert nypd == [{"from": "New York City Police Department", "relationship": "USES",
                     "to": "Clearview AI app", "status": "disputed",
                     "supportedBy": ["nypd-clearview-emails"], "disputedBy": "nypd-clearview-emails",
                     "locator": "para 8",
                     "statement": "The department publicly claimed no relationship with Clearview "
                                  "beyond a test."}]
    assert pick(rows, status="denied")[0]["to"] == "Amazon"
    assert len(rows) == 7


def test_contracts_and_totals(ask: Any) -> None:
    contracts = ask("contracts")
    assert [(r["buyer"], r["amount"]) for r in pick(contracts, vendor="Clearview AI")] == [
        ("Miami-Dade Police Department", None), ("New York City Police Department", None),
        ("Broward Sheriff's Office", 15000.0), ("City of Miami Police Department", 12000.0),
        ("Coral Springs Police Department", 5000.0)]
    assert pick(contracts, buyer="Coral Springs Police Department")[0]["seats"] == 8
    totals = ask("contract-totals")
    assert totals[0] == {"role": "vendor", "party": "Clearview AI", "currency": "USD",
                         "contracts": 3, "withAmount": 3, "total": 32000.0}
    assert pick(totals, role="buyer", party="City of Miami Police Department")[0]["total"] == 12000.0
    assert pick(totals, role="buyer", party="Sacramento County Sheriff's Office")[0]["total"] is None


def test_immigration_marketing_rolls_up(ask: Any) -> None:
    rows = ask("immigration-marketing")
    assert [(r["vendor"], r["parentCompany"], r["how"], r["agency"]) for r in rows] == [
        ("Amazon", None, "MARKETED_TO", "U.S. Immigration and Customs Enforcement"),
        ("Amazon", None, "MARKETED_TO", "U.S. Immigration and Customs Enforcement"),
        ("Amazon Web Services", "Amazon", "MARKETED_TO", "Homeland Security Investigations"),
        ("Amazon Web Services", "Amazon", "MET_WITH", "U.S. Immigration and Customs Enforcement")]
    dhs = ask("immigration-marketing", agency="DHS")
    assert pick(dhs, vendor="Clearview AI")[0]["agency"] == "U.S. Department of Homeland Security"
    assert len(dhs) == 5


def test_use_without_contract(ask: Any) -> None:
    rows = ask("use-without-contract")
    assert [r["agency"] for r in pick(rows, basis="trial")] == [
        "City of Miami Police Department", "Fort Lauderdale Police Department",
        "Miramar Police Department", "New York City Police Department",
        "Pembroke Pines Police Department"]
    assert [(r["agency"], r["searchesMin"], r["searchesMax"]) for r in pick(rows, basis="unauthorized")] == [
        ("Dallas Police Department", 500, 1000), ("Dallas Police Department", None, None),
        ("Dallas Security Division", 11, 50)]
    assert pick(rows, agency="NYPD Facial Identification Section")[0]["basis"] == "no contract on record"
    assert not pick(rows, agency="Coral Springs Police Department")


def test_true_on_date(ask: Any) -> None:
    rows = ask("true-on-date", day="2019-01-15")
    assert [(r["from"], r["relationship"], r["to"]) for r in rows] == [
        ("Clearview AI", "MARKETED_TO", "New York City Police Department"),
        ("Clearview AI", "TESTED", "Clearview AI app"),
        ("New York City Police Department", "CONTRACTED_WITH", "Clearview AI"),
        ("New York City Police Department", "MET_WITH", "Clearview AI"),
        ("New York City Police Department", "USES", "Clearview AI app"),
        ("Sacramento County Sheriff's Office", "MEMBER_OF", "California Facial Recognition Interconnect"),
        ("Sacramento County Sheriff's Office", "USES", "California Facial Recognition Interconnect"),
        ("Sacramento sheriff's image holdings", "SUPPLIES_DATA_TO",
         "California Facial Recognition Interconnect")]
    later = ask("true-on-date", day="2020-06-01")
    assert pick(later, **{"from": "City of Miami Police Department", "relationship": "USES"})
    assert not pick(later, **{"from": "New York City Police Department", "relationship": "USES"})


def test_single_source_claims(ask: Any) -> None:
    alleged = ask("single-source-claims", status="alleged")
    assert [(r["from"], r["to"], r["source"]) for r in alleged] == [
        ("Information fusion centers (New York)", "New York City Police Department", "nypd-clearview-emails"),
        ("U.S. Department of Homeland Security", "Information fusion centers (New York)",
         "nypd-clearview-emails")]
    assert alleged[0]["title"].startswith("The NYPD used the controversial Clearview")
    rows = ask("single-source-claims")
    assert rows[0]["status"] == "denied" and len(rows) == 165
    assert not pick(rows, **{"from": "Clearview AI", "relationship": "DEVELOPS", "to": "Clearview AI app"})


def test_every_library_query_is_tested() -> None:
    assert TESTED == set(load_catalog("cypher"))



def test_cli_list(runner: CliRunner) -> None:
    assert run(runner, "query", "--list") == (0, LIST, "")


def test_cli_csv(runner: CliRunner, engine: EmbeddedEngine) -> None:
    assert run(runner, "query", "immigration-marketing", "--format", "csv") == (0, CSV, "")


def test_cli_table_and_json(runner: CliRunner, engine: EmbeddedEngine) -> None:
    code, out, _ = run(runner, "query", "connections", "--param", "from=NYPD", "--param", "to=ICE")
    assert (code, out) == (0, (
        "path  hop  from                             relationship  to                                "
        "        status     sources\n"
        "1     1    New York City Police Department  REFERRED->    U.S. Immigration and Customs "
        "Enforcement  confirmed  nypd-clearview-emails\n"))
    code, out, _ = run(runner, "cypher", "MATCH (a:Agency {id: $id}) RETURN a.name AS name, a.aliases "
                       "AS aliases", "--param", "id=agency:nypd", "--format", "json")
    assert (code, out) == (0, '{\n  "columns": [\n    "name",\n    "aliases"\n  ],\n  "rows": [\n'
                           '    {\n      "name": "New York City Police Department",\n      "aliases": '
                           '[\n        "NYPD",\n        "New York Police Department"\n      ]\n    }\n  ]\n}\n')


@pytest.mark.parametrize("args,code,message", [
    (["query", "product-users", "--param", "prodcut=CAFRI"], 2,
     "Error: unknown parameter 'prodcut' for query product-users; it takes: product\n"),
    (["query", "product-users"], 2, "Error: missing parameter 'product' for query product-users "
                                    "(example: --param product=Clearview AI app)\n"),
    (["query", "connection"], 2, "Error: no cypher query named 'connection'; did you mean connections? "
                                 "(`--list` shows them all)\n"),
    (["query"], 2, "Error: give a query name; `watchgraph query --list` lists the library\n"),
    (["query", "connections", "--param", "from=NYPD", "--param", "to=ICE", "--param", "maxHops=x"], 2,
     "Error: parameter 'maxHops' of query connections is a whole number, not 'x'\n"),
    (["query", "true-on-date", "--param", "day=2019-1-5"], 2,
     "Error: parameter 'day' of query true-on-date is a day written YYYY-MM-DD, not '2019-1-5'\n"),
    (["query", "product-users", "--param", "product=Clearviw app"], 1,
     "Error: no entity named 'Clearviw app'; did you mean 'Clearview app', 'Clearview AI', "
     "'Clearview AI scraped photo collection'?\n"),
    (["cypher", "MATC (n) RETURN n"], 1,
     "Error: Cypher syntax error: extraneous input 'MATC' (line: 1, offset: 0)\n"),
    (["query", "contracts", "--engine", "neo4j"], 2,
     "Error: --engine neo4j needs a server: give --uri bolt://HOST:PORT or set NEO4J_URI\n"),
])
def test_cli_errors_are_one_line(runner: CliRunner, engine: EmbeddedEngine, args: list[str], code: int,
                                 message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert run(runner, *args) == (code, "", message)
