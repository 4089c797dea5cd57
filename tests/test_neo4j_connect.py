"""Connecting from the command line: one line and the documented exit status for every way it fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j_support import neo4j_uri  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ROOT = Path(__file__).resolve().parents[1]
SCHEMES = "use bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s:// or neo4j+ssc://"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
    return subprocess.run([sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True,
                          env={**env, "PYTHONWARNINGS": "error"}, timeout=120)


def readme_exit_codes() -> dict[int, str]:
    """The exit-status table (docs/reference/exit-status.md): status → what it says."""
    readme = (ROOT / "docs" / "reference" / "exit-status.md").read_text("utf-8")
    return {int(m[1]): m[2] for m in re.finditer(r"^\| `?(\d+)`? \| (.+) \|$", readme.split("## Exit status")[1]
                                                 .split("\n## ")[0], re.MULTILINE)}


def test_the_readme_has_one_exit_status_table():
    table = readme_exit_codes()
    assert set(table) >= {0, 1, 2}
    assert "Neo4j" in table[1] and "could not be read" in table[1] and "bad input" in table[2]


@pytest.mark.parametrize("command", [["neo4j", "status"], ["neo4j", "push", "examples"], ["workload", "--engine", "cypher"]])
def test_an_unreachable_server(command):
    result = run(*command, "--uri", "bolt://127.0.0.1:1")
    assert result.returncode == 1 and "unreachable" in readme_exit_codes()[1]
    assert result.stderr.splitlines() == ["dutygraph: bolt://127.0.0.1:1: cannot reach Neo4j (connection refused)"]


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://db.example.org", "foo://x", "127.0.0.1:7687"])
def test_a_uri_that_is_not_bolt(uri):
    result = run("neo4j", "status", "--uri", uri)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"dutygraph: {uri}: not a Bolt URI: {SCHEMES}"]


@pytest.mark.parametrize("scheme", ["neo4j+s", "bolt+s", "bolt+ssc"])
def test_tls_to_a_server_without_it(neo4j_uri, scheme):  # noqa: F811
    if not neo4j_uri.startswith("bolt://"):
        pytest.skip("needs a bolt:// server without TLS")
    uri = neo4j_uri.replace("bolt://", f"{scheme}://")
    result = run("neo4j", "status", "--uri", uri)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"dutygraph: {uri}: cannot reach Neo4j (the TLS handshake failed: +s and +ssc need a server with TLS)"]
