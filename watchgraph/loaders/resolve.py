"""Entity resolution: one entity, one node; one claim, one relationship.

Runs on the documents every loader read, before validation (loaders/dataset.py), deciding
which entity records are one, in this order:

1. The crosswalk (loaders/crosswalk.py): `same_as` pairs are merged, whatever the rules
   say; `not_same_as` pairs are never merged by a rule.
2. One id in several files (a loader's entity that another file also defines) is one
   entity. Two hand-written (YAML) files defining one id remain an error.
3. Identifiers: the same ORI (Agency), UEI (Company) or Wikidata id.
4. Names (Agency, Company, Organization, Product): the same name key
   (loaders/resolve_names.py) of a name or alias (acronyms left out) in the same state.
   An entity whose state is unknown joins one whose state is known only when that
   match is unique (its keys find one entity, in one state) and comes from another file
   (a file that lists "Rockingham County SO" beside "Rockingham County VA SO" lists two).

No rule merges two entities of different types, two entities whose identifiers of one
kind differ, two hand-written entities (a curator gave them two ids; the crosswalk can), or
anything on a similarity score: `watchgraph dedupe` lists those for a curator.

Of the records that are one, the first hand-written one (the bundled data first), else the
first read, is kept; the others are taken out of their files, and relationships naming
them are rewritten to the kept id. A relationship that is then a claim already made (the
same type, ends and qualifier: one relationship id) in another file, or in the same file
before its ends were merged, is taken out too. Everything taken out is validated on its own
after the rest, then merged into what it is one with (loaders/resolve_merge.py). Two
writings of one claim in one file stay an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.identity import fold
from watchgraph.graph.schema import Schema
from watchgraph.graph.validate import Validator
from watchgraph.loaders.crosswalk import SECTION, Decision, decisions
from watchgraph.loaders.inputs import BUNDLED_DISPLAY
from watchgraph.loaders.registry import loader_for
from watchgraph.loaders.resolve_names import (
    NAME_RULE_TYPES,
    identifiers,
    match_keys,
    state_of,
)

CURATED_LOADERS = ("yaml",)
Sections = dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]]
Doc = tuple[Path, str, Sections | None]


@dataclass
class Record:
    """One entity record as read, before merging."""

    doc: int
    index: int
    path: tuple[Any, ...]
    raw: dict[str, Any]
    id: str
    type: str
    curated: bool

    @property
    def name(self) -> str:
        return str(self.raw["name"])

    @property
    def aliases(self) -> list[str]:
        found = self.raw.get("aliases")
        return [a for a in found if isinstance(a, str)] if isinstance(found, list) else []


@dataclass(frozen=True)
class Secondary:
    """A record merged into another: validated on its own, then merged (`merge`)."""

    file: str
    path: tuple[Any, ...]
    raw: dict[str, Any]
    into: str | None  # the kept entity's id (None for a relationship: its own id)
    why: str
    ordinal: int  # its place among the records merged into one (1, 2, ...)


@dataclass
class Resolution:
    """What resolving did: errors (a crosswalk that contradicts itself), warnings, and the
    ids merged into others (merged id -> kept id)."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)


class _Components:
    """Union-find over records, refusing merges a rule must not make."""

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.parent = list(range(len(records)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(records))}
        self.idents = [identifiers(r.type, r.raw) for r in records]
        self.apart: set[tuple[int, int]] = set()  # not_same_as, by record index
        self.why: dict[int, str] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def blocked(self, a: int, b: int, by_rule: bool) -> str | None:
        """Why the components of records a and b must not merge, or None."""
        ra, rb = self.find(a), self.find(b)
        ma, mb = self.members[ra], self.members[rb]
        if self.records[ra].type != self.records[rb].type:
            return "they are of two types"
        if self.apart and any((min(x, y), max(x, y)) in self.apart for x in ma for y in mb):
            return "the crosswalk says not_same_as"
        if by_rule:
            if any(self.records[x].curated for x in ma) and any(self.records[y].curated for y in mb):
                return "both are hand-written"
            kinds_a = {k: v for x in ma for k, v in self.idents[x].items()}
            for y in mb:
                for kind, value in self.idents[y].items():
                    if kinds_a.get(kind, value) != value:
                        return f"their {kind} differ"
        return None

    def union(self, a: int, b: int, why: str, by_rule: bool = True) -> str | None:
        """Merge the components of a and b; returns why not, if refused."""
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return None
        refused = self.blocked(a, b, by_rule)
        if refused:
            return refused
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        for i in self.members[ra]:
            self.why.setdefault(i, why)
        return None

    def groups(self) -> Iterator[list[int]]:
        for members in self.members.values():
            if len(members) > 1:
                yield sorted(members)


class Resolver:
    """Collects the crosswalk's decisions while documents are read (`take`), decides
    what is one and takes the records merged into others out of the documents' sections
    (`resolve`), and after validation merges them (`merge`)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.decisions: list[Decision] = []
        self.curated: list[bool] = []
        self.same_id: list[tuple[int, int]] = []  # records of one id in two files
        self.resolution = Resolution()
        self.entities: list[Secondary] = []
        self.relationships: list[Secondary] = []

    def take(self, path: Path, display: str, doc: Any) -> Any:
        """A document as validation reads it: a crosswalk's decisions are kept here and
        nothing is left to validate (None)."""
        self.curated.append(display.startswith(BUNDLED_DISPLAY) or
                            loader_for(path).name in CURATED_LOADERS)
        if isinstance(doc, dict) and SECTION in doc:
            self.decisions += decisions(doc, display)
            return None
        return doc

    def resolve(self, docs: Sequence[Doc]) -> Resolution:
        """Decide which entity records of `docs` are one, and which relationships are then
        one claim; take the records to merge out of the sections (in place). A crosswalk
        naming what is not loaded is a warning (a crosswalk may cover more than one run
        loads), also under strict checking."""
        out = Resolution()
        self.entities, self.relationships = [], []
        records = self._records(docs)
        comps = _Components(records)
        self._crosswalk(comps, out)
        if not all(r.curated for r in records):  # rules never merge two hand-written records
            _identifiers(comps)
            _names(comps)
        self._route_entities(docs, comps, out)
        self._route_relationships(docs, records, out)
        self.resolution = out
        return out

    def merge(self, checker: Validator, strict: bool) -> list[Problem]:
        """After validation: validate each record taken out on its own (its problems are
        returned), then merge it into the record it is one with (see resolve_merge.py)."""
        from watchgraph.loaders.resolve_merge import merge_records

        return merge_records(self, checker, strict)

    # -- entities ------------------------------------------------------------------

    def _records(self, docs: Sequence[Doc]) -> list[Record]:
        """The entity records that resolution may merge (each id once per file, once
        among hand-written files; the validator reports the other repeats)."""
        records: list[Record] = []
        first: dict[str, int] = {}
        self.same_id = []
        for d, (_, _, sections) in enumerate(docs):
            for i, (path, raw) in enumerate((sections or {}).get("entities", ())):
                eid, etype = raw.get("id"), raw.get("type")
                if not (isinstance(eid, str) and isinstance(etype, str) and
                        etype in self.schema.entities and isinstance(raw.get("name"), str)):
                    continue
                rec = Record(d, i, path, raw, eid, etype, self.curated[d])
                if eid in first:
                    seen = records[first[eid]]
                    if seen.doc == d or seen.type != etype or (seen.curated and rec.curated):
                        continue
                    self.same_id.append((first[eid], len(records)))
                else:
                    first[eid] = len(records)
                records.append(rec)
        return records

    def _crosswalk(self, comps: _Components, out: Resolution) -> None:
        index: dict[str, int] = {}
        for i, r in enumerate(comps.records):
            index.setdefault(r.id, i)
        usable: list[tuple[Decision, int, int]] = []
        relations: dict[tuple[str, str], Decision] = {}
        for d in self.decisions:
            unknown = [x for x in (d.entity, d.other) if x not in index]
            if unknown:
                out.warnings.append(Problem(d.file, f"{unknown[0]} is not among the entities "
                                            "loaded; the decision is not used", "check the id, "
                                            "or load the data that defines it", line=d.line))
                continue
            earlier = relations.setdefault(d.pair(), d)
            if earlier.relation != d.relation:
                out.problems.append(Problem(d.file, f"{d.entity} and {d.other} are both same_as "
                                            f"and not_same_as (also {earlier.file}:{earlier.line})",
                                            "keep one decision", line=d.line))
                continue
            usable.append((d, index[d.entity], index[d.other]))
        for d, a, b in usable:
            if d.relation == "not_same_as":
                comps.apart.add((min(a, b), max(a, b)))
        for a, b in self.same_id:
            comps.union(a, b, "the same id", by_rule=False)
        for d, a, b in usable:
            if d.relation == "same_as":
                refused = comps.union(a, b, f"the crosswalk ({d.decided_by})", by_rule=False)
                if refused:
                    out.problems.append(Problem(d.file, f"{d.entity} cannot be same_as {d.other}: "
                                                f"{refused}", "correct or remove one of the "
                                                "decisions", line=d.line))

    def _route_entities(self, docs: Sequence[Doc], comps: _Components, out: Resolution) -> None:
        """Take the records merged into others out of the sections (they are validated on
        their own, then merged: `merge`), and note which id each is merged into."""
        records = comps.records
        dropped: set[tuple[int, int]] = set()
        for group in comps.groups():
            keep = min(group, key=lambda i: (not records[i].curated, records[i].doc, records[i].index))
            kept = records[keep]
            for ordinal, i in enumerate((i for i in group if i != keep), start=1):
                rec = records[i]
                dropped.add((rec.doc, rec.index))
                if rec.id != kept.id:
                    out.merged[rec.id] = kept.id
                self.entities.append(Secondary(docs[rec.doc][1], rec.path, rec.raw, kept.id,
                                               f"{rec.id} is one entity with {kept.id} "
                                               f"({comps.why.get(i, 'a rule')})", ordinal))
        for d, (_, _, sections) in enumerate(docs):
            if sections and any(k[0] == d for k in dropped):
                sections["entities"] = [item for i, item in enumerate(sections["entities"])
                                        if (d, i) not in dropped]

    # -- relationships ---------------------------------------------------------------

    def _route_relationships(self, docs: Sequence[Doc], records: list[Record],
                             out: Resolution) -> None:
        """Rewrite relationships to the kept ids; take those that are then a claim
        already made out of the sections (validated on their own, then merged)."""
        table = _names_table(records)
        merged = out.merged
        directed = {name: t.directed for name, t in self.schema.relationships.items()}
        refs = {name: [k for k, s in {**self.schema.relationship_properties, **t.properties}.items()
                       if s.type == "ref"] for name, t in self.schema.relationships.items()}
        claims: dict[tuple[Any, ...], tuple[int, tuple[Any, ...], int]] = {}
        get = table.get
        for d, (_, display, sections) in enumerate(docs):
            rels = sections["relationships"] if sections else []
            taken: set[int] = set()
            for n, (path, raw) in enumerate(rels):
                rtype = raw.get("type")
                is_directed = directed.get(rtype) if rtype.__class__ is str else None
                if is_directed is None:
                    continue
                f, t = raw.get("from"), raw.get("to")
                a = get(f) if f.__class__ is str else None
                b = get(t) if t.__class__ is str else None
                a = a if a is not None else _find(table, f)
                b = b if b is not None else _find(table, t)
                if merged and (a in merged or b in merged or refs[str(rtype)]):
                    raw = _rewritten(raw, {"from": a, "to": b}, refs[str(rtype)], table, merged)
                    rels[n] = (path, raw)
                qualifier = raw.get("qualifier")
                if a is None or b is None or not (qualifier is None or qualifier.__class__ is str):
                    continue
                if not is_directed and b < a:
                    a, b = b, a
                ka, kb = (merged.get(a, a), merged.get(b, b)) if merged else (a, b)
                if not is_directed and kb < ka:
                    ka, kb = kb, ka
                key = (rtype, ka, kb, qualifier)
                earlier = claims.get(key)
                if earlier is None:
                    claims[key] = (d, (a, b), 0)
                elif earlier[0] != d or earlier[1] != (a, b):  # else the validator reports it
                    claims[key] = (earlier[0], earlier[1], earlier[2] + 1)
                    taken.add(n)
                    self.relationships.append(Secondary(
                        display, path, raw, None, f"this claim is also in {docs[earlier[0]][1]}",
                        earlier[2] + 1))
            if sections and taken:
                sections["relationships"] = [x for n, x in enumerate(rels) if n not in taken]


def _names_table(records: list[Record]) -> dict[str, str | None]:
    """Each id, and each case-folded name and alias, with the id it names (None for a name
    of several), as the validator's alias index resolves them."""
    table: dict[str, str | None] = {}
    for r in records:
        for n in (r.name, *r.aliases):
            key = fold(n)
            table[key] = r.id if table.get(key, r.id) == r.id else None
    for r in records:
        table[r.id] = r.id
    return table


def _find(table: dict[str, str | None], value: Any) -> str | None:
    if value.__class__ is not str:
        return None
    found = table.get(value)
    return found if found is not None or value in table else table.get(fold(value))


def _rewritten(raw: dict[str, Any], ends: dict[str, str | None], refs: Sequence[str],
               table: dict[str, str | None], merged: dict[str, str]) -> dict[str, Any]:
    """A relationship with its ends (found: `ends`) and entity references naming merged
    entities rewritten to the kept ids."""
    found = {**ends, **{ref: _find(table, raw.get(ref)) for ref in refs}}
    changes = {key: merged[eid] for key, eid in found.items() if eid in merged}
    return {**raw, **changes} if changes else raw


def _identifiers(comps: _Components) -> None:
    first: dict[tuple[str, str, str], int] = {}
    for i, idents in enumerate(comps.idents):
        for kind, value in idents.items():
            key = (comps.records[i].type, kind, value)
            if key in first:
                comps.union(first[key], i, f"the same {kind} {value}")
            else:
                first[key] = i


def _names(comps: _Components) -> None:
    stated: dict[tuple[str, str, str], list[int]] = {}
    by_key: dict[tuple[str, str], list[int]] = {}
    stateless: list[tuple[int, list[str]]] = []
    for i, r in enumerate(comps.records):
        if r.type not in NAME_RULE_TYPES:
            continue
        state = state_of(r.type, r.name, r.raw)
        keys = match_keys(r.type, r.name, r.aliases, state)
        if state is None:
            stateless.append((i, keys))
            continue
        for k in keys:
            group = stated.setdefault((r.type, state, k), [])
            if group:
                comps.union(group[0], i, f"the same name in {state}")
            group.append(i)
            by_key.setdefault((r.type, k), []).append(i)
    alike: dict[tuple[str, str], int] = {}
    for i, keys in stateless:
        etype, doc = comps.records[i].type, comps.records[i].doc
        matches = [j for k in keys for j in by_key.get((etype, k), ())]
        found = {comps.find(j) for j in matches}
        if len(found) == 1 and all(comps.records[j].doc != doc for j in matches):
            comps.union(found.pop(), i, "the same name, in the only state it is found in")
        elif not found:
            for k in keys:
                if (etype, k) in alike:
                    comps.union(alike[(etype, k)], i, "the same name")
                else:
                    alike[(etype, k)] = i
