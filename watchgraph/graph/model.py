"""Records: Source, Citation, Entity, Relationship."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INTERCHANGE_FORMAT = "watchgraph-json"
"""The `format` field of the JSON interchange format."""

@dataclass(frozen=True, slots=True)
class Source:
    """A document that evidence comes from."""

    id: str
    title: str
    publisher: str
    kind: str
    published: str | None = None
    url: str | None = None
    archiveUrl: str | None = None
    author: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A relationship's pointer to a source, with its stance and a note in our words."""

    source: str
    stance: str = "supports"
    locator: str | None = None
    note: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A node: an agency, company, product, person, organization, policy, event or dataset."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relationship:
    """An edge with its status and the citations that carry its evidence."""

    id: str
    type: str
    source: str
    target: str
    status: str
    citations: tuple[Citation, ...]
    properties: dict[str, Any] = field(default_factory=dict)

    def sources(self) -> list[str]:
        """The ids of the cited sources, in citation order, without repeats."""
        return list(dict.fromkeys(c.source for c in self.citations))


def relationship_id(type_name: str, source: str, target: str, qualifier: str | None,
                    directed: bool = True) -> str:
    """The deterministic id of a relationship: `type:from-id:to-id[:qualifier]`.

    Undirected relationships put their endpoints in order, so A-B and B-A share an id.
    """
    if not directed and target < source:
        source, target = target, source
    rid = f"{type_name.lower()}:{source}:{target}"
    return f"{rid}:{qualifier}" if qualifier else rid
