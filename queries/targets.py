"""Targets by deadline and by office, and the items a planner should look at twice.

Definitions (the same here and in ``dutygraph targets``):

* **Tier** of a target on an as-of date D, as a 督办 system sorts deadlines: ``completed`` when
  its item is reported completed (a completed item is never overdue); else ``overdue`` when
  its deadline is before D (逾期), ``due`` when it falls in D … D+warn days (临期, default 7),
  ``upcoming`` in the days after that up to D+notice days (the second 临期 tier, default 30),
  ``later`` after that (正常), ``no_deadline`` when none is stated or implied (无时限).
* A target's **deadline** is stated (``explicit``), implied by an annual plan (``plan_year``:
  the end of its year; ``horizon``: the end of a stated period) or ``corrected``; a recurring
  one (每季度) is due on its next date on or after D (rule ``schedule``).
* ``days`` — deadline minus D (negative: days since the deadline passed).
* An item is completed when its status (:mod:`dutygraph.ontology.links`: its latest report, a
  row reporting on it, or a correction) is ``completed``; ``completed_by`` cites that report.
* Targets of a sub-measure belong to its top-level item for the offices, and keep the
  sub-measure's own ref (二.2); an office carries a target when it is assigned (lead or
  support) to the target's top-level item.
* **Items without a target** and **items without a lead office** are top-level items; an
  item's sub-measures count for it (one sub-measure with a target or a lead office suffices).

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse(
...     "某县教育局2023年工作要点\\n"
...     "1.新建幼儿园3所，2023年6月底前完成。（基建科牵头，财务科配合）\\n"
...     "2.开展教研活动。（教研室、财务科负责）\\n"
...     "3.培训教师500人次。（教研室负责）\\n"))
>>> [(r.ref, r.status, r.days, r.rule) for r in targets_by_deadline(G, as_of=dt.date(2023, 6, 25))]
[('1', 'due', 5, 'explicit'), ('3', 'later', 189, 'plan_year')]
>>> [(r.office, r.targets, r.due) for r in targets_by_office(G, as_of=dt.date(2023, 6, 25))]
[('基建科', 1, 1), ('财务科', 1, 1), ('教研室', 1, 0)]
>>> [r.ref for r in items_without_targets(G)], [r.ref for r in items_without_lead(G)]
(['2'], [])
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from dutygraph.ontology.model import Schedule
from dutygraph.ontology.vocabulary import Relation
from dutygraph.queries.scope import (
    cite,
    display_ref,
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
    "due_date",
    "items_without_lead",
    "items_without_targets",
    "order_targets",
    "status_of",
    "targets_by_deadline",
    "targets_by_office",
]

Status = Literal["overdue", "due", "upcoming", "later", "completed", "no_deadline"]
STATUSES: tuple[str, ...] = ("overdue", "due", "upcoming", "later", "completed", "no_deadline")
"""The tiers, most urgent first (their labels and colours: :data:`dutygraph.labels.TIERS`)."""


@dataclass(frozen=True)
class TargetRow:
    """One target with its tier on the as-of date and the offices on its item."""

    status: Status
    deadline: dt.date | None
    rule: str | None
    days: int | None
    ref: str
    plan: str
    text: str
    metric: str | None
    value: float | None
    unit: str | None
    comparator: str | None
    share: str | None
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    source: str
    completed_by: str | None
    item: str
    target: str


@dataclass(frozen=True)
class OfficeTargetsRow:
    """Targets on the items an office is assigned to, counted by tier."""

    office: str
    issuer: str
    targets: int
    overdue: int
    due: int
    upcoming: int
    later: int
    completed: int
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


def status_of(deadline: dt.date | None, as_of: dt.date, warn_days: int = 7, notice_days: int = 30, *,
              completed: bool = False) -> tuple[Status, int | None]:
    """The tier and ``days`` of a deadline on ``as_of``.

    >>> day = dt.date(2024, 1, 1)
    >>> [status_of(dt.date(2024, 1, d), day)[0] for d in (1, 8, 9, 31)], status_of(None, day)
    (['due', 'due', 'upcoming', 'upcoming'], ('no_deadline', None))
    >>> status_of(dt.date(2023, 12, 1), day), status_of(dt.date(2023, 12, 1), day, completed=True)
    (('overdue', -31), ('completed', -31))
    """
    days = None if deadline is None else (deadline - as_of).days
    if completed:
        return "completed", days
    if days is None:
        return "no_deadline", None
    if days < 0:
        return "overdue", days
    return ("due" if days <= warn_days else "upcoming" if days <= max(notice_days, warn_days) else "later"), days


def due_date(target: dict[str, Any], as_of: dt.date) -> tuple[dt.date | None, str | None]:
    """A target's deadline on ``as_of`` and its rule: a schedule's next date (rule ``schedule``)."""
    schedule = target.get("schedule")
    if schedule:
        return Schedule.model_validate(schedule).next_due(as_of), "schedule"
    return target.get("deadline"), target.get("deadline_rule")


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
    warn_days: int = 7,
    notice_days: int = 30,
    plan: str | None = None,
    issuer: str | None = None,
) -> list[TargetRow]:
    """Every target in scope with its tier on ``as_of`` (see the module's definitions).

    Sorted by tier in :data:`STATUSES` order, then deadline, then source line. ``leads`` and
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
            deadline, rule = due_date(node, as_of)
            done = _completed_by(G, node["item"]) or _completed_by(G, top)
            status, days = status_of(deadline, as_of, warn_days, notice_days, completed=done is not None)
            rows.append(TargetRow(
                status=status, deadline=deadline, rule=rule, days=days, ref=display_ref(G, node["item"]),
                plan=_plan_name(G, top), text=node["text"], metric=node["metric"], value=node["value"],
                unit=node["unit"], comparator=node["comparator"], share=node.get("share"),
                leads=tuple(roles[top]["lead"]), supports=tuple(roles[top]["support"]), source=source_line(node),
                completed_by=done, item=top, target=target,
            ))
    return order_targets(rows, {r.target: (G.nodes[r.target]["span"]["line"], G.nodes[r.target]["span"]["start"])
                                for r in rows})


def _completed_by(G: nx.MultiDiGraph, item: str) -> str | None:
    """``file:line`` of the report saying ``item`` is completed, if its status is completed."""
    node = G.nodes[item]
    if node.get("status") != "completed" or node.get("status_from") not in G:
        return None
    return source_line(G.nodes[node["status_from"]])


def order_targets(rows: list[TargetRow], places: dict[str, tuple[int, int]]) -> list[TargetRow]:
    """Status (overdue first), deadline, plan, then place (line, offset) of each target."""
    return sorted(rows, key=lambda r: (STATUSES.index(r.status), r.deadline or dt.date.max, r.plan,
                                       *places[r.target], r.target))


def targets_by_office(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    warn_days: int = 7,
    notice_days: int = 30,
    plan: str | None = None,
    issuer: str | None = None,
) -> list[OfficeTargetsRow]:
    """Per office: the targets on its items, by tier; most targets first.

    Every office in scope has a row, one with no target included (0 everywhere).
    """
    statuses = {r.target: r.status for r in targets_by_deadline(G, as_of=as_of, warn_days=warn_days,
                                                                 notice_days=notice_days, plan=plan, issuer=issuer)}
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
        rows.append(OfficeTargetsRow(name, issuer_name, len(found), counts["overdue"], counts["due"], counts["upcoming"],
                                     counts["later"], counts["completed"], counts["no_deadline"], refs, party))
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
