"""Targets by deadline and by office, and the items a planner should look at twice.

Definitions (the same here and in ``dutygraph targets``):

* **Status** of a target on an as-of date D with a window of N days: ``overdue`` when its
  deadline is before D, ``due`` when it falls in D … D+N (both included), ``later`` after that,
  ``no_deadline`` when the document gives none. The documents do not record completion, so
  "overdue" means "the deadline has passed", not "missed".
* ``days`` — deadline minus D (negative: days since the deadline passed).
* Targets of a sub-measure belong to its top-level item; an office carries a target when it
  is assigned (lead or support) to the target's top-level item.
* **Items without a target** and **items without a lead office** are top-level items; an
  item's sub-measures count for it (one sub-measure with a target or a lead office suffices).

>>> import datetime as dt
>>> from dutygraph.importers.read import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse(
...     "某县教育局2023年工作要点\\n"
...     "1.新建幼儿园3所，2023年6月底前完成。（基建科牵头，财务科配合）\\n"
...     "2.开展教研活动。（教研室、财务科负责）\\n"))
>>> [(r.ref, r.status, r.days) for r in targets_by_deadline(G, as_of=dt.date(2023, 6, 1))]
[('1', 'due', 29)]
>>> [(r.office, r.targets, r.due) for r in targets_by_office(G, as_of=dt.date(2023, 6, 1))]
[('基建科', 1, 1), ('财务科', 1, 1), ('教研室', 0, 0)]
>>> [r.ref for r in items_without_targets(G)], [r.ref for r in items_without_lead(G)]
(['2'], [])
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from dutygraph.ontology.vocabulary import Relation
from dutygraph.queries.scope import (
    cite,
    item_parties,
    party_label,
    related,
    scope_plans,
    scoped_items,
    source_line,
    top_item,
)

__all__ = [
    "STATUSES",
    "ItemRow",
    "OfficeTargetsRow",
    "TargetRow",
    "items_without_lead",
    "items_without_targets",
    "order_targets",
    "status_of",
    "targets_by_deadline",
    "targets_by_office",
]

Status = Literal["overdue", "due", "later", "no_deadline"]
STATUSES: tuple[str, ...] = ("overdue", "due", "later", "no_deadline")


@dataclass(frozen=True)
class TargetRow:
    """One target with its status on the as-of date and the offices on its item."""

    status: Status
    deadline: dt.date | None
    days: int | None
    ref: str
    plan: str
    text: str
    metric: str | None
    value: float | None
    unit: str | None
    comparator: str | None
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    source: str
    item: str
    target: str


@dataclass(frozen=True)
class OfficeTargetsRow:
    """Targets on the items an office is assigned to, counted by status."""

    office: str
    issuer: str
    targets: int
    overdue: int
    due: int
    later: int
    no_deadline: int
    items: tuple[str, ...]
    party: str


@dataclass(frozen=True)
class ItemRow:
    """A top-level item, named by plan file and ref, with the line it starts on."""

    ref: str
    plan: str
    title: str
    offices: tuple[str, ...]
    source: str
    item: str


def status_of(deadline: dt.date | None, as_of: dt.date, within_days: int) -> tuple[Status, int | None]:
    """The status and ``days`` of a deadline on ``as_of`` with a window of ``within_days``.

    >>> status_of(dt.date(2024, 1, 10), dt.date(2024, 1, 1), 9), status_of(None, dt.date(2024, 1, 1), 9)
    (('due', 9), ('no_deadline', None))
    """
    if deadline is None:
        return "no_deadline", None
    days = (deadline - as_of).days
    return ("overdue" if days < 0 else "due" if days <= within_days else "later"), days


def _top_items(G: nx.MultiDiGraph, plan: str | None, issuer: str | None) -> dict[str, list[str]]:
    """Top-level item → itself and its sub-measures, in reading order."""
    tops: dict[str, list[str]] = defaultdict(list)
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        tops[top_item(G, item)].append(item)
    return tops


def _targets(G: nx.MultiDiGraph, items: list[str]) -> list[str]:
    found = [v for i in items for v in related(G, i, Relation.HAS_TARGET)]
    return sorted(found, key=lambda t: (G.nodes[t]["span"]["line"], G.nodes[t]["span"]["start"]))


def _plan_name(G: nx.MultiDiGraph, item: str) -> str:
    return G.nodes[G.nodes[item]["plan"]]["source"]["name"]


def targets_by_deadline(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    within_days: int = 30,
    plan: str | None = None,
    issuer: str | None = None,
) -> list[TargetRow]:
    """Every target in scope with its status on ``as_of``: overdue, due, later, no deadline.

    Sorted by status in that order, then deadline, then source line. ``leads`` and
    ``supports`` are the offices on the target's top-level item (collectives left out).
    """
    pairs = item_parties(G, plan=plan, issuer=issuer)
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"lead": [], "support": []})
    for (party, top), pair in pairs.items():
        roles[top][pair.role].append(G.nodes[party]["name"])
    rows = []
    for top, items in _top_items(G, plan, issuer).items():
        for target in _targets(G, items):
            node = G.nodes[target]
            status, days = status_of(node["deadline"], as_of, within_days)
            rows.append(TargetRow(
                status=status, deadline=node["deadline"], days=days, ref=G.nodes[top]["ref"],
                plan=_plan_name(G, top), text=node["text"], metric=node["metric"], value=node["value"],
                unit=node["unit"], comparator=node["comparator"], leads=tuple(roles[top]["lead"]),
                supports=tuple(roles[top]["support"]), source=source_line(node), item=top, target=target,
            ))
    return order_targets(rows, {r.target: (G.nodes[r.target]["span"]["line"], G.nodes[r.target]["span"]["start"])
                                for r in rows})


def order_targets(rows: list[TargetRow], places: dict[str, tuple[int, int]]) -> list[TargetRow]:
    """Status (overdue first), deadline, plan, then place (line, offset) of each target."""
    return sorted(rows, key=lambda r: (STATUSES.index(r.status), r.deadline or dt.date.max, r.plan,
                                       *places[r.target], r.target))


def targets_by_office(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    within_days: int = 30,
    plan: str | None = None,
    issuer: str | None = None,
) -> list[OfficeTargetsRow]:
    """Per office: the targets on its items, by status; most targets first.

    Every office in scope has a row, one with no target included (0 everywhere).
    """
    statuses = {r.target: r.status for r in targets_by_deadline(G, as_of=as_of, within_days=within_days,
                                                                 plan=plan, issuer=issuer)}
    tops = _top_items(G, plan, issuer)
    per_party: dict[str, list[str]] = defaultdict(list)
    for party, top in item_parties(G, plan=plan, issuer=issuer):
        per_party[party].append(top)
    rows = []
    for party, items in per_party.items():
        found = [t for top in items for t in _targets(G, tops[top])]
        counts = {s: sum(statuses[t] == s for t in found) for s in STATUSES}
        name, issuer_name = party_label(G, party)
        refs = tuple(cite(G, top) for top in items if _targets(G, tops[top]))
        rows.append(OfficeTargetsRow(name, issuer_name, len(found), counts["overdue"], counts["due"],
                                     counts["later"], counts["no_deadline"], refs, party))
    rows.sort(key=lambda r: (-r.targets, -r.overdue, -r.due, r.office, r.party))
    return rows


def _item_row(G: nx.MultiDiGraph, top: str, offices: list[str]) -> ItemRow:
    node = G.nodes[top]
    return ItemRow(node["ref"], _plan_name(G, top), node["title"], tuple(offices), source_line(node), top)


def items_without_targets(G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None) -> list[ItemRow]:
    """Top-level items where neither the item nor a sub-measure states a target, in reading order."""
    offices: dict[str, list[str]] = defaultdict(list)
    for party, top in item_parties(G, plan=plan, issuer=issuer):
        offices[top].append(G.nodes[party]["name"])
    return [_item_row(G, top, offices[top]) for top, items in _top_items(G, plan, issuer).items()
            if not _targets(G, items)]


def items_without_lead(G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None) -> list[ItemRow]:
    """Top-level items with no office in the lead role (collectives do not count), in reading order.

    ``offices`` lists the offices (all supporting) that the item does name, if any.
    """
    offices: dict[str, list[str]] = defaultdict(list)
    led: set[str] = set()
    for (party, top), pair in item_parties(G, plan=plan, issuer=issuer).items():
        offices[top].append(G.nodes[party]["name"])
        if pair.role == "lead":
            led.add(top)
    return [_item_row(G, top, offices[top]) for top in _top_items(G, plan, issuer) if top not in led]
