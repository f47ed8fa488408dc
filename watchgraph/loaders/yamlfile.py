"""Reading YAML data files: decoding, parsing with libyaml, and locating problems by line.

Parsing is done without line tracking (the fast path). Only when validation finds a
problem is the file composed again, node by node, to turn the problem's path into a line.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

from watchgraph.errors import Problem
from watchgraph.graph.model import INTERCHANGE_FORMAT
from watchgraph.loaders.rdf_loader import RDF_SUFFIXES, read_rdf

SUFFIXES = (".yaml", ".yml", ".json")
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


def data_files(path: Path) -> list[Path]:
    """The data files a `--data` path names: the file itself (YAML, JSON, or an RDF export:
    .ttl, .nt, .jsonld, .trig), or a folder's *.yaml/*.yml/*.json."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    return [path]


def read_document(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns the document, or None and the problems that stopped it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, f"cannot read the file: {exc.strerror}",
                              "check the path given to --data")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(display, f"not UTF-8 (byte 0x{raw[exc.start]:02x})",
                              "save the file as UTF-8", line=line)]
    if path.suffix in RDF_SUFFIXES:
        doc, problems = read_rdf(raw, path.suffix, display)
        return json_sections(doc), problems
    if path.suffix == ".json":
        try:
            return json_sections(json.loads(text)), []
        except json.JSONDecodeError as exc:
            return None, [Problem(display, f"JSON syntax error: {exc.msg}",
                                  "check the brackets, commas and quotes", line=exc.lineno)]
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
        return construct(loader, node)
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


# -- parsing many files: a content-addressed cache and the machine's cores -----------

_CACHE_MIN = 256 * 1024  # smaller files parse faster than a cache lookup pays for
_CACHE_VERSION = b"watchgraph-parse-1"


def cache_dir() -> Path | None:
    """Where parsed documents are kept: $WATCHGRAPH_CACHE, else the user's cache folder.

    `WATCHGRAPH_CACHE=off` turns the cache off.
    """
    env = os.environ.get("WATCHGRAPH_CACHE")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "watchgraph" / "parsed"


def _cache_file(raw: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / (hashlib.sha256(_CACHE_VERSION + raw).hexdigest() + ".marshal")


def _cached(path: Path) -> tuple[Any, Path | None]:
    """(the cached document or None, the cache file to write, if any)."""
    try:
        if path.stat().st_size < _CACHE_MIN:
            return None, None
        cached = _cache_file(path.read_bytes())
    except OSError:
        return None, None
    if cached is not None and cached.exists():
        try:
            return marshal.loads(cached.read_bytes()), None
        except (OSError, ValueError, EOFError, TypeError):
            pass
    return None, cached


def _parse_and_cache(path: Path, display: str, cached: Path | None) -> tuple[Any, list[Problem]]:
    doc, problems = read_document(path, display)
    if cached is not None and not problems:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(doc))
            os.replace(tmp, cached)
        except (OSError, ValueError):
            pass  # a read-only or full disk only costs speed
    return doc, problems


def read_documents(files: Sequence[tuple[Path, str]]) -> list[tuple[Any, list[Problem]]]:
    """Parse files in order: from the parse cache where it has them, the rest on every core."""
    results: list[tuple[Any, list[Problem]] | None] = []
    todo: list[tuple[int, Path, str, Path | None]] = []
    for i, (path, display) in enumerate(files):
        doc, cache_to = _cached(path)
        results.append((doc, []) if doc is not None else None)
        if doc is None:
            todo.append((i, path, display, cache_to))
    big = sum(1 for _, p, _, c in todo if c is not None and p.stat().st_size >= 4 * _CACHE_MIN)
    workers = min(os.cpu_count() or 1, big)
    if workers < 2:
        parsed = [_parse_and_cache(p, d, c) for _, p, d, c in todo]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(_parse_and_cache, *zip(*[(p, d, c) for _, p, d, c in todo])))
    for (i, *_), result in zip(todo, parsed):
        results[i] = result
    return [r for r in results if r is not None]
