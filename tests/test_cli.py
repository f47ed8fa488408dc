"""The CLI through click's CliRunner, with the exact output asserted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import run

from watchgraph.cli import cli

CARD = """\
New York City Police Department
  id: agency:nypd
  type: Agency
  aliases: NYPD

relationships (1)
  New York City Police Department -[USES]-> Clearview AI app  [disputed; 2018-12 to 2019-03; mode: trial; searches: 500 to 1,000]
      [1] para 1: Emails show a trial.
          "the emails show a trial"
      [1] disputes, para 4: The department denied it.
          "we never used it"

sources
  [1] A paper, "A story" (2020-05)
"""

PATH = """\
New York City Police Department to Clearview AI: 1 shortest connection, 2 hops

1. New York City Police Department / Clearview AI app / Clearview AI
   New York City Police Department -[USES]-> Clearview AI app  [disputed; 2018-12 to 2019-03; mode: trial; searches: 500 to 1,000]
       [1] para 1: Emails show a trial.
           "the emails show a trial"
       [1] disputes, para 4: The department denied it.
           "we never used it"
   Clearview AI app <-[DEVELOPS]- Clearview AI  [reported]
       [1] para 2: The company makes the app.
           "the company makes the app"

sources
  [1] A paper, "A story" (2020-05)
"""

STATS = """\
entities                       3
  Agency                       1
  Company                      1
  Product                      1
relationships                  2
  USES                         1
  DEVELOPS                     1
status                         2
  reported                     1
  disputed                     1
sources                        1
  s1: A paper, "A story" (2020-05); cited by 2
"""



def test_validate(runner: CliRunner, small: Path) -> None:
    assert run(runner, "validate", "--no-bundled", "--data", str(small)) == (
        0, "ok: 3 entities, 2 relationships, 1 source in 1 file\n", "")


def test_validate_bundled(runner: CliRunner) -> None:
    code, out, _ = run(runner, "validate")
    assert code == 0 and out.startswith("ok: ") and out.endswith(" sources in 8 files\n")


def test_validate_reports_each_problem_on_one_line(runner: CliRunner, small: Path,
                                                   write: Callable[..., Path]) -> None:
    bad = write("entities:\n  - id: agency:x\n    type: Agencyy\n    name: X\n"
                "  - id: agency:y\n    type: Agency\n    name: Y\n    colour: red\n", "bad.yaml")
    code, out, err = run(runner, "validate", "--no-bundled", "--data", str(small), "--data", str(bad))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{bad}:3: unknown entity type 'Agencyy' (did you mean 'Agency'?); use one of Agency, "
        "Company, Product, Person, Organization, Policy, Event, Dataset",
        f"{bad}:8: unknown property 'colour' for Agency; allowed: name, aliases, description, url, "
        "wikidata, country, level, jurisdiction, state, ori",
    ]


def test_stats(runner: CliRunner, small: Path) -> None:
    assert run(runner, "stats", "--no-bundled", "--data", str(small)) == (0, STATS, "")


def test_show_resolves_aliases_case_insensitively(runner: CliRunner, small: Path) -> None:
    assert run(runner, "show", "nypd", "--no-bundled", "--data", str(small)) == (0, CARD, "")


def test_show_unknown_name_suggests(runner: CliRunner, small: Path) -> None:
    assert run(runner, "show", "NYDP", "--no-bundled", "--data", str(small)) == (
        1, "", "Error: no entity named 'NYDP'; did you mean 'NYPD'?\n")


def test_path(runner: CliRunner, small: Path) -> None:
    assert run(runner, "path", "NYPD", "clearview ai", "--no-bundled", "--data", str(small)) == (
        0, PATH, "")


def test_path_beyond_max_hops(runner: CliRunner, small: Path) -> None:
    assert run(runner, "path", "NYPD", "clearview ai", "--max-hops", "1", "--no-bundled",
               "--data", str(small)) == (
        1, "", "Error: no connection between New York City Police Department and Clearview AI "
               "within 1 hops; raise --max-hops or check the names\n")


def test_bad_usage_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["path", "NYPD", "ICE", "--max-hops", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--max-hops': 0 is not in the range x>=1." in result.stderr


def test_export_json(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    assert run(runner, "export", "json", "-o", str(out), "--no-bundled", "--data", str(small)) == (
        0, f"wrote {out}: 3 nodes, 2 edges, 1 source\n", "")
    data = json.loads(out.read_text("utf-8"))
    assert data["edges"][0] == {
        "id": "uses:agency:nypd:product:clearview-app", "type": "USES", "source": "agency:nypd",
        "target": "product:clearview-app", "status": "disputed",
        "citations": [
            {"source": "s1", "stance": "supports", "locator": "para 1", "note": "Emails show a trial.",
             "quote": "the emails show a trial"},
            {"source": "s1", "stance": "disputes", "locator": "para 4", "note": "The department denied it.",
             "quote": "we never used it"},
        ],
        "mode": "trial", "start": "2018-12", "end": "2019-03", "searchesMin": 500, "searchesMax": 1000,
    }
    assert data["sources"] == [{"id": "s1", "title": "A story", "publisher": "A paper",
                                "kind": "news", "published": "2020-05", "url": None}]


def test_bad_data_writes_nothing(runner: CliRunner, small: Path, write: Callable[..., Path],
                                 tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    out.write_text("old", "utf-8")
    bad = write("- not a mapping\n", "bad.yaml")
    code, _, err = run(runner, "export", "json", "-o", str(out), "--no-bundled", "--data", str(small),
                       "--data", str(bad))
    assert code == 1 and err.startswith(f"{bad}:1: the top level is a list")
    assert out.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_build_writes_out(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    code, out, _ = run(runner, "build", "-o", str(tmp_path / "out"), "--no-bundled", "--data", str(small))
    assert code == 0
    assert out.endswith(f"sources: 1\n\nwrote {tmp_path / 'out' / 'graph.json'}: 3 nodes, 2 edges, "
                        f"1 source\nwrote {tmp_path / 'out' / 'graph.ttl'}: 659 triples\n"
                        f"wrote {tmp_path / 'out' / 'neo4j-import'}: 4 nodes, 2 relationships, "
                        "8 files\n")
    assert (tmp_path / "out" / "graph.json").is_file()
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert (tmp_path / "out" / "neo4j-import" / "README.md").is_file()


def test_show_and_stats_as_json(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, "show", "NYPD", "--format", "json", "--no-bundled", "--data", str(small))
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "id": "agency:nypd", "type": "Agency", "name": "New York City Police Department",
        "aliases": ["NYPD"], "properties": {},
        "relationships": [{
            "id": "uses:agency:nypd:product:clearview-app", "type": "USES", "status": "disputed",
            "from": {"id": "agency:nypd", "name": "New York City Police Department"},
            "to": {"id": "product:clearview-app", "name": "Clearview AI app"},
            "properties": {"mode": "trial", "start": "2018-12", "end": "2019-03",
                           "searchesMin": 500, "searchesMax": 1000},
            "citations": [
                {"source": "s1", "stance": "supports", "locator": "para 1",
                 "note": "Emails show a trial.", "quote": "the emails show a trial"},
                {"source": "s1", "stance": "disputes", "locator": "para 4",
                 "note": "The department denied it.", "quote": "we never used it"}]}],
        "sources": [{"id": "s1", "title": "A story", "publisher": "A paper", "kind": "news",
                     "published": "2020-05"}]}
    code, out, err = run(runner, "stats", "--format", "json", "--no-bundled", "--data", str(small))
    stats = json.loads(out)
    assert (code, err) == (0, "")
    assert {k: v for k, v in stats["entities"].items() if v} == {"Agency": 1, "Company": 1, "Product": 1}
    assert {k: v for k, v in stats["relationships"].items() if v} == {"USES": 1, "DEVELOPS": 1}
    assert stats["statuses"] == {"reported": 1, "confirmed": 0, "alleged": 0, "disputed": 1, "denied": 0}
    assert stats["sources"] == [{"id": "s1", "title": "A story", "publisher": "A paper", "kind": "news",
                                 "published": "2020-05", "citedBy": 2}]
