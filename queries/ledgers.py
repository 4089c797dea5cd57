"""The 督办台账: for each office and each leader, the items they answer for and where they stand.

A sheet per office (and collective, when asked) lists the top-level items it is assigned to —
its role, the other offices on the item, the item's targets, the nearest deadline and its tier
on the as-of date, the item's status and the lines that say so; a sheet per leader lists the
items they answer for (named on the item or on its section) the same way. Rows carry codes
(``lead``, ``overdue``, ``on_track``); the workbook (:mod:`dutygraph.xlsx`) labels them.

Each (top-level item, office) pair is one row, as :func:`~dutygraph.queries.workload.office_workload`
counts it, so an office's sheet holds exactly the items its workload counts. :func:`ledger_items`
is the 总台账: every top-level item once (a report's row on an item read is that item), with its
lead and supporting offices. Rows name an item
as a planner cites it (``place``: ``二、（三）3.``, :func:`~dutygraph.queries.refs.human_ref`).

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所，2023年6月底前完成。（基建科牵头，财务科配合）\\n"
...                       "2.开展教研活动。（教研室负责）\\n"))
>>> sheets = ledger(G, as_of=dt.date(2023, 6, 25))
>>> [(s.name, [(r.ref, r.role, r.partners, r.tier) for r in s.rows]) for s in sheets]
[('基建科', [('1', 'lead', ('财务科',), 'due')]), ('教研室', [('2', 'lead', (), 'no_deadline')]), ('财务科', [('1', 'support', ('基建科',), 'due')])]
>>> [(r.number, r.place, r.leads, r.supports, str(r.deadline)) for r in ledger_items(G, as_of=dt.date(2023, 6, 25))]
[(1, '1.', ('基建科',), ('财务科',), '2023-06-30'), (2, '2.', ('教研室',), (), 'None')]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from dutygraph.ontology.vocabulary import NodeKind
from dutygraph.queries.refs import human_ref
from dutygraph.queries.scope import item_parties, leader_items, party_label, scope_plans, scoped_items, source_line, top_item
from dutygraph.queries.targets import STATUSES, TargetRow, targets_by_deadline
from dutygraph.queries.workload import office_workload

__all__ = ["ItemRow", "LedgerRow", "LedgerSheet", "ledger", "ledger_items", "reports_on_another"]


@dataclass(frozen=True)
class LedgerRow:
    """One item on an office's or a leader's sheet."""

    ref: str
    place: str
    """The ref as the plan writes it (``二、（三）3.``)."""
    title: str
    plan: str
    role: str
    """``lead`` or ``support`` on an office's sheet; ``item`` or ``section`` (where the leader is named) on a leader's."""
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    partners: tuple[str, ...]
    targets: tuple[str, ...]
    deadline: dt.date | None
    tier: str
    status: str | None
    source: str
    item: str


@dataclass(frozen=True)
class LedgerSheet:
    """An office, collective or leader and its rows, in reading order."""

    kind: str
    name: str
    issuer: str
    party: str
    rows: tuple[LedgerRow, ...]


def _by_item(G: nx.MultiDiGraph, targets: list[TargetRow]) -> dict[str, list[TargetRow]]:
    found: dict[str, list[TargetRow]] = defaultdict(list)
    for row in targets:
        found[top_item(G, row.item)].append(row)
    return found


def _offices(G: nx.MultiDiGraph, include_collectives: bool,
             scope: dict[str, Any]) -> dict[str, list[tuple[str, tuple[str, str]]]]:
    """Top-level item → its parties as (party, (name, role)), leads first."""
    offices: dict[str, list[tuple[str, tuple[str, str]]]] = defaultdict(list)
    for (party, top), pair in item_parties(G, include_collectives=include_collectives, **scope).items():
        offices[top].append((party, (party_label(G, party)[0], pair.role)))
    for top in offices:
        offices[top].sort(key=lambda e: (e[1][1] != "lead", e[1][0]))
    return offices


def _row(G: nx.MultiDiGraph, top: str, role: str, offices: dict[str, list[tuple[str, tuple[str, str]]]], me: str | None,
         targets: list[TargetRow], sources: tuple[str, ...]) -> LedgerRow:
    node = G.nodes[top]
    on_item = offices.get(top, [])
    leads = tuple(n for _, (n, r) in on_item if r == "lead")
    partners = tuple(n for p, (n, _) in on_item if p != me)
    dated = [r.deadline for r in targets if r.deadline is not None]
    tiers = [r.status for r in targets] or (["completed"] if node.get("status") == "completed" else ["no_deadline"])
    return LedgerRow(
        ref=node["ref"], place=human_ref(G, top), title=node["title"], plan=G.nodes[node["plan"]]["title"], role=role,
        leads=leads, supports=tuple(n for _, (n, r) in on_item if r != "lead"), partners=partners, targets=tuple(r.text for r in targets), deadline=min(dated) if dated else None,
        tier=min(tiers, key=STATUSES.index), status=node.get("status"), source="、".join(sources) or source_line(G.nodes[top]),
        item=top,
    )


def ledger(G: nx.MultiDiGraph, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30,
           include_collectives: bool = False, plan: str | None = None, issuer: str | None = None) -> list[LedgerSheet]:
    """A sheet per office (most loaded first), then one per leader (most items first).

    ``tier`` is the most urgent tier of the item's targets on ``as_of`` (``completed`` for a
    completed item, ``no_deadline`` for one without a dated target); ``deadline`` the nearest.
    """
    scope: dict[str, Any] = {"plan": plan, "issuer": issuer}
    targets = _by_item(G, targets_by_deadline(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days, **scope))
    offices = _offices(G, include_collectives, scope)
    sheets = []
    for row in office_workload(G, include_collectives=include_collectives, **scope):
        rows = tuple(_row(G, ref.item, ref.role, offices, row.party, targets.get(ref.item, []), ref.sources)
                     for ref in row.items)
        sheets.append(LedgerSheet(row.kind, row.office, row.issuer, row.party, rows))
    leaders = []
    for leader, tops in leader_items(G, **scope).items():
        name, issuer_name = party_label(G, leader)
        rows = tuple(_row(G, top, "item" if G.nodes[where]["type"] == NodeKind.ITEM else "section", offices, None,
                          targets.get(top, []), ()) for top, where in tops.items())
        leaders.append(LedgerSheet("leader", name, issuer_name, leader, rows))
    leaders.sort(key=lambda s: (-len(s.rows), s.name))
    return sheets + leaders


@dataclass(frozen=True)
class ItemRow:
    """One line of the 总台账: a top-level item, who leads and supports it, and where it stands."""

    number: int
    """序号: the item's place in the 总台账, from 1."""
    issuers: tuple[str, ...]
    plan: str
    place: str
    title: str
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    deadline: dt.date | None
    tier: str
    status: str | None
    source: str
    item: str


def reports_on_another(G: nx.MultiDiGraph, item: str) -> bool:
    """Whether the item is a progress report's row on an item that was read (its 来源 resolved)."""
    return any(r.get("target") in G and r.get("target") != item for r in G.nodes[item].get("reports_on", ()))


def ledger_items(G: nx.MultiDiGraph, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30,
                 include_collectives: bool = False, plan: str | None = None,
                 issuer: str | None = None) -> list[ItemRow]:
    """Every top-level item in scope once, in reading order, numbered from 1 (the 总台账).

    A progress report's row on an item that was read is that item (:func:`reports_on_another`),
    not an item of its own.
    """
    scope: dict[str, Any] = {"plan": plan, "issuer": issuer}
    targets = _by_item(G, targets_by_deadline(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days, **scope))
    offices = _offices(G, include_collectives, scope)
    tops = list(dict.fromkeys(top_item(G, i) for i in scoped_items(G, scope_plans(G, plan, issuer))
                              if not reports_on_another(G, i)))
    rows = []
    for number, top in enumerate(tops, 1):
        row = _row(G, top, "item", offices, None, targets.get(top, []), ())
        plan_node = G.nodes[G.nodes[top]["plan"]]
        issuers = tuple(G.nodes[o]["name"] if o in G else o for o in plan_node.get("issuers", ()))
        rows.append(ItemRow(number, issuers, row.plan, row.place, row.title, row.leads, row.supports,
                            row.deadline, row.tier, row.status, row.source, top))
    return rows
