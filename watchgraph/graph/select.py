"""Selections of the graph: shortest connections between two entities, ego networks."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from watchgraph.errors import UsageError, WatchgraphError
from watchgraph.graph.model import Relationship
from watchgraph.graph.store import KnowledgeGraph


@dataclass(frozen=True)
class Hop:
    """One step of a path: from one entity to the next, with every relationship joining them."""

    start: str
    end: str
    relationships: tuple[Relationship, ...]


class NoPathError(WatchgraphError):
    """Two entities that are not connected within the hop limit."""


def _undirected(graph: KnowledgeGraph) -> nx.Graph:
    return nx.Graph(graph.nx.to_undirected(as_view=True))


def shortest_paths(graph: KnowledgeGraph, a: str, b: str, max_hops: int = 4,
                   limit: int = 10) -> list[list[Hop]]:
    """The shortest connections between two entities (ids), in either direction.

    Returns up to `limit` paths of equal length, each a list of hops. Raises NoPathError
    when the two are not connected within `max_hops`.
    """
    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    if a == b:
        raise UsageError("the two entities are the same; name two different ones")
    g = _undirected(graph)
    try:
        node_paths = list(islice(nx.all_shortest_paths(g, a, b), limit))
    except nx.NetworkXNoPath:
        node_paths = []
    if not node_paths or len(node_paths[0]) - 1 > max_hops:
        ea, eb = graph.entity(a).name, graph.entity(b).name
        raise NoPathError(f"no connection between {ea} and {eb} within {max_hops} hops; "
                          "raise --max-hops or check the names")
    node_paths.sort(key=lambda p: [graph.entity(n).name for n in p])
    return [[_hop(graph, u, v) for u, v in zip(p, p[1:])] for p in node_paths]


def _hop(graph: KnowledgeGraph, u: str, v: str) -> Hop:
    rels = [d["rel"] for d in graph.nx.get_edge_data(u, v, default={}).values()]
    rels += [d["rel"] for d in graph.nx.get_edge_data(v, u, default={}).values()]
    rels.sort(key=lambda r: r.id)
    return Hop(u, v, tuple(rels))


def ego(graph: KnowledgeGraph, centre: str, hops: int = 1) -> set[str]:
    """The ids of the entities within `hops` of an entity, in either direction."""
    if hops < 0:
        raise UsageError("--hops must be 0 or more")
    return set(nx.single_source_shortest_path_length(_undirected(graph), centre, cutoff=hops))
