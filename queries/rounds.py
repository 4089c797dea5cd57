"""Rounds of progress: successive reports on one plan, each item's status history, and who 漏报.

A 督查督办 office collects a progress report on a plan every month or quarter (月报, 季报,
``1-9月份进展情况``). Each report is a **round**, dated by its as-of date (a report without one
comes first). A report's row is matched to the plan item it reports on by its 来源 as
:mod:`dutygraph.ontology.links` does (the plan's document number and the item's number); when
that plan was not read, rows naming the same document number and item number are one item all
the same. Over the rounds:

* an item's **history** is its status in each round (None where no row reported on it; an item
  of a plan that was read is tracked even when no round reported on it); it
  **changed** in a round when its status differs from the round before it that reported it;
  it is **lagging** for N rounds when its last N reports were 滞后 or 未启动;
* per office (the item's lead offices; the row's own offices when the plan was not read) and
  round: the items **reported**, those **not reported** (漏报: the office's items without a row
  that round, unless an earlier round reported them completed), the items whose status
  **changed**, and the items lagging, with for how many rounds.

>>> import pathlib, tempfile
>>> from dutygraph.importers.reading import read
>>> from dutygraph.graph.convert import to_networkx
>>> folder, head = pathlib.Path(tempfile.mkdtemp()), "序号\\t来源\\t工作内容\\t责任单位\\t进展情况\\n"
>>> for name, period, said in (("q1", "1-3", "进度滞后。"), ("q2", "1-6", "仍然滞后。")):
...     _ = (folder / f"{name}.tsv").write_text(f"某县2023年{period}月进展情况\\n{head}"
...                                             f"1\\t（某政发〔2023〕1号）第1项\\t建学校\\t基建科\\t{said}\\n")
>>> G = to_networkx(read([folder]).whole())
>>> found = rounds(G)
>>> [(r.number, str(r.as_of)) for r in found.rounds]
[(1, '2023-03-31'), (2, '2023-06-30')]
>>> [(h.place, h.statuses, h.lagging) for h in found.items]
[('第1项', ('behind', 'behind'), 2)]
>>> [(o.office, o.round, o.reported_items, o.missing, o.lagging) for o in found.offices]
[('基建科', 1, 1, (), (('第1项', 1),)), ('基建科', 2, 1, (), (('第1项', 2),))]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.refs import human_ref
from dutygraph.queries.scope import (
    ItemParty,
    item_parties,
    party_label,
    related,
    scope_plans,
    scoped_items,
    source_line,
    top_item,
)

__all__ = ["ItemHistory", "OfficeRound", "Round", "Rounds", "rounds"]

LAGGING = ("behind", "not_started")
"""The statuses that count as lagging (滞后, 未启动)."""


@dataclass(frozen=True)
class Round:
    """One progress report on the plan: its place in the order, its as-of date, title and file."""

    number: int
    plan: str
    """What the rounds report on: the plan's title, or its document number when it was not read."""
    report: str
    as_of: dt.date | None
    source: str
    rows: int


@dataclass(frozen=True)
class ItemHistory:
    """An item across the rounds: its status in each (None: not reported) and where it was said."""

    plan: str
    place: str
    title: str
    offices: tuple[str, ...]
    statuses: tuple[str | None, ...]
    changed: tuple[bool, ...]
    lagging: int
    """For how many of its last reports in a row the item was 滞后 or 未启动 (0: it is not lagging)."""
    sources: tuple[str | None, ...]
    item: str


@dataclass(frozen=True)
class OfficeRound:
    """An office in one round: how many of its items were reported, which were not (漏报),
    which changed status, and which lag (with the number of rounds)."""

    office: str
    issuer: str
    plan: str
    round: int
    as_of: dt.date | None
    items: int
    reported_items: int
    missing: tuple[str, ...]
    changed: tuple[str, ...]
    lagging: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Rounds:
    """The rounds of every plan reported on, the items' histories and the offices' rounds."""

    rounds: tuple[Round, ...] = ()
    items: tuple[ItemHistory, ...] = ()
    offices: tuple[OfficeRound, ...] = ()


@dataclass
class _Tracked:
    key: str
    plan: str
    place: str
    title: str
    offices: list[tuple[str, str]]
    rows: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    """Report plan id → (status, file:line) of its row on the item."""


def _row_status(G: nx.MultiDiGraph, row: str) -> str | None:
    """The status a row itself reports: its latest dated progress with a status."""
    rated = [G.nodes[p] for p in related(G, row, Relation.HAS_PROGRESS) if G.nodes[p].get("status")]
    if not rated:
        return None
    return max(rated, key=lambda p: p.get("as_of") or dt.date.min)["status"]


def _as_of(G: nx.MultiDiGraph, rows: list[str]) -> dt.date | None:
    dates = [G.nodes[p].get("as_of") for r in rows for p in related(G, r, Relation.HAS_PROGRESS)]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _leads(G: nx.MultiDiGraph, pairs: dict[tuple[str, str], ItemParty], item: str) -> list[tuple[str, str]]:
    leads = [party_label(G, p) for (p, top), pair in pairs.items() if top == item and pair.role == "lead"]
    return leads or [party_label(G, p) for (p, top) in pairs if top == item]


def rounds(G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None) -> Rounds:
    """The rounds of progress in scope (the reports; ``plan``/``issuer`` select them), each
    plan's rounds in as-of order, the history of every item reported on, and each office's rounds."""
    reports = scope_plans(G, plan, issuer)
    every_pair = item_parties(G)
    tracked: dict[str, _Tracked] = {}
    by_report: dict[str, list[str]] = defaultdict(list)
    for row in (n for n, d in G.nodes(data=True) if d.get("type") == NodeKind.ITEM and d.get("plan") in reports):
        node = G.nodes[row]
        ref = next((r for r in node.get("reports_on", ()) if r.get("item")), None)
        if ref is None:
            continue
        target = ref.get("target")
        if target in G and target != row:
            top = top_item(G, target)
            key, tplan = top, G.nodes[G.nodes[top]["plan"]]["title"]
            entry = tracked.get(key) or _Tracked(key, tplan, human_ref(G, top), G.nodes[top]["title"],
                                                 _leads(G, every_pair, top))
        else:
            key, tplan = f"{ref.get('doc_number') or '?'}#{ref['item']}", ref.get("doc_number") or "?"
            entry = tracked.get(key) or _Tracked(key, tplan, f"第{ref['item']}项", node["title"],
                                                 _leads(G, every_pair, top_item(G, row)))
        tracked[key] = entry
        report = node["plan"]
        if report not in entry.rows:
            entry.rows[report] = (_row_status(G, row), source_line(node))
            by_report[report].append(row)
    read_plans = {G.nodes[k]["plan"] for k in tracked if k in G}
    for item in scoped_items(G, read_plans):  # an item no round reported on: 漏报 in every round
        if top_item(G, item) == item and item not in tracked and not G.nodes[item].get("parent"):
            tracked[item] = _Tracked(item, G.nodes[G.nodes[item]["plan"]]["title"], human_ref(G, item),
                                     G.nodes[item]["title"], _leads(G, every_pair, item))
    order = {n: i for i, n in enumerate(G.nodes)}
    tracked = dict(sorted(tracked.items(), key=lambda kv: order.get(kv[0], len(order))))
    plans: dict[str, list[str]] = defaultdict(list)  # the plan reported on → its reports
    for entry in sorted(tracked.values(), key=lambda e: min((order.get(r, 0) for r in e.rows), default=len(order))):
        for report in entry.rows:
            if report not in plans[entry.plan]:
                plans[entry.plan].append(report)
    all_rounds: list[Round] = []
    histories: dict[str, ItemHistory] = {}
    offices: list[OfficeRound] = []
    for tplan, its_reports in plans.items():
        dated = sorted(its_reports, key=lambda r: (_as_of(G, by_report[r]) or dt.date.min,
                                                   G.nodes[r]["source"]["name"]))
        these = [Round(n, tplan, G.nodes[r]["title"], _as_of(G, by_report[r]), G.nodes[r]["source"]["name"],
                       len(by_report[r])) for n, r in enumerate(dated, 1)]
        all_rounds.extend(these)
        items = [e for e in tracked.values() if e.plan == tplan]
        for e in items:
            histories[e.key] = _history(e, dated)
        offices.extend(_offices(tplan, these, items, histories))
    return Rounds(tuple(all_rounds), tuple(histories.values()), tuple(offices))


def _history(entry: _Tracked, reports: list[str]) -> ItemHistory:
    statuses = tuple(entry.rows.get(r, (None, None))[0] for r in reports)
    sources = tuple(entry.rows.get(r, (None, None))[1] for r in reports)
    changed, last = [], None
    for status in statuses:
        changed.append(status is not None and last is not None and status != last)
        last = status if status is not None else last
    reported = [s for s in statuses if s is not None]
    lagging = 0
    for status in reversed(reported):
        if status not in LAGGING:
            break
        lagging += 1
    return ItemHistory(entry.plan, entry.place, entry.title, tuple(n for n, _ in entry.offices), statuses,
                       tuple(changed), lagging, sources, entry.key)


def _offices(tplan: str, these: list[Round], items: list[_Tracked],
             histories: dict[str, ItemHistory]) -> list[OfficeRound]:
    owners: dict[tuple[str, str], list[_Tracked]] = defaultdict(list)
    for e in items:
        for office in e.offices:
            owners[office].append(e)
    out = []
    for (office, issuer), mine in owners.items():
        for n, round_ in enumerate(these):
            reported, missing, changed, lagging = 0, [], [], []
            for e in mine:
                h = histories[e.key]
                done_before = "completed" in h.statuses[:n]
                if h.statuses[n] is None:
                    if not done_before:
                        missing.append(e.place)
                    continue
                reported += 1
                if h.changed[n]:
                    changed.append(e.place)
                run = 0
                for status in reversed([s for s in h.statuses[: n + 1] if s is not None]):
                    if status not in LAGGING:
                        break
                    run += 1
                if run:
                    lagging.append((e.place, run))
            out.append(OfficeRound(office, issuer, tplan, round_.number, round_.as_of, len(mine), reported,
                                   tuple(missing), tuple(changed), tuple(lagging)))
    return out
