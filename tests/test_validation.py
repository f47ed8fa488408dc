"""Every kind of bad input gets its exact one-line message, with file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from watchgraph.cli import flag
from watchgraph.errors import DataError, Problem
from watchgraph.graph.validate import Warnings
from watchgraph.loaders.dataset import load_dataset

REL = """\
relationships:
  - type: USES
    from: agency:nypd
    to: product:clearview-app
    mode: trial
    status: reported
    citations: [{source: s1}]
"""

CASES = {
    "yaml syntax": (
        "entities:\n  - id: agency:x\n    type: Agency\n   name: bad indent\n",
        ["4: YAML syntax error: did not find expected '-' indicator; "
         "check the indentation and quoting on this line"],
    ),
    "unknown entity type": (
        "entities:\n  - id: agency:x\n    type: Agencyy\n    name: X\n",
        ["3: unknown entity type 'Agencyy' (did you mean 'Agency'?); use one of Agency, Company, "
         "Product, Person, Organization, Policy, Event, Dataset"],
    ),
    "unknown relationship type": (
        REL.replace("type: USES", "type: USE"),
        ["2: unknown relationship type 'USE' (did you mean 'USES'?); use one of PART_OF, "
         "SUBSIDIARY_OF, EMPLOYED_BY, USES, CONTRACTED_WITH, DEVELOPS, MEMBER_OF, SHARES_DATA_WITH, "
         "SUPPLIES_DATA_TO, COLLECTS_FROM, MARKETED_TO, MET_WITH, PARTICIPATED_IN, REFERRED, "
         "FACILITATED, TESTED, REGULATES, ADOPTED, REQUESTED_RECORDS_FROM, OBJECTED_TO"],
    ),
    "unknown property": (
        "entities:\n  - id: agency:x\n    type: Agency\n    name: X\n    levle: city\n",
        ["5: unknown property 'levle' for Agency (did you mean 'level'?); allowed: name, aliases, "
         "description, url, wikidata, country, level, jurisdiction, state, ori"],
    ),
    "wrong property type": (
        REL.replace("mode: trial", "mode: trial\n    searchesMin: many"),
        ["6: searchesMin must be a whole number, not 'many'; write the number without quotes, "
         "commas or units"],
    ),
    "missing required property": (
        REL.replace("    mode: trial\n", ""),
        ["2: USES has no 'mode'; add `mode:` (On what terms it is used.)"],
    ),
    "duplicate id": (
        "entities:\n  - id: agency:nypd\n    type: Agency\n    name: Another\n",
        ["2: duplicate entity id 'agency:nypd', also defined in {small}; define each entity "
         "once; relationships in other files can refer to it"],
    ),
    "unknown entity": (
        REL.replace("from: agency:nypd", "from: NYDP"),
        ["3: unknown entity 'NYDP' (did you mean 'NYPD'?); define it under `entities:` or use "
         "an existing id or name"],
    ),
    "types not allowed": (
        REL.replace("to: product:clearview-app", "to: company:clearview-ai"),
        ["2: USES cannot join an Agency to a Company; USES goes from "
         "Agency/Person/Organization/Company to Product/Dataset"],
    ),
    "unknown source": (
        REL.replace("source: s1", "source: s9"),
        ["7: citation to unknown source 's9'; define it under `sources:` or use an existing "
         "source id"],
    ),
    "malformed date": (
        REL.replace("mode: trial", "mode: trial\n    start: 12/2018"),
        ["6: start: malformed date '12/2018'; write YYYY, YYYY-MM or YYYY-MM-DD with a real month "
         "and day"],
    ),
    "impossible date": (
        REL.replace("mode: trial", "mode: trial\n    date: 2019-02-30"),
        ["6: date: impossible date '2019-02-30' (February 2019 has 28 days); write YYYY, YYYY-MM "
         "or YYYY-MM-DD with a real month and day"],
    ),
    "end before start": (
        REL.replace("mode: trial", "mode: trial\n    start: 2019-03\n    end: 2018"),
        ["7: end 2018 is before start 2019-03; check the two dates, or swap them"],
    ),
    "disputed without disputing citation": (
        REL.replace("status: reported", "status: disputed"),
        ["6: a disputed USES needs a citation with stance: disputes; cite the source on the "
         "other side, or change the status"],
    ),
    "range upside down": (
        REL.replace("mode: trial", "mode: trial\n    searchesMin: 10\n    searchesMax: 5"),
        ["6: searchesMin 10 is greater than searchesMax 5; swap the two bounds"],
    ),
    "empty file": (
        "# nothing yet\n",
        ["1: the file is empty; add `sources:`, `entities:` or `relationships:`, or remove the file"],
    ),
    "bare string": (
        "just some words\n",
        ["1: the top level is 'just some words', not a mapping; start the file with `sources:`, "
         "`entities:` or `relationships:`"],
    ),
    "list at the top": (
        "- id: agency:x\n  type: Agency\n",
        ["1: the top level is a list, not a mapping; start the file with `sources:`, "
         "`entities:` or `relationships:`"],
    ),
    "list where a mapping belongs": (
        "entities:\n  - [agency:x, Agency]\n",
        ["2: an item of entities is a list, not a mapping; write `key: value` pairs under the `- `"],
    ),
    "section not a list": (
        "entities:\n  id: agency:x\n",
        ["1: entities must be a list, not a mapping; write each item under `entities:` "
         "starting with `- `"],
    ),
    "entity without id": (
        "entities:\n  - type: Agency\n    name: Miami Police Department\n",
        ["2: Agency 'Miami Police Department' has no id; add `id: agency:miami-police-department` "
         "(ids are written once, never derived from names)"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_problem_has_its_message(case: str, small: Path,
                                      write: Callable[..., Path]) -> None:
    content, expected = CASES[case]
    bad = write(content, "bad.yaml")
    with pytest.raises(DataError) as err:
        load_dataset([small, bad], bundled=False, show_progress=False)
    assert err.value.lines() == [f"{bad}:" + e.format(small=small) for e in expected]


def test_non_utf8_file(small: Path, write: Callable[..., Path]) -> None:
    bad = write(b"entities:\n  - id: agency:x\n    name: Caf\xe9\n", "bad.yaml")
    with pytest.raises(DataError) as err:
        load_dataset([small, bad], bundled=False, show_progress=False)
    assert err.value.lines() == [f"{bad}:3: not UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_every_problem_in_a_file_is_reported(small: Path, write: Callable[..., Path]) -> None:
    bad = write(REL.replace("from: agency:nypd", "from: nobody").replace("source: s1", "source: s9")
                .replace("mode: trial", "mode: sometimes"), "bad.yaml")
    with pytest.raises(DataError) as err:
        load_dataset([small, bad], bundled=False, show_progress=False)
    assert [line.split(": ", 1)[1].split(";")[0] for line in err.value.lines()] == [
        "unknown entity 'nobody'",
        "mode 'sometimes' is not allowed",
        "citation to unknown source 's9'",
    ]
    assert [int(line.split(":")[1]) for line in err.value.lines()] == [3, 5, 7]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        load_dataset([tmp_path / "nope"], bundled=False, show_progress=False)
    assert err.value.lines() == [f"{tmp_path / 'nope'}: no such file or folder; check the path "
                                 "given to data"]
    assert err.value.lines(flag) == [f"{tmp_path / 'nope'}: no such file or folder; check the path "
                                     "given to --data"]


def test_yes_and_no_stay_strings(small: Path, write: Callable[..., Path]) -> None:
    """YAML 1.1 would read `NO` as false; a name must stay a name."""
    extra = write("entities:\n  - id: org:no\n    type: Organization\n    name: NO\n", "no.yaml")
    ds = load_dataset([small, extra], bundled=False, show_progress=False)
    assert ds.entities["org:no"].name == "NO"


def test_dates_keep_their_precision(small: Path) -> None:
    ds = load_dataset([small], bundled=False, show_progress=False)
    rel = ds.relationships["uses:agency:nypd:product:clearview-app"]
    assert (rel.properties["start"], rel.properties["end"]) == ("2018-12", "2019-03")
    assert ds.sources["s1"].published == "2020-05"


def test_loading_twice_gives_the_same_ids(small: Path) -> None:
    a = load_dataset([small], bundled=False, show_progress=False)
    b = load_dataset([small], bundled=False, show_progress=False)
    assert list(a.relationships) == list(b.relationships) == [
        "uses:agency:nypd:product:clearview-app",
        "develops:company:clearview-ai:product:clearview-app",
    ]
    assert a.relationships == b.relationships


def test_undirected_relationships_share_one_id(small: Path, write: Callable[..., Path]) -> None:
    met = """\
    relationships:
      - {type: MET_WITH, from: company:clearview-ai, to: agency:nypd, status: reported,
         citations: [{source: s1}]}
      - {type: MET_WITH, from: agency:nypd, to: company:clearview-ai, status: reported,
         citations: [{source: s1}]}
    """
    bad = write(met, "met.yaml")
    with pytest.raises(DataError) as err:
        load_dataset([small, bad], bundled=False, show_progress=False)
    assert err.value.lines() == [
        f"{bad}:4: duplicate relationship 'met_with:agency:nypd:company:clearview-ai', also in "
        f"{bad}; merge the two, or add a `qualifier:` to tell them apart"]


def test_warnings_keep_citations_without_a_quote_as_pairs_until_read() -> None:
    warnings = Warnings([Problem("data", "skipped: not a regular file", "fix or remove it")])
    warnings.quoteless("a.yaml", ("relationships", 0, "citations", 1))
    warnings.quoteless("b.yaml", ("relationships", 2, "citations", 0))
    warnings += []  # e.g. no merge notes: still not made
    assert (len(warnings), list.__len__(warnings)) == (3, 1)  # counted, not yet made
    assert [str(w) for w in warnings] == [
        "data: skipped: not a regular file; fix or remove it",
        "a.yaml: the citation has no quote; add `quote:` with a few words, verbatim, that a "
        "reader can find in the source",
        "b.yaml: the citation has no quote; add `quote:` with a few words, verbatim, that a "
        "reader can find in the source"]
    assert warnings[2].path == ("relationships", 2, "citations", 0)
    assert list.__len__(warnings) == 3 and warnings == list(warnings)
    warnings.quoteless("c.yaml", ())
    warnings += [Problem("d.yaml", "a note")]
    assert [w.file for w in warnings] == ["data", "a.yaml", "b.yaml", "c.yaml", "d.yaml"]
