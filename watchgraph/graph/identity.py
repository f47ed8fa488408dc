"""Identity: slugs, and the alias index that resolves names to entity ids."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """A lowercase ASCII slug: `Sacramento County Sheriff's Office` -> `sacramento-county-sheriffs-office`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def fold(name: str) -> str:
    """The key a name is matched by: case-folded, with white space collapsed."""
    return " ".join(name.casefold().split())


_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a text, case-folded and without accents."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_text.casefold())


def word_score(q: str, field: Iterable[str]) -> float:
    """How well one word asked for is found among a field's words (0 to 100)."""
    from rapidfuzz import fuzz  # imported on first use: most commands never score names

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


def field_score(query: list[str], field: list[str]) -> float:
    """How well the words asked for are found in a field (0 when fewer than half are)."""
    scores = [word_score(q, field) for q in query]
    found = sum(1 for s in scores if s > 0)
    return sum(scores) / len(scores) if scores and found * 2 >= len(scores) else 0.0


class AliasIndex:
    """Maps ids, names and aliases (case-insensitively) to entity ids."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._names: dict[str, set[str]] = defaultdict(set)
        self._spelling: dict[str, str] = {}
        self._name: dict[str, str] = {}
        self._words: dict[str, set[str]] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}

    def add(self, entity_id: str, name: str, aliases: Iterable[str] = ()) -> None:
        """Register an entity under its id, name and aliases."""
        self._ids.add(entity_id)
        self._name[entity_id] = name
        self._aliases[entity_id] = tuple(aliases)
        self._words.pop(entity_id, None)
        for n in (name, *aliases):
            key = fold(n)
            self._names[key].add(entity_id)
            self._spelling.setdefault(key, n)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self._ids

    def lookup(self, name: str) -> list[str]:
        """The ids a name or id can mean: one, several (ambiguous) or none."""
        if name in self._ids:
            return [name]
        folded = fold(name)
        if folded in self._ids:
            return [folded]
        return sorted(self._names.get(folded, ()))

    def partial(self, name: str) -> list[str]:
        """The ids whose name or aliases hold every word of `name`, whole or as the start of
        a word ("Coral Springs" finds the Coral Springs Police Department)."""
        query = words(name)
        if not query:
            return []
        if len(self._words) < len(self._ids):  # made on first use: loading never needs them
            for eid in self._ids - self._words.keys():
                self._words[eid] = set(words(" ".join((self._name[eid], *self._aliases[eid]))))
        return sorted(eid for eid, found in self._words.items()
                      if all(any(f == q or (len(q) >= 3 and f.startswith(q)) for f in found)
                             for q in query))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The names closest to an unknown one, best first (for "did you mean")."""
        from rapidfuzz import fuzz, process

        choices = {key: key for key in self._names}
        choices.update({i: i for i in self._ids})
        found = process.extract(fold(name), choices, scorer=fuzz.WRatio, limit=limit * 3,
                                score_cutoff=72)
        out: list[str] = []
        seen: set[str] = set()
        for key, _score, _ in found:
            ids = {key} if key in self._ids else self._names[key]
            if ids <= seen:
                continue
            seen |= ids
            out.append(self._name[key] if key in self._ids else self._spelling[key])
        return out[:limit]
