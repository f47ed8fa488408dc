"""JSON data files: the data format as JSON, or the JSON interchange format that
`watchgraph export json` writes (nodes, edges with citations, sources)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.model import INTERCHANGE_FORMAT
from watchgraph.loaders.registry import Loader
from watchgraph.loaders.yaml_loader import locate


class JsonLoader(Loader):
    """`.json`: the interchange format read back, or the data format written as JSON."""

    name = "json"
    suffixes = (".json",)

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        try:
            return json_sections(json.loads(text)), []
        except json.JSONDecodeError as exc:
            return None, [Problem(display, f"JSON syntax error: {exc.msg}",
                                  "check the brackets, commas and quotes", line=exc.lineno)]

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        locate(path, problems)  # JSON is YAML: the same paths lead to the same lines


def json_sections(doc: Any) -> Any:
    """A document in the JSON interchange format, as the loader's three sections.

    Edges become relationships (`source`/`target` read as `from`/`to`; their derived `id`
    is dropped and derived again). Anything else is returned unchanged, for the loader to
    report as it would any malformed file.
    """
    if not isinstance(doc, dict) or doc.get("format") != INTERCHANGE_FORMAT:
        return doc
    edges = []
    for e in doc.get("edges") or []:
        if isinstance(e, dict):
            e = {_EDGE_KEYS.get(k, k): v for k, v in e.items() if k != "id"}
        edges.append(e)
    return {"sources": doc.get("sources"), "entities": doc.get("nodes"), "relationships": edges}


_EDGE_KEYS = {"source": "from", "target": "to"}
