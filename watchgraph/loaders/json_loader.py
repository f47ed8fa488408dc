"""JSON data files: the data format as JSON, or the JSON interchange format that
`watchgraph export json` writes (nodes, edges with citations, sources)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchgraph.errors import Problem
from watchgraph.graph.model import INTERCHANGE_FORMAT
from watchgraph.graph.types import describe
from watchgraph.loaders.registry import Loader
from watchgraph.loaders.yaml_parse import locate, too_deep, unreadable_value


class JsonLoader(Loader):
    """`.json`: the interchange format read back, or the data format written as JSON."""

    name = "json"

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        try:
            doc = json.loads(text, object_pairs_hook=_no_repeats)
        except json.JSONDecodeError as exc:
            return None, [Problem(display, f"JSON syntax error: {exc.msg}",
                                  "check the brackets, commas and quotes", line=exc.lineno)]
        except RecursionError:
            return None, [too_deep(display, "lists and objects")]
        except ValueError as exc:  # a number of thousands of digits (Python's int limit)
            return None, [unreadable_value(display, exc)]
        except _Repeated as exc:
            return None, [_repeated(text, display, exc.args[0])]
        if isinstance(doc, dict) and doc.get("format") == INTERCHANGE_FORMAT:
            for key in ("nodes", "edges", "sources"):
                if doc.get(key) is not None and not isinstance(doc[key], list):
                    return None, [Problem(display, f"{key} must be a list, not {describe(doc[key])}",
                                          f"write `\"{key}\": [...]`", path=(key,))]
        return json_sections(doc), []

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        # JSON is YAML (but for surrogate escapes): the same paths lead to the same lines
        locate(path, problems, prepare=lambda text: _SURROGATE.sub(r"\1\\ufffd", text))


def json_sections(doc: Any) -> Any:
    """A document in the JSON interchange format, as the loader's three sections.

    Edges become relationships (`source`/`target` read as `from`/`to`; their derived `id`
    is dropped and derived again). Anything else is returned unchanged, for the loader to
    report as it would any malformed file.
    """
    if not isinstance(doc, dict) or doc.get("format") != INTERCHANGE_FORMAT:
        return doc
    edges = doc.get("edges")  # anything but a list, for the validator to report
    if isinstance(edges, list):
        edges = [{_EDGE_KEYS.get(k, k): v for k, v in e.items() if k != "id"}
                 if isinstance(e, dict) else e for e in edges]
    return {"sources": doc.get("sources"), "entities": doc.get("nodes"), "relationships": edges}


_EDGE_KEYS = {"source": "from", "target": "to"}


_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _Repeated(Exception):
    """A key written twice in one object: (the key)."""


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Repeated(key)
            seen.add(key)
    return out


def _repeated(text: str, display: str, key: str) -> Problem:
    """The problem of a repeated key, with both lines where YAML (which JSON is) finds them."""
    from watchgraph.loaders.yaml_parse import StructureError, _construct

    try:
        _construct(text)
    except StructureError as exc:
        return Problem(display, exc.message, exc.hint, line=exc.line)
    except Exception:  # noqa: BLE001 - JSON that YAML reads otherwise: no lines to give
        pass
    return Problem(display, f"the key {key!r} is written twice in one object",
                   "keep one of the two", line=1)
