"""The embedded Neo4j launcher: a real round trip over Bolt, loopback only, a clean stop."""

from __future__ import annotations

import ipaddress
import os
import socket
import stat
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from neo4j import Driver, GraphDatabase
from neo4j_support import neo4j_driver, neo4j_uri, start_server, unavailable  # noqa: F401

from dutygraph.errors import Neo4jUnavailable
from dutygraph.graph.neo4j import server as neo4j_server
@pytest.fixture(scope="module")
def launcher() -> None:
    """Java and the jars are there (the tests that start their own server need them)."""
    try:
        neo4j_server.find_java()
        neo4j_server.prepare_jars()
    except Neo4jUnavailable as exc:
        unavailable(str(exc))


def test_round_trip(neo4j_driver: Driver) -> None:  # noqa: F811
    token = uuid.uuid4().hex
    name = "市政府办公室 Office of the Municipal Government"
    created, _, _ = neo4j_driver.execute_query(
        "CREATE (n:DutygraphLauncherTest {token: $token, name: $name, weight: $weight}) RETURN n.token AS token",
        token=token, name=name, weight=0.5,
    )
    assert len(created) == 1
    try:
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (n:DutygraphLauncherTest {token: $token}) RETURN n.name AS name, n.weight AS weight",
            token=token,
        )
        assert [(r["name"], r["weight"]) for r in records] == [(name, 0.5)]
    finally:
        neo4j_driver.execute_query("MATCH (n:DutygraphLauncherTest {token: $token}) DELETE n", token=token)


def _listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Local addresses of the TCP sockets listening on ``port``, from /proc/net/tcp{,6}."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if fields[3] != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                    continue
                # each 32-bit word is in host (little-endian) byte order
                raw = b"".join(bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8))
                found.append(ipaddress.ip_address(raw))
    return found


def test_listens_on_loopback_only(neo4j_uri: str) -> None:  # noqa: F811
    if os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI points at an external server, not our launcher")
    if not os.path.exists("/proc/net/tcp"):
        pytest.skip("needs Linux /proc/net/tcp")
    url = urlsplit(neo4j_uri)
    assert (url.scheme, url.hostname) == ("bolt", "127.0.0.1")
    assert url.port is not None
    addresses = _listening_addresses(url.port)
    assert addresses, f"nothing listens on port {url.port}"
    for address in addresses:
        mapped = getattr(address, "ipv4_mapped", None)
        assert (mapped or address).is_loopback, f"{address} is not a loopback address"


def test_stop_ends_the_process(launcher: None, tmp_path: Path) -> None:
    data = tmp_path / "neo4j"
    with start_server(data_dir=data) as server:
        assert server.running
        with GraphDatabase.driver(server.uri, auth=None) as driver:
            records, _, _ = driver.execute_query("RETURN $x AS x", x=7)
        assert records[0]["x"] == 7
        pid = server.pid
        status = server.stop()
    assert status == 143  # the JVM's own status after SIGTERM: it ran its shutdown hook
    assert not server.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert server.stop() == status  # a second stop (and the with block's) does nothing
    assert "Launcher: Neo4j stopped" in server.log_path.read_text()  # kept: it lives in data_dir
    assert (data / "data" / "databases" / "neo4j").is_dir()


def test_port_in_use_reports_the_log(english: None, launcher: None) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(Neo4jUnavailable) as caught:
            neo4j_server.start(port=taken.getsockname()[1], timeout=120)
    message = str(caught.value)
    assert "exited with status 1" in message
    assert "Launcher: Neo4j did not start" in message  # the log tail


def _fake_java(home: Path, version: str) -> Path:
    java = home / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f'#!/bin/sh\necho \'openjdk version "{version}" 2024-01-16\' >&2\n')
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return java


@pytest.mark.parametrize("version", ["17.0.9", "21.0.2"])
def test_find_java_honours_java_home(version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = _fake_java(tmp_path, version)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert neo4j_server.find_java() == str(java)


@pytest.mark.parametrize(("version", "shown"), [("11.0.21", "Java 11"), ("25.0.1", "Java 25"), ("1.8.0_392", "Java 8")])
def test_find_java_refuses_other_versions(
    english: None, version: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_java(tmp_path, version)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(Neo4jUnavailable, match=f"{shown}; Neo4j 5.26 needs Java 17 or 21"):
        neo4j_server.find_java()


def test_find_java_refuses_a_java_home_without_java(english, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(Neo4jUnavailable, match="no runnable bin/java"):
        neo4j_server.find_java()


def test_scripts_missing_outside_the_checkout(english, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_server.resources, "files", lambda package: tmp_path)
    with pytest.raises(Neo4jUnavailable, match="missing from dutygraph's installation"):
        neo4j_server.start()
