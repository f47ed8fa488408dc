"""Merging validated records that resolution found to be one (loaders/resolve.py): each
record taken out of its file is validated there on its own (so its problems name its own
file and line), then merged into the record it is one with.

An entity keeps the kept record's id, type and name; the other names become aliases; each
property is the first record's that has it, and a differing value is a warning. A
relationship (one claim written in two places) cites every source once (a citation with
the same source, stance, locator and quote is one), with properties combined the same way
and the status both support: the same, or the stronger of alleged < reported < confirmed,
or else `disputed` (a denial or a dispute against a claim), with a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from watchgraph.errors import Problem
from watchgraph.graph.identity import fold
from watchgraph.graph.model import Citation, Entity, Relationship
from watchgraph.graph.validate import Dataset, Validator
from watchgraph.loaders.inputs import BUNDLED_DISPLAY
from watchgraph.loaders.resolve_names import name_key

if TYPE_CHECKING:
    from watchgraph.loaders.resolve import Resolver, Secondary

STRENGTH = {"alleged": 0, "reported": 1, "confirmed": 2}
HINT = "correct one of them, or add not_same_as to the crosswalk if they are two"


class _Sides:
    """Validators for records taken out of their files, one per ordinal (two records
    merged into one may share an id), sharing the main dataset's sources and entities."""

    def __init__(self, checker: Validator, strict: bool, shared: bool) -> None:
        self.checker, self.strict, self.shared = checker, strict, shared
        self.validators: dict[int, Validator] = {}

    def check(self, rec: Secondary) -> Validator:
        side = self.validators.get(rec.ordinal)
        if side is None:
            main = self.checker.ds
            ds = Dataset(sources=main.sources, entities=main.entities, index=main.index) \
                if self.shared else Dataset()
            ds.warnings = main.warnings
            side = self.validators[rec.ordinal] = Validator(self.checker.schema, ds)
        side.file = rec.file
        side.require_quotes = self.strict or rec.file.startswith(BUNDLED_DISPLAY)
        if self.shared:
            side.relationship(rec.path, rec.raw)
        else:
            side.entity(rec.path, rec.raw)
        return side

    def problems(self) -> list[Problem]:
        return [p for side in self.validators.values() for p in side.problems]


def merge_records(resolver: Resolver, checker: Validator, strict: bool) -> list[Problem]:
    """Validate the resolver's records taken out, merge them into the checker's dataset;
    the problems of the records, and of the merged claims. What differs between merged
    records is a warning, also with `strict` (which checks the records' quotes): the kept
    value is the first record's, and the other source's cannot be corrected here."""
    ds = checker.ds
    problems: list[Problem] = []
    notes: list[Problem] = []
    entities = _Sides(checker, strict, shared=False)
    for rec in resolver.entities:
        side = entities.check(rec)
        other, kept = side.ds.entities.get(str(rec.raw.get("id"))), ds.entities.get(str(rec.into))
        if other is not None and kept is not None:
            ds.entities[kept.id] = _merge_entity(kept, other, rec, notes)
            ds.index.add(kept.id, kept.name, ds.entities[kept.id].aliases)
    relationships = _Sides(checker, strict, shared=True)
    for rec in resolver.relationships:
        side = relationships.check(rec)
        for rid, found in side.ds.relationships.items():
            kept_rel = ds.relationships.get(rid)
            if kept_rel is not None:
                ds.relationships[rid] = _merge_claim(kept_rel, found, rec, notes, problems)
        side.ds.relationships.clear()
    ds.warnings += notes
    return entities.problems() + relationships.problems() + problems


def _merge_entity(kept: Entity, other: Entity, rec: Secondary, warnings: list[Problem]) -> Entity:
    aliases = list(kept.aliases)
    names = {fold(n) for n in (kept.name, *aliases)}
    for n in (other.name, *other.aliases):
        if fold(n) not in names:
            names.add(fold(n))
            aliases.append(n)
    props = dict(kept.properties)
    for key, value in other.properties.items():
        warnings += _combine(props, key, value, rec, rec.why)
    return Entity(kept.id, kept.type, kept.name, tuple(aliases), props)


def _merge_claim(kept: Relationship, other: Relationship, rec: Secondary,
                 warnings: list[Problem], problems: list[Problem]) -> Relationship:
    seen = {_citation_key(c) for c in kept.citations}
    citations = kept.citations + tuple(c for c in other.citations if _citation_key(c) not in seen)
    status = _status(kept.status, other.status)
    if status == "disputed" and "disputed" not in (kept.status, other.status):
        stances = {c.stance for c in citations}
        if stances == {"supports", "disputes"}:
            warnings.append(Problem(rec.file, f"{rec.why}, where it is {kept.status}; here it is "
                                    f"{other.status}: one relationship, disputed, citing both",
                                    "check the two sources", rec.path))
        else:
            problems.append(Problem(rec.file, f"{rec.why}, where it is {kept.status}; here it is "
                                    f"{other.status}, and together they are disputed without a "
                                    "citation on each side", "cite the other side, or correct a "
                                    "status", rec.path))
    props = dict(kept.properties)
    for key, value in other.properties.items():
        warnings += _combine(props, key, value, rec, rec.why)
    return Relationship(kept.id, kept.type, kept.source, kept.target, status, citations, props)


def _combine(props: dict[str, Any], key: str, value: Any, rec: Secondary, what: str) -> list[Problem]:
    """Take `value` for `key` where `props` has none; a warning where it differs."""
    if key not in props:
        props[key] = value
        return []
    if _same(key, props[key], value):
        return []
    return [Problem(rec.file, f"{what}: its {key} {_short(value)} differs from "
                    f"{_short(props[key])}, which is kept", HINT, (*rec.path, key))]


def _same(key: str, a: Any, b: Any) -> bool:
    """Whether two values of a property say the same (places compared as name keys:
    "Camden Co, Missouri" is "Camden County, Missouri")."""
    if isinstance(a, str) and isinstance(b, str):
        if key == "jurisdiction":
            return name_key("Agency", a, None) == name_key("Agency", b, None)
        return fold(a) == fold(b)
    return bool(a == b)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(list(value) if isinstance(value, tuple) else value)
    return text if len(text) <= limit else text[:limit - 4] + "...'"


def _citation_key(c: Citation) -> tuple[Any, ...]:
    return c.source, c.stance, c.locator, c.quote


def _status(a: str, b: str) -> str:
    """The status two writings of one claim support together."""
    if a == b:
        return a
    if a in STRENGTH and b in STRENGTH:
        return a if STRENGTH[a] >= STRENGTH[b] else b
    return "disputed"
