"""The JSON interchange format: a round trip through the loader loses nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import names, one_contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchgraph import api
from watchgraph.exporters.json import graph_dict
from watchgraph.graph.store import KnowledgeGraph


def test_round_trip_of_the_bundled_graph(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    api.export_json(bundled, out)
    again = api.load([out], bundled=False, show_progress=False)
    assert graph_dict(again) == graph_dict(bundled)
    assert list(again.relationships()) == list(bundled.relationships())
    assert list(again.entities()) == list(bundled.entities())
    assert again.sources == bundled.sources


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, note=names, amount=st.integers(min_value=0, max_value=10**9))
def test_round_trip_of_any_text(tmp_path: Path, name: str, note: str, amount: int) -> None:
    data = one_contract(tmp_path / "d.json", name, note, amount)
    graph = api.load([data], bundled=False, show_progress=False)
    out = tmp_path / "out.json"
    api.export_json(graph, out)
    again = api.load([out], bundled=False, show_progress=False)
    assert graph_dict(again) == graph_dict(graph)
    assert again.entity("agency:a").name == name
    assert again.relationship("contracted_with:agency:a:company:b").properties["amount"] == amount
