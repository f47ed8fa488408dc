"""Likely duplicates that the resolution rules did not merge, for a curator to decide.

Entities of one type (Agency, Company, Organization, Product, Person) are compared within
blocks: those sharing the first word of a name key (loaders/resolve_names.py), an
identifier or an alias. Pairs in two different states, with differing identifiers of one
kind, or already decided in the crosswalk are left out. A pair's score is the best token
ratio (rapidfuzz's token-sort ratio) between their name keys without the words every
agency has ("police department", "sheriffs office"), 100 for a shared identifier; a police
department and a sheriff's office, or two numbered units ("Precinct 1", "Precinct 2"), are
not compared, and where one name says neither, the whole keys are; the reasons say what else they share. Nothing is merged here:
a curator's `same_as` in the crosswalk does that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from watchgraph.graph.identity import fold
from watchgraph.graph.model import Entity
from watchgraph.loaders.crosswalk import Decision
from watchgraph.loaders.resolve_names import (
    NAME_RULE_TYPES,
    identifiers,
    match_keys,
    name_key,
    state_of,
)

DEDUPE_TYPES = NAME_RULE_TYPES | {"Person"}


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one: the score (0 to 100) and why."""

    score: int
    a: Entity
    b: Entity
    reasons: tuple[str, ...]


@dataclass
class _Facts:
    entity: Entity
    state: str | None
    keys: list[str]
    idents: dict[str, str]
    names: set[str] = field(default_factory=set)


def _facts(e: Entity) -> _Facts:
    state = state_of(e.type, e.name, e.properties)
    keys = match_keys(e.type, e.name, (), state)
    keys += [k for k in (name_key(e.type, a, state) for a in e.aliases) if k and k not in keys]
    return _Facts(e, state, keys, identifiers(e.type, e.properties),
                  {fold(n) for n in (e.name, *e.aliases)})


def candidates(entities: Iterable[Entity], decided: Iterable[tuple[str, str]] = (),
               min_score: float = 85) -> list[Candidate]:
    """Likely duplicates among `entities` scoring at least `min_score`, best first;
    `decided` holds the pairs of ids (in order) a crosswalk already decides."""
    facts = [_facts(e) for e in entities if e.type in DEDUPE_TYPES]
    blocks: dict[tuple[str, ...], list[int]] = {}
    for i, f in enumerate(facts):
        keys: set[tuple[str, ...]] = {(f.entity.type, "word", k.split()[0]) for k in f.keys}
        keys |= {(f.entity.type, "id", kind, v) for kind, v in f.idents.items()}
        keys |= {(f.entity.type, "name", n) for n in f.names}
        for key in keys:
            blocks.setdefault(key, []).append(i)
    skip = set(decided)
    seen: set[tuple[int, int]] = set()
    found: list[Candidate] = []
    for members in blocks.values():
        for i, j in combinations(members, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            pair = tuple(sorted((facts[i].entity.id, facts[j].entity.id)))
            if pair in skip:
                continue
            candidate = _compare(facts[i], facts[j])
            if candidate is not None and candidate.score >= min_score:
                found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.a.id, c.b.id))
    return found


def _compare(x: _Facts, y: _Facts) -> Candidate | None:
    from rapidfuzz import fuzz

    if x.state and y.state and x.state != y.state:
        return None
    if any(y.idents.get(kind, v) != v for kind, v in x.idents.items()):
        return None
    shared_ids = [f"same {kind} {v}" for kind, v in x.idents.items() if y.idents.get(kind) == v]
    best = max((_ratio(fuzz.token_sort_ratio, a, b) for a in x.keys for b in y.keys),
               default=0.0)
    if best == 0 and not shared_ids:
        return None
    score = 100 if shared_ids else round(best)
    reasons = [f"names {round(best)}", *shared_ids]
    if x.state and x.state == y.state:
        reasons.append(f"same state {x.state}")
    else:
        reasons += [f"{f.entity.name!r} has no state" for f in (x, y)
                    if f.state is None and f.entity.type in ("Agency", "Organization")]
    shared = sorted(x.names & y.names)
    if shared:
        reasons.append(f"shared name or alias {_spelling(x.entity, shared[0])!r}")
    jx, jy = x.entity.properties.get("jurisdiction"), y.entity.properties.get("jurisdiction")
    if isinstance(jx, str) and isinstance(jy, str) and \
            name_key("Agency", jx, None) == name_key("Agency", jy, None):
        reasons.append(f"same jurisdiction {jx!r}")
    a, b = sorted((x.entity, y.entity), key=lambda e: e.id)
    return Candidate(score, a, b, tuple(reasons))


_KINDS = {"police": "police", "sheriffs": "sheriff"}
_GENERIC = frozenset({"police", "department", "sheriffs", "office"})


def _core(key: str) -> tuple[str, str | None]:
    """A name key without the words every agency's name has ("police department",
    "sheriffs office"), and which of the two it names."""
    words = key.split()
    kind = next((_KINDS[w] for w in words if w in _KINDS), None)
    return " ".join(w for w in words if w not in _GENERIC) or key, kind


def _ratio(ratio: Callable[[str, str], float], a: str, b: str) -> float:
    """How alike two name keys are (0 to 100): their cores' ratio where both name the same
    kind of body; the whole keys' where one names none (a city and its police); 0 for a
    police department and a sheriff's office, or two numbered units ("Precinct 1",
    "Precinct 2")."""
    (ca, ka), (cb, kb) = _core(a), _core(b)
    na = [w for w in ca.split() if w.isdigit()]
    nb = [w for w in cb.split() if w.isdigit()]
    if (ka and kb and ka != kb) or (na and nb and na != nb):
        return 0.0
    return ratio(ca, cb) if ka == kb else ratio(a, b)


def _spelling(e: Entity, folded: str) -> str:
    return next(n for n in (e.name, *e.aliases) if fold(n) == folded)


def decided_pairs(decisions: Iterable[Decision], merged: Mapping[str, str]) -> set[tuple[str, str]]:
    """The pairs of (kept) ids that crosswalk decisions settle."""
    out: set[tuple[str, str]] = set()
    for d in decisions:
        a, b = merged.get(d.entity, d.entity), merged.get(d.other, d.other)
        if a != b:
            out.add((min(a, b), max(a, b)))
    return out
