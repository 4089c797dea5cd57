"""``dutygraph neo4j``: push documents to Neo4j, pull the model back, run a local server."""

from __future__ import annotations

import dataclasses
import signal
import threading
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents, write_output
from dutygraph.i18n import t
from dutygraph.output import render

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["neo4j", "uri_option"]

uri_option = click.option(
    "--uri", envvar="NEO4J_URI", show_envvar=True,
    help="Bolt URI of the server (bolt://, neo4j://, neo4j+s:// for Aura); credentials from "
         "NEO4J_USER / NEO4J_PASSWORD.")
database_option = click.option("--database", help="Database name (default: the server's default).")
retry_option = click.option(
    "--retry-time", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
    help="Retry a transaction that failed on a transient error (a lost connection, a leader switch) for this long.")


@cli.group()
def neo4j() -> None:
    """Neo4j: push documents, pull the model back, start a local server, count what is stored.

    The server comes from --uri or NEO4J_URI; NEO4J_USER and NEO4J_PASSWORD give the
    credentials (asked for when only the user is set and a terminal is attached).
    """


@neo4j.command()
@documents
@uri_option
@database_option
@retry_option
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows per UNWIND statement.")
@click.option("--tx-rows", type=click.IntRange(min=1), default=5000, show_default=True,
              help="A plan with more rows (nodes and relationships) is staged in transactions of this many "
                   "rows, then swapped in.")
def push(corpus: Corpus, uri: str | None, database: str | None, retry_time: float, batch_size: int,
         tx_rows: int) -> None:
    """Write the documents' plans to Neo4j; each replaces its old version atomically.

    Constraints are created first (IF NOT EXISTS). A plan is written in one transaction, or,
    when larger than --tx-rows or than the server's transaction memory, staged in several and
    swapped in by a last small one; until then other sessions see its old version. Pushing the
    same documents twice changes nothing; a failure leaves the plan being written as it was
    (the plans before it stay written).
    """
    from dutygraph.graph.neo4j.connect import connect
    from dutygraph.graph.neo4j.store import push as push_corpus

    with connect(uri, retry_time=retry_time) as driver:
        written = push_corpus(corpus, driver, database=database, batch_size=batch_size, tx_rows=tx_rows)
    click.echo(render([{t(f"neo4j.{k}"): v for k, v in dataclasses.asdict(w).items()} for w in written], "table"))


@neo4j.command()
@uri_option
@database_option
@retry_option
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write to this file instead of stdout.")
def pull(uri: str | None, database: str | None, retry_time: float, output: str | None) -> None:
    """Rebuild the model from Neo4j and write it as `dutygraph export` does (JSON)."""
    from dutygraph.graph.export import export_view
    from dutygraph.graph.neo4j.connect import connect
    from dutygraph.graph.neo4j.store import pull as pull_corpus

    with connect(uri, retry_time=retry_time) as driver:
        corpus = pull_corpus(driver, database=database)
    write_output(export_view(corpus).model_dump_json(indent=2), output)


@neo4j.command()
@uri_option
@database_option
@retry_option
def status(uri: str | None, database: str | None, retry_time: float) -> None:
    """Count the nodes per label and relationships per type of the plans stored."""
    from dutygraph.graph.neo4j.connect import connect
    from dutygraph.graph.neo4j.store import counts

    with connect(uri, retry_time=retry_time) as driver:
        rows = [{t("neo4j.kind"): k, t("neo4j.count"): v} for k, v in counts(driver, database=database).items()]
    click.echo(render(rows, "table"))


@neo4j.command()
@click.option("--port", type=click.IntRange(1, 65535), help="Bolt port on 127.0.0.1 (default: a free one).")
@click.option("--data-dir", type=click.Path(path_type=str), help="Keep the databases here (default: a temp dir).")
@click.option("--heap", default="512m", show_default=True, help="JVM heap (-Xmx).")
@click.option("--pagecache", default="64m", show_default=True, help="Neo4j's page cache.")
@click.option("--tx-memory", default="128m", show_default=True,
              help="Memory all transactions together may hold; one transaction may hold half.")
def serve(port: int | None, data_dir: str | None, heap: str, pagecache: str, tx_memory: str) -> None:
    """Start a local Neo4j 5.26 (from the checkout's scripts/neo4j) until Ctrl-C.

    Needs Java 17 or 21; the jars come from Maven Central on first use. Authentication is off
    and Bolt listens on 127.0.0.1 only. Should the JVM die, this exits 1 with its last log lines.
    """
    from dutygraph.graph.neo4j import server as neo4j_server
    stop = threading.Event()
    previous: dict[int, Any] = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with neo4j_server.start(port=port, data_dir=data_dir, heap=heap, pagecache=pagecache,
                                tx_memory=tx_memory) as server:
            click.echo(t("neo4j.up", uri=server.uri, pid=server.pid, log=server.log_path))
            click.echo(t("neo4j.up_next", export=f"export NEO4J_URI={server.uri}", push="dutygraph neo4j push examples/"))
            click.echo(t("neo4j.up_stop"))
            threading.Thread(target=lambda: (server.wait(), stop.set()), daemon=True).start()
            stop.wait()
            if not server.running:
                raise server.died()
            click.echo("stopping Neo4j …")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
