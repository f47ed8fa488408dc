"""Entity resolution: one entity, one node (a portal name, an Atlas-like row and the bundled
data), the crosswalk, one claim from two sources, and `watchgraph dedupe`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph.errors import DataError
from watchgraph.loaders.dataset import load_dataset, located_warnings
from watchgraph.loaders.resolve_names import name_key, state_of

AGENCIES = """\
id,name,notes
1,Dallas TX PD,NA
2,Dallas GA PD,NA
3,Miami FL PD,NA
4,Miami-Dade FL PD,NA
5,Rockingham County SO,NA
6,Rockingham County VA SO,NA
"""
CLAIM = {"type": "USES", "from": "agency:dallas-police-department-tx",
         "to": "product:clearview-app", "qualifier": "department-searches", "mode": "unauthorized",
         "status": "reported", "citations": [{"source": "atlas-dallas", "locator": "row 2",
                                              "quote": "Clearview AI"}]}
ATLAS = {  # what an Atlas of Surveillance row gives: a loader's document, not a curator's
    "sources": [{"id": "atlas-dallas", "title": "Atlas of Surveillance: Dallas", "kind": "dataset",
                 "publisher": "Electronic Frontier Foundation"}],
    "entities": [{"id": "agency:dallas-police-department-tx", "type": "Agency",
                  "name": "Dallas Police Department", "state": "TX", "ori": "TXDPD0000"}],
    "relationships": [CLAIM]}
CLAIM_ID = "uses:agency:dallas-pd:product:clearview-app:department-searches"
CROSSWALK = "entity,relation,other,decided_by,reason\n"
MIAMI_DADE = ("agency20240426.csv:5: agency:miami-dade-fl-pd is one entity with "
              "agency:miami-dade-pd (the same name in FL): its {}; correct one of them, or add "
              "not_same_as to the crosswalk if they are two")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A Private Eyes agency list and an Atlas-like JSON document, in one folder."""
    (tmp_path / "agency20240426.csv").write_text(AGENCIES, "utf-8")
    (tmp_path / "atlas.json").write_text(json.dumps(ATLAS), "utf-8")
    return tmp_path


def test_names_keys_and_states() -> None:
    assert [(state_of("Agency", n, p), name_key("Agency", n, state_of("Agency", n, p)))
            for n, p in [("Dallas TX PD", {}), ("Dallas Police Department", {"state": "TX"}),
                         ("Dallas Police Department", {"jurisdiction": "Dallas, Texas"}),
                         ("City of Miami Police Dept.", {"ori": "FL0130600"}),
                         ("Gaston Co. Sheriff's Department", {"state": "NC"}),
                         ("Hamlet PD (NC)", {}), ("TX - Lakeway PD", {}),
                         ("Colorado Springs CO PD", {}), ("Rockingham County SO", {})]] == [
        ("TX", "dallas police department"), ("TX", "dallas police department"),
        ("TX", "dallas police department"), ("FL", "miami police department"),
        ("NC", "gaston county sheriffs office"), ("NC", "hamlet police department"),
        ("TX", "lakeway police department"), ("CO", "colorado springs police department"),
        (None, "rockingham county sheriffs office")]
    assert name_key("Company", "Clearview AI, Inc.", None) == "clearview ai"
    assert name_key("Company", "Smith & Wesson Co.", None) == "smith and wesson"


def test_a_portal_an_atlas_row_and_the_curated_agency_are_one(folder: Path) -> None:
    ds = load_dataset([folder], show_progress=False)
    dallas = ds.entities["agency:dallas-pd"]
    assert dallas.aliases == ("Dallas Police", "DPD", "Dallas TX PD")
    assert dallas.properties == {
        "level": "city", "jurisdiction": "Dallas, Texas", "description":
        dallas.properties["description"], "state": "TX", "country": "US", "ori": "TXDPD0000"}
    assert "agency:dallas-tx-pd" not in ds.entities
    assert "agency:dallas-police-department-tx" not in ds.entities
    # the same name in another state is another agency
    assert ds.entities["agency:dallas-ga-pd"].properties["state"] == "GA"
    # Miami's police is not Miami-Dade's
    assert ds.entities["agency:miami-pd"].aliases == (
        "Miami Police", "Miami Police Department", "Miami FL PD")
    assert ds.entities["agency:miami-dade-pd"].aliases == (
        "MDPD", "Miami-Dade Police", "Miami-Dade FL PD")
    # a name without a state beside one with a state, in one file: two, for a curator
    assert {"agency:rockingham-county-so", "agency:rockingham-county-va-so"} <= ds.entities.keys()
    assert [str(w).replace(f"{folder}/", "") for w in located_warnings(ds)] == [
        MIAMI_DADE.format("jurisdiction 'Miami-Dade, Florida' differs from 'Miami-Dade County, "
                          "Florida', which is kept"),
        MIAMI_DADE.format("level 'city' differs from 'county', which is kept")]


def test_a_differing_value_stays_a_warning_when_strict(folder: Path) -> None:
    # the other source's value cannot be corrected here: strict checking still loads
    ds = load_dataset([folder], show_progress=False, strict=True)
    assert len(located_warnings(ds)) == 2


def test_without_a_state_only_a_unique_match_merges(folder: Path) -> None:
    (folder / "more.json").write_text(json.dumps({"entities": [
        {"id": "agency:dallas-police", "type": "Agency", "name": "Dallas Police Department"},
        {"id": "agency:mdpd", "type": "Agency", "name": "Miami-Dade Police Department"},
        {"id": "company:clearview-ai-inc", "type": "Company", "name": "Clearview AI, Inc.",
         "uei": "ABCDEF123456"},
        {"id": "agency:nypd", "type": "Agency", "name": "NYPD", "ori": "NY0303000"}]}), "utf-8")
    ds = load_dataset([folder], show_progress=False)
    assert "agency:dallas-police" in ds.entities  # Dallas, Texas or Dallas, Georgia?
    assert "agency:mdpd" not in ds.entities  # one Miami-Dade police, in Florida
    assert ds.entities["company:clearview-ai"].properties["uei"] == "ABCDEF123456"
    assert ds.entities["company:clearview-ai"].aliases == ("Clearview", "Clearview AI, Inc.")
    # one id in a loader's file and in the bundled data: one entity, the curated name kept
    nypd = ds.entities["agency:nypd"]
    assert (nypd.name, nypd.properties["ori"]) == ("New York City Police Department", "NY0303000")


def test_the_same_claim_from_two_sources_is_one_relationship_with_both(folder: Path) -> None:
    bundled = load_dataset(show_progress=False).relationships[CLAIM_ID]
    ds = load_dataset([folder], show_progress=False)
    claim = ds.relationships[CLAIM_ID]
    assert claim.status == "confirmed"  # confirmed by the article, reported by the Atlas
    assert [c.source for c in claim.citations] == ["gizmodo-dallas-clearview"] * 5 + ["atlas-dallas"]
    assert claim.citations[:5] == bundled.citations
    assert claim.properties == bundled.properties


def test_a_denial_and_a_claim_are_one_disputed_claim(folder: Path) -> None:
    denial = {**CLAIM, "status": "denied", "citations": [
        {"source": "atlas-dallas", "stance": "disputes", "locator": "row 3", "quote": "never"}]}
    (folder / "denial.json").write_text(json.dumps({"relationships": [denial]}), "utf-8")
    (folder / "again.json").write_text(json.dumps({"relationships": [CLAIM]}), "utf-8")
    ds = load_dataset([folder], show_progress=False)
    claim = ds.relationships[CLAIM_ID]
    assert claim.status == "disputed"
    assert [(c.source, c.stance, c.locator) for c in claim.citations[5:]] == [
        ("atlas-dallas", "supports", "row 2"), ("atlas-dallas", "disputes", "row 3")]
    assert f"{folder}/denial.json:1: this claim is also in watchgraph/loaders/data/dallas-" \
           "clearview.yaml, where it is confirmed; here it is denied: one relationship, " \
           "disputed, citing both; check the two sources" in [str(w) for w in located_warnings(ds)]


def test_a_merged_record_is_still_checked_in_its_own_file(folder: Path) -> None:
    bad = {**ATLAS["entities"][0], "state": "Texas"}  # type: ignore[dict-item]
    (folder / "atlas.json").write_text(json.dumps({**ATLAS, "entities": [bad]}), "utf-8")
    with pytest.raises(DataError) as err:
        load_dataset([folder], show_progress=False)
    assert [p.text().replace(f"{folder}/", "") for p in err.value.problems] == [
        "atlas.json:1: state 'Texas' does not match ^[A-Z]{2}$; fix the value's form"]


def test_the_crosswalk_merges_and_keeps_apart(folder: Path) -> None:
    (folder / "crosswalk.csv").write_text(
        CROSSWALK + "agency:rockingham-county-so,same_as,agency:rockingham-county-va-so,"
        "A. Curator,the portal list names it twice\n"
        "agency:dallas-tx-pd,not_same_as,agency:dallas-pd,A. Curator,a test\n", "utf-8")
    ds = load_dataset([folder], show_progress=False)
    assert "agency:rockingham-county-va-so" not in ds.entities
    assert ds.entities["agency:rockingham-county-so"].aliases == ("Rockingham County VA SO",)
    assert ds.entities["agency:rockingham-county-so"].properties["state"] == "VA"
    assert ds.entities["agency:dallas-tx-pd"].aliases == ()  # kept apart from the curated one
    assert ds.entities["agency:dallas-pd"].properties["ori"] == "TXDPD0000"  # the Atlas row


@pytest.mark.parametrize("rows,expected", [
    ("agency:dallas-tx-pd,same_as,agency:dallas-pd,A,b\n"
     "agency:dallas-pd,not_same_as,agency:dallas-tx-pd,A,b\n",
     ["crosswalk.csv:3: agency:dallas-pd and agency:dallas-tx-pd are both same_as and "
      "not_same_as (also crosswalk.csv:2); keep one decision"]),
    ("agency:dallas-tx-pd,same_as,product:clearview-app,A,b\n",
     ["crosswalk.csv:2: agency:dallas-tx-pd cannot be same_as product:clearview-app: they are "
      "of two types; correct or remove one of the decisions"]),
    ("agency:dallas-tx-pd,same_as,agency:dallas-pd,A,\n",
     ["crosswalk.csv:2: row 2 has no reason; say who decided and why: a crosswalk decision is "
      "a curator's"]),
    ("Dallas TX PD,same_as,agency:dallas-pd,A,b\n",
     ["crosswalk.csv:2: row 2: entity 'Dallas TX PD' is not an entity id; write the id as the "
      "data files do, e.g. agency:dallas-pd"]),
    ("agency:dallas-tx-pd,same-as,agency:dallas-pd,A,b\n",
     ["crosswalk.csv:2: row 2: relation 'same-as' is neither same_as nor not_same_as; write "
      "same_as or not_same_as"]),
])
def test_a_wrong_crosswalk_says_where(folder: Path, rows: str, expected: list[str]) -> None:
    (folder / "crosswalk.csv").write_text(CROSSWALK + rows, "utf-8")
    with pytest.raises(DataError) as err:
        load_dataset([folder], show_progress=False)
    assert [p.text().replace(f"{folder}/", "") for p in err.value.problems] == expected


def test_a_crosswalk_naming_what_is_not_loaded_is_a_warning(write: Callable[..., Path]) -> None:
    cw = write(CROSSWALK + "agency:nypd,not_same_as,agency:nowhere,A,b\n", "crosswalk.csv")
    ds = load_dataset([cw], show_progress=False)
    assert [str(w) for w in located_warnings(ds)] == [
        f"{cw}:2: agency:nowhere is not among the entities loaded; the decision is not used; "
        "check the id, or load the data that defines it"]


def test_the_bundled_data_alone_is_unchanged() -> None:
    ds = load_dataset(show_progress=False)
    assert (len(ds.entities), len(ds.relationships), len(ds.sources)) == (124, 163, 5)


DEDUPE = [
    "1. 100 agency:rockingham-county-so (Rockingham County SO) ~ agency:rockingham-county-va-so "
    "(Rockingham County VA SO): names 100, 'Rockingham County SO' has no state",
    "2. 86 product:rekognition (Amazon Rekognition) ~ product:rekognition-video (Amazon "
    "Rekognition Video): names 86",
    "3. 85 agency:san-diego-county (San Diego County (CAFRI subscriber)) ~ "
    "agency:san-joaquin-county (San Joaquin County (CAFRI subscriber)): names 85, same state CA",
]


def test_dedupe_lists_what_the_rules_left(folder: Path, runner: CliRunner) -> None:
    code, out, err = run(runner, "dedupe", "--data", str(folder), "--min-score", "84")
    assert (code, err) == (0, "")
    assert out.splitlines() == DEDUPE
    code, out, _ = run(runner, "dedupe", "--data", str(folder), "--min-score", "95",
                       "--format", "json")
    assert json.loads(out) == {"minScore": 95.0, "candidates": [{
        "number": 1, "score": 100, "reasons": ["names 100", "'Rockingham County SO' has no state"],
        "a": {"id": "agency:rockingham-county-so", "type": "Agency", "name": "Rockingham County SO"},
        "b": {"id": "agency:rockingham-county-va-so", "type": "Agency",
              "name": "Rockingham County VA SO"}}]}


def test_dedupe_writes_what_a_curator_confirms(folder: Path, runner: CliRunner) -> None:
    cw = folder / "crosswalk.csv"
    code, out, err = run(runner, "dedupe", "--data", str(folder), "--min-score", "84",
                         "--write-crosswalk", str(cw), "--confirm", "1", "--reject", "3",
                         "--decided-by", "A. Curator")
    assert (code, err) == (0, "")
    assert out.splitlines() == [*DEDUPE, f"wrote {cw}: 1 same_as, 1 not_same_as"]
    assert cw.read_text("utf-8") == CROSSWALK + (
        "agency:rockingham-county-so,same_as,agency:rockingham-county-va-so,A. Curator,"
        "\"watchgraph dedupe: names 100, 'Rockingham County SO' has no state\"\n"
        "agency:san-diego-county,not_same_as,agency:san-joaquin-county,A. Curator,"
        "\"watchgraph dedupe: names 85, same state CA\"\n")
    # the crosswalk is in the folder: both pairs are decided now
    code, out, _ = run(runner, "dedupe", "--data", str(folder), "--min-score", "84")
    assert out == DEDUPE[1].replace("2.", "1.", 1) + "\n"
    assert "agency:rockingham-county-va-so" not in load_dataset([folder], show_progress=False).entities


@pytest.mark.parametrize("args,message", [
    (["--confirm", "1"], "Error: --confirm and --reject need --write-crosswalk FILE\n"),
    (["--write-crosswalk", "cw.csv", "--decided-by", "A"],
     "Error: name the pairs to write with --confirm N (one entity) or --reject N (two), or run "
     "it on a terminal to be asked\n"),
    (["--write-crosswalk", "cw.csv", "--confirm", "1"],
     "Error: --decided-by is needed: the crosswalk records who decided\n"),
    (["--write-crosswalk", "cw.csv", "--confirm", "4", "--decided-by", "A"],
     "Error: --confirm 4 is not a number of the listing (1 to 3)\n"),
    (["--write-crosswalk", "cw.csv", "--confirm", "one", "--decided-by", "A"],
     "Error: --confirm wants numbers of the listing (e.g. 1,3), not 'one'\n"),
])
def test_dedupe_refuses_unclear_decisions(folder: Path, runner: CliRunner, args: list[str],
                                          message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    code, out, err = run(runner, "dedupe", "--data", str(folder), "--min-score", "84", *args)
    assert (code, err) == (2, message)
    assert out == ("" if "is not a number" not in message else "\n".join(DEDUPE) + "\n")
    assert not (folder / "cw.csv").exists()


def test_dedupe_will_not_write_over_other_data(folder: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "dedupe", "--data", str(folder), "--min-score", "84",
                       "--write-crosswalk", str(folder / "agency20240426.csv"), "--confirm", "1",
                       "--decided-by", "A")
    assert (code, err) == (2, f"Error: --write-crosswalk {folder}/agency20240426.csv is not a "
                              "crosswalk (its header row is not entity,relation,other,decided_by,"
                              "reason); name a new file or a crosswalk\n")
    assert (folder / "agency20240426.csv").read_text("utf-8") == AGENCIES
