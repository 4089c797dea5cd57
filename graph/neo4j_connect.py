"""Connecting to Neo4j: the URI and credentials from options or the environment, one-line errors.

``NEO4J_URI`` (or ``--uri``) names the server — ``bolt://host:7687``, ``neo4j://…`` for a
cluster, ``neo4j+s://….databases.neo4j.io`` for Aura. ``NEO4J_USER`` and ``NEO4J_PASSWORD``
give the credentials; with a user and no password variable, the password is asked for when a
terminal is attached. Without a user, no authentication is sent (a server with auth disabled,
such as ``dutygraph neo4j serve``). Credentials never appear in messages: user information in a
URI is masked.

>>> masked("neo4j+s://alice:secret@db.example.org:7687")
'neo4j+s://***@db.example.org:7687'
"""

from __future__ import annotations

import getpass
import os
import re
import sys

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from dutygraph.errors import Neo4jUnavailable, UsageError

__all__ = ["connect", "masked", "resolve_uri"]


def masked(uri: str) -> str:
    """The URI with any ``user:password@`` replaced by ``***@``."""
    return re.sub(r"(?<=://)[^/@]*@", "***@", uri)


def resolve_uri(uri: str | None) -> str:
    """``uri`` or ``$NEO4J_URI``; a UsageError saying how to give one when neither is set."""
    chosen = uri or os.environ.get("NEO4J_URI")
    if not chosen:
        raise UsageError("no Neo4j server: give --uri bolt://HOST:7687 or set NEO4J_URI "
                         "(`dutygraph neo4j serve` starts a local one)")
    return chosen


def _auth() -> tuple[str, str] | None:
    user = os.environ.get("NEO4J_USER")
    if not user:
        return None
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError("NEO4J_USER is set but NEO4J_PASSWORD is not (and there is no terminal to ask)")
        password = getpass.getpass(f"Neo4j password for {user}: ")
    return user, password


def connect(uri: str | None = None) -> Driver:
    """A driver whose connectivity was verified; :class:`Neo4jUnavailable` in one line if not.

    The caller closes it (``with connect(uri) as driver: …``).
    """
    target = resolve_uri(uri)
    try:
        driver = GraphDatabase.driver(
            target, auth=_auth(), notifications_min_severity="OFF"
        )
    except (ConfigurationError, ValueError) as exc:
        raise UsageError(f"{masked(target)}: not a Neo4j URI ({masked(str(exc))})") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise Neo4jUnavailable(f"{masked(target)}: Neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)") from None
    except (ServiceUnavailable, DriverError, Neo4jError, OSError) as exc:
        driver.close()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Neo4jUnavailable(f"{masked(target)}: cannot reach Neo4j ({masked(reason)})") from None
    return driver
