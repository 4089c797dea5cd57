"""The query commands answered from a stored corpus's tables, without building a graph.

The same functions as over the networkx graph, with the same rows — :func:`office_workload`,
:func:`co_assignment`, :func:`lead_support`, :func:`leader_workload` — computed from the assignment rows of an SQLite
store (:mod:`dutygraph.graph.sqlite.store`): one query joins every assignment in scope to its
top-level item and its source line, and the counting unit (top-level item, party) is built
from those rows as :func:`dutygraph.queries.scope.item_parties` builds it from the graph.
Loads, ranks, pairs and edges are then made by the very functions the graph path uses
(:func:`~dutygraph.queries.workload.rank_workload`,
:func:`~dutygraph.queries.dependencies.pair_rows`, :func:`~dutygraph.queries.dependencies.edge_rows`),
so the two paths cannot drift apart; ``tests/test_query_tables.py`` compares them on the seeds
and the corpus. :class:`~dutygraph.queries.engine.Engine` picks this path for a stored corpus.

>>> from dutygraph.importers import parse
>>> from dutygraph.graph.sqlite.store import open_store
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
import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from dutygraph.ontology.issuers import issuer_label
from dutygraph.queries.dependencies import LeadSupportRow, PairRow, Place, edge_rows, pair_rows, shared_item
from dutygraph.queries.scope import ItemParty, select_plans
from dutygraph.queries.workload import ItemRef, LeaderRow, PartyItems, WorkloadRow, rank_loads, rank_workload

__all__ = ["Assigned", "Scope", "assigned", "co_assignment", "item_parties", "lead_support", "leader_workload",
           "office_workload"]

Assigned = tuple[str, int, int, str, str, str, str, int, "str | None"]
"""One assignment in scope: (party, document, item position, top-level item id, role, rule,
file, line, the place in a structured file as JSON or None)."""


def _source(file: str, line: int, where: str | None) -> str:
    """``file:line``, and the place in a structured file, as the graph path cites an edge."""
    if where is None:
        return f"{file}:{line}"
    from dutygraph.ontology.model import cite

    return cite(file, line, json.loads(where))


@dataclass(frozen=True)
class Scope:
    """What a query reads from the store: the documents in scope, the parties' labels
    (name, issuer name, kind), and each top-level item's ref and place."""

    docs: tuple[int, ...]
    labels: dict[str, tuple[str, str, str]]
    tops: dict[str, tuple[str, Place, str]]
    orgs: dict[str, str]

    @classmethod
    def of(cls, db: sqlite3.Connection, *, plan: str | None = None, issuer: str | None = None,
           tops: bool = True) -> Scope:
        """The documents of ``plan`` and ``issuer`` (as :func:`~dutygraph.queries.scope.scope_plans`
        chooses them; an unknown one is a :class:`~dutygraph.errors.UsageError`); the top-level
        items unless ``tops`` is false."""
        orgs: dict[str, str] = {}
        for i, name, qualifier in db.execute("SELECT id, name, qualifier FROM organizations ORDER BY doc DESC"):
            orgs[i] = issuer_label(name, qualifier)
        plans = db.execute("SELECT d.doc, p.id, d.name, p.issuers FROM documents d JOIN plans p USING (doc) "
                           "ORDER BY d.position").fetchall()
        chosen = select_plans([(p, name, tuple(json.loads(issuers))) for _, p, name, issuers in plans], orgs,
                              plan=plan, issuer=issuer)
        docs = tuple(d for d, p, _, _ in plans if p in chosen)
        labels = {}
        for i, kind, issuer_id, name in db.execute("SELECT id, kind, issuer, name FROM parties ORDER BY doc DESC"):
            labels[i] = (name, orgs.get(issuer_id, issuer_id), kind)
        found: dict[str, tuple[str, Place, str]] = {}
        for i, ref, file, line, start, loc in [] if not tops else db.execute(
                f"SELECT i.id, i.ref, coalesce(s.file, d.name), s.line, s.start, s.loc FROM items i "
                f"JOIN documents d USING (doc) JOIN spans s ON s.doc = i.doc AND s.span = i.span "
                f"WHERE i.top = i.id AND i.doc {_in(docs)}"):
            found[i] = (ref, (file, line, start, i), f"{ref}@{_source(file, line, loc)}")
        return cls(docs, labels, found, orgs)


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
        f"ORDER BY d.position, a.item, a.ord, a.pos").fetchall()
    if include_collectives:
        return rows
    collective = {p for p, label in scope.labels.items() if label[2] == "collective"}
    return [row for row in rows if row[0] not in collective]


def item_parties(db: sqlite3.Connection, scope: Scope, *, include_collectives: bool = False
                 ) -> dict[tuple[str, str], ItemParty]:
    """(party, top-level item) → role and sources, as :func:`dutygraph.queries.scope.item_parties`
    gives them from the graph: the store keeps them, one row per pair (``pairs``)."""
    collective = set() if include_collectives else {p for p, label in scope.labels.items() if label[2] == "collective"}
    pairs = {}
    for party, top, lead, file, line, sources in db.execute(
            f"SELECT p.party, p.top, p.lead, p.first_file, p.first_line, p.sources FROM pairs p "
            f"JOIN documents d USING (doc) WHERE p.doc {_in(scope.docs)} ORDER BY d.position, p.pos"):
        if party not in collective:
            pairs[party, top] = ItemParty("lead" if lead else "support", tuple(json.loads(sources)), (file, line))
    return pairs


def office_workload(db: sqlite3.Connection, *, lead_weight: float = 1.0, support_weight: float = 0.5,
                    plan: str | None = None, issuer: str | None = None, include_collectives: bool = False,
                    items: bool = True) -> list[WorkloadRow]:
    """:func:`dutygraph.queries.workload.office_workload` over the store's tables. With
    ``items=False`` the rows leave out the items behind them (``items`` is empty) and the
    counts come from one ``GROUP BY``: what a table without ``--explain`` shows, in
    milliseconds."""
    scope = Scope.of(db, plan=plan, issuer=issuer, tops=items)
    kind = {p: "collective" if label[2] == "collective" else "office" for p, label in scope.labels.items()}
    if not items:
        drafts = []
        for party, leads, count in db.execute(
                f"SELECT party, sum(lead), count(*) FROM pairs WHERE doc {_in(scope.docs)} GROUP BY party"):
            if include_collectives or kind[party] == "office":
                load = lead_weight * leads + support_weight * (count - leads)
                drafts.append((load, leads, count - leads, party))
        total = math.fsum(d[0] for d in drafts)
        drafts.sort(key=lambda d: (-d[0], -d[1], scope.labels[d[3]][0], d[3]))
        return [WorkloadRow(rank, scope.labels[party][0], scope.labels[party][1], kind[party],  # type: ignore[arg-type]
                            leads, supports, load, load / total if total else 0.0, party, ())
                for rank, (load, leads, supports, party) in zip(rank_loads([d[0] for d in drafts]), drafts, strict=True)]
    by_party: dict[str, list[tuple[tuple[str, int], ItemRef]]] = defaultdict(list)
    for (party, top), pair in item_parties(db, scope, include_collectives=include_collectives).items():
        by_party[party].append((pair.first, ItemRef(top, scope.tops[top][0], pair.role, pair.sources)))
    entries = [PartyItems(party, scope.labels[party][0], scope.labels[party][1], kind[party],  # type: ignore[arg-type]
                          tuple(keyed)) for party, keyed in by_party.items()]
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
        ref, place, _ = scope.tops[top]
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
        by_item[a[1], a[2]].append(a)
        sizes[a[3]].add(a[0])
    edges: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rows in by_item.values():
        for lead in (a for a in rows if a[4] == "lead"):
            for support in (a for a in rows if a[4] == "support"):
                if lead[0] != support[0]:
                    edges[(lead[0], support[0])][lead[3]] += [_source(*lead[6:]), _source(*support[6:])]
    keyed = {pair: [(scope.tops[t][1], shared_item(t, scope.tops[t][0], len(sizes[t]), s)) for t, s in tops.items()]
             for pair, tops in edges.items()}
    return edge_rows(keyed, _labels(scope, keyed))


def leader_workload(db: sqlite3.Connection, *, plan: str | None = None, issuer: str | None = None) -> list[LeaderRow]:
    """:func:`dutygraph.queries.workload.leader_workload` over the store's tables: a leader
    answers for the top-level items named on it (or a sub-measure) or on its section or an
    enclosing one; offices and targets are counted over those items and their sub-measures."""
    scope = Scope.of(db, plan=plan, issuer=issuer)
    where = _in(scope.docs)
    parents: dict[tuple[int, str], str | None] = {}
    section_ids: dict[tuple[int, int], str] = {}
    for doc, pos, sid, parent in db.execute(f"SELECT doc, pos, id, parent FROM sections WHERE doc {where}"):
        parents[doc, sid] = parent
        section_ids[doc, pos] = sid
    named: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for doc, owner, parent, leader in db.execute(
            f"SELECT doc, owner, parent, leader FROM responsibilities WHERE doc {where} ORDER BY doc, owner, parent, pos"):
        named[doc, owner, parent].append(leader)
    by_section: dict[tuple[int, str], list[str]] = {
        (doc, section_ids[doc, pos]): leaders for (doc, owner, pos), leaders in named.items() if owner == "section"}
    offices: dict[str, set[str]] = defaultdict(set)
    for party, top in db.execute(f"SELECT a.party, i.top FROM assignments a JOIN items i ON i.doc = a.doc AND "
                                 f"i.pos = a.item WHERE a.doc {where}"):
        if scope.labels[party][2] == "office":
            offices[top].add(party)
    targets: dict[str, int] = dict(db.execute(
        f"SELECT i.top, count(*) FROM targets t JOIN items i ON i.doc = t.doc AND i.pos = t.item "
        f"WHERE t.doc {where} GROUP BY i.top"))
    answered: dict[str, dict[str, None]] = {}
    items = db.execute(f"SELECT i.doc, i.pos, i.top, i.section FROM items i JOIN documents d USING (doc) "
                       f"WHERE i.doc {where} ORDER BY d.position, i.pos")
    for doc, pos, top, section in items:
        leaders: dict[str, None] = {}
        seen: set[str] = set()
        while section and section not in seen:  # the section's leaders, then its enclosing sections'
            seen.add(section)
            leaders.update(dict.fromkeys(by_section.get((doc, section), ())))
            section = parents.get((doc, section))
        leaders.update(dict.fromkeys(named.get((doc, "item", pos), ())))
        for leader in leaders:
            answered.setdefault(leader, {}).setdefault(top, None)
    people: dict[str, tuple[str, str]] = {i: (name, scope.orgs[issuer_id] if issuer_id in scope.orgs else issuer_id) for i, issuer_id, name in db.execute(
        "SELECT id, issuer, name FROM leaders ORDER BY doc DESC")}
    rows = []
    for leader, tops in answered.items():
        name, in_issuer = people[leader]
        rows.append(LeaderRow(name, in_issuer, len(tops), len(set().union(*(offices[t] for t in tops))),
                              sum(targets.get(t, 0) for t in tops), leader, tuple(scope.tops[t][2] for t in tops)))
    rows.sort(key=lambda r: (-r.items, -r.offices, r.leader))
    return rows
