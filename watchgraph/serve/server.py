"""The endpoint: a guarding front (proxy.py) on the public address and a pool of read-only
`oxigraph` servers (from the `oxigraph` package on PyPI) behind it on private loopback ports.

It binds 127.0.0.1 unless told otherwise, refuses oversized, too deeply nested and federated
queries before they run, stops every query at the timeout and any that outgrows the memory
limit (its worker is killed and replaced; the endpoint keeps serving), sends CORS headers
only when asked, and refuses every update (`serve-read-only`). Ctrl-C or SIGTERM stops it
cleanly.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from watchgraph.errors import UsageError, WatchgraphError, param


@dataclass(frozen=True)
class ServerOptions:
    """Where and how the server listens."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    cors: bool = False
    max_memory: int = 1024  # MB per worker
    allow_federation: bool = False
    workers: int = 4
    allocator: str = "auto"  # the workers' memory allocator (allocator.py)

    def bind(self) -> str:
        """`127.0.0.1:7878`, or `[::1]:7878` for an IPv6 address."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL query endpoint."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else "[::1]" if self.host == "::" \
            else f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    @property
    def loopback(self) -> bool:
        """Whether the server is reachable from this machine only."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def oxigraph_binary() -> str:
    """The `oxigraph` executable installed with this Python (or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise WatchgraphError("the oxigraph server is not installed; `pip install oxigraph` "
                          "(it comes with watchgraph's dependencies)")


def command(location: Path, opts: ServerOptions) -> list[str]:
    """The server's command line."""
    if not re.fullmatch(r"[A-Za-z0-9.:-]+", opts.host):
        raise UsageError(f"{param('host')} {opts.host!r} is not a host name or IP address; use e.g. 127.0.0.1 "
                         "(this machine only, the default) or 0.0.0.0 (every address)")
    if not 0 < opts.port < 65536:
        raise UsageError(f"{param('port')} {opts.port} is not a port; use 1 to 65535 (default 7878)",
                         param="port")
    if opts.timeout <= 0:
        raise UsageError(f"{param('timeout')} {opts.timeout:g} must be more than 0 seconds",
                         param="timeout")
    if opts.max_memory < 64:
        raise UsageError(f"{param('max_memory')} {opts.max_memory} MB is too little for a query "
                         "worker; give at least 64", param="max_memory")
    if not 1 <= opts.workers <= 64:
        raise UsageError(f"{param('workers')} {opts.workers} must be 1 to 64", param="workers")
    # each worker: its own private port, chosen when it starts (pool.py)
    cmd = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", "127.0.0.1:0"]
    return cmd + (["--cors"] if opts.cors else [])


def _port_open(host: str, port: int) -> bool:
    connect_host = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    try:
        with socket.create_connection((connect_host, port), timeout=0.2):
            return True
    except OSError:
        return False


def check_free(opts: ServerOptions) -> None:
    """UsageError when something already listens where the server would."""
    if _port_open(opts.host, opts.port):
        raise UsageError(f"port {opts.port} on {opts.host} is already in use; "
                         f"choose another with {param('port')}")


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # stop as on Ctrl-C


def run(location: Path, opts: ServerOptions, on_ready: Callable[[], None],
        startup_timeout: float = 30.0, worker_env: dict[str, str] | None = None) -> int:
    """Serve the store at `location` until Ctrl-C or SIGTERM; call `on_ready` once it listens.
    `worker_env` is what each worker's environment adds (its allocator: allocator.py).

    Returns 0 after a clean stop. WatchgraphError when it cannot start, e.g. because the port
    is taken.
    """
    from watchgraph.serve.guard import Limits
    from watchgraph.serve.pool import Pool
    from watchgraph.serve.proxy import Front

    check_free(opts)
    binary = command(location, opts)[0]
    pool = Pool(binary, location, opts.cors, opts.max_memory << 20, opts.workers, startup_timeout,
                worker_env)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)  # even if inherited ignored
    front: Front | None = None
    try:
        pool.start()
        try:
            front = Front((opts.host, opts.port), pool, Limits(allow_federation=opts.allow_federation),
                          opts.timeout, opts.cors)
        except OSError as exc:
            raise WatchgraphError(f"cannot listen on {opts.bind()}: {exc.strerror}; check "
                                  f"{param('host')} and {param('port')}") from None
        serving = threading.Thread(target=front.serve_forever, kwargs={"poll_interval": 0.2},
                                   daemon=True, name="endpoint")
        serving.start()
        on_ready()
        while serving.is_alive():
            serving.join(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        if front is not None:
            front.shutdown()
            front.server_close()
        pool.close()
