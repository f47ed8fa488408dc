"""`watchgraph search`: entities found by a word of their name, an alias, a role, a
misspelling or their description, best first."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph


def names(graph: KnowledgeGraph, text: str, **kw: object) -> list[str]:
    return [m.entity.name for m in api.search(graph, text, **kw).matches]  # type: ignore[arg-type]


def test_a_word_of_the_name_finds_the_person(bundled: KnowledgeGraph) -> None:
    assert "Ron Wyden" in names(bundled, "Wyden")
    assert names(bundled, "Senator Ron Wyden")[0] == "Ron Wyden"


def test_a_place_lists_every_entity_named_for_it(bundled: KnowledgeGraph) -> None:
    found = names(bundled, "Dallas", limit=50)
    dallas = [e.name for e in bundled.entities() if "dallas" in e.name.lower()]
    assert dallas and set(dallas) <= set(found)
    assert set(names(bundled, "Dallas", types=["agency"], limit=50)) == {
        e.name for e in bundled.entities("Agency")
        if "dallas" in (e.name + " " + str(e.properties.get("jurisdiction", ""))).lower()
        or "dallas" in str(e.properties.get("description", "")).lower()}


def test_an_exact_alias_comes_first_and_a_misspelling_still_finds(bundled: KnowledgeGraph) -> None:
    assert names(bundled, "ICE")[0] == "U.S. Immigration and Customs Enforcement"
    assert "Amazon Rekognition" in names(bundled, "Rekognitoin")


def test_cli_search(runner: CliRunner, small: Path) -> None:
    assert run(runner, "search", "clearview", "--no-bundled", "--data", str(small)) == (
        0, "Clearview AI (Company, company:clearview-ai)\n"
           "Clearview AI app (Product, product:clearview-app)\n", "")
    code, out, _ = run(runner, "search", "nypd", "--format", "json", "--no-bundled", "--data", str(small))
    assert (code, json.loads(out)) == (0, {"text": "nypd", "matches": [
        {"id": "agency:nypd", "type": "Agency", "name": "New York City Police Department",
         "score": 100.0, "matchedIn": "name", "description": None}]})
    assert run(runner, "search", "zebra", "--no-bundled", "--data", str(small)) == (
        0, "nothing found for 'zebra'\n", "")
    assert run(runner, "search", "x", "--type", "Agnecy", "--no-bundled", "--data", str(small)) == (
        2, "", "Error: --type 'Agnecy' is not known; use one of Agency, Company, Product, Person, "
               "Organization, Policy, Event, Dataset\n")


def test_a_partial_name_names_one_entity_or_lists_them(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, "show", "new york", "--no-bundled", "--data", str(small))
    assert (code, out.splitlines()[0], err) == (0, "New York City Police Department", "")
    assert run(runner, "show", "clearview", "--no-bundled", "--data", str(small)) == (
        1, "", "Error: 'clearview' names 2 entities; give the id or more of the name\n"
               "  Clearview AI (company:clearview-ai)\n"
               "  Clearview AI app (product:clearview-app)\n")
    code, out, _ = run(runner, "path", "york", "clearview ai app", "--no-bundled", "--data", str(small))
    assert (code, out.splitlines()[0]) == (
        0, "New York City Police Department to Clearview AI app: 1 shortest connection, 1 hop")
