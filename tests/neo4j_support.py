"""A real Neo4j for the tests, once per session.

``tests/conftest.py`` (or a test module) imports the fixtures::

    from neo4j_support import neo4j_uri, neo4j_driver  # noqa: F401

``neo4j_uri`` is ``$NEO4J_URI`` when set (credentials from ``$NEO4J_USER`` / ``$NEO4J_PASSWORD``,
none by default); otherwise the session starts the embedded launcher (scripts/neo4j) once, waits
until the driver connects, and stops the JVM at the end. When Neo4j cannot be had, the tests that
need it are skipped, unless ``CI=true``, where they fail with the launcher's log tail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from dutygraph.errors import Neo4jUnavailable
from dutygraph.graph.neo4j import server as neo4j_server
__all__ = ["neo4j_auth", "neo4j_driver", "neo4j_uri", "start_server", "unavailable"]

CONNECT_TIMEOUT = 60.0


def neo4j_auth() -> tuple[str, str] | None:
    """Credentials for ``$NEO4J_URI`` from ``$NEO4J_USER`` / ``$NEO4J_PASSWORD``; None: no auth."""
    user = os.environ.get("NEO4J_USER")
    if not user or "NEO4J_URI" not in os.environ:
        return None
    return (user, os.environ.get("NEO4J_PASSWORD", ""))


def unavailable(reason: str) -> NoReturn:
    """Fail under CI (``CI=true``), skip elsewhere: no Neo4j is no excuse on CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"Neo4j is required on CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"Neo4j unavailable: {reason}")


def start_server(**options: Any) -> neo4j_server.Neo4jServer:
    """``neo4j_server.start(**options)``, or skip / fail the test as :func:`unavailable` says."""
    try:
        return neo4j_server.start(**options)
    except Neo4jUnavailable as exc:
        unavailable(str(exc))


def wait_for_bolt(uri: str, auth: tuple[str, str] | None, timeout: float = CONNECT_TIMEOUT) -> None:
    """Until ``verify_connectivity()`` succeeds; raises the last driver error after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with GraphDatabase.driver(uri, auth=auth) as driver:
                driver.verify_connectivity()
            return
        except (DriverError, Neo4jError, OSError):
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.25)


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """Bolt URI of a real Neo4j for the whole session: ``$NEO4J_URI`` or a launcher of our own."""
    external = os.environ.get("NEO4J_URI")
    if external:
        try:
            wait_for_bolt(external, neo4j_auth())
        except (DriverError, Neo4jError, OSError) as exc:
            unavailable(f"cannot connect to NEO4J_URI={external}: {exc}")
        yield external
        return

    server = start_server()
    try:
        try:
            wait_for_bolt(server.uri, None)
        except (DriverError, Neo4jError, OSError) as exc:
            unavailable(f"launcher at {server.uri} (pid {server.pid}) refuses connections: {exc}")
        yield server.uri
    finally:
        server.stop()  # SIGTERM to its pid, SIGKILL after a grace period


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str) -> Iterator[Driver]:
    """A driver to :func:`neo4j_uri`, closed at the end of the session."""
    driver = GraphDatabase.driver(neo4j_uri, auth=neo4j_auth())
    try:
        yield driver
    finally:
        driver.close()
