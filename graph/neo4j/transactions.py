"""Running Cypher on Neo4j: managed transactions, errors in one line, and a plan as statement rows.

What writing (:mod:`~dutygraph.graph.neo4j.store`) and staging
(:mod:`~dutygraph.graph.neo4j.staging`) share: properties encoded for Neo4j (nested values as
JSON text named in ``json_keys``, nulls named in ``null_keys``), :func:`run` and :func:`execute`
(a server out of transaction memory is :class:`TooLarge`, never retried), a plan's :class:`Rows`,
and the statements that delete a plan's live version and the shared nodes no plan names.

>>> encode_props({"id": "item:1", "span": {"line": 3}, "parent": None, "notes": ("甲",)})
{'id': 'item:1', 'span': '{"line": 3}', 'notes': ['甲'], 'json_keys': ['span'], 'null_keys': ['parent']}
>>> decode_props(encode_props({"id": "item:1", "span": {"line": 3}, "parent": None}))
{'id': 'item:1', 'span': {'line': 3}, 'parent': None}
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import IncompleteCommit, Neo4jError, ServiceUnavailable, SessionExpired

from dutygraph.errors import Message, Neo4jConnectionLost, StoreError
from dutygraph.ontology.vocabulary import Relation

__all__ = [
    "CHILD_RELS",
    "DELETE_LIVE",
    "NAMED_BY_LIVE",
    "OWNED_RELS",
    "OnBatch",
    "PlanCounts",
    "Rows",
    "TooLarge",
    "check_linked",
    "cypher_text",
    "decode_props",
    "encode_props",
    "execute",
    "remove_orphans",
    "run",
]

OWNED_RELS = f"{Relation.HAS_SECTION}|{Relation.HAS_ITEM}"
CHILD_RELS = f"{Relation.HAS_TASK}|{Relation.HAS_TARGET}|{Relation.HAS_PROGRESS}"
"""What a plan's own nodes reach: OWNED_RELS from the plan, CHILD_RELS from its items."""
_MEMORY_ERROR = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"

OnBatch = Callable[[str, int], None]


@dataclass(frozen=True)
class PlanCounts:
    """What :func:`push` wrote for one plan."""

    plan: str
    source: str
    nodes: int
    relationships: int


_SCALARS = frozenset({str, int, float, bool})
_to_json = json.JSONEncoder(ensure_ascii=False, default=str).encode  # one encoder, not one per value


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
        elif type(value) in _SCALARS or _storable(value):
            props[key] = list(value) if isinstance(value, tuple) else value
        else:
            props[key] = _to_json(value)
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


class TooLarge(Exception):
    """The server's transaction memory cannot hold this transaction (retrying would fail the same way)."""


def run(driver: Driver, database: str | None, work: Callable[[ManagedTransaction], Any], *, write: bool,
        lost: Message, committing: Message | None = None) -> Any:
    """``work`` in a managed transaction; errors as one-line StoreErrors. ``lost`` says what a lost
    connection means for the data, ``committing`` what one lost while committing means."""
    try:
        with driver.session(database=database) as session:
            return (session.execute_write if write else session.execute_read)(work)
    except IncompleteCommit:
        raise Neo4jConnectionLost(committing or lost) from None
    except (ServiceUnavailable, SessionExpired):
        raise Neo4jConnectionLost(lost) from None
    except Neo4jError as exc:
        if exc.code == _MEMORY_ERROR:  # at commit: the driver retried it, in vain
            raise TooLarge(exc.message) from None
        raise StoreError("neo4j.refused_write" if write else "neo4j.refused_read", code=exc.code,
                         reason=(exc.message or "").splitlines()[0] if exc.message else "") from None


def cypher_text(text: str) -> LiteralString:
    """A statement for the driver. Statements are put together only from the closed vocabulary
    (labels, relationship types, property names) and constants; every value goes as a
    parameter, so no user text ever becomes Cypher."""
    return cast(LiteralString, text)


def execute(tx: ManagedTransaction, query: str, **params: Any) -> list[Any]:
    """The records of one statement; running out of transaction memory is raised as
    :class:`TooLarge`, which the driver does not retry."""
    try:
        result = tx.run(cypher_text(query), **params)
        records = list(result)
        result.consume()
        return records
    except Neo4jError as exc:
        if exc.code == _MEMORY_ERROR:
            raise TooLarge(exc.message) from None
        raise


@dataclass
class Rows:
    """One plan as statement rows: nodes by label, relationships by (type, from label, to label)."""

    plan: str
    source: str
    nodes: dict[str, list[dict[str, Any]]]
    links: dict[tuple[str, str, str], list[dict[str, Any]]]

    @property
    def size(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.links.values()))

    def counts(self) -> PlanCounts:
        return PlanCounts(self.plan, self.source, sum(map(len, self.nodes.values())),
                          sum(map(len, self.links.values())))


def check_linked(record: Any, rows: int) -> None:
    if record["linked"] != rows:
        raise StoreError("neo4j.node_gone")


DELETE_LIVE = (
    f"UNWIND $plans AS plan MATCH (p:Plan {{id: plan}}) OPTIONAL MATCH (p)-[:{OWNED_RELS}]->(x) "
    f"OPTIONAL MATCH (x)-[:{CHILD_RELS}]->(y) DETACH DELETE x, y, p"
)
"""Delete the live versions of the plans ``$plans``."""


def remove_orphans(tx: ManagedTransaction, among: list[str] | None = None) -> None:
    """Shared nodes no plan names any more (after a plan was replaced): all of them, or only
    those ``among`` the ids given (the nodes the replaced version named: no scan of the store)."""
    only = "" if among is None else " AND n.id IN $among"
    execute(tx, f"MATCH (n:Office|Collective) WHERE NOT ()-[:ASSIGNED_TO]->(n){only} DETACH DELETE n", among=among)
    execute(tx, f"MATCH (n:Leader) WHERE NOT ()-[:RESPONSIBLE]->(n){only} DETACH DELETE n", among=among)
    execute(tx, f"MATCH (n:Organization) WHERE NOT (n)<-[:ISSUED_BY|BELONGS_TO]-(){only} DETACH DELETE n",
            among=among)


NAMED_BY_LIVE = (
    "UNWIND $plans AS plan OPTIONAL MATCH (p:Plan {id: plan}) CALL (p) { "
    "MATCH (p)-[:ISSUED_BY]->(s) RETURN s "
    "UNION MATCH (p)-[:HAS_SECTION|HAS_ITEM]->()-[:ASSIGNED_TO|RESPONSIBLE]->(s) RETURN s } "
    "RETURN collect(DISTINCT s.id) AS ids"
)
"""The shared nodes the live versions of ``$plans`` name (their issuers, offices, collectives, leaders)."""
