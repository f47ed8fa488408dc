"""YAML data files, parsed with libyaml, and problems located by line.

Parsing is done without line tracking (the fast path). Only when validation finds a
problem is the file composed again, node by node, to turn the problem's path into a line
(JSON files are located the same way: JSON is YAML).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from watchgraph.errors import Problem
from watchgraph.loaders.registry import Loader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"


class DataLoader(yaml.CSafeLoader):
    """libyaml's safe loader, minus YAML 1.1 surprises.

    Dates stay strings (so `2019-02-30` is reported, not a crash, and `2018-12` keeps its
    precision) and only `true`/`false` are booleans (so a name like `NO` stays a name).
    """


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_TIMESTAMP, _BOOL)]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


class YamlLoader(Loader):
    """The data format written by hand: `sources`, `entities`, `relationships`."""

    name = "yaml"
    suffixes = (".yaml", ".yml")

    def read(self, path: Path, text: str, display: str) -> tuple[Any, list[Problem]]:
        try:
            doc = _construct(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            what = exc.problem or exc.context or "invalid YAML"
            return None, [Problem(display, f"YAML syntax error: {what}",
                                  "check the indentation and quoting on this line", line=line)]
        except yaml.YAMLError as exc:
            return None, [Problem(display, f"YAML error: {exc}", "check the file's syntax")]
        if doc is None:
            return None, [Problem(display, "the file is empty",
                                  "add `sources:`, `entities:` or `relationships:`, or remove the file",
                                  line=1)]
        return doc, []

    def locate(self, path: Path, problems: Sequence[Problem]) -> None:
        locate(path, problems)


class _NotPlain(Exception):
    """A node that needs PyYAML's full constructor (a merge key, an explicit tag)."""


_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
}


def _construct(text: str) -> Any:
    """Parse YAML with libyaml; build plain data from its nodes.

    Data files are plain mappings, lists and scalars: building them directly from the
    composed nodes takes a third less time than PyYAML's general constructor, which
    still handles any document using more of YAML (merge keys, explicit tags).
    """
    loader = DataLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        try:
            return _plain(root, loader)
        except _NotPlain:
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
        return out
    if cls is yaml.SequenceNode:
        return [_plain(item, loader) for item in node.value]
    raise _NotPlain


def locate(path: Path, problems: Sequence[Problem]) -> None:
    """Fill in the line of each problem from its path into the document (in place)."""
    pending = [p for p in problems if p.line is None and p.path]
    if pending:
        try:
            root = yaml.compose(path.read_text("utf-8"), Loader=DataLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
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
