"""`watchgraph export ftm -o FILE`: FollowTheMoney entities, one JSON object a line.

The mapping is schema.yaml's: each entity type's `ftm` schema (Agency → PublicBody,
Product and Dataset → Asset, Policy → Document, ...) and each relationship type's
`ftm: {schema, source, target}` (USES → UnknownLink subject/object, PART_OF → Membership
member/organization, ...). Where the endpoints do not fall in the FtM property's range
(a Product `PART_OF` a Product cannot be a Membership, whose member is a LegalEntity), the
relationship is an UnknownLink instead, so every line is valid FtM.

What FtM has a property for is written there: name, alias, description, country,
wikidataId, uniqueEntityId (a company's uei), website, incorporationDate (founded), a Person's position (role), an Event's
date; a relationship's startDate, endDate, date, amount, currency,
description (our note), `status` (FtM's Interest status) and `role` (the relationship's
label, or its role); each Source is a `Document` (title, publisher, publishedAt,
sourceUrl, author, description) and a relationship's `proof` names the Documents it cites,
FtM's own provenance link, which Aleph shows. FtM has no place for a citation's stance,
locator, quote and note (its `Documentation` joins a Document to a Thing, and relationships
are Intervals, not Things), nor for our ids, types and other properties: they travel in
one more top-level key, `watchgraph`, which FtM tools ignore and `--data FILE.ftm.json`
reads back, so a round trip keeps every entity, relationship, source and citation.

FtM ids allow letters, digits, `.` and `-`: our ids are written with `.` for `:`
(`agency:nypd` → `agency.nypd`), sources as `source.<id>`; an id that still does not fit
becomes `wg-<sha1>`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import IO, Any

from watchgraph.exporters.base import FileExporter
from watchgraph.graph.model import Citation, Entity, Relationship, Source
from watchgraph.graph.schema import Schema
from watchgraph.graph.store import KnowledgeGraph

FORMAT = "watchgraph-ftm"
VERSION = 1
_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")

# Which FtM schemata each FtM schema we write is (its ancestors that matter for ranges),
# and the range of each edge property of the edge schemata schema.yaml uses.
FTM_IS_A = {
    "PublicBody": {"PublicBody", "Organization", "LegalEntity", "Thing"},
    "Company": {"Company", "Organization", "LegalEntity", "Asset", "Thing"},
    "Organization": {"Organization", "LegalEntity", "Thing"},
    "Person": {"Person", "LegalEntity", "Thing"},
    "Asset": {"Asset", "Thing"},
    "Document": {"Document", "Thing"},
    "Event": {"Event", "Thing"},
}
FTM_RANGES = {
    ("Membership", "member"): "LegalEntity", ("Membership", "organization"): "Organization",
    ("Employment", "employee"): "Person", ("Employment", "employer"): "Organization",
    ("Ownership", "owner"): "LegalEntity", ("Ownership", "asset"): "Asset",
    ("Payment", "payer"): "LegalEntity", ("Payment", "beneficiary"): "LegalEntity",
    ("UnknownLink", "subject"): "Thing", ("UnknownLink", "object"): "Thing",
}
FALLBACK = ("UnknownLink", "subject", "object")
LEGAL = frozenset({"PublicBody", "Company", "Organization", "Person"})  # LegalEntity's
INTEREST = {"Membership", "Employment", "Ownership", "UnknownLink"}  # have status and role

ENTITY_PROPS: dict[str, tuple[str, frozenset[str] | None]] = {
    "description": ("description", None), "wikidata": ("wikidataId", None),
    "country": ("country", None), "url": ("website", LEGAL),
    "founded": ("incorporationDate", LEGAL), "role": ("position", frozenset({"Person"})),
    "date": ("date", frozenset({"Event"})), "uei": ("uniqueEntityId", LEGAL)}
"""Our entity property → its FtM property, and the FtM schemata that have it (None: all)."""
RELATIONSHIP_PROPS = {"start": "startDate", "end": "endDate", "date": "date",
                      "note": "description", "amount": "amount", "currency": "currency"}
"""Our relationship property → its FtM property (amount and currency on Payment only)."""
SOURCE_PROPS = {"publisher": "publisher", "published": "publishedAt", "url": "sourceUrl",
                "author": "author", "note": "description"}


@functools.lru_cache(maxsize=1 << 20)
def ftm_id(our_id: str, prefix: str = "") -> str:
    """The FtM id of one of our ids (`agency:nypd` → `agency.nypd`)."""
    candidate = prefix + our_id.replace(":", ".")
    if _FTM_ID.match(candidate):
        return candidate
    return "wg-" + hashlib.sha1(our_id.encode("utf-8")).hexdigest()


def source_ftm_id(source_id: str) -> str:
    """The FtM id of the Document for one of our sources."""
    return ftm_id(source_id, "source.")


def _strings(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [str(value)]


def edge_schema(schema: Schema, rel: Relationship, ftm_of: dict[str, str]) -> tuple[str, str, str]:
    """The FtM schema and the source and target properties for one relationship: the
    declared mapping, or UnknownLink when the endpoints fall outside its ranges."""
    m = schema.relationships[rel.type].ftm
    fits = (FTM_RANGES.get((m.schema, m.source)) in FTM_IS_A.get(ftm_of[rel.source], ())
            and FTM_RANGES.get((m.schema, m.target)) in FTM_IS_A.get(ftm_of[rel.target], ()))
    return (m.schema, m.source, m.target) if fits else FALLBACK


def entity_line(schema: Schema, e: Entity) -> dict[str, Any]:
    """An entity as an FtM entity with the `watchgraph` key."""
    ftm_schema = schema.entities[e.type].ftm
    props: dict[str, list[str]] = {"name": [e.name]}
    if e.aliases:
        props["alias"] = list(e.aliases)
    rest: dict[str, Any] = {}
    for key, value in e.properties.items():
        target, where = ENTITY_PROPS.get(key, (None, None))
        if where is not None and ftm_schema not in where:
            target = None
        if target is None:
            rest[key] = value
        else:
            props[target] = [str(value).lower()] if key == "country" else _strings(value)
    if ftm_schema == "Document":
        props["title"] = [e.name]
        props["fileName"] = [e.id]
    return {"id": ftm_id(e.id), "schema": ftm_schema, "properties": props,
            "watchgraph": {"id": e.id, "type": e.type, "properties": rest}}


def _citation(c: Citation) -> dict[str, Any]:
    out = {"source": c.source, "stance": c.stance, "locator": c.locator, "note": c.note}
    if c.quote is not None:
        out["quote"] = c.quote
    return out


def relationship_line(schema: Schema, r: Relationship, ftm_of: dict[str, str]) -> dict[str, Any]:
    """A relationship as an FtM interval (its proof: the cited sources' Documents) with
    the `watchgraph` key (id, type, status, citations and the properties FtM has no place for)."""
    ftm_schema, source_prop, target_prop = edge_schema(schema, r, ftm_of)
    props: dict[str, list[str]] = {source_prop: [ftm_id(r.source)], target_prop: [ftm_id(r.target)],
                                   "proof": [source_ftm_id(s) for s in r.sources()]}
    rest: dict[str, Any] = {}
    for key, value in r.properties.items():
        target = RELATIONSHIP_PROPS.get(key)
        if key in ("amount", "currency") and ftm_schema != "Payment":
            target = None
        if target is None:
            rest[key] = value
        else:
            props[target] = _strings(value)
    if ftm_schema in INTEREST:
        props["status"] = [r.status]
        role = r.properties.get("role")
        props["role"] = [str(role) if isinstance(role, str) else schema.relationships[r.type].label]
    else:
        props["summary"] = [f"{schema.relationships[r.type].label} ({r.status})"]
    return {"id": ftm_id(r.id), "schema": ftm_schema, "properties": props,
            "watchgraph": {"id": r.id, "type": r.type, "from": r.source, "to": r.target,
                           "status": r.status, "citations": [_citation(c) for c in r.citations],
                           "properties": rest}}


def source_line(s: Source) -> dict[str, Any]:
    """A source as an FtM Document with the `watchgraph` key (id, kind, archive URL)."""
    props: dict[str, list[str]] = {"title": [s.title], "name": [s.title], "fileName": [s.id]}
    for key, target in SOURCE_PROPS.items():
        value = getattr(s, key)
        if value:
            props[target] = _strings(value)
    rest = {"kind": s.kind, **({"archiveUrl": s.archiveUrl} if s.archiveUrl else {})}
    return {"id": source_ftm_id(s.id), "schema": "Document", "properties": props,
            "watchgraph": {"id": s.id, "source": True, "properties": rest}}


def write_ftm(graph: KnowledgeGraph, fh: IO[str]) -> dict[str, int]:
    """Write the graph as FtM JSON lines: sources, entities, then relationships."""
    schema = graph.schema
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    counts = {"sources": 0, "entities": 0, "relationships": 0}
    for s in graph.sources.values():
        fh.write(dumps(source_line(s)) + "\n")
        counts["sources"] += 1
    ftm_of: dict[str, str] = {}
    for e in graph.entities():
        line = entity_line(schema, e)
        ftm_of[e.id] = line["schema"]
        fh.write(dumps(line) + "\n")
        counts["entities"] += 1
    for r in graph.relationships():
        fh.write(dumps(relationship_line(schema, r, ftm_of)) + "\n")
        counts["relationships"] += 1
    return counts


class FtmExporter(FileExporter):
    """`watchgraph export ftm`: FollowTheMoney entities as JSON lines."""

    name = "ftm"
    summary = ("FollowTheMoney JSON lines (for Aleph, OpenSanctions' tools and ftm): "
               "entities, relationships as FtM intervals, sources as Documents.")

    def write(self, graph: KnowledgeGraph, fh: IO[Any]) -> dict[str, int]:
        return write_ftm(graph, fh)
