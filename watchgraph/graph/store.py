"""KnowledgeGraph: entities and relationships (a directed multigraph), plus sources.

The graph keeps its own adjacency (plain dicts); the networkx MultiDiGraph that path
finding and ego networks run on (`KnowledgeGraph.nx`) is made on first use, so that the
commands that only read entities and relationships never import networkx."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchgraph.errors import AmbiguousNameError, NotFoundError, Problem
from watchgraph.graph.identity import AliasIndex
from watchgraph.graph.model import Entity, Relationship, Source
from watchgraph.graph.schema import Schema, load_schema

if TYPE_CHECKING:
    import networkx as nx


class KnowledgeGraph:
    """Entities as nodes, relationships as keyed edges, sources on the side.

    Entities by id, relationships by id and by their two ends (in `nx`, every node carries
    its Entity as `entity`; every edge, keyed by relationship id, its Relationship as
    `rel`). Undirected relationship types are stored once, in the direction their id gives.
    """

    def __init__(self, schema: Schema | None = None) -> None:
        self.schema = schema or load_schema()
        self._entities: dict[str, Entity] = {}
        # adjacency as networkx keeps it: by neighbour (in first-joined order), then by id
        self._out: dict[str, dict[str, dict[str, Relationship]]] = {}
        self._in: dict[str, dict[str, dict[str, Relationship]]] = {}
        self._nx: nx.MultiDiGraph | None = None  # made on first use (see `nx`)
        self.sources: dict[str, Source] = {}
        self.index = AliasIndex()
        self._rels: dict[str, Relationship] = {}
        self.warnings: list[Problem] = []  # what loading noted without stopping
        self.changes = 0  # counts additions: what was loaded is known unchanged while it stays
        self.loaded_files: tuple[Path, ...] = ()  # what it holds exactly (see `from_inputs`)
        self._loaded_at = -1
        self.inputs: list[Path] = []  # the files and folders it was read from

    def __getstate__(self) -> dict[str, object]:
        """What pickling keeps: everything but what the records give again (the
        adjacency, made again when read back, and the networkx view)."""
        state = dict(self.__dict__)
        state.update(_nx=None, _out=None, _in=None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._out = {eid: {} for eid in self._entities}
        self._in = {eid: {} for eid in self._entities}
        for r in self._rels.values():
            self._link(r)

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The graph as a networkx MultiDiGraph (made on first use, then kept in step):
        every node carries its Entity as `entity`, every edge, keyed by relationship id,
        its Relationship as `rel`. Read it; add to the KnowledgeGraph, not to it."""
        if self._nx is None:
            import networkx  # here, not at import: most commands never need it

            g = networkx.MultiDiGraph()
            g.add_nodes_from((eid, {"entity": e}) for eid, e in self._entities.items())
            g.add_edges_from((r.source, r.target, r.id, {"rel": r}) for r in self._rels.values())
            self._nx = g
        return self._nx

    # -- building -------------------------------------------------------------

    def loaded_from(self, files: Iterable[Path]) -> None:
        """Record that the graph as it is now holds exactly what these files hold."""
        self.loaded_files = tuple(files)
        self._loaded_at = self.changes

    def from_inputs(self) -> tuple[Path, ...]:
        """The files the graph holds exactly what of, or () once anything was added since."""
        return self.loaded_files if self.changes == self._loaded_at else ()

    def add_source(self, source: Source) -> None:
        """Add or replace a source."""
        self.changes += 1
        self.sources[source.id] = source

    def add_entity(self, entity: Entity) -> None:
        """Add an entity (its id must be new)."""
        self.changes += 1
        self._entities[entity.id] = entity
        self._out.setdefault(entity.id, {})
        self._in.setdefault(entity.id, {})
        if self._nx is not None:
            self._nx.add_node(entity.id, entity=entity)
        self.index.add(entity.id, entity.name, entity.aliases)

    def add_relationship(self, rel: Relationship) -> None:
        """Add a relationship between two entities already in the graph."""
        self.changes += 1
        self._link(rel)
        if self._nx is not None:
            self._nx.add_edge(rel.source, rel.target, key=rel.id, rel=rel)
        self._rels[rel.id] = rel

    def _link(self, rel: Relationship) -> None:
        """Enter a relationship in the adjacency, both ways."""
        _join(self._out, rel.source, rel.target)[rel.id] = rel
        _join(self._in, rel.target, rel.source)[rel.id] = rel

    # -- reading --------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entities)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id (KeyError if none)."""
        return self._entities[entity_id]

    def entities(self, type_name: str | None = None) -> Iterator[Entity]:
        """All entities, or those of one type, in insertion order."""
        for e in self._entities.values():
            if type_name is None or e.type == type_name:
                yield e

    def relationship(self, rel_id: str) -> Relationship:
        """The relationship with this id (KeyError if none)."""
        return self._rels[rel_id]

    def relationships(self, type_name: str | None = None) -> Iterator[Relationship]:
        """All relationships, or those of one type, in insertion order."""
        for r in self._rels.values():
            if type_name is None or r.type == type_name:
                yield r

    def relationships_of(self, entity_id: str) -> tuple[list[Relationship], list[Relationship]]:
        """The relationships going out of and coming into an entity."""
        out = [r for by_id in self._out.get(entity_id, {}).values() for r in by_id.values()]
        into = [r for by_id in self._in.get(entity_id, {}).values() for r in by_id.values()]
        return out, into

    def resolve(self, name: str) -> Entity:
        """The entity an id, name or alias names (case-insensitive), else the one entity
        whose name or aliases hold every word of it. AmbiguousNameError lists the entities
        when several match; NotFoundError suggests names when none does."""
        ids = self.index.lookup(name) or self.index.partial(name)
        if len(ids) == 1:
            return self.entity(ids[0])
        if len(ids) > 1:
            raise AmbiguousNameError(name, [f"{self.entity(i).name} ({i})" for i in ids])
        raise NotFoundError(name, self.index.suggest(name))

    def cited_sources(self, rels: Iterable[Relationship]) -> list[Source]:
        """The sources cited by some relationships, in first-cited order."""
        seen: dict[str, Source] = {}
        for r in rels:
            for sid in r.sources():
                if sid not in seen:
                    seen[sid] = self.sources[sid]
        return list(seen.values())

    def stats(self) -> dict[str, Counter[str]]:
        """Counts of entities and relationships by type, and relationships by status."""
        return {
            "entities": Counter(e.type for e in self.entities()),
            "relationships": Counter(r.type for r in self.relationships()),
            "status": Counter(r.status for r in self.relationships()),
            "citations": Counter(sid for r in self.relationships() for sid in r.sources()),
        }


def _join(adjacency: dict[str, dict[str, dict[str, Relationship]]], a: str,
          b: str) -> dict[str, Relationship]:
    """The relationships from `a` to `b` in one direction's adjacency (made if new; no
    empty dict made for each call, as setdefault would: loading adds millions)."""
    by_end = adjacency.get(a)
    if by_end is None:
        by_end = adjacency[a] = {}
    by_id = by_end.get(b)
    if by_id is None:
        by_id = by_end[b] = {}
    return by_id
