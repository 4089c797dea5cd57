"""The Cypher the Neo4j loader sends: batched ``UNWIND`` statements over the vocabulary's labels.

Owned nodes (a plan's sections, items, tasks, targets, progress rows) are created anew for each
pushed version (``$version``); shared nodes (organizations, offices, collectives, leaders) are
MERGEd by every plan that names them. :func:`statement` packs several groups of rows (a label,
or a relationship type between two labels) into one statement of ``CALL`` subqueries, and
:func:`chunks` cuts the groups into statements of a batch size, across groups. Labels and types
come from the closed vocabulary; every value is a parameter.

>>> statement([(("Office",), 2), (("ASSIGNED_TO", "Item", "Office"), 2)])[:60]
'CALL () { UNWIND $g0 AS row MERGE (n:Office {id: row.id}) SE'
>>> [[(g, len(r)) for g, r in c] for c in chunks({("Item",): [{}] * 3, ("Task",): [{}] * 2}, 4)]
[[(('Item',), 3), (('Task',), 1)], [(('Task',), 1)]]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dutygraph.graph.convert import NODE_TYPES
from dutygraph.ontology.vocabulary import NodeKind

__all__ = ["OWNED", "SHARED", "Group", "batches", "chunks", "create_links", "create_nodes", "merge_links",
           "merge_nodes", "statement"]

SHARED = (NodeKind.ORGANIZATION, NodeKind.OFFICE, NodeKind.COLLECTIVE, NodeKind.LEADER)
"""Labels shared between plans: MERGEd by every plan that names them, never deleted with one."""

OWNED = tuple(label for label in NODE_TYPES if label not in SHARED)
"""Labels of the nodes a plan owns, written anew by each push."""

def batches(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def create_nodes(label: str, as_label: str | None = None) -> str:
    """A statement creating owned nodes of one version (``$version``), labelled ``as_label``."""
    return (f"UNWIND $rows AS row CREATE (n:{as_label or label}) "
            "SET n = row.props, n.id = row.id, n.dutygraph_version = $version RETURN count(n) AS created")


def merge_nodes(label: str, *, update: bool = True) -> str:
    """A statement merging shared nodes; ``update=False`` leaves the properties of stored ones."""
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) {'' if update else 'ON CREATE '}" \
           "SET n = row.props, n.id = row.id"


def _find(variable: str, label: str, key: str, plan_label: str) -> str:
    if label in SHARED:
        return f"MATCH ({variable}:{label} {{id: row.{key}}})"
    return f"MATCH ({variable}:{plan_label if label == 'Plan' else label} {{id: row.{key}, dutygraph_version: $version}})"


def create_links(rel: str, source: str, target: str, plan_label: str = "Plan") -> str:
    """A statement linking a version's nodes (to each other or to shared nodes); returns how many."""
    return (f"UNWIND $rows AS row {_find('a', source, 'a', plan_label)} {_find('b', target, 'b', plan_label)} "
            f"CREATE (a)-[r:{rel}]->(b) SET r = row.props RETURN count(r) AS linked")


def merge_links(rel: str, source: str, target: str) -> str:
    """A statement merging a relationship between two shared nodes."""
    return (f"UNWIND $rows AS row MATCH (a:{source} {{id: row.a}}) MATCH (b:{target} {{id: row.b}}) "
            f"MERGE (a)-[r:{rel} {{key: row.props.key}}]->(b) SET r = row.props")


Group = tuple[str, ...]
"""What a statement part writes: ``(label,)`` for nodes, ``(relation, from label, to label)``."""


def _node_part(label: str, param: str) -> str:
    if label in SHARED:
        return f"CALL () {{ UNWIND ${param} AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props, n.id = row.id }}"
    return (f"CALL () {{ UNWIND ${param} AS row CREATE (n:{label}) "
            "SET n = row.props, n.id = row.id, n.dutygraph_version = $version }")


def _link_part(rel: str, source: str, target: str, param: str) -> str:
    if source in SHARED and target in SHARED:
        return (f"CALL () {{ UNWIND ${param} AS row MATCH (a:{source} {{id: row.a}}) MATCH (b:{target} {{id: row.b}}) "
                f"MERGE (a)-[r:{rel} {{key: row.props.key}}]->(b) SET r = row.props }}")
    return (f"CALL () {{ UNWIND ${param} AS row {_find('a', source, 'a', 'Plan')} {_find('b', target, 'b', 'Plan')} "
            f"CREATE (a)-[r:{rel}]->(b) SET r = row.props RETURN count(r) AS {param} }}")


def statement(parts: list[tuple[Group, int]]) -> str:
    """One statement writing several groups, each from its parameter ``$g0``, ``$g1`` …: node groups
    are created (owned labels) or MERGEd (shared labels); relationship groups between a version's
    nodes return how many they created, as ``g0`` …, so that a missing end is noticed."""
    texts, counted = [], []
    for i, (group, _) in enumerate(parts):
        if len(group) == 1:
            texts.append(_node_part(group[0], f"g{i}"))
        else:
            rel, source, target = group
            texts.append(_link_part(rel, source, target, f"g{i}"))
            if not (group[1] in SHARED and group[2] in SHARED):
                counted.append(f"g{i}")
    return " ".join(texts) + (f" RETURN {', '.join(counted)}" if counted else "")


def chunks(groups: dict[Group, list[dict[str, Any]]], size: int) -> Iterable[list[tuple[Group, list[dict[str, Any]]]]]:
    """The rows of every group, in order, cut into statements of ``size`` rows (a statement may
    hold the end of one group and the start of the next)."""
    chunk: list[tuple[Group, list[dict[str, Any]]]] = []
    room = size
    for group, rows in groups.items():
        start = 0
        while start < len(rows):
            part = rows[start : start + room]
            chunk.append((group, part))
            start += len(part)
            room -= len(part)
            if room == 0:
                yield chunk
                chunk, room = [], size
    if chunk:
        yield chunk
