"""The Atlas of Surveillance loader: fixtures in both of the Atlas's header variants (exact
records), rows skipped with their reasons, strict loading, and a CSV separated by
semicolons."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from watchgraph.cli import cli
from watchgraph.errors import DataError
from watchgraph.loaders.atlas import AtlasLoader, vendors
from watchgraph.loaders.dataset import load_dataset
from watchgraph.loaders.registry import loader_for

FIXTURES = Path(__file__).parent / "fixtures" / "atlas"
NEW = FIXTURES / "Atlas of Surveillance-20240115.csv"
OLD = FIXTURES / "atlas-2021-export.csv"
SKIPPED = [
    f"{NEW}:8: row 8 skipped: State 'Police' is not a US state or territory code; write its "
    "two-letter postal code, e.g. TX",
    f"{NEW}:9: row 9 skipped: no Agency; fill in the agency's name",
    f"{NEW}:13: row 13 skipped: the file ends inside row 13 (7 of 28 cells); the file may be "
    "cut short: download or export it again"]
LEFT_OUT = [
    f"{NEW}:10: row 10: Link 1 'see the summary' is not an http(s) address; left out; write "
    "the full address, from http:// or https://",
    f"{NEW}:10: row 10: Link 2 Date 'sometime in 2019' is not a date; left out; write it as "
    "MM/DD/YYYY or YYYY-MM-DD"]
SUMMARY = (f"{NEW}: 9 of 12 rows loaded, 3 skipped (1 not a state code, 1 no agency, 1 the "
           "file ends inside it); each skipped row has a line of its own; strict loading "
           "makes them errors")


def test_both_header_variants_are_the_atlas() -> None:
    assert isinstance(loader_for(NEW), AtlasLoader)
    assert isinstance(loader_for(OLD), AtlasLoader)


def test_the_fixtures_load_into_exact_records() -> None:
    ds = load_dataset([FIXTURES], bundled=False, show_progress=False)
    assert Counter(e.type for e in ds.entities.values()) == {
        "Agency": 9, "Company": 10, "Product": 12}
    assert Counter(r.type for r in ds.relationships.values()) == {"USES": 13, "DEVELOPS": 10}
    assert len(ds.sources) == 14
    dallas = ds.entities["agency:tx-dallas-police-department"]
    assert (dallas.name, dallas.properties) == ("Dallas Police Department", {
        "state": "TX", "country": "US", "level": "city", "jurisdiction": "Dallas, Texas",
        "ori": "TXDPD0000"})
    travis = ds.entities["agency:tx-travis-county-sheriffs-office"]
    assert travis.properties == {"state": "TX", "country": "US", "level": "county",
                                 "jurisdiction": "Travis County, Texas"}  # XX0000001 is no ORI
    assert ds.entities["agency:fl-florida-department-of-law-enforcement"].properties == {
        "state": "FL", "country": "US", "level": "state", "jurisdiction": "Florida",
        "ori": "FL0370000"}
    assert ds.entities["agency:ma-boston-police-department"].properties == {
        "state": "MA", "country": "US", "level": "city", "jurisdiction": "Boston, Massachusetts"}
    # one name in one state, two ORIs: two agencies
    assert ds.entities["agency:ny-poughkeepsie-police-department"].properties["ori"] == "NY0140100"
    assert ds.entities["agency:ny-poughkeepsie-police-department-ny0140200"].properties["ori"] == \
        "NY0140200"
    assert ds.entities["product:flock-safety-alpr"].name == "Flock Safety license plate readers"
    assert ds.entities["product:flock-safety-alpr"].properties == {"category": "license-plate-reader"}
    assert ds.entities["company:axon-enterprise-inc"].name == "Axon Enterprise, Inc."
    unnamed = ds.entities["product:face-recognition-vendor-not-named"]
    assert unnamed.name == "face recognition (vendor not named)"
    flock = ds.relationships["uses:agency:tx-dallas-police-department:product:flock-safety-alpr"]
    assert (flock.status, flock.properties["mode"]) == ("reported", "unknown")
    assert [(c.source, c.locator, c.quote) for c in flock.citations] == [
        ("atlas-of-surveillance-20240115", "AOS000101", "The Dallas Police Department uses "
         "automated license plate readers from Flock Safety and Motorola Solutions."),
        ("atlas-of-surveillance-20240115", "AOS000104",
         "Dallas approved a contract for Flock Safety cameras.")]
    assert flock.citations[1].note == ("The Atlas row cites atlas-link-ae4c4a6a5781, "
                                       "atlas-link-2b06eca68041.")
    assert "uses:agency:tx-travis-county-sheriffs-office:product:dji-drones" in ds.relationships
    assert "uses:agency:tx-travis-county-sheriffs-office:product:autel-drones" in ds.relationships
    develops = ds.relationships["develops:company:flock-safety:product:flock-safety-alpr"]
    assert [(c.locator, c.quote) for c in develops.citations] == [
        ("AOS000101", "Flock Safety, Motorola Solutions")]
    article = ds.sources["atlas-link-ae4c4a6a5781"]
    assert (article.publisher, article.kind, article.published, article.url) == (
        "Dallas Morning News", "news", "2012-12-27",
        "https://www.dallasnews.com/news/2012/12/27/dallas-police-plate-readers/")
    records = ds.sources["atlas-link-09710c04c5d9"]
    assert (records.kind, records.published, records.archiveUrl) == (
        "foia", "2021-04-01", "https://web.archive.org/web/2021/https://www.documentcloud.org/"
        "documents/2100001-dallas-face-recognition")
    assert ds.sources["atlas-link-2b06eca68041"].kind == "official-statement"
    atlas = ds.sources["atlas-of-surveillance-20240115"]
    assert (atlas.publisher, atlas.kind, atlas.published, atlas.url) == (
        "Electronic Frontier Foundation", "dataset", "2024-01-15", "https://atlasofsurveillance.org")
    assert [str(w) for w in ds.warnings] == [*SKIPPED[:2], *LEFT_OUT, SKIPPED[2], SUMMARY]


def test_strict_loading_makes_the_skipped_rows_errors() -> None:
    with pytest.raises(DataError) as exc:
        load_dataset([NEW], bundled=False, show_progress=False, strict=True)
    assert [str(p) for p in exc.value.problems] == [*SKIPPED[:2], *LEFT_OUT, SKIPPED[2]]


def test_validate_lists_the_skipped_rows_on_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["validate", "--no-bundled", "--data", str(NEW)])
    assert result.exit_code == 0
    assert result.stdout == "ok: 23 entities, 17 relationships, 11 sources in 1 file\n"
    assert result.stderr == "".join(f"warning: {w}\n" for w in (
        *SKIPPED[:2], *LEFT_OUT, SKIPPED[2], SUMMARY))


@pytest.mark.parametrize("cell,expected", [
    ("Flock Safety, Motorola Solutions", ["Flock Safety", "Motorola Solutions"]),
    ("Autel; DJI / Skydio", ["Autel", "DJI", "Skydio"]),
    ("Axon Enterprise, Inc.", ["Axon Enterprise, Inc."]),
    ("WatchGuard, Watchguard", ["WatchGuard"]),
    ("N/A", []), ("Unknown", []), ("", []),
])
def test_a_vendor_cell_names_its_vendors(cell: str, expected: list[str]) -> None:
    assert list(vendors(cell)) == expected


def test_a_file_separated_by_semicolons_says_so(tmp_path: Path) -> None:
    path = tmp_path / "atlas.csv"
    path.write_text(OLD.read_text("utf-8-sig").replace(",", ";"), "utf-8")
    with pytest.raises(DataError) as exc:
        load_dataset([path], bundled=False, show_progress=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:1: the columns are separated by semicolons (;), not commas (they are those of "
        "the atlas loader); save or export the file as CSV with commas between the columns"]


def test_a_header_without_rows_loads_nothing_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "atlas.csv"
    path.write_text(OLD.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    ds = load_dataset([path], bundled=False, show_progress=False)
    assert (len(ds.entities), len(ds.relationships), len(ds.sources)) == (0, 0, 1)
    assert [str(w) for w in ds.warnings] == [
        f"{path}:1: no rows under the header: nothing to load; check that the export or "
        "download holds data"]


def test_an_unclosed_quote_stops_reading_at_its_row(tmp_path: Path) -> None:
    path = tmp_path / "atlas.csv"
    lines = OLD.read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], lines[2].replace("Boston,", '"Boston,', 1)]), "utf-8")
    ds = load_dataset([path], bundled=False, show_progress=False)
    assert sorted(e.id for e in ds.entities.values() if e.type == "Agency") == [
        "agency:ca-oakland-police-department"]
    assert [str(w) for w in ds.warnings] == [
        f"{path}:3: row 3 skipped: unexpected end of data; the rows after it cannot be read; "
        "the file may be cut short, or a quote is not closed: download or export it again",
        f"{path}: 1 of 2 rows loaded, 1 skipped (1 unreadable from there on); each skipped "
        "row has a line of its own; strict loading makes them errors"]


def test_a_byte_that_is_not_utf8_is_an_error_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "atlas.csv"
    path.write_bytes(OLD.read_bytes().replace(b"Boston Globe", b"Boston Glob\xe9"))
    with pytest.raises(DataError) as exc:
        load_dataset([path], bundled=False, show_progress=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:3: not UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_a_csv_of_an_unknown_kind_names_the_kinds_it_could_be(tmp_path: Path) -> None:
    path = tmp_path / "agencies.csv"
    path.write_text("agency,state,technology\nDallas Police Department,TX,Drones\n", "utf-8")
    with pytest.raises(DataError) as exc:
        load_dataset([path], bundled=False, show_progress=False)
    [problem] = exc.value.problems
    assert str(problem).startswith(f"{path}:1: a CSV file of an unknown kind; the header row "
                                   "must name the columns of a known kind: ")
    assert ("atlas (AOSNUMBER, Agency, State, Technology, Type of Juris, Type of LEA, Vendor)"
            in str(problem))
