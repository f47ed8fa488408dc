"""The `oxigraph` server (from the `oxigraph` package on PyPI), read-only, as a child process.

It binds 127.0.0.1 unless told otherwise, stops queries that run past the timeout, sends
CORS headers only when asked, and refuses every update (`serve-read-only`). Ctrl-C or
SIGTERM stops it cleanly.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
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
    cmd = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", opts.bind(),
           "--timeout-s", f"{opts.timeout:g}"]
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
        startup_timeout: float = 30.0) -> int:
    """Serve the store at `location` until Ctrl-C or SIGTERM; call `on_ready` once it listens.

    Returns the server's exit status (0 after a clean stop). WatchgraphError when it cannot
    start, e.g. because the port is taken.
    """
    check_free(opts)
    errors = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(command(location, opts), stdout=subprocess.DEVNULL, stderr=errors)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)  # even if inherited ignored
    try:
        deadline = time.monotonic() + startup_timeout
        while not _port_open(opts.host, opts.port):
            if proc.poll() is not None:
                errors.seek(0)
                err = errors.read().strip().splitlines()
                raise WatchgraphError("the oxigraph server stopped at once: "
                                      f"{err[-1] if err else 'no message'}; check {param('host')} and {param('port')}")
            if time.monotonic() > deadline:
                raise WatchgraphError(f"the oxigraph server did not start within {startup_timeout:g} s")
            time.sleep(0.05)
        on_ready()
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        errors.close()
