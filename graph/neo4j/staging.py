"""A plan too large for one transaction: staged in chunks, then swapped in by one small transaction.

Neo4j caps the memory one transaction may hold (``db.memory.transaction.max``; 64 MiB on
``dutygraph neo4j serve`` by default), and a plan of a thousand items with long text exceeds it —
when it is created, and again when it replaces its old version. Only the ``:Plan`` node makes a
version of a plan visible (every read starts there, see :mod:`~dutygraph.graph.neo4j.store`), so
:func:`write_staged` writes the new version beside the old one:

1. the new version's nodes are created — its Plan node labelled ``DutygraphStagedPlan`` instead
   of ``Plan``, the rest with their own labels and the new ``dutygraph_version`` — then its
   relationships, and the offices, leaders and organizations it names are MERGEd (new ones reach
   no ``:Plan`` yet, so readers do not see them); in transactions of at most ``tx_rows`` rows;
2. one small transaction checks that the whole version is there, relabels the old Plan node
   ``DutygraphRetiredPlan`` and the new one ``Plan``, updates the shared nodes and links them:
   from its commit on, readers see the new version instead of the old, never a mix;
3. the old version, unreachable now, is deleted a chunk at a time, and shared nodes no plan uses
   any more with it.

A failure before the swap deletes what was staged and leaves the old version; when the server
could not be reached to do so, the next push of the plan deletes it (:func:`clear_stale`), as it
does an old version whose deletion did not finish. A transaction the server has too little memory
for is tried again with half as many rows, down to one.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

from neo4j import Driver, ManagedTransaction

from dutygraph.errors import Message, Neo4jConnectionLost, StoreError
from dutygraph.graph.neo4j.statements import (
    OWNED,
    SHARED,
    batches,
    create_links,
    create_nodes,
    merge_links,
    merge_nodes,
)
from dutygraph.graph.neo4j.transactions import (
    OnBatch,
    PlanCounts,
    Rows,
    TooLarge,
    check_linked,
    execute,
    remove_orphans,
    run,
)

__all__ = ["RETIRED", "STAGED", "clear_stale", "write_staged"]

STAGED = "DutygraphStagedPlan"
"""The label of a Plan node whose version is being written."""

RETIRED = "DutygraphRetiredPlan"
"""The label of a Plan node whose version was replaced and is being deleted."""

_DELETE_ROWS = 500
_LEAVES_FIRST = ("Task", "Target", "Progress", "Item", "Section")  # few relationships left per node deleted

Step = tuple[str, str, dict[str, Any]]
"""(statement, what it writes for ``on_batch``, one row)."""


def write_staged(driver: Driver, database: str | None, rows: Rows, *, batch_size: int, tx_rows: int,
                 on_batch: OnBatch | None, lost: tuple[Message, Message]) -> PlanCounts:
    """Stage ``rows`` in transactions of at most ``tx_rows`` rows, swap them in, delete the old version.

    ``lost`` is what a lost connection means (before, and while committing the swap).
    """
    version = uuid.uuid4().hex
    try:
        _stage(driver, database, rows, version, batch_size=batch_size, tx_rows=tx_rows, on_batch=on_batch,
               lost=lost[0])
        try:
            written = run(driver, database, lambda tx: _swap(tx, rows, version, batch_size), write=True,
                          lost=lost[0], committing=lost[1])
        except TooLarge:
            raise StoreError("neo4j.swap_memory", source=rows.source) from None
    except Neo4jConnectionLost:
        raise  # nothing to clean up with; the next push of the plan does it
    except BaseException:
        with contextlib.suppress(StoreError):
            _clear_version(driver, database, version, lost[0])
        raise
    with contextlib.suppress(StoreError):  # the plan is written; what is left is invisible, and the next push clears it
        _clear_retired(driver, database, rows.plan, lost[0])
    return written


def clear_stale(driver: Driver, database: str | None, plans: list[str], *, lost: Message) -> None:
    """Delete what earlier pushes of ``plans`` left: a staged version never swapped in, an old
    version not yet deleted (one read when there is nothing to delete)."""
    found = run(driver, database, lambda tx: execute(
        tx, f"MATCH (p:{STAGED}) WHERE p.id IN $plans RETURN p.id AS plan, p.dutygraph_version AS version "
            f"UNION MATCH (p:{RETIRED}) WHERE p.id IN $plans RETURN p.id AS plan, null AS version",
        plans=plans), write=False, lost=lost)
    for version in sorted({r["version"] for r in found if r["version"] is not None}):
        _clear_version(driver, database, version, lost)
    for plan in sorted({r["plan"] for r in found if r["version"] is None}):
        _clear_retired(driver, database, plan, lost)


def _stage(driver: Driver, database: str | None, rows: Rows, version: str, *, batch_size: int, tx_rows: int,
           on_batch: OnBatch | None, lost: Message) -> None:
    """Commit every step, in chunks of at most ``tx_rows`` rows."""
    steps = list(_steps(rows))
    start, size = 0, tx_rows
    while start < len(steps):
        chunk = steps[start : start + size]
        try:
            run(driver, database, lambda tx, c=chunk: _write_chunk(tx, c, version, batch_size, on_batch),
                write=True, lost=lost)
        except TooLarge:
            if size == 1:
                raise StoreError("neo4j.row_memory", source=rows.source) from None
            size = max(1, size // 2)
            continue
        start += len(chunk)


def _steps(rows: Rows) -> Iterator[Step]:
    """The staged Plan node first (chunks after it can be found through it), then the other nodes,
    the shared ones merged without changing stored ones, then the relationships."""
    for label in ("Plan", *[label for label in OWNED if label != "Plan"]):
        statement = create_nodes(label, STAGED if label == "Plan" else None)
        for row in rows.nodes.get(label, []):
            yield statement, label, row
    for label in SHARED:
        for row in rows.nodes.get(label, []):
            yield merge_nodes(label, update=False), label, row
    for (rel, source, target), links in sorted(rows.links.items()):
        if source in SHARED and target in SHARED:
            continue  # merged by the swap
        statement = create_links(rel, source, target, plan_label=STAGED)
        for row in links:
            yield statement, rel, row


def _write_chunk(tx: ManagedTransaction, chunk: list[Step], version: str, batch_size: int,
                 on_batch: OnBatch | None) -> None:
    start = 0
    while start < len(chunk):
        statement, name = chunk[start][:2]
        end = start
        while end < len(chunk) and chunk[end][0] == statement:
            end += 1
        for batch in batches([step[2] for step in chunk[start:end]], batch_size):
            records = execute(tx, statement, rows=batch, version=version)
            if records and "linked" in records[0].keys():
                check_linked(records[0], len(batch))
            if on_batch:
                on_batch(name, len(batch))
        start = end


def _swap(tx: ManagedTransaction, rows: Rows, version: str, batch_size: int) -> PlanCounts:
    expected = sum(len(rows.nodes.get(label, [])) for label in OWNED)
    found = sum(
        execute(tx, f"MATCH (n:{STAGED if label == 'Plan' else label} {{dutygraph_version: $version}}) "
                    "RETURN count(n) AS c", version=version)[0]["c"]
        for label in OWNED
    )
    if found != expected:
        raise StoreError("neo4j.staged_missing", source=rows.source, found=found, expected=expected)
    execute(tx, f"MATCH (old:Plan {{id: $plan}}) REMOVE old:Plan SET old:{RETIRED}", plan=rows.plan)
    execute(tx, f"MATCH (new:{STAGED} {{id: $plan, dutygraph_version: $version}}) REMOVE new:{STAGED} SET new:Plan",
            plan=rows.plan, version=version)
    for label in SHARED:
        for batch in batches(rows.nodes.get(label, []), batch_size):
            execute(tx, merge_nodes(label), rows=batch)
    for (rel, source, target), links in sorted(rows.links.items()):
        if source in SHARED and target in SHARED:
            for batch in batches(links, batch_size):
                execute(tx, merge_links(rel, source, target), rows=batch)
    remove_orphans(tx)
    return rows.counts()


def _delete(driver: Driver, database: str | None, statement: str, lost: Message, **params: Any) -> int:
    """Run ``statement`` (deleting up to ``$limit`` and returning ``c``, how many) until it deletes
    nothing; a chunk too large for the server's memory is halved. Returns how many it deleted."""
    deleted, limit = 0, _DELETE_ROWS
    while True:
        try:
            count = run(driver, database, lambda tx, limit=limit: execute(tx, statement, limit=limit, **params)[0]["c"],
                        write=True, lost=lost)
        except TooLarge:
            if limit == 1:
                raise StoreError("neo4j.delete_memory") from None
            limit //= 2
            continue
        if count == 0:
            return deleted
        deleted += count


def _clear_version(driver: Driver, database: str | None, version: str, lost: Message) -> None:
    deleted = sum(
        _delete(driver, database, f"MATCH (n:{label} {{dutygraph_version: $version}}) WITH n LIMIT $limit "
                                  "DETACH DELETE n RETURN count(*) AS c", lost, version=version)
        for label in (*_LEAVES_FIRST, STAGED)
    )
    if deleted:
        run(driver, database, remove_orphans, write=True, lost=lost)


def _clear_retired(driver: Driver, database: str | None, plan: str, lost: Message) -> None:
    """Delete the versions under ``DutygraphRetiredPlan`` nodes of ``plan``: tasks, targets and
    progress, then sections and items, then the Plan nodes (they may lack a version: stores
    written before versions)."""
    deleted = 0
    for path in ("-[:HAS_SECTION|HAS_ITEM]->()-[:HAS_TASK|HAS_TARGET|HAS_PROGRESS]->(n)",
                 "-[:HAS_SECTION|HAS_ITEM]->(n)", ""):
        deleted += _delete(driver, database, f"MATCH (p:{RETIRED} {{id: $plan}}){path} WITH DISTINCT "
                                             f"{'n' if path else 'p AS n'} LIMIT $limit DETACH DELETE n "
                                             "RETURN count(*) AS c", lost, plan=plan)
    if deleted:
        run(driver, database, remove_orphans, write=True, lost=lost)
