"""What changed since the last run: new documents and items, newly overdue items, status changes.

A **state** is a small JSON object a run leaves behind (:func:`snapshot`): the as-of date, each
document's name and SHA-256, and each top-level item's plan, place (二、（三）3.), title, status
and tier (:func:`~dutygraph.queries.ledgers.ledger_items`), keyed by the item's stable id.
:func:`compare` sets the last state beside the present one:

* documents added, changed (other bytes under the same name) and removed;
* items added and removed;
* items **newly overdue**: overdue now, and not overdue (or not there) last time;
* items whose **status changed** (序时推进 → 已完成 …), with the status before and after.

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所，2023年6月底前完成。（基建科牵头）\\n", source="a.txt"))
>>> june, july = snapshot(G, as_of=dt.date(2023, 6, 25)), snapshot(G, as_of=dt.date(2023, 7, 5))
>>> found = compare(june, july)
>>> [(i.place, i.before, i.after) for i in found.overdue], found.documents_added, found.first_run
([('1.', 'due', 'overdue')], [], False)
>>> compare(None, july).first_run
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from dutygraph.ontology.vocabulary import NodeKind
from dutygraph.queries.ledgers import ledger_items
from dutygraph.queries.scope import of_type

__all__ = ["STATE_VERSION", "Changes", "ItemChange", "compare", "snapshot"]

STATE_VERSION = 1
"""The version of the state's layout; a state of another version is read as no state."""


@dataclass(frozen=True)
class ItemChange:
    """An item that changed: where its plan puts it, and its status or tier before and after."""

    plan: str
    place: str
    title: str
    before: str | None = None
    after: str | None = None
    deadline: str | None = None
    item: str = ""


@dataclass(frozen=True)
class Changes:
    """Everything that changed between two states (``since`` is the older as-of date)."""

    since: str | None
    as_of: str
    first_run: bool
    documents_added: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    items_added: list[ItemChange] = field(default_factory=list)
    items_removed: list[ItemChange] = field(default_factory=list)
    overdue: list[ItemChange] = field(default_factory=list)
    status: list[ItemChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing changed (a first run is never empty: it records the state)."""
        return not self.first_run and not any((self.documents_added, self.documents_changed, self.documents_removed,
                                               self.items_added, self.items_removed, self.overdue, self.status))


def snapshot(G: nx.MultiDiGraph, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30) -> dict[str, Any]:
    """The state of the documents and items on ``as_of``, as JSON-ready data."""
    documents = {G.nodes[p]["source"]["name"]: G.nodes[p]["source"].get("sha256") for p in of_type(G, NodeKind.PLAN)}
    items = {r.item: {"plan": r.plan, "place": r.place, "title": r.title, "status": r.status, "tier": r.tier,
                      "deadline": r.deadline.isoformat() if r.deadline else None}
             for r in ledger_items(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days)}
    return {"version": STATE_VERSION, "as_of": as_of.isoformat(), "documents": documents, "items": items}


def _item(key: str, entry: dict[str, Any], before: str | None = None, after: str | None = None) -> ItemChange:
    return ItemChange(entry.get("plan", ""), entry.get("place", ""), entry.get("title", ""), before, after,
                      entry.get("deadline"), key)


def compare(old: dict[str, Any] | None, new: dict[str, Any]) -> Changes:
    """What changed from ``old`` (None, or a state of another version: a first run) to ``new``."""
    if old is None or old.get("version") != STATE_VERSION:
        return Changes(None, new["as_of"], True)
    docs_old, docs_new = old.get("documents", {}), new["documents"]
    items_old, items_new = old.get("items", {}), new["items"]
    overdue, status = [], []
    for key, entry in items_new.items():
        before = items_old.get(key)
        if entry["tier"] == "overdue" and (before is None or before.get("tier") != "overdue"):
            overdue.append(_item(key, entry, before.get("tier") if before else None, "overdue"))
        if before is not None and before.get("status") != entry["status"]:
            status.append(_item(key, entry, before.get("status"), entry["status"]))
    return Changes(
        since=old.get("as_of"), as_of=new["as_of"], first_run=False,
        documents_added=[d for d in docs_new if d not in docs_old],
        documents_changed=[d for d in docs_new if d in docs_old and docs_old[d] != docs_new[d]],
        documents_removed=[d for d in docs_old if d not in docs_new],
        items_added=[_item(k, e) for k, e in items_new.items() if k not in items_old],
        items_removed=[_item(k, e) for k, e in items_old.items() if k not in items_new],
        overdue=overdue, status=status,
    )
