"""Deadlines as calendar entries: one per item and date, for everyone or for one office or leader.

Every dated target (:func:`~dutygraph.queries.targets.targets_by_deadline`) falls on its item's
entry for that date: an item with two targets due on 2024-06-30 is one entry listing both. An
entry names the item as its plan does (``二、（三）3.``), the plan, the lead and supporting
offices, the tier on the as-of date, the item's status and the source lines. ``office`` keeps the
items that office is on (lead or support); ``leader`` those the leader answers for (named on
the item or its section). A progress report's row on an item that was read is that item: its
targets are the item's, not entries of their own.

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所，改造校舍2所，2023年6月底前完成。（基建科牵头，财务科配合）\\n"
...                       "2.开展教研活动，2023年9月底前完成。（教研室负责）\\n"))
>>> [(str(e.deadline), e.place, e.targets, e.leads) for e in deadlines(G, as_of=dt.date(2023, 6, 25))]
[('2023-06-30', '1.', ('新建幼儿园3所', '改造校舍2所'), ('基建科',)), ('2023-09-30', '2.', ('开展教研活动，2023年9月底前完成',), ('教研室',))]
>>> [e.place for e in deadlines(G, as_of=dt.date(2023, 6, 25), office="教研室")]
['2.']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

import networkx as nx

from dutygraph.errors import UsageError
from dutygraph.queries.ledgers import reports_on_another
from dutygraph.queries.refs import human_ref
from dutygraph.queries.scope import leader_items, not_named, party_label, top_item
from dutygraph.queries.targets import STATUSES, targets_by_deadline

__all__ = ["Deadline", "deadlines"]


@dataclass(frozen=True)
class Deadline:
    """One item's deadline: the targets due that day and who answers for them."""

    deadline: dt.date
    place: str
    title: str
    plan: str
    targets: tuple[str, ...]
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    tier: str
    status: str | None
    sources: tuple[str, ...]
    item: str


def _leader_tops(G: nx.MultiDiGraph, leader: str, scope: dict[str, Any]) -> set[str]:
    answered = leader_items(G, **scope)
    chosen = {top for person, tops in answered.items() if leader in (person, party_label(G, person)[0]) for top in tops}
    if not chosen:
        names = sorted({party_label(G, p)[0] for p in answered})
        near = get_close_matches(leader, names, n=5, cutoff=0)
        raise UsageError(not_named("leader", leader, near))
    return chosen


def deadlines(G: nx.MultiDiGraph, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30,
              office: str | None = None, leader: str | None = None, plan: str | None = None,
              issuer: str | None = None) -> list[Deadline]:
    """Every (item, deadline) in scope, by date then reading order; see the module's text."""
    scope: dict[str, Any] = {"plan": plan, "issuer": issuer}
    rows = [r for r in targets_by_deadline(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days, **scope)
            if r.deadline is not None and not reports_on_another(G, top_item(G, r.item))]
    if office is not None:
        names = sorted({n for r in rows for n in (*r.leads, *r.supports)})
        if office not in names:
            near = get_close_matches(office, names, n=5, cutoff=0)
            raise UsageError(not_named("office", office, near))
        rows = [r for r in rows if office in (*r.leads, *r.supports)]
    if leader is not None:
        tops = _leader_tops(G, leader, scope)
        rows = [r for r in rows if top_item(G, r.item) in tops]
    grouped: dict[tuple[str, dt.date], list[Any]] = {}
    for r, day in ((r, r.deadline) for r in rows if r.deadline is not None):
        grouped.setdefault((top_item(G, r.item), day), []).append(r)
    out = []
    for (top, day), found in grouped.items():
        node = G.nodes[top]
        out.append(Deadline(
            deadline=day, place=human_ref(G, top), title=node["title"], plan=G.nodes[node["plan"]]["title"],
            targets=tuple(r.text for r in found), leads=found[0].leads, supports=found[0].supports,
            tier=min((r.status for r in found), key=STATUSES.index), status=node.get("status"),
            sources=tuple(dict.fromkeys(r.source for r in found)), item=top,
        ))
    out.sort(key=lambda e: e.deadline)
    return out
