"""The query workers: `oxigraph serve-read-only` processes on private loopback ports, each
running one request at a time, so that one query can be stopped (its worker killed) without
touching the others.

A worker is killed when its request outlives the timeout or its memory (resident set) grows
past the limit, and replaced by a fresh one; a worker that dies on its own (a query that
crashes the engine) is replaced the same way. The endpoint itself never goes down.
"""

from __future__ import annotations

import os
import queue
import resource
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchgraph.errors import WatchgraphError, param

PAGE = os.sysconf("SC_PAGE_SIZE")
ADDRESS_SPACE_SLACK = 512 << 20  # address space beyond the limit: oxigraph maps ~160 MB idle
# what oxigraph (Rust) and RocksDB (C++) print when an allocation or a thread hits the ceiling
_OUT_OF_MEMORY = ("memory allocation of", "bad_alloc", "Resource temporarily unavailable")


def free_port() -> int:
    """A port nothing listens on (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def rss(pid: int) -> int:
    """The resident memory of process `pid` in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class Worker:
    """One `oxigraph serve-read-only` process on a private port; `env` is what its
    environment adds (the allocator's preload, allocator.py)."""

    def __init__(self, binary: str, location: Path, cors: bool, max_memory: int,
                 env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.max_memory = max_memory
        self.stopped_for: str | None = None  # "timeout" or "memory" once we killed it
        self.errors = tempfile.TemporaryFile("w+")
        cmd = [binary, "serve-read-only", "--location", str(location),
               "--bind", f"127.0.0.1:{self.port}"] + (["--cors"] if cors else [])
        limit = max_memory + ADDRESS_SPACE_SLACK

        def limit_memory() -> None:  # in the child, before exec: a hard ceiling as a backstop
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.errors,
                                     env={**os.environ, "MALLOC_ARENA_MAX": "2", **(env or {})},
                                     preexec_fn=limit_memory, start_new_session=True)
        self._lock = threading.Lock()
        self._watch: threading.Event | None = None

    def wait_ready(self, seconds: float) -> None:
        """Return once the worker listens; WatchgraphError when it stops or takes too long."""
        deadline = time.monotonic() + seconds
        while not port_open(self.port):
            if self.proc.poll() is not None:
                self.errors.seek(0)
                err = self.errors.read().strip().splitlines()
                raise WatchgraphError("the oxigraph server stopped at once: "
                                      f"{err[-1] if err else 'no message'}; check {param('store_dir')}")
            if time.monotonic() > deadline:
                self.kill()
                raise WatchgraphError(f"the oxigraph server did not start within {seconds:g} s")
            time.sleep(0.02)

    def ran_out_of_memory(self) -> bool:
        """Whether the process ended on a failed allocation (the address-space ceiling)."""
        self.errors.seek(0)
        tail = self.errors.read()[-4096:]
        return any(sign in tail for sign in _OUT_OF_MEMORY)

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.proc.poll() is None

    def kill(self, reason: str | None = None) -> None:
        """Stop the process at once (its running query with it)."""
        with self._lock:
            if reason and self.stopped_for is None and self.alive():
                self.stopped_for = reason
            if self.alive():
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def guard(self, timeout: float) -> Callable[[], None]:
        """Watch the running request: kill the worker at `timeout` seconds or when its memory
        passes the limit. Returns the function that ends the watch."""
        done = threading.Event()
        deadline = time.monotonic() + timeout

        def watch() -> None:
            while not done.wait(0.02):
                if rss(self.proc.pid) > self.max_memory:
                    self.kill("memory")
                    return
                if time.monotonic() >= deadline:
                    self.kill("timeout")
                    return

        threading.Thread(target=watch, daemon=True, name=f"watch-{self.port}").start()
        return done.set

    def close(self) -> None:
        """Kill the process and drop its files."""
        self.kill()
        self.errors.close()


class Pool:
    """`size` workers; a request borrows one, and a worker that ended is replaced.

    The idle workers are a stack: a request gets the one that answered last, whose caches
    (oxigraph's own, per process) are warm, so a lightly used endpoint answers from one
    warm worker rather than spreading its requests over cold ones."""

    def __init__(self, binary: str, location: Path, cors: bool, max_memory: int, size: int,
                 startup_timeout: float = 30.0, env: dict[str, str] | None = None) -> None:
        self.binary, self.location, self.cors, self.env = binary, location, cors, env
        self.max_memory, self.size, self.startup_timeout = max_memory, size, startup_timeout
        self.idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self.workers: set[Worker] = set()
        self.restarts = 0
        self.closed = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start every worker and wait until each listens."""
        started = [self._new() for _ in range(self.size)]
        for worker in started:
            worker.wait_ready(self.startup_timeout)
            self.idle.put(worker)

    def _new(self) -> Worker:
        worker = Worker(self.binary, self.location, self.cors, self.max_memory, self.env)
        with self._lock:
            self.workers.add(worker)
        return worker

    def borrow(self, seconds: float) -> Worker | None:
        """A live idle worker, waiting at most `seconds`; None when all stay busy. An idle
        worker found dead is replaced."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                worker = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if worker.alive():
                return worker
            self.give_back(worker)

    def give_back(self, worker: Worker) -> None:
        """Return a worker after its request; one that ended is replaced in the background."""
        if worker.alive() and worker.stopped_for is None:
            self.idle.put(worker)
            return
        worker.close()
        with self._lock:
            self.workers.discard(worker)
            self.restarts += 1
        if not self.closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        while not self.closed:
            worker = self._new()
            try:
                worker.wait_ready(self.startup_timeout)
            except WatchgraphError:
                worker.close()
                with self._lock:
                    self.workers.discard(worker)
                time.sleep(1)
                continue
            self.idle.put(worker)
            return

    def close(self) -> None:
        """Stop every worker."""
        self.closed = True
        with self._lock:
            workers = list(self.workers)
        for worker in workers:
            worker.close()
