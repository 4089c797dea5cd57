"""Connecting to Neo4j: the URI and credentials from options or the environment, one-line errors.

``NEO4J_URI`` (or ``--uri``) names the server — ``bolt://host:7687``, ``neo4j://…`` for a
cluster, ``neo4j+s://….databases.neo4j.io`` for Aura; the schemes in :data:`SCHEMES` work, others
(``http://`` included: dutygraph speaks Bolt) are refused in one line that lists them.
``NEO4J_USER`` and ``NEO4J_PASSWORD`` give the credentials; with a user and no password variable,
the password is asked for when a terminal is attached. Without a user, no authentication is sent
(a server with auth disabled, such as ``dutygraph neo4j serve``). Credentials never appear in
messages: user information in a URI is masked.

``with connect(uri) as driver: …`` yields a driver whose connectivity was verified; a connection
lost inside the block becomes :class:`~dutygraph.errors.Neo4jConnectionLost` naming the URI.
Transactions that fail on a transient error (a lost connection, a leader switch) are retried for
``retry_time`` seconds (:data:`RETRY_TIME`), then given up.

>>> masked("neo4j+s://alice:secret@db.example.org:7687")
'neo4j+s://***@db.example.org:7687'
>>> connect("http://127.0.0.1:7474")
Traceback (most recent call last):
dutygraph.errors.UsageError: http://127.0.0.1:7474：不是 Bolt URI：请用 bolt://, bolt+s://, ...
"""

from __future__ import annotations

import getpass
import os
import re
import ssl
import sys
from collections.abc import Callable
from types import TracebackType

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from dutygraph.errors import Message, Neo4jConnectionLost, Neo4jUnavailable, UsageError

__all__ = ["RETRY_TIME", "SCHEMES", "Connection", "connect", "masked", "resolve_uri"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URI schemes dutygraph connects with (``+s``: TLS, ``+ssc``: TLS with a self-signed certificate)."""

RETRY_TIME = 30.0
"""Seconds a failing transaction is retried for, by default."""


def masked(uri: str) -> str:
    """The URI with its whole user information (``user:password@``, up to the authority's last
    ``@``, which may be in the password) replaced by ``***@``; a URI without a scheme too.

    >>> masked("bolt://neo:s3cr3t@pw@db:7687/x@y"), masked("neo:pw@db:7687"), masked("bolt://[neo:pw@db")
    ('bolt://***@db:7687/x@y', '***@db:7687', 'bolt://***@db')
    >>> masked("Given URI: 'bolt://neo:s3cr3t@pw@db:7687'.")
    "Given URI: 'bolt://***@db:7687'."
    """
    if "://" not in uri:
        return re.sub(r"^[^/?#\s]*@", "***@", uri)
    return re.sub(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s'\"]*@", r"\1***@", uri)  # also a URI a driver's message quotes


def resolve_uri(uri: str | None) -> str:
    """``uri`` or ``$NEO4J_URI``; a UsageError saying how to give one when neither is set."""
    chosen = uri or os.environ.get("NEO4J_URI")
    if not chosen:
        raise UsageError("neo4j.no_server")
    return chosen


def _auth() -> tuple[str, str] | None:
    user = os.environ.get("NEO4J_USER")
    if not user:
        return None
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError("neo4j.no_password")
        password = getpass.getpass(f"Neo4j password for {user}: ")
    return user, password


class Connection:
    """A verified driver and the (masked) URI it reaches; ``with`` yields the driver and closes it.

    A lost connection inside the block (the driver's own error, or the store's
    :class:`Neo4jConnectionLost`) leaves it as one :class:`Neo4jConnectionLost` naming the URI.
    """

    def __init__(self, driver: Driver, uri: str) -> None:
        self.driver = driver
        self.uri = uri

    def __enter__(self) -> Driver:
        return self.driver

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.driver.close()
        if isinstance(exc, Neo4jConnectionLost):
            exc.server = self.uri
        elif isinstance(exc, (ServiceUnavailable, SessionExpired)):
            raise Neo4jConnectionLost(Message("neo4j.gave_up", reason=_reason(exc)), self.uri) from None


def connect(uri: str | None = None, *, retry_time: float = RETRY_TIME) -> Connection:
    """Connect and verify; :class:`Neo4jUnavailable` (or a UsageError for a bad URI) in one line if not.

    ``retry_time`` bounds how long a failing transaction is retried (0: not at all).
    """
    target = resolve_uri(uri)
    shown = masked(target)
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""  # urlsplit raises on bolt://[x
    if scheme not in SCHEMES:
        raise UsageError("neo4j.not_bolt", uri=shown, schemes=", ".join(s + "://" for s in SCHEMES[:-1]),
                         last=f"{SCHEMES[-1]}://")
    try:
        driver = GraphDatabase.driver(
            target, auth=_auth(), notifications_min_severity="OFF", max_transaction_retry_time=retry_time,
            connection_timeout=min(30.0, max(5.0, retry_time)),
        )
    except (ConfigurationError, ValueError) as exc:
        raise UsageError("neo4j.not_uri", uri=shown, reason=masked(str(exc).splitlines()[0])) from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise Neo4jUnavailable("neo4j.credentials", uri=shown) from None
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable("neo4j.unreachable", uri=shown, reason=_reason(exc, masked)) from None
    return Connection(driver, shown)


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what caused it, outermost first (the first branch of an exception group)."""
    chain = [exc]
    while True:
        last = chain[-1]
        nested = last.__cause__ or last.__context__
        if nested is None and isinstance(last, BaseExceptionGroup) and last.exceptions:
            nested = last.exceptions[0]
        if nested is None or nested in chain:
            return chain
        chain.append(nested)


def _reason(exc: BaseException, mask: Callable[[str], str] = str) -> str | Message:
    """The root reason of a connection failure, in words: ``connection refused`` (a text of the
    system's or the driver's, passed through ``mask``)."""
    for cause in reversed(_causes(exc)):
        if isinstance(cause, ssl.SSLError):
            return Message("neo4j.tls")
        if isinstance(cause, OSError) and cause.strerror:
            return mask(cause.strerror[:1].lower() + cause.strerror[1:])
    return mask(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
