"""Selections of the graph: shortest connections between two entities, ego networks,
and filtered selections (by type, status, date, source) shared by render and the exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from watchgraph.errors import UsageError, WatchgraphError, param
from watchgraph.graph.dates import DateValueError, date_bounds, validity
from watchgraph.graph.model import Relationship
from watchgraph.graph.store import KnowledgeGraph

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Hop:
    """One step of a path: from one entity to the next, with every relationship joining them."""

    start: str
    end: str
    relationships: tuple[Relationship, ...]


class NoPathError(WatchgraphError):
    """Two entities that are not connected within the hop limit."""


def _undirected(graph: KnowledgeGraph, include_denied: bool = True) -> nx.Graph:
    import networkx

    if include_denied:
        return networkx.Graph(graph.nx.to_undirected(as_view=True))
    g = networkx.Graph()
    g.add_nodes_from(graph.nx.nodes)
    g.add_edges_from((r.source, r.target) for r in graph.relationships() if r.status != "denied")
    return g


def shortest_paths(graph: KnowledgeGraph, a: str, b: str, max_hops: int = 4,
                   limit: int = 10, include_denied: bool = False) -> list[list[Hop]]:
    """The shortest connections between two entities (ids), in either direction.

    Returns up to `limit` paths of equal length, each a list of hops. A claim that is
    only denied joins nothing unless `include_denied`. Raises NoPathError when the two are
    not connected within `max_hops`.
    """
    if max_hops < 1:
        raise UsageError(f"{param('max_hops')} must be at least 1", param="max_hops")
    if a == b:
        raise UsageError("the two entities are the same; name two different ones")
    import networkx

    g = _undirected(graph, include_denied)
    try:
        node_paths = list(islice(networkx.all_shortest_paths(g, a, b), limit))
    except networkx.NetworkXNoPath:
        node_paths = []
    if not node_paths or len(node_paths[0]) - 1 > max_hops:
        ea, eb = graph.entity(a).name, graph.entity(b).name
        raise NoPathError(f"no connection between {ea} and {eb} within {max_hops} hops; "
                          f"raise {param('max_hops')} or check the names")
    node_paths.sort(key=lambda p: [graph.entity(n).name for n in p])
    return [[_hop(graph, u, v, include_denied) for u, v in zip(p, p[1:], strict=False)]
            for p in node_paths]


def _hop(graph: KnowledgeGraph, u: str, v: str, include_denied: bool) -> Hop:
    rels = [d["rel"] for d in graph.nx.get_edge_data(u, v, default={}).values()]
    rels += [d["rel"] for d in graph.nx.get_edge_data(v, u, default={}).values()]
    if not include_denied:
        rels = [r for r in rels if r.status != "denied"]
    rels.sort(key=lambda r: r.id)
    return Hop(u, v, tuple(rels))


def ego(graph: KnowledgeGraph, centre: str, hops: int = 1) -> set[str]:
    """The ids of the entities within `hops` of an entity, in either direction."""
    if hops < 0:
        raise UsageError(f"{param('hops')} must be 0 or more", param="hops")
    import networkx

    return set(networkx.single_source_shortest_path_length(_undirected(graph), centre, cutoff=hops))


@dataclass(frozen=True)
class Filters:
    """What a selection keeps. Empty tuples keep everything; dates keep their precision.

    `as_of` keeps relationships that may have held at some time in that period;
    `since` / `until` keep those that may have held on or after / on or before it.
    Relationships without any date are kept by every date filter.
    """

    entity_types: tuple[str, ...] = ()
    relationship_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    as_of: str | None = None
    since: str | None = None
    until: str | None = None

    def filters_relationships(self) -> bool:
        """Whether any filter other than the entity type is set."""
        return bool(self.relationship_types or self.statuses or self.sources
                    or self.as_of or self.since or self.until)

    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.entity_types) or self.filters_relationships()

    def describe(self) -> str:
        """The filters as the parameters that set them."""
        parts = [f"{param('entity_types')} {t}" for t in self.entity_types]
        parts += [f"{param('relationship_types')} {t}" for t in self.relationship_types]
        parts += [f"{param('statuses')} {s}" for s in self.statuses]
        parts += [f"{param('sources')} {s}" for s in self.sources]
        parts += [f"{param(k)} {v}" for k, v in
                  (("as_of", self.as_of), ("since", self.since), ("until", self.until)) if v]
        return " ".join(parts)


@dataclass(frozen=True)
class Selection:
    """Some entities (ids) and the relationships among them that were selected."""

    entities: tuple[str, ...]
    relationships: tuple[Relationship, ...]


def _canonical(option: str, values: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    by_fold = {k.casefold(): k for k in known}
    out = []
    for v in values:
        if v.casefold() not in by_fold:
            raise UsageError(f"{param(option)} {v!r} is not known; use one of "
                             f"{', '.join(by_fold.values())}", param=option)
        out.append(by_fold[v.casefold()])
    return tuple(dict.fromkeys(out))


def checked_types(graph: KnowledgeGraph, types: Iterable[str]) -> tuple[str, ...]:
    """Entity type names as the schema spells them; UsageError naming `types` for an unknown one."""
    return _canonical("types", types, graph.schema.entities)


def _bounds(option: str, value: str) -> tuple[dt.date, dt.date]:
    try:
        return date_bounds(value)
    except DateValueError as exc:
        raise UsageError(f"{param(option)}: {exc}; write YYYY, YYYY-MM or YYYY-MM-DD",
                         param=option) from None


def checked_filters(graph: KnowledgeGraph, filters: Filters) -> Filters:
    """The filters with names checked against the schema and sources, spelled canonically.

    Raises UsageError naming the option for an unknown type, status or source, a malformed
    date, `as_of` combined with `since`/`until`, or `since` after `until`.
    """
    schema = graph.schema
    checked = Filters(
        entity_types=_canonical("entity_types", filters.entity_types, schema.entities),
        relationship_types=_canonical("relationship_types", filters.relationship_types,
                                      schema.relationships),
        statuses=_canonical("statuses", filters.statuses, schema.statuses),
        sources=_canonical("sources", filters.sources, graph.sources),
        as_of=filters.as_of, since=filters.since, until=filters.until)
    date_window(checked)
    return checked


def date_window(filters: Filters) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the date filters allow (None: open)."""
    if filters.as_of and (filters.since or filters.until):
        raise UsageError(f"{param('as_of')} cannot be combined with {param('since')} or "
                         f"{param('until')}; use one or the other", param="as_of")
    if filters.as_of:
        return _bounds("as_of", filters.as_of)
    lo = _bounds("since", filters.since)[0] if filters.since else None
    hi = _bounds("until", filters.until)[1] if filters.until else None
    if lo and hi and lo > hi:
        raise UsageError(f"{param('since')} {filters.since} is after {param('until')} {filters.until}; "
                         "swap them", param="since")
    return lo, hi


def _keeps(filters: Filters, window: tuple[dt.date | None, dt.date | None],
           rel: Relationship) -> bool:
    if filters.relationship_types and rel.type not in filters.relationship_types:
        return False
    if filters.statuses and rel.status not in filters.statuses:
        return False
    if filters.sources and not set(filters.sources).intersection(rel.sources()):
        return False
    lo, hi = window
    if lo is None and hi is None:
        return True
    rlo, rhi = validity(rel.properties)
    return (hi is None or rlo is None or rlo <= hi) and (lo is None or rhi is None or rhi >= lo)


def filtered(graph: KnowledgeGraph, filters: Filters, keep: Iterable[str] = ()) -> KnowledgeGraph:
    """A new graph with what the (checked) filters keep, plus the entities in `keep`.

    When relationships are filtered, entities left without any relationship are dropped.
    """
    keep = set(keep)
    window = date_window(filters)
    types = set(filters.entity_types)
    wanted = {e.id for e in graph.entities() if not types or e.type in types} | keep
    rels = [r for r in graph.relationships()
            if r.source in wanted and r.target in wanted and _keeps(filters, window, r)]
    if filters.filters_relationships():
        wanted = {x for r in rels for x in (r.source, r.target)} | keep
    out = KnowledgeGraph(graph.schema)
    out.sources = graph.sources
    for e in graph.entities():
        if e.id in wanted:
            out.add_entity(e)
    for r in rels:
        out.add_relationship(r)
    return out


def induced(graph: KnowledgeGraph, ids: Iterable[str]) -> Selection:
    """Some entities and every relationship among them, both in the graph's order."""
    wanted = set(ids)
    entities = tuple(e.id for e in graph.entities() if e.id in wanted)
    rels = tuple(r for r in graph.relationships() if r.source in wanted and r.target in wanted)
    return Selection(entities, rels)


def select(graph: KnowledgeGraph, around: str | None = None, hops: int = 1,
           path: tuple[str, str] | None = None, max_hops: int = 4,
           filters: Filters | None = None, include_denied: bool = False) -> Selection:
    """A selection: the whole graph, the ego network `around` an entity within `hops`, or the
    shortest connections along a `path` between two entities (denied claims left out unless
    `include_denied`); always within the filters.

    Entities are named by id, name or alias; the named ones stay even when a filter would
    leave them out. Raises UsageError for bad options or an empty selection, NotFoundError
    for an unknown name, NoPathError when two entities are not connected.
    """
    if around is not None and path is not None:
        raise UsageError(f"{param('around')} and {param('path')} cannot be combined; use one of them",
                         param="around")
    filters = checked_filters(graph, filters or Filters())
    anchors = [graph.resolve(n).id for n in ([around] if around is not None else list(path or ()))]
    g = filtered(graph, filters, keep=anchors) if filters.active() else graph
    if around is not None:
        chosen = induced(g, ego(g, anchors[0], hops))
    elif path is not None:
        paths = shortest_paths(g, anchors[0], anchors[1], max_hops=max_hops,
                               include_denied=include_denied)
        ids = {x for p in paths for h in p for x in (h.start, h.end)}
        rel_ids = {r.id for p in paths for h in p for r in h.relationships}
        chosen = Selection(tuple(e.id for e in g.entities() if e.id in ids),
                           tuple(r for r in g.relationships() if r.id in rel_ids))
    else:
        chosen = Selection(tuple(e.id for e in g.entities()), tuple(g.relationships()))
    if not chosen.entities:
        raise UsageError(f"the selection is empty: nothing matches {filters.describe()}; "
                         "loosen the filters")
    return chosen
