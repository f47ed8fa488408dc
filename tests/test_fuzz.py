"""Fuzzing every loader in the registry, present and future: valid inputs mutated byte by
byte, line by line and (where the format is a data tree) node by node. Every case ends in a
valid graph or a DataError of one-line problems: never another exception, a hang or memory
growth beyond a bound.

A short run is part of the test suite; `make fuzz` runs WATCHGRAPH_FUZZ_EXAMPLES cases per
loader (10,000). A new loader needs a sample: a `sample` class attribute (valid file text),
or an entry in SAMPLES here.
"""

from __future__ import annotations

import copy
import io
import json
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SMALL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchgraph import api
from watchgraph.errors import DataError
from watchgraph.exporters.json import JsonExporter
from watchgraph.loaders.dataset import load_dataset
from watchgraph.loaders.registry import Loader, loaders

EXAMPLES = int(os.environ.get("WATCHGRAPH_FUZZ_EXAMPLES", "40"))
CASE_SECONDS = 30  # a case that takes longer hangs (a case takes milliseconds)
MEMORY = 1 << 30  # what a case may add to the address space

HOSTILE_TOKENS = [
    b"*a", b"&a", b"<<: *a", b"[", b"{", b"]", b"}", b"- ", b": ", b"\n", b"  ", b"\t", b'"', b"'",
    b"\\", b"\x00", b"\x01", b"\x7f", b"\xc2\x85", b"\xef\xbb\xbf", b"\xff", b"\xed\xa0\x80",
    b'"\\ud800"', b'"\\u0000"', b".nan", b".inf", b"NaN", b"Infinity", b"1e999", b"010", b"0x10",
    b"1:30:00", b"1_000", b"9" * 30, b"0000", b"0000-00-00", b"2019-02-30", b"-1", b"null", b"~",
    b"true", b"no", b"!!binary aGk=", b"!!set {a}", b"!!python/object:os.system", b"? [a]\n: b",
    b"%YAML 1.1\n---\n", b"---\n", b"...\n", b"@prefix x: <http://x/> .", b"<http://x/>",
    b'"x"^^<http://www.w3.org/2001/XMLSchema#integer>', b"_:b0", b"type", b"id", b"status",
    b"citations", b"entities", b"sources", b"relationships", b"edges", b"nodes",
]
HOSTILE_VALUES: list[Any] = [
    None, True, 0, -1, 2**70, 1.5, float("nan"), float("inf"), "", " ", "x" * 5000, "\x00",
    "a\x1bb", "0000", "2019-02-30", [], {}, [[[[[]]]]], {"a": {"b": {"c": {}}}}, ["Agency"],
    {"USES": 1}, "agency:nypd", "s1", "USES", "confirmed", "Agency", "disputes",
]


def _rdf_sample(suffix: str) -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        graph = api.load([_small(tmp)], bundled=False, show_progress=False)
        api.export(graph, "rdf", output=tmp / f"sample{suffix}")
        return (tmp / f"sample{suffix}").read_text("utf-8")
    return make


def _small(tmp: Path) -> Path:
    (tmp / "small.yaml").write_text(SMALL, "utf-8")
    return tmp / "small.yaml"


def _json_sample(tmp: Path) -> str:
    graph = api.load([_small(tmp)], bundled=False, show_progress=False)
    out = io.StringIO()
    JsonExporter(tmp / "x.json").write(graph, out)
    return out.getvalue()


SAMPLES: dict[str, Callable[[Path], str]] = {
    ".yaml": lambda tmp: SMALL,
    ".json": _json_sample,
    ".ttl": _rdf_sample(".ttl"),
    ".nt": _rdf_sample(".nt"),
}
"""A valid file per suffix, for loaders that bring no `sample` of their own."""

def _ftm_sample(tmp: Path) -> str:
    graph = api.load([_small(tmp)], bundled=False, show_progress=False)
    api.export(graph, "ftm", output=tmp / "sample.ftm.json")
    return (tmp / "sample.ftm.json").read_text("utf-8")


def _private_eyes(file: str) -> Callable[[Path], str]:
    """One of the Private Eyes fixture files, with the fixture's agency list beside it."""
    from test_private_eyes import FILES

    def make(tmp: Path) -> str:
        (tmp / "agency20240426.csv").write_text(FILES["agency20240426.csv"], "utf-8")
        return FILES[file]
    return make


def _spreadsheet(file: str) -> Callable[[Path], str]:
    """One file of the spreadsheet sample, with the other three beside it."""
    from test_spreadsheet import FILES

    def make(tmp: Path) -> str:
        for name, text in FILES.items():
            if name != file:
                (tmp / name).write_text(text, "utf-8", newline="")
        return FILES[file]
    return make


LOADER_SAMPLES: dict[str, tuple[str, Callable[[Path], str]]] = {
    "ftm": (".ftm.json", _ftm_sample),
    "private-eyes-agencies": (".csv", _private_eyes("agency20240426.csv")),
    "private-eyes-access": (".csv", _private_eyes("agency_access20240426.csv")),
    "private-eyes-usage": (".csv", _private_eyes("latest_usage04262023.csv")),
    "private-eyes-policies": (".csv", _private_eyes("agency_policies.csv")),
    "private-eyes-nc-survey": (".csv", _private_eyes("nc_agency_survey20240430.csv")),
    "private-eyes-url-checks": (".csv", _private_eyes("transparency_url_status20240429.csv")),
    **{f"spreadsheet-{kind}": (".csv", _spreadsheet(f"{kind}.csv"))
       for kind in ("sources", "entities", "relationships", "citations")},
}
"""Samples of loaders whose input needs more than one text per suffix (a file beside it)."""

COMPANIONS = {name: ("agency20240426.csv",) for name in LOADER_SAMPLES
              if name.startswith("private-eyes-") and name != "private-eyes-agencies"}
COMPANIONS.update({f"spreadsheet-{kind}": tuple(sorted({"sources.csv", "entities.csv",
                                                        "relationships.csv", "citations.csv"}
                                                       - {f"{kind}.csv"}))
                   for kind in ("sources", "entities", "relationships", "citations")})
"""The valid files loaded along with a loader's case: what its records refer to."""

DUMPS: dict[str, Callable[[Any], str]] = {
    ".yaml": lambda doc: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
    ".json": lambda doc: json.dumps(doc, indent=1),
}
"""Formats whose documents are data trees: mutated node by node, then written back."""


def _target(loader: Loader) -> tuple[str, Callable[[Path], str]]:
    if loader.name in LOADER_SAMPLES:
        return LOADER_SAMPLES[loader.name]
    own = loader.sample
    for suffix in loader.suffixes:
        if own is not None:
            return suffix, lambda tmp: own
        if suffix in SAMPLES:
            return suffix, SAMPLES[suffix]
    pytest.fail(f"loader {loader.name!r} has no sample to fuzz: give it a `sample` or add one "
                "to SAMPLES in tests/test_fuzz.py")


# -- mutations -----------------------------------------------------------------------

@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate", "flip"]))
        at = draw(st.integers(0, len(out)))
        if op == "insert":
            token = draw(st.one_of(st.sampled_from(HOSTILE_TOKENS), st.binary(min_size=1, max_size=8)))
            out[at:at] = token
        elif op == "delete":
            del out[at:at + draw(st.integers(1, 64))]
        elif op == "replace" and out:
            out[min(at, len(out) - 1)] = draw(st.integers(0, 255))
        elif op == "duplicate":
            n = draw(st.integers(1, 200))
            out[at:at] = out[at:at + n] * draw(st.integers(1, 4))
        elif op == "truncate":
            del out[at:]
        elif op == "flip" and out:
            i = min(at, len(out) - 1)
            out[i] ^= 1 << draw(st.integers(0, 7))
    return bytes(out)


@st.composite
def line_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["drop", "repeat", "swap", "token", "indent"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [b""]
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines[i:i] = [lines[i]] * draw(st.integers(1, 3))
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "token":
            words = lines[i].split(b" ")
            k = draw(st.integers(0, len(words) - 1))
            words[k] = draw(st.sampled_from(HOSTILE_TOKENS))
            lines[i] = b" ".join(words)
        else:
            lines[i] = b" " * draw(st.integers(0, 9)) + lines[i].lstrip()
    return b"\n".join(lines)


def _nodes(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _nodes(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _nodes(v, (*path, i))


@st.composite
def tree_mutation(draw: st.DrawFn, doc: Any, dump: Callable[[Any], str]) -> bytes:
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _nodes(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        op = draw(st.sampled_from(["value", "delete", "copy"]))
        if op == "value":
            value = draw(st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=12)))
            parent[path[-1]] = copy.deepcopy(value)  # never the shared object itself
        elif op == "delete":
            del parent[path[-1]]
        else:
            other = draw(st.sampled_from(paths))
            node = doc
            try:
                for step in other:
                    node = node[step]
            except (KeyError, IndexError, TypeError):
                continue
            parent[path[-1]] = json.loads(json.dumps(node))
    try:
        return dump(doc).encode("utf-8", "surrogatepass")
    except (ValueError, yaml.YAMLError):
        return json.dumps(doc).encode()


# -- one case --------------------------------------------------------------------------

class Hang(Exception):
    """A case ran past CASE_SECONDS."""


@contextmanager
def bounded() -> Iterator[None]:
    """A time limit (SIGALRM) and an address-space limit (RLIMIT_AS) for one case."""
    def stop(signum: int, frame: Any) -> None:
        raise Hang(f"a case ran past {CASE_SECONDS} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * resource.getpagesize()
    limit = used + MEMORY if hard == resource.RLIM_INFINITY else min(hard, used + MEMORY)
    previous = signal.signal(signal.SIGALRM, stop)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, previous)


def check_case(path: Path, data: bytes, also: tuple[Path, ...] = ()) -> str:
    """Load one mutated file (with the valid files `also`, that it needs beside it):
    'graph' or 'error'; anything else fails the test."""
    path.write_bytes(data)
    with bounded():
        try:
            ds = load_dataset([*also, path], bundled=False, show_progress=False)
        except DataError as exc:
            lines = exc.lines()
            assert lines, "a DataError without problems"
            for line in lines:
                assert "\n" not in line and "\r" not in line, f"a message of several lines: {line!r}"
                assert line.startswith(tuple(str(p) for p in (path, *also))), \
                    f"a message not naming the file (or one loaded with it): {line!r}"
                line.encode("utf-8")
            return "error"
        graph = api.graph_from_dataset(ds)
        out = io.StringIO()
        JsonExporter(path.with_suffix(".out.json")).write(graph, out)
    text = out.getvalue()
    text.encode("utf-8")  # no lone surrogates
    json.loads(text, parse_constant=lambda c: pytest.fail(f"the export holds {c}"))
    return "graph"


# -- the harness -----------------------------------------------------------------------

LOADERS = {loader.name: loader for loader in loaders()}
TALLY: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_fuzz_loader(name: str, fuzz_dir: Path) -> None:
    loader = LOADERS[name]
    suffix, make = _target(loader)
    folder = fuzz_dir / name
    folder.mkdir(exist_ok=True)
    sample = make(folder)
    target = folder / f"case{suffix}"
    also = tuple(folder / f for f in COMPANIONS.get(name, ()))
    assert check_case(target, sample.encode(), also) == "graph", "the sample must be valid"
    strategies = [byte_mutation(sample.encode()), line_mutation(sample.encode())]
    if suffix in DUMPS:
        doc, found = loader.read(target, sample, str(target))
        assert not found
        strategies.append(tree_mutation(doc, DUMPS[suffix]))
    tally = TALLY.setdefault(name, {"graph": 0, "error": 0})
    started = time.monotonic()

    @settings(max_examples=EXAMPLES, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.one_of(*strategies))
    def case(data: bytes) -> None:
        tally[check_case(target, data, also)] += 1

    case()
    print(f"\nfuzz {name} ({suffix}): {sum(tally.values())} cases, {tally['graph']} graphs, "
          f"{tally['error']} errors, {time.monotonic() - started:.0f} s")
