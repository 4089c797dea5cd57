"""Load throughput into Neo4j: dutygraph's batched loader against a naive one-MERGE-per-transaction one.

Both write the same synthetic corpus into an empty database of a local Neo4j 5.26 (started here
with the project's launcher, or the server at ``NEO4J_URI``), one after the other in the same run,
and end with the same node and relationship counts, which are checked. Figures are rows/s, where a
row is one node or one relationship.

    .venv/bin/python benchmarks/neo4j_load.py --plans 8 --items 150

:func:`figures` is what ``benchmarks/run.py`` measures per scale: the batched push cold (the
first push into a fresh server) and warm (again, into the emptied database), a replacing push,
the naive loader on a sample, the Cypher twins against the networkx queries, and the
``neo4j-admin database import`` CSV bulk load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from dutygraph.graph.neo4j import server as neo4j_server
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.neo4j.connect import connect
from dutygraph.graph.neo4j.store import counts, ensure_schema, push
from dutygraph.graph.neo4j.transactions import encode_props

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 6, 30)


def clear(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def naive_load(driver, G, limit: int | None = None) -> int:
    """Every node and relationship in its own transaction with its own MERGE; with ``limit``,
    about that many rows: the first nodes, then the relationships between them."""
    ensure_schema(driver)
    rows = 0
    loaded = set()
    with driver.session() as session:
        for node, data in G.nodes(data=True):
            if limit is not None and rows >= limit // 3:
                break
            label = data["type"]
            props = encode_props({k: v for k, v in data.items() if k != "type"})
            session.execute_write(
                lambda tx, lab=label, n=node, p=props: tx.run(
                    f"MERGE (n:{lab} {{id: $id}}) SET n = $props, n.id = $id", id=n, props=p
                ).consume()
            )
            loaded.add(node)
            rows += 1
        for u, v, key, data in G.edges(keys=True, data=True):
            if limit is not None and (rows >= limit or u not in loaded or v not in loaded):
                continue
            rel = str(key).split(":", 1)[0]
            props = {**encode_props({k: d for k, d in data.items() if k != "relation"}), "key": str(key)}
            source, target = G.nodes[u]["type"], G.nodes[v]["type"]
            session.execute_write(
                lambda tx, r=rel, s=source, t=target, a=u, b=v, p=props: tx.run(
                    f"MATCH (a:{s} {{id: $a}}) MATCH (b:{t} {{id: $b}}) "
                    f"MERGE (a)-[r:{r} {{key: $p.key}}]->(b) SET r = $p", a=a, b=b, p=p
                ).consume()
            )
            rows += 1
    return rows


def _timed(fn, *args, **kwargs):
    gc.collect()
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def _best(fn, *args, times: int = 2, **kwargs):
    """The result and the fastest of ``times`` runs (the first also warms query plans)."""
    seconds = []
    for _ in range(times):
        result, took = _timed(fn, *args, **kwargs)
        seconds.append(took)
    return result, min(seconds)


def build_rows(corpus) -> int:
    """What a push does in Python before it sends anything: the graph and every plan's rows."""
    from dutygraph.graph.neo4j.store import _plan_rows

    G = to_networkx(corpus)
    seq = {node: i for i, node in enumerate(G.nodes)}
    return sum(_plan_rows(G, plan.id, seq).size for plan in corpus.plans)


def twins(driver, G) -> dict[str, float]:
    """Seconds of each Cypher twin and of its networkx query on the same corpus (best of two)."""
    from dutygraph.queries import cypher
    from dutygraph.queries.dependencies import co_assignment, lead_support
    from dutygraph.queries.targets import targets_by_deadline
    from dutygraph.queries.workload import office_workload

    out = {}
    for name, cy, nx_query, options in (
        ("workload", cypher.office_workload, office_workload, {}),
        ("pairs", cypher.co_assignment, co_assignment, {}),
        ("edges", cypher.lead_support, lead_support, {}),
        ("targets", cypher.targets_by_deadline, targets_by_deadline, {"as_of": AS_OF}),
    ):
        mine, out[f"cypher_{name}_s"] = _best(cy, driver, **options)
        theirs, out[f"nx_{name}_s"] = _best(nx_query, G, **options)
        if mine != theirs:
            raise AssertionError(f"the Cypher twin of {name} differs from the networkx query")
    return out


def bulk_import(corpus, rows: int) -> dict[str, float] | None:
    """Seconds to write the ``neo4j-admin database import`` CSVs and to import them (JVM start
    included) into a fresh database; None without the import tool's jars."""
    from dutygraph.graph.neo4j.admin_csv import import_command, neo4j_csv_files

    lib = ROOT / ".cache" / "neo4j" / "lib"
    if not any(lib.glob("neo4j-import-tool-*.jar")):
        return None
    java = neo4j_server.find_java()
    with tempfile.TemporaryDirectory() as tmp:
        folder, home = Path(tmp) / "csv", Path(tmp) / "home"
        folder.mkdir()
        home.mkdir()
        files, csv_s = _timed(neo4j_csv_files, corpus)
        for name, text in files.items():
            (folder / name).write_text(text, "utf-8")
        args = import_command(list(files), folder=str(folder))[1:] + ["--max-off-heap-memory=256m"]
        started = time.perf_counter()
        done = subprocess.run([java, "-Xmx512m", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", *args],
                              env={**os.environ, "NEO4J_HOME": str(home)}, cwd=tmp, capture_output=True, text=True)
        import_s = time.perf_counter() - started
    if done.returncode or "IMPORT DONE" not in done.stdout:
        raise RuntimeError(f"neo4j-admin import failed: {done.stdout[-500:]}{done.stderr[-500:]}")
    return {"bulk_csv_s": csv_s, "bulk_import_s": import_s, "bulk_rows_s": rows / (csv_s + import_s)}


def figures(corpus, G=None, *, uri: str | None = None, batch_size: int = 5000, tx_rows: int = 20000,
            naive_rows: int = 2000, bulk: bool = True) -> dict[str, float]:
    """Neo4j figures for one corpus: push cold and warm, a replacing push, the naive loader on
    about ``naive_rows`` rows, the Cypher twins against networkx, the CSV bulk import.

    A fresh server is started (so that "cold" is the first push into a new JVM) unless ``uri``
    names one, whose database must be empty.
    """
    G = G if G is not None else to_networkx(corpus)
    rows = G.number_of_nodes() + G.number_of_edges()
    out: dict[str, float] = {"neo4j_rows": rows, "batch_size": batch_size, "tx_rows": tx_rows}
    with ExitStack() as stack:
        if uri is None:
            uri = stack.enter_context(neo4j_server.start(heap="1g", pagecache="256m", tx_memory="512m")).uri
        driver = stack.enter_context(connect(uri))
        if driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]:
            raise RuntimeError(f"{uri}: the database is not empty (the benchmark deletes everything in it)")
        _, out["push_cold_s"] = _timed(push, corpus, driver, batch_size=batch_size, tx_rows=tx_rows)
        stored = counts(driver)
        _, out["push_replace_s"] = _timed(push, corpus, driver, batch_size=batch_size, tx_rows=tx_rows)
        clear(driver)
        _, out["push_warm_s"] = _timed(push, corpus, driver, batch_size=batch_size, tx_rows=tx_rows)
        if counts(driver) != stored:
            raise AssertionError("the warm push stored other counts than the cold one")
        _, out["rows_build_s"] = _timed(build_rows, corpus)
        out.update(twins(driver, G))
        clear(driver)
        naive_load(driver, G, limit=100)  # its query plans, warm
        clear(driver)
        loaded, out["naive_s"] = _timed(naive_load, driver, G, limit=min(naive_rows, rows))
        out["naive_rows"] = loaded
        clear(driver)
    for key in ("cold", "replace", "warm"):
        out[f"push_{key}_rows_s"] = rows / out[f"push_{key}_s"]
    out["naive_rows_s"] = out["naive_rows"] / out["naive_s"]
    if bulk:
        out.update(bulk_import(corpus, rows) or {})
    return out


def report(m: dict[str, float]) -> list[str]:
    """Lines for run.py's table (``m`` holds :func:`figures`' keys)."""
    naive = m["naive_rows_s"]
    lines = [f"  Neo4j ({m['neo4j_rows']:.0f} rows; statements of {m['batch_size']:.0f} rows, "
             f"transactions of {m['tx_rows']:.0f})"]
    for key, label in (("warm", "push warm (emptied database)"), ("cold", "push cold (new server)"),
                       ("replace", "push replacing every plan")):
        lines.append(f"  {label:34} {m[f'push_{key}_s']:9.2f}  {m[f'push_{key}_rows_s']:.0f} rows/s, "
                     f"{m[f'push_{key}_rows_s'] / naive:.1f}× naive")
    lines.append(f"  {'  Python building the rows (each)':34} {m['rows_build_s']:9.2f}  "
                 f"{m['neo4j_rows'] / m['rows_build_s']:.0f} rows/s, the rest of a push is the driver and server")
    lines.append(f"  {'naive: one MERGE per transaction':34} {m['naive_s']:9.2f}  {naive:.0f} rows/s "
                 f"({m['naive_rows']:.0f} rows)")
    if "bulk_import_s" in m:
        lines.append(f"  {'neo4j-admin import (CSV + tool)':34} {m['bulk_csv_s'] + m['bulk_import_s']:9.2f}  "
                     f"{m['bulk_rows_s']:.0f} rows/s ({m['bulk_csv_s']:.2f} s writing the CSV)")
    for name, label in (("workload", "workload"), ("pairs", "deps: pairs"), ("edges", "deps: lead→support edges"),
                        ("targets", "targets by deadline")):
        cy, nx_s = m[f"cypher_{name}_s"], m[f"nx_{name}_s"]
        lines.append(f"  {'Cypher ' + label:34} {cy:9.2f}  {cy / nx_s:.1f}× networkx ({nx_s:.2f} s)")
    return lines


def main() -> int:
    from synthetic import synthetic_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=8)
    parser.add_argument("--items", type=int, default=150, help="items per plan")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--tx-rows", type=int, default=20000)
    args = parser.parse_args()

    corpus = synthetic_corpus(plans=args.plans, items=args.items)
    G = to_networkx(corpus)
    rows = G.number_of_nodes() + G.number_of_edges()
    print(f"corpus: {args.plans} plans × {args.items} items → {G.number_of_nodes()} nodes, "
          f"{G.number_of_edges()} relationships ({rows} rows)")
    with ExitStack() as stack:
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            server = stack.enter_context(neo4j_server.start(heap="1g"))
            uri = server.uri
        driver = stack.enter_context(connect(uri))
        if driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]:
            print(f"{uri}: the database is not empty; the benchmark deletes everything in it, "
                  "so it needs an empty one (or no NEO4J_URI, to start its own)", file=sys.stderr)
            return 2
        warm_up = synthetic_corpus(plans=1, items=30, seed=99)  # query plans and JIT for both loaders
        push(warm_up, driver)
        naive_load(driver, to_networkx(warm_up))
        clear(driver)

        started = time.perf_counter()
        push(corpus, driver, batch_size=args.batch_size, tx_rows=args.tx_rows)
        batched = time.perf_counter() - started
        after_batched = counts(driver)
        clear(driver)

        started = time.perf_counter()
        naive_rows = naive_load(driver, G)
        naive = time.perf_counter() - started
        after_naive = counts(driver)
        clear(driver)

    if after_batched != after_naive or naive_rows != rows:
        print(f"the two loads differ: {after_batched} vs {after_naive}", file=sys.stderr)
        return 1
    print(f"batched (statements of {args.batch_size} rows across labels, transactions of {args.tx_rows}): "
          f"{batched:7.2f} s  {rows / batched:9.0f} rows/s")
    print(f"naive (one MERGE per transaction):                          "
          f"{naive:7.2f} s  {rows / naive:9.0f} rows/s")
    print(f"speed-up: {naive / batched:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
