"""The SPARQL query library on the embedded store: every query's rows from the bundled
data, parameters bound safely, and the `watchgraph sparql` command's exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.cli import cli
from watchgraph.errors import UsageError
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries.catalog import load_catalog
from watchgraph.queries.sparql_params import bind, query_params
from watchgraph.queries.sparql_results import term_text

NYPD = "New York City Police Department"
APP = "Clearview AI app"

NBC6, NYPD_EMAILS, GIZMODO = "nbc6-south-florida-clearview", "nypd-clearview-emails", "gizmodo-dallas-clearview"
POGO = "pogo-amazon-ice"
NYPD_TITLE = "The NYPD used a controversial facial recognition tool. Here's what you need to know."
EXPECTED: dict[str, tuple[dict[str, str], list[tuple[str, ...]]]] = {
    "contracts": ({'minAmount': '10000'}, [
        ("Broward Sheriff's Office", 'Clearview AI', 'Clearview AI app', '15000', 'USD', '', '', '', '', 'reported', 'nbc6-south-florida-clearview'),
        ('City of Miami Police Department', 'Clearview AI', 'Clearview AI app', '12000', 'USD', '', '12', '2020', '', 'confirmed', 'nbc6-south-florida-clearview'),
    ]),
    "contract-totals": ({}, [
        ('vendor', 'Clearview AI', 'USD', '3', '3', '32000', 'reported\x1fconfirmed'),
        ('vendor', 'Clearview AI', '', '2', '0', '', 'reported\x1fdisputed'),
        ('vendor', 'DataWorks Plus', '', '1', '0', '', 'reported'),
        ('vendor', 'McKinsey & Company', '', '1', '0', '', 'reported'),
        ('buyer', "Broward Sheriff's Office", 'USD', '1', '1', '15000', 'reported'),
        ('buyer', 'City of Miami Police Department', 'USD', '1', '1', '12000', 'confirmed'),
        ('buyer', 'Coral Springs Police Department', 'USD', '1', '1', '5000', 'confirmed'),
        ('buyer', 'Miami-Dade Police Department', '', '1', '0', '', 'reported'),
        ('buyer', 'New York City Police Department', '', '1', '0', '', 'disputed'),
        ('buyer', "Sacramento County Sheriff's Office", '', '1', '0', '', 'reported'),
        ('buyer', 'U.S. Immigration and Customs Enforcement', '', '1', '0', '', 'reported'),
    ]),
    "product-users": ({'vendor': 'DataWorks Plus'}, [
        ("Sacramento County Sheriff's Office", 'DataWorks Plus image capture and storage system (Sacramento)', 'contract', '', '', 'reported', '', '', '', '', 'snr-dragnet'),
        ('New York City Police Department', 'NYPD facial recognition system (DataWorks)', 'unknown', '', '', 'alleged', '', '', '', '', 'nypd-clearview-emails'),
    ]),
    "use-without-contract": ({'vendor': 'DataWorks Plus'}, [
        ('New York City Police Department', 'NYPD facial recognition system (DataWorks)', 'no contract on record', '', '', 'alleged', '', '', 'nypd-clearview-emails'),
    ]),
    "agency-dealings": ({'agency': 'HSI'}, [
        ('Homeland Security Investigations', '<-MARKETED_TO', 'Amazon Web Services', '', '', 'Amazon Rekognition', '', '', '2018-06-15', '', 'confirmed', 'pogo-amazon-ice'),
        ('Homeland Security Investigations', 'USES->', 'HSI face recognition (tool not named)', '', 'unknown', '', '', '', '', '', 'confirmed', 'pogo-amazon-ice'),
    ]),
    "immigration-marketing": ({}, [
        ('Amazon', '', 'MARKETED_TO', 'U.S. Immigration and Customs Enforcement', 'Amazon Rekognition Video', '2018', 'confirmed', 'pogo-amazon-ice'),
        ('Amazon', '', 'MARKETED_TO', 'U.S. Immigration and Customs Enforcement', 'Amazon Rekognition', '2018-07-31', 'confirmed', 'pogo-amazon-ice'),
        ('Amazon Web Services', 'Amazon', 'MARKETED_TO', 'Homeland Security Investigations', 'Amazon Rekognition', '2018-06-15', 'confirmed', 'pogo-amazon-ice'),
        ('Amazon Web Services', 'Amazon', 'MET_WITH', 'U.S. Immigration and Customs Enforcement', '', '2018-06', 'confirmed', 'pogo-amazon-ice'),
    ]),
    "interconnect-members": ({'system': 'CAFRI'}, [
        ("Sacramento County Sheriff's Office", '6', '2017', '', 'confirmed', 'snr-dragnet', 'DataWorks Plus'),
        ('Los Angeles County (CAFRI subscriber)', '', '', '', 'reported', 'snr-dragnet', 'DataWorks Plus'),
        ('Riverside County (CAFRI subscriber)', '', '', '', 'reported', 'snr-dragnet', 'DataWorks Plus'),
        ('San Bernardino County (CAFRI subscriber)', '', '', '', 'reported', 'snr-dragnet', 'DataWorks Plus'),
        ('San Diego County (CAFRI subscriber)', '', '', '', 'reported', 'snr-dragnet', 'DataWorks Plus'),
        ('San Joaquin County (CAFRI subscriber)', '', '', '', 'reported', 'snr-dragnet', 'DataWorks Plus'),
    ]),
    "units": ({'agency': 'ICE'}, [
        ('parent', 'U.S. Department of Homeland Security', '1', 'U.S. Immigration and Customs Enforcement', 'reported', 'pogo-amazon-ice'),
        ('unit', 'Enforcement and Removal Operations', '1', 'U.S. Immigration and Customs Enforcement', 'reported', 'pogo-amazon-ice'),
        ('unit', 'Homeland Security Investigations', '1', 'U.S. Immigration and Customs Enforcement', 'reported', 'pogo-amazon-ice'),
    ]),
    "disputed-claims": ({}, [
        ('American Civil Liberties Union', 'TESTED', 'Amazon Rekognition', 'disputed', 'supports', 'pogo-amazon-ice', '', 'The ACLU countered that Amazon moved the goalpost', 'The ACLU replied that Amazon raised its recommended threshold only after the study appeared.'),
        ('American Civil Liberties Union', 'TESTED', 'Amazon Rekognition', 'disputed', 'supports', 'pogo-amazon-ice', '', 'misidentified 28 individuals as other people who had been arrested', "The ACLU's July test wrongly matched 28 members of Congress to arrest photos."),
        ('American Civil Liberties Union', 'TESTED', 'Amazon Rekognition', 'disputed', 'disputes', 'pogo-amazon-ice', '', 'critiquing the confidence threshold used in the ACLU study', "Amazon's blog post attacked the confidence threshold the ACLU used, saying higher settings cut false positives."),
        ('Dallas Police Department', 'CONTRACTED_WITH', 'Clearview AI', 'denied', 'disputes', 'gizmodo-dallas-clearview', 'para 6', 'never entered into a contract with Clearview AI', 'The department says it never had a contract with Clearview AI.'),
        ('Dallas Security Division', 'USES', 'Clearview AI app', 'disputed', 'supports', 'gizmodo-dallas-clearview', 'para 12', 'somewhere between 11 and 50 searches', "BuzzFeed's data, covering 2018 to February 2020, credits the division with 11 to 50 searches."),
        ('Dallas Security Division', 'USES', 'Clearview AI app', 'disputed', 'disputes', 'gizmodo-dallas-clearview', 'para 12', 'no record of Clearview AI being used', 'A spokesperson says the division has no record of using Clearview.'),
        ('New York City Police Department', 'CONTRACTED_WITH', 'Clearview AI', 'disputed', 'supports', 'nypd-clearview-emails', 'para 1', 'entered into a supplier contract with NYPD in December 2018 on a trial basis', 'The emails show a trial-basis supplier arrangement from December 2018 that ran until the next March.'),
        ('New York City Police Department', 'CONTRACTED_WITH', 'Clearview AI', 'disputed', 'disputes', 'nypd-clearview-emails', 'para 4', 'no institutional relationship', 'The NYPD told BuzzFeed News and the New York Post it had no relationship with Clearview, formal or informal.'),
        ('New York City Police Department', 'USES', 'Clearview AI app', 'disputed', 'supports', 'nypd-clearview-emails', 'para 2', 'many people in the NYPD had access to Clearview during and after this time', 'Access reached people across the ranks during and after the trial, and NYPD test accounts were created in February 2020.'),
        ('New York City Police Department', 'USES', 'Clearview AI app', 'disputed', 'supports', 'nypd-clearview-emails', 'para 4', 'a high volume of searches in actual investigations', 'The emails show long use by many people running many searches in real cases.'),
        ('New York City Police Department', 'USES', 'Clearview AI app', 'disputed', 'supports', 'nypd-clearview-emails', 'para 7', "It was a systematic adoption of Clearview's facial recognition technology", 'Cahn describes accounts held for years and a systematic adoption.'),
        ('New York City Police Department', 'USES', 'Clearview AI app', 'disputed', 'disputes', 'nypd-clearview-emails', 'para 4', 'no institutional relationship', 'The department publicly claimed no relationship with Clearview, admitting only a test.'),
        ('U.S. Immigration and Customs Enforcement', 'CONTRACTED_WITH', 'Amazon', 'denied', 'disputes', 'pogo-amazon-ice', '', 'ICE says it does not have any public contracts with Amazon for Rekognition', "The article sums up ICE's position as having no public Rekognition contract with Amazon."),
        ('U.S. Immigration and Customs Enforcement', 'CONTRACTED_WITH', 'Amazon', 'denied', 'disputes', 'pogo-amazon-ice', '', "does not have a contract with the vendor you've identified", 'ICE cites public procurement data showing it has no contract with Amazon for these services.'),
    ]),
    "single-source-claims": ({"status": "disputed"}, [
        ("American Civil Liberties Union", "TESTED", "Amazon Rekognition", "disputed", POGO,
         "Amazon Pushes ICE to Buy Its Face Recognition Surveillance Tech", "3"),
        ("Dallas Security Division", "USES", APP, "disputed", GIZMODO, "Dallas Police Used Face Recognition "
         "Software Without Authorization, Installed on Personal Phones", "2"),
        (NYPD, "CONTRACTED_WITH", "Clearview AI", "disputed", NYPD_EMAILS, NYPD_TITLE, "2"),
        (NYPD, "USES", APP, "disputed", NYPD_EMAILS, NYPD_TITLE, "4"),
    ]),
    "true-on-date": ({"day": "2019-01-15"}, [
        ("Clearview AI", "MARKETED_TO", NYPD, "2018-10-01", "", "confirmed"),
        (NYPD, "CONTRACTED_WITH", "Clearview AI", "2018-12-01", "2019-03-31", "disputed"),
        (NYPD, "MET_WITH", "Clearview AI", "2018-01-01", "", "confirmed"),
        (NYPD, "USES", APP, "2018-12-01", "2019-03-31", "confirmed"),
        ("Sacramento County Sheriff's Office", "MEMBER_OF", "California Facial Recognition Interconnect",
         "2017-01-01", "", "confirmed"),
    ]),
}

# For each query, where a denied claim shows: the bundled data, or test_queries.DENIALS.
DENIED_SHOWN: list[tuple[str, dict[str, str], bool]] = [
    ("agency-dealings", {"agency": "ICE"}, False),
    ("agency-dealings", {"agency": "Top Agency"}, True),
    ("contracts", {"vendor": "Vendor Inc"}, True),
    ("units", {"agency": "Top Agency"}, True),
    ("product-users", {"product": "Rekognition"}, False),
    ("product-users", {"product": "Tool"}, True),
    ("single-source-claims", {}, False),
    ("true-on-date", {"day": "2019-06-01"}, True),
]


def rows(name: str, params: dict[str, str], graph: KnowledgeGraph | None = None,
         endpoint: str | None = None) -> list[tuple[str, ...]]:
    result = api.sparql(name, params, graph, endpoint)
    return [tuple(term_text(t) for t in row) for row in result.rows]


def test_every_library_query_is_tested() -> None:
    """Each question's SPARQL rows are checked exactly here or in test_questions_network.py."""
    network = {"connections", "data-reach", "meetings", "collects-from", "unauthorized-use",
               "records-requests"}
    assert set(EXPECTED) | network == set(load_catalog("sparql"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_query_rows(name: str, bundled: KnowledgeGraph) -> None:
    params, expected = EXPECTED[name]
    assert rows(name, params, bundled) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_query_header(name: str) -> None:
    q = load_catalog("sparql")[name]
    assert q.question.endswith("?")
    assert sorted(query_params(q.text)) == sorted(q.params)
    for p in q.params.values():
        assert p.example is not None or p.default is not None


def test_units_roll_up_through_part_of_claims(bundled: KnowledgeGraph) -> None:
    # HSI and ERO are part of ICE, which is part of DHS: DHS deals with what ICE and HSI deal with
    dhs = rows("agency-dealings", {"agency": "agency:dhs"}, bundled)
    assert {r[0] for r in dhs} == {"U.S. Department of Homeland Security",
                                   "U.S. Immigration and Customs Enforcement", "Homeland Security Investigations"}
    # ICE denies the Amazon contract
    contract = ("U.S. Immigration and Customs Enforcement", "CONTRACTED_WITH->", "Amazon", "denied")
    assert contract not in {(r[0], r[1], r[2], r[10]) for r in dhs}
    assert contract in {(r[0], r[1], r[2], r[10]) for r in rows(
        "agency-dealings", {"agency": "DHS", "include_denied": "true"}, bundled)}


@pytest.fixture(scope="module")
def denials(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    from test_queries import DENIALS

    path = tmp_path_factory.mktemp("denials") / "denials.yaml"
    path.write_text(DENIALS, "utf-8")
    return api.load([path], bundled=False, show_progress=False)


@pytest.mark.parametrize("name,params,on_small", DENIED_SHOWN,
                         ids=[f"{n}:{','.join(p.values())}:{'small' if s else 'bundled'}"
                              for n, p, s in DENIED_SHOWN])
def test_denied_claims_only_when_asked(name: str, params: dict[str, str], on_small: bool,
                                       bundled: KnowledgeGraph, denials: KnowledgeGraph) -> None:
    """By default no row rests on a denied claim; include_denied=true shows them, with their
    status."""
    graph = denials if on_small else bundled
    default = api.sparql(name, params, graph)
    everything = api.sparql(name, {**params, "include_denied": "true"}, graph)
    assert "status" in default.variables and everything.variables == default.variables
    i = default.variables.index("status")
    assert not any("denied" in term_text(row[i]) for row in default.rows)
    assert any("denied" in term_text(row[i]) for row in everything.rows)


def test_denied_units_and_dealings_stay_out(denials: KnowledgeGraph) -> None:
    # Unit A's PART_OF is denied: its dealings and Top Agency's denied contract stay out
    def dealings(**p: str) -> list[tuple[str, ...]]:
        return sorted((r[0], r[1], r[2], r[10]) for r in rows("agency-dealings", {"agency": "Top Agency", **p},
                                                              denials))

    assert dealings() == [("Unit B", "USES->", "Tool", "reported")]
    assert dealings(include_denied="true") == [
        ("Top Agency", "CONTRACTED_WITH->", "Vendor Inc", "denied"),
        ("Unit A", "<-MARKETED_TO", "Vendor Inc", "confirmed"), ("Unit A", "USES->", "Tool", "confirmed"),
        ("Unit B", "USES->", "Tool", "reported")]
    assert rows("units", {"agency": "Top Agency"}, denials) == [
        ("unit", "Unit B", "1", "Top Agency", "alleged", "s1")]
    assert sorted(rows("units", {"agency": "Top Agency", "include_denied": "true"}, denials)) == [
        ("unit", "Unit A", "1", "Top Agency", "denied", "s1"), ("unit", "Unit B", "1", "Top Agency", "alleged", "s1")]


def test_every_query_shows_the_status(bundled: KnowledgeGraph) -> None:
    for name, (params, _) in EXPECTED.items():
        assert "status" in api.sparql(name, params, bundled).variables, name


def test_include_denied_is_bound_as_a_boolean() -> None:
    from watchgraph.queries.sparql_params import prepare

    assert "FILTER (false || ?st != wg:Denied)" in prepare("contracts", {})
    assert "FILTER (0 = 0 || ?amount >= 0)" in prepare("contracts", {})
    assert "FILTER (true || ?st != wg:Denied)" in prepare("contracts", {"include_denied": "True"})
    with pytest.raises(UsageError, match="^parameter 'include_denied' of query contracts is true or "
                                         "false, not '1'$"):
        prepare("contracts", {"include_denied": "1"})


def test_parameters_cannot_change_the_query() -> None:
    text = 'SELECT * WHERE { ?s ?p $x . FILTER(?s != "$x") } # $x\n'
    evil = '" } ; DROP ALL ; SELECT * { "'
    bound = bind(text, {"x": evil})
    assert bound == ('SELECT * WHERE { ?s ?p "\\" } ; DROP ALL ; SELECT * { \\"" . '
                     'FILTER(?s != "$x") } # $x\n')



def test_sparql_table(runner: CliRunner) -> None:
    assert run(runner, "sparql", "contracts", "--param", "minAmount=10000") == (0, """\
buyer                            vendor        product           amount  currency  seats  months  since  until  status     sources
Broward Sheriff's Office         Clearview AI  Clearview AI app  15000   USD                                    reported   nbc6-south-florida-clearview
City of Miami Police Department  Clearview AI  Clearview AI app  12000   USD              12      2020          confirmed  nbc6-south-florida-clearview
""", "")


def test_sparql_csv_and_json(runner: CliRunner, small: Path) -> None:
    query = ("PREFIX schema: <http://schema.org/> SELECT ?e ?name WHERE { ?e schema:name ?name ; "
             "schema:alternateName $alias }")
    result = runner.invoke(cli, ["sparql", query, "--param", "alias=NYPD", "--format", "csv",
                                 "--no-bundled", "--data", str(small)])
    assert (result.exit_code, result.stdout_bytes) == (
        0, b"e,name\r\nhttps://w3id.org/watchgraph/id/agency/nypd,New York City Police Department\r\n")
    code, out, _ = run(runner, "sparql", query, "--param", "alias=NYPD", "--format", "json", "--no-bundled",
                       "--data", str(small))
    assert json.loads(out) == {"head": {"vars": ["e", "name"]}, "results": {"bindings": [
        {"e": {"type": "uri", "value": "https://w3id.org/watchgraph/id/agency/nypd"},
         "name": {"type": "literal", "value": "New York City Police Department"}}]}}
    code, out, _ = run(runner, "sparql", "ASK { ?s ?p ?o }", "--no-bundled", "--data", str(small))
    assert (code, out) == (0, "true\n")
    code, out, _ = run(runner, "sparql", "PREFIX schema: <http://schema.org/> SELECT ?e WHERE "
                       "{ ?e schema:name ?n } ORDER BY ?n", "--no-bundled", "--data", str(small))
    assert (code, out) == (0, "e\ncompany:clearview-ai\nproduct:clearview-app\nagency:nypd\n")


def test_sparql_construct_is_turtle(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, "sparql", "PREFIX wg: <https://w3id.org/watchgraph/ns#> CONSTRUCT "
                       "WHERE { ?a wg:develops ?b }", "--no-bundled", "--data", str(small))
    assert code == 0 and out.endswith(
        "<https://w3id.org/watchgraph/id/company/clearview-ai> wg:develops "
        "<https://w3id.org/watchgraph/id/product/clearview-app> .\n")
    # the small dataset's use is disputed: no direct triple asserts it, its resource says so
    code, out, _ = run(runner, "sparql", "PREFIX wg: <https://w3id.org/watchgraph/ns#> CONSTRUCT "
                       "WHERE { ?a wg:uses ?b }", "--no-bundled", "--data", str(small))
    assert (code, out) == (0, "")
    code, out, _ = run(runner, "sparql", "PREFIX wg: <https://w3id.org/watchgraph/ns#> SELECT ?status "
                       "WHERE { ?r a wg:USES ; wg:status ?status }", "--no-bundled", "--data", str(small))
    assert (code, out) == (0, "status\nwg:Disputed\n")


def test_sparql_list(runner: CliRunner) -> None:
    code, out, _ = run(runner, "sparql", "--list")
    assert code == 0
    assert out.startswith("agency-dealings: How does an agency (or one of its units) deal with vendors "
                          "and products: every relationship between them (uses, contracts, pitches to it, "
                          "meetings, data flows, tests)?\n    --param agency (entity): ")
    assert "    --param day (date): the day, YYYY-MM-DD (example: 2019-01-15)\n" in out


@pytest.mark.parametrize("args,code,message", [
    (["disputed-claim"], 2, "Error: no sparql query named 'disputed-claim'; did you mean disputed-claims? "
                            "(`--list` shows them all)"),
    (["agency-dealings"], 2, "Error: missing parameter 'agency' for query agency-dealings "
                             "(example: --param agency=NYPD)"),
    (["agency-dealings", "--param", "agency=NYDP"], 1, "Error: no entity named 'NYDP'; did you mean "
                                                          "'NYPD Identity Theft Team', 'NYPD'?"),
    (["true-on-date", "--param", "day=2019-01"], 2, "Error: parameter 'day' of query true-on-date is a "
                                                    "day written YYYY-MM-DD, not '2019-01'"),
    (["SELECT ?x WHERE { ?x ?y }"], 2, "Error: SPARQL syntax error: error at 1:26: expected one of "
                                       "LATERAL, SERVICE, [_]"),
    (["SELECT * WHERE { ?s ?p ?o }", "--param", "x=1"], 2,
     "Error: --param x: the query has no $x (it uses no $parameters)"),
    ([], 2, "Error: give a query name or SPARQL text; `watchgraph sparql --list` lists the library"),
    (["disputed-claims", "--endpoint", "ftp://x"], 2,
     "Error: --endpoint 'ftp://x' is not an http(s) URL; e.g. http://127.0.0.1:7878/query"),
])
def test_sparql_mistakes(runner: CliRunner, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(cli, ["sparql", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message + "\n")
