"""What the Neo4j exports share: checked names in query text, constraints, the dataset marker.

Labels and relationship types enter Cypher text only through `name()`, which accepts a
name only if the schema's property-graph shape declares it; every value is a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchgraph.errors import WatchgraphError
from watchgraph.propertygraph.shape import Shape

MARKER = "wgDatasets"
"""The property listing the datasets (`dataset_name`) that exported a node or relationship.

A list, so that two datasets sharing an entity each own it: pruning one removes its name
and deletes the node only when no dataset is left."""

DEFAULT_DATASET = "watchgraph"

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def name(shape: Shape, value: str) -> str:
    """`value` back-quoted for query text, if it is one of the shape's labels or types."""
    if (value not in shape.node_columns and value not in shape.rel_columns) or not _IDENT.match(value):
        raise WatchgraphError(f"{value!r} is not a label or relationship type of the schema; "
                              "only schema names are written to Neo4j")
    return f"`{value}`"


def constraint_statements(shape: Shape) -> Iterator[str]:
    """`CREATE CONSTRAINT ... IF NOT EXISTS`: `id` unique per label and per relationship type
    (relationship uniqueness constraints exist in Community since Neo4j 5.7)."""
    for label in shape.node_columns:
        yield (f"CREATE CONSTRAINT `wg_{label}_id` IF NOT EXISTS "
               f"FOR (n:{name(shape, label)}) REQUIRE n.id IS UNIQUE")
    for rel_type in shape.rel_columns:
        yield (f"CREATE CONSTRAINT `wg_{rel_type}_id` IF NOT EXISTS "
               f"FOR ()-[r:{name(shape, rel_type)}]-() REQUIRE r.id IS UNIQUE")
