"""The model in Neo4j: an idempotent, batched, one-transaction-per-plan loader, and its inverse.

The Neo4j graph has the shape of :func:`~dutygraph.graph.convert.to_networkx`: one node per
entity, labelled by its type (Plan, Section, Item, Task, Target, Progress, Office, Collective,
Leader, Organization) and keyed by the model's stable ``id``; one relationship per relation
(ISSUED_BY, HAS_ITEM, ASSIGNED_TO …) carrying a ``key`` that tells parallel relationships apart.

Properties are stored natively where Neo4j can hold them (text, numbers, booleans, dates, lists
of text); values it cannot hold — spans, source descriptions, quality notes, lists of maps — are
stored as JSON text and named in the node's ``json_keys`` list; fields that are null are named in
``null_keys``. :func:`pull` reverses both, so model → Neo4j → model is lossless.

Writing (:func:`push`):

* uniqueness constraints on ``id`` for every label are created first (``IF NOT EXISTS``);
* each plan is written in **one transaction**: its previous subgraph (sections, items, tasks,
  targets, progress) is deleted, then nodes and relationships are written with
  ``UNWIND $rows … MERGE`` in batches; offices, leaders and organizations are MERGEd, and those
  no plan uses any more are removed. A failure rolls the whole plan back;
* pushing the same documents again changes nothing; pushing a changed document replaces its plan.

Every value reaches Cypher as a parameter; labels and relationship types come from the fixed
lists below, never from document text. Transactions run through the driver's managed
``execute_write``/``execute_read``, which retry transient errors (leader switches, deadlocks,
lost connections) with exponential back-off for up to 30 seconds by default
(``max_transaction_retry_time``); other errors are raised as
:class:`~dutygraph.errors.StoreError` in one line.

>>> encode_props({"id": "item:1", "span": {"line": 3}, "parent": None, "notes": ("甲",)})
{'id': 'item:1', 'span': '{"line": 3}', 'notes': ['甲'], 'json_keys': ['span'], 'null_keys': ['parent']}
>>> decode_props(encode_props({"id": "item:1", "span": {"line": 3}, "parent": None}))
{'id': 'item:1', 'span': {'line': 3}, 'parent': None}
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError

from dutygraph.errors import StoreError
from dutygraph.graph.convert import NODE_TYPES, RELATIONS, from_networkx, to_networkx
from dutygraph.ontology.model import Corpus
from dutygraph.ontology.vocabulary import NodeKind, Relation

__all__ = [
    "BATCH_SIZE",
    "PlanCounts",
    "counts",
    "decode_props",
    "encode_props",
    "ensure_schema",
    "pull",
    "push",
]

BATCH_SIZE = 1000
"""Rows per ``UNWIND`` statement."""

SHARED = (NodeKind.ORGANIZATION, NodeKind.OFFICE, NodeKind.COLLECTIVE, NodeKind.LEADER)
"""Labels shared between plans: MERGEd by every plan that names them, never deleted with one."""

_OWNED_RELS = f"{Relation.HAS_SECTION}|{Relation.HAS_ITEM}"
_CHILD_RELS = f"{Relation.HAS_TASK}|{Relation.HAS_TARGET}|{Relation.HAS_PROGRESS}"


@dataclass(frozen=True)
class PlanCounts:
    """What :func:`push` wrote for one plan."""

    plan: str
    source: str
    nodes: int
    relationships: int


def _storable(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool, dt.date)):
        return True
    return isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float, bool)) for v in value) \
        and len({type(v) for v in value}) <= 1


def encode_props(data: dict[str, Any]) -> dict[str, Any]:
    """Model attributes as Neo4j properties: nested values as JSON text, nulls named."""
    props: dict[str, Any] = {}
    json_keys, null_keys = [], []
    for key, value in data.items():
        if value is None:
            null_keys.append(key)
        elif _storable(value):
            props[key] = list(value) if isinstance(value, tuple) else value
        else:
            props[key] = json.dumps(value, ensure_ascii=False, default=str)
            json_keys.append(key)
    props["json_keys"], props["null_keys"] = json_keys, null_keys
    return props


def decode_props(props: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`encode_props` (Neo4j dates become :class:`datetime.date`)."""
    data = dict(props)
    json_keys, null_keys = data.pop("json_keys", []), data.pop("null_keys", [])
    for key, value in data.items():
        if key in json_keys:
            data[key] = json.loads(value)
        elif hasattr(value, "to_native"):
            data[key] = value.to_native()
    data.update(dict.fromkeys(null_keys))
    return data


def _run(driver: Driver, database: str | None, work: Callable[[ManagedTransaction], Any], *, write: bool) -> Any:
    try:
        with driver.session(database=database) as session:
            return (session.execute_write if write else session.execute_read)(work)
    except Neo4jError as exc:
        raise StoreError(f"Neo4j refused the {'write' if write else 'read'}: {exc.code}: "
                         f"{(exc.message or '').splitlines()[0] if exc.message else ''}") from None


def ensure_schema(driver: Driver, database: str | None = None) -> None:
    """Uniqueness constraints on ``id`` for every label, and the indexes the queries use."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in NODE_TYPES
    ] + [
        "CREATE INDEX office_name IF NOT EXISTS FOR (n:Office) ON (n.name)",
        "CREATE INDEX leader_name IF NOT EXISTS FOR (n:Leader) ON (n.name)",
    ]
    try:
        with driver.session(database=database) as session:
            for statement in statements:
                session.run(statement).consume()
    except Neo4jError as exc:
        raise StoreError(f"Neo4j refused the schema: {exc.code}: {exc.message}") from None


def _plan_subgraph(G: nx.MultiDiGraph, plan: str) -> tuple[set[str], set[str]]:
    """(nodes the plan owns, shared nodes it references)."""
    owned = {plan}
    for _, v, k in G.out_edges(plan, keys=True):
        if k in (Relation.HAS_SECTION, Relation.HAS_ITEM) or str(k).startswith(Relation.HAS_ITEM):
            owned.add(v)
    for node in list(owned):
        owned |= {v for _, v, k in G.out_edges(node, keys=True)
                  if k in (Relation.HAS_TASK, Relation.HAS_TARGET, Relation.HAS_PROGRESS)}
    shared = {v for node in owned for _, v in G.out_edges(node) if G.nodes[v]["type"] in SHARED}
    shared |= {v for node in list(shared) for _, v in G.out_edges(node) if G.nodes[v]["type"] in SHARED}
    return owned, shared


def _batches(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write_plan(
    tx: ManagedTransaction, G: nx.MultiDiGraph, plan: str, batch_size: int,
    on_batch: Callable[[str, int], None] | None, seq: dict[str, int],
) -> PlanCounts:
    owned, shared = _plan_subgraph(G, plan)
    tx.run(
        f"MATCH (p:Plan {{id: $plan}}) OPTIONAL MATCH (p)-[:{_OWNED_RELS}]->(x) "
        f"OPTIONAL MATCH (x)-[:{_CHILD_RELS}]->(y) DETACH DELETE x, y",
        plan=plan,
    ).consume()
    tx.run("MATCH (:Plan {id: $plan})-[r]->() DELETE r", plan=plan).consume()
    nodes = owned | shared
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: seq[n]):
        data = {k: v for k, v in G.nodes[node].items() if k != "type"}
        by_label[G.nodes[node]["type"]].append({"id": node, "props": {**encode_props(data), "seq": seq[node]}})
    written = 0
    for label in NODE_TYPES:  # whitelisted labels only
        for batch in _batches(by_label.get(label, []), batch_size):
            tx.run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props, n.id = row.id",
                   rows=batch).consume()
            written += len(batch)
            if on_batch:
                on_batch(label, len(batch))
    by_rel: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, key, data in G.edges(keys=True, data=True):
        if u in nodes and v in nodes and (u in owned or v in owned or G.nodes[u]["type"] in SHARED):
            rel = str(key).split(":", 1)[0]
            if rel not in RELATIONS:
                raise StoreError(f"unknown relation {rel!r} in the graph")
            row = {"a": u, "b": v, "props": {**encode_props({k: d for k, d in data.items() if k != "relation"}),
                                              "key": str(key)}}
            by_rel[(rel, G.nodes[u]["type"], G.nodes[v]["type"])].append(row)
    links = 0
    for (rel, source, target), rows in sorted(by_rel.items()):
        for batch in _batches(rows, batch_size):
            tx.run(
                f"UNWIND $rows AS row MATCH (a:{source} {{id: row.a}}) MATCH (b:{target} {{id: row.b}}) "
                f"MERGE (a)-[r:{rel} {{key: row.props.key}}]->(b) SET r = row.props",
                rows=batch,
            ).consume()
            links += len(batch)
            if on_batch:
                on_batch(rel, len(batch))
    _remove_orphans(tx)
    return PlanCounts(plan, G.nodes[plan]["source"]["name"], written, links)


def _remove_orphans(tx: ManagedTransaction) -> None:
    """Shared nodes no plan names any more (after a plan was replaced)."""
    tx.run("MATCH (n:Office|Collective) WHERE NOT ()-[:ASSIGNED_TO]->(n) DETACH DELETE n").consume()
    tx.run("MATCH (n:Leader) WHERE NOT ()-[:RESPONSIBLE]->(n) DETACH DELETE n").consume()
    tx.run("MATCH (n:Organization) WHERE NOT (n)<-[:ISSUED_BY|BELONGS_TO]-() DETACH DELETE n").consume()


def push(
    corpus: Corpus,
    driver: Driver,
    *,
    database: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[str, int], None] | None = None,
) -> list[PlanCounts]:
    """Write every plan of ``corpus``, one transaction per plan; returns what each wrote.

    ``on_batch(label_or_relation, rows)`` is called after each batch inside the plan's
    transaction (progress reporting); an exception it raises rolls that plan back.
    """
    if batch_size < 1:
        raise StoreError("the batch size must be at least 1")
    ensure_schema(driver, database)
    G = to_networkx(corpus)
    seq = {node: i for i, node in enumerate(G.nodes)}
    return [
        _run(driver, database, lambda tx, p=plan.id: _write_plan(tx, G, p, batch_size, on_batch, seq), write=True)
        for plan in corpus.plans
    ]


def _read_all(tx: ManagedTransaction) -> tuple[list[Any], list[Any]]:
    labels = list(NODE_TYPES)
    nodes = tx.run(
        "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) "
        "RETURN [l IN labels(n) WHERE l IN $labels][0] AS label, properties(n) AS props", labels=labels,
    ).data()
    rels = tx.run(
        "MATCH (a)-[r]->(b) WHERE type(r) IN $rels AND a.id IS NOT NULL AND b.id IS NOT NULL "
        "RETURN a.id AS a, b.id AS b, type(r) AS rel, properties(r) AS props", rels=list(RELATIONS),
    ).data()
    return nodes, rels


def pull(driver: Driver, database: str | None = None) -> Corpus:
    """Rebuild the model from what :func:`push` wrote (nodes of other shapes are ignored)."""
    nodes, rels = _run(driver, database, _read_all, write=False)
    G = nx.MultiDiGraph(dutygraph=1)
    for row in sorted(nodes, key=lambda r: (r["props"].get("seq", 0), r["props"]["id"])):
        props = decode_props({k: v for k, v in row["props"].items() if k != "seq"})
        G.add_node(props["id"], type=row["label"], **props)
    for row in sorted(rels, key=lambda r: (r["a"], r["props"].get("key", ""), r["b"])):
        props = decode_props(row["props"])
        key = props.pop("key", row["rel"])
        extra = {"relation": row["rel"]} if ":" in key else {}
        G.add_edge(row["a"], row["b"], key=key, **extra, **props)
    return from_networkx(G)


def counts(driver: Driver, database: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type, e.g. for ``dutygraph neo4j status``."""
    def work(tx: ManagedTransaction) -> dict[str, int]:
        out = {}
        for label in NODE_TYPES:
            out[label] = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"]
        for rel in RELATIONS:
            out[rel] = tx.run(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS c").single()["c"]
        return out

    return _run(driver, database, work, write=False)
