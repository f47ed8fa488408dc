"""What the XML graph formats (GEXF, GraphML) share: their attribute types for the
property-graph column kinds, and a value as XML character data."""

from __future__ import annotations

import re
from typing import Any

XML_TYPES = {"string": "string", "int": "long", "float": "double", "boolean": "boolean",
             "string[]": "string"}
"""The XML graph formats' attribute type of each column kind (lists are joined text)."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """A value as text XML can hold (unescaped): booleans as true/false, lists joined with
    `; `, characters XML 1.0 forbids left out."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    return _NOT_XML.sub("", text)
