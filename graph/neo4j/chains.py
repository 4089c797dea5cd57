"""Links across levels in Neo4j: ``(:Item)-[:IMPLEMENTS]->(:Item)`` between plans.

A plan is written on its own (:mod:`.neo4j_store`), so a relationship from an item of one plan
to an item of another cannot be written with it: the other plan may be pushed later, or pushed
again (its items replaced, and the relationships to them with them). :func:`link_chains` runs
after every push: it reads the links each stored item carries (its ``derived_from`` property)
and makes the ``IMPLEMENTS`` relationships whose both items are stored, with the link's rule,
basis, score, confidence, evidence and whether it was confirmed; it removes those no item
carries any more. Reading the store back (:func:`~dutygraph.graph.neo4j.store.pull`) takes the
links from the items' properties, as it does every other field.
"""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver, ManagedTransaction

from dutygraph.errors import Message
from dutygraph.graph.neo4j.transactions import execute, run
from dutygraph.ontology.vocabulary import NodeKind, Relation

__all__ = ["link_chains"]

_STORED = (f"MATCH (:{NodeKind.PLAN})-[:{Relation.HAS_ITEM}]->(a:{NodeKind.ITEM}) WHERE a.derived_from IS NOT NULL "
           "RETURN a.id AS id, a.derived_from AS links")
_LINK = (f"UNWIND $rows AS r MATCH (:{NodeKind.PLAN})-[:{Relation.HAS_ITEM}]->(a:{NodeKind.ITEM} {{id: r.a}}) "
         f"MATCH (:{NodeKind.PLAN})-[:{Relation.HAS_ITEM}]->(b:{NodeKind.ITEM} {{id: r.b}}) "
         f"MERGE (a)-[l:{Relation.IMPLEMENTS}]->(b) SET l = r.props RETURN count(l) AS n")
_UNLINK = (f"MATCH (a:{NodeKind.ITEM})-[l:{Relation.IMPLEMENTS}]->(b:{NodeKind.ITEM}) "
           "WHERE NOT [a.id, b.id] IN $keep DELETE l")


def _rows(stored: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for record in stored:
        links = json.loads(record["links"]) if isinstance(record["links"], str) else []
        for link in links:
            props = {k: v for k, v in link.items() if k != "target" and v is not None}
            rows.append({"a": record["id"], "b": link["target"], "props": props})
    return rows


def link_chains(driver: Driver, database: str | None = None) -> int:
    """Make the ``IMPLEMENTS`` relationships the stored items carry; returns how many there are."""
    def work(tx: ManagedTransaction) -> int:
        rows = _rows(execute(tx, _STORED))
        execute(tx, _UNLINK, keep=[[r["a"], r["b"]] for r in rows])
        found = execute(tx, _LINK, rows=rows) if rows else []
        return int(found[0]["n"]) if found else 0

    return run(driver, database, work, write=True, lost=Message("neo4j.links_unwritten"))
