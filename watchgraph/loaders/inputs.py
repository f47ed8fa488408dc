"""Inputs: which files the data paths name, reading each through the loader registry, the
cache folders and the fingerprint of a set of input files.

One cache root for everything derived from the inputs: `$WATCHGRAPH_CACHE`, else
`$XDG_CACHE_HOME/watchgraph` (`~/.cache/watchgraph`); `WATCHGRAPH_CACHE=off` turns caching
off. Under it, `parsed/` holds parsed documents (by content hash), `graph/` loaded and
validated graphs (loaders/graph_cache.py), `ladybug/` the embedded databases and `oxigraph/`
the SPARQL endpoint's stores.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import stat
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from watchgraph.errors import DataError, Problem, param
from watchgraph.loaders.registry import Loader, data_suffixes, loader_for

BUNDLED_DISPLAY = "watchgraph/loaders/data"


def cache_dir(kind: str) -> Path | None:
    """The cache folder for one kind of derived data (`parsed`, `graph`, `ladybug`, `oxigraph`), or
    None when `WATCHGRAPH_CACHE=off`."""
    env = os.environ.get("WATCHGRAPH_CACHE")
    if env == "off":
        return None
    if env:
        return Path(env) / kind
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "watchgraph" / kind


def bundled_data_dir() -> Path:
    """The folder of the curated dataset shipped with the package."""
    return Path(str(resources.files("watchgraph.loaders").joinpath("data")))


def data_files(path: Path, warnings: list[Problem] | None = None) -> list[Path]:
    """The data files a data path names: the file itself (any format a loader reads),
    or a folder's files in the formats read from folders (YAML, JSON). What a folder holds
    but cannot be read (a broken link, a link loop, an unreadable subfolder, a FIFO) is
    skipped with a warning added to `warnings`."""
    if not path.is_dir():
        return [path]
    suffixes = data_suffixes()
    found: list[Path] = []

    def skipped(where: str, why: str) -> None:
        if warnings is not None:
            warnings.append(Problem(where, f"skipped: {why}", "fix or remove it"))

    def unreadable(exc: OSError) -> None:
        skipped(str(exc.filename), f"cannot read the folder ({exc.strerror})")

    for folder, dirs, names in os.walk(path, onerror=unreadable):
        dirs.sort()
        for name in names:
            p = Path(folder, name)
            if p.suffix not in suffixes and p.suffix:
                continue
            try:
                mode = p.stat().st_mode
            except OSError as exc:
                if p.is_symlink():
                    why = "a symbolic link that loops" if exc.errno == errno.ELOOP else \
                        "a symbolic link to nothing" if exc.errno == errno.ENOENT else \
                        f"a symbolic link that cannot be followed ({exc.strerror})"
                    skipped(str(p), why)
                elif p.suffix:
                    skipped(str(p), f"cannot read it ({exc.strerror})")
                continue
            if not p.suffix:
                continue
            if stat.S_ISREG(mode):
                found.append(p)
            else:
                skipped(str(p), "not a regular file")
    return sorted(found)


def input_files(paths: Sequence[str | Path] = (), bundled: bool = True,
                warnings: list[Problem] | None = None) -> list[tuple[Path, str]]:
    """Every input file with the name it is reported by: the bundled dataset's, then each
    path's. Raises DataError for a path that does not exist, is not a regular file or
    folder (a FIFO, a device), or is a folder without data; what a folder holds but
    cannot be read is added to `warnings`."""
    files: list[tuple[Path, str]] = []
    if bundled:
        base = bundled_data_dir()
        files += [(p, f"{BUNDLED_DISPLAY}/{p.relative_to(base)}") for p in data_files(base)]
    problems: list[Problem] = []
    for given in paths:
        p = Path(given)
        if not p.exists():
            problems.append(Problem(str(given), "no such file or folder",
                                    f"check the path given to {param('data')}"))
            continue
        if not p.is_dir() and not p.is_file():
            problems.append(Problem(str(given), "not a regular file or folder (a device, a FIFO "
                                    "or a socket)", f"point {param('data')} at a data file or a "
                                    "folder of them"))
            continue
        found = data_files(p, warnings)
        if not found:
            problems.append(Problem(str(given), "no data files (" + ", ".join(sorted(data_suffixes())) + ") in this folder",
                                    f"point {param('data')} at a data file or a folder of them"))
        files += [(f, str(f)) for f in found]
    if problems:
        raise DataError(problems)
    return files


def fingerprint(files: Sequence[Path], *extra: str | bytes) -> str:
    """A hash of the files' names and contents and of `extra` (versions, options, code)."""
    h = hashlib.sha256(b"watchgraph-inputs-1\0")
    for item in extra:
        h.update(item if isinstance(item, bytes) else item.encode())
        h.update(b"\0")
    for f in files:
        h.update(f"\0{f.resolve()}\0".encode())
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:24]


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove the oldest of a cache folder's entries matching `pattern` beyond the newest
    `keep` (an entry gone or not removable meanwhile is passed over)."""
    def age(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob(pattern), key=age, reverse=True)[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and schema: what turns the same files into a graph."""
    import watchgraph

    h = hashlib.sha256()
    root = Path(watchgraph.__file__).parent
    for f in sorted(root.rglob("*.py")) + [root / "graph" / "schema.yaml"]:
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:24]


def read_file(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse one file with the loader for its kind. Returns the document, or None and the
    problems that stopped it."""
    try:
        loader = _streaming(path)
        if loader is not None:
            return loader.read(path, "", display)
        raw = _read_regular(path)
    except _NotRegular:
        return None, [Problem(display, "not a regular file (a device, a FIFO or a socket)",
                              f"point {param('data')} at a data file or a folder of them")]
    except OSError as exc:
        return None, [Problem(display, f"cannot read the file: {exc.strerror}",
                              f"check the path given to {param('data')}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(display, f"not UTF-8 (byte 0x{raw[exc.start]:02x})",
                              "save the file as UTF-8", line=line)]
    del raw  # a large file's bytes need not live while its text is parsed
    return loader_for(path, text).read(path, text, display)


def _streaming(path: Path) -> Loader | None:
    """The loader of a regular file if it reads the file itself (see Loader.streams)."""
    if path.suffix.lower() != ".csv" or not stat.S_ISREG(os.stat(path).st_mode):
        return None
    loader = loader_for(path)
    return loader if loader.streams else None


class _NotRegular(Exception):
    """A path that is not a regular file: reading it could block or never end."""


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; _NotRegular for anything else (opened without blocking,
    so a FIFO never hangs)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotRegular(path)
        chunks = []
        while chunk := os.read(fd, 1 << 24):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# -- parsing many files: a content-addressed cache and the machine's cores -----------

_CACHE_MIN = 256 * 1024  # smaller files parse faster than a cache lookup pays for
_CACHE_VERSION = b"watchgraph-parse-2"  # 2: plain-decimal numbers, repeated keys refused


def _hash_file(h: Any, path: Path) -> bytes:
    """Feed a file to a hash in chunks (a large CSV is never held whole); its first chunk."""
    first = b""
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            first = first or chunk
            h.update(chunk)
    return first


def _cached(path: Path) -> tuple[Any, Path | None]:
    """(the cached document or None, the cache file to write, if any): the file is found
    by a hash of its contents and of the files its loader reads beside it."""
    folder = cache_dir("parsed")
    try:
        if folder is None or path.stat().st_size < _CACHE_MIN:
            return None, None
        h = hashlib.sha256(_CACHE_VERSION)
        first = _hash_file(h, path)
        head = first[:first.find(b"\n")].decode("utf-8", "replace")
        for dep in loader_for(path, head).depends_on(path):  # e.g. a list beside the file
            h.update(b"\0")
            _hash_file(h, dep)
        cached = folder / (h.hexdigest() + ".marshal")
    except OSError:
        return None, None
    if cached is not None and cached.exists():
        try:
            return marshal.loads(cached.read_bytes()), None
        except (OSError, ValueError, EOFError, TypeError):
            pass
    return None, cached


def _parse_and_cache(path: Path, display: str, cached: Path | None) -> tuple[Any, list[Problem]]:
    doc, problems = read_file(path, display)
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
        from concurrent.futures import ProcessPoolExecutor  # here: most loads need no pool

        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(_parse_and_cache, *zip(*[(p, d, c) for _, p, d, c in todo], strict=True)))
    for (i, *_), result in zip(todo, parsed, strict=True):
        results[i] = result
    return [r for r in results if r is not None]
