"""Parsing YAML data files with libyaml, and locating problems by line.

Parsing is done without line tracking (the fast path). Only when validation finds a
problem is the file composed again, node by node, to turn the problem's path into a line
(JSON files are located the same way: JSON is YAML).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from watchgraph.errors import Problem

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"


class DataLoader(yaml.CSafeLoader):
    """libyaml's safe loader, minus YAML 1.1 surprises.

    Dates stay strings (so `2019-02-30` is reported, not a crash, and `2018-12` keeps its
    precision), only `true`/`false` are booleans (so a name like `NO` stays a name), and
    numbers are plain decimal: `010` (octal 8), `0x10`, `1:30:00` (base 60) and `1_000`
    stay text, which a number property reports.
    """


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
DataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TIMESTAMP, _BOOL, _INT, _FLOAT)]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))
for _first in "-+0123456789":
    DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        (_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")))
for _first in "-+.0123456789":
    DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        (_FLOAT, re.compile(r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
                            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")))

ALIAS_LIMIT = 1_000_000
"""Aliases may repeat data, but a document expands to at most this many values plus 20
per byte of the file (a few hundred bytes of nested aliases would otherwise expand to
billions: the "billion laughs")."""


def too_deep(display: str, containers: str) -> Problem:
    """The problem of a document nested deeper than the parser goes (YAML's or JSON's)."""
    return Problem(display, "the data is nested too deeply", f"flatten the {containers}", line=1)


def unreadable_value(display: str, exc: ValueError) -> Problem:
    """The problem of a value the parser refuses: a number of thousands of digits (Python's
    limit on converting text to int), in YAML or JSON."""
    return Problem(display, f"a value cannot be read: {' '.join(str(exc).split())}",
                   "write numbers of at most 19 digits", line=1)


def read(text: str, display: str) -> tuple[Any, list[Problem]]:
    """A data file's document, or the problem that stops it being read (with its line)."""
    try:
        doc = _construct(text)
    except StructureError as exc:
        return None, [Problem(display, exc.message, exc.hint, line=exc.line)]
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [Problem(display, f"the character U+{char:04X} is not allowed in YAML "
                              "(a control character)", "remove it, or write it as an escape "
                              "in a double-quoted string",
                              line=text.count("\n", 0, exc.position) + 1)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        return None, [Problem(display, f"YAML syntax error: {what}",
                              "check the indentation and quoting on this line", line=line)]
    except yaml.YAMLError as exc:
        return None, [Problem(display, f"YAML error: {' '.join(str(exc).split())}",
                              "check the file's syntax", line=1)]
    except RecursionError:
        return None, [too_deep(display, "lists and mappings")]
    except ValueError as exc:  # a number of thousands of digits (Python's int limit)
        return None, [unreadable_value(display, exc)]
    if doc is None:
        return None, [Problem(display, "the file is empty",
                              "add `sources:`, `entities:` or `relationships:`, or remove the file",
                              line=1)]
    return doc, []


class _NotPlain(Exception):
    """A node that needs PyYAML's full constructor (a merge key, an explicit tag)."""


class StructureError(Exception):
    """A document that parses but must not be read: a repeated key, aliases that expand
    too far or refer to themselves."""

    def __init__(self, message: str, hint: str, line: int) -> None:
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = {
    _INT: yaml.constructor.SafeConstructor.construct_yaml_int,
    _FLOAT: yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
}


def _construct(text: str) -> Any:
    """Parse YAML with libyaml; build plain data from its nodes.

    Data files are plain mappings, lists and scalars: building them directly from the
    composed nodes takes a third less time than PyYAML's general constructor, which
    still handles any document using more of YAML (merge keys, explicit tags). Raises
    StructureError for a repeated key or aliases that expand too far.
    """
    loader = DataLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if "*" in text:  # aliases: bound what they expand to before anything copies them
            _bound_aliases(root, ALIAS_LIMIT + 20 * len(text))
        try:
            return _plain(root, loader)
        except _NotPlain:
            _check_keys(root)
            return loader.construct_document(root)
    finally:
        loader.dispose()


def _plain(node: yaml.Node, loader: DataLoader) -> Any:
    cls = node.__class__
    if cls is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise _NotPlain
        return construct(loader, node)  # type: ignore[arg-type]
    if cls is yaml.MappingNode:
        out = {}
        for key, value in node.value:
            if key.__class__ is not yaml.ScalarNode or key.tag != _STR:
                raise _NotPlain
            out[key.value] = _plain(value, loader)
        if len(out) != len(node.value):
            _check_mapping(node)  # type: ignore[arg-type]
        return out
    if cls is yaml.SequenceNode:
        return [_plain(item, loader) for item in node.value]
    raise _NotPlain


def _check_mapping(node: yaml.MappingNode) -> None:
    """StructureError for a key written twice in one mapping (the second would silently
    replace the first)."""
    seen: dict[tuple[str, str], int] = {}
    for key, _value in node.value:
        if key.__class__ is not yaml.ScalarNode or key.tag == _MERGE:
            continue
        line = key.start_mark.line + 1
        first = seen.get((key.tag, key.value))
        if first is None:
            seen[(key.tag, key.value)] = line
        else:
            where = f"lines {first} and {line}" if first != line else f"line {line}"
            raise StructureError(f"the key {key.value!r} is written twice, on {where}",
                                 "keep one of the two", line)


def _check_keys(root: yaml.Node) -> None:
    """Every mapping of the document checked for repeated keys (each node once)."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            _check_mapping(node)
            for key, value in node.value:
                todo += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value


def _bound_aliases(root: yaml.Node, limit: int) -> None:
    """StructureError when the document, its aliases expanded, holds more than `limit`
    values, or an alias refers to a node that contains it."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in active:
            raise StructureError("an alias refers to a list or mapping that contains it",
                                 "write the data out without the recursive alias",
                                 node.start_mark.line + 1)
        active.add(key)
        n = 1
        if isinstance(node, yaml.SequenceNode):
            n += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            n += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        if n > limit:
            raise StructureError(f"the aliases expand to more than {limit:,} values",
                                 "write the data out, or repeat it through fewer nested aliases",
                                 node.start_mark.line + 1)
        sizes[key] = n
        return n

    size(root)


def locate(path: Path, problems: Sequence[Problem],
           prepare: Callable[[str], str] | None = None) -> None:
    """Fill in the line of each problem from its path into the document (in place);
    `prepare` turns the file's text into YAML with the same lines, where it is not."""
    pending = [p for p in problems if p.line is None and p.path]
    if pending:
        try:
            text = path.read_text("utf-8")
            root = yaml.compose(prepare(text) if prepare else text, Loader=DataLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            root = None
        for problem in pending:
            problem.line = _line_of(root, problem.path) if root is not None else None
    for problem in problems:
        if problem.line is None:
            problem.line = 1


def _line_of(node: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    # a problem with a key and its scalar value is reported on the key's line
                    node = value
                    line = key.start_mark.line + 1
                    break
            else:
                return line
            if not isinstance(node, yaml.ScalarNode):
                continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line
