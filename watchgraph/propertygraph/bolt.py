"""The Bolt connection to Neo4j, shared by the exporter and the query engine: where to
connect, connecting with a first query, and the driver's errors as one-line ServerErrors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from watchgraph.errors import UsageError, WatchgraphError, param

if TYPE_CHECKING:
    from neo4j import Driver
    from neo4j.exceptions import DriverError, Neo4jError

DEFAULT_URI = "bolt://127.0.0.1:7687"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

T = TypeVar("T")
P = ParamSpec("P")
ATTEMPTS = 3  # of a transaction whose retryable error reached us as ResultFailedError

# The driver logs each retry as a warning; the errors below say what matters, in one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


class ServerError(WatchgraphError):
    """A Neo4j server that cannot be reached, refuses the credentials, or refuses a request."""


@dataclass(frozen=True)
class Neo4jServer:
    """Where to connect: a Bolt URI, optional credentials, a database (None: the default)."""

    uri: str = DEFAULT_URI
    user: str | None = None
    password: str | None = None
    database: str | None = None

    def auth(self) -> tuple[str, str] | None:
        """Basic auth when a password is given; none otherwise (a server with auth off)."""
        if self.password is None:
            if self.user:
                raise UsageError(f"{param('user')} needs {param('password')} (or NEO4J_PASSWORD)",
                                 param="user")
            return None
        return (self.user or "neo4j", self.password)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def own_error(exc: BaseException) -> Neo4jError | DriverError | None:
    """The failed statement's own error behind the driver's ResultFailedError; else None.

    The driver raises ResultFailedError, from the statement's error, when a result is read
    after its transaction failed, and its rollback reads the results of the transaction it
    closes unless the connection is reset by then. Under load that is sometimes not so: a
    CREATE refused by a uniqueness constraint reached the caller as ResultFailedError, not
    as the ConstraintError the exporter handles."""
    from neo4j.exceptions import DriverError, Neo4jError, ResultFailedError

    cause = exc.__cause__
    if isinstance(exc, ResultFailedError) and isinstance(cause, (Neo4jError, DriverError)):
        return cause
    return None


def in_transaction(execute: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`execute(*args, **kwargs)`, a session's `execute_write` or `execute_read`, raising a
    failed statement's own error (`own_error`). One the driver would have retried, had it
    not come as ResultFailedError, is retried here, up to ATTEMPTS runs in all."""
    from neo4j.exceptions import ResultFailedError

    attempt = 1
    while True:
        try:
            return execute(*args, **kwargs)
        except ResultFailedError as exc:
            own = own_error(exc)
            if own is None:
                raise
        if not own.is_retryable() or attempt == ATTEMPTS:
            raise own  # outside the handler, so that it carries no second context
        attempt += 1


def _reason(exc: BaseException) -> tuple[str, bool]:
    """Why the driver could not talk to the server, in a few words, and whether the port
    is the wrong one (something answers there, but not in Bolt)."""
    causes = list(_causes(exc))
    text = " ".join(" ".join(str(e) for e in causes).split())
    timed_out = any(isinstance(e, TimeoutError) for e in causes)
    if "Connection refused" in text:
        return "connection refused", False
    if "looks like HTTP" in text:
        return "the port answers in HTTP, not Bolt: is it Neo4j's HTTP port?", True
    if "handshake" in text:
        if timed_out:
            return "the port gave no Bolt answer in time: is it Neo4j's Bolt port?", True
        return "the port does not speak Bolt: is it Neo4j's Bolt port?", True
    if "timed out" in text.lower() or timed_out:
        return "timed out", False
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return (lines[-1].strip() if lines else type(exc).__name__), False


@contextmanager
def translated(server: Neo4jServer, database: str | None = None,
               connected: bool = False) -> Iterator[None]:
    """Turn the driver's exceptions into one-line ServerErrors naming the fix; `connected`:
    the server answered before, so losing it now says so."""
    from neo4j import exceptions as neo4j_exc

    where = f"Neo4j at {server.uri}"
    try:
        try:
            yield
        except neo4j_exc.ResultFailedError as exc:
            own = own_error(exc)
            if own is None:
                raise
        else:
            return
        raise own
    except neo4j_exc.AuthError:
        who = f" for user {server.user or 'neo4j'!r}" if server.password is not None else ""
        raise ServerError(f"{where} refused the credentials{who}; check {param('user')} and "
                          f"{param('password')} "
                          "(or NEO4J_USER and NEO4J_PASSWORD)") from None
    except neo4j_exc.Neo4jError as exc:
        if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise ServerError(f"{where} has no database {database or server.database!r}; give an "
                              f"existing one with {param('database')} (SHOW DATABASES lists them)",
                              param="database") from None
        message = (exc.message or str(exc)).splitlines()[0]
        if connected and (exc.code or "").startswith("Neo.TransientError."):
            raise ServerError(f"lost {where} ({message}; {exc.code})") from None
        raise ServerError(f"{where} refused the request: {message} ({exc.code})") from None
    except neo4j_exc.DriverError as exc:
        reason, wrong_port = _reason(exc)
        if connected:
            raise ServerError(f"lost {where} ({reason})") from None
        if wrong_port:
            raise ServerError(f"cannot reach {where} ({reason}); give the Bolt port (7687 by "
                              f"default) with {param('uri')} (or NEO4J_URI)", param="uri") from None
        raise ServerError(f"cannot reach {where} ({reason}); start it (`make neo4j`) "
                          f"or give {param('uri')} (or NEO4J_URI)", param="uri") from None


@contextmanager
def connect(server: Neo4jServer) -> Iterator[tuple[Driver, str]]:
    """A driver whose database answered a first query, and that database's name."""
    from neo4j import GraphDatabase
    from neo4j import exceptions as neo4j_exc

    scheme = server.uri.split("://", 1)[0] if "://" in server.uri else ""
    if scheme not in SCHEMES:
        raise UsageError(f"{param('uri')} {server.uri!r} is not a Bolt URI; give bolt://HOST:PORT "
                         "or neo4j://HOST:PORT", param="uri")
    try:
        driver = GraphDatabase.driver(server.uri, auth=server.auth(), connection_timeout=15.0,
                                      connection_acquisition_timeout=30.0,
                                      max_transaction_retry_time=15.0)
    except (neo4j_exc.ConfigurationError, ValueError) as exc:
        raise UsageError(f"{param('uri')} {server.uri!r}: {exc}", param="uri") from None
    try:
        with translated(server):
            driver.verify_connectivity()  # fails at once (execute_query would retry for 15 s)
            with driver.session(database=server.database) as session:
                summary = session.run("RETURN 1").consume()
        yield driver, summary.database or server.database or "neo4j"
    finally:
        driver.close()
