"""The model in Neo4j: a batched loader that replaces each plan atomically, and its inverse.

The Neo4j graph has the shape of :func:`~dutygraph.graph.convert.to_networkx`: one node per
entity, labelled by its type (Plan, Section, Item, Task, Target, Progress, Office, Collective,
Leader, Organization) and keyed by the model's stable ``id``; one relationship per relation
(ISSUED_BY, HAS_ITEM, ASSIGNED_TO …) carrying a ``key`` that tells parallel relationships apart.

Properties are stored natively where Neo4j can hold them (text, numbers, booleans, dates, lists
of text); values it cannot hold — spans, source descriptions, quality notes, lists of maps — are
stored as JSON text and named in the node's ``json_keys`` list; fields that are null are named in
``null_keys``. :func:`pull` reverses both, so model → Neo4j → model is lossless.

A plan *owns* its Plan node, sections, items, tasks, targets and progress; offices, collectives,
leaders and organizations are *shared* between plans. Each push writes a plan's owned nodes anew,
marked with a version (``dutygraph_version``, one per push), so that a new version can be
written beside the old one. What a plan holds is what its ``:Plan`` node reaches
(``HAS_SECTION``, ``HAS_ITEM``, then ``HAS_TASK|HAS_TARGET|HAS_PROGRESS``); every query starts
there, so a version not yet (or no longer) under a ``:Plan`` node is invisible.

Writing (:func:`push`):

* constraints come first (``IF NOT EXISTS``): ``id`` is unique for Plan and the shared labels,
  ``(id, dutygraph_version)`` for the other owned labels;
* plans are packed into transactions of at most ``tx_rows`` rows; in **one transaction** their
  old versions are deleted, the new ones created — in ``UNWIND`` statements of ``batch_size``
  rows across plans, labels and relationship types (:func:`statement`: one ``CALL`` subquery per
  label or type; nodes first, then relationships), shared nodes MERGEd once however many plans
  name them — and shared nodes no plan uses any more removed. A transaction the server has too
  little memory for is split in two;
* a larger plan is staged in several transactions and swapped in by one small transaction
  (:mod:`~dutygraph.graph.neo4j.staging`), so that no transaction outgrows the server's
  transaction memory. Either way other sessions see the old version until the new one is
  complete, and a failure leaves the old version;
* pushing the same documents again gives the same graph; pushing a changed document replaces its
  plan.

Every value reaches Cypher as a parameter; labels and relationship types come from the fixed
lists below, never from document text. Transactions run through the driver's managed
``execute_write``/``execute_read``, which retry transient errors (leader switches, deadlocks,
lost connections) with exponential back-off for as long as the driver allows
(:func:`~dutygraph.graph.neo4j.connect.connect`'s ``retry_time``); running out of transaction
memory is not retried; other errors are raised as :class:`~dutygraph.errors.StoreError` in one
line (:mod:`~dutygraph.graph.neo4j.transactions`).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from dutygraph.errors import Message, Neo4jConnectionLost, StoreError, quoted
from dutygraph.graph.convert import NODE_TYPES, RELATIONS, from_networkx, to_networkx
from dutygraph.graph.neo4j.staging import RETIRED, STAGED, clear_stale, write_staged
from dutygraph.graph.neo4j.statements import (
    OWNED,
    SHARED,
    Group,
    chunks,
    statement,
)
from dutygraph.graph.neo4j.transactions import (
    CHILD_RELS,
    DELETE_LIVE,
    NAMED_BY_LIVE,
    OWNED_RELS,
    OnBatch,
    PlanCounts,
    Rows,
    TooLarge,
    check_linked,
    cypher_text,
    decode_props,
    encode_props,
    execute,
    remove_orphans,
    run,
)
from dutygraph.ontology.model import Corpus
from dutygraph.ontology.vocabulary import Relation

__all__ = [
    "BATCH_SIZE",
    "TX_ROWS",
    "PlanCounts",
    "counts",
    "cypher_text",
    "decode_props",
    "encode_props",
    "ensure_schema",
    "pull",
    "push",
]

BATCH_SIZE = 1000
"""Rows per statement (across labels and relationship types)."""

TX_ROWS = 5000
"""Rows (nodes and relationships) per transaction of several plans; a larger plan is staged in
several transactions."""



def ensure_schema(driver: Driver, database: str | None = None) -> None:
    """The constraints and indexes that writing, staging and the queries use."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in ("Plan", *SHARED)
    ]
    for label in OWNED[1:]:  # two versions of a plan exist while it is staged
        statements += [
            f"DROP CONSTRAINT {label.lower()}_id IF EXISTS",  # from stores written before versions
            f"CREATE CONSTRAINT {label.lower()}_id_version IF NOT EXISTS FOR (n:{label}) "
            "REQUIRE (n.id, n.dutygraph_version) IS UNIQUE",
            f"CREATE INDEX {label.lower()}_version IF NOT EXISTS FOR (n:{label}) ON (n.dutygraph_version)",
        ]
    statements += [
        "CREATE INDEX office_name IF NOT EXISTS FOR (n:Office) ON (n.name)",
        "CREATE INDEX leader_name IF NOT EXISTS FOR (n:Leader) ON (n.name)",
        "CREATE INDEX progress_id IF NOT EXISTS FOR (n:Progress) ON (n.id)",  # an item's status_from
        f"CREATE INDEX staged_plan IF NOT EXISTS FOR (n:{STAGED}) ON (n.id)",
        f"CREATE INDEX retired_plan IF NOT EXISTS FOR (n:{RETIRED}) ON (n.id)",
    ]
    try:
        with driver.session(database=database) as session:
            present = {r["name"] for r in session.run("SHOW INDEXES YIELD name")} | {
                r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
            for statement in statements:  # only what is missing: a schema statement is a transaction of its own
                name = statement.split()[2]
                if (name in present) == statement.startswith("DROP"):
                    session.run(cypher_text(statement)).consume()
    except (ServiceUnavailable, SessionExpired):
        raise Neo4jConnectionLost(Message("neo4j.nothing_written")) from None
    except Neo4jError as exc:
        raise StoreError("neo4j.refused_schema", code=exc.code, reason=exc.message) from None


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


def _plan_rows(G: nx.MultiDiGraph, plan: str, seq: dict[str, int]) -> Rows:
    owned, shared = _plan_subgraph(G, plan)
    nodes = owned | shared
    rows = Rows(plan, G.nodes[plan]["source"]["name"], defaultdict(list), defaultdict(list))
    for node in sorted(nodes, key=lambda n: seq[n]):
        data = {k: v for k, v in G.nodes[node].items() if k != "type"}
        rows.nodes[G.nodes[node]["type"]].append({"id": node, "props": {**encode_props(data), "seq": seq[node]}})
    for u, v, key, data in (e for node in sorted(nodes, key=lambda n: seq[n]) for e in G.out_edges(node, keys=True, data=True)):
        # the plan's own nodes' edges only: one pass over the plan, not over the whole graph
        if v in nodes and (u in owned or v in owned or G.nodes[u]["type"] in SHARED):
            rel = str(key).split(":", 1)[0]
            if rel not in RELATIONS:
                raise StoreError("neo4j.unknown_relation", relation=quoted(str(rel)))
            props = {**encode_props({k: d for k, d in data.items() if k != "relation"}), "key": str(key)}
            rows.links[(rel, G.nodes[u]["type"], G.nodes[v]["type"])].append({"a": u, "b": v, "props": props})
    return rows


def _groups(plans: list[Rows]) -> tuple[dict[Group, list[dict[str, Any]]], dict[Group, list[dict[str, Any]]]]:
    """The rows of several plans by label and by relationship; a shared node, or a relationship
    between shared nodes, that several plans name is written once."""
    nodes: dict[Group, list[dict[str, Any]]] = {}
    links: dict[Group, list[dict[str, Any]]] = {}
    seen: set[Any] = set()
    for label in NODE_TYPES:
        for rows in plans:
            for row in rows.nodes.get(label, ()):
                if label in SHARED:
                    if row["id"] in seen:
                        continue
                    seen.add(row["id"])
                nodes.setdefault((label,), []).append(row)
    for key in sorted({key for rows in plans for key in rows.links}):
        between_shared = key[1] in SHARED and key[2] in SHARED
        for rows in plans:
            for row in rows.links.get(key, ()):
                if between_shared:
                    mark = (key[0], row["a"], row["b"], row["props"]["key"])
                    if mark in seen:
                        continue
                    seen.add(mark)
                links.setdefault(key, []).append(row)
    return nodes, links


def _write_whole(tx: ManagedTransaction, plans: list[Rows], version: str, batch_size: int,
                 on_batch: OnBatch | None) -> list[PlanCounts]:
    """Several plans in this one transaction: their old versions deleted, the new ones created in
    statements of ``batch_size`` rows across plans, labels and relationships (nodes first)."""
    ids = [rows.plan for rows in plans]
    named = execute(tx, NAMED_BY_LIVE, plans=ids)[0]["ids"]
    execute(tx, DELETE_LIVE, plans=ids)
    for groups in _groups(plans):
        for chunk in chunks(groups, batch_size):
            parts = [(group, len(rows)) for group, rows in chunk]
            records = execute(tx, statement(parts), version=version,
                              **{f"g{i}": rows for i, (_, rows) in enumerate(chunk)})
            for i, (group, rows) in enumerate(chunk):
                if records and f"g{i}" in records[0].keys():
                    check_linked({"linked": records[0][f"g{i}"]}, len(rows))
                if on_batch:
                    on_batch(group[0], len(rows))
    if named:  # replaced versions: what they alone named goes (a first push leaves no orphan)
        remove_orphans(tx, among=named)
    return [rows.counts() for rows in plans]


def _units(plans: list[Rows], tx_rows: int) -> Iterable[list[Rows]]:
    """Consecutive plans packed into transactions of at most ``tx_rows`` rows (a larger plan alone);
    a plan named twice starts a new one."""
    unit: list[Rows] = []
    size = 0
    for rows in plans:
        if unit and (size + rows.size > tx_rows or rows.plan in {r.plan for r in unit}):
            yield unit
            unit, size = [], 0
        unit.append(rows)
        size += rows.size
    if unit:
        yield unit


def _lost(unit: list[Rows], written: int) -> tuple[Message, Message]:
    """What a lost connection means while ``unit`` is written, and while it is committed."""
    names, many = ", ".join(rows.source for rows in unit), len(unit) > 1
    plural = "_plans" if many else ""
    outcomes = (Message(f"neo4j.rolled_back{plural}", names=names), Message(f"neo4j.commit_unknown{plural}", names=names))
    if not written:
        return outcomes
    before = Message(f"neo4j.before_{'them' if many else 'it'}{'_plans' if written > 1 else ''}", count=written)
    return (Message("neo4j.and_before", outcome=outcomes[0], before=before),
            Message("neo4j.and_before", outcome=outcomes[1], before=before))


def push(
    corpus: Corpus,
    driver: Driver,
    *,
    database: str | None = None,
    batch_size: int = BATCH_SIZE,
    tx_rows: int = TX_ROWS,
    on_batch: OnBatch | None = None,
) -> list[PlanCounts]:
    """Write every plan of ``corpus``; returns what each wrote.

    Plans are written together in transactions of at most ``tx_rows`` rows (nodes and
    relationships), in statements of ``batch_size`` rows across plans, labels and relationship
    types. A plan larger than ``tx_rows``, or one the server has too little transaction memory
    for, is staged in transactions of at most ``tx_rows`` rows and swapped in by a last small
    one. Other sessions see a plan's old version until the new one is complete, and a failure
    leaves the plans of the failing transaction as they were (those written before stay).
    ``on_batch(label_or_relation, rows)`` is called for each label or relationship type of each
    statement after it ran, inside its transaction (progress reporting); an exception it raises
    rolls that transaction back.
    """

    if batch_size < 1 or tx_rows < 1:
        raise StoreError("neo4j.batch_size")
    ensure_schema(driver, database)
    G = to_networkx(corpus)
    seq = {node: i for i, node in enumerate(G.nodes)}
    plans = [_plan_rows(G, plan.id, seq) for plan in corpus.plans]
    clear_stale(driver, database, [rows.plan for rows in plans], lost=Message("neo4j.nothing_written"))
    written: list[PlanCounts] = []
    for unit in _units(plans, tx_rows):
        written += _write_unit(driver, database, unit, batch_size=batch_size, tx_rows=tx_rows, on_batch=on_batch,
                               written=len(written))
    from dutygraph.graph.neo4j.chains import link_chains

    link_chains(driver, database)  # links across levels, between plans (issue 25)
    return written


def _write_unit(driver: Driver, database: str | None, unit: list[Rows], *, batch_size: int, tx_rows: int,
                on_batch: OnBatch | None, written: int) -> list[PlanCounts]:
    """One transaction for ``unit``; halved when the server holds less, staged for a single plan."""

    lost = _lost(unit, written)
    size = sum(rows.size for rows in unit)
    if size <= tx_rows or len(unit) > 1:
        try:
            return run(driver, database, lambda tx: _write_whole(tx, unit, uuid.uuid4().hex, batch_size, on_batch),
                       write=True, lost=lost[0], committing=lost[1])
        except TooLarge:  # the server holds less than that: fewer plans at once, or stage it
            if len(unit) > 1:
                half = len(unit) // 2
                first = _write_unit(driver, database, unit[:half], batch_size=batch_size, tx_rows=tx_rows,
                                    on_batch=on_batch, written=written)
                return first + _write_unit(driver, database, unit[half:], batch_size=batch_size,
                                           tx_rows=tx_rows, on_batch=on_batch, written=written + half)
            size //= 2
    return [write_staged(driver, database, unit[0], batch_size=batch_size, tx_rows=max(1, min(size, tx_rows)),
                         on_batch=on_batch, lost=lost)]


_LIVE_OWNED = f"""
MATCH (p:Plan)
CALL (p) {{
    RETURN p AS n
    UNION MATCH (p)-[:{OWNED_RELS}]->(n) RETURN n
    UNION MATCH (p)-[:{OWNED_RELS}]->()-[:{CHILD_RELS}]->(n) RETURN n
}}
RETURN DISTINCT elementId(n) AS key, [l IN labels(n) WHERE l IN $labels][0] AS label, properties(n) AS props
"""


def _read_all(tx: ManagedTransaction) -> tuple[list[Any], list[Any]]:
    """The nodes the ``:Plan`` nodes own and the shared nodes they reach, with their relationships."""
    owned = tx.run(cypher_text(_LIVE_OWNED), labels=list(OWNED)).data()
    shared = tx.run(cypher_text(f"MATCH (n:{'|'.join(SHARED)}) RETURN elementId(n) AS key, "
                           "[l IN labels(n) WHERE l IN $labels][0] AS label, properties(n) AS props"),
                    labels=list(SHARED)).data()
    rels = tx.run("MATCH (a)-[r]->(b) WHERE type(r) IN $rels "
                  "RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS rel, properties(r) AS props",
                  rels=list(RELATIONS)).data()
    owned_keys, shared_by_key = {r["key"] for r in owned}, {r["key"]: r for r in shared}
    reached = {r["b"] for r in rels if r["a"] in owned_keys and r["b"] in shared_by_key}
    reached |= {r["b"] for r in rels if r["a"] in reached and r["b"] in shared_by_key}
    kept = owned_keys | reached
    links = [r for r in rels if r["a"] in kept and r["b"] in kept and (r["a"] in owned_keys or r["b"] in owned_keys
                                                                      or r["a"] in reached)]
    return owned + [shared_by_key[k] for k in reached], links


def _stored_graph(driver: Driver, database: str | None) -> nx.MultiDiGraph:
    nodes, rels = run(driver, database, _read_all, write=False, lost=Message("neo4j.read_unfinished"))
    G = nx.MultiDiGraph(dutygraph=1)
    ids = {}
    for row in sorted(nodes, key=lambda r: (r["props"].get("seq", 0), r["props"]["id"])):
        props = decode_props({k: v for k, v in row["props"].items() if k != "seq" and not k.startswith("dutygraph_")})
        ids[row["key"]] = props["id"]
        G.add_node(props["id"], type=row["label"], **props)
    for row in sorted(rels, key=lambda r: (ids[r["a"]], r["props"].get("key", ""), ids[r["b"]])):
        props = decode_props(row["props"])
        key = props.pop("key", row["rel"])
        extra = {"relation": row["rel"]} if ":" in key else {}
        G.add_edge(ids[row["a"]], ids[row["b"]], key=key, **extra, **props)
    return G


def pull(driver: Driver, database: str | None = None) -> Corpus:
    """Rebuild the model from what :func:`push` wrote (nodes of other shapes are ignored)."""
    return from_networkx(_stored_graph(driver, database))


def counts(driver: Driver, database: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type of what :func:`pull` reads, e.g. for
    ``dutygraph neo4j status``."""
    G = _stored_graph(driver, database)
    found = Counter(data["type"] for _, data in G.nodes(data=True))
    found.update(str(key).split(":", 1)[0] for _, _, key in G.edges(keys=True))
    return {name: found[name] for name in (*NODE_TYPES, *RELATIONS)}
