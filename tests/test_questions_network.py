"""The network questions on the bundled data, exact rows an investigator can check against
the articles: connections, data-reach, meetings, collects-from, unauthorized-use and
records-requests. Each is asked on the embedded engine and in SPARQL on the graph's store
(test_catalog_parity.py compares every engine, Neo4j included, on more cases)."""

from __future__ import annotations

from typing import Any

import pytest

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph

NYPD = "New York City Police Department"
ICE = "U.S. Immigration and Customs Enforcement"
DALLAS = "Dallas Police Department"
REDWOOD = "ICE-AWS meeting at McKinsey's Redwood City office"


@pytest.fixture(params=["embedded", "sparql"])
def ask(request: pytest.FixtureRequest, bundled: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("WATCHGRAPH_CACHE", "off")

    def _ask(name: str, **params: str) -> list[tuple[Any, ...]]:
        return api.query(bundled, name, params, request.param).rows

    return _ask


def test_connections_spell_out_each_path_hop_by_hop(ask: Any) -> None:
    assert ask("connections", **{"from": "NYPD", "to": "ICE"}) == [
        (f"{NYPD} -REFERRED-> {ICE}", 1, NYPD, "REFERRED->", ICE, "alleged", ["nypd-clearview-emails"])]
    # Dallas police denies any contract with Clearview: the shortest paths are two hops long
    via_app = f"{DALLAS} -USES-> Clearview AI app <-DEVELOPS- Clearview AI"
    rows = ask("connections", **{"from": "Dallas Police Department", "to": "Clearview AI"})
    assert [r for r in rows if r[0] == via_app] == [
        (via_app, 1, DALLAS, "USES->", "Clearview AI app", "confirmed", ["gizmodo-dallas-clearview"]),
        (via_app, 2, "Clearview AI app", "<-DEVELOPS", "Clearview AI", "reported",
         ["gizmodo-dallas-clearview", "nbc6-south-florida-clearview"])]
    assert {r[0] for r in rows} == {via_app, f"{DALLAS} -PARTICIPATED_IN-> BuzzFeed News investigation "
                                             f"of Clearview AI users <-PARTICIPATED_IN- Clearview AI"}
    assert ask("connections", **{"from": "Dallas Police Department", "to": "Clearview AI",
                                 "include_denied": "true"}) == [
        (f"{DALLAS} -CONTRACTED_WITH-> Clearview AI", 1, DALLAS, "CONTRACTED_WITH->", "Clearview AI",
         "denied", ["gizmodo-dallas-clearview"])]
    # three hops from McKinsey to Rekognition; none within two
    rows = ask("connections", **{"from": "McKinsey", "to": "Amazon Rekognition"})
    assert len({r[0] for r in rows}) == 3 and {r[1] for r in rows} == {1, 2, 3}
    assert ask("connections", **{"from": "McKinsey", "to": "Amazon Rekognition", "maxHops": "2"}) == []


def test_data_reach_names_the_data_on_each_route(ask: Any) -> None:
    assert ask("data-reach", agency="NYPD") == [
        ("Homeland Security task force (unnamed)", 1, None, "MEMBER_OF->", [], ["confirmed"],
         ["nypd-clearview-emails"]),
        ("Information fusion centers (New York)", 1, None, "<-SHARES_DATA_WITH",
         ["law enforcement information"], ["alleged"], ["nypd-clearview-emails"]),
        ("U.S. Department of Homeland Security", 2, "Homeland Security task force (unnamed)",
         "MEMBER_OF-> PART_OF->", [], ["confirmed", "reported"], ["nypd-clearview-emails"]),
        ("U.S. Department of Homeland Security", 2, "Information fusion centers (New York)",
         "<-SHARES_DATA_WITH <-SHARES_DATA_WITH",
         ["data, exchanged in real time (kind not stated)", "law enforcement information"],
         ["alleged", "alleged"], ["nypd-clearview-emails"])]


def test_meetings_with_participants_host_place_and_date(ask: Any) -> None:
    redwood = (REDWOOD, "2018-06", "McKinsey & Company office, Redwood City, California",
               ["Amazon Web Services", "McKinsey & Company", ICE], ["McKinsey & Company"],
               ["confirmed", "reported"], ["pogo-amazon-ice"])
    assert ask("meetings", party="ICE") == [redwood]
    rows = ask("meetings")
    assert redwood in rows and len(rows) == 4
    # a MET_WITH that names no event is a meeting of its own
    assert sorted((r[1:] for r in rows if not r[0]), key=repr) == [
        ("2018", None, ["Clearview AI", NYPD], [], ["confirmed"], ["nypd-clearview-emails"]),
        (None, None, ["Clearview AI", "NYPD Facial Identification Section"], [], ["alleged"],
         ["nypd-clearview-emails"])]
    miami = [r for r in rows if r[0].startswith("Miami Police")]
    assert [(r[2], r[3], r[4]) for r in miami] == [
        ("online", ["City of Miami Police Department"], ["City of Miami Police Department"])]


def test_collects_from_platforms_consent_and_objections(ask: Any) -> None:
    rows = ask("collects-from", vendor="Clearview AI")
    assert [(r[2], r[5], r[6]) for r in rows] == [
        ("Facebook", False, ["reported"]), ("Instagram", False, []), ("LinkedIn", False, []),
        ("Venmo", None, []), ("YouTube", False, ["reported"])]
    assert rows[0] == ("Clearview AI", None, "Facebook", "scraping", "pictures people put online themselves",
                       False, ["reported"], "reported",
                       ["gizmodo-dallas-clearview", "nbc6-south-florida-clearview", "snr-dragnet"])
    assert ask("collects-from") == rows


def test_unauthorized_use_on_personal_phones_and_accounts(ask: Any) -> None:
    assert ask("unauthorized-use", vendor="Clearview AI") == [
        (DALLAS, "Clearview AI app", "Clearview AI", "unauthorized", "personal", None, None, None, None,
         "confirmed", ["gizmodo-dallas-clearview"]),
        (DALLAS, "Clearview AI app", "Clearview AI", "unauthorized", None, None, None, 500, 1000,
         "confirmed", ["gizmodo-dallas-clearview"]),
        (NYPD, "Clearview AI app", "Clearview AI", "unknown", "personal", "personal", None, None, None,
         "reported", ["nypd-clearview-emails"])]
    assert ask("unauthorized-use", vendor="Amazon") == []


def test_records_requests_and_what_came_out(ask: Any) -> None:
    rows = ask("records-requests")
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        ("Legal Aid Society", NYPD, "FOIL", "reported"),
        ("Project On Government Oversight", ICE, "FOIA", "confirmed")]
    assert rows[1][4].startswith("ICE released Amazon's emails to ICE but none from ICE staff")
    assert ask("records-requests", party="NYPD") == [rows[0]]
