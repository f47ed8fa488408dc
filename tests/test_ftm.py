"""FollowTheMoney JSON lines both ways: exact lines on the small dataset, a round trip that
keeps every entity, relationship, source and citation, recognition by name and content,
one-line problems, and the export checked by the followthemoney package itself."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import names, one_contract, run, unavailable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchgraph import api
from watchgraph.exporters.ftm import ftm_id
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.loaders.ftm_loader import FtmLoader
from watchgraph.loaders.json_loader import JsonLoader
from watchgraph.loaders.registry import loader_for

ROOT = Path(__file__).resolve().parent.parent
FTM_PYTHON = ROOT / ".venv-ftm" / "bin" / "python"
CHECK = ROOT / "tools" / "ftm_check.py"


def _records(graph: KnowledgeGraph) -> tuple[object, ...]:
    return (list(graph.entities()), list(graph.relationships()), graph.sources)


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_small_dataset_as_ftm(small: Path, tmp_path: Path) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    out = tmp_path / "g.ftm.json"
    assert api.export(graph, "ftm", output=out).counts == \
        {"sources": 1, "entities": 3, "relationships": 2}
    assert _lines(out) == [
        {"id": "source.s1", "schema": "Document",
         "properties": {"title": ["A story"], "name": ["A story"], "fileName": ["s1"],
                        "publisher": ["A paper"], "publishedAt": ["2020-05"]},
         "watchgraph": {"id": "s1", "source": True, "properties": {"kind": "news"}}},
        {"id": "agency.nypd", "schema": "PublicBody",
         "properties": {"name": ["New York City Police Department"], "alias": ["NYPD"]},
         "watchgraph": {"id": "agency:nypd", "type": "Agency", "properties": {}}},
        {"id": "company.clearview-ai", "schema": "Company",
         "properties": {"name": ["Clearview AI"]},
         "watchgraph": {"id": "company:clearview-ai", "type": "Company", "properties": {}}},
        {"id": "product.clearview-app", "schema": "Asset",
         "properties": {"name": ["Clearview AI app"]},
         "watchgraph": {"id": "product:clearview-app", "type": "Product", "properties": {}}},
        {"id": "uses.agency.nypd.product.clearview-app", "schema": "UnknownLink",
         "properties": {"subject": ["agency.nypd"], "object": ["product.clearview-app"],
                        "proof": ["source.s1"], "startDate": ["2018-12"], "endDate": ["2019-03"],
                        "status": ["disputed"], "role": ["uses"]},
         "watchgraph": {"id": "uses:agency:nypd:product:clearview-app", "type": "USES",
                        "from": "agency:nypd", "to": "product:clearview-app", "status": "disputed",
                        "citations": [
                            {"source": "s1", "stance": "supports", "locator": "para 1",
                             "note": "Emails show a trial.", "quote": "the emails show a trial"},
                            {"source": "s1", "stance": "disputes", "locator": "para 4",
                             "note": "The department denied it.", "quote": "we never used it"}],
                        "properties": {"mode": "trial", "searchesMin": 500, "searchesMax": 1000}}},
        {"id": "develops.company.clearview-ai.product.clearview-app", "schema": "UnknownLink",
         "properties": {"subject": ["company.clearview-ai"], "object": ["product.clearview-app"],
                        "proof": ["source.s1"], "status": ["reported"], "role": ["develops"]},
         "watchgraph": {"id": "develops:company:clearview-ai:product:clearview-app",
                        "type": "DEVELOPS", "from": "company:clearview-ai",
                        "to": "product:clearview-app", "status": "reported",
                        "citations": [{"source": "s1", "stance": "supports", "locator": "para 2",
                                       "note": "The company makes the app.",
                                       "quote": "the company makes the app"}],
                        "properties": {}}}]


def test_round_trip_of_the_bundled_graph(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "bundled.ftm.json"
    api.export(bundled, "ftm", output=out)
    again = api.load([out], bundled=False, show_progress=False)
    assert _records(again) == _records(bundled)
    assert sum(len(r.citations) for r in again.relationships()) == \
        sum(len(r.citations) for r in bundled.relationships())


def test_the_mapping_carries_the_values_ftm_has_places_for(bundled: KnowledgeGraph,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "bundled.ftm.json"
    api.export(bundled, "ftm", output=out)
    by_id = {line["id"]: line for line in _lines(out)}
    contract = next(r for r in bundled.relationships("CONTRACTED_WITH") if "amount" in r.properties)
    line = by_id[ftm_id(contract.id)]
    assert line["schema"] == "Payment"
    props = line["properties"]
    assert props["payer"] == [ftm_id(contract.source)]  # type: ignore[index]
    assert props["amount"] == [str(contract.properties["amount"])]  # type: ignore[index]
    assert props["proof"] == ["source." + s for s in contract.sources()]  # type: ignore[index]
    assert "amount" not in line["watchgraph"]["properties"]  # type: ignore[index]
    part = next(r for r in bundled.relationships("PART_OF") if r.source.startswith("agency:")
                and r.target.startswith("agency:"))
    assert by_id[ftm_id(part.id)]["schema"] == "Membership"
    person = next(e for e in bundled.entities("Person") if "role" in e.properties)
    assert by_id[ftm_id(person.id)]["properties"]["position"] == [person.properties["role"]]  # type: ignore[index]
    assert "role" not in by_id[ftm_id(person.id)]["watchgraph"]["properties"]  # type: ignore[index]
    event = next(e for e in bundled.entities("Event") if "date" in e.properties)
    assert by_id[ftm_id(event.id)]["properties"]["date"] == [event.properties["date"]]  # type: ignore[index]
    # a Product is not a LegalEntity, so a product's PART_OF is an UnknownLink
    module = next(r for r in bundled.relationships("PART_OF") if r.source.startswith("product:"))
    assert by_id[ftm_id(module.id)]["schema"] == "UnknownLink"


def test_edited_ftm_values_are_read_back(small: Path, tmp_path: Path) -> None:
    """The mapped values come from FtM's properties, not from the watchgraph key."""
    graph = api.load([small], bundled=False, show_progress=False)
    out = tmp_path / "g.ftm.jsonl"
    api.export(graph, "ftm", output=out)
    lines = _lines(out)
    lines[1]["properties"]["alias"] = ["NYPD", "New York's finest"]  # type: ignore[index]
    lines[4]["properties"]["startDate"] = ["2018-11"]  # type: ignore[index]
    lines[4]["properties"]["status"] = ["confirmed"]  # type: ignore[index]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    again = api.load([out], bundled=False, show_progress=False)
    assert again.entity("agency:nypd").aliases == ("NYPD", "New York's finest")
    uses = again.relationship("uses:agency:nypd:product:clearview-app")
    assert (uses.properties["start"], uses.status) == ("2018-11", "confirmed")


def test_recognized_by_name_and_content(tmp_path: Path) -> None:
    ftm_line = '{"id": "a", "schema": "PublicBody", "properties": {"name": ["A"]}}\n'
    for name in ("x.ftm.json", "x.FTM.JSONL", "x.jsonl"):
        assert isinstance(loader_for(tmp_path / name, ftm_line), FtmLoader)
    plain = tmp_path / "entities.json"
    assert isinstance(loader_for(plain, ftm_line), FtmLoader)
    plain.write_text(ftm_line, "utf-8")
    assert isinstance(loader_for(plain), FtmLoader)  # locating problems reads the first line
    assert isinstance(loader_for(plain, '{\n "format": "watchgraph-json"'), JsonLoader)
    assert isinstance(loader_for(plain, '{"format": "watchgraph-json", "nodes": []}'), JsonLoader)


def test_a_data_folder_finds_ftm_files(small: Path, tmp_path: Path) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    folder = tmp_path / "folder"
    api.export(graph, "ftm", output=folder / "graph.ftm.jsonl")
    again = api.load([folder], bundled=False, show_progress=False)
    assert _records(again) == _records(graph)


def test_cli_round_trip_and_a_plain_json_name(small: Path, tmp_path: Path,
                                              runner: CliRunner) -> None:
    out = tmp_path / "g.ftm.json"
    assert run(runner, "export", "ftm", "--no-bundled", "--data", str(small), "-o", str(out)) == \
        (0, f"wrote {out}: 1 source, 3 entities, 2 relationships\n", "")
    renamed = tmp_path / "entities.json"
    renamed.write_bytes(out.read_bytes())
    assert run(runner, "validate", "--no-bundled", "--data", str(renamed)) == \
        (0, "ok: 3 entities, 2 relationships, 1 source in 1 file\n", "")


def test_problems_name_the_line(small: Path, tmp_path: Path, runner: CliRunner) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    out = tmp_path / "g.ftm.json"
    api.export(graph, "ftm", output=out)
    lines = out.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.ftm.json"
    bad.write_text("\n".join([*lines[:2], "{oops", lines[2],
                              '{"id": "x", "properties": {"name": ["X"]}}',
                              *lines[3:]]) + "\n", "utf-8")
    code, out_text, err = run(runner, "validate", "--no-bundled", "--data", str(bad))
    assert (code, out_text) == (1, "")
    assert err == (
        f"{bad}:3: JSON syntax error: Expecting property name enclosed in double quotes; "
        "each line must be one FtM entity as a JSON object\n"
        f"{bad}:5: not an FtM entity; each line needs `id`, `schema` and `properties`\n")
    lines[4] = lines[4].replace('"mode":"trial"', '"mode":"sometimes"')
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    code, _, err = run(runner, "validate", "--no-bundled", "--data", str(bad))
    assert code == 1
    assert err.startswith(f"{bad}:5: ")


def _ftm_check(path: Path) -> subprocess.CompletedProcess[str]:
    if not FTM_PYTHON.exists():
        unavailable(f"{FTM_PYTHON.relative_to(ROOT)} is missing; `make ftm-venv` installs "
                    "followthemoney there")
    return subprocess.run([str(FTM_PYTHON), str(CHECK), str(path)], capture_output=True,
                          text=True, check=False)


def test_followthemoney_validates_the_export(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "bundled.ftm.json"
    written = api.export(bundled, "ftm", output=out)
    done = _ftm_check(out)
    total = sum(written.counts.values())
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.endswith(f": {total} entities, 0 problems\n")
    assert done.stdout.startswith("followthemoney 4.")


def test_the_followthemoney_check_finds_problems(small: Path, tmp_path: Path) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    out = tmp_path / "g.ftm.json"
    api.export(graph, "ftm", output=out)
    lines = _lines(out)
    lines[4]["schema"] = "Membership"  # an Asset cannot be a Membership's organization
    lines[4]["properties"]["member"] = lines[4]["properties"].pop("subject")  # type: ignore[index,union-attr]
    lines[4]["properties"]["organization"] = lines[4]["properties"].pop("object")  # type: ignore[index,union-attr]
    lines[1]["properties"]["website"] = ["not a url"]  # type: ignore[index]
    lines[2]["id"] = "company:clearview-ai"
    del lines[0]["properties"]["fileName"]  # type: ignore[attr-defined]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    done = _ftm_check(out)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{out}:1: Document requires 'fileName'",
        f"{out}:2: {{'properties': {{'website': \"Invalid value: 'not a url'\"}}}}",
        f"{out}:2: website ['not a url'] cleaned to []",
        f"{out}:3: 'company:clearview-ai' is not a valid FtM entity id",
        f"{out}:5: organization names a Asset, not a Organization",
        f"{out}:6: subject names 'company.clearview-ai', which is not in the file",
        done.stdout.splitlines()[-1]]


@pytest.mark.parametrize("our_id", ["agency:nypd", "uses:a:b:q-1", "s1", "odd id/with:slash"])
def test_ftm_ids_are_valid(our_id: str) -> None:
    import re

    assert re.match(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$", ftm_id(our_id))


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, note=names, amount=st.integers(min_value=0, max_value=10**9))
def test_round_trip_of_any_text(tmp_path: Path, name: str, note: str, amount: int) -> None:
    graph = api.load([one_contract(tmp_path / "d.json", name, note, amount)], bundled=False,
                     show_progress=False)
    out = tmp_path / "out.ftm.json"
    api.export(graph, "ftm", output=out)
    again = api.load([out], bundled=False, show_progress=False)
    assert _records(again) == _records(graph)


FOREIGN = """\
{"id": "pb1", "schema": "PublicBody", "properties": {"name": ["Springfield Police Department"], "alias": ["SPD"], "country": ["us"]}}
{"id": "co1", "schema": "Company", "properties": {"name": ["Acme Surveillance"], "website": ["https://acme.example"]}}
{"id": "as1", "schema": "Asset", "properties": {"name": ["Acme Face"]}}
{"id": "ad1", "schema": "Address", "properties": {"full": ["1 Main St"]}}
{"id": "doc1", "schema": "Document", "properties": {"title": ["Contract 42"], "fileName": ["c42.pdf"], "publisher": ["City of Springfield"], "sourceUrl": ["https://springfield.example/c42"]}}
{"id": "pay1", "schema": "Payment", "properties": {"payer": ["pb1"], "beneficiary": ["co1"], "amount": ["25000"], "currency": ["USD"], "startDate": ["2021-03"], "proof": ["doc1"]}}
{"id": "ul1", "schema": "UnknownLink", "properties": {"subject": ["pb1"], "object": ["as1"], "role": ["uses"], "status": ["confirmed"]}}
"""


def test_ftm_from_another_tool(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "aleph.ftm.json"
    path.write_text(FOREIGN, "utf-8")
    graph = api.load([path], bundled=False, show_progress=False)
    assert [(e.id, e.type, e.name, e.aliases, e.properties) for e in graph.entities()] == [
        ("agency:pb1", "Agency", "Springfield Police Department", ("SPD",), {"country": "US"}),
        ("company:co1", "Company", "Acme Surveillance", (), {"url": "https://acme.example"}),
        ("product:as1", "Product", "Acme Face", (), {})]
    contract = graph.relationship("contracted_with:agency:pb1:company:co1")
    assert (contract.status, contract.properties, contract.sources()) == \
        ("reported", {"start": "2021-03", "amount": 25000, "currency": "USD"}, ["doc1"])
    assert graph.sources["doc1"].publisher == "City of Springfield"
    uses = graph.relationship("uses:agency:pb1:product:as1")
    assert (uses.status, uses.properties, uses.citations[0].source, uses.citations[0].locator) == \
        ("confirmed", {"mode": "unknown"}, "ftm-aleph-ftm-json", "line 7")
    path.write_text(FOREIGN.replace('"role": ["uses"]', '"role": ["sells"]'), "utf-8")
    code, _, err = run(runner, "validate", "--no-bundled", "--data", str(path))
    assert (code, err) == (1, f"{path}:7: an FtM UnknownLink that fits no relationship type "
                              "between these entities; an UnknownLink's role must name the "
                              "type, e.g. uses\n")
