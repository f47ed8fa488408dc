"""Outputs: what a command wrote (`Written`), and writing it atomically (a temporary file
or folder beside the target, then renamed over it)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from watchgraph.errors import UsageError


@dataclass
class Written:
    """What was written: where, and how many of what."""

    target: str
    counts: dict[str, int] = field(default_factory=dict)


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on success it replaces `path`, on error it vanishes.

    A failed run leaves the old output intact.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as fh:
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@contextmanager
def atomic_dir(path: str | Path, is_ours: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield a fresh temporary folder beside `path`; on success it takes `path`'s place.

    An existing `path` is replaced only if it is empty or `is_ours(path)` says an earlier run
    wrote it (so a mistyped `-o ~` never deletes a home folder); on error the temporary
    folder vanishes and the old output stays.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; give a folder")
    if target.is_dir() and any(target.iterdir()) and not is_ours(target):
        raise UsageError(f"{target} is not empty and was not written by watchgraph; "
                         "give a new or empty folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    old = tmp.with_suffix(".old")
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if target.exists():
            os.replace(target, old)
        try:
            os.replace(tmp, target)
        except OSError:
            if old.exists():
                os.replace(old, target)
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
