"""Finding entities by what a reader remembers of them: a word of the name ("Wyden"), a
place ("Dallas"), an abbreviation, a misspelling, or a word of the description.

An entity's identity (its name, aliases and short text properties such as a person's
role or an agency's jurisdiction) counts fully, its description less. A word asked for is
found as a whole word, as the start of one (three letters or more), or, for words of five
letters or more, as a near spelling (rapidfuzz's ratio); at least half the words asked for
must be found. Results are ranked by score, then by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from watchgraph.graph.identity import field_score, words
from watchgraph.graph.model import Entity
from watchgraph.graph.store import KnowledgeGraph

DESCRIPTION_WEIGHT = 0.6
"""How much a match in the description counts against one in the name or an alias."""

@dataclass(frozen=True)
class Match:
    """An entity found, how well (0 to 100) and where (`name`: its name, aliases and short
    properties; or `description`)."""

    entity: Entity
    score: float
    field: str
    exact: bool = False  # the text is the entity's whole name, an alias or its id


def matches(graph: KnowledgeGraph, text: str, types: Iterable[str] = ()) -> Iterator[Match]:
    """Every entity the text finds, unranked (see `search`)."""
    query = words(text)
    wanted = set(types)
    if not query:
        return
    for e in graph.entities():
        if wanted and e.type not in wanted:
            continue
        short = [str(v) for k, v in e.properties.items()
                 if k != "description" and isinstance(v, str) and len(v) <= 120]
        identity = words(" ".join([e.name, *e.aliases, *short]))
        best: tuple[float, str] = (field_score(query, identity), "name")
        description = e.properties.get("description")
        if description:
            score = field_score(query, words(str(description))) * DESCRIPTION_WEIGHT
            if score > best[0]:
                best = (score, "description")
        if best[0] > 0:
            exact = query in ([words(e.name)] + [words(a) for a in e.aliases] + [words(e.id)])
            yield Match(e, round(best[0], 1), best[1], exact)


def search(graph: KnowledgeGraph, text: str, types: Iterable[str] = (), limit: int = 20) -> list[Match]:
    """The entities `text` finds, best first (an exact name or alias first of all, then by
    score and name), at most `limit`."""
    found = sorted(matches(graph, text, types), key=lambda m: (not m.exact, -m.score, m.entity.name))
    return found[:limit]
