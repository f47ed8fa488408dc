"""Every library query on the embedded engine, answered from the bundled data; the CLI.

Denied claims: left out by default and shown with include_denied=true, on the bundled data
(the ICE-Amazon and Dallas-Clearview contracts are denied) and on DENIALS, a small dataset
whose denied claims sit in the middle of multi-hop questions (units, data flows, paths).
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.errors import UsageError
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import load_catalog
from watchgraph.queries.cypher_run import run_library
from watchgraph.queries.embedded import EmbeddedEngine
from watchgraph.queries.results import Result

LIST = """\
agency-dealings: How does an agency (or one of its units) deal with vendors and products: every relationship between them (uses, contracts, pitches to it, meetings, data flows, tests)?
    --param agency (entity): the agency's id, name or alias (example: NYPD)
    --param include_denied (boolean) = false: also show denied dealings, and units whose PART_OF is denied (example: true)
collects-from: Which platforms do vendors (and their products) collect data from, what data, with what consent, and did the platform object?
    --param vendor (entity, optional): only this vendor and the products it develops: an id, name or alias (example: Clearview AI)
    --param include_denied (boolean) = false: also show denied collection, objections and DEVELOPS claims (example: true)
connections: How are two entities connected? The shortest paths of at most 4 hops, hop by hop, with each hop's status and sources.
    --param from (entity): where the paths start: an id, name or alias (example: NYPD)
    --param to (entity): where they end (example: ICE)
    --param maxHops (integer) = 4: the longest connection to look for, 1 to 4 (a larger value counts as 4) (example: 3)
    --param include_denied (boolean) = false: also walk through denied relationships (example: true)
contract-totals: How much money do the contracts on record add up to, per vendor and per buyer?
    --param include_denied (boolean) = false: also count denied contracts (example: true)
contracts: What contracts are on record, with whom, for which product, for how much and for how long?
    --param vendor (entity, optional): only contracts with this vendor, or for a product it develops (example: Clearview AI)
    --param agency (entity, optional): only contracts this agency holds (example: City of Miami Police Department)
    --param minAmount (integer) = 0: only contracts of at least this amount (0: every contract, with an amount or not) (example: 10000)
    --param include_denied (boolean) = false: also show denied contracts, and products whose DEVELOPS is denied (example: true)
data-reach: Who can reach an agency's data: through an interconnect, data sharing or supply, or one intermediary further, and what data?
    --param agency (entity): the agency whose data it is: an id, name or alias (example: Sacramento Sheriff)
    --param include_denied (boolean) = false: also follow denied relationships (example: true)
disputed-claims: Where does a party's own statement contradict the record? Each disputed or denied claim, both sides cited (denied claims are always shown)?
immigration-marketing: Which vendors marketed to (or met) federal immigration enforcement, its sub-agencies included?
    --param agency (entity, optional): the agency whose units count too, through PART_OF; ICE when not given (example: DHS)
    --param include_denied (boolean) = false: also show denied contacts, and units whose PART_OF is denied (example: true)
interconnect-members: Who are the members of an interconnect, network or task force, since when, and who develops it?
    --param system (entity): the interconnect's id, name or alias (example: CAFRI)
    --param include_denied (boolean) = false: also show denied memberships, and developers whose DEVELOPS is denied (example: true)
meetings: Who met whom: each meeting with its participants, host, place and date, and its sources?
    --param party (entity, optional): only meetings this party took part in: an id, name or alias (example: ICE)
    --param include_denied (boolean) = false: also count denied participations and meetings (example: true)
product-users: Which agencies use a product, or any product of a vendor, on what terms (contract, trial, unauthorized), and since when?
    --param product (entity, optional): only this product (example: Clearview AI app)
    --param vendor (entity, optional): only the products this vendor develops (example: Clearview AI)
    --param include_denied (boolean) = false: also show denied uses and contracts, and products whose DEVELOPS is denied (example: true)
records-requests: Who asked which agency for records, under which law, and what came out?
    --param party (entity, optional): only requests by or to this party: an id, name or alias (example: NYPD)
    --param include_denied (boolean) = false: also show denied requests (example: true)
single-source-claims: Which claims rest on a single source, weakest status first?
    --param status = any: only claims with this status (reported, confirmed, alleged, disputed, denied) (example: reported)
    --param include_denied (boolean) = false: also show denied claims (status=denied shows them anyway) (example: true)
true-on-date: What was true on a given day: the relationships whose dates include it?
    --param day (date): the day, YYYY-MM-DD (example: 2019-01-15)
    --param include_denied (boolean) = false: also show denied claims (example: true)
unauthorized-use: Who used a product without authorization or on personal phones and accounts, whose product, and how much?
    --param vendor (entity, optional): only products this vendor develops: an id, name or alias (example: Clearview AI)
    --param include_denied (boolean) = false: also show denied uses and DEVELOPS claims (example: true)
units: What is an agency part of, and what are its units, through up to three PART_OF claims, with each claim's status on the way?
    --param agency (entity): the agency's id, name or alias (example: ICE)
    --param include_denied (boolean) = false: also follow denied PART_OF claims (example: true)
use-without-contract: Which agencies used a product without a contract: trials, pilots, unauthorized use, none on record?
    --param vendor (entity, optional): only the products this vendor develops (example: Clearview AI)
    --param include_denied (boolean) = false: also show denied uses, count denied contracts as contracts, and products whose DEVELOPS is denied (example: true)
"""

CSV = """\
vendor,parentCompany,how,agency,product,date,status,sources
Amazon,,MARKETED_TO,U.S. Immigration and Customs Enforcement,Amazon Rekognition Video,2018,confirmed,pogo-amazon-ice
Amazon,,MARKETED_TO,U.S. Immigration and Customs Enforcement,Amazon Rekognition,2018-07-31,confirmed,pogo-amazon-ice
Amazon Web Services,Amazon,MARKETED_TO,Homeland Security Investigations,Amazon Rekognition,2018-06-15,confirmed,pogo-amazon-ice
Amazon Web Services,Amazon,MET_WITH,U.S. Immigration and Customs Enforcement,,2018-06,confirmed,pogo-amazon-ice
"""

DENIALS = """\
sources:
  - {id: s1, title: A story, publisher: A paper, published: 2020-05, kind: news}
entities:
  - {id: agency:top, type: Agency, name: Top Agency}
  - {id: agency:unit-a, type: Agency, name: Unit A}
  - {id: agency:unit-b, type: Agency, name: Unit B}
  - {id: agency:partner, type: Agency, name: Partner Agency}
  - {id: agency:far, type: Agency, name: Far Agency}
  - {id: company:vendor, type: Company, name: Vendor Inc}
  - {id: product:tool, type: Product, name: Tool}
relationships:
  - {type: PART_OF, from: agency:unit-a, to: agency:top, status: denied,
     citations: [{source: s1, stance: disputes, locator: para 1, note: The agency says it is not its unit.}]}
  - {type: PART_OF, from: agency:unit-b, to: agency:top, status: alleged,
     citations: [{source: s1, locator: para 2, note: A critic calls it a unit.}]}
  - {type: DEVELOPS, from: company:vendor, to: product:tool, status: reported,
     citations: [{source: s1, locator: para 3, note: The vendor makes the tool.}]}
  - {type: USES, from: agency:unit-a, to: product:tool, mode: trial, status: confirmed,
     citations: [{source: s1, locator: para 4, note: Records show a trial.}]}
  - {type: USES, from: agency:unit-b, to: product:tool, mode: unknown, status: reported,
     citations: [{source: s1, locator: para 5, note: The unit uses the tool.}]}
  - {type: USES, from: agency:far, to: product:tool, mode: unknown, status: denied,
     citations: [{source: s1, stance: disputes, locator: para 5, note: The far agency says it never used it.}]}
  - {type: CONTRACTED_WITH, from: agency:top, to: company:vendor, product: product:tool, status: denied,
     amount: 1000, currency: USD,
     citations: [{source: s1, stance: disputes, locator: para 6, note: The agency says it has no contract.}]}
  - {type: SHARES_DATA_WITH, from: agency:top, to: agency:partner, status: denied, start: 2019,
     citations: [{source: s1, stance: disputes, locator: para 7, note: The agency denies sharing data.}]}
  - {type: SHARES_DATA_WITH, from: agency:partner, to: agency:far, status: reported,
     citations: [{source: s1, locator: para 8, note: The two share data.}]}
  - {type: MARKETED_TO, from: company:vendor, to: agency:unit-a, product: product:tool, status: confirmed,
     date: 2019, citations: [{source: s1, locator: para 9, note: Emails show the pitch.}]}
"""
"""A small dataset whose denied claims (a PART_OF, a use, a contract, a data flow) sit in the
middle of multi-hop questions: Unit A is denied to be Top Agency's unit, Unit B is alleged to
be one; Top Agency denies sharing data with Partner Agency, Far Agency denies using the Tool."""

STATUSES = {"confirmed", "reported", "alleged", "disputed", "denied"}

@pytest.fixture(scope="module")
def engine(bundled: KnowledgeGraph) -> EmbeddedEngine:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        return EmbeddedEngine(bundled, show_progress=False)


@pytest.fixture
def ask(engine: EmbeddedEngine, bundled: KnowledgeGraph) -> Any:
    def _ask(name: str, **params: str) -> list[dict[str, Any]]:
        return run_library(engine, bundled, name, params).records()

    return _ask


@pytest.fixture(scope="module")
def denials(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    path = tmp_path_factory.mktemp("denials") / "denials.yaml"
    path.write_text(DENIALS, "utf-8")
    return api.load([path], bundled=False, show_progress=False)


@pytest.fixture(scope="module")
def small(denials: KnowledgeGraph) -> EmbeddedEngine:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        return EmbeddedEngine(denials, show_progress=False)


@pytest.fixture(scope="module")
def ask_denials(small: EmbeddedEngine, denials: KnowledgeGraph) -> Any:
    def _ask(name: str, **params: str) -> list[tuple[Any, ...]]:
        return run_library(small, denials, name, params).rows

    return _ask


def pick(rows: list[dict[str, Any]], **where: Any) -> list[dict[str, Any]]:
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def test_product_users(ask: Any) -> None:
    rows = ask("product-users", product="Clearview AI app")
    assert pick(rows, agency="City of Miami Police Department", terms="contract") == [{
        "agency": "City of Miami Police Department", "product": "Clearview AI app",
        "terms": "contract", "since": "2020",
        "until": None, "status": "confirmed", "searchesMin": None, "searchesMax": None,
        "amount": 12000.0, "currency": "USD", "sources": ["nbc6-south-florida-clearview"]}]
    dallas = pick(rows, agency="Dallas Police Department", searchesMin=500)
    assert [(r["terms"], r["searchesMax"]) for r in dallas] == [("unauthorized", 1000)]
    nypd = pick(rows, agency="New York City Police Department")
    # the use after the trial has no end on record; the use on personal devices is reported
    assert [(r["terms"], r["since"], r["until"], r["status"]) for r in nypd] == [
        ("trial", "2018-12", "2019-03", "confirmed"), ("unknown", "2019-03", None, "disputed"),
        ("unknown", None, None, "reported")]
    # a contract alone is no use: these three have a contract and no use on record
    assert [(r["agency"], r["amount"]) for r in pick(rows, terms="contract, no use recorded")] == [
        ("Broward Sheriff's Office", 15000.0), ("Coral Springs Police Department", 5000.0),
        ("Miami-Dade Police Department", None)]
    assert len(rows) == 16
    # the id and an alias name the same product
    assert ask("product-users", product="product:clearview-app") == rows


def test_product_users_by_vendor(ask: Any) -> None:
    # the vendor's users are those of the products it develops: Dallas used the app
    # without a contract, and it appears under the vendor with the product beside it
    rows = ask("product-users", vendor="Clearview AI")
    assert rows == ask("product-users", product="Clearview AI app")
    assert [(r["product"], r["terms"]) for r in pick(rows, agency="Dallas Police Department")] == [
        ("Clearview AI app", "unauthorized"), ("Clearview AI app", "unauthorized")]
    # DataWorks Plus develops the image system the Sacramento sheriff uses under contract, and
    # (alleged) the NYPD's system
    assert [(r["agency"], r["product"], r["terms"], r["status"])
            for r in ask("product-users", vendor="DataWorks Plus")] == [
        ("Sacramento County Sheriff's Office", "DataWorks Plus image capture and storage system (Sacramento)",
         "contract", "reported"),
        ("New York City Police Department", "NYPD facial recognition system (DataWorks)", "unknown", "alleged")]
    # neither parameter: every product's users
    everything = ask("product-users")
    assert {r["product"] for r in everything} >= {"Clearview AI app", "NYPD facial recognition system (DataWorks)"}
    assert len(everything) == 22


def test_product_users_denied_contract(ask: Any) -> None:
    assert ask("product-users", product="Rekognition") == []
    assert [(r["agency"], r["terms"], r["status"]) for r in ask(
        "product-users", product="Rekognition", include_denied="true")] == [
        ("U.S. Immigration and Customs Enforcement", "contract, no use recorded", "denied")]


def test_agency_dealings_include_units_and_vendors(ask: Any) -> None:
    rows = ask("agency-dealings", agency="NYPD")
    assert {r["agency"] for r in rows} == {"New York City Police Department",
                                          "NYPD Facial Identification Section",
                                          "NYPD Identity Theft Team"}
    contract = pick(rows, relationship="CONTRACTED_WITH->")[0]
    assert (contract["party"], contract["product"], contract["status"]) == (
        "Clearview AI", "Clearview AI app", "disputed")
    dataworks = pick(rows, party="NYPD facial recognition system (DataWorks)")
    assert [(r["vendor"], r["mode"], r["status"]) for r in dataworks] == [
        ("DataWorks Plus", "unknown", "alleged")]
    assert pick(rows, relationship="<-MARKETED_TO")[0]["since"] == "2018-10"


def test_agency_dealings_denied_contract(ask: Any) -> None:
    rows = ask("agency-dealings", agency="DHS")
    assert not pick(rows, party="Amazon", relationship="CONTRACTED_WITH->")
    assert {r["status"] for r in pick(rows, party="Amazon")} == {"confirmed"}  # its pitches
    assert {r["agency"] for r in rows} == {"U.S. Department of Homeland Security",
                                          "U.S. Immigration and Customs Enforcement",
                                          "Homeland Security Investigations"}
    denied = pick(ask("agency-dealings", agency="DHS", include_denied="true"), status="denied")
    assert [(r["agency"], r["relationship"], r["party"], r["product"]) for r in denied] == [
        ("U.S. Immigration and Customs Enforcement", "CONTRACTED_WITH->", "Amazon", "Amazon Rekognition")]


def test_connections_each_hop_with_sources(ask: Any) -> None:
    assert ask("connections", **{"from": "NYPD", "to": "ICE"}) == [{
        "path": "New York City Police Department -REFERRED-> U.S. Immigration and Customs Enforcement",
        "hop": 1, "from": "New York City Police Department", "relationship": "REFERRED->",
        "to": "U.S. Immigration and Customs Enforcement", "status": "alleged",
        "sources": ["nypd-clearview-emails"]}]
    rows = ask("connections", **{"from": "McKinsey", "to": "Amazon Rekognition"})
    assert len({r["path"] for r in rows}) == 3 and {r["hop"] for r in rows} == {1, 2, 3}
    facilitated = [r for r in rows if r["path"].startswith("McKinsey & Company -FACILITATED->")]
    assert [r["relationship"] for r in facilitated] == ["FACILITATED->", "<-PARTICIPATED_IN", "DEVELOPS->"]
    assert ask("connections", **{"from": "NYPD", "to": "Sacramento Sheriff", "maxHops": "2"}) == []


def test_connections_go_around_denied_claims(ask: Any) -> None:
    # ICE's only direct tie to Amazon besides the pitches is a denied contract
    hops = [(r["path"], r["relationship"], r["status"])
            for r in ask("connections", **{"from": "ICE", "to": "Amazon"})]
    # two pitches with the same status and source read as one path, one row
    assert hops == [("U.S. Immigration and Customs Enforcement <-MARKETED_TO- Amazon", "<-MARKETED_TO",
                     "confirmed")]
    with_denied = ask("connections", **{"from": "ICE", "to": "Amazon", "include_denied": "true"})
    assert ("CONTRACTED_WITH->", "denied") in [(r["relationship"], r["status"]) for r in with_denied]
    # Dallas police denies any contract with Clearview: the shortest paths become two hops long
    rows = ask("connections", **{"from": "Dallas Police Department", "to": "Clearview AI"})
    assert {r["hop"] for r in rows} == {1, 2} and "denied" not in {r["status"] for r in rows}
    assert [(r["relationship"], r["status"]) for r in ask(
        "connections", **{"from": "Dallas Police Department", "to": "Clearview AI",
                          "include_denied": "true"})] == [("CONTRACTED_WITH->", "denied")]


def test_data_reach_through_an_interconnect(ask: Any) -> None:
    rows = ask("data-reach", agency="Sacramento Sheriff")
    members = pick(rows, hops=2, via="California Facial Recognition Interconnect")
    assert sorted(r["party"] for r in members) == [
        "Los Angeles County (CAFRI subscriber)", "Riverside County (CAFRI subscriber)",
        "San Bernardino County (CAFRI subscriber)", "San Diego County (CAFRI subscriber)",
        "San Joaquin County (CAFRI subscriber)"]
    assert members[0]["route"] == "MEMBER_OF-> <-MEMBER_OF"
    # one status per hop: the sheriff's membership is confirmed, the counties' reported
    assert {tuple(r["status"]) for r in members} == {("confirmed", "reported")}
    # CAFRI works both ways: Los Angeles County reaches the sheriff's photos
    la = ask("data-reach", agency="Los Angeles County")
    assert pick(la, party="Sacramento County Sheriff's Office")[0]["via"] == (
        "California Facial Recognition Interconnect")


def test_data_reach_through_an_intermediary(ask: Any) -> None:
    rows = ask("data-reach", agency="NYPD")
    assert [(r["party"], r["hops"], r["via"], r["status"]) for r in rows] == [
        ("Homeland Security task force (unnamed)", 1, None, ["confirmed"]),
        ("Information fusion centers (New York)", 1, None, ["alleged"]),
        ("U.S. Department of Homeland Security", 2, "Homeland Security task force (unnamed)",
         ["confirmed", "reported"]),
        ("U.S. Department of Homeland Security", 2, "Information fusion centers (New York)",
         ["alleged", "alleged"])]
    # PART_OF runs one way: a unit's data is its parent's, not the other way round
    assert pick(ask("data-reach", agency="HSI"), party="U.S. Immigration and Customs Enforcement", hops=1)
    assert not pick(ask("data-reach", agency="ICE"), party="Homeland Security Investigations")
    # a first hop stays when every hop beyond it runs the wrong way (DHS only has units)
    fusion = ask("data-reach", agency="agency:fusion-centers")
    assert pick(fusion, party="U.S. Department of Homeland Security", hops=1)


def test_network_questions_answer(ask: Any) -> None:
    """Their rows are checked in test_questions_network.py."""
    assert ask("meetings", party="ICE")[0]["host"] == ["McKinsey & Company"]
    assert {r["platform"] for r in ask("collects-from", vendor="Clearview AI")} >= {"Facebook", "YouTube"}
    assert {r["user"] for r in ask("unauthorized-use")} == {"Dallas Police Department",
                                                           "New York City Police Department"}
    assert [r["law"] for r in ask("records-requests")] == ["FOIL", "FOIA"]


def test_disputed_claims(ask: Any) -> None:
    rows = ask("disputed-claims")
    nypd = pick(rows, **{"from": "New York City Police Department", "relationship": "USES"})
    # both sides, one row per citation: the emails (paras 2, 4, 7) against the department's word
    assert [(r["stance"], r["source"], r["locator"]) for r in nypd] == [
        ("supports", "nypd-clearview-emails", "para 2"), ("supports", "nypd-clearview-emails", "para 4"),
        ("supports", "nypd-clearview-emails", "para 7"), ("disputes", "nypd-clearview-emails", "para 4")]
    assert nypd[3] == {"from": "New York City Police Department", "relationship": "USES",
                       "to": "Clearview AI app", "status": "disputed", "stance": "disputes",
                       "source": "nypd-clearview-emails", "locator": "para 4",
                       "quote": "no institutional relationship",
                       "note": "The department publicly claimed no relationship with Clearview, "
                               "admitting only a test."}
    # denied claims are always shown here: the question is about both sides
    assert [(r["from"], r["to"], r["quote"]) for r in pick(rows, status="denied")] == [
        ("Dallas Police Department", "Clearview AI", "never entered into a contract with Clearview AI"),
        ("U.S. Immigration and Customs Enforcement", "Amazon",
         "does not have a contract with the vendor you've identified"),
        ("U.S. Immigration and Customs Enforcement", "Amazon",
         "ICE says it does not have any public contracts with Amazon for Rekognition")]
    assert len(rows) == 14


def test_contracts_and_totals(ask: Any) -> None:
    contracts = ask("contracts")
    assert [(r["buyer"], r["amount"]) for r in pick(contracts, vendor="Clearview AI")] == [
        ("Miami-Dade Police Department", None), ("New York City Police Department", None),
        ("Broward Sheriff's Office", 15000.0), ("City of Miami Police Department", 12000.0),
        ("Coral Springs Police Department", 5000.0)]
    assert pick(contracts, buyer="Coral Springs Police Department")[0]["seats"] == 8
    assert "denied" not in {r["status"] for r in contracts}
    totals = ask("contract-totals")
    assert totals[0] == {"role": "vendor", "party": "Clearview AI", "currency": "USD",
                         "contracts": 3, "withAmount": 3, "total": 32000.0,
                         "status": ["confirmed", "reported"]}
    assert pick(totals, role="buyer", party="City of Miami Police Department")[0]["total"] == 12000.0
    assert pick(totals, role="buyer", party="Sacramento County Sheriff's Office")[0]["total"] is None
    assert not pick(totals, party="Amazon") and not pick(totals, party="Dallas Police Department")


def test_denied_contracts_on_request(ask: Any) -> None:
    denied = pick(ask("contracts", include_denied="true"), status="denied")
    assert [(r["buyer"], r["vendor"], r["product"]) for r in denied] == [
        ("U.S. Immigration and Customs Enforcement", "Amazon", "Amazon Rekognition"),
        ("Dallas Police Department", "Clearview AI", "Clearview AI app")]
    totals = ask("contract-totals", include_denied="true")
    assert pick(totals, role="vendor", party="Amazon") == [{
        "role": "vendor", "party": "Amazon", "currency": None, "contracts": 1, "withAmount": 0,
        "total": None, "status": ["denied"]}]
    assert pick(totals, role="buyer", party="U.S. Immigration and Customs Enforcement")[0][
        "status"] == ["reported", "denied"]


def test_immigration_marketing_rolls_up(ask: Any) -> None:
    rows = ask("immigration-marketing")
    assert [(r["vendor"], r["parentCompany"], r["how"], r["agency"]) for r in rows] == [
        ("Amazon", None, "MARKETED_TO", "U.S. Immigration and Customs Enforcement"),
        ("Amazon", None, "MARKETED_TO", "U.S. Immigration and Customs Enforcement"),
        ("Amazon Web Services", "Amazon", "MARKETED_TO", "Homeland Security Investigations"),
        ("Amazon Web Services", "Amazon", "MET_WITH", "U.S. Immigration and Customs Enforcement")]
    # DHS takes in ICE and its units: the same contacts, and none with DHS itself on record
    assert ask("immigration-marketing", agency="DHS") == rows


def test_use_without_contract(ask: Any) -> None:
    rows = ask("use-without-contract")
    assert [r["agency"] for r in pick(rows, basis="trial")] == [
        "City of Miami Police Department", "Fort Lauderdale Police Department",
        "Miramar Police Department", "New York City Police Department",
        "Pembroke Pines Police Department"]
    assert [(r["agency"], r["searchesMin"], r["searchesMax"]) for r in pick(rows, basis="unauthorized")] == [
        ("Dallas Police Department", 500, 1000), ("Dallas Police Department", None, None)]
    # the Security Division's searches are not said to be unauthorized: no contract on record
    assert [(r["searchesMin"], r["searchesMax"], r["status"]) for r in pick(
        rows, agency="Dallas Security Division")] == [(11, 50, "disputed")]
    assert pick(rows, agency="NYPD Facial Identification Section")[0]["basis"] == "no contract on record"
    assert not pick(rows, agency="Coral Springs Police Department")


def test_true_on_date(ask: Any) -> None:
    rows = ask("true-on-date", day="2019-01-15")
    assert [(r["from"], r["relationship"], r["to"], r["status"]) for r in rows] == [
        ("Clearview AI", "MARKETED_TO", "New York City Police Department", "confirmed"),
        ("New York City Police Department", "CONTRACTED_WITH", "Clearview AI", "disputed"),
        ("New York City Police Department", "MET_WITH", "Clearview AI", "confirmed"),
        ("New York City Police Department", "USES", "Clearview AI app", "confirmed"),
        ("Sacramento County Sheriff's Office", "MEMBER_OF", "California Facial Recognition Interconnect",
         "confirmed")]
    later = ask("true-on-date", day="2020-06-01")
    assert pick(later, **{"from": "City of Miami Police Department", "relationship": "USES"})
    # the NYPD's use after the trial has no end on record, so it may still hold
    assert [(r["validFrom"], r["validTo"], r["status"]) for r in pick(
        later, **{"from": "New York City Police Department", "relationship": "USES"})] == [
        ("2019-03-01", "", "disputed")]


def test_single_source_claims(ask: Any, bundled: KnowledgeGraph) -> None:
    alleged = ask("single-source-claims", status="alleged")
    assert [(r["from"], r["relationship"], r["to"]) for r in alleged] == [
        ("DataWorks Plus", "DEVELOPS", "NYPD facial recognition system (DataWorks)"),
        ("Information fusion centers (New York)", "SHARES_DATA_WITH", "New York City Police Department"),
        ("NYPD Facial Identification Section", "MET_WITH", "Clearview AI"),
        ("NYPD facial recognition procedures", "REGULATES", "New York City Police Department"),
        ("New York City Police Department", "ADOPTED", "NYPD facial recognition procedures"),
        ("New York City Police Department", "REFERRED", "U.S. Immigration and Customs Enforcement"),
        ("New York City Police Department", "USES", "NYPD facial recognition system (DataWorks)"),
        ("U.S. Department of Homeland Security", "SHARES_DATA_WITH", "Information fusion centers (New York)")]
    assert {r["source"] for r in alleged} == {"nypd-clearview-emails"}
    assert alleged[0]["title"].startswith("The NYPD used a controversial facial recognition tool")
    single = [r for r in bundled.relationships() if len(r.sources()) == 1]
    rows = ask("single-source-claims")
    assert rows[0]["status"] == "disputed" and "denied" not in {r["status"] for r in rows}
    assert len(rows) == 154 == len([r for r in single if r.status != "denied"])
    assert not pick(rows, **{"from": "Clearview AI", "relationship": "DEVELOPS", "to": "Clearview AI app"})
    everything = ask("single-source-claims", include_denied="true")
    assert len(everything) == 156 == len(single) and everything[0]["status"] == "denied"
    # asking for denied claims by status is asking for them
    assert [(r["from"], r["to"]) for r in ask("single-source-claims", status="denied")] == [
        ("Dallas Police Department", "Clearview AI"), ("U.S. Immigration and Customs Enforcement", "Amazon")]


def test_denied_claims_in_the_middle_of_a_question(ask_denials: Any) -> None:
    """A denied PART_OF takes its unit out of the roll-up; a denied data flow or hop ends the
    paths through it; include_denied=true puts them back."""
    def dealings(**p: str) -> list[tuple[Any, ...]]:
        return [(r[0], r[1], r[2], r[10]) for r in ask_denials("agency-dealings", agency="Top Agency", **p)]

    assert dealings() == [("Unit B", "USES->", "Tool", "reported")]
    assert dealings(include_denied="true") == [
        ("Top Agency", "CONTRACTED_WITH->", "Vendor Inc", "denied"),
        ("Unit A", "USES->", "Tool", "confirmed"), ("Unit A", "<-MARKETED_TO", "Vendor Inc", "confirmed"),
        ("Unit B", "USES->", "Tool", "reported")]
    assert ask_denials("immigration-marketing", agency="Top Agency") == []
    assert [r[3] for r in ask_denials("immigration-marketing", agency="Top Agency",
                                      include_denied="true")] == ["Unit A"]
    assert ask_denials("data-reach", agency="Top Agency") == []
    assert [(r[0], r[1], r[5]) for r in ask_denials("data-reach", agency="Top Agency", include_denied="true")] == [
        ("Partner Agency", 1, ["denied"]), ("Far Agency", 2, ["denied", "reported"])]
    assert [(r[0], r[1], r[5]) for r in ask_denials("data-reach", agency="Unit B")] == [
        ("Top Agency", 1, ["alleged"])]
    assert [(r[0], r[1], r[5]) for r in ask_denials("data-reach", agency="Unit B", include_denied="true")] == [
        ("Top Agency", 1, ["alleged"]), ("Partner Agency", 2, ["alleged", "denied"])]
    # every path from Unit A to Far Agency runs through a denied claim
    assert ask_denials("connections", **{"from": "Unit A", "to": "Far Agency"}) == []
    assert [(r[3], r[5]) for r in ask_denials("connections", **{"from": "Unit A", "to": "Far Agency",
                                                                "include_denied": "true"})] == [
        ("USES->", "confirmed"), ("<-USES", "denied")]
    assert [(r[3], r[5]) for r in ask_denials("connections", **{"from": "Unit A", "to": "Partner Agency",
                                                                "include_denied": "true"})] == [
        ("PART_OF->", "denied"), ("<-SHARES_DATA_WITH", "denied")]
    assert [(r[0], r[2]) for r in ask_denials("product-users", product="Tool")] == [
        ("Unit A", "trial"), ("Unit B", "unknown")]
    assert ask_denials("contract-totals") == []
    assert ask_denials("contract-totals", include_denied="true") == [
        ("vendor", "Vendor Inc", "USD", 1, 1, 1000.0, ["denied"]),
        ("buyer", "Top Agency", "USD", 1, 1, 1000.0, ["denied"])]


# For each query, where a denied claim shows: the bundled data, or DENIALS (marked "small").
DENIED_SHOWN: list[tuple[str, dict[str, str], bool]] = [
    ("agency-dealings", {"agency": "ICE"}, False),
    ("agency-dealings", {"agency": "Top Agency"}, True),
    ("connections", {"from": "ICE", "to": "Amazon"}, False),
    ("connections", {"from": "Unit A", "to": "Far Agency"}, True),
    ("contract-totals", {}, False),
    ("contracts", {}, False),
    ("data-reach", {"agency": "Top Agency"}, True),
    ("data-reach", {"agency": "Unit B"}, True),
    ("immigration-marketing", {"agency": "Top Agency"}, True),
    ("product-users", {"product": "Rekognition"}, False),
    ("product-users", {"product": "Tool"}, True),
    ("single-source-claims", {}, False),
    ("true-on-date", {"day": "2019-06-01"}, True),
    ("use-without-contract", {}, True),
    ("units", {"agency": "Top Agency"}, True),
    ("contracts", {"vendor": "Vendor Inc"}, True),
]


def statuses(result: Result) -> set[str]:
    """Every status a result shows (a two-hop row shows one per hop)."""
    return {s for v in result.column("status") for s in (v if isinstance(v, list) else [v])}


@pytest.mark.parametrize("name,params,on_small", DENIED_SHOWN,
                         ids=[f"{n}:{','.join(p.values())}" for n, p, _ in DENIED_SHOWN])
def test_denied_claims_only_when_asked(engine: EmbeddedEngine, bundled: KnowledgeGraph,
                                       small: EmbeddedEngine, denials: KnowledgeGraph, name: str,
                                       params: dict[str, str], on_small: bool) -> None:
    """By default no row rests on a denied claim; include_denied=true adds the rows that do
    and keeps the others (an aggregate's rows change instead, and shortest paths may get
    shorter through a denied claim)."""
    eng, graph = (small, denials) if on_small else (engine, bundled)
    default = run_library(eng, graph, name, params)
    everything = run_library(eng, graph, name, {**params, "include_denied": "true"})
    assert "denied" not in statuses(default)
    if name in ("contract-totals", "connections"):
        assert everything.rows != default.rows
    else:
        assert set(map(repr, default.rows)) < set(map(repr, everything.rows))
    # immigration-marketing shows the contact's status; here the denied claim is the PART_OF
    # that makes Unit A a unit of Top Agency
    assert "denied" in statuses(everything) or name == "immigration-marketing"


def test_include_denied_is_a_boolean(ask: Any, engine: EmbeddedEngine, bundled: KnowledgeGraph) -> None:
    for name, query in load_catalog("cypher").items():
        param = query.params.get("include_denied")
        if name == "disputed-claims":  # keeps denied claims: the question is about both sides
            assert param is None and "always shown" in query.question
            continue
        assert param is not None and (param.kind, param.default) == ("boolean", "false"), name
    assert ask("contracts", include_denied="TRUE") == ask("contracts", include_denied="true")
    assert ask("contracts", include_denied="False") == ask("contracts")
    with pytest.raises(UsageError, match="^parameter 'include_denied' of query contracts is true or "
                                         "false, not 'yes'$"):
        run_library(engine, bundled, "contracts", {"include_denied": "yes"})


@pytest.mark.parametrize("include_denied", ["false", "true"])
def test_every_row_shows_its_status(engine: EmbeddedEngine, bundled: KnowledgeGraph,
                                    include_denied: str) -> None:
    from test_catalog_parity import all_cases

    for name, params in all_cases(None):
        query = load_catalog("cypher")[name]
        given = {**params, "include_denied": include_denied} if "include_denied" in query.params \
            else params
        result = run_library(engine, bundled, name, given)
        assert "status" in result.columns, name
        for status in result.column("status"):
            statuses = status if isinstance(status, list) else [status]
            assert statuses and set(statuses) <= STATUSES, (name, status)
            if include_denied == "false" and name != "disputed-claims" and \
                    params.get("status") != "denied":
                assert "denied" not in statuses, (name, params)


def test_cli_list(runner: CliRunner) -> None:
    assert run(runner, "query", "--list") == (0, LIST, "")


def test_cli_csv(runner: CliRunner, engine: EmbeddedEngine) -> None:
    assert run(runner, "query", "immigration-marketing", "--format", "csv") == (0, CSV, "")


def test_cli_table_and_json(runner: CliRunner, engine: EmbeddedEngine) -> None:
    code, out, _ = run(runner, "query", "connections", "--param", "from=NYPD", "--param", "to=ICE")
    assert (code, out) == (0, (
        "path                                                                                  hop  "
        "from                             relationship  to                                        status   "
        "sources\n"
        "New York City Police Department -REFERRED-> U.S. Immigration and Customs Enforcement  1    "
        "New York City Police Department  REFERRED->    U.S. Immigration and Customs Enforcement  alleged  "
        "nypd-clearview-emails\n"))
    code, out, _ = run(runner, "cypher", "MATCH (a:Agency {id: $id}) RETURN a.name AS name, a.aliases "
                       "AS aliases", "--param", "id=agency:nypd", "--format", "json")
    assert (code, out) == (0, '{\n  "columns": [\n    "name",\n    "aliases"\n  ],\n  "rows": [\n'
                           '    {\n      "name": "New York City Police Department",\n      "aliases": '
                           '[\n        "NYPD",\n        "New York Police Department"\n      ]\n    }\n  ]\n}\n')


@pytest.mark.parametrize("args,code,message", [
    (["query", "product-users", "--param", "prodcut=CAFRI"], 2,
     "Error: unknown parameter 'prodcut' for query product-users; it takes: product, vendor, "
     "include_denied\n"),
    (["query", "contracts", "--param", "include_denied=yes"], 2,
     "Error: parameter 'include_denied' of query contracts is true or false, not 'yes'\n"),
    (["query", "disputed-claims", "--param", "include_denied=true"], 2,
     "Error: unknown parameter 'include_denied' for query disputed-claims; it takes: no parameters\n"),
    (["query", "units"], 2, "Error: missing parameter 'agency' for query units "
                            "(example: --param agency=ICE)\n"),
    (["query", "connection"], 2, "Error: no question named 'connection'; did you mean connections, "
                                 "interconnect-members? (`--list` lists them all)\n"),
    (["query"], 2, "Error: give a question's name; `watchgraph query --list` lists the catalog\n"),
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


def test_agency_dealings_every_relationship_with_vendors_and_products(ask: Any) -> None:
    # ICE and its units: uses, pitches, a meeting and a contract (the Amazon contract is denied)
    rows = ask("agency-dealings", agency="ICE")
    assert [(r["agency"], r["relationship"], r["party"]) for r in rows] == [
        ("Homeland Security Investigations", "<-MARKETED_TO", "Amazon Web Services"),
        ("Homeland Security Investigations", "USES->", "HSI face recognition (tool not named)"),
        ("U.S. Immigration and Customs Enforcement", "USES->",
         "Alternatives-to-detention contractor face recognition system"),
        ("U.S. Immigration and Customs Enforcement", "<-MARKETED_TO", "Amazon"),
        ("U.S. Immigration and Customs Enforcement", "<-MARKETED_TO", "Amazon"),
        ("U.S. Immigration and Customs Enforcement", "MET_WITH->", "Amazon Web Services"),
        ("U.S. Immigration and Customs Enforcement", "USES->", "CBP facial recognition databases"),
        ("U.S. Immigration and Customs Enforcement", "CONTRACTED_WITH->", "McKinsey & Company"),
        ("U.S. Immigration and Customs Enforcement", "USES->", "State Department facial recognition databases")]
    assert pick(rows, party="McKinsey & Company")[0]["until"] == "2018"


def test_units_both_ways(ask: Any) -> None:
    assert [(r["relation"], r["entity"], r["levels"], r["via"], r["status"]) for r in ask("units", agency="ICE")] == [
        ("parent", "U.S. Department of Homeland Security", 1, "U.S. Immigration and Customs Enforcement",
         ["reported"]),
        ("unit", "Enforcement and Removal Operations", 1, "U.S. Immigration and Customs Enforcement", ["reported"]),
        ("unit", "Homeland Security Investigations", 1, "U.S. Immigration and Customs Enforcement", ["reported"])]
    hsi = pick(ask("units", agency="DHS"), entity="Homeland Security Investigations")
    assert [(r["levels"], r["via"], r["status"], r["sources"]) for r in hsi] == [
        (2, "U.S. Immigration and Customs Enforcement", ["reported", "reported"], ["pogo-amazon-ice"])]


def test_units_denied_part_of(ask_denials: Any) -> None:
    # Unit A's PART_OF is denied, Unit B's alleged
    assert [(r[1], r[4]) for r in ask_denials("units", agency="Top Agency")] == [("Unit B", ["alleged"])]
    assert [(r[1], r[4]) for r in ask_denials("units", agency="Top Agency", include_denied="true")] == [
        ("Unit A", ["denied"]), ("Unit B", ["alleged"])]


def test_interconnect_members(ask: Any) -> None:
    rows = ask("interconnect-members", system="CAFRI")
    assert rows[0] == {"member": "Sacramento County Sheriff's Office", "joined": 6, "since": "2017",
                       "until": None, "status": "confirmed", "sources": ["snr-dragnet"],
                       "developer": "DataWorks Plus"}
    assert [r["member"] for r in rows[1:]] == [
        "Los Angeles County (CAFRI subscriber)", "Riverside County (CAFRI subscriber)",
        "San Bernardino County (CAFRI subscriber)", "San Diego County (CAFRI subscriber)",
        "San Joaquin County (CAFRI subscriber)"]
    assert {r["status"] for r in rows[1:]} == {"reported"}


def test_contracts_narrowed(ask: Any) -> None:
    assert [(r["buyer"], r["amount"], r["seats"], r["months"]) for r in ask("contracts", minAmount="10000")] == [
        ("Broward Sheriff's Office", 15000.0, None, None), ("City of Miami Police Department", 12000.0, None, 12)]
    assert [r["buyer"] for r in ask("contracts", agency="ICE")] == ["U.S. Immigration and Customs Enforcement"]
    assert [r["vendor"] for r in ask("contracts", agency="ICE", include_denied="true")] == [
        "Amazon", "McKinsey & Company"]
    # DataWorks Plus: its own contract (the sheriff's image system)
    assert [(r["buyer"], r["product"]) for r in ask("contracts", vendor="DataWorks Plus")] == [
        ("Sacramento County Sheriff's Office", "DataWorks Plus image capture and storage system (Sacramento)")]


def test_contracts_roll_up_the_vendors_products(ask_denials: Any) -> None:
    # Vendor Inc develops the Tool: the (denied) contract for it counts, and Unit A's trial
    assert ask_denials("contracts", vendor="Vendor Inc") == []
    assert [r[0] for r in ask_denials("contracts", vendor="Vendor Inc", include_denied="true")] == ["Top Agency"]
    assert [(r[0], r[2]) for r in ask_denials("use-without-contract", vendor="Vendor Inc")] == [
        ("Unit B", "no contract on record"), ("Unit A", "trial")]


def test_use_without_contract_by_vendor(ask: Any) -> None:
    rows = ask("use-without-contract", vendor="Clearview AI")
    assert {r["product"] for r in rows} == {"Clearview AI app"}
    assert [(r["agency"], r["basis"]) for r in pick(rows, agency="Dallas Police Department")] == [
        ("Dallas Police Department", "unauthorized"), ("Dallas Police Department", "unauthorized")]
    assert len(rows) == 10
    assert ask("use-without-contract", vendor="Amazon") == []
