"""Property types are classes in a registry: adding one is one class, and every view takes
it up (validation, RDF literals, SHACL, the property-graph columns, the text reports)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import rdflib
import yaml

from watchgraph.api import graph_from_dataset
from watchgraph.errors import DataError
from watchgraph.graph import types
from watchgraph.graph.describe import facts
from watchgraph.graph.schema import PropertySpec, Schema, parse_schema
from watchgraph.graph.types import XSD_DECIMAL, Lit, PropertyType, ValueProblem, property_type
from watchgraph.loaders.dataset import load_dataset
from watchgraph.propertygraph.shape import Shape
from watchgraph.rdf.shacl import shapes_graph


class Percent(PropertyType):
    """A share from 0 to 100 (the fixture's new type)."""

    name = "percent"
    words = "a percentage from 0 to 100"
    column = "float"
    datatypes = (XSD_DECIMAL,)

    def check(self, spec: PropertySpec, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
            return float(value)
        raise self.unfit(spec, value)

    def literals(self, value: Any) -> list[Lit]:
        return [Lit(f"{value:g}", XSD_DECIMAL)]

    def display(self, value: Any) -> str:
        return f"{value:g}%"


@pytest.fixture
def schema() -> Iterator[Schema]:
    types.register(Percent)
    raw = yaml.safe_load(resources.files("watchgraph.graph").joinpath("schema.yaml").read_text())
    raw["relationships"]["USES"]["properties"]["share"] = {
        "type": "percent", "description": "The share of searches that used it."}
    try:
        yield parse_schema(raw)
    finally:
        types._REGISTRY.pop("percent")


DATA = """\
sources: [{id: s1, title: T, publisher: P, kind: news}]
entities:
  - {id: agency:a, type: Agency, name: A}
  - {id: product:p, type: Product, name: P}
relationships:
  - {type: USES, from: agency:a, to: product:p, mode: trial, status: reported, share: 40,
     citations: [{source: s1, quote: forty percent of searches}]}
"""


def test_a_new_type_is_one_class(schema: Schema, write: Callable[..., Path]) -> None:
    ds = load_dataset([write(DATA, "share.yaml")], bundled=False, schema=schema, show_progress=False)
    graph = graph_from_dataset(ds, schema)
    rel = next(graph.relationships())
    assert rel.properties["share"] == 40.0
    assert "share: 40%" in facts(graph, rel)  # display
    assert Shape.of(schema).rel_columns["USES"]["share"] == "float"  # Neo4j, neo4j-admin, LadybugDB
    spec = schema.relationship_property("USES", "share")
    assert spec is not None and spec.kind.literals(40.0) == [Lit("40", XSD_DECIMAL)]  # RDF
    shapes = shapes_graph(schema)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    share = rdflib.URIRef("https://w3id.org/watchgraph/ns#share")
    node = next(shapes.subjects(sh.path, share))
    assert shapes.value(node, sh.datatype) == rdflib.URIRef(XSD_DECIMAL)  # SHACL
    with pytest.raises(DataError) as err:
        load_dataset([write(DATA.replace("share: 40", "share: 140"), "bad.yaml")], bundled=False,
                     schema=schema, show_progress=False)
    assert err.value.lines() == [f"{err.value.problems[0].file}:6: share must be a percentage from "
                                 "0 to 100, not number 140; write a percentage from 0 to 100"]


def test_every_declared_type_is_registered() -> None:
    for name in ("string", "text", "integer", "number", "boolean", "date", "url", "currency",
                 "enum", "ref", "list"):
        assert property_type(name).name == name
    spec = PropertySpec("n", "integer")
    with pytest.raises(ValueProblem) as exc:
        property_type("integer").check(spec, "5")
    assert (exc.value.message, exc.value.hint) == (
        "n must be a whole number, not '5'", "write the number without quotes, commas or units")
