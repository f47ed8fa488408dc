"""Finding entities by what a reader remembers of them: a word of the name ("Wyden"), a
place ("Dallas"), an abbreviation, a misspelling, or a word of the description.

An entity's identity (its name, aliases and short text properties such as a person's
role or an agency's jurisdiction) counts fully, its description less. A word asked for is
found as a whole word, as the start of one (three letters or more), or, for words of five
letters or more, as a near spelling (rapidfuzz's ratio); at least half the words asked for
must be found. Results are ranked by score, then by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from watchgraph.graph.model import Entity
from watchgraph.graph.store import KnowledgeGraph

_WORD = re.compile(r"[a-z0-9]+")
DESCRIPTION_WEIGHT = 0.6
"""How much a match in the description counts against one in the name or an alias."""


def words(text: str) -> list[str]:
    """The words of a text, case-folded and without accents."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_text.casefold())


def _word_score(q: str, field: Iterable[str]) -> float:
    best = 0.0
    for f in field:
        if f == q:
            return 100.0
        if len(q) >= 3 and f.startswith(q):
            best = max(best, 90.0)
        elif len(q) >= 5 and len(f) >= 5:
            ratio = fuzz.ratio(q, f)
            if ratio >= 80:
                best = max(best, ratio * 0.9)
    return best


def _field_score(query: list[str], field: list[str]) -> float:
    scores = [_word_score(q, field) for q in query]
    found = sum(1 for s in scores if s > 0)
    return sum(scores) / len(scores) if scores and found * 2 >= len(scores) else 0.0


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
        best: tuple[float, str] = (_field_score(query, identity), "name")
        description = e.properties.get("description")
        if description:
            score = _field_score(query, words(str(description))) * DESCRIPTION_WEIGHT
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
