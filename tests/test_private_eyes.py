"""The Private Eyes loaders: a small folder in the publisher's format (exact records), a
malformed row, and the shipped copy of the real data (counts)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from watchgraph.errors import DataError
from watchgraph.loaders.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]
USAGE_HEADER = ("id,agency,updated,accessed,url,data_retention_in_days,number_of_owned_cameras,"
                "external_organizations_with_access,hotlists_alerted_on,"
                "vehicles_detected_in_the_last_30_days,hotlist_hits_in_the_last_30_days,"
                "searches_in_the_last_30_days,public_search_audit")
POLICY_HEADER = ("id,agency,updated,accessed,url,hash,whats_detected,whats_not_detected,"
                 "acceptable_use_policy,prohibited_uses,access_policy,hotlist_policy")
SURVEY_HEADER = ("id,name,type,city,county,notes,company,cams_confirmed,cams_portal,"
                 "flock_portal_url,document_url")
PORTAL = "https://transparency.flocksafety.com/sylvania-oh-pd"
FILES = {
    "agency20240426.csv": "id,name,notes\n1,Sylvania OH PD,NA\n2,Gaston County NC SO,NA\n"
                          "3,Adrian MI PD,NA\n4,Guilford County NC SO,NA\n"
                          "5,Flock Safety - Commercial Sales Demo,NA\n6,Miami-Dade FL PD,NA\n"
                          "7,Miami Dade FL PD,listed with and without dash\n",
    "agency_access20240426.csv": "src_agency,external_agency,src_agency_id,external_agency_id\n"
                                 "Sylvania OH PD,Adrian MI PD,1,3\n"
                                 "Sylvania OH PD,Gaston County NC SO ,1,2\n",
    "latest_usage04262023.csv": USAGE_HEADER + "\n1,Sylvania OH PD,2024-04-26T14:20:51Z,"
        f"2024-04-26T17:25:34Z,{PORTAL},30 days,15,\"Adrian MI PD, Gaston County NC SO\","
        "\"NCIC, NCMEC Amber Alert\",302558,366,78,0\n",
    "agency_policies.csv": POLICY_HEADER + "\n" + "\n".join(
        f"1,Sylvania OH PD,{day}T12:04:07Z,{day}T12:56:00Z,{PORTAL},a2a2,\"License Plates, "
        "Vehicles\",\"Facial recognition, People\",Law enforcement purposes only.,\"Immigration "
        "enforcement, usage based solely on a protected class (i.e. race, sex, religion), "
        "Personal use.\",\"All system access requires a valid reason\",Hits are verified."
        for day in ("2023-07-27", "2023-07-28")) + "\n",
    "nc_agency_survey20240430.csv": SURVEY_HEADER + "\n"
        "2,Gaston County NC SO,SO,Gastonia,Gaston,Confirmed by dept.,Flock,10,NA,NA,"
        "https://www.documentcloud.org/documents/1-gaston\n"
        "4,Guilford County SO,SO,Greensboro,Guilford,Dept. declined to confirm,Rekor,Unknown,NA,NA,\n"
        "2,Gaston County NC SO,SO,Gastonia,Gaston,Unknown vendor,Unknown,NA,NA,NA,\n",
    "transparency_url_status20240429.csv": "agency_id,url_attempted,last_attempt_date,"
                                           "status_code,notes\n1,https://x.example/a,NA,404,NA\n",
}


def write(folder: Path, **changes: str) -> Path:
    for name, text in {**FILES, **changes}.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def test_the_fixture_folder_loads_into_exact_records(tmp_path: Path) -> None:
    ds = load_dataset([write(tmp_path)], bundled=False, show_progress=False)
    assert sorted(ds.sources) == [
        "private-eyes-access", "private-eyes-agencies", "private-eyes-doc-1-gaston",
        "private-eyes-nc-survey", "private-eyes-policies", "private-eyes-usage"]
    assert ds.sources["private-eyes-access"].published == "2024-04-26"
    assert ds.sources["private-eyes-usage"].published == "2024-04-26"
    assert ds.sources["private-eyes-access"].publisher == "The News & Observer"
    assert sorted(ds.entities) == [
        "agency:adrian-mi-pd", "agency:gaston-county-nc-so", "agency:guilford-county-nc-so",
        "agency:miami-dade-fl-pd", "agency:sylvania-oh-pd", "company:flock-safety",
        "company:rekor", "org:flock-safety-commercial-sales-demo",
        "policy:sylvania-oh-pd-flock-portal-2023-07-27", "product:flock-alpr",
        "product:rekor-alpr"]
    gaston = ds.entities["agency:gaston-county-nc-so"]
    assert gaston.properties == {"state": "NC", "country": "US", "level": "county",
                                 "jurisdiction": "Gaston County, North Carolina"}
    assert ds.entities["agency:miami-dade-fl-pd"].aliases == ("Miami Dade FL PD",)
    policy = ds.entities["policy:sylvania-oh-pd-flock-portal-2023-07-27"]
    assert policy.properties["prohibitedUses"] == (
        "Immigration enforcement",
        "usage based solely on a protected class (i.e. race, sex, religion)", "Personal use")
    rels = ds.relationships
    assert Counter(r.type for r in rels.values()) == {
        "DEVELOPS": 2, "SUPPLIES_DATA_TO": 2, "USES": 3, "ADOPTED": 1}
    access = rels["supplies_data_to:agency:sylvania-oh-pd:agency:gaston-county-nc-so"]
    assert (access.status, access.properties) == (
        "confirmed", {"dataKind": "license plate reader detections", "date": "2024-04-26"})
    assert access.citations[0].locator == "row 3"
    assert access.citations[0].quote == "Gaston County NC SO"
    usage = rels["uses:agency:sylvania-oh-pd:product:flock-alpr:flock-portal"]
    assert usage.properties == {
        "mode": "unknown", "qualifier": "flock-portal", "cameras": 15, "retentionDays": 30,
        "detectionsLast30Days": 302558, "hotlistHitsLast30Days": 366, "searchesLast30Days": 78,
        "date": "2024-04-26", "hotlists": ("NCIC", "NCMEC Amber Alert"),
        "publicSearchAudit": False, "portalUrl": PORTAL}
    confirmed = rels["uses:agency:gaston-county-nc-so:product:flock-alpr:nc-survey"]
    assert (confirmed.status, confirmed.properties["cameras"]) == ("confirmed", 10)
    assert confirmed.citations[0].quote == "Confirmed by dept."
    declined = rels["uses:agency:guilford-county-nc-so:product:rekor-alpr:nc-survey"]
    assert (declined.status, declined.properties["mode"]) == ("reported", "unknown")
    assert "cameras" not in declined.properties


def test_a_malformed_row_is_one_problem_with_its_row(tmp_path: Path) -> None:
    bad = FILES["agency_access20240426.csv"] + "Sylvania OH PD,Adrian MI PD,1\n"
    with pytest.raises(DataError) as exc:
        load_dataset([write(tmp_path, **{"agency_access20240426.csv": bad})], bundled=False,
                     show_progress=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{tmp_path}/agency_access20240426.csv:4: row 4 has 3 cells, the header 4; "
        "check the row's commas and quotes"]


def test_a_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    folder = write(tmp_path)
    path = folder / "agency_access20240426.csv"
    path.write_bytes(FILES["agency_access20240426.csv"].encode() + b"Caf\xe9 PD,x,y,z\n")
    with pytest.raises(DataError) as exc:
        load_dataset([folder], bundled=False, show_progress=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:4: not UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_the_shipped_data_loads_whole() -> None:
    ds = load_dataset([ROOT / "datasets/private-eyes"], bundled=False, show_progress=False)
    # resolution makes 9 pairs of portal names one agency ("Richland WA PD" and "Richland PD
    # WA"), and the 7 access pairs they then repeat one relationship citing both rows
    assert Counter(e.type for e in ds.entities.values()) == {
        "Agency": 5112, "Organization": 30, "Company": 7, "Product": 7, "Policy": 368}
    assert Counter(r.type for r in ds.relationships.values()) == {
        "SUPPLIES_DATA_TO": 37092, "USES": 485, "ADOPTED": 368, "DEVELOPS": 7}
    assert sum(len(r.citations) for r in ds.relationships.values()) == 37959
    assert len(ds.sources) == 25
    assert all(c.quote and c.locator for r in ds.relationships.values() for c in r.citations)


def test_a_file_without_the_agency_list_beside_it_says_so(tmp_path: Path) -> None:
    name = "nc_agency_survey20240430.csv"
    (tmp_path / name).write_text(FILES[name], "utf-8")
    with pytest.raises(DataError) as exc:
        load_dataset([tmp_path / name], bundled=False, show_progress=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{tmp_path}/{name}:1: no agency list (agencyYYYYMMDD.csv) beside this file; keep the "
        "Private Eyes files together in one folder"]


def test_an_agency_missing_from_the_list_is_a_problem_on_its_row(tmp_path: Path) -> None:
    access = FILES["agency_access20240426.csv"] + "Sylvania OH PD,Nowhere ZZ PD,1,99\n"
    with pytest.raises(DataError) as exc:
        load_dataset([write(tmp_path, **{"agency_access20240426.csv": access})], bundled=False,
                     show_progress=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{tmp_path}/agency_access20240426.csv:4: row 4: agency 'Nowhere ZZ PD' is not in the "
        "agency list; add it to agencyYYYYMMDD.csv or correct the id and name"]


@pytest.mark.parametrize("name,expected", [
    ("Sylvania OH PD", {"state": "OH", "country": "US", "jurisdiction": "Sylvania, Ohio",
                        "level": "city"}),
    ("University of Toledo OH PD", {"state": "OH", "country": "US",
                                    "jurisdiction": "University of Toledo, Ohio"}),
    ("Hamlet PD (NC)", {"state": "NC", "country": "US"}),
    ("TX - Lakeway PD", {"state": "TX", "country": "US"}),
    ("Fort Bend County Const TX Pct 4", {"state": "TX", "country": "US"}),
    ("Michigan State Police", {"state": "MI", "country": "US", "level": "state",
                               "jurisdiction": "Michigan"}),
    ("US Postal Inspection Service", {}),
])
def test_state_and_jurisdiction_come_from_the_portal_name(name: str, expected: dict[str, str]) -> None:
    from watchgraph.loaders.private_eyes_names import agency_entity
    entity = agency_entity(name)
    assert {k: v for k, v in entity.items() if k not in ("id", "type", "name")} == expected
