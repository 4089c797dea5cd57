"""Load throughput into Neo4j: dutygraph's batched loader against a naive one-MERGE-per-transaction one.

Both write the same synthetic corpus into an empty database of a local Neo4j 5.26 (started here
with the project's launcher, or the server at ``NEO4J_URI``), one after the other in the same run,
and end with the same node and relationship counts, which are checked. Figures are rows/s, where a
row is one node or one relationship.

    .venv/bin/python benchmarks/neo4j_load.py --plans 8 --items 150
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import ExitStack

from synthetic import synthetic_corpus

from dutygraph.graph import neo4j_server
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.neo4j_connect import connect
from dutygraph.graph.neo4j_store import counts, encode_props, ensure_schema, push


def clear(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def naive_load(driver, G) -> int:
    """Every node and relationship in its own transaction with its own MERGE."""
    ensure_schema(driver)
    rows = 0
    with driver.session() as session:
        for node, data in G.nodes(data=True):
            label = data["type"]
            props = encode_props({k: v for k, v in data.items() if k != "type"})
            session.execute_write(
                lambda tx, lab=label, n=node, p=props: tx.run(
                    f"MERGE (n:{lab} {{id: $id}}) SET n = $props, n.id = $id", id=n, props=p
                ).consume()
            )
            rows += 1
        for u, v, key, data in G.edges(keys=True, data=True):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=8)
    parser.add_argument("--items", type=int, default=150, help="items per plan")
    parser.add_argument("--batch-size", type=int, default=1000)
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
        push(corpus, driver, batch_size=args.batch_size)
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
    print(f"batched (UNWIND … MERGE, {args.batch_size} rows, one transaction per plan): "
          f"{batched:7.2f} s  {rows / batched:9.0f} rows/s")
    print(f"naive (one MERGE per transaction):                          "
          f"{naive:7.2f} s  {rows / naive:9.0f} rows/s")
    print(f"speed-up: {naive / batched:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
