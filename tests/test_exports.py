"""GEXF, GraphML and CSV exports: exact content on the small dataset, parsed back with
networkx and csv, formula-like cells neutralized, and outputs written atomically."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import run

from watchgraph import api
from watchgraph.exporters.csv import cell
from watchgraph.graph.store import KnowledgeGraph


@pytest.fixture
def small_graph(small: Path) -> KnowledgeGraph:
    return api.load([small], bundled=False, show_progress=False)


def test_gexf_is_dynamic_with_types_and_statuses(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.gexf"
    assert api.export(small_graph, "gexf", output=out).counts == {"nodes": 3, "edges": 2}
    text = out.read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'
                           '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n')
    assert ('  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" '
            'timerepresentation="interval">\n') in text
    assert ('      <edge id="uses:agency:nypd:product:clearview-app" source="agency:nypd" '
            'target="product:clearview-app" kind="USES" label="USES" start="2018-12-01" '
            'end="2019-03-31">\n'
            '        <attvalues>\n'
            '          <attvalue for="type" value="USES"/>\n'
            '          <attvalue for="status" value="disputed"/>\n'
            '          <attvalue for="sources" value="s1"/>\n'
            '          <attvalue for="mode" value="trial"/>\n'
            '          <attvalue for="start" value="2018-12"/>\n'
            '          <attvalue for="end" value="2019-03"/>\n'
            '          <attvalue for="searchesMin" value="500"/>\n'
            '          <attvalue for="searchesMax" value="1000"/>\n'
            '        </attvalues>\n'
            '      </edge>\n') in text
    assert ('      <edge id="develops:company:clearview-ai:product:clearview-app" '
            'source="company:clearview-ai" target="product:clearview-app" kind="DEVELOPS" '
            'label="DEVELOPS">\n') in text
    g = nx.read_gexf(out)
    assert g.graph["mode"] == "dynamic"
    assert dict(g.nodes["agency:nypd"]) == {"type": "Agency", "aliases": "NYPD",
                                            "label": "New York City Police Department"}
    uses = g.edges["agency:nypd", "product:clearview-app"]
    assert (uses["start"], uses["end"], uses["status"], uses["searchesMax"]) == \
        ("2018-12-01", "2019-03-31", "disputed", 1000)


def _edge_ids(g: nx.MultiDiGraph) -> list[str]:
    """The edge ids networkx read: GraphML's are the multigraph's keys, GEXF's a data value
    (a `mutual` GEXF edge is read both ways, the second time without its id)."""
    return [d.get("id", k) for _, _, k, d in g.edges(keys=True, data=True)
            if "id" in d or not isinstance(k, int)]


def test_gexf_and_graphml_of_the_bundled_graph_parse(bundled: KnowledgeGraph, tmp_path: Path) -> None:
    n_rels = sum(1 for _ in bundled.relationships())
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"g.{fmt}"
        api.export(bundled, fmt, output=out)
        g = read(out)
        assert g.number_of_nodes() == len(bundled)
        ids = _edge_ids(g)
        assert set(ids) == {r.id for r in bundled.relationships()}
        assert len(set(ids)) == n_rels
    undirected = [r for r in bundled.relationships() if not bundled.schema.relationships[r.type].directed]
    assert undirected
    text = (tmp_path / "g.gexf").read_text("utf-8")
    assert f'<edge id="{undirected[0].id}"' in text and 'type="mutual"' in text
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert {k for _, _, k, d in g.edges(keys=True, data=True) if not d["directed"]} == \
        {r.id for r in undirected}


def test_graphml_exact(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    api.export(small_graph, "graphml", output=out)
    text = out.read_text("utf-8")
    assert '  <key id="e_searchesMin" for="edge" attr.name="searchesMin" attr.type="long"/>\n' in text
    assert text.endswith(
        '    <edge id="develops:company:clearview-ai:product:clearview-app" '
        'source="company:clearview-ai" target="product:clearview-app">\n'
        '      <data key="e_type">DEVELOPS</data>\n'
        '      <data key="e_directed">true</data>\n'
        '      <data key="e_status">reported</data>\n'
        '      <data key="e_sources">s1</data>\n'
        '    </edge>\n'
        '  </graph>\n</graphml>\n')
    g = nx.read_graphml(out)
    assert dict(g.nodes["agency:nypd"]) == {"name": "New York City Police Department",
                                            "type": "Agency", "aliases": "NYPD"}
    assert g.edges["agency:nypd", "product:clearview-app"]["searchesMin"] == 500


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_folder(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    written = api.export(small_graph, "csv", output=out)
    assert written.counts == {"nodes": 3, "edges": 2, "sources": 1, "citations": 3}
    assert sorted(p.name for p in out.iterdir()) == ["citations.csv", "edges.csv", "nodes.csv",
                                                      "sources.csv"]
    assert _rows(out / "citations.csv") == [
        ["relationship", "n", "source", "stance", "locator", "quote", "note"],
        ["uses:agency:nypd:product:clearview-app", "1", "s1", "supports", "para 1",
         "the emails show a trial", "Emails show a trial."],
        ["uses:agency:nypd:product:clearview-app", "2", "s1", "disputes", "para 4",
         "we never used it", "The department denied it."],
        ["develops:company:clearview-ai:product:clearview-app", "1", "s1", "supports", "para 2",
         "the company makes the app", "The company makes the app."]]
    assert _rows(out / "sources.csv") == [
        ["id", "title", "publisher", "published", "kind", "url", "archiveUrl", "author", "note"],
        ["s1", "A story", "A paper", "2020-05", "news", "", "", "", ""]]
    nodes = [dict(zip(*(_rows(out / "nodes.csv")[0], row), strict=True))
             for row in _rows(out / "nodes.csv")[1:]]
    assert [(n["id"], n["type"], n["name"], n["aliases"]) for n in nodes] == [
        ("agency:nypd", "Agency", "New York City Police Department", "NYPD"),
        ("company:clearview-ai", "Company", "Clearview AI", ""),
        ("product:clearview-app", "Product", "Clearview AI app", "")]
    header, *edges = _rows(out / "edges.csv")
    uses = {k: v for k, v in zip(header, edges[0], strict=True) if v}
    assert uses == {"id": "uses:agency:nypd:product:clearview-app", "type": "USES",
                    "source": "agency:nypd", "target": "product:clearview-app",
                    "directed": "true", "status": "disputed", "sources": "s1",
                    "start": "2018-12", "end": "2019-03", "mode": "trial",
                    "searchesMin": "500", "searchesMax": "1000"}


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+2", "'+1+2"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-3", "-3"), ("-2.5", "-2.5"), ("a=b", "a=b"), (["=x", "y"], "'=x; y"), (True, "true"),
    (None, "")])
def test_formula_like_cells_are_neutralized(value: object, written: str) -> None:
    assert cell(value) == written


def test_csv_cells_of_the_data_are_neutralized(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import SMALL

    data = write(SMALL.replace("name: New York City Police Department",
                                    "name: \"=cmd|' /C calc'!A0\"")
                      .replace("title: A story", "title: \"@SUM(1+1)\""), "f.yaml")
    graph = api.load([data], bundled=False, show_progress=False)
    out = tmp_path / "t"
    api.export(graph, "csv", output=out)
    assert _rows(out / "nodes.csv")[1][2] == "'=cmd|' /C calc'!A0"
    assert _rows(out / "sources.csv")[1][1] == "'@SUM(1+1)"


def test_csv_refuses_a_folder_it_did_not_write(small: Path, tmp_path: Path,
                                               runner: CliRunner) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    code, out, err = run(runner, "export", "csv", "--no-bundled", "--data", str(small),
                         "-o", str(folder))
    assert code == 2
    assert err == (f"Error: {folder} is not empty and was not written by watchgraph; "
                   "give a new or empty folder\n")
    assert (folder / "keep.txt").read_text() == "x"
    code, out, err = run(runner, "export", "csv", "--no-bundled", "--data", str(small),
                         "-o", str(tmp_path / "t"))
    assert (code, out) == (0, f"wrote {tmp_path / 't'}: 3 nodes, 2 edges, 1 source, 3 citations\n")
    code, out, _ = run(runner, "export", "csv", "--no-bundled", "--data", str(small),
                       "-o", str(tmp_path / "t"))
    assert code == 0


def test_gexf_and_graphml_commands(small: Path, tmp_path: Path, runner: CliRunner) -> None:
    for fmt in ("gexf", "graphml"):
        out = tmp_path / f"g.{fmt}"
        assert run(runner, "export", fmt, "--no-bundled", "--data", str(small), "-o", str(out)) == \
            (0, f"wrote {out}: 3 nodes, 2 edges\n", "")
