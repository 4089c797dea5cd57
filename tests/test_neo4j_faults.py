"""Neo4j dying in the middle of a push: one line, exit 1, the plan rolled back, the leftovers cleared.

A server of the test's own (its data kept in a folder, so that it can be started again on it)
is reached through a TCP proxy that counts what the client sends and kills the JVM with SIGKILL
once a given share of a push has gone through: the moment is fixed by the data, not by a clock.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j_support import start_server, unavailable
from test_neo4j_staging import long_plan

from dutygraph.errors import Neo4jUnavailable
from dutygraph.graph.neo4j import server as neo4j_server
from dutygraph.graph.neo4j.store import pull, push
from dutygraph.importers.read import read

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)


class KillingProxy:
    """127.0.0.1:``port`` forwarded to ``target``; SIGKILLs ``pid`` once clients sent ``kill_after`` bytes."""

    def __init__(self, target: int, pid: int, kill_after: int | None = None) -> None:
        self.target, self.pid, self.kill_after = target, pid, kill_after
        self.sent = 0
        self.killed = False
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:  # the server is gone: so is this connection
                client.close()
                continue
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client:
                    with self._lock:
                        self.sent += len(data)
                        if self.kill_after is not None and self.sent >= self.kill_after and not self.killed:
                            self.killed = True
                            os.kill(self.pid, signal.SIGKILL)
                            return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()


def cli_push(folder: Path, uri: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dutygraph", "neo4j", "push", str(folder), "--uri", uri, "--tx-rows", "100",
         "--retry-time", "2"],
        capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "error"}, timeout=300,
    )


@pytest.fixture(scope="module")
def launcher() -> None:
    try:
        neo4j_server.find_java()
        neo4j_server.prepare_jars()
    except Neo4jUnavailable as exc:
        unavailable(str(exc))


def test_neo4j_killed_mid_push(launcher, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, extra in ((old, ""), (new, "（修订）")):
        folder.mkdir()
        (folder / "plan.txt").write_text(long_plan(60, extra=extra), "utf-8")
    v1, v2 = read([old]), read([new])
    data = tmp_path / "neo4j"
    server = start_server(data_dir=data)
    try:
        with GraphDatabase.driver(server.uri, notifications_min_severity="OFF") as driver:  # how many bytes a push of v2 sends
            measure = KillingProxy(int(server.uri.rsplit(":", 1)[1]), server.pid)
            assert cli_push(new, f"bolt://127.0.0.1:{measure.port}").returncode == 0
            measure.close()
            push(v1, driver)
        proxy = KillingProxy(int(server.uri.rsplit(":", 1)[1]), server.pid, kill_after=measure.sent * 7 // 10)
        result = cli_push(new, f"bolt://127.0.0.1:{proxy.port}")
        proxy.close()
        assert proxy.killed
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f"dutygraph: lost the connection to bolt://127.0.0.1:{proxy.port}; "
            "the plan being written (plan.txt) was rolled back"]
    finally:
        server.stop()
    with start_server(data_dir=data) as again, GraphDatabase.driver(again.uri, notifications_min_severity="OFF") as driver:
        assert pull(driver) == v1  # the old version, whole
        staged = "MATCH (p:DutygraphStagedPlan) RETURN count(p) AS c"
        assert driver.execute_query(staged).records[0]["c"] == 1  # what the killed push had committed
        written = push(v2, driver)
        assert pull(driver) == v2 and driver.execute_query(staged).records[0]["c"] == 0
        assert driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"] == written[0].nodes
