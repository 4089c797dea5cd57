"""`dutygraph neo4j serve`: its memory options reach Neo4j, and it ends when its JVM dies."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time

import pytest
from neo4j import GraphDatabase
from neo4j_support import unavailable

from dutygraph.errors import Neo4jUnavailable
from dutygraph.graph.neo4j import server as neo4j_server
pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ENV = {**os.environ, "PYTHONWARNINGS": "error", "DUTYGRAPH_LANG": "en"}  # built before the fixture runs
UP = re.compile(r"Neo4j is up at (bolt://\S+) \(pid (\d+), log (\S+)\)")


def first_line(process: subprocess.Popen[str], timeout: float = 180) -> str:
    """The first line ``serve`` prints, or what it printed on stderr when it ended first."""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(1):
                line = process.stdout.readline()
                if line:
                    return line
                break
    process.kill()
    pytest.fail(f"serve did not come up: {process.communicate()[1]}")


def test_serve_passes_its_memory_options_and_exits_when_the_jvm_dies():
    try:
        neo4j_server.find_java()
        neo4j_server.prepare_jars()
    except Neo4jUnavailable as exc:
        unavailable(str(exc))
    serve = subprocess.Popen(
        [sys.executable, "-m", "dutygraph", "neo4j", "serve", "--heap", "600m", "--pagecache", "32m",
         "--tx-memory", "256m"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )
    try:
        up = UP.match(first_line(serve))
        assert up, "serve printed no URI"
        uri, jvm = up[1], int(up[2])
        with GraphDatabase.driver(uri) as driver:
            settings = dict(driver.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                names=["db.memory.transaction.max", "server.memory.pagecache.size"]).records)
        assert settings == {"db.memory.transaction.max": "128.00MiB", "server.memory.pagecache.size": "32.00MiB"}
        with open(f"/proc/{jvm}/cmdline", "rb") as cmdline:
            assert b"-Xmx600m" in cmdline.read().split(b"\0")
        os.kill(jvm, signal.SIGKILL)
        _, err = serve.communicate(timeout=120)  # before: it kept running
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.communicate()
    assert serve.returncode == 1
    lines = err.splitlines()
    assert lines[0] == f"dutygraph: the Neo4j JVM (pid {jvm}) was killed by SIGKILL; the last lines of {up[3]}:"
    assert len(lines) > 3 and any("INFO" in line for line in lines[1:])  # the JVM's log


def test_serve_refuses_a_size_it_cannot_read():
    result = subprocess.run([sys.executable, "-m", "dutygraph", "neo4j", "serve", "--tx-memory", "lots"],
                            capture_output=True, text=True, env=ENV, timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["dutygraph: --tx-memory 'lots': give a size such as 512m or 2g"]
