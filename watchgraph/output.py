"""Outputs: what a command wrote (`Written`), and writing it atomically and durably.

A file is written to a temporary file beside the target, flushed to disk, then renamed
over it; a folder is written beside the target and exchanged with it in one step (Linux's
`renameat2(RENAME_EXCHANGE)`), so that at every instant the target is the old output or
the new one, complete. Temporary names carry the writer's process id
(`.graph.json.wg1234-x8k2.tmp`): they are removed on any exit Python sees (an error,
Ctrl-C, SIGTERM, SIGHUP), and a later run beside the same target sweeps those of writers
that died without a word (SIGKILL, a power cut) — only those names, never anything else.
An output that is one of the inputs, lies inside an input folder or holds an input is
refused (`refuse_inputs`).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any

from watchgraph.errors import UsageError, param


@dataclass
class Written:
    """What was written: where, and how many of what."""

    target: str
    counts: dict[str, int] = field(default_factory=dict)


# -- inputs are never outputs ---------------------------------------------------------

def refuse_inputs(output: str | Path, inputs: Iterable[str | Path], name: str = "output") -> None:
    """UsageError (naming the parameter `name`) when writing `output` would overwrite an
    input: it is one of the `inputs`, lies inside an input folder, or is a folder holding
    one."""
    out = Path(output).resolve()
    for given in inputs:
        source = Path(given).resolve()
        if out == source or (out.is_relative_to(source) and source.is_dir()):
            how = "is" if out == source else "is inside"
            raise UsageError(f"{param(name)} {output} {how} the input {given}; "
                             "write the output somewhere else", param=name)
        if source.is_relative_to(out) and not out.is_file():
            raise UsageError(f"{param(name)} {output} holds the input {given}; "
                             "write the output somewhere else", param=name)


# -- temporary names, and sweeping the ones dead writers left ---------------------------

def _temp_name(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.wg{os.getpid()}-{secrets.token_hex(4)}.{kind}"


def _leftovers(target: Path) -> Iterator[tuple[Path, str]]:
    """The temporary files and folders beside `target` whose writer is no longer running."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.wg(\d+)-[0-9a-f]{{8}}\.(tmp|old)$")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        m = pattern.match(entry.name)
        if m and not _running(int(m.group(1))):
            yield Path(entry.path), m.group(2)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: running
    return True


def sweep(target: str | Path) -> list[Path]:
    """Remove what killed runs left beside `target`; an old output a run had moved aside
    and not yet replaced is put back first. Returns what was removed."""
    target = Path(target)
    removed = []
    for path, kind in sorted(_leftovers(target), key=lambda x: x[1] != "old"):
        if kind == "old" and not os.path.lexists(target):
            try:
                os.replace(path, target)
                continue
            except OSError:
                pass
        _remove(path)
        removed.append(path)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


@contextmanager
def _exit_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit while this runs (in the main thread, where their
    handlers are still the defaults), so that cleanup code runs for them as for Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            previous[sig] = signal.signal(sig, leave)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- files ---------------------------------------------------------------------------

@contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on success it is flushed to disk and replaces
    `path`, on any error or signal Python sees it vanishes.

    A failed run leaves the old output intact.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep(target)
        tmp = _temp_name(target, "tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with _exit_on_signals():
            with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        _remove(tmp)
        raise


# -- folders -------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _sync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(root))


@contextmanager
def atomic_dir(path: str | Path, is_ours: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield a fresh temporary folder beside `path`; on success it takes `path`'s place in
    one step (at every instant `path` is the old folder or the new one, complete).

    An existing `path` is replaced only if it is empty or `is_ours(path)` says an earlier run
    wrote it (so a mistyped `-o ~` never deletes a home folder); on error the temporary
    folder vanishes and the old output stays.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; give a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep(target)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    if target.is_dir() and any(target.iterdir()) and not is_ours(target):
        raise UsageError(f"{target} is not empty and was not written by watchgraph; "
                         "give a new or empty folder")
    tmp = _temp_name(target, "tmp")
    try:
        tmp.mkdir(mode=0o755)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with _exit_on_signals():
            yield tmp
            os.chmod(tmp, 0o755)
            _sync_tree(tmp)
            _replace_dir(tmp, target)
        _fsync_dir(target.parent)
    finally:
        _remove(tmp)  # the new folder after an error, the old one after the exchange


def _replace_dir(new: Path, target: Path) -> None:
    """Put the folder `new` in `target`'s place; the old folder ends up at `new`."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    # No exchange on this system: move the old folder aside (a later run puts it back if
    # this one dies in between), then the new one in.
    old = new.with_suffix(".old")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    os.replace(old, new)
