"""The USAspending loaders: a prime award summaries download and a prime transactions
download written in the site's format (exact records), and their rows skipped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from watchgraph.errors import DataError
from watchgraph.loaders.dataset import load_dataset
from watchgraph.loaders.registry import loader_for
from watchgraph.loaders.usaspending import AwardSummaries, Transactions

FIXTURES = Path(__file__).parent / "fixtures" / "usaspending"
AWARDS = FIXTURES / "awards" / "Contracts_PrimeAwardSummaries_2024-06-01_H20M00S00_1.csv"
TRANSACTIONS = FIXTURES / "transactions" / "Contracts_PrimeTransactions_2024-06-01_H20M00S00_1.csv"
ICE = "agency:u-s-immigration-and-customs-enforcement"
FBI = "agency:federal-bureau-of-investigation"
CONTOSO = "company:contoso-surveillance-systems-inc"
NORTHWIND = "company:northwind-analytics-llc"
AWARD_SKIPS = [
    f"{AWARDS}:5: row 5 skipped: total_obligated_amount 'n/a' is not an amount; write a number "
    "such as 1234.56",
    f"{AWARDS}:6: row 6 skipped: no recipient_name; download the award data again"]
AWARD_DATES = (f"{AWARDS}:7: row 7: the period of performance ends (2024-01-01) before it "
               "starts (2024-06-30); both dates left out; check the award's dates")


def test_each_download_is_read_by_its_loader() -> None:
    assert isinstance(loader_for(AWARDS), AwardSummaries)
    assert isinstance(loader_for(TRANSACTIONS), Transactions)


def test_the_award_summaries_load_into_exact_records() -> None:
    ds = load_dataset([AWARDS], bundled=False, show_progress=False)
    assert sorted(ds.entities) == [
        "agency:cbp-office-of-procurement", "agency:department-of-homeland-security",
        "agency:department-of-justice", "agency:fbi-jeh", FBI,
        "agency:ice-office-of-acquisition-management", "agency:u-s-customs-and-border-protection",
        ICE, "company:contoso-holdings-corp", CONTOSO, NORTHWIND]
    assert ds.entities[ICE].properties == {"level": "federal", "country": "US"}
    assert ds.entities[CONTOSO].properties == {"uei": "CS0000000001"}
    assert Counter(r.type for r in ds.relationships.values()) == {
        "PART_OF": 6, "SUBSIDIARY_OF": 1, "CONTRACTED_WITH": 4}
    assert "part_of:agency:ice-office-of-acquisition-management:" + ICE in ds.relationships
    assert f"part_of:{ICE}:agency:department-of-homeland-security" in ds.relationships
    assert f"subsidiary_of:{CONTOSO}:company:contoso-holdings-corp" in ds.relationships
    fbi = ds.relationships[f"contracted_with:{FBI}:{CONTOSO}:15f06721c0000202"]
    assert (fbi.status, fbi.properties) == ("confirmed", {
        "qualifier": "15f06721c0000202", "awardId": "15F06721C0000202", "currency": "USD",
        "amount": 2000000, "obligated": 1500000.5, "start": "2021-03-01", "end": "2026-02-28",
        "terms": "CELL-SITE SIMULATOR MAINTENANCE",
        "note": "A federal contract award as USAspending.gov records it (NAICS 334220, product "
                "or service code J058)."})
    assert [(c.source, c.locator, c.quote) for c in fbi.citations] == [
        ("usaspending-cont-awd-15f06721c0000202-1549-none-none", "award summary",
         "CELL-SITE SIMULATOR MAINTENANCE")]
    assert f"contracted_with:{ICE}:{CONTOSO}:70cmsd22p00000303" in ds.relationships
    undated = ds.relationships["contracted_with:agency:u-s-customs-and-border-protection:"
                               f"{NORTHWIND}:70b03c24c00000606"]
    assert "start" not in undated.properties and "end" not in undated.properties
    page = ds.sources["usaspending-cont-awd-15f06721c0000202-1549-none-none"]
    assert (page.title, page.publisher, page.kind, page.url) == (
        "Contract 15F06721C0000202 to CONTOSO SURVEILLANCE SYSTEMS INC", "USAspending.gov",
        "dataset", "https://www.usaspending.gov/award/CONT_AWD_15F06721C0000202_1549_-NONE-_-NONE-/")
    assert [str(w) for w in ds.warnings] == [
        *AWARD_SKIPS, AWARD_DATES,
        f"{AWARDS}: 4 of 6 rows loaded, 2 skipped (1 an amount that is not a number, 1 no "
        "recipient_name); each skipped row has a line of its own; strict loading makes them errors"]


def test_transactions_become_one_contract_per_award() -> None:
    ds = load_dataset([TRANSACTIONS], bundled=False, show_progress=False)
    assert Counter(r.type for r in ds.relationships.values()) == {
        "PART_OF": 4, "SUBSIDIARY_OF": 1, "CONTRACTED_WITH": 2}
    fbi = ds.relationships[f"contracted_with:{FBI}:{CONTOSO}:15f06721c0000202"]
    # obligations summed (50,000 - 5,000 + 12,000.25); value and end of the latest action
    assert {k: fbi.properties[k] for k in ("amount", "obligated", "start", "end", "terms")} == {
        "amount": 2000000, "obligated": 57000.25, "start": "2021-03-01", "end": "2026-02-28",
        "terms": "CELL-SITE SIMULATOR MAINTENANCE"}
    ice = ds.relationships[f"contracted_with:{ICE}:{NORTHWIND}:70cmsd20c00000101"]
    # the option year (listed first) is the latest action: its value and end date
    assert {k: ice.properties[k] for k in ("amount", "obligated", "start", "end")} == {
        "amount": 224000, "obligated": 224000, "start": "2020-09-28", "end": "2023-09-27"}
    assert ice.citations[0].locator == "transactions"
    assert len(ds.sources) == 2
    assert ds.warnings == []


def test_strict_loading_makes_the_skipped_rows_errors() -> None:
    with pytest.raises(DataError) as exc:
        load_dataset([AWARDS], bundled=False, show_progress=False, strict=True)
    assert [str(p) for p in exc.value.problems] == [*AWARD_SKIPS, AWARD_DATES]


def test_a_row_with_too_few_cells_is_skipped_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "Contracts_PrimeAwardSummaries_x.csv"
    lines = AWARDS.read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1], "CONT_AWD_X,X,1,2", lines[2]]) + "\n", "utf-8")
    ds = load_dataset([path], bundled=False, show_progress=False)
    assert len([r for r in ds.relationships.values() if r.type == "CONTRACTED_WITH"]) == 2
    assert [str(w) for w in ds.warnings] == [
        f"{path}:3: row 3 skipped: 4 cells, the header has 30; check the row's commas and quotes",
        f"{path}: 2 of 3 rows loaded, 1 skipped (1 a wrong number of cells); each skipped "
        "row has a line of its own; strict loading makes them errors"]
