"""The spreadsheet loaders (sources.csv, entities.csv, relationships.csv, citations.csv):
the template in docs/ loads, every value reads as its type, and every problem is one line
naming the file and the row."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.graph.model import Citation
from watchgraph.loaders.registry import loader_for

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "docs" / "spreadsheet-template"

FILES = {
    "sources.csv": (
        "id,title,publisher,published,kind,author\r\n"
        "s1,A story,A paper,2020-05,news,A. Writer; B. Writer\r\n"
        "s2,A portal,A vendor,,dataset,\r\n"),
    "entities.csv": (
        "id,type,name,aliases,state,category,kind\r\n"
        "agency:town-pd,Agency,Town Police Department,TPD; Town PD,NC,,\r\n"
        "product:readers,Product,Plate readers,,,license-plate-reader,\r\n"
        "company:vendor,Company,Vendor Inc.,,,,\r\n"
        "org:watchers,Organization,Watchers,,,,ngo\r\n"),
    "relationships.csv": (
        "id,type,from,to,status,mode,cameras,hotlists,publicSearchAudit,amount,currency,note\r\n"
        "r1,USES,TPD,Plate readers,confirmed,contract,12,NCIC; State list,TRUE,,,\"Twelve\n"
        "cameras.\"\r\n"
        "r2,CONTRACTED_WITH,agency:town-pd,company:vendor,reported,,,,,24500.50,USD,\r\n"
        "r3,DEVELOPS,Vendor Inc.,product:readers,reported,,,,,,,\r\n"),
    "citations.csv": (
        "relationship,source,stance,locator,quote,note\r\n"
        "r1,s2,supports,row 4,12 cameras,The portal lists twelve cameras.\r\n"
        "r2,s1,,para 3,a contract worth,\r\n"
        "r1,s1,disputes,para 9,,The department says it has ten.\r\n"
        "r3,s1,supports,para 1,the vendor's readers,\r\n"),
}
"""A small valid sheet, every kind of value in it (also the fuzz harness's sample)."""


def sheet(tmp_path: Path, **changes: str) -> Path:
    """The FILES in a folder, with `changes` (file stem: new text; "" leaves it out)."""
    folder = tmp_path / "sheet"
    folder.mkdir(exist_ok=True)
    for name, text in FILES.items():
        text = changes.get(name.removesuffix(".csv"), text)
        if text:
            (folder / name).write_text(text, "utf-8", newline="")
    return folder


def validate(runner: CliRunner, folder: Path, *more: str) -> tuple[int, str, str]:
    return run(runner, "validate", "--no-bundled", "--data", str(folder), *more)


def test_the_template_loads() -> None:
    graph = api.load([TEMPLATE], bundled=False, show_progress=False)
    assert (len(graph), len(graph.sources), len(list(graph.relationships()))) == (3, 2, 3)
    ecso = graph.entity("agency:example-county-sheriff")
    assert (ecso.aliases, ecso.properties) == (("ECSO", "Example County SO"), {
        "description": "A fictional sheriff's office, for the template.", "level": "county",
        "state": "NC", "jurisdiction": "Example County, North Carolina"})
    assert graph.sources["example-gazette-2024"].author == ("A. Reporter", "B. Editor")
    uses = graph.relationship("uses:agency:example-county-sheriff:product:example-facematch")
    assert uses.properties == {"mode": "pilot", "start": "2024-04", "searchesMin": 40,
                               "searchesMax": 60, "note": "The sheriff's office runs a "
                               "six-month pilot of the app."}
    assert [c.locator for c in uses.citations] == ["para 3", "para 5"]
    contract = graph.relationship("contracted_with:agency:example-county-sheriff:"
                                  "company:example-vision")
    assert (contract.status, contract.properties["amount"], contract.properties["seats"]) == (
        "confirmed", 12000, 5)


def test_the_template_and_the_docs_name_the_same_columns() -> None:
    doc = (ROOT / "docs" / "spreadsheets.md").read_text("utf-8")
    for path in sorted(TEMPLATE.glob("*.csv")):
        header = path.read_text("utf-8").splitlines()[0].split(",")
        assert all(f"| `{column}` |" in doc for column in header), path.name


def test_every_value_reads_as_its_type(tmp_path: Path) -> None:
    graph = api.load([sheet(tmp_path)], bundled=False, show_progress=False)
    assert (len(graph), len(graph.sources), len(list(graph.relationships()))) == (4, 2, 3)
    assert graph.entity("agency:town-pd").aliases == ("TPD", "Town PD")
    assert graph.entity("org:watchers").properties == {"kind": "ngo"}
    assert graph.sources["s1"].author == ("A. Writer", "B. Writer")
    uses = graph.relationship("uses:agency:town-pd:product:readers")
    assert uses.properties == {"mode": "contract", "cameras": 12, "hotlists": ("NCIC", "State list"),
                               "publicSearchAudit": True, "note": "Twelve\ncameras."}
    assert uses.citations == (
        Citation("s2", "supports", "row 4", "The portal lists twelve cameras.", "12 cameras"),
        Citation("s1", "disputes", "para 9", "The department says it has ten.", None))
    contract = graph.relationship("contracted_with:agency:town-pd:company:vendor")
    assert contract.properties == {"amount": 24500.5, "currency": "USD"}
    assert contract.citations == (Citation("s1", "supports", "para 3", None, "a contract worth"),)


def test_each_file_is_recognized_by_its_header(tmp_path: Path) -> None:
    folder = sheet(tmp_path)
    kinds = {p.name: loader_for(p).name for p in folder.iterdir()}
    assert kinds == {"sources.csv": "spreadsheet-sources", "entities.csv": "spreadsheet-entities",
                     "relationships.csv": "spreadsheet-relationships",
                     "citations.csv": "spreadsheet-citations"}
    renamed = folder / "Sheet1 - people.csv"
    (folder / "entities.csv").rename(renamed)
    assert loader_for(renamed).name == "spreadsheet-entities"


def test_problems_read_as_yaml_ones_with_the_file_and_row(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    folder = sheet(
        tmp_path,
        entities=FILES["entities.csv"].replace(",NC,", ",N.C.,").replace("aliases", "alias"),
        relationships=FILES["relationships.csv"].replace("confirmed,contract,12", "confirmd,contract,1 2")
        .replace("r3,DEVELOPS", "r2,DEVELOPS"),
        citations=FILES["citations.csv"].replace("r1,s1,disputes", "r1,s3,dispute")
        .replace("r3,s1", "r4,s1"))
    code, out, err = validate(runner, folder)
    f = f"{folder}/"
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{f}citations.csv:4: row 4: stance 'dispute' is not allowed; use one of supports, disputes",
        f"{f}citations.csv:4: row 4: citation to unknown source 's3'; "
        "define it in sources.csv or use an existing source id",
        f"{f}citations.csv:5: row 5: no relationships file in this folder has a row with id "
        "'r4'; use the id of a row of relationships.csv, kept in the same folder",
        f"{f}entities.csv:1: unknown column 'alias' (did you mean 'aliases'?); columns are the "
        "schema's property names, listed in docs/spreadsheets.md",
        f"{f}entities.csv:2: row 2: state 'N.C.' does not match ^[A-Z]{{2}}$; fix the value's form",
        f"{f}relationships.csv:2: row 2: unknown entity 'TPD' (did you mean "
        "'Town Police Department'?); define it in entities.csv or use an existing id or name",
        f"{f}relationships.csv:2: row 2: unknown status 'confirmd' (did you mean 'confirmed'?); "
        "use one of reported, confirmed, alleged, disputed, denied",
        f"{f}relationships.csv:2: row 2: cameras must be a whole number, not '1 2'; write the "
        "number without quotes, commas or units",
        f"{f}relationships.csv:5: row 4: id 'r2' is also the id of row 3; give each "
        "relationship row its own id"]


def test_a_missing_citation_and_a_missing_column_say_what_to_fill_in(
        runner: CliRunner, tmp_path: Path) -> None:
    folder = sheet(tmp_path, citations=FILES["citations.csv"].replace("r3,s1", "r2,s1"),
                   relationships=FILES["relationships.csv"].replace(",contract,12", ",,12")
                   .replace("r2,CONTRACTED", ",CONTRACTED"))
    f = f"{folder}/"
    assert validate(runner, folder) == (1, "", "\n".join([
        f"{f}citations.csv:3: row 3: no relationships file in this folder has a row with id 'r2'; "
        "use the id of a row of relationships.csv, kept in the same folder",
        f"{f}citations.csv:5: row 5: no relationships file in this folder has a row with id 'r2'; "
        "use the id of a row of relationships.csv, kept in the same folder",
        f"{f}relationships.csv:2: row 2: USES has no 'mode'; fill in the mode column (On what "
        "terms it is used.)",
        f"{f}relationships.csv:4: row 3 has no id; fill in the id column with a key unique in "
        "the folder, e.g. r1, that citations.csv rows name",
        f"{f}relationships.csv:5: row 4: DEVELOPS has no citations; add a row to citations.csv "
        "whose relationship is this row's id ('r3')"]) + "\n")


BAD_INPUT = {
    "semicolons": (b"id;type;name\nagency:x;Agency;X\n",
                   "1: the columns are separated by semicolons (;), not commas (they are those of the "
                   "spreadsheet-entities loader); save or export "
                   "the file as CSV with commas between the columns"),
    "tabs": (b"id\ttype\tname\nagency:x\tAgency\tX\n",
             "1: the columns are separated by tabs, not commas (they are those of the "
             "spreadsheet-entities loader); save or export the file as CSV "
             "with commas between the columns"),
    "latin-1": (b"id,type,name\nagency:x,Agency,Caf\xe9 X\n",
                "2: not UTF-8 (byte 0xe9); save the file as UTF-8"),
    "cut in a row": (b"id,type,name,description\nagency:x,Agency,X,a\nagency:y,Agency",
                     "3: row 3 has 2 cells, the header 4; the file ends there, cut off; export "
                     "or download the file again"),
    "cut in a quote": (b'id,type,name\nagency:x,Agency,X\nagency:y,Agency,"Y an',
                       "3: row 3 opens a quoted cell that never closes: the file is cut off, or "
                       "a quote is missing; export or download the file again, or close the quote"),
    "a short row": (b"id,type,name\nagency:x,Agency\nagency:y,Agency,Y\n",
                    "2: row 2 has 2 cells, the header 3; check the row's commas and quotes"),
    "header only": (b"id,type,name\r\n",
                    "1: the file has a header row but no data rows; add rows under the header, "
                    "or remove the file"),
    "empty": (b"", "1: the file is empty; the first line must be the header row"),
    "unknown kind": (b"agency,vendor\nX,Y\n",
                     "1: a CSV file of an unknown kind; the header row must name the columns of "
                     "a known kind: "),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_one_line_of_its_own(case: str, runner: CliRunner, tmp_path: Path) -> None:
    data, expected = BAD_INPUT[case]
    path = tmp_path / "entities.csv"
    path.write_bytes(data)
    code, out, err = run(runner, "validate", "--no-bundled", "--data", str(path))
    assert (code, out, err.count("\n")) == (1, "", 1)
    assert err.startswith(f"{path}:{expected}")
    if case == "unknown kind":
        assert "spreadsheet-entities (id, name, type)" in err


def test_a_byte_order_mark_and_blank_rows_are_fine(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_bytes(b"\xef\xbb\xbfid,type,name\r\n\r\nagency:x,Agency,X\r\n,,\r\n")
    assert run(runner, "validate", "--no-bundled", "--data", str(path)) == (
        0, "ok: 1 entity, 0 relationships, 0 sources in 1 file\n", "")


def test_old_mac_line_endings_are_rows_too(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_bytes(b"id,type,name\ragency:x,Agency,X\ragency:y,Agency\r")
    assert run(runner, "validate", "--no-bundled", "--data", str(path)) == (
        1, "", f"{path}:3: row 3 has 2 cells, the header 3; check the row's commas and quotes\n")


def test_a_cached_relationships_file_sees_its_citations_change(tmp_path: Path) -> None:
    # files of 256 KB and more are parsed once and cached: the citations beside are part of
    # what a relationships file's document depends on
    rows = [f"r{i},USES,TPD,Plate readers,reported,trial,q{i},{'x' * 400}\r\n" for i in range(700)]
    folder = sheet(tmp_path, relationships="id,type,from,to,status,mode,qualifier,note\r\n" +
                   "".join(rows), citations="relationship,source,locator\r\n" +
                   "".join(f"r{i},s1,para {i}\r\n" for i in range(700)))
    assert (folder / "relationships.csv").stat().st_size > 256 * 1024
    first = api.load([folder], bundled=False, show_progress=False)
    citations = folder / "citations.csv"
    citations.write_text(citations.read_text("utf-8").replace("r0,s1,para 0", "r0,s2,para 9"),
                         "utf-8", newline="")
    second = api.load([folder], bundled=False, show_progress=False)
    rid = "uses:agency:town-pd:product:readers:q0"
    assert [c.source for c in first.relationship(rid).citations] == ["s1"]
    assert [(c.source, c.locator) for c in second.relationship(rid).citations] == [("s2", "para 9")]


def test_the_registry_gives_each_loader_its_suffixes() -> None:
    """Suffixes are written once, in the registry; each class gets its own from there."""
    from watchgraph.loaders.rdf_loader import RDF_SUFFIXES
    from watchgraph.loaders.registry import LOADERS, NAMED_ONLY, data_suffixes, loaders

    by_ref = {f"{type(x).__module__}:{type(x).__qualname__}": x for x in loaders()}
    assert list(by_ref) == list(LOADERS)
    assert all(by_ref[ref].suffixes == suffixes for ref, suffixes in LOADERS.items())
    assert [ref for ref, x in by_ref.items() if not x.in_folders] == sorted(NAMED_ONLY)
    assert set(by_ref["watchgraph.loaders.rdf_loader:RdfLoader"].suffixes) == set(RDF_SUFFIXES)
    assert data_suffixes() == {".yaml", ".yml", ".json", ".ftm.json", ".ftm.jsonl", ".jsonl", ".csv"}
    assert [x.name for x in loaders("graph.ttl")] == ["rdf"]
