"""Progress and supervision: each item's status, what rows report on, what corrections changed.

* :func:`item_statuses` — every item with a status: 已完成 ``completed``, 序时推进 ``on_track``,
  滞后 ``behind``, 未启动 ``not_started``, the rule that read it (:mod:`dutygraph.importers.facts.progress`)
  and the words it found, the as-of date, and the report it came from (the item's own
  progress, a row of another plan reporting on it — ``via`` — or a correction).
* :func:`references` — every 来源 of every row: the document number (carried down from the rows
  above when the row gives only 第19项), the item number, and the item it names when that
  plan is imported too; ``unresolved=True`` keeps those whose plan or item is not there.
* :func:`corrections_applied` — what a corrections file changed, item by item, with its line.

>>> from dutygraph.importers.read import parse
>>> from dutygraph.graph.convert import to_networkx
>>> table = ("某市教育局2022年1-6月工作进展情况\\n序号\\t来源\\t工作内容\\t责任单位\\t进展情况\\n"
...          "1\\t（某政发〔2022〕1号）第3项\\t新建学校\\t基教科\\t已全部完成。\\n"
...          "2\\t第5项\\t培训教师\\t人事科\\t进度滞后。\\n")
>>> G = to_networkx(parse(table))
>>> [(r.ref, r.status, r.rule, str(r.as_of)) for r in item_statuses(G)]
[('1', 'completed', 'completion_stated', '2022-06-30'), ('2', 'behind', 'delay_stated', '2022-06-30')]
>>> [(r.doc_number, r.item_number, r.carried, r.resolved) for r in references(G, unresolved=True)]
[('某政发〔2022〕1号', '3', False, False), ('某政发〔2022〕1号', '5', True, False)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from dutygraph.queries.scope import cite, display_ref, scope_plans, scoped_items, source_line

__all__ = ["CorrectionRow", "ReferenceRow", "StatusRow", "corrections_applied", "item_statuses", "references"]


@dataclass(frozen=True)
class StatusRow:
    """An item's status, the rule and words behind it, and the report it came from."""

    ref: str
    plan: str
    title: str
    status: str
    rule: str | None
    evidence: str | None
    as_of: dt.date | None
    reported: str
    via: str | None
    item: str


@dataclass(frozen=True)
class ReferenceRow:
    """A row's 来源 and the item it names (``target``: ``ref@file:line``), if that is imported."""

    ref: str
    plan: str
    text: str
    doc_number: str | None
    item_number: str | None
    carried: bool
    resolved: bool
    target: str | None
    source: str
    item: str


@dataclass(frozen=True)
class CorrectionRow:
    """One applied correction: the item, what changed, and the corrections file's line."""

    ref: str
    plan: str
    op: str
    before: str | None
    after: str | None
    correction: str
    item: str


def _plan(G: nx.MultiDiGraph, item: str) -> str:
    return G.nodes[G.nodes[item]["plan"]]["source"]["name"]


def item_statuses(G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None) -> list[StatusRow]:
    """Every item in scope that has a status, in reading order."""
    rows = []
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        node = G.nodes[item]
        source = node.get("status_from")
        if node.get("status") is None or source not in G:
            continue
        progress = G.nodes[source]
        owner = progress.get("item")
        via = cite(G, owner) if owner and owner != item and owner in G else None
        rows.append(StatusRow(
            ref=display_ref(G, item), plan=_plan(G, item), title=node["title"], status=node["status"],
            rule=progress.get("status_rule"), evidence=progress.get("status_evidence"), as_of=progress.get("as_of"),
            reported=source_line(progress), via=via, item=item,
        ))
    return rows


def references(
    G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None, unresolved: bool = False
) -> list[ReferenceRow]:
    """Every 来源 of the items in scope, in reading order; only unresolved ones with ``unresolved``."""
    rows = []
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        node = G.nodes[item]
        for ref in node.get("reports_on", ()):
            target = ref.get("target")
            resolved = target in G
            if unresolved and resolved:
                continue
            rows.append(ReferenceRow(
                ref=display_ref(G, item), plan=_plan(G, item), text=ref["text"], doc_number=ref.get("doc_number"),
                item_number=ref.get("item"), carried=ref.get("carried", False), resolved=resolved,
                target=cite(G, target) if resolved else None, source=source_line(node), item=item,
            ))
    return rows


def corrections_applied(G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None) -> list[CorrectionRow]:
    """Every correction applied to the items in scope, in reading order."""
    rows = []
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        for c in G.nodes[item].get("corrections", ()):
            rows.append(CorrectionRow(display_ref(G, item), _plan(G, item), c["op"], c.get("before"), c.get("after"),
                                      f"{c['file']}:{c['line']}", item))
    return rows

