"""Cypher twins of the queries: the same rows, computed by a Neo4j server from a pushed graph.

Each twin counts in Cypher — (item, office) pairs and their roles, the items a pair of offices
shares, the lead → support edges, the targets of each item — and then hands its rows to the
same Python code that ranks and orders the networkx version's rows
(:func:`~dutygraph.queries.workload.rank_workload`, :func:`~dutygraph.queries.dependencies.pair_rows`,
:func:`~dutygraph.queries.dependencies.edge_rows`), so both engines return equal rows.
Spans are stored as JSON text (see :mod:`dutygraph.graph.neo4j.store`); they are decoded here
only to print ``file:line``.

The graph must have been written by :func:`~dutygraph.graph.neo4j.store.push`; the queries
need Neo4j 5.23 or newer (``CALL (x) {…}`` subqueries). Every value reaches Cypher as a
parameter.

>>> sorted(QUERIES)
['edges', 'pairs', 'targets', 'workload']
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError
from neo4j.time import Date

from dutygraph.errors import StoreError, UsageError
from dutygraph.graph.neo4j.transactions import cypher_text, decode_props
from dutygraph.ontology.model import cite
from dutygraph.queries.dependencies import LeadSupportRow, PairRow, edge_rows, pair_rows, shared_item
from dutygraph.queries.scope import cited_lines, select_plans
from dutygraph.queries.targets import TargetRow, due_date, order_targets, status_of
from dutygraph.queries.workload import ItemRef, PartyItems, WorkloadRow, rank_workload

__all__ = ["QUERIES", "co_assignment", "lead_support", "office_workload", "run_query", "targets_by_deadline"]

# Items of the plans in scope with their top-level item (sub-measures count for it; a row on
# the same item as an earlier row of its plan counts for that row).
_ITEMS = """
MATCH (p:Plan)-[:HAS_ITEM]->(i:Item) WHERE p.id IN $plans
MATCH path = (i)-[:PART_OF*0..]->(root:Item) WHERE NOT (root)-[:PART_OF]->()
OPTIONAL MATCH (root)-[:SAME_AS]->(twin:Item)
WITH i, coalesce(twin, root) AS top, [n IN reverse(nodes(path)) | n.ref] AS refs
"""
# One row per (party, top-level item): the role and every assignment span behind it.
_PAIRS = _ITEMS + """
MATCH (i)-[a:ASSIGNED_TO]->(party) WHERE $collectives OR party:Office
WITH party, top, max(CASE a.role WHEN 'lead' THEN 1 ELSE 0 END) AS lead, collect(a.span) AS spans
"""


def _read(driver: Driver, database: str | None, query: str, **params: Any) -> list[dict[str, Any]]:
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        result = tx.run(cypher_text(query), **params)
        keys = result.keys()
        return [dict(zip(keys, record.values(), strict=True)) for record in result]  # not .data(): it copies every value

    try:
        with driver.session(database=database) as session:
            return session.execute_read(work)
    except Neo4jError as exc:
        raise StoreError("neo4j.refused_query", code=exc.code, reason=exc.message) from None


_ISSUER = "o.name + coalesce('（' + o.qualifier + '）', '')"
"""An issuer as shown (:func:`dutygraph.ontology.issuers.issuer_label`): 市教育局（a.txt）."""


def _plans(driver: Driver, database: str | None, plan: str | None, issuer: str | None) -> list[str]:
    rows = _read(driver, database, "MATCH (p:Plan) RETURN p.id AS id, p.source AS source, p.issuers AS issuers")
    orgs = _read(driver, database, "MATCH (o:Organization) RETURN o.id AS id, " + _ISSUER + " AS name")
    plans = [(r["id"], json.loads(r["source"])["name"], tuple(r["issuers"])) for r in rows]
    return sorted(select_plans(plans, {o["id"]: o["name"] for o in orgs}, plan=plan, issuer=issuer))


def _where(spans: list[str]) -> list[tuple[str, int]]:
    return [(s["file"], s["line"]) for s in map(json.loads, spans)]


def _cited(spans: list[str]) -> list[str]:
    """``file:line`` of each span, with its place in a structured file, as the networkx rows cite."""
    return [cite(s["file"], s["line"], s.get("where")) for s in map(json.loads, spans)]


def _place(span: str, item: str) -> tuple[str, int, int, str]:
    s = json.loads(span)
    return s["file"], s["line"], s["start"], item


def office_workload(
    driver: Driver, *, database: str | None = None, lead_weight: float = 1.0, support_weight: float = 0.5,
    plan: str | None = None, issuer: str | None = None, include_collectives: bool = False,
) -> list[WorkloadRow]:
    """The twin of :func:`dutygraph.queries.workload.office_workload`."""
    rows = _read(driver, database, _PAIRS + """
        WITH party, collect({item: top.id, ref: top.ref, lead: lead, spans: spans}) AS items
        OPTIONAL MATCH (party)-[:BELONGS_TO]->(o:Organization)
        RETURN party.id AS party, party.name AS name, coalesce(o.name + coalesce('（' + o.qualifier + '）', ''), party.issuer) AS issuer,
               party:Collective AS collective, items
        """, plans=_plans(driver, database, plan, issuer), collectives=include_collectives)
    entries = []
    for r in rows:
        keyed = []
        for it in r["items"]:
            sources, first = cited_lines(_where(it["spans"]))
            keyed.append((first, ItemRef(it["item"], it["ref"], "lead" if it["lead"] else "support", sources)))
        entries.append(PartyItems(r["party"], r["name"], r["issuer"], "collective" if r["collective"] else "office",
                                  tuple(keyed)))
    return rank_workload(entries, lead_weight=lead_weight, support_weight=support_weight)


def _labels(rows: list[dict[str, Any]], *keys: str) -> dict[str, tuple[str, str]]:
    return {r[f"{k}_id"]: (r[f"{k}_name"], r[f"{k}_issuer"]) for r in rows for k in keys}


_PARTY = "coalesce([(x)-[:BELONGS_TO]->(o:Organization) | o.name + coalesce('（' + o.qualifier + '）', '')][0], x.issuer)"


def co_assignment(
    driver: Driver, *, database: str | None = None, plan: str | None = None, issuer: str | None = None,
    include_collectives: bool = False,
) -> list[PairRow]:
    """The twin of :func:`dutygraph.queries.dependencies.co_assignment`: pairs counted in Cypher."""
    rows = _read(driver, database, _PAIRS + """
        WITH top, collect({party: party, spans: spans}) AS members
        WITH top, members, size(members) AS k
        UNWIND members AS x UNWIND members AS y
        WITH top, k, x, y WHERE x.party.id < y.party.id
        WITH x.party AS a, y.party AS b,
             collect({item: top.id, ref: top.ref, k: k, span: top.span, spans: x.spans + y.spans}) AS items
        RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, items,
               coalesce([(a)-[:BELONGS_TO]->(o:Organization) | o.name + coalesce('（' + o.qualifier + '）', '')][0], a.issuer) AS a_issuer,
               coalesce([(b)-[:BELONGS_TO]->(o:Organization) | o.name + coalesce('（' + o.qualifier + '）', '')][0], b.issuer) AS b_issuer
        """, plans=_plans(driver, database, plan, issuer), collectives=include_collectives)
    links = {
        (r["a_id"], r["b_id"]): [
            (_place(it["span"], it["item"]),
             shared_item(it["item"], it["ref"], it["k"], cited_lines(_where(it["spans"]))[0]))
            for it in r["items"]
        ]
        for r in rows
    }
    return pair_rows(links, _labels(rows, "a", "b"))


def lead_support(
    driver: Driver, *, database: str | None = None, plan: str | None = None, issuer: str | None = None,
    include_collectives: bool = False,
) -> list[LeadSupportRow]:
    """The twin of :func:`dutygraph.queries.dependencies.lead_support`: edges counted in Cypher."""
    rows = _read(driver, database, _ITEMS + """
        WITH top, collect(i) AS members
        CALL (members) {
            UNWIND members AS j
            MATCH (j)-[a:ASSIGNED_TO]->(party) WHERE $collectives OR party:Office
            RETURN count(DISTINCT party) AS k
        }
        UNWIND members AS i
        MATCH (i)-[la:ASSIGNED_TO {role: 'lead'}]->(lead), (i)-[sa:ASSIGNED_TO {role: 'support'}]->(support)
        WHERE lead <> support AND ($collectives OR (lead:Office AND support:Office))
        WITH lead, support, top, k, collect(la.span) + collect(sa.span) AS spans
        WITH lead, support, collect({item: top.id, ref: top.ref, k: k, span: top.span, spans: spans}) AS items
        RETURN lead.id AS lead_id, lead.name AS lead_name, support.id AS support_id, support.name AS support_name,
               items,
               coalesce([(lead)-[:BELONGS_TO]->(o:Organization) | o.name + coalesce('（' + o.qualifier + '）', '')][0], lead.issuer) AS lead_issuer,
               coalesce([(support)-[:BELONGS_TO]->(o:Organization) | o.name + coalesce('（' + o.qualifier + '）', '')][0], support.issuer) AS support_issuer
        """, plans=_plans(driver, database, plan, issuer), collectives=include_collectives)
    edges = {
        (r["lead_id"], r["support_id"]): [
            (_place(it["span"], it["item"]),
             shared_item(it["item"], it["ref"], it["k"], _cited(it["spans"])))
            for it in r["items"]
        ]
        for r in rows
    }
    return edge_rows(edges, _labels(rows, "lead", "support"))


def targets_by_deadline(
    driver: Driver, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30, database: str | None = None,
    plan: str | None = None, issuer: str | None = None,
) -> list[TargetRow]:
    """The twin of :func:`dutygraph.queries.targets.targets_by_deadline`."""
    rows = _read(driver, database, _ITEMS + """
        WITH top, collect({i: i, refs: refs}) AS members,
             count(CASE WHEN EXISTS { (i)-[:HAS_TARGET]->() } THEN 1 END) AS targeted
        WHERE targeted > 0
        CALL (members) {
            UNWIND members AS m
            WITH m.i AS j
            OPTIONAL MATCH (:Plan)-[pos:HAS_ITEM]->(j)-[a:ASSIGNED_TO]->(party:Office)
            WITH party, min(pos.position * 100000 + a.order) AS at,
                 max(CASE a.role WHEN 'lead' THEN 1 ELSE 0 END) AS lead
            RETURN collect({name: party.name, at: at, lead: lead}) AS parties
        }
        UNWIND members AS m
        WITH top, parties, m.i AS i, m.refs AS refs
        MATCH (i)-[:HAS_TARGET]->(t:Target), (p:Plan)-[:HAS_ITEM]->(top)
        OPTIONAL MATCH (done:Progress {id: i.status_from}) WHERE i.status = 'completed'
        OPTIONAL MATCH (top_done:Progress {id: top.status_from}) WHERE top.status = 'completed'
        RETURN t AS target, top.id AS item, refs, p.source AS source, parties,
               coalesce(done.span, top_done.span) AS done
        """, plans=_plans(driver, database, plan, issuer))
    out, places = [], {}
    for r in rows:
        t = decode_props(dict(r["target"]))
        deadline, rule = due_date(t, as_of)
        if isinstance(deadline, Date):
            deadline = deadline.to_native()
        done = json.loads(r["done"]) if r["done"] else None
        status, days = status_of(deadline, as_of, warn_days, notice_days, completed=done is not None)
        parties = sorted((p for p in r["parties"] if p["name"] is not None), key=lambda p: p["at"])
        span = t["span"]
        places[t["id"]] = (span["line"], span["start"])
        out.append(TargetRow(
            status=status, deadline=deadline, rule=rule, days=days, ref=".".join(x for x in r["refs"] if x),
            plan=json.loads(r["source"])["name"], text=t["text"], metric=t.get("metric"), value=t.get("value"),
            unit=t.get("unit"), comparator=t.get("comparator"), share=t.get("share"),
            leads=tuple(p["name"] for p in parties if p["lead"]),
            supports=tuple(p["name"] for p in parties if not p["lead"]),
            source=cite(span["file"], span["line"], span.get("where")),
            completed_by=cite(done["file"], done["line"], done.get("where")) if done else None,
            item=r["item"], target=t["id"],
        ))
    return order_targets(out, places)


QUERIES: dict[str, Callable[..., list[Any]]] = {
    "workload": office_workload,
    "pairs": co_assignment,
    "edges": lead_support,
    "targets": targets_by_deadline,
}


def run_query(name: str, driver: Driver, **options: Any) -> list[Any]:
    """Run the twin called ``name`` (see :data:`QUERIES`) with the networkx version's options."""
    if name not in QUERIES:
        raise UsageError("usage.no_cypher", name=repr(name), known=", ".join(sorted(QUERIES)))
    return QUERIES[name](driver, **options)

