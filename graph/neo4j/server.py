"""A real Neo4j server without Docker: an embedded Neo4j 5.26 Community DBMS with Bolt, in a JVM.

The pieces are package data of ``dutygraph.graph.neo4j``, in ``launcher/`` (found through
:mod:`importlib.resources`): ``pom.xml`` names the jars, ``prepare`` resolves them into the
cache folder's ``lib/`` (:func:`cache_dir`: ``$DUTYGRAPH_NEO4J_CACHE``, else ``.cache/neo4j`` in
the current directory) and ``Launcher.java`` runs the DBMS. This module finds a suitable JVM,
prepares the jars and runs the launcher as a child process::

    from dutygraph.graph.neo4j import server as neo4j_server
    with neo4j_server.start() as server:    # a free port on 127.0.0.1, data in a temp dir
        print(server.uri)                   # bolt://127.0.0.1:PORT, no authentication

Neo4j 5.26 runs on Java 17 or 21 only; ``find_java`` picks one (``$JAVA_HOME``, else ``java`` on
``PATH``, else ``/usr/lib/jvm/*``). Everything that goes wrong raises
:class:`~dutygraph.errors.Neo4jUnavailable`, with the tail of the launcher's log where there is one.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import datetime
from importlib import resources
from pathlib import Path
from types import TracebackType

from dutygraph.errors import Message, Neo4jUnavailable, UsageError, quoted

__all__ = ["Neo4jServer", "SUPPORTED_JAVA", "cache_dir", "find_java", "prepare_jars", "scripts_dir", "start"]

SUPPORTED_JAVA = (17, 21)
"""Java major versions Neo4j 5.26 runs on, in order of preference where several are installed."""

_log = logging.getLogger(__name__)
_READY = re.compile(r"^NEO4J READY (bolt://\S+)$")
_VERSION = re.compile(r'version "(\d+)(?:[.\-+"_])')
_LOG_TAIL_LINES = 40
_CLEAN_EXIT = (0, 128 + signal.SIGTERM, 128 + signal.SIGINT)  # the JVM exits 128+n after signal n
_SIZE = re.compile(r"^[1-9][0-9]*[kmg]?$", re.IGNORECASE)


def scripts_dir() -> Path:
    """The launcher's folder, ``launcher/`` of the package ``dutygraph.graph.neo4j``.

    Raises :class:`Neo4jUnavailable` when the installation lacks its files (or is not on disk).
    """
    folder = resources.files("dutygraph.graph.neo4j") / "launcher"
    missing = [name for name in ("pom.xml", "prepare", "Launcher.java") if not (folder / name).is_file()]
    if missing or not isinstance(folder, Path):
        raise Neo4jUnavailable("neo4j.launcher_missing", folder=str(folder),
                               missing=", ".join(missing) or Message("neo4j.folder_on_disk"))
    return folder


def cache_dir() -> Path:
    """Where the Neo4j jars (``lib/``), Maven's downloads (``m2/``) and launcher logs go.

    ``$DUTYGRAPH_NEO4J_CACHE`` when set, else ``.cache/neo4j`` in the current directory (the
    checkout's, where ``make test`` runs).
    """
    return Path(os.environ.get("DUTYGRAPH_NEO4J_CACHE") or Path.cwd() / ".cache" / "neo4j").resolve()


def find_java() -> str:
    """Path of a ``java`` binary of a version Neo4j 5.26 supports (17 or 21).

    ``$JAVA_HOME`` wins when set, and must then hold Java 17 or 21; otherwise ``java`` on ``PATH``,
    otherwise the newest supported JDK under ``/usr/lib/jvm``.
    """
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        major = _java_major(str(candidate))
        if major not in SUPPORTED_JAVA:
            found = Message("neo4j.no_java_binary") if major is None else f"Java {major}"
            raise Neo4jUnavailable("neo4j.java_home", java_home=java_home, found=found)
        return str(candidate)

    seen: list[str] = []
    on_path = shutil.which("java")
    if on_path:
        major = _java_major(on_path)
        if major in SUPPORTED_JAVA:
            return on_path
        seen.append(f"{on_path} (Java {major})")

    installed: dict[int, str] = {}
    for candidate in sorted(Path("/usr/lib/jvm").glob("*/bin/java")):
        major = _java_major(str(candidate))
        if major in SUPPORTED_JAVA:
            installed.setdefault(major, str(candidate))
        else:
            seen.append(f"{candidate} (Java {major})")
    if installed:
        return installed[max(installed)]
    raise Neo4jUnavailable("neo4j.no_java", seen=", ".join(seen) or Message("neo4j.none"))


@functools.cache
def _java_major(java: str) -> int | None:
    """Major version of ``java`` (8 for 1.8), or None when it does not run."""
    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(result.stderr + result.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    if major == 1:  # "1.8.0_392"
        rest = (result.stderr + result.stdout)[match.end() :]
        minor = re.match(r"(\d+)", rest)
        return int(minor.group(1)) if minor else None
    return major


def prepare_jars(cache: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the Neo4j jars into ``<cache>/lib`` (quick when already there); returns that folder.

    ``cache`` defaults to :func:`cache_dir`. Runs the launcher's ``prepare`` script with the JVM
    :func:`find_java` picks.
    """
    folder = scripts_dir()
    cache = cache_dir() if cache is None else Path(cache).resolve()
    prepare = folder / "prepare"
    java = Path(find_java()).resolve()
    env = {**os.environ, "JAVA_HOME": str(java.parent.parent), "DUTYGRAPH_NEO4J_CACHE": str(cache)}
    try:
        result = subprocess.run(
            ["bash", str(prepare)],
            capture_output=True, text=True, env=env, timeout=30 * 60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jUnavailable("neo4j.prepare", reason=str(exc)) from exc
    if result.returncode != 0:
        raise Neo4jUnavailable("neo4j.prepare_failed", program=str(prepare), status=result.returncode,
                               log=_tail(result.stdout + result.stderr))
    _log.info("%s", result.stdout.strip())
    lib = cache / "lib"
    if not any(lib.glob("neo4j-*.jar")):
        raise Neo4jUnavailable("neo4j.no_jars", program=str(prepare), folder=str(lib))
    return lib


class Neo4jServer:
    """A running launcher: ``uri`` to connect to, ``pid`` of the JVM, ``log_path`` of its log.

    ``stop()`` ends it (also on leaving a ``with`` block). The JVM also shuts itself down when
    this Python process goes away, since it watches its standard input.
    """

    def __init__(
        self, process: subprocess.Popen[bytes], uri: str, log_path: Path, *, keep_log: bool
    ) -> None:
        self._process = process
        self.uri = uri
        self.log_path = log_path
        self._keep_log = keep_log

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def wait(self) -> int:
        """Block until the JVM exits (on its own, or stopped); returns its exit status."""
        return self._process.wait()

    def died(self) -> Neo4jUnavailable:
        """Why the JVM ended, with the last lines of its log as the error's details (call once it
        has exited)."""
        status = self._process.returncode
        error = (Neo4jUnavailable("neo4j.jvm_killed", pid=self.pid, signal=signal.Signals(-status).name, log=str(self.log_path))
                 if status < 0 else Neo4jUnavailable("neo4j.jvm_exited", pid=self.pid, status=status, log=str(self.log_path)))
        error.details = _log_tail(self.log_path, 20)
        return error

    def stop(self, *, grace: float = 30.0) -> int:
        """SIGTERM, wait up to ``grace`` seconds, then SIGKILL; returns the exit status.

        A clean stop gives 143 (the JVM's status after SIGTERM), or 0 if the JVM had already
        exited on its own; -9 means it had to be killed. Safe to call twice. A clean stop removes
        the log unless it lives in the data directory.
        """
        _terminate(self._process, grace)
        status = self._process.returncode
        if status in _CLEAN_EXIT and not self._keep_log:
            self.log_path.unlink(missing_ok=True)
        return status

    def __enter__(self) -> Neo4jServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else f"exited {self._process.returncode}"
        return f"<Neo4jServer {self.uri} pid={self.pid} {state}>"


def start(
    *,
    port: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    heap: str = "512m",
    pagecache: str = "64m",
    tx_memory: str = "128m",
    timeout: float = 120,
) -> Neo4jServer:
    """Start the launcher and wait (up to ``timeout`` seconds) until Bolt accepts connections.

    ``port`` defaults to a free one on 127.0.0.1; without ``data_dir`` the databases live in a temp
    dir removed at shutdown. Sizes are written like ``512m`` or ``2g``: ``heap`` is the JVM's
    ``-Xmx``, ``pagecache`` Neo4j's page cache, ``tx_memory`` the memory all transactions together
    may hold (``db.memory.transaction.total.max``; one transaction may hold half of it,
    ``db.memory.transaction.max``). Authentication is off.
    """
    for option, size in (("heap", heap), ("pagecache", pagecache), ("tx-memory", tx_memory)):
        if not _SIZE.match(size):
            raise UsageError("usage.size", option=option, size=quoted(size))
    folder = scripts_dir()
    cache = cache_dir()
    java = find_java()
    lib = prepare_jars(cache)

    keep_log = data_dir is not None
    data = None if data_dir is None else Path(data_dir).resolve()
    if data is not None:
        data.mkdir(parents=True, exist_ok=True)
        log_path = data / "launcher.log"
    else:
        logs = cache / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f"launcher-{datetime.now():%Y%m%d-%H%M%S}-", suffix=".log", dir=logs)
        os.close(fd)
        log_path = Path(name)

    command = [
        java,
        f"-Xmx{heap}",
        "-XX:+UseSerialGC",  # small heap, few cores: no parallel GC threads
        "-XX:+ExitOnOutOfMemoryError",
        "-Dfile.encoding=UTF-8",
        "-cp", str(lib / "*"),
        str(folder / "Launcher.java"),
        "--exit-on-stdin-eof",
        "--pagecache", pagecache,
        "--tx-memory", tx_memory,
    ]
    if port is not None:
        command += ["--port", str(port)]
    if data is not None:
        command += ["--data", str(data)]

    with open(log_path, "ab") as log:
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=cache,
                start_new_session=True,  # its own process group: a terminal's Ctrl-C is ours to relay
            )
        except OSError as exc:
            raise Neo4jUnavailable("neo4j.cannot_run", program=java, reason=str(exc)) from exc

    try:
        line = _read_ready_line(process, timeout)
    except BaseException:
        _terminate(process, grace=10)
        raise
    match = _READY.match(line) if line is not None else None
    if match is None:
        _terminate(process, grace=10)
        log, tail = str(log_path), _log_tail(log_path)
        if line is None and process.returncode is None:
            raise Neo4jUnavailable("neo4j.not_ready", seconds=timeout, log=log, tail=tail)
        if line is None:
            raise Neo4jUnavailable("neo4j.exited_early", status=process.returncode, log=log, tail=tail)
        raise Neo4jUnavailable("neo4j.odd_line", line=quoted(line), log=log, tail=tail)
    assert process.stdout is not None
    process.stdout.close()  # the launcher prints nothing else
    return Neo4jServer(process, match.group(1), log_path, keep_log=keep_log)


def _read_ready_line(process: subprocess.Popen[bytes], timeout: float) -> str | None:
    """The launcher's first stdout line, or None on EOF or timeout."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + timeout
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                process.wait(timeout=10)  # EOF: it exited (or is about to)
                return None
            buffer += chunk
    return buffer.split(b"\n", 1)[0].decode("utf-8", "replace").strip()


def _terminate(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the launcher's process group, SIGKILL it after ``grace`` seconds, close the pipes."""
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None and not stream.closed:
            stream.close()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)  # start_new_session: the group id is the JVM's pid
    except ProcessLookupError:
        pass


def _log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        return _tail(path.read_text(encoding="utf-8", errors="replace"), lines)
    except OSError as exc:
        return f"(cannot read the log: {exc})"


def _tail(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
