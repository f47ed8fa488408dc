"""The graph cache: the same data loaded again comes back as the same graph, any change to
the data, to a file a loader reads beside it, to `strict` or to the code is a miss, and a
broken cache file is loaded again, never a traceback."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run
from test_spreadsheet import sheet

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.loaders import graph_cache
from watchgraph.loaders.dataset import build_graph, load_dataset


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WATCHGRAPH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "graph"


def content(graph: KnowledgeGraph) -> tuple[object, ...]:
    """Everything a graph holds, in its order."""
    return (list(graph.entities()), list(graph.relationships()), graph.sources,
            [p.text() for p in graph.warnings], graph.loaded_files, graph.inputs,
            {e.id: graph.relationships_of(e.id) for e in graph.entities()})


def cached(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.graph"))


def no_loading(*args: object, **kwargs: object) -> None:
    raise AssertionError("the data was loaded again")


def test_the_same_data_comes_back_from_the_cache(cache: Path, small: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = api.load([small], bundled=False, show_progress=False)
    assert len(cached(cache)) == 1
    with monkeypatch.context() as m:
        m.setattr("watchgraph.loaders.dataset.load_dataset", no_loading)
        again = api.load([small], bundled=False, show_progress=False)
    assert content(again) == content(first)
    fresh = build_graph(load_dataset([small], bundled=False, show_progress=False))
    assert content(again) == content(fresh)
    assert again.resolve("NYPD").id == "agency:nypd"
    assert again.from_inputs() == fresh.from_inputs()


def test_warnings_are_cached_with_the_graph(cache: Path, write: Callable[..., Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("""\
        sources: [{id: s1, title: T, publisher: P, kind: news}]
        entities:
          - {id: agency:a, type: Agency, name: A}
          - {id: company:b, type: Company, name: B}
        relationships:
          - {type: CONTRACTED_WITH, from: agency:a, to: company:b, status: reported,
             citations: [{source: s1}]}
        """)
    first = api.load([path], bundled=False, show_progress=False).warnings
    monkeypatch.setattr("watchgraph.loaders.dataset.load_dataset", no_loading)
    again = api.load([path], bundled=False, show_progress=False).warnings
    assert len(again) == len(first) == 1
    assert [p.text() for p in again] == [p.text() for p in first]
    assert "the citation has no quote" in str(again[0])


def test_a_changed_file_is_a_miss(cache: Path, small: Path) -> None:
    api.load([small], bundled=False, show_progress=False)
    small.write_text(small.read_text("utf-8").replace("searchesMax: 1000", "searchesMax: 900"),
                     "utf-8")
    graph = api.load([small], bundled=False, show_progress=False)
    uses = next(graph.relationships("USES"))
    assert uses.properties["searchesMax"] == 900
    assert len(cached(cache)) == 2


def test_strict_and_the_code_are_part_of_the_key(cache: Path, small: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    key = graph_cache.graph_key([small], False, False)
    assert graph_cache.graph_key([small], False, False) == key
    assert graph_cache.graph_key([small], False, True) != key
    assert graph_cache.graph_key([small], True, False) != key
    monkeypatch.setattr(graph_cache, "code_fingerprint", lambda: "other code or schema")
    assert graph_cache.graph_key([small], False, False) != key


def test_a_file_read_beside_another_is_part_of_the_key(cache: Path, tmp_path: Path) -> None:
    folder = sheet(tmp_path)
    files = [folder / "sources.csv", folder / "entities.csv", folder / "relationships.csv"]
    first = api.load(files, bundled=False, show_progress=False)  # citations.csv read beside
    assert len(cached(cache)) == 1
    citations = folder / "citations.csv"
    citations.write_text(citations.read_text("utf-8").replace("row 4", "row 5"), "utf-8")
    again = api.load(files, bundled=False, show_progress=False)
    assert locators(first) == ["para 1", "para 3", "para 9", "row 4"]
    assert locators(again) == ["para 1", "para 3", "para 9", "row 5"]
    assert len(cached(cache)) == 2


def locators(graph: KnowledgeGraph) -> list[str]:
    return sorted(c.locator or "" for r in graph.relationships() for c in r.citations)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01.", "records", None])
def test_a_broken_cache_file_is_loaded_again(cache: Path, small: Path,
                                             damage: bytes | str | None) -> None:
    first = api.load([small], bundled=False, show_progress=False)
    [path] = cached(cache)
    if damage is None:  # cut short
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "records":  # a well-formed file whose records are not
        schema = api.load([small], bundled=False, show_progress=False).schema
        path.write_bytes(pickle.dumps((graph_cache._VERSION, schema, [], [], b"\x00\x01")))
    else:
        path.write_bytes(damage)
    again = api.load([small], bundled=False, show_progress=False)
    assert content(again) == content(first)
    assert content(api.load([small], bundled=False, show_progress=False)) == content(first)  # written again


def test_the_cli_reads_a_broken_cache_without_a_traceback(cache: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "NYPD")
    assert code == 0
    for path in cached(cache):
        path.write_bytes(b"\x80\x05\x95garbage")
    assert run(runner, "show", "NYPD") == (code, out, "")


def test_cache_off_writes_nothing(tmp_path: Path, small: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHGRAPH_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert len(api.load([small], bundled=False, show_progress=False)) == 3
    assert not (tmp_path / "xdg").exists()


def test_the_oldest_graphs_are_removed(cache: Path, write: Callable[..., Path],
                                       small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph_cache, "KEEP", 2)
    text = small.read_text("utf-8")
    for n in range(4):
        api.load([write(text.replace("searchesMax: 1000", f"searchesMax: {1000 + n}"),
                        f"d{n}.yaml")], bundled=False, show_progress=False)
    assert len(cached(cache)) == 2


def test_networkx_is_made_on_first_use_and_agrees(bundled: KnowledgeGraph) -> None:
    graph = api.load(show_progress=False)
    assert graph._nx is None
    g = graph.nx
    assert list(g.nodes) == [e.id for e in graph.entities()]
    assert sorted(k for _, _, k in g.edges(keys=True)) == sorted(r.id for r in graph.relationships())
    for e in graph.entities():
        out = [d["rel"] for _, _, d in g.out_edges(e.id, data=True)]
        into = [d["rel"] for _, _, d in g.in_edges(e.id, data=True)]
        assert graph.relationships_of(e.id) == (out, into)
    extra = next(graph.entities()).__class__("agency:new", "Agency", "New")
    graph.add_entity(extra)
    assert g.nodes["agency:new"]["entity"] is extra  # kept in step once made


def test_a_graph_read_back_shares_the_schema_read_already(cache: Path, small: Path) -> None:
    from watchgraph.graph.schema import load_schema

    api.load([small], bundled=False, show_progress=False)
    assert api.load([small], bundled=False, show_progress=False).schema is load_schema()


def test_a_graph_pickles_without_its_networkx_view(small: Path) -> None:
    graph = api.load([small], bundled=False, show_progress=False)
    assert len(graph.nx) == 3  # made, and left out of the pickle
    again = pickle.loads(pickle.dumps(graph))
    assert again._nx is None
    assert content(again)[:3] == content(graph)[:3]
    assert [again.relationships_of(e.id) for e in again.entities()] == \
        [graph.relationships_of(e.id) for e in graph.entities()]
