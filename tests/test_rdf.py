"""The RDF export: every format parses to the same graph, nothing is lost on the way back,
the export conforms to the SHACL shapes generated from the schema, IRIs are stable."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import rdflib
from click.testing import CliRunner
from conftest import names, one_contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from watchgraph import api
from watchgraph.cli import cli
from watchgraph.exporters.json import graph_dict
from watchgraph.exporters.rdf import FORMATS, SUFFIXES
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.rdf.mapping import Iris, rdf_map
from watchgraph.rdf.shacl import shapes_graph
from watchgraph.rdf.store import to_rdflib
from watchgraph.rdf.vocabulary import jsonld_context

WG = rdflib.Namespace("https://w3id.org/watchgraph/ns#")
SDO = rdflib.Namespace("http://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
ID = rdflib.Namespace("https://w3id.org/watchgraph/id/")
RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


def by_id(doc: dict[str, Any]) -> dict[str, Any]:
    """The interchange document with its records in id order (RDF keeps no record order)."""
    return {k: sorted(v, key=lambda r: r["id"]) if isinstance(v, list) else v for k, v in doc.items()}


def parse(path: Path, fmt: str) -> rdflib.Graph:
    """A file parsed by rdflib; a TriG file's named graphs merged into one."""
    if fmt == "trig":
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
        merged = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return rdflib.Graph().parse(path, format=RDFLIB_FORMAT[fmt])


@pytest.fixture(scope="module")
def exported(bundled: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled graph exported in every format."""
    folder = tmp_path_factory.mktemp("rdf")
    return {fmt: Path(api.export_rdf(bundled, folder / f"graph{SUFFIXES[fmt]}", fmt).target)
            for fmt in FORMATS}


@pytest.fixture(scope="module")
def reference(bundled: KnowledgeGraph) -> rdflib.Graph:
    return to_rdflib(bundled)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_to_the_same_graph(fmt: str, exported: dict[str, Path],
                                               reference: rdflib.Graph) -> None:
    graph = parse(exported[fmt], fmt)
    assert len(graph) == len(reference) > 4000
    assert isomorphic(graph, reference)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_loses_nothing(fmt: str, exported: dict[str, Path], bundled: KnowledgeGraph) -> None:
    again = api.load([exported[fmt]], bundled=False, show_progress=False)
    assert by_id(graph_dict(again)) == by_id(graph_dict(bundled))
    assert again.sources == bundled.sources


def test_round_trip_keeps_the_order_in_turtle(exported: dict[str, Path], bundled: KnowledgeGraph) -> None:
    again = api.load([exported["turtle"]], bundled=False, show_progress=False)
    assert graph_dict(again) == graph_dict(bundled)


def test_the_export_conforms_to_the_shapes(reference: rdflib.Graph, bundled: KnowledgeGraph) -> None:
    conforms, _, text = pyshacl.validate(reference, shacl_graph=shapes_graph(bundled.schema))
    assert conforms, text


@pytest.mark.parametrize("change", ["no status", "unknown property", "disputed without a disputing source",
                                    "direct triple to the wrong type", "mode not in the enum",
                                    "date without its precision", "id without its prefix"])
def test_the_shapes_catch_mistakes(change: str, bundled: KnowledgeGraph) -> None:
    g = to_rdflib(bundled)
    rel = ID["rel/uses/agency/nypd/product/clearview-app/after-trial"]
    nypd = ID["agency/nypd"]
    if change == "no status":
        g.remove((rel, WG.status, None))
    elif change == "unknown property":
        g.add((rel, WG.colour, rdflib.Literal("red")))
    elif change == "disputed without a disputing source":
        g.remove((rel, WG.disputedBy, None))
    elif change == "direct triple to the wrong type":
        g.add((nypd, WG.uses, ID["agency/ice"]))
    elif change == "mode not in the enum":
        g.set((rel, WG.mode, rdflib.Literal("borrowed")))
    elif change == "date without its precision":
        g.set((rel, SDO.startDate, rdflib.Literal("2019-03")))
    else:
        g.set((nypd, rdflib.DCTERMS.identifier, rdflib.Literal("nypd")))
    conforms, _, _ = pyshacl.validate(g, shacl_graph=shapes_graph(bundled.schema))
    assert not conforms


def test_source_ids_list_the_cited_sources_in_citation_order(reference: rdflib.Graph) -> None:
    """wg:sourceIds, derived for listing a claim's sources in one step, says what the citations say."""
    g = reference
    several = 0
    for rel in g.subjects(rdflib.RDF.type, WG.Relationship):
        citations = sorted(g.objects(rel, PROV.qualifiedInfluence), key=lambda c: int(g.value(c, SDO.position)))
        cited = list(dict.fromkeys(str(g.value(g.value(c, PROV.entity), rdflib.DCTERMS.identifier)) for c in citations))
        assert str(g.value(rel, WG.sourceIds)).split(" ") == cited, rel
        assert g.value(rel, WG.sourceCount) == rdflib.Literal(len(cited))
        several += len(cited) > 1
    assert several  # the bundled data has claims with more than one source


def test_each_relationship_is_a_resource_and_a_plain_fact_only_when_it_is_one(
        reference: rdflib.Graph, bundled: KnowledgeGraph) -> None:
    g = reference
    nypd, app = ID["agency/nypd"], ID["product/clearview-app"]
    rel = ID["rel/uses/agency/nypd/product/clearview-app/after-trial"]
    assert set(g.objects(rel, rdflib.RDF.type)) == {WG.Relationship, WG.USES}
    assert (g.value(rel, rdflib.RDF.subject), g.value(rel, rdflib.RDF.predicate),
            g.value(rel, rdflib.RDF.object)) == (nypd, WG.uses, app)
    assert g.value(rel, WG.status) == WG.Disputed
    assert g.value(rel, SDO.startDate) == rdflib.Literal("2019-03", datatype=rdflib.XSD.gYearMonth)
    assert g.value(rel, WG.validFrom) == rdflib.Literal("2019-03-01", datatype=rdflib.XSD.date)
    assert g.value(rel, WG.validTo) is None  # the article gives no end
    assert g.value(rel, WG.sourceCount) == rdflib.Literal(1)  # four citations, all of one source
    assert g.value(rel, WG.citationCount) == rdflib.Literal(4)
    assert g.value(rel, WG.sourceIds) == rdflib.Literal("nypd-clearview-emails")
    citations = sorted(g.objects(rel, PROV.qualifiedInfluence), key=lambda c: int(g.value(c, SDO.position)))
    source = ID["source/nypd-clearview-emails"]
    assert [(g.value(c, PROV.entity), g.value(c, PROV.hadRole), str(g.value(c, WG.locator)))
            for c in citations] == [(source, WG.Supports, "para 2"), (source, WG.Supports, "para 4"),
                                    (source, WG.Supports, "para 7"), (source, WG.Disputes, "para 4")]
    assert all(g.value(c, WG.quote) for c in citations)
    assert (rel, PROV.wasDerivedFrom, source) in g and (rel, WG.disputedBy, source) in g
    # the trial is confirmed: a plain fact too
    assert (nypd, WG.uses, app) in g
    assert (ID["agency/nypd-fis"], rdflib.URIRef("http://www.w3.org/ns/org#subOrganizationOf"), nypd) in g
    # no alleged, disputed or denied claim is asserted as a plain triple; every other one is
    m = rdf_map(bundled.schema)
    for r in bundled.relationships():
        direct = (ID[r.source.replace(":", "/", 1)], rdflib.URIRef(m.rel_predicate[r.type]),
                  ID[r.target.replace(":", "/", 1)])
        plain_elsewhere = any(o.status in ("confirmed", "reported") for o in bundled.relationships(r.type)
                              if (o.source, o.target) == (r.source, r.target))
        assert (direct in g) == plain_elsewhere, r.id


def test_the_vocabulary_and_void_are_part_of_the_export(reference: rdflib.Graph,
                                                        bundled: KnowledgeGraph) -> None:
    g = reference
    assert str(g.value(WG.uses, rdflib.RDFS.label)) == "uses"
    assert g.value(WG.Agency, rdflib.RDFS.subClassOf) == SDO.GovernmentOrganization
    assert str(g.value(WG.Disputed, rdflib.SKOS.definition)).startswith("Sources disagree")
    dataset = ID["void#dataset"]
    void_triples = {t for t in g if str(t[0]).startswith(str(ID["void#"]))}
    assert int(g.value(dataset, VOID.triples)) == len(g) - len(void_triples)
    assert int(g.value(dataset, VOID.entities)) == len(bundled)
    assert g.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("http://127.0.0.1:7878/query")
    assert g.value(dataset, VOID.dataDump) == ID["graph.nt"]
    assert set(g.objects(dataset, VOID.vocabulary)) >= {rdflib.URIRef("http://schema.org/"), WG[""]}


def test_iris_do_not_depend_on_names(write: Callable[..., Path], small: Path) -> None:
    renamed = write(small.read_text("utf-8").replace("New York City Police Department", "NYC Police"),
                    "renamed.yaml")
    a = to_rdflib(api.load([small], bundled=False, show_progress=False))
    b = to_rdflib(api.load([renamed], bundled=False, show_progress=False))
    assert set(a.subjects()) == set(b.subjects())
    assert not isomorphic(a, b)


def test_base_iri(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.nt"
    result = runner.invoke(cli, ["export", "rdf", "-o", str(out), "--base-iri", "https://example.org/wg/",
                                 "--no-bundled", "--data", str(small)])
    assert result.exit_code == 0
    subjects = {str(s) for s in rdflib.Graph().parse(out, format="nt").subjects()}
    assert "https://example.org/wg/agency/nypd" in subjects
    again = api.load([out], bundled=False, show_progress=False)
    assert graph_dict(again) == graph_dict(api.load([small], bundled=False, show_progress=False))


def test_export_rdf_cli(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["export", "rdf", "-o", str(out), "--no-bundled", "--data", str(small)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"wrote {out}: 659 triples\n", "")
    text = out.read_text("utf-8")
    assert "@prefix schema: <http://schema.org/> .\n" in text
    assert "\n<agency/nypd> a wg:Agency , schema:GovernmentOrganization ;\n" in text
    assert text.count("\n<agency/nypd> ") == 1  # one group per subject
    jsonld = tmp_path / "g.json-ld"
    result = runner.invoke(cli, ["export", "rdf", "-o", str(jsonld), "--format", "jsonld", "--no-bundled",
                                 "--data", str(small)])
    assert result.exit_code == 0
    doc = json.loads(jsonld.read_text("utf-8"))
    assert doc["@context"] == jsonld_context(api.load([small], bundled=False, show_progress=False).schema,
                                             Iris())
    nypd = next(n for n in doc["@graph"] if n["@id"] == "agency:nypd")
    assert (nypd["name"], nypd["alternateName"]) == ("New York City Police Department", ["NYPD"])
    assert "uses" not in nypd  # the use is disputed: a resource, never a plain fact


def test_the_published_context_is_current(bundled: KnowledgeGraph) -> None:
    """docs/context.jsonld is what CONTEXT_URL serves: the context for the default base IRI."""
    published = json.loads((Path(__file__).parents[1] / "docs" / "context.jsonld").read_text("utf-8"))
    assert published == {"@context": jsonld_context(bundled.schema, Iris())}, (
        "regenerate docs/context.jsonld from watchgraph.rdf.vocabulary.jsonld_context")


def test_export_rdf_mistakes(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("old", "utf-8")
    result = runner.invoke(cli, ["export", "rdf", "-o", str(out), "--base-iri", "urn:x", "--no-bundled",
                                 "--data", str(small)])
    assert (result.exit_code, result.stderr) == (
        2, "Error: --base-iri 'urn:x' is not a usable base IRI; give an http(s) IRI ending in / "
           "(the default is https://w3id.org/watchgraph/id/)\n")
    result = runner.invoke(cli, ["export", "rdf", "-o", str(out), "--endpoint-url", "localhost:7878"])
    assert (result.exit_code, result.stderr) == (
        2, "Error: --endpoint-url 'localhost:7878' is not an http(s) IRI; write it in full, without "
           "spaces, e.g. https://example.org/sparql\n")
    result = runner.invoke(cli, ["export", "rdf", "-o", str(out), "--format", "rdfxml"])
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.stderr
    assert out.read_text("utf-8") == "old"


def test_a_broken_rdf_file_is_one_line(runner: CliRunner, write: Callable[..., Path]) -> None:
    bad = write("<a> <b> .\n", "bad.nt")
    result = runner.invoke(cli, ["validate", "--no-bundled", "--data", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:1: RDF syntax error: ")
    assert len(result.stderr.splitlines()) == 1
    other = write('<http://e.org/a> <http://e.org/b> "c" .\n', "other.nt")
    result = runner.invoke(cli, ["validate", "--no-bundled", "--data", str(other)])
    assert (result.exit_code, result.stderr) == (
        1, f"{other}:1: no watchgraph entities, relationships or sources in this RDF; "
           "load a file written by `watchgraph export rdf`\n")




@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, note=names, amount=st.one_of(st.integers(0, 10**12), st.floats(0, 1e9)))
def test_round_trip_of_any_text_and_amount(tmp_path: Path, name: str, note: str, amount: float) -> None:
    data = one_contract(tmp_path / "d.json", name, note, amount)
    graph = api.load([data], bundled=False, show_progress=False)
    for fmt in ("turtle", "jsonld"):
        out = tmp_path / f"out{SUFFIXES[fmt]}"
        api.export_rdf(graph, out, fmt)
        again = api.load([out], bundled=False, show_progress=False)
        assert graph_dict(again) == graph_dict(graph)
