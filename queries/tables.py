"""The query commands answered from a stored corpus's tables, without building a graph.

The same functions as over the networkx graph, with the same rows — :func:`office_workload`,
:func:`co_assignment`, :func:`lead_support` — computed from the assignment rows of an SQLite
store (:mod:`dutygraph.graph.sqlite_store`): one query joins every assignment in scope to its
top-level item and its source line, and the counting unit (top-level item, party) is built
from those rows as :func:`dutygraph.queries.scope.item_parties` builds it from the graph.
Loads, ranks, pairs and edges are then made by the very functions the graph path uses
(:func:`~dutygraph.queries.workload.rank_workload`,
:func:`~dutygraph.queries.dependencies.pair_rows`, :func:`~dutygraph.queries.dependencies.edge_rows`),
so the two paths cannot drift apart; ``tests/test_query_tables.py`` compares them on the seeds
and the corpus. :class:`~dutygraph.queries.engine.Engine` picks this path for a stored corpus.

>>> from dutygraph.importers import parse
>>> from dutygraph.graph.sqlite_store import open_store
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plans.dg"
>>> with open_store(path, write=True) as store:
...     _ = store.write_corpus(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n"))
>>> with open_store(path) as store:
...     [(r.office, r.load, r.items[0].sources) for r in office_workload(store.db)]
[('基建科', 1.0, ('<text>:2',)), ('财务科', 0.5, ('<text>:2',))]
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from dutygraph.ontology.model import cite
from dutygraph.queries.dependencies import LeadSupportRow, PairRow, Place, edge_rows, pair_rows, shared_item
from dutygraph.queries.scope import ItemParty, cited_lines, select_plans
from dutygraph.queries.workload import ItemRef, PartyItems, WorkloadRow, rank_workload

__all__ = ["Assigned", "Scope", "assigned", "co_assignment", "item_parties", "lead_support", "office_workload"]

@dataclass(frozen=True)
class Assigned:
    """One assignment in scope: the party, the (sub-)item it is written on and its top-level
    item, the role and rule, and the line (with the place in a structured file) saying so."""

    party: str
    item: tuple[int, int]
    top: str
    role: str
    rule: str
    file: str
    line: int
    where: str | None

    def source(self) -> str:
        """``file:line``, and the place in a structured file, as the graph path cites an edge."""
        return cite(self.file, self.line, None if self.where is None else json.loads(self.where))


@dataclass(frozen=True)
class Scope:
    """What a query reads from the store: the documents in scope, the parties' labels
    (name, issuer name, kind), and each top-level item's ref and place."""

    docs: tuple[int, ...]
    labels: dict[str, tuple[str, str, str]]
    tops: dict[str, tuple[str, Place]]

    @classmethod
    def of(cls, db: sqlite3.Connection, *, plan: str | None = None, issuer: str | None = None) -> Scope:
        """The documents of ``plan`` and ``issuer`` (as :func:`~dutygraph.queries.scope.scope_plans`
        chooses them; an unknown one is a :class:`~dutygraph.errors.UsageError`)."""
        orgs: dict[str, str] = {}
        for i, name in db.execute("SELECT id, name FROM organizations ORDER BY doc DESC"):
            orgs[i] = name
        plans = db.execute("SELECT d.doc, p.id, d.name, p.issuers FROM documents d JOIN plans p USING (doc) "
                           "ORDER BY d.position").fetchall()
        chosen = select_plans([(p, name, tuple(json.loads(issuers))) for _, p, name, issuers in plans], orgs,
                              plan=plan, issuer=issuer)
        docs = tuple(d for d, p, _, _ in plans if p in chosen)
        labels = {}
        for i, kind, issuer_id, name in db.execute("SELECT id, kind, issuer, name FROM parties ORDER BY doc DESC"):
            labels[i] = (name, orgs.get(issuer_id, issuer_id), kind)
        tops = {}
        for i, ref, file, line, start in db.execute(
                f"SELECT i.id, i.ref, coalesce(s.file, d.name), s.line, s.start FROM items i "
                f"JOIN documents d USING (doc) JOIN spans s ON s.doc = i.doc AND s.span = i.span "
                f"WHERE i.top = i.id AND i.doc {_in(docs)}"):
            tops[i] = (ref, (file, line, start, i))
        return cls(docs, labels, tops)


def _in(docs: tuple[int, ...]) -> str:
    """``IN (1,2,…)``: document numbers are integers, written in the query (no limit on how many)."""
    return f"IN ({','.join(str(int(d)) for d in docs)})"


def assigned(db: sqlite3.Connection, scope: Scope, *, include_collectives: bool = False) -> list[Assigned]:
    """Every assignment of the documents in scope, in reading order (document, item, the
    order the parties are written in); collectives only with ``include_collectives``."""
    rows = db.execute(
        f"SELECT a.party, a.doc, a.item, i.top, a.role, a.rule, coalesce(s.file, d.name), s.line, s.loc "
        f"FROM assignments a JOIN documents d USING (doc) JOIN items i ON i.doc = a.doc AND i.pos = a.item "
        f"JOIN spans s ON s.doc = a.doc AND s.span = a.span WHERE a.doc {_in(scope.docs)} "
        f"ORDER BY d.position, a.item, a.ord, a.pos")
    labels = scope.labels
    return [Assigned(party, (doc, item), top, role, rule, file, line, loc)
            for party, doc, item, top, role, rule, file, line, loc in rows
            if include_collectives or labels[party][2] != "collective"]


def item_parties(db: sqlite3.Connection, scope: Scope, *, include_collectives: bool = False
                 ) -> dict[tuple[str, str], ItemParty]:
    """(party, top-level item) → role and sources, as :func:`dutygraph.queries.scope.item_parties`
    gives them from the graph."""
    fixes: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    for doc, item, file, line in db.execute(
            f"SELECT doc, item, file, line FROM corrections WHERE op IN ('set_lead', 'add_office', 'set_role') "
            f"AND doc {_in(scope.docs)} ORDER BY doc, item, pos"):
        fixes[doc, item].append((file, line))
    drafts: dict[tuple[str, str], tuple[bool, list[tuple[str, int]], list[tuple[str, int]]]] = {}
    for a in assigned(db, scope, include_collectives=include_collectives):
        lead, where, fixed = drafts.setdefault((a.party, a.top), (False, [], []))
        where.append((a.file, a.line))
        if a.rule == "corrected":
            fixed.extend(fixes.get(a.item, ()))
        drafts[(a.party, a.top)] = (lead or a.role == "lead", where, fixed)
    pairs = {}
    for key, (lead, where, fixed) in drafts.items():
        sources, first = cited_lines(where)
        if fixed:
            sources = tuple(dict.fromkeys((*sources, *cited_lines(fixed)[0])))
        pairs[key] = ItemParty("lead" if lead else "support", sources, first)
    return pairs


def office_workload(db: sqlite3.Connection, *, lead_weight: float = 1.0, support_weight: float = 0.5,
                    plan: str | None = None, issuer: str | None = None,
                    include_collectives: bool = False) -> list[WorkloadRow]:
    """:func:`dutygraph.queries.workload.office_workload` over the store's tables."""
    scope = Scope.of(db, plan=plan, issuer=issuer)
    by_party: dict[str, list[tuple[tuple[str, int], ItemRef]]] = defaultdict(list)
    for (party, top), pair in item_parties(db, scope, include_collectives=include_collectives).items():
        by_party[party].append((pair.first, ItemRef(top, scope.tops[top][0], pair.role, pair.sources)))
    entries = [PartyItems(party, scope.labels[party][0], scope.labels[party][1],
                          "collective" if scope.labels[party][2] == "collective" else "office", tuple(keyed))
               for party, keyed in by_party.items()]
    return rank_workload(entries, lead_weight=lead_weight, support_weight=support_weight)


def _labels(scope: Scope, links: Any) -> dict[str, tuple[str, str]]:
    return {p: scope.labels[p][:2] for pair in links for p in pair}


def co_assignment(db: sqlite3.Connection, *, plan: str | None = None, issuer: str | None = None,
                  include_collectives: bool = False) -> list[PairRow]:
    """:func:`dutygraph.queries.dependencies.co_assignment` over the store's tables."""
    scope = Scope.of(db, plan=plan, issuer=issuer)
    tops: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for (party, top), pair in item_parties(db, scope, include_collectives=include_collectives).items():
        tops[top][party] = pair.sources
    links: dict[tuple[str, str], list[tuple[Place, Any]]] = defaultdict(list)
    for top, parties in tops.items():
        ref, place = scope.tops[top]
        for a, b in combinations(sorted(parties), 2):
            links[(a, b)].append((place, shared_item(top, ref, len(parties), parties[a] + parties[b])))
    return pair_rows(links, _labels(scope, links))


def lead_support(db: sqlite3.Connection, *, plan: str | None = None, issuer: str | None = None,
                 include_collectives: bool = False) -> list[LeadSupportRow]:
    """:func:`dutygraph.queries.dependencies.lead_support` over the store's tables."""
    scope = Scope.of(db, plan=plan, issuer=issuer)
    by_item: dict[tuple[int, int], list[Assigned]] = defaultdict(list)
    sizes: dict[str, set[str]] = defaultdict(set)
    for a in assigned(db, scope, include_collectives=include_collectives):
        by_item[a.item].append(a)
        sizes[a.top].add(a.party)
    edges: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rows in by_item.values():
        for lead in (a for a in rows if a.role == "lead"):
            for support in (a for a in rows if a.role == "support"):
                if lead.party != support.party:
                    edges[(lead.party, support.party)][lead.top] += [lead.source(), support.source()]
    keyed = {pair: [(scope.tops[t][1], shared_item(t, scope.tops[t][0], len(sizes[t]), s)) for t, s in tops.items()]
             for pair, tops in edges.items()}
    return edge_rows(keyed, _labels(scope, keyed))
