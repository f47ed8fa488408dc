"""The embedded engine: tables from the shape, typed values, the on-disk cache, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchgraph import api
from watchgraph.graph.store import KnowledgeGraph
from watchgraph.queries import embedded
from watchgraph.queries.embedded import EmbeddedEngine
from watchgraph.queries.results import QueryError


@pytest.fixture(scope="module")
def engine(bundled: KnowledgeGraph) -> EmbeddedEngine:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATCHGRAPH_CACHE", "off")
        return EmbeddedEngine(bundled, show_progress=False)


def test_every_entity_relationship_and_source_is_loaded(engine: EmbeddedEngine,
                                                        bundled: KnowledgeGraph) -> None:
    counts = engine.run("MATCH (n) RETURN count(n)").rows[0][0]
    rels = engine.run("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    sources = engine.run("MATCH (s:Source) RETURN count(s)").rows[0][0]
    assert (counts - sources, rels, sources) == (len(bundled), 163, len(bundled.sources))
    by_type = dict(engine.run("MATCH ()-[r]->() RETURN type(r), count(r)").rows)
    assert by_type == {k: v for k, v in bundled.stats()["relationships"].items()}


def test_columns_keep_their_types(engine: EmbeddedEngine) -> None:
    row = engine.run(
        "MATCH (:Agency {id: 'agency:miami-pd'})-[c:CONTRACTED_WITH]->(v) "
        "RETURN c.amount, c.durationMonths, c.currency, c.sources, c.disputedBy, c.validFrom, "
        "c.validTo, c.seats, c.citationLocators").rows[0]
    assert row == (12000.0, 12, "USD", ["nbc6-south-florida-clearview"], [], "2020-01-01", "",
                   None, ["para 4", "para 12", "para 16"])
    assert isinstance(row[0], float)
    consent = engine.run("MATCH (:Company)-[r:COLLECTS_FROM]->(:Organization {id: 'org:facebook'}) "
                         "RETURN r.consent, r.method").rows
    assert consent == [(False, "scraping")]
    dallas = engine.run("MATCH (a:Agency {id: 'agency:dallas-pd'}) RETURN a.aliases, a.level, "
                        "a.wikidata").rows
    assert dallas == [(["Dallas Police", "DPD"], "city", None)]


def test_neo4j_function_names_work(engine: EmbeddedEngine) -> None:
    rows = engine.run("MATCH (:Agency {id: 'agency:nypd-fis'})-[r]->(b) "
                      "RETURN type(r), toString(size(r.sources)), head(r.sources), "
                      "last(r.citationLocators) ORDER BY type(r)").rows
    assert rows == [("MET_WITH", "1", "nypd-clearview-emails", "para 7"),
                    ("PART_OF", "1", "nypd-clearview-emails", "para 17"),
                    ("USES", "1", "nypd-clearview-emails", "para 5")]


def test_nodes_come_back_as_property_dicts(engine: EmbeddedEngine) -> None:
    node = engine.run("MATCH (p:Product {id: 'product:cafri'}) RETURN p").rows[0][0]
    assert node["_label"] == "Product" and node["aliases"] == ["CAFRI"]
    assert "capability" in node and "wikidata" not in node


def test_syntax_error_is_one_line(engine: EmbeddedEngine) -> None:
    with pytest.raises(QueryError) as info:
        engine.run("MATC (n) RETURN n")
    assert str(info.value) == "Cypher syntax error: extraneous input 'MATC' (line: 1, offset: 0)"


def test_unknown_label_is_refused(engine: EmbeddedEngine) -> None:
    with pytest.raises(QueryError, match="^the embedded engine refused the query: Binder "
                                         "exception: Table Agencyy does not exist.$"):
        engine.run("MATCH (a:Agencyy) RETURN a")


def test_cached_database_is_reused_and_read_only(small: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHGRAPH_CACHE", str(tmp_path / "cache"))
    graph = api.load([small], bundled=False, show_progress=False)
    monkeypatch.setattr(embedded, "_OPEN", {})
    first = EmbeddedEngine(graph, show_progress=False)
    built = list((tmp_path / "cache" / "ladybug").iterdir())
    assert len(built) == 1 and built[0].suffix == ".lbug"
    assert first.run("MATCH (a:Agency) RETURN a.name").rows == [("New York City Police Department",)]
    with pytest.raises(QueryError, match="read-only"):
        first.run("CREATE (:Agency {id: 'agency:x', name: 'X'})")
    # a new process (no database open yet) opens the file built before
    monkeypatch.setattr(embedded, "_OPEN", {})
    mtime = built[0].stat().st_mtime_ns
    again = EmbeddedEngine(api.load([small], bundled=False, show_progress=False), False)
    assert again.run("MATCH ()-[r:USES]->() RETURN r.searchesMax").rows == [(1000,)]
    assert built[0].stat().st_mtime_ns == mtime
    assert list((tmp_path / "cache" / "ladybug").iterdir()) == built


def test_changed_data_gets_a_new_database(small: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHGRAPH_CACHE", str(tmp_path / "cache"))
    EmbeddedEngine(api.load([small], bundled=False, show_progress=False), False)
    changed = tmp_path / "changed.yaml"
    changed.write_text(small.read_text("utf-8").replace("searchesMax: 1000", "searchesMax: 900"),
                       "utf-8")
    engine = EmbeddedEngine(api.load([changed], bundled=False, show_progress=False), False)
    assert engine.run("MATCH ()-[r:USES]->() RETURN r.searchesMax").rows == [(900,)]
    assert len(list((tmp_path / "cache" / "ladybug").glob("*.lbug"))) == 2


def test_cache_off_builds_in_memory(small: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHGRAPH_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(embedded, "_OPEN", {})
    engine = EmbeddedEngine(api.load([small], bundled=False, show_progress=False), False)
    assert engine.run("MATCH (n) RETURN count(n)").rows == [(4,)]
    assert not (tmp_path / "xdg").exists()


def test_an_unchanged_dataset_opens_without_making_its_rows(small: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(embedded, "_OPEN", {})
    EmbeddedEngine(api.load([small], bundled=False, show_progress=False), False)
    monkeypatch.setattr(embedded, "_OPEN", {})  # as a new process would

    def no_rows(*args: object) -> None:
        raise AssertionError("the rows were made again")

    with monkeypatch.context() as m:
        m.setattr(embedded, "graph_rows", no_rows)
        again = EmbeddedEngine(api.load([small], bundled=False, show_progress=False), False)
        assert again.run("MATCH (a:Agency) RETURN a.name").rows == [("New York City Police Department",)]
    # a graph changed after loading is found by its rows, never by the files it came from
    changed = api.load([small], bundled=False, show_progress=False)
    changed.add_entity(changed.entity("agency:nypd").__class__("agency:x", "Agency", "X"))
    assert changed.from_inputs() == ()
    rows = EmbeddedEngine(changed, False).run("MATCH (a:Agency) RETURN a.name ORDER BY a.name").rows
    assert rows == [("New York City Police Department",), ("X",)]


def test_a_query_that_fills_the_small_buffer_pool_runs_on_the_full_one(
        bundled: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small database opens with a small buffer pool (faster to open); a query that needs
    more is run again on the database opened with LadybugDB's default pool, and answers."""
    monkeypatch.setenv("WATCHGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(embedded, "_OPEN", {})
    paths = "MATCH p = (a)-[*1..2]-(b) RETURN count(p)"
    expected = EmbeddedEngine(bundled, show_progress=False).run(paths).rows  # built, full pool
    monkeypatch.setattr(embedded, "_OPEN", {})
    monkeypatch.setattr(embedded, "SMALL_FILE", 1 << 40)
    monkeypatch.setattr(embedded, "SMALL_POOL", 24 << 20)  # too small for `paths`
    engine = EmbeddedEngine(bundled, show_progress=False)
    assert list(embedded._OPEN) == [(next(iter(embedded._OPEN))[0], 24 << 20)]
    assert engine.run(paths).rows == expected and expected[0][0] > 1000
    assert {pool for _, pool in embedded._OPEN} == {24 << 20, embedded.FULL_POOL}
    assert engine.run("MATCH (a:Agency) RETURN count(a)").rows[0][0] > 10  # on the full pool now
